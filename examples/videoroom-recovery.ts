/**
 * Video room session recovery: a publisher and a subscriber carry on after the connection that owned their
 * session is lost.
 *
 *   create a room → publisher (werift: audio + video, `join` + `publish`) and subscriber (`join` with the feed,
 *   werift answers Janus's offer, `start`) → the subscriber receives RTP → the WebSocket is cut for real (TCP) →
 *   media keeps flowing while nobody owns the session, and a participant joins unseen → reconnect, claim the
 *   session, re-attach both handles by id (nothing sent) → `listparticipants` tells who is in the room → the
 *   subscriber still receives RTP, the publisher answers `configure`, the subscriber can `pause` and `start`.
 *
 * Run: `pnpm example:videoroom`. Needs `janus` and a C compiler (the loopback ICE shim of the e2e tests, see
 * e2e/README.md). Starts its own Janus unless `JANUS_URL` is set — that one must run on this machine with
 * `reclaim_session_timeout` > 0 and ICE on 127.0.0.1.
 */
import { type Common, VideoRoom } from "@effect-janus/plugins"
import { TcpProxy } from "@effect-janus/testing-janus"
import { Effect, Exit, Option, Scope } from "effect"
import * as Connect from "../e2e/src/Connect.js"
import * as Events from "../e2e/src/Events.js"
import * as RoomPeer from "../e2e/src/RoomPeer.js"
import { findJanus } from "./lib/localJanus.js"
import { say, step } from "./lib/narrate.js"
import { ExampleFailure, runExample } from "./lib/run.js"

const keepAlive = "5 seconds"

/** Counts the RTP the subscriber receives in one second and prints it; fails when fewer than `atLeast` arrive. */
const receiving = (tracks: RoomPeer.Tracks, when: string, atLeast = 10) =>
  Effect.gen(function* () {
    const count = yield* RoomPeer.countRtp(tracks)
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
  const link = yield* Scope.make()
  const first = yield* Effect.gen(function* () {
    // "abandon": should this connection's scope close, the session and its handles stay on the server.
    const session = yield* Connect.session(yield* Connect.connect(linkUrl), { onClose: "abandon", keepAlive })
    yield* say(`session ${session.id} created`)
    const publisher = yield* VideoRoom.attach(session)
    const subscriber = yield* VideoRoom.attach(session)
    yield* say(`handles attached: publisher ${publisher.handle.id}, subscriber ${subscriber.handle.id}`)
    return { session, publisher, subscriber }
  }).pipe(Scope.extend(link))
  const { publisher, subscriber } = first
  // Recordings of the core events (webrtcup) of the first connection's handles.
  const publisherEvents = yield* Events.record(publisher.handle.events)
  const subscriberEvents = yield* Events.record(subscriber.handle.events)

  const { room } = yield* publisher.create({ description: "effect-janus recovery demo", notify_joining: true })
  yield* say(`room ${room} created (notify_joining: participants are told when someone joins)`)
  const joined = yield* publisher.joinPublisher({ room, display: "alice" })
  yield* say(`joined as publisher "alice" (feed ${joined.id})`)
  // The peer connections live in the program's scope: they must outlive the first connection.
  const sent = yield* RoomPeer.publish(publisher, publisherEvents, { display: "alice" })
  const streams = (sent.configured.streams ?? []).map((s) => `${s.type} ${s.codec ?? ""}`.trim()).join(", ")
  yield* say(`published with werift's offer; Janus answered (${streams}); webrtcup`)
  yield* RoomPeer.sendRtp(sent.tracks)
  yield* say("werift sends audio and video RTP every 20 ms from now on")

  yield* step(2, `Subscribe to feed ${joined.id} on the second handle`)
  const received = yield* RoomPeer.subscribe(subscriber, subscriberEvents, {
    room,
    streams: [{ feed: joined.id }],
    ...(joined.private_id === undefined ? {} : { private_id: joined.private_id })
  })
  yield* say(`Janus offered ${received.attached.streams?.length ?? 0} streams; werift answered with start; webrtcup`)
  yield* receiving(received.tracks, "subscribed")

  yield* step(3, "The connection is lost (the TCP link is cut, no close handshake)")
  yield* say(`${yield* proxy.cut} connection cut`)
  const why = yield* first.session.awaitClosed.pipe(Effect.timeout("10 seconds"))
  yield* say(`the session noticed: ${why?.message ?? "closed"}`)
  yield* Scope.close(link, Exit.void)

  yield* step(4, "While nobody owns the session")
  yield* receiving(received.tracks, "no owner")
  yield* say("the PeerConnections do not depend on the WebSocket: media keeps flowing")
  const bob = yield* Connect.session(yield* Connect.connect(janus.wsUrl))
  const bobRoom = yield* VideoRoom.attach(bob)
  const bobJoined = yield* bobRoom.joinPublisher({ room, display: "bob" })
  yield* say(`"bob" joins room ${room} from another session (id ${bobJoined.id})`)
  yield* say("Janus sends alice a joining event — to no one: events are dropped while no connection owns")
  yield* say("the session, and never replayed")

  yield* step(5, `Reconnect, claim session ${first.session.id}, re-attach both handles by id`)
  const session = yield* Connect.session(yield* Connect.connect(linkUrl), { sessionId: first.session.id, keepAlive })
  yield* say(`session ${session.id} reclaimed (claimed: ${session.claimed}); keep-alive restarted every ${keepAlive}`)
  const publisher2 = yield* VideoRoom.reattach(session, publisher.handle.id)
  const subscriber2 = yield* VideoRoom.reattach(session, subscriber.handle.id)
  const roomEvents = yield* Events.record(publisher2.events)
  yield* say(`publisher ${publisher2.handle.id} and subscriber ${subscriber2.handle.id} re-attached (no new attach)`)

  yield* step(6, "What was lost, and the state to query instead")
  yield* Effect.sleep("1 second")
  const replayed = (yield* roomEvents.all).filter((event) => event._tag === "Joining")
  if (replayed.length > 0) {
    return yield* new ExampleFailure({ message: `the joining event arrived after all: ${JSON.stringify(replayed)}` })
  }
  yield* say("no joining event for bob arrived after the claim")
  const carol = yield* VideoRoom.attach(bob)
  const carolJoined = yield* carol.joinPublisher({ room, display: "carol" })
  const joining = yield* roomEvents.waitFor(
    "joining of carol",
    (event): event is Common.WithJsep<VideoRoom.Joining> =>
      event._tag === "Joining" && event.joining.id === carolJoined.id,
    "10 seconds"
  )
  yield* say(`"carol" joins now: alice's handle gets ${joining._tag} ${JSON.stringify(joining.joining)} at once`)
  yield* say("events flow again from the claim on; only what happened in the gap is lost")
  const participants = yield* publisher2.listParticipants({ room })
  const listed = participants.participants.map(
    (p) => `${p.display ?? p.id}${p.publisher === true ? " (publishing)" : ""}`
  )
  yield* say(`listparticipants(${room}) = ${listed.join(", ")}: the room as it is now,`)
  yield* say("bob included — query the state after a claim instead of relying on events")
  const alice = participants.participants.find((p) => p.id === joined.id)
  const present = (id: typeof joined.id) => participants.participants.some((p) => p.id === id)
  if (alice?.publisher !== true || !present(bobJoined.id) || !present(carolJoined.id)) {
    return yield* new ExampleFailure({ message: `unexpected participants: ${JSON.stringify(participants)}` })
  }
  if (Option.isSome(janus.server)) {
    const admin = yield* Connect.admin(janus.server.value)
    const handles = yield* admin.listHandles(session.id)
    const same = [...handles].sort().join() === [publisher.handle.id, subscriber.handle.id].sort().join()
    if (!same) return yield* new ExampleFailure({ message: `unexpected handles: [${handles.join(", ")}]` })
    yield* say(`Admin list_handles(${session.id}) = [${handles.join(", ")}]: the same two handles`)
  }

  yield* step(7, "Both handles carry on")
  yield* receiving(received.tracks, "after the claim")
  const configured = yield* publisher2.configurePublisher({ bitrate: 256_000 })
  yield* say(`publisher configure {bitrate: 256000} → configured: ${configured.configured}`)
  const paused = yield* subscriber2.pause()
  yield* say(`subscriber pause → paused: ${paused.paused}`)
  yield* Effect.sleep("500 millis") // let packets already on their way arrive
  const quiet = yield* RoomPeer.countRtp(received.tracks)
  yield* say(`paused: ${quiet.audio} audio and ${quiet.video} video RTP packets in 1 s`)
  if (quiet.audio + quiet.video > 5) {
    return yield* new ExampleFailure({ message: `RTP kept coming while paused (${JSON.stringify(quiet)})` })
  }
  const started = yield* subscriber2.start()
  yield* say(`subscriber start → started: ${started.started}`)
  yield* receiving(received.tracks, "resumed")

  yield* step(8, "Done")
  const destroyed = yield* publisher2.destroy({ room })
  yield* say(`room ${destroyed.room} destroyed; closing the scope destroys both sessions and stops werift and Janus`)
})

runExample(program, "150 seconds")
