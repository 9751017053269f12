/**
 * The media test page (bundled by `bundle.ts`, run in Chromium by test/media.janus.test.ts): real WebRTC media
 * between Chromium and Janus through the library's public API only — `@effect-janus/webrtc` (`WebRtc.layerBrowser`,
 * `Peer`) and the plugin flows of `@effect-janus/plugins`. Query: `?flow=echo|publish|subscribe&url=<ws URL>`, plus
 * `room` (default 1234) and, to subscribe, `feed` (a publisher id).
 *
 * - `echo`: the fake camera and microphone to the EchoTest (`EchoTest.call`), which sends them back;
 * - `publish`: joins the room and publishes the camera and microphone (`VideoRoom.publishPeer`);
 * - `subscribe`: subscribes to `feed` (`VideoRoom.subscribePeer`, renegotiations by `VideoRoom.answerUpdates`).
 *
 * Every flow restarts ICE by itself after each reclaim of the session (`Peer.restartIceOnReclaim` with the flow's
 * restart). The page reports on `window.effectJanusMedia` (and in `<pre id="report">`) each time the session's
 * state or the peer's media state changes; `window.inboundRtp()` answers the inbound RTP packets by kind, from
 * `getStats()` (`Peer.packetsReceived`).
 */
import { Socket } from "@effect/platform"
import { BrowserRuntime } from "@effect/platform-browser"
import { type JanusSession, Session } from "@effect-janus/core"
import { EchoTest, VideoRoom } from "@effect-janus/plugins"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Peer, WebRtc } from "@effect-janus/webrtc"
import { Cause, Effect, Layer, Stream } from "effect"

/** What the page reports on `window.effectJanusMedia`. */
export type MediaReport =
  | { readonly status: "running" }
  | {
      readonly status: "up"
      readonly flow: string
      /** The session's state (`Active`, `Disconnected`, `Reclaimed`, …). */
      readonly session: string
      /** The peer's connection state. */
      readonly connection: string
      readonly webrtcUp: boolean
      /** ICE restarts completed so far. */
      readonly iceRestarts: number
      /** The ICE username fragment of our current local description (new after each ICE restart). */
      readonly iceUfrag: string
      /** The publisher id, when publishing. */
      readonly feed?: number | string | undefined
    }
  | { readonly status: "failed"; readonly error: string }

declare global {
  interface Window {
    effectJanusMedia?: MediaReport
    inboundRtp?: () => Promise<Readonly<Record<string, number>>>
  }
}

const report = (value: MediaReport) =>
  Effect.sync(() => {
    window.effectJanusMedia = value
    const pre = document.getElementById("report")
    if (pre !== null) pre.textContent = JSON.stringify(value, null, 2)
  })

const params = new URL(window.location.href).searchParams
const flow = params.get("flow") ?? "echo"
const room = Number(params.get("room") ?? 1234)

/** The fake camera and microphone (Chromium's `--use-fake-device-for-media-stream`), stopped with the scope. */
const camera = Effect.acquireRelease(
  Effect.promise(() => navigator.mediaDevices.getUserMedia({ audio: true, video: true })),
  (stream) =>
    Effect.sync(() => {
      for (const track of stream.getTracks()) track.stop()
    })
)

/** A peer on `handle` that sends the camera and microphone (`direction` of each transceiver). */
const sendingPeer = (handle: Parameters<typeof Peer.make>[0], direction: "sendrecv" | "sendonly") =>
  Effect.gen(function* () {
    const peer = yield* Peer.make(handle)
    for (const track of (yield* camera).getTracks()) peer.connection.addTransceiver(track, { direction })
    return peer
  })

/** The flows: each negotiates a peer and arms its ICE restart after every reclaim. */
const flows = {
  echo: (session: JanusSession) =>
    Effect.gen(function* () {
      const echo = yield* EchoTest.attach(session)
      const peer = yield* sendingPeer(echo.handle, "sendrecv")
      yield* EchoTest.call(echo, peer)
      yield* Peer.restartIceOnReclaim(peer, session.state, EchoTest.iceRestart(echo))
      return { peer, feed: undefined }
    }),
  publish: (session: JanusSession) =>
    Effect.gen(function* () {
      const publisher = yield* VideoRoom.attach(session)
      const joined = yield* publisher.joinPublisher({ room, display: "chromium" })
      const peer = yield* sendingPeer(publisher.handle, "sendonly")
      yield* VideoRoom.publishPeer(publisher, peer)
      yield* Peer.restartIceOnReclaim(peer, session.state, VideoRoom.publisherIceRestart(publisher))
      return { peer, feed: joined.id }
    }),
  subscribe: (session: JanusSession) =>
    Effect.gen(function* () {
      const subscriber = yield* VideoRoom.attach(session)
      const peer = yield* Peer.make(subscriber.handle)
      yield* VideoRoom.answerUpdates(subscriber, peer)
      yield* VideoRoom.subscribePeer(subscriber, peer, { room, streams: [{ feed: Number(params.get("feed")) }] })
      yield* Peer.restartIceOnReclaim(peer, session.state, VideoRoom.subscriberIceRestart(subscriber))
      return { peer, feed: undefined }
    })
}

const program = Effect.gen(function* () {
  yield* report({ status: "running" })
  const run = flows[flow as keyof typeof flows]
  if (run === undefined) return yield* Effect.dieMessage(`unknown flow ${flow}`)
  const session = yield* Session.make()
  const { feed, peer } = yield* run(session)
  yield* Peer.awaitUp(peer)
  window.inboundRtp = () => Effect.runPromise(Peer.packetsReceived(peer))
  // Report every change of the session's state or of the peer's media state.
  yield* Stream.zipLatest(session.state.changes, peer.mediaState.changes).pipe(
    Stream.runForEach(([state, media]) =>
      report({
        status: "up",
        flow,
        session: state._tag,
        connection: media.connection,
        webrtcUp: media.webrtcUp,
        iceRestarts: media.iceRestarts,
        iceUfrag: /a=ice-ufrag:(\S+)/.exec(peer.connection.localDescription?.sdp ?? "")?.[1] ?? "",
        feed
      })
    )
  )
}).pipe(
  Effect.scoped,
  Effect.tapErrorCause((cause) => report({ status: "failed", error: Cause.pretty(cause) })),
  Effect.provide([
    WebSocketTransport.layer({ url: params.get("url") ?? "" }).pipe(
      Layer.provide(Socket.layerWebSocketConstructorGlobal)
    ),
    WebRtc.layerBrowser()
  ])
)

BrowserRuntime.runMain(program)
