import { FetchHttpClient } from "@effect/platform"
import { NodeSocket } from "@effect/platform-node"
import { describe, expect, layer } from "@effect/vitest"
import type { PluginHandle, Session } from "@effect-janus/core"
import { Admin, JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import {
  Chunk,
  Clock,
  Deferred,
  Effect,
  Either,
  ExecutionStrategy,
  Exit,
  Fiber,
  Layer,
  Option,
  Ref,
  Schedule,
  Scope,
  Stream
} from "effect"
import { WebSocketTransport } from "../src/index.js"
import { awaitGone, sessionOn } from "./support.js"

// The sessions claim themselves with no reconnect code here: only transport options. session_timeout 10 s with
// keep-alives every 2 s; a dropped WebSocket leaves its sessions claimable for reclaim_session_timeout = 6 s.
const janusOptions = { sessionTimeout: 10, reclaimTimeout: 6 } as const
const server = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer(janusOptions)))
const keepAlive = "2 seconds"
const echotest = "janus.plugin.echotest"

/**
 * A session with an EchoTest handle (answered once), on a WebSocket transport through a new `TcpProxy` to `port`
 * (default: the test server's WebSocket port). The test cuts and freezes the link; the rest is configuration.
 */
const echoSession = (options?: {
  readonly port?: number
  readonly transport?: Pick<WebSocketTransport.Options, "reconnect" | "liveness">
  readonly session?: Session.SessionOptions
}) =>
  Effect.gen(function* () {
    const port = options?.port ?? (yield* JanusServer.JanusServer).wsPort
    const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port })
    const transport = yield* WebSocketTransport.make({
      url: `ws://127.0.0.1:${proxy.port}`,
      ...options?.transport
    }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor))
    const session = yield* sessionOn(transport, { keepAlive, ...options?.session })
    const handle = yield* session.attach(echotest)
    yield* echo(handle)
    return { proxy, session, handle }
  })

const finalTags = new Set(["Reclaimed", "Recreated", "Lost", "Closed"])

/**
 * Records the session's states (the current one first) up to the first that ends a gap, in a fiber; returns once
 * it is subscribed. `onState` runs as each state is seen.
 */
const recordStates = (
  session: Session.JanusSession,
  onState: (state: Session.SessionState) => Effect.Effect<void> = () => Effect.void
) =>
  Effect.gen(function* () {
    const subscribed = yield* Deferred.make<void>()
    const fiber = yield* session.state.changes.pipe(
      Stream.tap((state) => Effect.zipRight(Deferred.succeed(subscribed, undefined), onState(state))),
      Stream.takeUntil((state) => finalTags.has(state._tag)),
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray),
      Effect.timeout("40 seconds"),
      Effect.fork
    )
    yield* Deferred.await(subscribed)
    return fiber
  })

/** The last recorded state, which must have `tag`. */
const lastAs = <Tag extends Session.SessionState["_tag"]>(states: ReadonlyArray<Session.SessionState>, tag: Tag) => {
  const last = states[states.length - 1]
  expect(last?._tag).toBe(tag)
  return last as Extract<Session.SessionState, { _tag: Tag }>
}

/**
 * Subscribes to the handle's events now and counts its plugin events in a fiber. `atLeast(n)` waits (bounded) until
 * `n` have arrived (the counting fiber may run just after the answer that carried the last one) and returns the count.
 */
const countEvents = (handle: PluginHandle) =>
  Effect.gen(function* () {
    const count = yield* Ref.make(0)
    const events = yield* handle.subscribe
    yield* events.pipe(
      Stream.runForEach((message) => (message.janus === "event" ? Ref.update(count, (n) => n + 1) : Effect.void)),
      Effect.forkScoped
    )
    return {
      atLeast: (n: number) =>
        Ref.get(count).pipe(
          Effect.repeat({ schedule: Schedule.spaced("20 millis"), until: (seen) => seen >= n }),
          Effect.timeout("5 seconds"),
          Effect.ignore,
          Effect.zipRight(Ref.get(count))
        )
    }
  })

/**
 * Watches a session about to lose its server; the returned effect then checks the default ending (`onLost: "fail"`):
 * the refused claim (458) turns it `Lost`, `awaitClosed` and both event streams end with `not-found`, and the
 * handle's requests fail with `SessionClosedError`.
 */
const watchLoss = (session: Session.JanusSession, handle: PluginHandle) =>
  Effect.gen(function* () {
    const handleEnded = yield* Effect.fork(Effect.flip(Stream.runDrain(yield* handle.subscribe)))
    const sessionEnded = yield* Effect.fork(Effect.flip(Stream.runDrain(session.events)))
    const states = yield* recordStates(session)
    return Effect.gen(function* () {
      const seen = yield* Fiber.join(states)
      expect(tagsOf(seen)).toEqual(["Active", "Disconnected", "Reclaiming", "Lost"])
      expect(lastAs(seen, "Lost").error).toMatchObject({
        _tag: "SessionReclaimError",
        sessionId: session.id,
        code: 458
      })
      const notFound = { _tag: "SessionClosedError", sessionId: session.id, reason: "not-found" }
      expect(yield* session.awaitClosed).toMatchObject(notFound)
      expect(yield* Fiber.join(handleEnded).pipe(Effect.timeout("5 seconds"))).toMatchObject(notFound)
      expect(yield* Fiber.join(sessionEnded).pipe(Effect.timeout("5 seconds"))).toMatchObject(notFound)
      expect(yield* Effect.flip(handle.message({ audio: true }))).toMatchObject({ _tag: "SessionClosedError" })
    })
  })

const tagsOf = (states: ReadonlyArray<Session.SessionState>) => states.map((state) => state._tag)

/** Runs EchoTest's `{audio: true}` and checks Janus's answer. */
const echo = (handle: PluginHandle, body: Record<string, unknown> = { audio: true }) =>
  Effect.map(handle.message(body), (answer) => expect(answer.data).toMatchObject({ echotest: "event", result: "ok" }))

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe("automatic reconnect over WebSocket through a TCP proxy, on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "120 seconds", excludeTestServices: true })((it) => {
    it.scoped("a cut while idle: the same session and handle answer again, Admin shows the original handle", () =>
      Effect.gen(function* () {
        const { proxy, session, handle } = yield* echoSession()
        const events = yield* handle.subscribe
        const afterGap = yield* events.pipe(
          Stream.take(1),
          Stream.runCollect,
          Effect.timeout("30 seconds"),
          Effect.fork
        )
        const states = yield* recordStates(session)

        expect(yield* proxy.cut).toBe(1)
        const seen = yield* Fiber.join(states)
        expect(tagsOf(seen)).toEqual(["Active", "Disconnected", "Reclaiming", "Reclaimed"])
        expect(seen[1]).toMatchObject({ _tag: "Disconnected", cause: { _tag: "TransportError", reason: "closed" } })
        const reclaimed = seen[3] as Extract<Session.SessionState, { _tag: "Reclaimed" }>
        expect(reclaimed.generation).toBe(2)
        expect(reclaimed.gap).toBeGreaterThanOrEqual(0)
        console.log(`idle cut: reclaimed after a gap of ${reclaimed.gap} ms`)

        yield* echo(handle)
        const delivered = Chunk.toReadonlyArray(yield* Fiber.join(afterGap))
        expect(delivered).toHaveLength(1)
        expect(delivered[0]).toMatchObject({ janus: "event", sender: handle.id })
        expect(Option.isNone(yield* Fiber.poll(yield* Effect.fork(session.awaitClosed)))).toBe(true)
        expect(yield* Admin.listSessions).toContain(session.id)
        expect(yield* Admin.listHandles(session.id)).toEqual([handle.id])
      })
    )

    it.scoped(
      "after a reclaim, closing the scope of the transport and session destroys the session on the server",
      () =>
        Effect.gen(function* () {
          // One scope for the transport and the session, as an app's layer has: the link opened by the reconnect must
          // close in the transport's turn, after the session's `destroy` went out on it.
          const app = yield* Scope.make()
          const { proxy, session } = yield* echoSession().pipe(Scope.extend(app))
          const states = yield* recordStates(session)
          expect(yield* proxy.cut).toBe(1)
          lastAs(yield* Fiber.join(states), "Reclaimed")

          yield* Scope.close(app, Exit.void).pipe(Effect.timeout("20 seconds"))
          expect(yield* Admin.listSessions).not.toContain(session.id)
        })
    )

    it.scoped(
      "a cut with 50 messages in flight: the written ones fail closed, the ones sent in the gap are answered after the reclaim",
      () =>
        Effect.gen(function* () {
          const { proxy, session, handle } = yield* echoSession({
            transport: { reconnect: Schedule.spaced("1 second") }
          })

          // Janus gets the 50 messages and answers them, but the proxy drops the answers: 50 requests in flight.
          yield* proxy.stall
          const written = yield* Effect.fork(
            Effect.forEach(range(50), (n) => Effect.either(handle.message({ audio: true, n })), {
              concurrency: "unbounded"
            })
          )
          yield* Effect.sleep("1 second") // time for the frames to reach Janus
          const states = yield* recordStates(session)
          expect(yield* proxy.cut).toBe(1)
          const outcomes = yield* Fiber.join(written).pipe(Effect.timeout("5 seconds"))
          expect(outcomes.filter(Either.isLeft).map((outcome) => outcome.left)).toHaveLength(50)
          for (const outcome of outcomes) {
            expect(Either.getLeft(outcome).pipe(Option.getOrUndefined)).toMatchObject({
              _tag: "TransportError",
              reason: "closed"
            })
          }

          // Sent while the link is down (the next attempt is 1 s away): they wait, then go out after the claim.
          expect((yield* session.state.get)._tag).toBe("Disconnected")
          const events = yield* countEvents(handle)
          const inGap = yield* Effect.fork(
            Effect.forEach(range(10), (n) => echo(handle, { audio: true, gap: n }), { concurrency: "unbounded" })
          )
          const seen = yield* Fiber.join(states)
          expect(tagsOf(seen)).toEqual(["Active", "Disconnected", "Reclaiming", "Reclaimed"])
          yield* Fiber.join(inGap).pipe(Effect.timeout("20 seconds"))

          yield* Effect.forEach(range(50), (n) => echo(handle, { audio: true, after: n }), { concurrency: "unbounded" })
          // EchoTest answers a handle's messages in order: had the 50 written ones been re-sent after the claim, their
          // events would have come before the last answer.
          expect(yield* events.atLeast(60)).toBe(60)
          expect(yield* Admin.listHandles(session.id)).toEqual([handle.id])
        })
    )

    it.scoped("a cut while the claim of the reclaim is in flight: the next link reclaims", () =>
      Effect.gen(function* () {
        const { proxy, session, handle } = yield* echoSession({
          transport: { reconnect: Schedule.spaced("500 millis") }
        })

        // As soon as the session starts claiming on the second link, the proxy drops what Janus answers: the claim
        // reaches Janus, its reply never comes back; then the link is cut under it.
        const claiming = yield* Deferred.make<void>()
        const states = yield* recordStates(session, (state) =>
          state._tag === "Reclaiming" && state.generation === 2
            ? Effect.zipRight(proxy.stall, Deferred.succeed(claiming, undefined))
            : Effect.void
        )
        expect(yield* proxy.cut).toBe(1)
        yield* Deferred.await(claiming).pipe(Effect.timeout("10 seconds"))
        yield* Effect.sleep("300 millis") // time for the claim to reach Janus
        expect(yield* proxy.cut).toBe(1)

        const seen = yield* Fiber.join(states)
        expect(tagsOf(seen)).toEqual([
          "Active",
          "Disconnected",
          "Reclaiming",
          "Disconnected",
          "Reclaiming",
          "Reclaimed"
        ])
        expect(lastAs(seen, "Reclaimed").generation).toBe(3)
        yield* echo(handle)
        expect(yield* Admin.listHandles(session.id)).toEqual([handle.id])
      })
    )

    it.scoped("a frozen link is declared dead within the liveness bound (timeout) and the session is reclaimed", () =>
      Effect.gen(function* () {
        const { proxy, session, handle } = yield* echoSession({ transport: { liveness: "2 seconds" } })
        const states = yield* recordStates(session)

        const frozenAt = yield* Clock.currentTimeMillis
        expect(yield* proxy.freeze).toBe(1)
        const seen = yield* Fiber.join(states)
        expect(tagsOf(seen)).toEqual(["Active", "Disconnected", "Reclaiming", "Reclaimed"])
        const disconnected = seen[1] as Extract<Session.SessionState, { _tag: "Disconnected" }>
        expect(disconnected.cause).toMatchObject({ _tag: "TransportError", reason: "timeout" })
        const detection = disconnected.since - frozenAt
        console.log(`freeze: declared dead ${detection} ms after the freeze (liveness 2 s)`)
        // A bound, not a benchmark. The check samples the silence every half of the liveness (1 s) and the ping
        // then waits the other half: the worst case is 1.5 × 2 s after the last frame Janus sent, plus slack.
        expect(detection).toBeLessThanOrEqual(4000)
        yield* echo(handle)
        expect(yield* Admin.listHandles(session.id)).toEqual([handle.id])
      })
    )

    it.scoped("the reclaim window passed while Janus was unreachable: the session is Lost with 458 by default", () =>
      Effect.gen(function* () {
        const { proxy, session, handle } = yield* echoSession({
          transport: { reconnect: Schedule.spaced("500 millis") }
        })
        const expectLost = yield* watchLoss(session, handle)
        yield* proxy.setRefusing(true)
        expect(yield* proxy.cut).toBe(1)
        yield* awaitGone(session.id) // reclaim_session_timeout (6 s) expired on the server
        yield* proxy.setRefusing(false)
        yield* expectLost
      })
    )

    describe("Janus killed (SIGKILL) and restarted behind the same address", () => {
      /** A first Janus behind a proxy, a session with an EchoTest handle on it; `restart` kills it and starts a second. */
      const killable = (onLost?: Session.SessionOptions["onLost"]) =>
        Effect.gen(function* () {
          const first = yield* JanusServer.make(janusOptions)
          // The second server stops after the session and its transport have closed (as the first would have).
          const secondScope = yield* Scope.fork(yield* Effect.scope, ExecutionStrategy.sequential)
          const { proxy, session, handle } = yield* echoSession({ port: first.wsPort, session: { onLost } })
          const restart = Effect.gen(function* () {
            process.kill(first.pid, "SIGKILL")
            const second = yield* JanusServer.make(janusOptions).pipe(Scope.extend(secondScope))
            yield* proxy.retarget(second.wsPort)
            return second
          })
          return { session, handle, restart }
        })

      it.scoped("by default the refused claim ends the session: Lost with 458, not-found, streams fail", () =>
        Effect.gen(function* () {
          const { session, handle, restart } = yield* killable()
          const expectLost = yield* watchLoss(session, handle)
          yield* restart
          yield* expectLost
        })
      )

      it.scoped(
        'with onLost "recreate": Recreated with the old and new ids, the same handle value answers on the new server',
        () =>
          Effect.gen(function* () {
            const { session, handle, restart } = yield* killable("recreate")
            const oldSessionId = session.id
            const oldHandleId = handle.id
            const events = yield* countEvents(handle)
            const states = yield* recordStates(session)
            const second = yield* restart

            const seen = yield* Fiber.join(states)
            expect(tagsOf(seen)).toEqual(["Active", "Disconnected", "Reclaiming", "Recreated"])
            const recreated = lastAs(seen, "Recreated")
            expect(recreated.oldId).toBe(oldSessionId)
            expect(recreated.newId).toBe(session.id)
            expect(session.id).not.toBe(oldSessionId)
            expect(handle.id).not.toBe(oldHandleId)
            expect(recreated.handles).toEqual([{ plugin: echotest, oldId: oldHandleId, newId: handle.id }])

            yield* echo(handle)
            expect(yield* events.atLeast(1)).toBe(1) // handle.events carried on across the re-creation
            const admin = yield* Admin.make.pipe(
              Effect.provideService(JanusServer.JanusServer, second),
              Effect.provide(FetchHttpClient.layer)
            )
            expect(yield* admin.listSessions).toEqual([session.id])
            expect(yield* admin.listHandles(session.id)).toEqual([handle.id])
            expect((yield* admin.handleInfo(session.id, handle.id)).plugin).toBe(echotest)
          })
      )
    })
  })
})
