/**
 * The WebRTC service: opens `RTCPeerConnection`s, each closed with its scope, on whatever WebRTC stack the layer
 * provides — {@link layerBrowser} for the browser's global `RTCPeerConnection`, `Werift.layer` (the separate
 * `@effect-janus/webrtc/Werift` entry, so a browser bundle never imports werift) for Node.
 *
 * The shapes below are the subset of the W3C WebRTC API (https://www.w3.org/TR/webrtc/) this package uses; both the
 * browsers' `RTCPeerConnection` and werift's implement it. They are declared here rather than taken from the DOM
 * typings so that the package type-checks in Node without `lib: ["dom"]`.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { WebRtcError } from "./WebRtcError.js"

/**
 * A session description (`RTCSessionDescriptionInit`): `type` `offer` / `answer` (or `pranswer` / `rollback`) and
 * its SDP.
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcSessionDescription {
  readonly type: string
  readonly sdp?: string | undefined
}

/**
 * An ICE candidate as `RTCIceCandidate` / `RTCIceCandidateInit` carry it: the `candidate` line (without `a=`) and the
 * media section it belongs to.
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcIceCandidate {
  readonly candidate: string
  readonly sdpMid?: string | null | undefined
  readonly sdpMLineIndex?: number | null | undefined
}

/**
 * A media track (`MediaStreamTrack`): its `kind` and `id` (optional: werift's tracks may have none) (`audio` / `video`). The platform's own track object is
 * passed through untouched (a browser `MediaStreamTrack`, a werift `MediaStreamTrack`; see `Werift.track`).
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcTrack {
  readonly id?: string | undefined
  readonly kind: string
}

/**
 * A transceiver (`RTCRtpTransceiver`): its `mid` once negotiated, and its direction.
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcTransceiver {
  readonly mid?: string | null | undefined
  readonly direction: string
}

/**
 * The `track` event (`RTCTrackEvent`): a remote track, the streams it belongs to and its transceiver.
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcTrackEvent {
  readonly track: RtcTrack
  readonly streams: ReadonlyArray<unknown>
  readonly transceiver: RtcTransceiver
}

/**
 * `RTCPeerConnection.connectionState`: `new`, `connecting`, `connected`, `disconnected`, `failed` or `closed`.
 *
 * @since 0.2.0
 * @category models
 */
export type RtcConnectionState = "new" | "connecting" | "connected" | "disconnected" | "failed" | "closed"

/**
 * `RTCDataChannel.readyState`: `connecting`, `open`, `closing` or `closed`.
 *
 * @since 0.2.0
 * @category models
 */
export type RtcDataChannelState = "connecting" | "open" | "closing" | "closed"

/**
 * Options of `createDataChannel` (`RTCDataChannelInit`).
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcDataChannelInit {
  readonly ordered?: boolean | undefined
  readonly maxPacketLifeTime?: number | undefined
  readonly maxRetransmits?: number | undefined
  readonly protocol?: string | undefined
}

/**
 * A data channel (`RTCDataChannel`). Its events are read through the `on…` handler properties, which browsers and
 * werift both support (werift does not dispatch `message` to `addEventListener`).
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcDataChannel {
  readonly label: string
  readonly readyState: RtcDataChannelState
  binaryType?: string
  send(data: string | Uint8Array): void
  close(): void
  onopen?: ((event?: unknown) => void) | null | undefined
  onclose?: ((event?: unknown) => void) | null | undefined
  onmessage?: ((event: { readonly data: unknown }) => void) | null | undefined
}

/**
 * Options of `addTransceiver` (`RTCRtpTransceiverInit`): its direction.
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcTransceiverInit {
  readonly direction?: "sendrecv" | "sendonly" | "recvonly" | "inactive" | undefined
}

/**
 * The `RTCPeerConnection` subset this package drives: offer/answer, descriptions, candidates, transceivers and tracks,
 * data channels, stats, and its events (`icecandidate`, `track`, `datachannel`, `connectionstatechange`) through
 * `addEventListener`.
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcPeerConnection {
  readonly connectionState: RtcConnectionState
  readonly signalingState: string
  readonly localDescription?: RtcSessionDescription | null | undefined
  readonly remoteDescription?: RtcSessionDescription | null | undefined
  createOffer(options?: { readonly iceRestart?: boolean }): Promise<RtcSessionDescription>
  createAnswer(): Promise<RtcSessionDescription>
  setLocalDescription(description: RtcSessionDescription): Promise<unknown>
  setRemoteDescription(description: RtcSessionDescription): Promise<unknown>
  addIceCandidate(candidate: RtcIceCandidate): Promise<unknown>
  addTransceiver(trackOrKind: RtcTrack | "audio" | "video", init?: RtcTransceiverInit): RtcTransceiver
  addTrack(track: RtcTrack, ...streams: ReadonlyArray<unknown>): unknown
  createDataChannel(label: string, init?: RtcDataChannelInit): RtcDataChannel
  getTransceivers(): ReadonlyArray<RtcTransceiver>
  getStats(): Promise<unknown>
  addEventListener(type: string, listener: (event: never) => void): void
  removeEventListener(type: string, listener: (event: never) => void): void
  close(): unknown
}

/**
 * An ICE server (`RTCIceServer`): STUN or TURN URLs and TURN credentials.
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcIceServer {
  readonly urls: string | ReadonlyArray<string>
  readonly username?: string | undefined
  readonly credential?: string | undefined
}

/**
 * The configuration of one peer connection (`RTCConfiguration`): `iceServers`, plus any field the platform's
 * constructor knows (e.g. werift's `codecs`); it is merged over the layer's own defaults field by field (a
 * field given here replaces the default one whole, e.g. `codecs`).
 *
 * @since 0.2.0
 * @category models
 */
export interface RtcConfiguration {
  readonly iceServers?: ReadonlyArray<RtcIceServer> | undefined
  readonly [key: string]: unknown
}

/**
 * The WebRTC service: `open` makes a peer connection that is closed when the scope closes; `acceptsCandidate` says
 * which local ICE candidates (`candidate:…` lines) are worth trickling to Janus (all of them in a browser; on the
 * loopback-only Node layer, the `127.0.0.1` host candidates).
 *
 * @since 0.2.0
 * @category models
 */
export interface WebRtc {
  /** Opens a peer connection with `configuration` (merged over the layer's); closed with the scope. */
  readonly open: (configuration?: RtcConfiguration) => Effect.Effect<RtcPeerConnection, WebRtcError, Scope.Scope>
  /** Whether a local candidate line should be trickled. */
  readonly acceptsCandidate: (candidate: string) => boolean
}

/**
 * The `WebRtc` Tag, provided by {@link layerBrowser}, {@link layer} or `Werift.layer`.
 *
 * @since 0.2.0
 * @category tags
 */
export const WebRtc: Context.Tag<WebRtc, WebRtc> = Context.GenericTag<WebRtc>("@effect-janus/webrtc/WebRtc")

/**
 * What {@link make} needs: `create` builds the platform's peer connection from a configuration; `defaults` is merged
 * under every `open`'s configuration; `acceptsCandidate` filters the local candidates (default: all).
 *
 * @since 0.2.0
 * @category models
 */
export interface Platform {
  readonly create: (configuration: RtcConfiguration) => RtcPeerConnection
  readonly defaults?: RtcConfiguration | undefined
  readonly acceptsCandidate?: ((candidate: string) => boolean) | undefined
}

/**
 * Builds the service over a platform. `open` fails with `WebRtcError` `create-peer` when the constructor throws;
 * closing the scope calls `close()` (given at most 5 s when it returns a Promise, as werift's does).
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (platform: Platform): WebRtc => ({
  open: (configuration) =>
    Effect.acquireRelease(
      Effect.try({
        try: () => platform.create({ ...platform.defaults, ...configuration }),
        catch: (cause) =>
          new WebRtcError({ reason: "create-peer", message: `RTCPeerConnection: ${String(cause)}`, cause })
      }),
      (pc) => Effect.tryPromise(() => Promise.resolve(pc.close())).pipe(Effect.timeout("5 seconds"), Effect.ignore)
    ),
  acceptsCandidate: platform.acceptsCandidate ?? (() => true)
})

/**
 * The service over a platform, as a Layer.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (platform: Platform): Layer.Layer<WebRtc> => Layer.succeed(WebRtc, make(platform))

/**
 * The service over the browser's global `RTCPeerConnection`, with `defaults` (e.g. `iceServers`) under every
 * configuration. Fails to build with `WebRtcError` `unsupported` where there is no global `RTCPeerConnection`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerBrowser = (defaults?: RtcConfiguration): Layer.Layer<WebRtc, WebRtcError> =>
  Layer.effect(
    WebRtc,
    Effect.suspend(() => {
      const Constructor = (globalThis as { readonly RTCPeerConnection?: unknown }).RTCPeerConnection
      if (typeof Constructor !== "function") {
        return Effect.fail(
          new WebRtcError({ reason: "unsupported", message: "no global RTCPeerConnection on this platform" })
        )
      }
      const RTCPeerConnection = Constructor as new (configuration: RtcConfiguration) => RtcPeerConnection
      return Effect.succeed(make({ create: (configuration) => new RTCPeerConnection(configuration), defaults }))
    })
  )
