import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Stream, TestClock } from "effect"
import { InMemoryTransport, JanusTransport, Session } from "../src/index.js"

describe("smoke", () => {
  it.scoped("create, attach, message, keepalive", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* InMemoryTransport.make()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const session = yield* Session.make({ keepAlive: "10 seconds" }).pipe(Effect.provideService(JanusTransport, transport))
      expect(session.id).toBe(1)
      const handle = yield* session.attach("janus.plugin.echotest")
      const answer = yield* handle.message({ audio: true })
      expect(answer.kind).toBe("event")
      expect(answer.data).toEqual({ echo: { audio: true } })
      const events = yield* handle.events.pipe(Stream.take(1), Stream.runCollect, Effect.fork)
      yield* TestClock.adjust("25 seconds")
      const reqs = yield* server.requests
      expect(reqs.filter((r) => r.janus === "keepalive").length).toBe(2)
      yield* handle.detach
      const got = yield* Fiber.join(events)
      expect([...got].map((m) => m.janus)).toEqual(["detached"])
    })
  )
})
