/**
 * Every typed error of effect-janus, provoked for real against Janus, and what to do about each.
 *
 * Run: `pnpm example:errors` (after `bash scripts/setup.sh`). Uses the Janus at `JANUS_URL` when one answers there,
 * otherwise starts a local one; the 403 case always starts its own Janus with an `api_secret`.
 */
import { NodeRuntime, NodeSocket } from "@effect/platform-node"
import { JanusTransport, Session } from "@effect-janus/core"
import { JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { type Duration, Effect, Redacted } from "effect"
import { findJanus } from "./lib/localJanus.js"
import { say, step } from "./lib/narrate.js"

const connect = (
  url: string,
  options?: {
    readonly requestTimeout?: Duration.DurationInput
    readonly apiSecret?: string
    readonly reconnect?: false
  }
) =>
  WebSocketTransport.make({
    url,
    reconnect: options?.reconnect,
    openTimeout: "2 seconds",
    requestTimeout: options?.requestTimeout,
    apiSecret: options?.apiSecret === undefined ? undefined : Redacted.make(options.apiSecret)
  }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor))

const onTransport = <A, E, R>(transport: JanusTransport, effect: Effect.Effect<A, E, R>) =>
  Effect.provideService(effect, JanusTransport, transport)

/** Runs a case that is expected to fail, printing the typed error it failed with. */
const expectFailure = <A, E extends { readonly _tag: string; readonly message: string }, R>(
  effect: Effect.Effect<A, E, R>,
  advice: string
) =>
  Effect.scoped(effect).pipe(
    Effect.flip,
    Effect.flatMap((error) => say(`→ ${error._tag}: ${error.message}`)),
    Effect.zipRight(say(`  what to do: ${advice}`))
  )

const program = Effect.gen(function* () {
  const janus = yield* findJanus({ sessionTimeout: 4, reclaimTimeout: 4 })

  yield* step(1, "TransportError (connect): nothing listens there")
  yield* expectFailure(
    connect("ws://127.0.0.1:9"),
    "check the URL; retry with a Schedule (the server may be restarting)"
  )

  const transport = yield* connect(janus.wsUrl)

  yield* step(2, "SessionReclaimError 458: claiming a session Janus does not know (or that expired)")
  yield* expectFailure(
    onTransport(transport, Session.make({ sessionId: 1234567 })),
    "the session is gone with its handles: create a new one and rebuild the state"
  )

  const session = yield* onTransport(transport, Session.make({ keepAlive: "2 seconds" }))

  yield* step(3, "JanusApiError 460: attaching a plugin that is not loaded")
  yield* expectFailure(session.attach("janus.plugin.nope"), "fix the plugin name or the server's plugin list")

  yield* step(4, "JanusApiError 459: re-attaching a handle id the server does not know (fails on first use)")
  yield* expectFailure(
    Effect.flatMap(session.reattach("janus.plugin.echotest", 99999), (handle) => handle.message({ audio: true })),
    "the handle is gone (detached, or its session was destroyed): attach a new one"
  )

  yield* step(5, "PluginError 426: VideoRoom join of a room that does not exist (an error inside plugindata)")
  yield* expectFailure(
    Effect.flatMap(session.attach("janus.plugin.videoroom"), (room) =>
      room.message({ request: "join", ptype: "publisher", room: 987654321 })
    ),
    "a plugin-level refusal: codes are per plugin (see its docs); create the room or pick another"
  )

  yield* step(6, "TransportError (timeout): no reply within the request timeout (a link that went silent)")
  const silent = yield* TcpProxy.make({ host: janus.wsHost, port: janus.wsPort })
  const slow = yield* connect(`ws://127.0.0.1:${silent.port}`, { requestTimeout: "1 second" })
  yield* silent.stall
  yield* expectFailure(
    slow.send({ janus: "info" }),
    "the request may or may not have reached Janus; retry idempotent ones"
  )

  yield* step(7, "SessionClosedError (connection-lost): the connection dropped, and reconnecting is off")
  const link = yield* TcpProxy.make({ host: janus.wsHost, port: janus.wsPort })
  // By default the transport reconnects and the session claims itself; `reconnect: false` ends it instead.
  const fragile = yield* connect(`ws://127.0.0.1:${link.port}`, { reconnect: false })
  const doomed = yield* onTransport(fragile, Session.make({ onClose: "abandon" }))
  yield* link.cut
  const lost = yield* doomed.awaitClosed
  yield* say(`→ ${lost?._tag}: ${lost?.message}`)
  yield* say("  what to do: keep the default reconnect policy, or connect again and Session.make({ sessionId })")
  yield* say("  to claim it within the reclaim window (a session that outlived its reclaim window ends the same way)")

  yield* step(8, "SessionClosedError (timeout): no keep-alive, Janus expires the session")
  const quiet = yield* onTransport(transport, Session.make({ keepAlive: false }))
  yield* say(`session ${quiet.id} opened without keep-alive; waiting for Janus's timeout message…`)
  const expired = yield* quiet.awaitClosed.pipe(Effect.timeout("90 seconds"))
  yield* say(`→ ${expired?._tag}: ${expired?.message}`)
  yield* say("  what to do: keep the keep-alive on (the default), below the server's session_timeout")

  yield* step(9, "JanusApiError 403: a server with api_secret, and a client without it")
  const guarded = yield* JanusServer.make({ apiSecret: "demo-secret" })
  const bare = yield* connect(guarded.wsUrl)
  yield* expectFailure(onTransport(bare, Session.make()), "configure apiSecret (or JANUS_API_SECRET with layerConfig)")
  const good = yield* connect(guarded.wsUrl, { apiSecret: "demo-secret" })
  const ok = yield* onTransport(good, Session.make())
  yield* say(`with the secret: session ${ok.id} created`)

  yield* step(10, "Done")
})

NodeRuntime.runMain(Effect.scoped(program))
