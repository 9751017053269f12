/**
 * The main demo: a session survives a lost connection, with no reconnect code.
 *
 *   connect (WebSocketTransport: the default reconnect policy and a 4 s liveness bound) → create a session →
 *   attach EchoTest → message → the link is cut → the transport reconnects by itself and the session claims
 *   itself on the new link → the same handle value answers → the link freezes (open, but silent) → the liveness
 *   check declares it dead → reconnected and reclaimed again → the same handle answers → the keep-alive carries
 *   the session past 2 × session_timeout → the Admin API shows the one original handle.
 *
 * Then, shorter, the manual mode (`reconnect: false`): after a cut the session ends with `connection-lost`, and
 * the program claims it on a new connection itself (`Session.make({ sessionId })` + `reattach`) — what a hand-off
 * between processes does.
 *
 * Run: `bash scripts/demo.sh` (or `pnpm demo` once set up). Uses the Janus at `JANUS_URL` when one answers there,
 * otherwise starts a local Janus with the project's config. The cuttable link is the test harness's `TcpProxy`.
 */
import { NodeSocket } from "@effect/platform-node"
import { JanusTransport, Session } from "@effect-janus/core"
import { EchoTest } from "@effect-janus/plugins"
import { TcpProxy } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Effect, Exit, Option, Scope, Stream } from "effect"
import { nextReclaim } from "./lib/events.js"
import { findJanus } from "./lib/localJanus.js"
import { say, showKeepAlives, step, watchConnection, watchSession } from "./lib/narrate.js"
import { ExampleFailure, runExample } from "./lib/run.js"

const keepAlive = "3 seconds"
const liveness = "4 seconds"

/** A WebSocket transport through the link: the default reconnect policy (or none), and a 4 s liveness bound. */
const connect = (url: string, reconnect?: false) =>
  WebSocketTransport.make({ url, liveness, reconnect }).pipe(
    Effect.map(showKeepAlives),
    Effect.provide(NodeSocket.layerWebSocketConstructor)
  )

/** Waits until the transport has noticed that its link is gone. */
const disconnected = (transport: JanusTransport) =>
  transport.connection.changes.pipe(
    Stream.filter((state) => state._tag === "Disconnected"),
    Stream.runHead
  )

const program = Effect.gen(function* () {
  yield* step(0, "Finding Janus")
  const janus = yield* findJanus({ sessionTimeout: 8, reclaimTimeout: 20 })
  const proxy = yield* TcpProxy.make({ host: janus.wsHost, port: janus.wsPort })
  const linkUrl = `ws://127.0.0.1:${proxy.port}`
  yield* say(`a cuttable TCP link ${linkUrl} → ${janus.wsUrl} stands in for the network`)

  // The automatic mode: everything below is configuration and use; no line of it reconnects anything.
  const automatic = yield* Scope.make()
  const original = yield* Effect.gen(function* () {
    yield* step(1, `Connect (default reconnect policy, liveness ${liveness}), create a session, attach EchoTest`)
    const transport = yield* connect(linkUrl)
    yield* watchConnection(transport)
    const session = yield* Session.make({ keepAlive }).pipe(Effect.provideService(JanusTransport, transport))
    yield* watchSession(session)
    yield* say(`session ${session.id} created; keep-alive every ${keepAlive}`)
    const echo = yield* EchoTest.attach(session)
    yield* say(`handle ${echo.handle.id} attached to ${echo.handle.plugin}`)
    const answer = yield* echo.message({ audio: true, video: true })
    yield* say(`EchoTest answered: ${answer.result}`)

    yield* step(2, "The link is cut (every TCP connection reset, no close handshake)")
    yield* say(`${yield* proxy.cut} connection cut`)
    yield* disconnected(transport)
    yield* say(`handle ${echo.handle.id} sends a message during the gap: it waits for the reclaim`)
    const duringGap = yield* echo.message({ bitrate: 128000 })
    const first = yield* Effect.flatten(nextReclaim(session, 2))
    yield* say(`the same handle value answered: ${duringGap.result} (session ${session.id}, gap ${first.gap} ms)`)

    yield* step(3, "The link freezes: the sockets stay open, nothing gets through (a dead NAT mapping)")
    yield* say(`${yield* proxy.freeze} connection frozen; the liveness check pings, then declares it dead`)
    const second = yield* Effect.flatten(nextReclaim(session, 3))
    const afterFreeze = yield* echo.message({ audio: false })
    yield* say(`reclaimed after ${second.gap} ms; the same handle answered: ${afterFreeze.result}`)

    const wait = Option.match(janus.sessionTimeout, { onNone: () => 10, onSome: (t) => 2 * t + 2 })
    const why = Option.match(janus.sessionTimeout, {
      onNone: () => "",
      onSome: (t) => ` (2 × session_timeout ${t} s + 2 s: without keep-alives Janus would have expired it)`
    })
    yield* step(4, `The keep-alive carries on: waiting ${wait} s${why}`)
    yield* Effect.sleep(`${wait} seconds`)
    const still = yield* echo.message({ video: true })
    yield* say(`session ${session.id} is alive, handle ${echo.handle.id} answered: ${still.result}`)
    if (Option.isSome(janus.admin)) {
      const { handles } = yield* janus.admin.value.listHandles({ sessionId: session.id })
      yield* say(`Admin API list_handles(${session.id}) = [${handles.join(", ")}]`)
      if (handles.length !== 1 || handles[0] !== echo.handle.id) {
        return yield* new ExampleFailure({ message: `expected only handle ${echo.handle.id}` })
      }
      yield* say("the one original handle: no new session, no new attach")
    }
    return { sessionId: session.id, handleId: echo.handle.id }
  }).pipe(Scope.extend(automatic))
  yield* say(`closing the scope: handle ${original.handleId} is detached and session ${original.sessionId} destroyed`)
  yield* Scope.close(automatic, Exit.void)

  yield* step(5, "The manual mode (reconnect: false): claim and re-attach by hand, as a hand-off between processes")
  const manual = yield* Scope.make()
  const abandoned = yield* Effect.gen(function* () {
    const transport = yield* connect(linkUrl, false)
    // "abandon": closing this scope leaves the session and its handle on the server for someone to claim.
    const session = yield* Session.make({ onClose: "abandon", keepAlive }).pipe(
      Effect.provideService(JanusTransport, transport)
    )
    const echo = yield* EchoTest.attach(session)
    yield* say(`session ${session.id} created, handle ${echo.handle.id} attached (onClose: "abandon")`)
    yield* say(`${yield* proxy.cut} connection cut`)
    const why = yield* session.awaitClosed
    yield* say(`with no reconnect policy the session ends: ${why?.message ?? "closed"}`)
    return { sessionId: session.id, handleId: echo.handle.id }
  }).pipe(Scope.extend(manual))
  yield* Scope.close(manual, Exit.void)
  const transport = yield* connect(linkUrl, false)
  const session = yield* Session.make({ sessionId: abandoned.sessionId, keepAlive }).pipe(
    Effect.provideService(JanusTransport, transport)
  )
  const echo = yield* EchoTest.reattach(session, abandoned.handleId)
  const answer = yield* echo.message({ audio: true })
  yield* say(`Session.make({ sessionId: ${session.id} }) → claimed: ${session.claimed}`)
  yield* say(`EchoTest.reattach(session, ${echo.handle.id}) (nothing sent) → the handle answered: ${answer.result}`)

  yield* step(6, "Done: closing the scope detaches the handle and destroys the session")
})

runExample(program, "150 seconds")
