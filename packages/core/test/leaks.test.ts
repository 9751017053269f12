import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, LogLevel, Option, Stream, Supervisor, TestClock } from "effect"
import { InMemoryTransport } from "../src/index.js"
import { captureLogs, generous, joinNow, linesWith, memory, sessionOn, settle } from "./support.js"

describe("after a session's scope closes", generous, () => {
  it.scoped.each(["destroy", "abandon"] as const)(
    "(onClose %s) its fibers are done, its streams ended, and nothing more is sent",
    (onClose) =>
      Effect.gen(function* () {
        const { server, transport } = yield* memory()
        const fake = InMemoryTransport.fakeJanus()
        // After the first two keep-alives the server answers none: the third beat is in flight when the scope closes.
        let answerKeepAlives = true
        yield* server.serve((request) =>
          request.janus === "keepalive" && !answerKeepAlives ? Effect.succeed([]) : fake(request)
        )
        const tracker = yield* Supervisor.track
        const { live, readers } = yield* Effect.gen(function* () {
          // Only the session's own fibers are tracked (not the test's readers, nor the TestClock's).
          const { handle, session } = yield* Effect.gen(function* () {
            const session = yield* sessionOn(transport, { keepAlive: "10 seconds", onClose })
            const handle = yield* session.attach("janus.plugin.echotest")
            yield* handle.message({ audio: true })
            return { handle, session }
          }).pipe(Effect.supervised(tracker))
          const readers = [
            yield* Effect.fork(Stream.runDrain(session.events)),
            yield* Effect.fork(Stream.runDrain(handle.events))
          ]
          yield* TestClock.adjust("25 seconds")
          answerKeepAlives = false
          yield* TestClock.adjust("10 seconds")
          // The beat in flight (frames reach the session without a pump fiber; no fiber waits between beats).
          return { live: (yield* tracker.value).length, readers }
        }).pipe(Effect.scoped)
        expect(live).toBeGreaterThanOrEqual(1)
        yield* settle
        expect(yield* tracker.value).toEqual([])
        for (const reader of readers) {
          expect(Option.isSome(yield* Fiber.poll(reader))).toBe(true)
        }

        const sent = (yield* server.requests).map((r) => r.janus)
        expect(sent.filter((j) => j === "keepalive")).toHaveLength(3)
        expect(sent.at(-1)).toBe(onClose === "destroy" ? "destroy" : "keepalive")
        yield* TestClock.adjust("10 minutes")
        expect((yield* server.requests).length).toBe(sent.length)
      })
  )

  it.scoped("a handle's events end when its scope closes without a detach, while the session lives on", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const session = yield* sessionOn(transport, { keepAlive: false })
      const reader = yield* Effect.gen(function* () {
        const handle = yield* session.attach("janus.plugin.echotest", { onClose: "abandon" })
        const reader = yield* Effect.fork(Stream.runCollect(handle.events))
        yield* settle
        return reader
      }).pipe(Effect.scoped)
      yield* settle
      expect(Option.isSome(yield* Fiber.poll(reader))).toBe(true)
      expect((yield* server.requests).map((r) => r.janus)).toEqual(["create", "attach"])
    })
  )

  it.scoped.each(["destroy", "abandon"] as const)(
    "(onClose %s) the transport's mailbox of the session is released",
    (onClose) => {
      const logs = captureLogs(LogLevel.Debug)
      return Effect.gen(function* () {
        const { server, transport } = yield* memory()
        yield* server.serve(InMemoryTransport.fakeJanus())
        const dropped = () => linesWith(logs.entries, "DEBUG", "session without a listener dropped").length
        const id = yield* Effect.gen(function* () {
          const session = yield* sessionOn(transport, { keepAlive: false, onClose })
          const seen = yield* session.events.pipe(Stream.take(1), Stream.runCollect, Effect.fork)
          yield* settle
          yield* server.push({ janus: "webrtcup", session_id: session.id, sender: 5 })
          expect([...(yield* joinNow(seen))]).toEqual([{ janus: "webrtcup", session_id: session.id, sender: 5 }])
          expect(dropped()).toBe(0)
          return session.id
        }).pipe(Effect.scoped)
        yield* settle
        yield* server.push({ janus: "webrtcup", session_id: id, sender: 5 })
        expect(dropped()).toBe(1)
        // A later reader of the same id starts afresh: it gets what arrives from then on, not old messages.
        const fresh = yield* transport.sessionEvents(id).pipe(Stream.take(1), Stream.runCollect, Effect.fork)
        yield* settle
        yield* server.push({ janus: "hangup", session_id: id, sender: 5 })
        expect([...(yield* joinNow(fresh))].map((m) => m.janus)).toEqual(["hangup"])
      }).pipe(Effect.provide(logs.layer))
    }
  )
})
