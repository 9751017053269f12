/**
 * VoIP call reconnection: a SIP registration survives a lost connection, and the next call is answered on it —
 * with no reconnect code.
 *
 *   session + SIP handle (with a re-sync effect: refresh the registration), REGISTER at a registrar → the network
 *   goes down (the link is cut and new connections are refused) → the transport keeps trying → a caller rings and
 *   gives up while nobody owns the session (those events are lost) → the network is back: the transport reconnects,
 *   the session claims itself, the re-sync refreshes the registration → a new call arrives as `incomingcall` on
 *   the same handle → accept it with a PeerConnection of `@effect-janus/webrtc` (`Sip.acceptCall`; werift under
 *   Node), RTP flows → hang up.
 *
 * Run: `pnpm example:voip`. Needs `janus`, `sipp` (Debian: janus, sip-tester) and a C compiler (the harness's
 * loopback ICE shim, see testing/janus-server/native/loopback_ice_shim.c). Starts its own Janus unless `JANUS_URL` is set — that one must run on this
 * machine with `reclaim_session_timeout` > 0, its SIP plugin and ICE on 127.0.0.1. The test harness
 * (`@effect-janus/testing-janus`) only starts Janus and sipp and cuts the link.
 */
import { fileURLToPath } from "node:url"
import { NodeSocket } from "@effect/platform-node"
import { JanusTransport, Session } from "@effect-janus/core"
import { Sip } from "@effect-janus/plugins"
import { Sipp, TcpProxy } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Peer } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect, Option, Ref, Stream } from "effect"
import { is, nextMatching, nextReclaim } from "./lib/events.js"
import { findJanus } from "./lib/localJanus.js"
import { say, step, watchConnection, watchSession } from "./lib/narrate.js"
import { ExampleFailure, runExample } from "./lib/run.js"

const user = "erin"
const scenario = (name: string) => fileURLToPath(new URL(`./sipp/${name}.xml`, import.meta.url))

const program = Effect.gen(function* () {
  yield* step(0, "Janus (SIP plugin and WebRTC media on 127.0.0.1), a SIP registrar (sipp), a cuttable link")
  const janus = yield* findJanus({ sessionTimeout: 20, reclaimTimeout: 30, media: true })
  const registrar = yield* Sipp.registrar
  yield* say(`registrar at ${registrar.uri}`)
  const proxy = yield* TcpProxy.make({ host: janus.wsHost, port: janus.wsPort })
  const linkUrl = `ws://127.0.0.1:${proxy.port}`
  yield* say(`a cuttable TCP link ${linkUrl} → ${janus.wsUrl} stands in for the network`)
  // The registrar accepts any secret; the SIP plugin needs one to send a REGISTER at all.
  const registration = { username: `sip:${user}@127.0.0.1`, secret: "not-checked", proxy: registrar.uri }

  yield* step(1, `Connect, create a session, attach SIP (re-sync: refresh the registration), REGISTER as ${user}`)
  const transport = yield* WebSocketTransport.make({ url: linkUrl, liveness: "10 seconds" }).pipe(
    Effect.provide(NodeSocket.layerWebSocketConstructor)
  )
  yield* watchConnection(transport)
  const session = yield* Session.make({ keepAlive: "5 seconds" }).pipe(Effect.provideService(JanusTransport, transport))
  yield* watchSession(session)
  // Janus drops the events of the gap: after each reclaim, ask the registrar again (the SIP plugin has no status
  // request, but a REGISTER refresh answers with the registrar's verdict).
  const sip = yield* Sip.attach(session, {
    resync: (handle) =>
      Sip.make(handle)
        .registerAndAwait({ ...registration, refresh: true })
        .pipe(Effect.tap((verdict) => say(`re-sync: register {refresh: true} → ${verdict.result.event}`)))
  })
  yield* say(`SIP handle ${sip.handle.id} attached`)
  // Every SIP event of the handle, across the gap: to show which ones never arrive.
  const seen = yield* Ref.make<ReadonlyArray<string>>([])
  yield* sip.events.pipe(
    Stream.runForEach((event) => Ref.update(seen, (tags) => [...tags, event._tag])),
    Effect.forkScoped
  )
  const verdict = yield* sip.registerAndAwait(registration)
  if (verdict._tag !== "Registered") {
    return yield* new ExampleFailure({ message: `registration failed: ${JSON.stringify(verdict.result)}` })
  }
  yield* say(`${verdict.result.event}: sip:${user}@127.0.0.1 at ${registrar.uri}`)
  const contact = yield* registrar.contactOf(user)
  yield* say(`the registrar knows ${user} at ${contact.host}:${contact.port} (the handle's own SIP port)`)

  yield* step(2, "The network goes down: the link is cut and new connections are refused")
  const reclaimed = yield* nextReclaim(session)
  yield* proxy.setRefusing(true)
  yield* say(`${yield* proxy.cut} connection cut; Janus keeps session ${session.id} for reclaim_session_timeout`)
  yield* Effect.sleep("1 second")

  yield* step(3, "While nobody owns the session, a caller rings and gives up")
  const before = (yield* Ref.get(seen)).length
  const missed = yield* Sipp.callWith(contact, scenario("caller-cancelled"))
  yield* Sipp.expectSuccess(missed)
  const missedLog = yield* missed.readLog
  if (!missedLog.includes("RINGING") || !missedLog.includes("CANCELLED")) {
    return yield* new ExampleFailure({ message: `the cancelled call did not go as planned:\n${missedLog}` })
  }
  yield* say("sipp got 180 Ringing, sent CANCEL, got 487: the SIP plugin handled the call")
  yield* say("its incomingcall and hangup events went to no one: Janus drops events while no connection owns")
  yield* say("the session, and never replays them")

  yield* step(4, "The network is back: the transport reconnects, the session claims itself, the re-sync runs")
  yield* proxy.setRefusing(false)
  const back = yield* reclaimed
  yield* say(`session ${session.id} reclaimed after a gap of ${back.gap} ms; handle ${sip.handle.id} is the same value`)

  yield* step(5, "What was lost, and the state to query instead")
  yield* Effect.sleep("1 second")
  const gapEvents = (yield* Ref.get(seen)).slice(before).filter((tag) => tag === "IncomingCall" || tag === "Hangup")
  if (gapEvents.length > 0) {
    return yield* new ExampleFailure({ message: `events of the missed call arrived after all: ${gapEvents}` })
  }
  yield* say("no incomingcall or hangup of the missed call arrived after the reclaim: it is gone for good")
  yield* say("(keep your own call log on the SIP side — the registrar, a CDR — if missed calls matter)")
  if (Option.isSome(janus.admin)) {
    const admin = janus.admin.value
    const { handles } = yield* admin.listHandles({ sessionId: session.id })
    yield* say(`Admin list_handles(${session.id}) = [${handles.join(", ")}]: the same handle, no new attach`)
    const { info } = yield* admin.handleInfo({ sessionId: session.id, handleId: sip.handle.id })
    const state = info.plugin_specific as Record<string, unknown> | undefined
    yield* say(
      `Admin handle_info: registration_status ${String(state?.registration_status)}, call_status ${String(state?.call_status)}`
    )
    if (handles.length !== 1 || handles[0] !== sip.handle.id || state?.call_status !== "idle") {
      return yield* new ExampleFailure({ message: `unexpected state after the reclaim: ${JSON.stringify(info)}` })
    }
    yield* say("no call in progress: ready for the next one")
  }

  yield* step(6, `A new call to ${user} arrives on the same handle; accept it with werift`)
  const incomingCall = yield* nextMatching(sip.events, "incomingcall", is("IncomingCall"))
  const hungUp = yield* nextMatching(sip.events, "hangup", is("Hangup"), "30 seconds")
  const caller = yield* Sipp.callWith(contact, scenario("caller-hungup"), { rtpEcho: true })
  const incoming = yield* incomingCall
  yield* say(`incomingcall from ${incoming.result.username} (call ${incoming.call_id}), SDP ${incoming.jsep?.type}`)
  // A PeerConnection for the SIP handle (@effect-janus/webrtc, werift under Node), audio in PCMU as sipp speaks it.
  const peer = yield* Peer.make(sip.handle, { configuration: { codecs: { audio: [Werift.codecs.pcmu], video: [] } } })
  const audio = Werift.makeTrack("audio")
  peer.connection.addTransceiver(audio, { direction: "sendrecv" })
  const accepted = yield* Sip.acceptCall(sip, peer, incoming)
  yield* Peer.awaitUp(peer).pipe(Effect.timeout("20 seconds"))
  yield* say(`accept → ${accepted.result.event} with werift's SDP answer; webrtcup: the call's media path is up`)
  const remote = yield* Werift.remoteTracks(peer, ["audio"]).pipe(Effect.timeout("10 seconds"))
  yield* Werift.sendRtp([audio])
  const echoed = yield* Werift.countRtp(remote)
  if (echoed.audio < 10) return yield* new ExampleFailure({ message: `only ${echoed.audio} RTP packets came back` })
  yield* say(`RTP: ${echoed.audio} packets in 1 s went werift → Janus → sipp → Janus → werift and came back`)

  yield* step(7, "Hang up")
  const hangingUp = yield* sip.hangup()
  yield* say(`hangup answered: ${hangingUp.result.event}`)
  const hangup = yield* hungUp
  yield* say(`hangup: ${hangup.result.code} ${hangup.result.reason ?? ""}`)
  yield* Sipp.expectSuccess(caller)
  yield* say("sipp got our BYE and answered 200 OK: its scenario passed")

  yield* step(8, "Done: closing the scope destroys the session; Janus, sipp and werift are stopped")
})

// The WebRTC stack: werift, with ICE on 127.0.0.1 only (the Janus started here gathers 127.0.0.1 candidates).
runExample(program.pipe(Effect.provide(Werift.layer({ loopback: true }))), "150 seconds")
