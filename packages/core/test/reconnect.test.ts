import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, FastCheck as fc, Layer, Option, Schedule, Stream, TestClock } from "effect"
import {
  type Ids,
  InMemoryTransport,
  JanusApiError,
  JanusTransport,
  type Protocol,
  Session,
  SessionReclaimError,
  SessionStore
} from "../src/index.js"
import { errorOf, generous, joinNow, memory, runs, sessionOn, settle } from "./support.js"

/** Reconnects once a second, forever; no liveness pings (tests that want them say so). */
const policy = { reconnect: Schedule.spaced("1 second"), liveness: false } as const

/** A fake Janus that a test can "restart" (forget every session) and that holds back answers on request. */
const restartable = () => {
  let janus = InMemoryTransport.fakeJanus()
  return {
    restart: Effect.gen(function* () {
      janus = InMemoryTransport.fakeJanus()
      // A restarted Janus draws other ids: skip the ones the first run handed out.
      for (let i = 1; i <= 10; i++) yield* janus({ janus: "create", transaction: "skip" })
      for (let i = 1; i <= 10; i++) {
        yield* janus({ janus: "destroy", session_id: i as Ids.SessionId, transaction: "skip" })
      }
    }),
    /** Never answers a message whose body says `hold: true`. */
    handler: (request: Protocol.WireRequest) =>
      request.janus === "message" && (request.body as { hold?: unknown }).hold === true
        ? Effect.succeed([])
        : janus(request)
  }
}

const requestsOf = (server: InMemoryTransport.InMemoryServer, janus: string) =>
  Effect.map(server.requests, (all) => all.filter((r) => r.janus === janus))

const stateTags = (session: Session.JanusSession) =>
  session.state.changes.pipe(
    Stream.map((state) => state._tag),
    Stream.takeUntil((tag) => tag === "Reclaimed" || tag === "Recreated" || tag === "Lost"),
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray),
    Effect.fork
  )

describe("automatic reconnect (in-memory transport, TestClock)", generous, () => {
  it.scoped("a drop while idle: a new link, the session claims itself, the same handle and streams carry on", () =>
    Effect.gen(function* () {
      const mem = yield* memory(policy)
      yield* mem.server.serve(restartable().handler)
      const session = yield* sessionOn(mem.transport, { keepAlive: false })
      const handle = yield* session.attach("janus.plugin.echotest")
      const events = yield* handle.events.pipe(Stream.take(2), Stream.runCollect, Effect.fork)
      const states = yield* stateTags(session)
      yield* settle
      expect((yield* handle.message({ n: 1 })).data).toEqual({ echo: { n: 1 } })

      yield* mem.server.drop
      yield* settle
      expect((yield* mem.transport.connection.get)._tag).toBe("Disconnected")
      expect((yield* session.state.get)._tag).toBe("Disconnected")
      yield* TestClock.adjust("1 second")
      expect(yield* mem.server.links).toBe(2)
      expect(yield* joinNow(states)).toEqual(["Active", "Disconnected", "Reclaiming", "Reclaimed"])
      const reclaimed = yield* session.state.get
      expect(reclaimed).toMatchObject({ _tag: "Reclaimed", generation: 2, gap: 1000 })
      expect(
        (yield* requestsOf(mem.server, "claim")).map((r) => ("session_id" in r ? r.session_id : undefined))
      ).toEqual([session.id])
      expect(yield* requestsOf(mem.server, "attach")).toHaveLength(1)

      expect((yield* handle.message({ n: 2 })).data).toEqual({ echo: { n: 2 } })
      const seen = Chunk.toReadonlyArray(yield* joinNow(events))
      expect(seen.map((m) => (m.janus === "event" ? m.plugindata.data : undefined))).toEqual([
        { echo: { n: 1 } },
        { echo: { n: 2 } }
      ])
      expect(Option.isNone(yield* Fiber.poll(yield* Effect.fork(session.awaitClosed)))).toBe(true)
    })
  )

  it.scoped("a request written before the drop fails closed; one made in the gap goes out after the claim", () =>
    Effect.gen(function* () {
      const mem = yield* memory(policy)
      yield* mem.server.serve(restartable().handler)
      const session = yield* sessionOn(mem.transport, { keepAlive: false })
      const handle = yield* session.attach("janus.plugin.echotest")
      const written = yield* Effect.fork(handle.message({ hold: true }))
      yield* settle
      expect(yield* requestsOf(mem.server, "message")).toHaveLength(1)

      yield* mem.server.drop
      yield* settle
      expect(errorOf(yield* Effect.exit(Fiber.join(written)))).toMatchObject({
        _tag: "TransportError",
        reason: "closed"
      })
      const inGap = yield* Effect.fork(handle.message({ n: 3 }))
      yield* settle
      expect(yield* requestsOf(mem.server, "message")).toHaveLength(1) // held, not written
      yield* TestClock.adjust("1 second")
      expect((yield* joinNow(inGap)).data).toEqual({ echo: { n: 3 } })
      const order = (yield* mem.server.requests).map((r) => r.janus)
      expect(order.slice(order.lastIndexOf("claim"))).toEqual(["claim", "message"])
    })
  )

  it.scoped("a refused claim (Janus restarted) ends the session with not-found by default", () =>
    Effect.gen(function* () {
      const mem = yield* memory(policy)
      const janus = restartable()
      yield* mem.server.serve(janus.handler)
      const session = yield* sessionOn(mem.transport, { keepAlive: false })
      const handle = yield* session.attach("janus.plugin.echotest")
      const events = yield* Effect.fork(Stream.runDrain(handle.events))
      yield* janus.restart
      yield* mem.server.drop
      yield* TestClock.adjust("1 second")
      const ended = yield* session.awaitClosed
      expect(ended).toMatchObject({ _tag: "SessionClosedError", reason: "not-found" })
      const state = yield* session.state.get
      expect(state._tag).toBe("Lost")
      if (state._tag === "Lost") expect(state.error).toBeInstanceOf(SessionReclaimError)
      expect(errorOf(yield* Effect.exit(Fiber.join(events)))).toMatchObject({ reason: "not-found" })
      expect(errorOf(yield* Effect.exit(handle.message({})))).toMatchObject({ reason: "not-found" })
    })
  )

  it.scoped('onLost "recreate": a new session, every handle re-attached, the same values, the ids reported', () =>
    Effect.gen(function* () {
      const mem = yield* memory(policy)
      const janus = restartable()
      yield* mem.server.serve(janus.handler)
      const session = yield* sessionOn(mem.transport, { keepAlive: false, onLost: "recreate" })
      const echo = yield* session.attach("janus.plugin.echotest", { opaqueId: "echo-1" })
      const room = yield* session.attach("janus.plugin.videoroom")
      const before = { session: session.id, echo: echo.id, room: room.id }
      const resynced: Array<string> = []
      yield* session.reattach("janus.plugin.echotest", echo.id, {
        resync: (_, recovery) => Effect.sync(() => resynced.push(recovery._tag))
      })
      yield* janus.restart
      yield* mem.server.drop
      yield* TestClock.adjust("1 second")
      const state = yield* session.state.get
      expect(state._tag).toBe("Recreated")
      expect(session.id).not.toBe(before.session)
      expect(echo.id).not.toBe(before.echo)
      expect(state).toMatchObject({
        oldId: before.session,
        newId: session.id,
        handles: [
          { plugin: "janus.plugin.echotest", oldId: before.echo, newId: echo.id },
          { plugin: "janus.plugin.videoroom", oldId: before.room, newId: room.id }
        ]
      })
      const attaches = yield* requestsOf(mem.server, "attach")
      expect(attaches.at(-2)).toMatchObject({ session_id: session.id, opaque_id: "echo-1" })
      expect(resynced).toEqual(["Recreated"])
      expect((yield* echo.message({ n: 4 })).data).toEqual({ echo: { n: 4 } })
      expect(echo.sessionId).toBe(session.id)
    })
  )

  it.scoped("re-sync effects run after each reclaim, once requests flow again", () =>
    Effect.gen(function* () {
      const mem = yield* memory(policy)
      yield* mem.server.serve(restartable().handler)
      const session = yield* sessionOn(mem.transport, { keepAlive: false })
      const seen: Array<unknown> = []
      yield* session.attach("janus.plugin.echotest", {
        resync: (handle, recovery) =>
          Effect.map(handle.message({ resync: recovery._tag }), (answer) => seen.push(answer.data))
      })
      for (let i = 0; i < 2; i++) {
        yield* mem.server.drop
        yield* TestClock.adjust("1 second")
      }
      expect(seen).toEqual([{ echo: { resync: "Reclaimed" } }, { echo: { resync: "Reclaimed" } }])
    })
  )

  it.scoped("a frozen link is declared dead within the liveness bound, torn down and reconnected", () =>
    Effect.gen(function* () {
      const mem = yield* memory({ reconnect: Schedule.spaced("1 second"), liveness: "10 seconds" })
      yield* mem.server.serve(restartable().handler)
      const session = yield* sessionOn(mem.transport, { keepAlive: false })
      yield* mem.server.freeze
      yield* TestClock.adjust("9 seconds")
      expect((yield* mem.transport.connection.get)._tag).toBe("Connected")
      yield* TestClock.adjust("1 second")
      const dropped = yield* mem.transport.connection.get
      expect(dropped).toMatchObject({ _tag: "Disconnected", cause: { reason: "timeout" } })
      yield* TestClock.adjust("1 second")
      expect(yield* session.state.get).toMatchObject({ _tag: "Reclaimed", gap: 1000 })
    })
  )

  it.scoped("a zero liveness bound is off, as false: a silent link is neither pinged nor declared dead", () =>
    Effect.gen(function* () {
      for (const liveness of [0, -1, "0 seconds"] as const) {
        const mem = yield* memory({ reconnect: Schedule.spaced("1 second"), liveness })
        yield* mem.server.serve(restartable().handler)
        // Abandoned on close: a destroy would wait for the frozen server.
        const session = yield* sessionOn(mem.transport, { keepAlive: false, onClose: "abandon" })
        yield* mem.server.freeze
        for (let i = 0; i < 120; i++) yield* TestClock.adjust("1 second")
        expect((yield* mem.transport.connection.get)._tag).toBe("Connected")
        expect(yield* requestsOf(mem.server, "ping")).toHaveLength(0)
        expect((yield* session.state.get)._tag).toBe("Active")
      }
    })
  )

  it.scoped("a live link is pinged only when it was silent for half the bound", () =>
    Effect.gen(function* () {
      const mem = yield* memory({ reconnect: false, liveness: "10 seconds" })
      yield* mem.server.serve(restartable().handler)
      yield* TestClock.adjust("5 seconds")
      expect(yield* requestsOf(mem.server, "ping")).toHaveLength(1)
      for (let i = 0; i < 10; i++) yield* TestClock.adjust("5 seconds")
      expect((yield* mem.transport.connection.get)._tag).toBe("Connected")
    })
  )

  it.scoped("a 458 to any request of a session ends it at once with not-found", () =>
    Effect.gen(function* () {
      const mem = yield* memory(policy)
      const janus = restartable()
      yield* mem.server.serve(janus.handler)
      const session = yield* sessionOn(mem.transport, { keepAlive: false })
      const handle = yield* session.attach("janus.plugin.echotest")
      const events = yield* Effect.fork(Stream.runDrain(session.events))
      yield* janus.restart // the server forgot it; the link stays up
      const answer = yield* Effect.exit(handle.message({ n: 5 }))
      expect(errorOf(answer)).toMatchObject({ _tag: "JanusApiError", code: 458 })
      yield* settle
      expect(yield* session.awaitClosed).toMatchObject({ reason: "not-found" })
      expect(errorOf(yield* Effect.exit(Fiber.join(events)))).toMatchObject({ reason: "not-found" })
    })
  )

  it.scoped("when the policy gives up the transport closes and every session ends with connection-lost", () =>
    Effect.gen(function* () {
      const mem = yield* memory({ reconnect: Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(2))) })
      yield* mem.server.serve(restartable().handler)
      const session = yield* sessionOn(mem.transport, { keepAlive: false })
      const states = yield* mem.transport.connection.changes.pipe(
        Stream.map((s) => s._tag),
        Stream.takeUntil((tag) => tag === "Closed"),
        Stream.runCollect,
        Effect.fork
      )
      yield* settle
      yield* mem.server.setAvailable(false)
      yield* mem.server.drop
      yield* TestClock.adjust("3 seconds")
      expect(Chunk.toReadonlyArray(yield* joinNow(states))).toEqual([
        "Connected",
        "Disconnected",
        "Reconnecting",
        "Reconnecting",
        "Closed"
      ])
      expect(yield* session.awaitClosed).toMatchObject({ reason: "connection-lost" })
    })
  )

  it.scoped("a session whose scope closes during a gap is abandoned, not destroyed, and the scope does not wait", () =>
    Effect.gen(function* () {
      const mem = yield* memory(policy)
      yield* mem.server.serve(restartable().handler)
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* sessionOn(mem.transport, { keepAlive: false })
          yield* mem.server.drop
          yield* settle
        })
      )
      yield* TestClock.adjust("1 second")
      expect(yield* requestsOf(mem.server, "destroy")).toHaveLength(0)
      expect(yield* requestsOf(mem.server, "claim")).toHaveLength(0)
    })
  )
})

describe("bad input never becomes a defect", generous, () => {
  const notIds = fc.oneof(
    fc.constantFrom<unknown>(-1, 0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "12", "", null, true, {}, []),
    fc.string(),
    fc.double().filter((n) => !Number.isSafeInteger(n) || n <= 0)
  )

  it.scoped.prop(
    "ids that are not positive safe integers fail with typed errors, and nothing is sent",
    { bad: notIds },
    ({ bad }) =>
      Effect.gen(function* () {
        const mem = yield* memory()
        yield* mem.server.serve(InMemoryTransport.fakeJanus())
        const claim = yield* Effect.exit(sessionOn(mem.transport, { sessionId: bad as number }))
        expect(errorOf(claim)).toBeInstanceOf(SessionReclaimError)
        expect(errorOf(claim)).toMatchObject({ code: 458, sessionId: bad })
        const session = yield* sessionOn(mem.transport, { keepAlive: false })
        const reattach = yield* Effect.exit(session.reattach("janus.plugin.echotest", bad as number))
        expect(errorOf(reattach)).toBeInstanceOf(JanusApiError)
        expect(errorOf(reattach)).toMatchObject({ request: "reattach", code: 459 })
        expect((yield* mem.server.requests).map((r) => r.janus)).toEqual(["create"])
      }),
    runs(30)
  )

  it.scoped("a plain string where a Redacted secret is expected is accepted", () =>
    Effect.gen(function* () {
      const mem = yield* memory({ apiSecret: "plain-secret", token: "plain-token" })
      yield* mem.server.serve(InMemoryTransport.fakeJanus())
      yield* sessionOn(mem.transport, { keepAlive: false })
      expect((yield* mem.server.requests)[0]).toMatchObject({ apisecret: "plain-secret", token: "plain-token" })
    })
  )
})

describe("Session.resume (SessionStore)", generous, () => {
  const withTransport = (mem: { readonly transport: JanusTransport }) =>
    Effect.provide(Layer.merge(Layer.succeed(JanusTransport, mem.transport), SessionStore.layerMemory))

  it.scoped("creates, then claims what is stored and re-binds the handle by plugin and opaque id", () =>
    Effect.gen(function* () {
      const mem = yield* memory()
      yield* mem.server.serve(InMemoryTransport.fakeJanus())
      yield* Effect.gen(function* () {
        const stores = yield* SessionStore.SessionStore
        const first = yield* Effect.scoped(
          Effect.gen(function* () {
            const session = yield* Session.resume("app", { keepAlive: false, onClose: "abandon" })
            const echo = yield* session.attach("janus.plugin.echotest", { opaqueId: "echo" })
            const record = Option.getOrThrow(yield* stores.get("app"))
            expect(record).toEqual({
              server: mem.transport.server,
              sessionId: session.id,
              handles: [{ plugin: "janus.plugin.echotest", handleId: echo.id, opaqueId: "echo" }]
            })
            return { sessionId: session.id, handleId: echo.id }
          })
        )
        expect(Option.isSome(yield* stores.get("app"))).toBe(true) // abandoned: kept
        const sent = (yield* mem.server.requests).length
        yield* Effect.scoped(
          Effect.gen(function* () {
            const session = yield* Session.resume("app", { keepAlive: false })
            expect(session.claimed).toBe(true)
            expect(session.id).toBe(first.sessionId)
            const echo = yield* session.attach("janus.plugin.echotest", { opaqueId: "echo" })
            expect(echo.id).toBe(first.handleId)
            expect((yield* mem.server.requests).slice(sent).map((r) => r.janus)).toEqual(["claim"])
            expect((yield* echo.message({ again: true })).data).toEqual({ echo: { again: true } })
          })
        )
        // Destroyed on close (the default): nothing left to resume.
        expect(Option.isNone(yield* stores.get("app"))).toBe(true)
      }).pipe(withTransport(mem))
    })
  )

  it.scoped("a stored session the server no longer knows is replaced by a new one", () =>
    Effect.gen(function* () {
      const mem = yield* memory()
      yield* mem.server.serve(InMemoryTransport.fakeJanus())
      yield* Effect.gen(function* () {
        const stores = yield* SessionStore.SessionStore
        yield* stores.set("app", {
          server: mem.transport.server,
          sessionId: 424242 as never,
          handles: [{ plugin: "janus.plugin.echotest", handleId: 7 as never }]
        })
        const session = yield* Session.resume("app", { keepAlive: false })
        expect(session.claimed).toBe(false)
        expect((yield* mem.server.requests).map((r) => r.janus)).toEqual(["claim", "create"])
        const echo = yield* session.attach("janus.plugin.echotest")
        expect(echo.id).not.toBe(7)
        expect(Option.getOrThrow(yield* stores.get("app")).sessionId).toBe(session.id)
      }).pipe(withTransport(mem))
    })
  )
})
