/**
 * The worker thread of `examples/sip-handoff.ts`: creates a session that it abandons (not destroys) when it
 * ends, attaches a SIP plugin handle, registers it at the demo's registrar, reports both ids to the main
 * thread and exits — its WebSocket closes with it. Janus keeps the session for `reclaim_session_timeout`.
 */

import { Sip } from "@effect-janus/plugins"
import { Console, Effect } from "effect"
import * as Connect from "../../e2e/src/Connect.js"
import * as Handoff from "../../e2e/src/Handoff.js"
import * as SipUser from "../../e2e/src/SipUser.js"

/** The worker's own narration, indented under the main thread's step (its clock would start at its own load). */
const say = (text: string) => Console.log(`           [worker] ${text}`)

const program = Effect.gen(function* () {
  const input = yield* Handoff.input
  const session = yield* Connect.session(yield* Connect.connect(input.wsUrl), { onClose: "abandon" })
  yield* say(`session ${session.id} created (onClose: "abandon")`)
  // With the session abandoning, its handles default to "abandon" too: nothing is detached on exit.
  const sip = yield* Sip.attach(session)
  yield* say(`SIP handle ${sip.handle.id} attached`)
  yield* SipUser.register(sip, input.registrarUri, input.user)
  yield* say(`registered as sip:${input.user}@127.0.0.1 at ${input.registrarUri}`)
  yield* Handoff.report({ _tag: "Registered", sessionId: session.id, handleId: sip.handle.id })
  yield* say(`ids posted to the main thread; exiting without destroying anything`)
})

await Effect.runPromise(
  Effect.scoped(program).pipe(
    Effect.catchAllCause((cause) => Handoff.report({ _tag: "Failed", message: String(cause) }))
  )
)
