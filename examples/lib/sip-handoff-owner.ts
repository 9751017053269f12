/**
 * The first process of `examples/sip-handoff.ts`: creates a session that it abandons (not destroys) when it
 * ends, attaches a SIP plugin handle, registers it at the demo's registrar, prints both ids on its last line
 * (`ids {"sessionId":…,"handleId":…}`) and exits — its WebSocket closes with it. Janus keeps the session for
 * `reclaim_session_timeout`. Input from the environment: `HANDOFF_JANUS_URL`, `HANDOFF_REGISTRAR`, `HANDOFF_USER`.
 */
import { NodeRuntime, NodeSocket } from "@effect/platform-node"
import { JanusTransport, Session } from "@effect-janus/core"
import { Sip } from "@effect-janus/plugins"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Config, Console, Effect } from "effect"

/** This process's narration, indented under the main process's step. */
const say = (text: string) => Console.log(`           [first process] ${text}`)

const program = Effect.gen(function* () {
  const url = yield* Config.string("HANDOFF_JANUS_URL")
  const registrar = yield* Config.string("HANDOFF_REGISTRAR")
  const user = yield* Config.string("HANDOFF_USER")
  // The manual mode: no reconnecting; the session is handed to another process instead.
  const transport = yield* WebSocketTransport.make({ url, reconnect: false }).pipe(
    Effect.provide(NodeSocket.layerWebSocketConstructor)
  )
  const session = yield* Session.make({ onClose: "abandon" }).pipe(Effect.provideService(JanusTransport, transport))
  yield* say(`session ${session.id} created (onClose: "abandon")`)
  // With the session abandoning, its handles default to "abandon" too: nothing is detached on exit.
  const sip = yield* Sip.attach(session)
  yield* say(`SIP handle ${sip.handle.id} attached`)
  // The registrar accepts any secret; the SIP plugin needs one to send a REGISTER at all.
  const verdict = yield* sip.registerAndAwait({
    username: `sip:${user}@127.0.0.1`,
    secret: "not-checked",
    proxy: registrar
  })
  if (verdict._tag !== "Registered") return yield* Effect.fail(`registration failed: ${JSON.stringify(verdict)}`)
  yield* say(`registered as sip:${user}@127.0.0.1 at ${registrar}`)
  yield* say("exiting without destroying anything")
  yield* Console.log(`ids ${JSON.stringify({ sessionId: session.id, handleId: sip.handle.id })}`)
})

NodeRuntime.runMain(Effect.scoped(program))
