/**
 * The main demo: a session survives a lost connection.
 *
 *   create session + attach EchoTest → the connection is cut → reclaim the session (`claim`) on a new
 *   connection → re-attach the handle by id (no new `attach`) → the keep-alive carries on past
 *   2 × session_timeout → the same handle still answers.
 *
 * Run: `bash scripts/demo.sh` (or `pnpm demo` once set up). Uses the Janus at `JANUS_URL` when one answers there,
 * otherwise starts a local Janus with the project's config.
 */
import { NodeRuntime, NodeSocket } from "@effect/platform-node"
import { JanusTransport, Session } from "@effect-janus/core"
import { Admin, JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Effect, Exit, Layer, Option, Scope } from "effect"
import { findJanus } from "./lib/localJanus.js"
import { say, showKeepAlives, step } from "./lib/narrate.js"

const echotest = "janus.plugin.echotest"
const keepAlive = "3 seconds"

const connect = (url: string) =>
  WebSocketTransport.make({ url }).pipe(
    Effect.map(showKeepAlives),
    Effect.provide(NodeSocket.layerWebSocketConstructor)
  )

const program = Effect.gen(function* () {
  yield* step(0, "Finding Janus")
  const janus = yield* findJanus({ sessionTimeout: 8, reclaimTimeout: 20 })
  const proxy = yield* TcpProxy.make({ host: janus.wsHost, port: janus.wsPort })
  const linkUrl = `ws://127.0.0.1:${proxy.port}`
  yield* say(`a cuttable TCP link ${linkUrl} → ${janus.wsUrl} stands in for the network`)

  yield* step(1, "Connect, create a session, attach EchoTest")
  const link = yield* Scope.make()
  const first = yield* Effect.gen(function* () {
    const transport = yield* connect(linkUrl)
    const session = yield* Session.make({ keepAlive }).pipe(Effect.provideService(JanusTransport, transport))
    yield* say(`session ${session.id} created`)
    const handle = yield* session.attach(echotest)
    yield* say(`handle ${handle.id} attached to ${handle.plugin}`)
    const answer = yield* handle.message({ audio: true, video: true })
    yield* say(`EchoTest answered: ${JSON.stringify(answer.data)}`)
    yield* Effect.sleep("4 seconds")
    return { session, handleId: handle.id }
  }).pipe(Scope.extend(link))

  yield* step(2, "The connection is lost (every TCP connection of the link is cut)")
  const cut = yield* proxy.cut
  yield* say(`${cut} connection cut`)
  const why = yield* first.session.awaitClosed
  yield* say(`the session noticed: ${why?.message ?? "closed"}`)
  yield* Scope.close(link, Exit.void)

  yield* step(3, `Reconnect and reclaim session ${first.session.id} with claim`)
  const transport = yield* connect(linkUrl)
  const session = yield* Session.make({ sessionId: first.session.id, keepAlive }).pipe(
    Effect.provideService(JanusTransport, transport)
  )
  yield* say(`session ${session.id} reclaimed (claimed: ${session.claimed}); keep-alive restarted every ${keepAlive}`)

  yield* step(4, `Re-attach handle ${first.handleId} by id (nothing is sent) and carry on`)
  const handle = yield* session.reattach(echotest, first.handleId)
  const again = yield* handle.message({ bitrate: 128000 })
  yield* say(`the same EchoTest handle answered: ${JSON.stringify(again.data)}`)

  const wait = Option.match(janus.sessionTimeout, { onNone: () => 10, onSome: (t) => 2 * t + 2 })
  const why2 = Option.match(janus.sessionTimeout, {
    onNone: () => "",
    onSome: (t) => ` (2 × session_timeout ${t} s + 2 s: without keep-alives Janus would have expired it)`
  })
  yield* step(5, `Keep-alive carries on: waiting ${wait} s${why2}`)
  yield* Effect.sleep(`${wait} seconds`)
  const still = yield* handle.message({ audio: false })
  yield* say(`session ${session.id} is alive, handle ${handle.id} answered: ${JSON.stringify(still.data)}`)
  if (Option.isSome(janus.server)) {
    const handles = yield* Admin.listHandles(session.id).pipe(
      Effect.provide(Admin.layer.pipe(Layer.provide(Layer.succeed(JanusServer.JanusServer, janus.server.value))))
    )
    yield* say(`Admin API list_handles(${session.id}) = [${handles.join(", ")}]: still the one handle, no new attach`)
  }

  yield* step(6, "Done: closing the scope detaches the handle and destroys the session")
})

NodeRuntime.runMain(Effect.scoped(program))
