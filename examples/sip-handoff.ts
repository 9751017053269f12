/**
 * Worker hand-off demo: a SIP registration survives the thread that made it.
 *
 *   worker thread: create a session (onClose "abandon") + attach the SIP plugin + REGISTER → post the ids →
 *   exit (its WebSocket closes, Janus keeps the session for reclaim_session_timeout) → main thread: claim the
 *   session (`Session.make({ sessionId })`) + re-attach the SIP handle by id → a SIP peer calls → the main
 *   thread gets `incomingcall` and declines it with 486 Busy Here.
 *
 * Run: `pnpm exec tsx examples/sip-handoff.ts`. Needs `janus` and `sipp` (Debian: janus, sip-tester). The SIP
 * peer (registrar and caller) is sipp on 127.0.0.1, driven by the e2e helpers (`e2e/src/Sipp.ts`, scenarios
 * in `e2e/sipp/`). Uses the Janus at `JANUS_URL` when set — it must run on this machine with
 * `reclaim_session_timeout` > 0 and its SIP plugin on 127.0.0.1 (`local_ip`) — otherwise starts a local one
 * with the project's config for as long as the demo runs.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Sip } from "@effect-janus/plugins"
import { JanusServer } from "@effect-janus/testing-janus"
import { Config, Effect, Option } from "effect"
import * as Connect from "../e2e/src/Connect.js"
import * as Events from "../e2e/src/Events.js"
import * as Handoff from "../e2e/src/Handoff.js"
import { configureSip } from "../e2e/src/MediaJanus.js"
import * as Sipp from "../e2e/src/Sipp.js"
import * as SipUser from "../e2e/src/SipUser.js"
import { say, step } from "./lib/narrate.js"

const user = "dave"

/** The Janus at `JANUS_URL`, or a local one (reclaim window 30 s, SIP plugin on 127.0.0.1) for the scope. */
const janusUrl = Effect.gen(function* () {
  const configured = yield* Config.option(Config.string("JANUS_URL"))
  if (Option.isSome(configured)) {
    yield* say(`using the Janus at ${configured.value} (JANUS_URL)`)
    return configured.value
  }
  const server = yield* JanusServer.make({ reclaimTimeout: 30, configure: configureSip })
  yield* say(`no JANUS_URL: started a local Janus at ${server.wsUrl} (reclaim_session_timeout 30 s)`)
  return server.wsUrl
})

const program = Effect.gen(function* () {
  yield* step(0, "Janus and a SIP registrar (sipp)")
  const wsUrl = yield* janusUrl
  const registrar = yield* Sipp.registrar
  yield* say(`registrar at ${registrar.uri}`)

  yield* step(1, "A worker thread creates the session, attaches SIP, registers, hands over the ids and exits")
  const worker = yield* Handoff.run(new URL("./lib/sip-handoff-worker.ts", import.meta.url), {
    wsUrl,
    registrarUri: registrar.uri,
    user
  })
  if (worker.report._tag === "Failed") return yield* Effect.fail(new Error(`worker failed: ${worker.report.message}`))
  const { handleId, sessionId } = worker.report
  yield* say(`worker exited with code ${worker.exitCode}; it left session ${sessionId} and handle ${handleId}`)

  yield* step(2, `The main thread claims session ${sessionId} and re-attaches handle ${handleId}`)
  const session = yield* Connect.session(yield* Connect.connect(wsUrl), { sessionId })
  yield* say(`claimed: ${session.claimed} (no new session was created)`)
  const sip = yield* Sip.reattach(session, handleId)
  const events = yield* Events.record(sip.events)
  yield* say(`handle ${sip.handle.id} re-attached without a new attach; its events now come to the main thread`)

  yield* step(3, `sipp calls ${user}; the main thread declines with 486 Busy Here`)
  const contact = yield* registrar.contactOf(user)
  const caller = yield* Sipp.call(contact, "declined")
  yield* say(`INVITE sent to sip:${user}@${contact.host}:${contact.port} (the port the worker's handle bound)`)
  const incoming = yield* events.waitFor("incomingcall", SipUser.is("IncomingCall"))
  yield* say(`incomingcall from ${incoming.result.username} (call ${incoming.call_id})`)
  const answer = yield* sip.decline({ code: 486 })
  yield* say(`decline answered: ${answer.result.event}`)
  const hangup = yield* events.waitFor("hangup", SipUser.is("Hangup"))
  yield* say(`hangup: ${hangup.result.code} ${hangup.result.reason ?? ""}`)
  yield* Sipp.expectSuccess(caller)
  yield* say("sipp got 486 Busy Here and sent ACK: its scenario passed")

  yield* step(4, "Done: the registration made by the worker served a call taken by the main thread")
})

NodeRuntime.runMain(Effect.scoped(program))
