import { describe, expect, layer } from "@effect/vitest"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect, Fiber, Option, Stream } from "effect"
import { echo, sessionOn } from "./conformance/support.js"
import { countedTransport } from "./support.js"

// One slow test on its own (it runs in parallel with the other files): Janus holds an idle long poll for 30 s.
describe("HTTP long poll held by a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer({ sessionTimeout: 5 }), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped(
      "an idle poll answered keepalive after 30 s is skipped, polling goes on, and POST keep-alives keep the session",
      () =>
        Effect.gen(function* () {
          const janus = yield* JanusServer.JanusServer
          const { polls, transport } = yield* countedTransport({ url: janus.httpUrl })
          // session_timeout is 5 s: only the POST keep-alives keep the session alive through the 30 s hold.
          const session = yield* sessionOn(transport, { keepAlive: "2 seconds" })
          const first = yield* session.events.pipe(
            Stream.map((message) => message.janus),
            Stream.take(1),
            Stream.runCollect,
            Effect.fork
          )
          yield* Effect.sleep("32 seconds")
          // The first poll came back (with `{"janus":"keepalive"}`: nothing was queued) and the next one is pending.
          expect(yield* polls.started).toBe(2)
          expect(yield* polls.inFlight).toBe(1)
          // The keepalive answer emitted nothing and did not end the stream.
          expect(Option.isNone(yield* Fiber.poll(first))).toBe(true)
          const handle = yield* session.attach("janus.plugin.echotest")
          expect(yield* echo(handle)).toMatchObject({ result: "ok" })
          expect([...(yield* Fiber.join(first))]).toEqual(["event"])
        }),
      { timeout: 50_000 }
    )
  })
})
