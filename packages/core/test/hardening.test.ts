import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, FastCheck as fc, Scope, Stream } from "effect"
import { TransportError } from "../src/index.js"
import {
  attachHandle,
  awaitNow,
  errorOf,
  generous,
  joinNow,
  openSession,
  runs,
  scripted,
  sessionOn,
  settle
} from "./support.js"

/** Numbers that are no Janus id: zero, negative, fractional or beyond the safe-integer range. */
const badIdArb = fc.oneof(
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((n) => !Number.isInteger(n)),
  fc.constantFrom(2 ** 53, 2 ** 60, Number.NaN)
)

describe("bad input gets a typed error and loses nothing", generous, () => {
  it.scoped.prop(
    "claiming an id that is no Janus id fails with SessionReclaimError 458 and sends nothing",
    { badId: badIdArb },
    ({ badId }) =>
      scripted((mem) =>
        Effect.gen(function* () {
          const exit = yield* Effect.exit(sessionOn(mem.transport, { sessionId: badId }))
          expect(Exit.isFailure(exit)).toBe(true)
          expect(errorOf(exit)).toMatchObject({ _tag: "SessionReclaimError", code: 458 })
          expect(yield* mem.server.requests).toEqual([])
        })
      ),
    runs(30)
  )

  it.scoped("a malformed reply naming a pending request fails that request with decode at once", () =>
    scripted((mem) =>
      Effect.gen(function* () {
        const pending = yield* Effect.fork(mem.transport.send({ janus: "info" }))
        const request = yield* mem.server.takeRequest
        // `success` must carry a string transaction and no junk in typed fields: `data.id` as a string is malformed.
        yield* mem.server.push({ janus: "success", transaction: request.transaction, data: { id: "nope" } })
        const exit = yield* awaitNow(pending)
        expect(errorOf(exit)).toBeInstanceOf(TransportError)
        expect(errorOf(exit)).toMatchObject({ reason: "decode" })
        // The connection is still usable.
        const next = yield* Effect.fork(mem.transport.send({ janus: "ping" }))
        const ping = yield* mem.server.takeRequest
        yield* mem.server.push({ janus: "pong", transaction: ping.transaction })
        expect(yield* joinNow(next)).toMatchObject({ janus: "pong" })
      })
    )
  )

  it.scoped("a malformed event never fails the request waiting for its ack", () =>
    scripted((mem) =>
      Effect.gen(function* () {
        const session = yield* openSession(mem, 7, { keepAlive: false })
        const handle = yield* attachHandle(mem, session, 8, "janus.plugin.echotest")
        const message = yield* Effect.fork(handle.message({ audio: true }))
        const request = yield* mem.server.takeRequest
        // An `event` without plugindata is malformed; it is logged and dropped, the ack and event still count.
        yield* mem.server.push({ janus: "event", session_id: 7, sender: 8, transaction: request.transaction })
        yield* mem.server.push({ janus: "ack", session_id: 7, transaction: request.transaction })
        yield* mem.server.push({
          janus: "event",
          session_id: 7,
          sender: 8,
          transaction: request.transaction,
          plugindata: { plugin: "janus.plugin.echotest", data: { result: "ok" } }
        })
        expect((yield* joinNow(message)).data).toEqual({ result: "ok" })
      })
    )
  )

  it.scoped("running handle.events after the handle's scope released it ends at once", () =>
    scripted((mem) =>
      Effect.gen(function* () {
        const session = yield* openSession(mem, 7, { keepAlive: false })
        const scope = yield* Scope.make()
        const handle = yield* session
          .reattach("janus.plugin.echotest", 9, { onClose: "abandon" })
          .pipe(Scope.extend(scope))
        yield* Scope.close(scope, Exit.void)
        yield* settle
        const fiber = yield* Effect.fork(Stream.runCollect(handle.events))
        const collected = yield* joinNow(fiber)
        expect([...collected]).toEqual([])
      })
    )
  )

  it.scoped("handle.subscribe listens from the moment it returns: an event pushed before the stream runs is seen", () =>
    scripted((mem) =>
      Effect.gen(function* () {
        const session = yield* openSession(mem, 7, { keepAlive: false })
        const handle = yield* attachHandle(mem, session, 8, "janus.plugin.sip")
        const events = yield* handle.subscribe
        const event = {
          janus: "event",
          session_id: 7,
          sender: 8,
          plugindata: { plugin: "janus.plugin.sip", data: { sip: "event", result: { event: "registered" } } }
        }
        yield* mem.server.push(event)
        yield* mem.server.push({ janus: "webrtcup", session_id: 7, sender: 8 })
        const seen = yield* events.pipe(Stream.take(2), Stream.runCollect, Effect.fork)
        expect([...(yield* joinNow(seen))].map((m) => m.janus)).toEqual(["event", "webrtcup"])
      })
    )
  )
})
