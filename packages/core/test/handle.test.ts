import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Exit, Fiber, FastCheck as fc, Option, Stream, TestClock } from "effect"
import {
  Ids,
  InMemoryTransport,
  JanusApiError,
  type JanusSession,
  PluginError,
  type PluginHandle,
  type Session,
  SessionClosedError
} from "../src/index.js"
import {
  attachHandle,
  awaitNow,
  errorOf,
  expectRequest,
  generous,
  joinNow,
  type Memory,
  memory,
  openSession,
  runs,
  scripted,
  sessionOn,
  settle
} from "./support.js"

const plugin = "janus.plugin.videoroom"

interface Fixture {
  readonly mem: Memory
  readonly session: JanusSession
  readonly handle: PluginHandle
}

/** Runs a script on session 10 with handle 20 (see `scripted`). */
const withFixture = <A, E, R>(body: (fixture: Fixture) => Effect.Effect<A, E, R>, options?: Session.SessionOptions) =>
  scripted((mem) =>
    Effect.gen(function* () {
      const session = yield* openSession(mem, 10, { keepAlive: false, ...options })
      const handle = yield* attachHandle(mem, session, 20, plugin)
      return yield* body({ mem, session, handle })
    })
  )

const event = (transaction: string | undefined, data: Record<string, unknown>, jsep?: unknown) => ({
  janus: "event",
  session_id: 10,
  sender: 20,
  ...(transaction === undefined ? {} : { transaction }),
  plugindata: { plugin, data },
  ...(jsep === undefined ? {} : { jsep })
})

describe("handle.message", generous, () => {
  it.scoped.prop(
    "a plugin error inside plugindata fails with PluginError, under success and under event (either order)",
    {
      code: fc.integer({ min: 400, max: 499 }),
      reason: fc.string(),
      under: fc.constantFrom("success" as const, "event-after-ack" as const, "event-before-ack" as const)
    },
    ({ code, reason, under }) =>
      withFixture(({ handle, mem }) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.fork(handle.message({ request: "join", room: 999999 }))
          const request = yield* expectRequest(mem.server, "message")
          const { transaction } = request
          const data = { videoroom: "event", error_code: code, error: reason }
          if (under === "success") {
            yield* mem.server.push({
              janus: "success",
              session_id: 10,
              sender: 20,
              transaction,
              plugindata: { plugin, data }
            })
          } else {
            const ack = { janus: "ack", session_id: 10, transaction }
            const frames =
              under === "event-after-ack" ? [ack, event(transaction, data)] : [event(transaction, data), ack]
            for (const frame of frames) yield* mem.server.push(frame)
          }
          const error = errorOf(yield* awaitNow(fiber))
          expect(error).toBeInstanceOf(PluginError)
          expect(error).toMatchObject({ plugin, code, reason })
        })
      ),
    runs(30)
  )

  it.scoped("carries the jsep both ways; a success without plugindata has empty data", () =>
    withFixture(({ handle, mem }) =>
      Effect.gen(function* () {
        const offer = { type: "offer", sdp: "v=0\r\n", trickle: true }
        const fiber = yield* Effect.fork(handle.message({ request: "configure" }, offer))
        const request = yield* expectRequest(mem.server, "message")
        expect(request).toMatchObject({ session_id: 10, handle_id: 20, body: { request: "configure" }, jsep: offer })
        const answer = { type: "answer", sdp: "v=0\r\na=x\r\n" }
        yield* mem.server.push({ janus: "ack", session_id: 10, transaction: request.transaction })
        yield* mem.server.push(event(request.transaction, { configured: "ok" }, answer))
        expect(yield* joinNow(fiber)).toEqual({ kind: "event", plugin, data: { configured: "ok" }, jsep: answer })

        const bare = yield* Effect.fork(handle.message({ request: "noop" }))
        const second = yield* expectRequest(mem.server, "message")
        expect("jsep" in second).toBe(false)
        yield* mem.server.push({ janus: "success", session_id: 10, transaction: second.transaction })
        expect(yield* joinNow(bare)).toEqual({ kind: "success", plugin, data: {} })
      })
    )
  )

  it.scoped("an ack without its event fails with TransportError timeout after the event timeout", () =>
    withFixture(
      ({ handle, mem }) =>
        Effect.gen(function* () {
          const byDefault = yield* Effect.fork(handle.message({ n: 1 }))
          const first = yield* expectRequest(mem.server, "message")
          const byOption = yield* Effect.fork(handle.message({ n: 2 }, undefined, { timeout: "5 seconds" }))
          const second = yield* expectRequest(mem.server, "message")
          yield* mem.server.push({ janus: "ack", session_id: 10, transaction: first.transaction })
          yield* mem.server.push({ janus: "ack", session_id: 10, transaction: second.transaction })
          // Events of the same handle for other transactions do not count.
          yield* mem.server.push(event("other", { n: 0 }))
          yield* mem.server.push(event(undefined, { n: 0 }))
          yield* TestClock.adjust("4999 millis")
          expect(Option.isNone(yield* Fiber.poll(byOption))).toBe(true)
          yield* TestClock.adjust("1 millis")
          expect(errorOf(yield* awaitNow(byOption))).toMatchObject({ _tag: "TransportError", reason: "timeout" })
          yield* TestClock.adjust("14999 millis")
          expect(Option.isNone(yield* Fiber.poll(byDefault))).toBe(true)
          yield* TestClock.adjust("1 millis")
          expect(errorOf(yield* awaitNow(byDefault))).toMatchObject({ _tag: "TransportError", reason: "timeout" })
        }),
      { eventTimeout: "20 seconds" }
    )
  )

  it.scoped("a Janus error reply fails with JanusApiError", () =>
    withFixture(({ handle, mem }) =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(handle.message({}))
        const request = yield* expectRequest(mem.server, "message")
        yield* mem.server.push({
          janus: "error",
          session_id: 10,
          transaction: request.transaction,
          error: { code: 459, reason: "No such handle 20 in session 10" }
        })
        const error = errorOf(yield* awaitNow(fiber))
        expect(error).toBeInstanceOf(JanusApiError)
        expect(error).toMatchObject({ request: "message", code: 459 })
      })
    )
  )
})

describe("handle.detach", generous, () => {
  it.scoped.each(["detached-first", "success-first", "459"] as const)(
    "succeeds (%s); the handle's events end",
    (order) =>
      withFixture(({ handle, mem, session }) =>
        Effect.gen(function* () {
          const events = yield* handle.events.pipe(Stream.runCollect, Effect.fork)
          const sessionEvents = yield* session.events.pipe(Stream.take(1), Stream.runCollect, Effect.fork)
          yield* settle
          const fiber = yield* Effect.fork(handle.detach)
          const request = yield* expectRequest(mem.server, "detach")
          expect(request).toMatchObject({ session_id: 10, handle_id: 20 })
          const detached = { janus: "detached", session_id: 10, sender: 20 }
          const success = { janus: "success", session_id: 10, transaction: request.transaction }
          const error = {
            janus: "error",
            session_id: 10,
            transaction: request.transaction,
            error: { code: 459, reason: "No such handle 20 in session 10" }
          }
          if (order === "detached-first") {
            yield* mem.server.push(detached)
            yield* mem.server.push(success)
          } else if (order === "success-first") {
            yield* mem.server.push(success)
            yield* settle
            yield* mem.server.push(detached)
          } else {
            yield* mem.server.push(detached)
            yield* mem.server.push(error)
          }
          expect(Exit.isSuccess(yield* awaitNow(fiber))).toBe(true)
          const seen = Chunk.toReadonlyArray(yield* joinNow(events)).map((m) => m.janus)
          // The stream ends at `detached` or at the reply, whichever comes first: it shows `detached` only when
          // that came first. The session's stream sees it in every case.
          expect(seen).toEqual(order === "success-first" ? [] : ["detached"])
          expect(Chunk.toReadonlyArray(yield* joinNow(sessionEvents))).toEqual([detached])
          // Detaching again sends nothing; a new run of the events ends at once.
          yield* handle.detach
          expect(Chunk.toReadonlyArray(yield* Stream.runCollect(handle.events))).toEqual([])
          expect((yield* mem.server.requests).filter((r) => r.janus === "detach")).toHaveLength(1)
        })
      )
  )

  it.scoped("another error reply fails with JanusApiError", () =>
    withFixture(({ handle, mem }) =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(handle.detach)
        const request = yield* expectRequest(mem.server, "detach")
        yield* mem.server.push({
          janus: "error",
          session_id: 10,
          transaction: request.transaction,
          error: { code: 403, reason: "Unauthorized request" }
        })
        expect(errorOf(yield* awaitNow(fiber))).toMatchObject({
          _tag: "JanusApiError",
          request: "detach",
          code: 403
        })
      })
    )
  )
})

describe("session.reattach", generous, () => {
  it.scoped("sends nothing; an id the server does not know fails its first request with 459", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const session = yield* sessionOn(transport, { keepAlive: false })
      const handle = yield* session.reattach("janus.plugin.echotest", 4242, { onClose: "abandon" })
      expect(handle).toMatchObject({ id: 4242, sessionId: session.id, plugin: "janus.plugin.echotest" })
      expect((yield* server.requests).map((r) => r.janus)).toEqual(["create"])
      const error = errorOf(yield* Effect.exit(handle.message({ audio: true })))
      expect(error).toBeInstanceOf(JanusApiError)
      expect(error).toMatchObject({ request: "message", code: 459 })
      expect((yield* server.requests).some((r) => r.janus === "attach")).toBe(false)
    })
  )

  it.scoped("a re-attached known id works like the attached one", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const session = yield* sessionOn(transport, { keepAlive: false })
      const attached = yield* session.attach("janus.plugin.echotest", { onClose: "abandon" })
      const again = yield* session.reattach("janus.plugin.echotest", attached.id)
      expect(yield* again.message({ video: false })).toMatchObject({ kind: "event", data: { echo: { video: false } } })
      expect((yield* server.requests).filter((r) => r.janus === "attach")).toHaveLength(1)
    })
  )

  it.scoped("on a destroyed session fails with SessionClosedError", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const session = yield* sessionOn(transport, { keepAlive: false })
      yield* session.destroy
      const before = (yield* server.requests).length
      const error = errorOf(yield* Effect.exit(session.reattach("janus.plugin.echotest", 2)))
      expect(error).toBeInstanceOf(SessionClosedError)
      expect(error).toMatchObject({ reason: "closed", sessionId: session.id })
      expect(errorOf(yield* Effect.exit(session.attach("janus.plugin.echotest")))).toBeInstanceOf(SessionClosedError)
      expect((yield* server.requests).length).toBe(before)
    })
  )

  it.scoped("on a timed-out session fails with SessionClosedError timeout", () =>
    Effect.gen(function* () {
      const mem = yield* memory()
      const session = yield* openSession(mem, 10, { keepAlive: false })
      yield* mem.server.push({ janus: "timeout", session_id: 10 })
      expect(yield* session.awaitClosed).toMatchObject({ reason: "timeout" })
      const error = errorOf(yield* Effect.exit(session.reattach(plugin, Ids.handleId(20))))
      expect(error).toBeInstanceOf(SessionClosedError)
      expect(error).toMatchObject({ reason: "timeout", sessionId: 10 })
    })
  )
})

describe("handle.trickle and hangup", generous, () => {
  const candidate = { candidate: "candidate:1 1 udp 2122260223 10.0.0.1 40000 typ host", sdpMid: "0", sdpMLineIndex: 0 }

  it.scoped("one candidate, an array and null send candidate, candidates and {completed:true}", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const session = yield* sessionOn(transport, { keepAlive: false })
      const handle = yield* session.attach("janus.plugin.echotest")
      yield* handle.trickle(candidate)
      yield* handle.trickle([candidate, { candidate: "candidate:2 1 udp 1 10.0.0.2 40001 typ host" }])
      yield* handle.trickle([])
      yield* handle.trickle(null)
      yield* handle.trickle({ completed: true })
      yield* handle.hangup
      const sent = (yield* server.requests).filter((r) => r.janus === "trickle" || r.janus === "hangup")
      const fields = sent.map((r) => {
        const { apisecret: _a, token: _t, transaction: _tx, ...rest } = r
        return rest
      })
      const ids = { session_id: session.id, handle_id: handle.id }
      expect(fields).toEqual([
        { janus: "trickle", ...ids, candidate },
        {
          janus: "trickle",
          ...ids,
          candidates: [candidate, { candidate: "candidate:2 1 udp 1 10.0.0.2 40001 typ host" }]
        },
        { janus: "trickle", ...ids, candidates: [] },
        { janus: "trickle", ...ids, candidate: { completed: true } },
        { janus: "trickle", ...ids, candidate: { completed: true } },
        { janus: "hangup", ...ids }
      ])
    })
  )

  it.scoped("error replies fail with JanusApiError", () =>
    withFixture(({ handle, mem }) =>
      Effect.gen(function* () {
        const trickle = yield* Effect.fork(handle.trickle(null))
        const t = yield* expectRequest(mem.server, "trickle")
        yield* mem.server.push({
          janus: "error",
          session_id: 10,
          transaction: t.transaction,
          error: { code: 459, reason: "x" }
        })
        expect(errorOf(yield* awaitNow(trickle))).toMatchObject({
          _tag: "JanusApiError",
          request: "trickle",
          code: 459
        })
        const hangup = yield* Effect.fork(handle.hangup)
        const h = yield* expectRequest(mem.server, "hangup")
        yield* mem.server.push({
          janus: "error",
          session_id: 10,
          transaction: h.transaction,
          error: { code: 459, reason: "x" }
        })
        expect(errorOf(yield* awaitNow(hangup))).toMatchObject({
          _tag: "JanusApiError",
          request: "hangup",
          code: 459
        })
      })
    )
  )
})
