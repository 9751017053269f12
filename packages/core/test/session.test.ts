import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, FastCheck as fc, Option, type Scope, Stream } from "effect"
import { Ids, InMemoryTransport, JanusApiError, SessionReclaimError } from "../src/index.js"
import {
  awaitNow,
  errorOf,
  expectRequest,
  generous,
  joinNow,
  memory,
  openSession,
  runs,
  scripted,
  sessionOn,
  settle
} from "./support.js"

const sessionIdArb = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
/** Numbers that are no Janus id: zero, negative, fractional or beyond the safe-integer range. */
const badIdArb = fc.oneof(
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((n) => !Number.isInteger(n)),
  fc.constantFrom(2 ** 53, 2 ** 60, 1e300)
)

describe("Session.make", generous, () => {
  it.scoped.prop(
    "create: the id comes from data.id",
    { id: sessionIdArb },
    ({ id }) =>
      scripted((mem) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.fork(sessionOn(mem.transport, { keepAlive: false }))
          const create = yield* expectRequest(mem.server, "create")
          yield* mem.server.push({ janus: "success", transaction: create.transaction, data: { id } })
          const session = yield* joinNow(fiber)
          expect(session.id).toBe(id)
          expect(session.claimed).toBe(false)
        })
      ),
    runs(20)
  )

  it.scoped.prop(
    "claim: a success without data (with or without session_id) yields the requested id",
    { id: sessionIdArb, echoId: fc.boolean() },
    ({ echoId, id }) =>
      scripted((mem) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.fork(sessionOn(mem.transport, { sessionId: id, keepAlive: false }))
          const claim = yield* expectRequest(mem.server, "claim")
          expect(claim.session_id).toBe(id)
          yield* mem.server.push(
            echoId
              ? { janus: "success", session_id: id, transaction: claim.transaction }
              : { janus: "success", transaction: claim.transaction }
          )
          const session = yield* joinNow(fiber)
          expect(session.id).toBe(id)
          expect(session.claimed).toBe(true)
        })
      ),
    runs(30)
  )

  it.scoped("claim: an error reply that carries session_id fails with SessionReclaimError (decided by janus)", () =>
    scripted((mem) =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(sessionOn(mem.transport, { sessionId: 1234 }))
        const claim = yield* expectRequest(mem.server, "claim")
        yield* mem.server.push({
          janus: "error",
          session_id: 1234,
          transaction: claim.transaction,
          error: { code: 458, reason: "No such session 1234" }
        })
        const error = errorOf(yield* awaitNow(fiber))
        expect(error).toBeInstanceOf(SessionReclaimError)
        expect(error).toMatchObject({ sessionId: 1234, code: 458, reason: "No such session 1234" })
        // Nothing else was sent: no keep-alive, no destroy of a session we do not own.
        yield* settle
        expect((yield* mem.server.requests).map((r) => r.janus)).toEqual(["claim"])
      })
    )
  )

  it.scoped("claim of an id the fake Janus does not know fails with 458", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const exit = yield* Effect.exit(sessionOn(transport, { sessionId: 77 }))
      expect(errorOf(exit)).toMatchObject({ _tag: "SessionReclaimError", sessionId: 77, code: 458 })
    })
  )

  it.scoped("create refused with 403 fails with JanusApiError 403", () =>
    Effect.gen(function* () {
      const mem = yield* memory()
      const fiber = yield* Effect.fork(sessionOn(mem.transport))
      const create = yield* expectRequest(mem.server, "create")
      yield* mem.server.push({
        janus: "error",
        transaction: create.transaction,
        error: { code: 403, reason: "Unauthorized request (wrong or missing secret/token)" }
      })
      const error = errorOf(yield* awaitNow(fiber))
      expect(error).toBeInstanceOf(JanusApiError)
      expect(error).toMatchObject({ request: "create", code: 403 })
    })
  )

  it.scoped("create answered without data.id fails with TransportError decode, not a defect", () =>
    Effect.gen(function* () {
      const mem = yield* memory()
      const fiber = yield* Effect.fork(sessionOn(mem.transport))
      const create = yield* expectRequest(mem.server, "create")
      yield* mem.server.push({ janus: "success", transaction: create.transaction })
      const exit = yield* awaitNow(fiber)
      expect(Exit.isFailure(exit) && exit.cause._tag === "Fail").toBe(true)
      expect(errorOf(exit)).toMatchObject({ _tag: "TransportError", reason: "decode" })
    })
  )

  it.scoped.prop(
    "create or attach answered with a data.id that is no Janus id fails with TransportError decode",
    { badId: badIdArb, request: fc.constantFrom("create" as const, "attach" as const) },
    ({ badId, request }) =>
      scripted((mem) =>
        Effect.gen(function* () {
          const session = request === "attach" ? yield* openSession(mem, 4, { keepAlive: false }) : undefined
          const opening: Effect.Effect<unknown, unknown, Scope.Scope> =
            session === undefined
              ? sessionOn(mem.transport, { keepAlive: false })
              : session.attach("janus.plugin.echotest")
          const fiber = yield* Effect.fork(opening)
          const sent = yield* expectRequest(mem.server, request)
          yield* mem.server.push({
            janus: "success",
            session_id: 4,
            transaction: sent.transaction,
            data: { id: badId }
          })
          const exit = yield* awaitNow(fiber)
          expect(Exit.isFailure(exit) && exit.cause._tag === "Fail").toBe(true)
          expect(errorOf(exit)).toMatchObject({ _tag: "TransportError", reason: "decode" })
        })
      ),
    runs(30)
  )

  it.scoped("messages that arrive right after the create reply are not lost", () =>
    Effect.gen(function* () {
      const mem = yield* memory()
      const fiber = yield* Effect.fork(sessionOn(mem.transport, { keepAlive: false }))
      const create = yield* expectRequest(mem.server, "create")
      // Both frames go out before the client has run a single step after the reply.
      yield* mem.server.push({ janus: "success", transaction: create.transaction, data: { id: 31 } })
      yield* mem.server.push({ janus: "timeout", session_id: 31 })
      const session = yield* joinNow(fiber)
      yield* mem.serveRest
      const closed = yield* session.awaitClosed.pipe(Effect.timeout("1 second"), Effect.fork)
      yield* settle
      expect(
        Option.map(
          yield* Fiber.poll(closed),
          Exit.map((e) => e?.reason)
        )
      ).toEqual(Option.some(Exit.succeed("timeout")))
    })
  )
})

describe("closing a session's scope", generous, () => {
  it.scoped("onClose destroy (the default) sends destroy and ends the events", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const events = yield* Effect.gen(function* () {
        const session = yield* sessionOn(transport, { keepAlive: false })
        yield* session.attach("janus.plugin.echotest")
        const events = yield* session.events.pipe(Stream.runCollect, Effect.fork)
        yield* settle
        return events
      }).pipe(Effect.scoped)
      expect((yield* server.requests).map((r) => [r.janus, "session_id" in r ? r.session_id : undefined])).toEqual([
        ["create", undefined],
        ["attach", 1],
        ["detach", 1],
        ["destroy", 1]
      ])
      // `detached` of the handle, then the end of the stream.
      const seen = yield* joinNow(events)
      expect([...seen].map((m) => m.janus)).toEqual(["detached"])
    })
  )

  it.scoped("onClose abandon sends nothing, and its handles are not detached", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const id = yield* Effect.gen(function* () {
        const session = yield* sessionOn(transport, { keepAlive: false, onClose: "abandon" })
        yield* session.attach("janus.plugin.echotest")
        yield* session.attach("janus.plugin.videoroom")
        yield* session.reattach("janus.plugin.echotest", 2)
        return session.id
      }).pipe(Effect.scoped)
      expect((yield* server.requests).map((r) => r.janus)).toEqual(["create", "attach", "attach"])
      // The session is still on the server: a new connection's claim succeeds and finds the handles.
      const again = yield* sessionOn(transport, { sessionId: id, keepAlive: false })
      const handle = yield* again.reattach("janus.plugin.videoroom", Ids.handleId(3))
      const answer = yield* handle.message({ request: "list" })
      expect(answer).toMatchObject({ kind: "event", data: { echo: { request: "list" } } })
    })
  )

  it.scoped("an explicit destroy is idempotent and 458 counts as success", () =>
    Effect.gen(function* () {
      const mem = yield* memory()
      const session = yield* openSession(mem, 8, { keepAlive: false })
      const first = yield* Effect.fork(session.destroy)
      const destroy = yield* expectRequest(mem.server, "destroy")
      yield* mem.server.push({
        janus: "error",
        session_id: 8,
        transaction: destroy.transaction,
        error: { code: 458, reason: "No such session 8" }
      })
      yield* joinNow(first)
      yield* session.destroy
      expect(yield* session.awaitClosed).toBeUndefined()
      expect((yield* mem.server.requests).map((r) => r.janus)).toEqual(["create", "destroy"])
    })
  )
})
