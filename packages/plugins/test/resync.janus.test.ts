import { NodeSocket } from "@effect/platform-node"
import { describe, expect, layer } from "@effect/vitest"
import { JanusTransport, Session } from "@effect-janus/core"
import { JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Effect, Either, Option, Schedule, Stream, SubscriptionRef } from "effect"
import { type Common, Sip, VideoRoom } from "../src/index.js"
import { runSipp, scenario, sipOnLoopback } from "./sipp.js"
import { freshId, openSession, recordEvents } from "./support.js"

/**
 * A session over a WebSocket through a TcpProxy (to cut), reconnecting every 200 ms. The server needs a reclaim
 * window (`reclaimTimeout`): with Janus's default 0 a dropped WebSocket's sessions are destroyed at once.
 */
const proxiedSession = Effect.gen(function* () {
  const janus = yield* JanusServer.JanusServer
  const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })
  const transport = yield* WebSocketTransport.make({
    url: `ws://127.0.0.1:${proxy.port}`,
    requestTimeout: "10 seconds",
    reconnect: Schedule.spaced("200 millis")
  }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor))
  const session = yield* Session.make({ keepAlive: "10 seconds", eventTimeout: "10 seconds" }).pipe(
    Effect.provideService(JanusTransport, transport)
  )
  return { proxy, session }
})

/** A SubscriptionRef for the app's side of a re-sync, and the `onResync` that fills it. */
const latestOf = <A, E>() =>
  Effect.map(SubscriptionRef.make(Option.none<Common.Resynced<A, E>>()), (ref) => ({
    onResync: (resynced: Common.Resynced<A, E>) => SubscriptionRef.set(ref, Option.some(resynced)),
    get: SubscriptionRef.get(ref),
    /** The first value published (within 20 s). */
    first: ref.changes.pipe(
      Stream.filterMap((value) => value),
      Stream.runHead,
      Effect.flatten,
      Effect.timeout("20 seconds")
    )
  }))

describe("re-sync on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer({ reclaimTimeout: 20 }), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped(
      "VideoRoom: after a cut, the re-sync shows the participant who joined in the gap (Janus sent no event)",
      () =>
        Effect.gen(function* () {
          const { proxy, session } = yield* proxiedSession
          const room = yield* freshId
          const latest = yield* latestOf<VideoRoom.Participants, unknown>()
          const alice = yield* VideoRoom.attach(session, { resync: VideoRoom.resync({ room }, latest.onResync) })
          const events = yield* recordEvents(alice)
          yield* alice.create({ room, notify_joining: true })
          yield* alice.joinPublisher({ room, display: "alice" })

          // The others join from their own session, straight to Janus. While alice's link is up Janus tells her.
          const others = yield* openSession
          yield* Effect.flatMap(VideoRoom.attach(others), (carol) =>
            carol.joinPublisher({ room, id: 1001, display: "carol" })
          )
          yield* events.waitFor("Joining", (event) => event.joining.id === 1001)

          // The gap: the link is cut and the proxy refuses new connections until bob has joined.
          yield* proxy.setRefusing(true)
          expect(yield* proxy.cut).toBe(1)
          yield* session.state.changes.pipe(
            Stream.takeUntil((state) => state._tag === "Disconnected"),
            Stream.runDrain
          )
          yield* Effect.flatMap(VideoRoom.attach(others), (bob) =>
            bob.joinPublisher({ room, id: 1002, display: "bob" })
          )
          expect(Option.isNone(yield* latest.get)).toBe(true)
          yield* proxy.setRefusing(false)

          const resynced = yield* latest.first
          expect(resynced.recovery._tag).toBe("Reclaimed")
          const participants = Either.getOrThrow(resynced.result).participants
          expect(participants.map((p) => p.display).sort()).toEqual(["alice", "bob", "carol"])
          expect(participants.find((p) => p.display === "bob")?.id).toBe(1002)
          // The same handle carries on after the reclaim.
          expect((yield* alice.listParticipants({ room })).participants).toHaveLength(3)
          // Janus dropped bob's `joining` while nobody owned alice's session, and did not replay it after the claim
          // (two answered requests later, a replay would have arrived).
          const joinings = (yield* events.all).flatMap((event) => (event._tag === "Joining" ? [event.joining.id] : []))
          expect(joinings).toEqual([1001])
        })
    )
  })

  layer(JanusServer.layer({ reclaimTimeout: 20, configure: sipOnLoopback }), {
    timeout: "60 seconds",
    excludeTestServices: true
  })((it) => {
    it.scoped(
      "Sip: after a cut, the re-sync registers again (refresh: true) and the registrar's verdict reaches the app",
      () =>
        Effect.gen(function* () {
          const sipp = yield* runSipp(scenario("registrar-refresh.xml"), 2)
          const { proxy, session } = yield* proxiedSession
          const credentials = { username: "sip:alice@127.0.0.1", secret: "unused", proxy: `sip:127.0.0.1:${sipp.port}` }
          const latest = yield* latestOf<Sip.Registered | Sip.RegistrationFailed, unknown>()
          const sip = yield* Sip.attach(session, { resync: Sip.resync(credentials, latest.onResync) })
          expect(yield* sip.registerAndAwait(credentials)).toMatchObject({ _tag: "Registered" })
          // A plain `register` on a registered handle is refused: hence `refresh: true` in the re-sync.
          const again = yield* Effect.flip(sip.register(credentials))
          expect(again).toMatchObject({ _tag: "PluginError", code: 445 })
          expect(yield* proxy.cut).toBe(1)

          const resynced = yield* latest.first
          expect(resynced.recovery._tag).toBe("Reclaimed")
          expect(Either.getOrThrow(resynced.result)).toMatchObject({
            _tag: "Registered",
            result: { event: "registered", username: "alice" }
          })
          // The registrar saw the REGISTER, then (the re-sync) an un-REGISTER of that binding and a new REGISTER.
          expect(yield* sipp.process.exitCode).toBe(0)
          const expires = [...(yield* sipp.messages).matchAll(/^REGISTER sip:[\s\S]*?^Expires: (\d+)/gm)].map(
            (m) => m[1]
          )
          expect(expires).toEqual(["3600", "0", "3600"])
        })
    )
  })
})
