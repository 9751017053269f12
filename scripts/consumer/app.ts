// A consumer's TypeScript program, type-checked by scripts/consumer-check.sh with `tsc` against the packages
// installed from their tarballs (consumer.tsconfig.json: strict, nodenext, noPropertyAccessFromIndexSignature,
// exactOptionalPropertyTypes, skipLibCheck false). It is never run: it only has to compile cleanly.
import { FetchHttpClient } from "@effect/platform"
import { NodeSocket } from "@effect/platform-node"
import {
  Handle,
  type JanusApiError,
  type JanusSession,
  Protocol,
  Session,
  type SessionReclaimError,
  type TransportError
} from "@effect-janus/core"
import * as Ids from "@effect-janus/core/Ids"
import { AudioBridge, EchoTest, Sip, Streaming, TextRoom, VideoCall, VideoRoom } from "@effect-janus/plugins"
import * as NoSip from "@effect-janus/plugins/NoSip"
import * as RecordPlay from "@effect-janus/plugins/RecordPlay"
import { HttpTransport } from "@effect-janus/transport-http"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { type MediaState, Peer, WebRtc } from "@effect-janus/webrtc"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"

export const overWebSocket = WebSocketTransport.layer({
  url: "ws://127.0.0.1:8188",
  apiSecret: Redacted.make("s")
}).pipe(Layer.provide(NodeSocket.layerWebSocketConstructor))
export const overHttp = HttpTransport.layer({ url: "http://127.0.0.1:8088/janus" }).pipe(
  Layer.provide(FetchHttpClient.layer)
)

/** Create, attach, message; the error channel is the documented union. */
export const echo: Effect.Effect<
  { readonly sessionId: number; readonly handleId: number; readonly result: "ok" },
  unknown
> = Effect.gen(function* () {
  const session: JanusSession = yield* Session.make({ onClose: "abandon", keepAlive: "20 seconds" })
  const handle = yield* EchoTest.attach(session)
  const ok = yield* handle.message({ audio: true, bitrate: 128_000 })
  return { sessionId: session.id, handleId: handle.handle.id, result: ok.result }
}).pipe(Effect.scoped, Effect.provide(overWebSocket))

/** Claim and re-attach, telling the errors apart by tag. */
export const resume = (sessionId: number, handleId: number) =>
  Effect.gen(function* () {
    const session = yield* Session.make({ sessionId: Ids.SessionId.make(sessionId) })
    const handle = yield* EchoTest.reattach(session, Ids.HandleId.make(handleId))
    return yield* handle.message({ video: false })
  }).pipe(
    Effect.scoped,
    Effect.catchTags({
      SessionReclaimError: (error: SessionReclaimError) => Effect.succeed(`gone: ${error.code}`),
      JanusApiError: (error: JanusApiError) => Effect.succeed(`api: ${error.code}`),
      TransportError: (error: TransportError) => Effect.succeed(`transport: ${error.reason}`)
    }),
    Effect.provide(overHttp)
  )

/** The plugin wrappers' Layers and event streams. */
export const rooms = Effect.gen(function* () {
  const room = yield* VideoRoom.VideoRoom
  const list = yield* room.list()
  yield* room.events.pipe(Stream.take(1), Stream.runDrain)
  return list
}).pipe(
  Effect.provide(VideoRoom.layer()),
  Effect.provide(Session.layer()),
  Effect.provide(overWebSocket),
  Effect.scoped
)

export const pluginNames = [
  AudioBridge.plugin,
  EchoTest.plugin,
  NoSip.plugin,
  RecordPlay.plugin,
  Sip.plugin,
  Streaming.plugin,
  TextRoom.plugin,
  VideoCall.plugin,
  VideoRoom.plugin
] as const

export const decodeReply = Schema.decodeUnknown(Protocol.Reply)
export const handleLayer = Handle.layer("janus.plugin.echotest")

/** Media (browser layer): a peer negotiated through the EchoTest, its ICE restarted after every reclaim. */
export const media: Effect.Effect<MediaState.MediaState, unknown> = Effect.gen(function* () {
  const session = yield* Session.make()
  const echoTest = yield* EchoTest.attach(session)
  const peer = yield* Peer.make(echoTest.handle)
  peer.connection.addTransceiver("audio", { direction: "sendrecv" })
  const channel = yield* peer.createDataChannel("chat")
  yield* EchoTest.call(echoTest, peer)
  yield* Peer.restartIceOnReclaim(peer, session.state, EchoTest.iceRestart(echoTest))
  yield* channel.send("hello")
  return yield* Peer.awaitUp(peer)
}).pipe(Effect.scoped, Effect.provide(WebRtc.layerBrowser()), Effect.provide(overWebSocket))
