import { NodeSocket } from "@effect/platform-node"
import { describe, expect, layer } from "@effect/vitest"
import { type JanusSession, JanusTransport, Session } from "@effect-janus/core"
import { JanusServer, LocalStun, MediaJanus, TcpProxy } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { MediaState, Peer } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect, Layer, Option, Stream } from "effect"
import { EchoTest, VideoRoom } from "../src/index.js"
import { freshId, openSession } from "./support.js"

/** werift on 127.0.0.1 with a STUN server of its own there (see `Werift.loopbackConfig`). */
const webRtc = Layer.unwrapScoped(Effect.map(LocalStun.make, (stunPort) => Werift.layer({ loopback: true, stunPort })))

/** The `a=ice-ufrag` of an SDP: ICE restarted when it changes. */
const ufrag = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? "")?.[1]

/** A peer on `handle` with a new werift audio and video track, added in `direction`. */
const peerWithTracks = (handle: Peer.Peer["handle"], direction: "sendrecv" | "sendonly") =>
  Effect.gen(function* () {
    const peer = yield* Peer.make(handle)
    return { peer, ...(yield* Werift.addTracks(peer, ["audio", "video"], direction)) }
  })

/** Joins `room` as publisher `display`, publishes audio and video, waits for the media and sends RTP. */
const publisher = (session: JanusSession, room: number, display: string) =>
  Effect.gen(function* () {
    const videoRoom = yield* VideoRoom.attach(session)
    const joined = yield* videoRoom.joinPublisher({ room, display })
    const { peer, audio, video } = yield* peerWithTracks(videoRoom.handle, "sendonly")
    const configured = yield* VideoRoom.publishPeer(videoRoom, peer)
    expect(configured).toMatchObject({ _tag: "Configured", jsep: { type: "answer" } })
    yield* Peer.awaitUp(peer)
    yield* Werift.sendRtp([audio, video])
    return { videoRoom, peer, id: joined.id }
  })

/**
 * The remote werift audio and video tracks of `peer` in the m-lines that carry `feed` in a subscription's `streams`
 * (werift fires `track` again for the m-lines it already had on each renegotiation: tracks are found by mid).
 */
const tracksOf = (peer: Peer.Peer, streams: VideoRoom.Updated["streams"], feed: string | number) => {
  const mids = (streams ?? []).filter((stream) => stream.feed_id === feed).map((stream) => stream.mid)
  return peer.tracks.pipe(
    Stream.filter((event) => mids.includes(event.transceiver.mid ?? "")),
    Stream.map((event) => Werift.track(event.track)!),
    Stream.scan({} as Record<string, Werift.Track>, (found, track) => ({ ...found, [track.kind]: track })),
    Stream.filter((found) => found.audio !== undefined && found.video !== undefined),
    Stream.runHead,
    Effect.map((found) => Option.getOrThrow(found) as { audio: Werift.Track; video: Werift.Track })
  )
}

describe("media flows of the plugin wrappers (werift over loopback, real Janus)", () => {
  JanusServer.printLogOnFailure()

  layer(Layer.merge(MediaJanus.layer({ reclaimTimeout: 30 }), webRtc), {
    timeout: "90 seconds",
    excludeTestServices: true
  })((it) => {
    it.scoped("EchoTest: call with audio, video and a data channel; an ICE restart by hand; media after it", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const echoTest = yield* EchoTest.attach(session)
        const { peer, audio, video } = yield* peerWithTracks(echoTest.handle, "sendrecv")
        const channel = yield* peer.createDataChannel("chat")

        const ok = yield* EchoTest.call(echoTest, peer)
        expect(ok).toMatchObject({ _tag: "Ok", result: "ok", jsep: { type: "answer" } })
        yield* Peer.awaitUp(peer)
        yield* channel.awaitOpen
        const replies = yield* channel.subscribe
        yield* channel.send("ping")
        expect([...(yield* replies.pipe(Stream.take(1), Stream.runCollect))]).toEqual([
          "Janus EchoTest here! You wrote: ping"
        ])
        const remote = yield* Werift.remoteTracks(peer, ["audio", "video"])
        expect(yield* Werift.rtpEcho(audio, remote.audio, "a1")).toBeGreaterThanOrEqual(25)

        const before = ufrag(peer.connection.remoteDescription?.sdp)
        yield* peer.restartIce(EchoTest.iceRestart(echoTest))
        expect(ufrag(peer.connection.remoteDescription?.sdp)).not.toBe(before)
        expect((yield* peer.mediaState.get).iceRestarts).toBe(1)
        // Sequence numbers go on from the first round: SRTP drops replayed ones.
        expect(yield* Werift.rtpEcho(audio, remote.audio, "a2", 50, 50)).toBeGreaterThanOrEqual(25)
        expect(yield* Werift.rtpEcho(video, remote.video, "v1")).toBeGreaterThanOrEqual(25)
      })
    )

    it.scoped(
      "VideoRoom: publisher → subscriber RTP; a second publisher subscribed to and gone (renegotiated); ICE restarts",
      () =>
        Effect.gen(function* () {
          const session = yield* openSession
          const admin = yield* VideoRoom.attach(session)
          const room = yield* freshId
          yield* admin.create({ room, publishers: 4 })
          const first = yield* publisher(session, room, "first")

          const subscriber = yield* VideoRoom.attach(session)
          const peer = yield* Peer.make(subscriber.handle)
          yield* VideoRoom.answerUpdates(subscriber, peer)
          const subscription = yield* VideoRoom.subscribePeer(subscriber, peer, { room, streams: [{ feed: first.id }] })
          expect(subscription.attached.streams?.map((stream) => stream.feed_id)).toEqual([first.id, first.id])
          expect(subscription.started).toMatchObject({ _tag: "Started", started: "ok" })
          yield* Peer.awaitUp(peer)
          const fromFirst = yield* tracksOf(peer, subscription.attached.streams, first.id)
          const counted = yield* Werift.countRtp(fromFirst)
          expect(counted.audio).toBeGreaterThan(10)
          expect(counted.video).toBeGreaterThan(10)

          // A second publisher: we ask for its streams, the renegotiation offer is answered by `answerUpdates`.
          const second = yield* publisher(session, room, "second")
          const events = yield* subscriber.subscribeEvents
          const updated = yield* subscriber.subscribe({ streams: [{ feed: second.id }] })
          expect(updated).toMatchObject({ _tag: "Updated", jsep: { type: "offer" } })
          const fromSecond = yield* tracksOf(peer, updated._tag === "Updated" ? updated.streams : [], second.id)
          yield* events.pipe(
            Stream.filter((event) => event._tag === "Started"),
            Stream.runHead
          )
          const both = yield* Werift.countRtp({ ...fromSecond, firstVideo: fromFirst.video })
          expect(both.audio).toBeGreaterThan(10)
          expect(both.video).toBeGreaterThan(10)
          expect(both.firstVideo).toBeGreaterThan(10)

          // The second publisher stops publishing (a `leave` alone keeps its PeerConnection in Janus 1.1.2): Janus
          // offers a subscription without its streams, answered likewise.
          const afterLeave = yield* subscriber.subscribeEvents
          yield* second.videoRoom.unpublish()
          const seen = yield* afterLeave.pipe(
            Stream.map((event) => event._tag),
            Stream.filter((tag) => tag === "Updated" || tag === "Started"),
            Stream.take(2),
            Stream.runCollect
          )
          expect([...seen]).toEqual(["Updated", "Started"])
          const left = yield* Werift.countRtp({ ...fromFirst, secondVideo: fromSecond.video })
          expect(left.audio).toBeGreaterThan(10)
          expect(left.video).toBeGreaterThan(10)
          expect(left.secondVideo).toBe(0)

          // ICE restarts: the subscriber's (Janus offers), then the publisher's (it offers); media goes on.
          const subscriberIce = ufrag(peer.connection.localDescription?.sdp)
          yield* peer.restartIce(VideoRoom.subscriberIceRestart(subscriber))
          expect(ufrag(peer.connection.localDescription?.sdp)).not.toBe(subscriberIce)
          const publisherIce = ufrag(first.peer.connection.localDescription?.sdp)
          yield* first.peer.restartIce(VideoRoom.publisherIceRestart(first.videoRoom))
          expect(ufrag(first.peer.connection.localDescription?.sdp)).not.toBe(publisherIce)
          expect(MediaState.isUp(yield* peer.mediaState.get)).toBe(true)
          const restarted = yield* Werift.countRtp(fromFirst)
          expect(restarted.audio).toBeGreaterThan(10)
          expect(restarted.video).toBeGreaterThan(10)
        })
    )

    it.scoped("VideoRoom across a cut WebSocket: reclaimed, both peers restart ICE by themselves, RTP flows on", () =>
      Effect.gen(function* () {
        const server = yield* JanusServer.JanusServer
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: server.wsPort })
        const transport = yield* WebSocketTransport.make({
          url: `ws://127.0.0.1:${proxy.port}`,
          requestTimeout: "10 seconds"
        }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor))
        const session = yield* Session.make({ keepAlive: "10 seconds", eventTimeout: "10 seconds" }).pipe(
          Effect.provideService(JanusTransport, transport)
        )
        const admin = yield* VideoRoom.attach(session)
        const room = yield* freshId
        yield* admin.create({ room, publishers: 2 })
        const published = yield* publisher(session, room, "publisher")
        const subscriber = yield* VideoRoom.attach(session)
        const peer = yield* Peer.make(subscriber.handle)
        yield* VideoRoom.answerUpdates(subscriber, peer)
        const { attached } = yield* VideoRoom.subscribePeer(subscriber, peer, {
          room,
          streams: [{ feed: published.id }]
        })
        yield* Peer.awaitUp(peer)
        const incoming = yield* tracksOf(peer, attached.streams, published.id)
        yield* Peer.restartIceOnReclaim(
          published.peer,
          session.state,
          VideoRoom.publisherIceRestart(published.videoRoom)
        )
        yield* Peer.restartIceOnReclaim(peer, session.state, VideoRoom.subscriberIceRestart(subscriber))

        expect(yield* proxy.cut).toBeGreaterThan(0)
        const restarted = (candidate: Peer.Peer) =>
          candidate.mediaState.changes.pipe(
            Stream.filter((state) => state.iceRestarts === 1),
            Stream.runHead
          )
        yield* Effect.all([restarted(published.peer), restarted(peer)], { concurrency: 2 })
        expect((yield* session.state.get)._tag).toBe("Reclaimed")

        const atRestart = yield* Peer.packetsReceived(peer)
        const after = yield* Werift.countRtp(incoming)
        expect(after.audio).toBeGreaterThan(10)
        expect(after.video).toBeGreaterThan(10)
        const later = yield* Peer.packetsReceived(peer)
        expect(later.video).toBeGreaterThan(atRestart.video ?? 0)
      })
    )
  })
})
