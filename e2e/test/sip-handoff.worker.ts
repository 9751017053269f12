/**
 * The worker of sip-handoff.test.ts: creates a session that it abandons (not destroys) on exit, attaches a SIP
 * handle, registers it, reports both ids to the main thread and exits — closing its WebSocket. Janus keeps the
 * session for its `reclaim_session_timeout`.
 */
import { Sip } from "@effect-janus/plugins"
import { Effect } from "effect"
import * as Connect from "../src/Connect.js"
import * as Handoff from "../src/Handoff.js"
import * as SipUser from "../src/SipUser.js"

const program = Effect.gen(function* () {
  const input = yield* Handoff.input
  const session = yield* Connect.session(yield* Connect.connect(input.wsUrl), { onClose: "abandon" })
  // With the session abandoning, handles default to "abandon" too: nothing is detached on exit.
  const sip = yield* Sip.attach(session)
  yield* SipUser.register(sip, input.registrarUri, input.user)
  yield* Handoff.report({ _tag: "Registered", sessionId: session.id, handleId: sip.handle.id })
})

await Effect.runPromise(
  Effect.scoped(program).pipe(
    Effect.catchAllCause((cause) => Handoff.report({ _tag: "Failed", message: String(cause) }))
  )
)
