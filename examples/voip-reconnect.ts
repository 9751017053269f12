/**
 * VoIP call reconnection: a SIP registration survives a lost connection, and the next call is answered on it.
 *
 *   session + SIP handle, REGISTER at a registrar → the WebSocket is cut for real (TCP) → a caller rings and gives
 *   up while nobody owns the session (those events are lost) → reconnect, claim the session
 *   (`Session.make({ sessionId })`), re-attach the SIP handle by id (`Sip.reattach`, nothing sent) → query the
 *   state the events would have told → a new call arrives as `incomingcall` on the re-attached handle → accept it
 *   with a real SDP answer (werift), RTP flows → hang up.
 *
 * Run: `pnpm example:voip`. Needs `janus`, `sipp` (Debian: janus, sip-tester) and a C compiler (the loopback ICE
 * shim of the e2e tests, see e2e/README.md). Starts its own Janus unless `JANUS_URL` is set — that one must run
 * on this machine with `reclaim_session_timeout` > 0, its SIP plugin and ICE on 127.0.0.1.
 */
import { fileURLToPath } from "node:url"
import { Sip } from "@effect-janus/plugins"
import { TcpProxy } from "@effect-janus/testing-janus"
import { Effect, Exit, Option, Scope } from "effect"
import * as Connect from "../e2e/src/Connect.js"
import * as EchoCall from "../e2e/src/EchoCall.js"
import * as Events from "../e2e/src/Events.js"
import * as Sipp from "../e2e/src/Sipp.js"
import * as SipUser from "../e2e/src/SipUser.js"
import { findJanus } from "./lib/localJanus.js"
import { say, step } from "./lib/narrate.js"
import { ExampleFailure, runExample } from "./lib/run.js"

const user = "erin"
const keepAlive = "5 seconds"
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

  yield* step(1, `Connect through the link, create a session, attach SIP and REGISTER as ${user}`)
  const link = yield* Scope.make()
  const first = yield* Effect.gen(function* () {
    // "abandon": should this connection's scope close, the session and its handle stay on the server.
    const session = yield* Connect.session(yield* Connect.connect(linkUrl), { onClose: "abandon", keepAlive })
    yield* say(`session ${session.id} created`)
    const sip = yield* Sip.attach(session)
    yield* say(`SIP handle ${sip.handle.id} attached`)
    const verdict = yield* sip.registerAndAwait(registration)
    if (verdict._tag !== "Registered") {
      return yield* new ExampleFailure({ message: `registration failed: ${JSON.stringify(verdict.result)}` })
    }
    yield* say(`${verdict.result.event}: sip:${user}@127.0.0.1 at ${registrar.uri}`)
    return { session, handleId: sip.handle.id }
  }).pipe(Scope.extend(link))
  const contact = yield* registrar.contactOf(user)
  yield* say(`the registrar knows ${user} at ${contact.host}:${contact.port} (the handle's own SIP port)`)

  yield* step(2, "The connection is lost (the TCP link is cut, no close handshake)")
  yield* say(`${yield* proxy.cut} connection cut`)
  const why = yield* first.session.awaitClosed.pipe(Effect.timeout("10 seconds"))
  yield* say(`the session noticed: ${why?.message ?? "closed"}`)
  yield* Scope.close(link, Exit.void)
  yield* say(`Janus keeps session ${first.session.id} for reclaim_session_timeout; the registration lives on`)

  yield* step(3, "While nobody owns the session, a caller rings and gives up")
  const missed = yield* Sipp.callWith(contact, scenario("caller-cancelled"))
  yield* Sipp.expectSuccess(missed)
  const missedLog = yield* missed.readLog
  if (!missedLog.includes("RINGING") || !missedLog.includes("CANCELLED")) {
    return yield* new ExampleFailure({ message: `the cancelled call did not go as planned:\n${missedLog}` })
  }
  yield* say("sipp got 180 Ringing, sent CANCEL, got 487: the SIP plugin handled the call")
  yield* say("its incomingcall and hangup events were sent to no one: Janus drops events while no")
  yield* say("connection owns the session, and never replays them")

  yield* step(4, `Reconnect, claim session ${first.session.id}, re-attach SIP handle ${first.handleId} by id`)
  const session = yield* Connect.session(yield* Connect.connect(linkUrl), { sessionId: first.session.id, keepAlive })
  yield* say(`session ${session.id} reclaimed (claimed: ${session.claimed}); keep-alive restarted every ${keepAlive}`)
  const sip = yield* Sip.reattach(session, first.handleId)
  const sipEvents = yield* Events.record(sip.events)
  const handleEvents = yield* Events.record(sip.handle.events)
  yield* say(`handle ${sip.handle.id} re-attached without a new attach; its events come to this connection now`)

  yield* step(5, "What was lost, and the state to query instead")
  yield* Effect.sleep("1 second")
  const replayed = (yield* sipEvents.all).filter((event) => event._tag === "IncomingCall" || event._tag === "Hangup")
  if (replayed.length > 0) {
    return yield* new ExampleFailure({
      message: `events of the missed call arrived after all: ${JSON.stringify(replayed)}`
    })
  }
  yield* say("no incomingcall or hangup of the missed call arrived after the claim: it is gone for good")
  yield* say("(keep your own call log on the SIP side — the registrar, a CDR — if missed calls matter)")
  // The SIP plugin has no status request, but a REGISTER refresh answers with the registrar's verdict.
  const refreshed = yield* sip.registerAndAwait({ ...registration, refresh: true })
  if (refreshed._tag !== "Registered") {
    return yield* new ExampleFailure({ message: `the registration is gone: ${JSON.stringify(refreshed)}` })
  }
  yield* say(`register {refresh: true} → ${refreshed.result.event}: the registration is still active`)
  if (Option.isSome(janus.server)) {
    const admin = yield* Connect.admin(janus.server.value)
    const handles = yield* admin.listHandles(session.id)
    yield* say(`Admin list_handles(${session.id}) = [${handles.join(", ")}]: the same handle, no new attach`)
    const info = yield* admin.handleInfo(session.id, sip.handle.id)
    const state = info.plugin_specific as Record<string, unknown> | undefined
    yield* say(
      `Admin handle_info: registration_status ${String(state?.registration_status)}, call_status ${String(state?.call_status)}`
    )
    if (handles.length !== 1 || handles[0] !== sip.handle.id || state?.call_status !== "idle") {
      return yield* new ExampleFailure({ message: `unexpected state after the claim: ${JSON.stringify(info)}` })
    }
    yield* say("no call in progress: ready for the next one")
  }

  yield* step(6, `A new call to ${user} arrives on the re-attached handle; accept it with werift`)
  const caller = yield* Sipp.callWith(contact, scenario("caller-hungup"), { rtpEcho: true })
  const incoming = yield* sipEvents.waitFor("incomingcall", SipUser.is("IncomingCall"))
  yield* say(`incomingcall from ${incoming.result.username} (call ${incoming.call_id}), SDP ${incoming.jsep?.type}`)
  const call = yield* SipUser.acceptWithWerift(sip, handleEvents, incoming)
  yield* say("accepted with werift's SDP answer; webrtcup: the call's media path is up")
  const echoed = yield* EchoCall.rtpEcho(call.audio, call.remoteAudio, "voip-audio")
  if (echoed < 10) return yield* new ExampleFailure({ message: `only ${echoed} of 50 RTP packets came back` })
  yield* say(`RTP: ${echoed} of 50 packets went werift → Janus → sipp → Janus → werift and came back`)

  yield* step(7, "Hang up")
  const hangingUp = yield* sip.hangup()
  yield* say(`hangup answered: ${hangingUp.result.event}`)
  const hangup = yield* sipEvents.waitFor("hangup", SipUser.is("Hangup"))
  yield* say(`hangup: ${hangup.result.code} ${hangup.result.reason ?? ""}`)
  yield* Sipp.expectSuccess(caller)
  yield* say("sipp got our BYE and answered 200 OK: its scenario passed")

  yield* step(8, "Done: closing the scope destroys the session; Janus, sipp and werift are stopped")
})

runExample(program, "150 seconds")
