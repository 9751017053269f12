import { describe, expect, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Fiber, FastCheck as fc, LogLevel, Option, Stream, TestClock } from "effect"
import { Ids, SessionClosedError, TransportError } from "../src/index.js"
import {
  attachHandle,
  awaitNow,
  captureLogs,
  errorOf,
  expectRequest,
  generous,
  joinNow,
  linesWith,
  memory,
  openSession,
  runs,
  settle
} from "./support.js"

describe("request timeout", generous, () => {
  it.scoped.prop(
    "an unanswered request fails with TransportError timeout after the configured timeout, not before",
    { millis: fc.integer({ min: 1, max: 120_000 }) },
    ({ millis }) =>
      Effect.gen(function* () {
        const { server, transport } = yield* memory({ requestTimeout: Duration.millis(millis) })
        const fiber = yield* Effect.fork(transport.send({ janus: "info" }))
        yield* expectRequest(server, "info")
        yield* TestClock.adjust(Duration.millis(millis - 1))
        expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
        yield* TestClock.adjust(Duration.millis(1))
        const error = errorOf(yield* awaitNow(fiber))
        expect(error).toBeInstanceOf(TransportError)
        expect(error).toMatchObject({ reason: "timeout" })
        // The transport is still usable after a timeout.
        const next = yield* Effect.fork(transport.send({ janus: "ping" }))
        const ping = yield* expectRequest(server, "ping")
        yield* server.push({ janus: "pong", transaction: ping.transaction })
        expect(yield* joinNow(next)).toEqual({ janus: "pong", transaction: ping.transaction })
      }),
    runs(30)
  )

  it.scoped("a per-request timeout overrides the transport's; a late reply is dropped", () => {
    const logs = captureLogs()
    return Effect.gen(function* () {
      const { server, transport } = yield* memory({ requestTimeout: "10 seconds" })
      const short = yield* Effect.fork(transport.send({ janus: "info" }, { timeout: "2 seconds" }))
      const long = yield* Effect.fork(transport.send({ janus: "ping" }, { timeout: "1 minute" }))
      const info = yield* expectRequest(server, "info")
      const ping = yield* expectRequest(server, "ping")
      yield* TestClock.adjust("1999 millis")
      expect(Option.isNone(yield* Fiber.poll(short))).toBe(true)
      yield* TestClock.adjust("1 millis")
      expect(errorOf(yield* awaitNow(short))).toMatchObject({ _tag: "TransportError", reason: "timeout" })
      yield* server.push({ janus: "server_info", transaction: info.transaction })
      expect(linesWith(logs.entries, "WARN", "unknown transaction")).toHaveLength(1)
      yield* TestClock.adjust("57 seconds")
      expect(Option.isNone(yield* Fiber.poll(long))).toBe(true)
      yield* server.push({ janus: "pong", transaction: ping.transaction })
      expect(yield* joinNow(long)).toEqual({ janus: "pong", transaction: ping.transaction })
    }).pipe(Effect.provide(logs.layer))
  })
})

describe("an interrupted request", generous, () => {
  it.scoped("its reply, when it comes, is dropped without a warning; any other unknown reply still warns", () => {
    const logs = captureLogs(LogLevel.Debug)
    return Effect.gen(function* () {
      const { server, transport } = yield* memory()
      const sent = yield* Effect.fork(transport.send({ janus: "info" }))
      const info = yield* expectRequest(server, "info")
      // The frame went out; the caller gives up (a closing scope, its own timeout).
      yield* Fiber.interrupt(sent)
      yield* server.push({ janus: "server_info", transaction: info.transaction })
      expect(linesWith(logs.entries, "WARN", "unknown transaction")).toHaveLength(0)
      expect(linesWith(logs.entries, "DEBUG", "reply to an interrupted request dropped")).toHaveLength(1)
      // Expected once: the same transaction again, or one never sent, is unknown.
      yield* server.push({ janus: "server_info", transaction: info.transaction })
      yield* server.push({ janus: "server_info", transaction: "never-sent" })
      expect(linesWith(logs.entries, "WARN", "unknown transaction")).toHaveLength(2)
    }).pipe(Effect.provide(logs.layer))
  })
})

describe("a dropped connection", generous, () => {
  it.scoped.prop(
    "fails every pending request at once with closed; later sends fail at once; sessions see connection-lost",
    { pendingCount: fc.integer({ min: 1, max: 20 }) },
    ({ pendingCount }) =>
      Effect.gen(function* () {
        const mem = yield* memory()
        const { server, transport } = mem
        const session = yield* openSession(mem, 5, { keepAlive: "10 seconds" })
        const handle = yield* attachHandle(mem, session, 6, "janus.plugin.echotest")
        const sessionEvents = yield* session.events.pipe(Stream.runCollect, Effect.fork)
        const handleEvents = yield* handle.events.pipe(Stream.runCollect, Effect.fork)
        const changes = yield* transport.connection.changes.pipe(
          Stream.takeUntil((state) => state._tag === "Closed"),
          Stream.runCollect,
          Effect.fork
        )
        const pending = yield* Effect.forEach(
          Array.from({ length: pendingCount }, (_, i) => i + 1),
          (i) => Effect.fork(transport.send({ janus: "keepalive", session_id: Ids.sessionId(100 + i) })),
          { concurrency: "unbounded" }
        )
        for (let i = 0; i < pendingCount; i++) yield* expectRequest(server, "keepalive")
        yield* settle
        expect((yield* transport.connection.get)._tag).toBe("Connected")

        yield* server.drop
        yield* settle // no clock movement: "at once"
        for (const fiber of pending) {
          const exit = yield* Fiber.poll(fiber)
          expect(Option.isSome(exit)).toBe(true)
          expect(errorOf(Option.getOrThrow(exit))).toMatchObject({ _tag: "TransportError", reason: "closed" })
        }
        expect((yield* transport.connection.get)._tag).toBe("Closed")
        expect(Chunk.toReadonlyArray(yield* joinNow(changes)).at(-1)?._tag).toBe("Closed")

        // Later sends fail without waiting, and nothing reaches the server.
        const before = (yield* server.requests).length
        const later = yield* Effect.exit(transport.send({ janus: "ping" }))
        expect(errorOf(later)).toMatchObject({ _tag: "TransportError", reason: "closed" })
        expect((yield* server.requests).length).toBe(before)

        const lost = { _tag: "SessionClosedError", reason: "connection-lost", sessionId: 5 }
        expect(errorOf(yield* awaitNow(sessionEvents))).toMatchObject(lost)
        expect(errorOf(yield* awaitNow(handleEvents))).toMatchObject(lost)
        expect(yield* session.awaitClosed).toMatchObject(lost)
        const direct = yield* Effect.exit(Stream.runCollect(transport.sessionEvents(Ids.sessionId(5))))
        expect(errorOf(direct)).toBeInstanceOf(SessionClosedError)
        expect(errorOf(direct)).toMatchObject(lost)
        expect(errorOf(yield* Effect.exit(handle.message({ after: "drop" })))).toMatchObject(lost)

        // The keep-alive stopped with the connection.
        yield* TestClock.adjust("1 minute")
        expect((yield* server.requests).length).toBe(before)
      }),
    runs(20)
  )
})
