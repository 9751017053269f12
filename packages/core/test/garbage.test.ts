import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, FastCheck as fc, LogLevel, Option, Stream } from "effect"
import { Protocol, TransportError } from "../src/index.js"
import { garbage, nonJson, notJanus } from "./arbitraries.js"
import {
  awaitNow,
  captureLogs,
  decodeWarnings,
  expectRequest,
  generous,
  joinNow,
  memory,
  openSession,
  runs,
  scripted,
  settle
} from "./support.js"

describe("garbage frames", generous, () => {
  it.scoped.prop(
    "never throw, never kill the connection, never resolve a pending request or reach a session",
    // Session 7 is open; garbage async messages name sessions from 8 on.
    { frames: fc.array(garbage(8), { minLength: 1, maxLength: 30 }) },
    ({ frames }) => {
      const logs = captureLogs(LogLevel.Debug)
      return scripted((mem) =>
        Effect.gen(function* () {
          const session = yield* openSession(mem, 7, { keepAlive: false })
          const events = yield* session.events.pipe(Stream.runCollect, Effect.fork)
          const pending = yield* Effect.fork(mem.transport.send({ janus: "info" }))
          const info = yield* expectRequest(mem.server, "info")
          yield* settle

          for (const { frame } of frames) {
            expect(Exit.isSuccess(yield* Effect.exit(mem.server.push(frame)))).toBe(true)
          }
          yield* settle
          expect(Option.isNone(yield* Fiber.poll(pending))).toBe(true)
          expect((yield* mem.transport.connection.get)._tag).toBe("Connected")
          expect(Option.isNone(yield* Fiber.poll(events))).toBe(true)

          const undecodable = frames.filter((g) => g.kind === "non-json" || g.kind === "not-janus").length
          expect(decodeWarnings(logs.entries).length).toBe(undecodable)

          // The pending request still gets its own answer; the session still gets its own messages.
          yield* mem.server.push({ janus: "server_info", transaction: info.transaction, name: "after garbage" })
          expect(yield* joinNow(pending)).toMatchObject({ janus: "server_info", name: "after garbage" })
          yield* mem.server.push({ janus: "timeout", session_id: 7 })
          const exit = yield* awaitNow(events)
          expect(exit).toEqual(Exit.fail(expect.objectContaining({ _tag: "SessionClosedError", reason: "timeout" })))
        })
      ).pipe(Effect.provide(logs.layer))
    },
    runs(50)
  )

  it.scoped.prop(
    "each undecodable frame is logged as one warning with a TransportError decode",
    { frame: fc.oneof(nonJson, notJanus) },
    ({ frame }) => {
      const logs = captureLogs()
      return Effect.gen(function* () {
        const { server } = yield* memory()
        yield* server.push(frame)
        const warnings = decodeWarnings(logs.entries)
        expect(warnings).toHaveLength(1)
        expect(logs.entries).toHaveLength(1)
        const error = warnings[0]!.parts.find((part) => part instanceof TransportError)
        expect(error).toMatchObject({ _tag: "TransportError", reason: "decode" })
        // The JSON that did parse is rejected by the schema, not by the parser.
        const parses = (() => {
          try {
            JSON.parse(frame)
            return true
          } catch {
            return false
          }
        })()
        expect((error as TransportError).message).toBe(
          parses ? "frame does not match the Janus protocol" : "frame is not JSON"
        )
      }).pipe(Effect.provide(logs.layer))
    },
    runs(100)
  )

  it.scoped("a reply that decodes as a Janus message but names no pending transaction is only logged", () => {
    const logs = captureLogs()
    return Effect.gen(function* () {
      const { server, transport } = yield* memory()
      const pending = yield* Effect.fork(transport.send({ janus: "ping" }))
      const ping = yield* expectRequest(server, "ping")
      const stray = Protocol.decodeIncoming({ janus: "pong", transaction: `${ping.transaction}x` })
      expect(stray._tag).toBe("Right")
      yield* server.push({ janus: "pong", transaction: `${ping.transaction}x` })
      yield* server.push({ janus: "error", error: { code: 454, reason: "Invalid JSON" } })
      yield* settle
      expect(Option.isNone(yield* Fiber.poll(pending))).toBe(true)
      expect(logs.entries.map((e) => [e.level, e.parts[0]])).toEqual([
        ["WARN", "effect-janus: reply for an unknown transaction dropped"],
        ["WARN", "effect-janus: reply for an unknown transaction dropped"]
      ])
      yield* server.push({ janus: "pong", transaction: ping.transaction })
      expect(yield* joinNow(pending)).toEqual({ janus: "pong", transaction: ping.transaction })
    }).pipe(Effect.provide(logs.layer))
  })
})
