import { NodeSocket } from "@effect/platform-node"
import { describe, expect, layer } from "@effect/vitest"
import { JanusTransport, Session } from "@effect-janus/core"
import { JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Effect, Either, Option, Schedule, Stream, SubscriptionRef } from "effect"
import { type Common, VideoRoom } from "../src/index.js"
import { freshId, openSession, recordEvents } from "./support.js"

// A reclaim window long enough for the gap the test holds open (Janus destroys a dropped WebSocket's sessions at once
// with the default 0).
const server = JanusServer.layer({ reclaimTimeout: 20 })

describe("re-sync on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped(
      "VideoRoom: after a cut, the re-sync shows the participant who joined in the gap (Janus sent no event)",
      () =>
        Effect.gen(function* () {
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
          const room = yield* freshId
          const latest = yield* SubscriptionRef.make(Option.none<Common.Resynced<VideoRoom.Participants>>())
          const alice = yield* VideoRoom.attach(session, {
            resync: VideoRoom.resync({ room }, (resynced) => SubscriptionRef.set(latest, Option.some(resynced)))
          })
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
          expect(Option.isNone(yield* SubscriptionRef.get(latest))).toBe(true)
          yield* proxy.setRefusing(false)

          const resynced = yield* latest.changes.pipe(
            Stream.filterMap((value) => value),
            Stream.runHead,
            Effect.flatten,
            Effect.timeout("20 seconds")
          )
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
})
