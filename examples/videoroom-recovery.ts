/**
 * Video room session recovery: a publisher and a subscriber carry on after the network drops — with no reconnect
 * code.
 *
 *   create a room → publisher (a PeerConnection of `@effect-janus/webrtc`, werift under Node: audio + video, `join` +
 *   `publish` with its offer; re-sync: `listparticipants`) and subscriber (`join` with the feed, the PeerConnection
 *   answers Janus's offer in `start`) → the subscriber receives RTP → the
 *   network goes down (the link is cut and new connections are refused) → media keeps flowing while nobody owns the
 *   session, and a participant joins unseen → the network is back: the transport reconnects, the session claims
 *   itself, the re-sync lists who is in the room, both PeerConnections restart ICE (`Peer.restartIceOnReclaim`) → the
 *   subscriber still receives RTP, the same publisher handle
 *   answers `configure`, the same subscriber handle can `pause` and `start`.
 *
 * Run: `pnpm example:videoroom`. Needs `janus` and a C compiler (the harness's loopback ICE shim, see
 * testing/janus-server/native/loopback_ice_shim.c). Starts its own Janus unless `JANUS_URL` is set — that one must run on this machine with
 * `reclaim_session_timeout` > 0 and ICE on 127.0.0.1. The test harness only starts Janus and cuts the link.
 */
import { NodeSocket } from "@effect/platform-node"
import { JanusTransport, Session, type JanusTransport as Transport } from "@effect-janus/core"
import { type Common, VideoRoom } from "@effect-janus/plugins"
import { TcpProxy } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { MediaState, Peer } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect, Option, Ref, Stream } from "effect"
import { nextMatching, nextReclaim } from "./lib/events.js"
import { findJanus } from "./lib/localJanus.js"
import { say, step, watchConnection, watchSession } from "./lib/narrate.js"
import { ExampleFailure, runExample } from "./lib/run.js"

const connect = (url: string) =>
  WebSocketTransport.make({ url, liveness: "10 seconds" }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor))

const session = (transport: Transport) =>
  Session.make({ keepAlive: "5 seconds" }).pipe(Effect.provideService(JanusTransport, transport))

/** Waits (20 s at most) until media flows on the peer: connected, and Janus said `webrtcup`. */
const mediaUp = (peer: Peer.Peer) => Peer.awaitUp(peer).pipe(Effect.timeout("20 seconds"))

/** Waits (20 s at most) until the peer has finished an ICE restart and media is up again; returns how many so far. */
const iceRestarted = (peer: Peer.Peer) =>
  peer.mediaState.changes.pipe(
    Stream.filter((state) => state.iceRestarts > 0 && MediaState.isUp(state)),
    Stream.runHead,
    Effect.flatten,
    Effect.map((state) => state.iceRestarts),
    Effect.timeout("20 seconds")
  )

/** Counts the RTP the subscriber receives in one second and prints it; fails when fewer than `atLeast` arrive. */
const receiving = (tracks: Record<"audio" | "video", Werift.Track>, when: string, atLeast = 10) =>
  Effect.gen(function* () {
    const count = yield* Werift.countRtp(tracks)
    yield* say(`${when}: the subscriber received ${count.audio} audio and ${count.video} video RTP packets in 1 s`)
    if (count.audio < atLeast || count.video < atLeast) {
      return yield* new ExampleFailure({ message: `${when}: too little RTP (${JSON.stringify(count)})` })
    }
  })

const program = Effect.gen(function* () {
  yield* step(0, "Janus (WebRTC media on 127.0.0.1) and a cuttable link")
  const janus = yield* findJanus({ sessionTimeout: 20, reclaimTimeout: 30, media: true })
  const proxy = yield* TcpProxy.make({ host: janus.wsHost, port: janus.wsPort })
  const linkUrl = `ws://127.0.0.1:${proxy.port}`
  yield* say(`a cuttable TCP link ${linkUrl} → ${janus.wsUrl} stands in for the network`)

  yield* step(1, "Connect through the link, create a session, create a room, publish audio and video")
  const transport = yield* connect(linkUrl)
  yield* watchConnection(transport)
  const alice = yield* session(transport)
  yield* watchSession(alice)
  const roomRef = yield* Ref.make<number | string>(0)
  // Janus drops the events of the gap (who joined, who left): after each reclaim, list the room instead.
  const publisher = yield* VideoRoom.attach(alice, {
    resync: (handle) =>
      Effect.flatMap(Ref.get(roomRef), (room) => VideoRoom.make(handle).listParticipants({ room })).pipe(
        Effect.tap(({ participants }) =>
          say(
            `re-sync: listparticipants → ${participants
              .map((p) => String(p.display ?? p.id))
              .sort()
              .join(", ")}`
          )
        )
      )
  })
  const subscriber = yield* VideoRoom.attach(alice)
  yield* say(`handles attached: publisher ${publisher.handle.id}, subscriber ${subscriber.handle.id}`)
  // Every room event of the publisher's handle, across the gap: to show which ones never arrive.
  const seen = yield* Ref.make<ReadonlyArray<Common.WithJsep<VideoRoom.Event>>>([])
  yield* publisher.events.pipe(
    Stream.runForEach((event) => Ref.update(seen, (events) => [...events, event])),
    Effect.forkScoped
  )

  const { room } = yield* publisher.create({ description: "effect-janus recovery demo", notify_joining: true })
  yield* Ref.set(roomRef, room)
  yield* say(`room ${room} created (notify_joining: participants are told when someone joins)`)
  const joined = yield* publisher.joinPublisher({ room, display: "alice" })
  yield* say(`joined as publisher "alice" (feed ${joined.id})`)
  // A PeerConnection for the publisher's handle (@effect-janus/webrtc, werift under Node): our offer goes with publish,
  // Janus's answer comes back in its reply, our candidates are trickled.
  const sending = yield* Peer.make(publisher.handle)
  const outgoing = { audio: Werift.makeTrack("audio"), video: Werift.makeTrack("video") }
  sending.connection.addTransceiver(outgoing.audio, { direction: "sendonly" })
  sending.connection.addTransceiver(outgoing.video, { direction: "sendonly" })
  const configured = yield* VideoRoom.publishPeer(publisher, sending, { display: "alice" })
  yield* mediaUp(sending)
  const streams = (configured.streams ?? []).map((s) => `${s.type} ${s.codec ?? ""}`.trim()).join(", ")
  yield* say(`published with werift's offer; Janus answered (${streams}); webrtcup`)
  yield* Werift.sendRtp([outgoing.audio, outgoing.video])
  yield* say("werift sends audio and video RTP every 20 ms from now on")

  yield* step(2, `Subscribe to feed ${joined.id} on the second handle`)
  const receivingPeer = yield* Peer.make(subscriber.handle)
  const { attached } = yield* VideoRoom.subscribePeer(subscriber, receivingPeer, {
    room,
    streams: [{ feed: joined.id }],
    ...(joined.private_id === undefined ? {} : { private_id: joined.private_id })
  })
  yield* mediaUp(receivingPeer)
  const tracks = yield* Werift.remoteTracks(receivingPeer, ["audio", "video"]).pipe(Effect.timeout("10 seconds"))
  yield* say(`Janus offered ${attached.streams?.length ?? 0} streams; werift answered with start; webrtcup`)
  // After every reclaim, both PeerConnections restart ICE (a network change needs fresh ICE paths): the publisher
  // offers anew in configure, the subscriber asks Janus for a new offer (configure with restart: true).
  yield* Peer.restartIceOnReclaim(sending, alice.state, VideoRoom.publisherIceRestart(publisher))
  yield* Peer.restartIceOnReclaim(receivingPeer, alice.state, VideoRoom.subscriberIceRestart(subscriber))
  yield* say("ICE restarts armed for every reclaim of the session (Peer.restartIceOnReclaim)")
  yield* receiving(tracks, "subscribed")

  yield* step(3, "The network goes down: the link is cut and new connections are refused")
  const reclaimed = yield* nextReclaim(alice)
  yield* proxy.setRefusing(true)
  yield* say(`${yield* proxy.cut} connection cut`)

  yield* step(4, "While nobody owns the session")
  yield* receiving(tracks, "no owner")
  yield* say("the PeerConnections do not depend on the WebSocket: media keeps flowing")
  const before = (yield* Ref.get(seen)).length
  const others = yield* session(yield* connect(janus.wsUrl))
  const bob = yield* VideoRoom.attach(others)
  const bobJoined = yield* bob.joinPublisher({ room, display: "bob" })
  yield* say(`"bob" joins room ${room} from another session (id ${bobJoined.id})`)
  yield* say("Janus sends alice a joining event — to no one: events are dropped while no connection owns")
  yield* say("the session, and never replayed")

  yield* step(5, "The network is back: the transport reconnects, the session claims itself, the re-sync runs")
  yield* proxy.setRefusing(false)
  const back = yield* reclaimed
  yield* say(`session ${alice.id} reclaimed after a gap of ${back.gap} ms; both handles are the same values`)
  const restarts = yield* Effect.all([iceRestarted(sending), iceRestarted(receivingPeer)])
  yield* say(`ICE restarted on both PeerConnections (publisher ${restarts[0]}, subscriber ${restarts[1]} restart)`)

  yield* step(6, "What was lost, and the state to query instead")
  yield* Effect.sleep("1 second")
  const replayed = (yield* Ref.get(seen)).slice(before).filter((event) => event._tag === "Joining")
  if (replayed.length > 0) {
    return yield* new ExampleFailure({ message: `the joining event arrived after all: ${JSON.stringify(replayed)}` })
  }
  yield* say("no joining event for bob arrived after the reclaim")
  const carolJoining = yield* nextMatching(
    publisher.events,
    "joining of carol",
    (event): event is Common.WithJsep<VideoRoom.Joining> =>
      event._tag === "Joining" && event.joining.display === "carol",
    "10 seconds"
  )
  const carol = yield* VideoRoom.attach(others)
  yield* carol.joinPublisher({ room, display: "carol" })
  const joining = yield* carolJoining
  yield* say(`"carol" joins now: alice's handle gets ${joining._tag} ${JSON.stringify(joining.joining)} at once`)
  yield* say("events flow again from the reclaim on; only what happened in the gap is lost")
  const participants = yield* publisher.listParticipants({ room })
  const listed = participants.participants.map(
    (p) => `${p.display ?? p.id}${p.publisher === true ? " (publishing)" : ""}`
  )
  yield* say(`listparticipants(${room}) = ${listed.join(", ")}: the room as it is now,`)
  yield* say("bob included — query the state after a reclaim instead of relying on events")
  const aliceListed = participants.participants.find((p) => p.id === joined.id)
  const present = (id: typeof joined.id) => participants.participants.some((p) => p.id === id)
  if (aliceListed?.publisher !== true || !present(bobJoined.id)) {
    return yield* new ExampleFailure({ message: `unexpected participants: ${JSON.stringify(participants)}` })
  }
  if (Option.isSome(janus.admin)) {
    const { handles } = yield* janus.admin.value.listHandles({ sessionId: alice.id })
    const same = [...handles].sort().join() === [publisher.handle.id, subscriber.handle.id].sort().join()
    if (!same) return yield* new ExampleFailure({ message: `unexpected handles: [${handles.join(", ")}]` })
    yield* say(`Admin list_handles(${alice.id}) = [${handles.join(", ")}]: the same two handles`)
  }

  yield* step(7, "Both handles carry on")
  yield* receiving(tracks, "after the reclaim")
  const reconfigured = yield* publisher.configurePublisher({ bitrate: 256_000 })
  yield* say(`publisher configure {bitrate: 256000} → configured: ${reconfigured.configured}`)
  const paused = yield* subscriber.pause()
  yield* say(`subscriber pause → paused: ${paused.paused}`)
  yield* Effect.sleep("500 millis") // let packets already on their way arrive
  const quiet = yield* Werift.countRtp(tracks)
  yield* say(`paused: ${quiet.audio} audio and ${quiet.video} video RTP packets in 1 s`)
  if (quiet.audio + quiet.video > 5) {
    return yield* new ExampleFailure({ message: `RTP kept coming while paused (${JSON.stringify(quiet)})` })
  }
  const started = yield* subscriber.start()
  yield* say(`subscriber start → started: ${started.started}`)
  yield* receiving(tracks, "resumed")

  yield* step(8, "Done")
  const destroyed = yield* publisher.destroy({ room })
  yield* say(`room ${destroyed.room} destroyed; closing the scope destroys both sessions and stops werift and Janus`)
})

// The WebRTC stack: werift, with ICE on 127.0.0.1 only (the Janus started here gathers 127.0.0.1 candidates).
runExample(program.pipe(Effect.provide(Werift.layer({ loopback: true }))), "150 seconds")
