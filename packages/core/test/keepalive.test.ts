import { describe, expect, it } from "@effect/vitest"
import { type Duration, Effect, Exit, Fiber, FastCheck as fc, Option, Stream, TestClock } from "effect"
import { InMemoryTransport, SessionClosedError } from "../src/index.js"
import {
  awaitNow,
  captureLogs,
  errorOf,
  expectRequest,
  generous,
  joinNow,
  lenient,
  linesWith,
  memory,
  openSession,
  runs,
  scripted,
  sessionOn,
  settle
} from "./support.js"

const keepalives = (server: InMemoryTransport.InMemoryServer) =>
  Effect.map(server.requests, (requests) => requests.filter((r) => r.janus === "keepalive"))

describe("keep-alive", generous, () => {
  it.scoped.prop(
    "every 10 s: none before 10 s, exactly k after k × 10 s, for the session's id",
    { k: fc.integer({ min: 1, max: 12 }) },
    ({ k }) =>
      Effect.gen(function* () {
        const { server, transport } = yield* memory()
        yield* server.serve(InMemoryTransport.fakeJanus())
        const session = yield* sessionOn(transport, { keepAlive: "10 seconds" })
        yield* TestClock.adjust("9999 millis")
        expect(yield* keepalives(server)).toHaveLength(0)
        yield* TestClock.adjust(`${k * 10_000 - 9999} millis`)
        const sent = yield* keepalives(server)
        expect(sent).toHaveLength(k)
        expect(sent.every((r) => r.janus === "keepalive" && r.session_id === session.id)).toBe(true)
        yield* TestClock.adjust("9999 millis")
        expect(yield* keepalives(server)).toHaveLength(k)
      }),
    runs(12)
  )

  it.scoped.prop(
    "a zero interval (0, negative, NaN) sends no keep-alive, as false does, and the session works",
    { interval: fc.constantFrom<Duration.DurationInput>(0, -1, -25_000, Number.NaN, "0 seconds") },
    ({ interval }) =>
      Effect.gen(function* () {
        const { server, transport } = yield* memory()
        yield* server.serve(InMemoryTransport.fakeJanus())
        const session = yield* sessionOn(transport, { keepAlive: interval })
        for (let i = 0; i < 60; i++) yield* TestClock.adjust("1 second")
        expect(yield* keepalives(server)).toHaveLength(0)
        const handle = yield* session.attach("janus.plugin.echotest")
        expect(handle.id).toBeGreaterThan(0)
      }),
    runs(5)
  )

  it.scoped("stops when the session's scope closes", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      yield* Effect.gen(function* () {
        yield* sessionOn(transport, { keepAlive: "10 seconds" })
        yield* TestClock.adjust("30 seconds")
      }).pipe(Effect.scoped)
      expect(yield* keepalives(server)).toHaveLength(3)
      const after = (yield* server.requests).length
      yield* TestClock.adjust("10 minutes")
      expect((yield* server.requests).length).toBe(after)
      expect(yield* keepalives(server)).toHaveLength(3)
    })
  )

  it.scoped("runs again after a claim on a new transport", () =>
    Effect.gen(function* () {
      const first = yield* memory()
      yield* first.server.serve(InMemoryTransport.fakeJanus())
      const id = yield* Effect.gen(function* () {
        const session = yield* sessionOn(first.transport, { keepAlive: "10 seconds", onClose: "abandon" })
        yield* TestClock.adjust("20 seconds")
        return session.id
      }).pipe(Effect.scoped)
      expect(yield* keepalives(first.server)).toHaveLength(2)

      const second = yield* memory()
      yield* second.server.serve(lenient)
      const session = yield* sessionOn(second.transport, { sessionId: id, keepAlive: "10 seconds" })
      expect(session.claimed).toBe(true)
      yield* TestClock.adjust("9999 millis")
      expect(yield* keepalives(second.server)).toHaveLength(0)
      yield* TestClock.adjust("30001 millis")
      const sent = yield* keepalives(second.server)
      expect(sent.map((r) => r.janus === "keepalive" && r.session_id)).toEqual([id, id, id, id])
      // The abandoned session's keep-alive on the first transport stayed stopped.
      expect(yield* keepalives(first.server)).toHaveLength(2)
    })
  )

  it.scoped("keepAlive: false sends none", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      yield* sessionOn(transport, { keepAlive: false })
      yield* TestClock.adjust("1 hour")
      expect((yield* server.requests).map((r) => r.janus)).toEqual(["create"])
    })
  )

  it.scoped("a timeout message ends the events with SessionClosedError timeout and stops the keep-alive", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const session = yield* sessionOn(transport, { keepAlive: "10 seconds" })
      const handle = yield* session.attach("janus.plugin.echotest")
      const events = yield* session.events.pipe(Stream.runCollect, Effect.either, Effect.fork)
      const handleEvents = yield* handle.events.pipe(Stream.runCollect, Effect.fork)
      yield* TestClock.adjust("10 seconds")
      yield* server.push({ janus: "timeout", session_id: session.id })
      yield* settle
      const result = yield* joinNow(events)
      expect(result._tag).toBe("Left")
      expect(result._tag === "Left" && result.left).toBeInstanceOf(SessionClosedError)
      expect(result._tag === "Left" && result.left).toMatchObject({ reason: "timeout", sessionId: session.id })
      expect(errorOf(yield* awaitNow(handleEvents))).toMatchObject({ reason: "timeout" })
      expect(yield* session.awaitClosed).toMatchObject({ reason: "timeout" })

      const before = yield* keepalives(server)
      expect(before).toHaveLength(1)
      yield* TestClock.adjust("1 minute")
      expect(yield* keepalives(server)).toHaveLength(1)
      // Later requests fail at once, and a late `events` run fails the same way.
      expect(errorOf(yield* Effect.exit(handle.message({})))).toMatchObject({ reason: "timeout" })
      expect(errorOf(yield* Effect.exit(Stream.runCollect(session.events)))).toMatchObject({ reason: "timeout" })
    })
  )

  it.scoped("the timeout message is emitted before the stream fails", () =>
    scripted((mem) =>
      Effect.gen(function* () {
        const session = yield* openSession(mem, 12, { keepAlive: false })
        const seen: Array<string> = []
        const events = yield* session.events.pipe(
          Stream.runForEach((m) => Effect.sync(() => seen.push(m.janus))),
          Effect.exit,
          Effect.fork
        )
        yield* settle
        yield* mem.server.push({ janus: "webrtcup", session_id: 12, sender: 3 })
        yield* mem.server.push({ janus: "timeout", session_id: 12 })
        const exit = yield* joinNow(events)
        expect(seen).toEqual(["webrtcup", "timeout"])
        expect(Exit.isFailure(exit)).toBe(true)
        expect(errorOf(exit)).toMatchObject({ _tag: "SessionClosedError", reason: "timeout" })
      })
    )
  )

  it.scoped("a 458 reply to a keep-alive ends the session with not-found", () =>
    scripted((mem) =>
      Effect.gen(function* () {
        const session = yield* openSession(mem, 21, { keepAlive: "10 seconds" })
        const events = yield* session.events.pipe(Stream.runCollect, Effect.exit, Effect.fork)
        yield* TestClock.adjust("10 seconds")
        const keepalive = yield* expectRequest(mem.server, "keepalive")
        expect(keepalive.session_id).toBe(21)
        yield* mem.server.push({
          janus: "error",
          session_id: 21,
          transaction: keepalive.transaction,
          error: { code: 458, reason: "No such session 21" }
        })
        expect(yield* session.awaitClosed).toMatchObject({
          _tag: "SessionClosedError",
          reason: "not-found",
          sessionId: 21
        })
        expect(errorOf(yield* joinNow(events))).toMatchObject({ reason: "not-found" })
        yield* TestClock.adjust("1 minute")
        expect((yield* mem.server.requests).map((r) => r.janus)).toEqual(["create", "keepalive"])
      })
    )
  )

  it.scoped("other keep-alive errors and timeouts are logged and the keep-alive goes on", () => {
    const logs = captureLogs()
    return scripted(
      (mem) =>
        Effect.gen(function* () {
          const session = yield* openSession(mem, 22, { keepAlive: "10 seconds" })
          const closed = yield* Effect.fork(session.awaitClosed)
          yield* TestClock.adjust("10 seconds")
          const first = yield* expectRequest(mem.server, "keepalive")
          yield* mem.server.push({
            janus: "error",
            session_id: 22,
            transaction: first.transaction,
            error: { code: 490, reason: "something else" }
          })
          yield* TestClock.adjust("10 seconds")
          yield* expectRequest(mem.server, "keepalive") // never answered: times out after 3 s
          yield* TestClock.adjust("3 seconds")
          yield* TestClock.adjust("10 seconds")
          const third = yield* expectRequest(mem.server, "keepalive")
          yield* mem.server.push({ janus: "ack", session_id: 22, transaction: third.transaction })
          yield* settle
          expect(Option.isNone(yield* Fiber.poll(closed))).toBe(true)
          expect(linesWith(logs.entries, "WARN", "keepalive of session 22 refused: 490 something else")).toHaveLength(1)
          expect(linesWith(logs.entries, "WARN", "keepalive of session 22 failed: no reply")).toHaveLength(1)
        }),
      { requestTimeout: "3 seconds" }
    ).pipe(Effect.provide(logs.layer))
  })
})
