/**
 * effect-janus WebRTC: a PeerConnection service for browsers and Node, negotiated through plugin handles. The Node
 * layer over werift is in its own entry, `@effect-janus/webrtc/Werift` (not re-exported here, so a browser bundle
 * never imports werift).
 *
 * @since 0.2.0
 */

/**
 * Data channels as Effect values: state, incoming messages as a Stream, `send`, `awaitOpen`.
 *
 * @since 0.2.0
 */
export * as DataChannel from "./DataChannel.js"
/**
 * The media state of a peer connection with Janus: our connection state folded with the handle's `webrtcup`,
 * `media`, `slowlink` and `hangup`.
 *
 * @since 0.2.0
 */
export * as MediaState from "./MediaState.js"
/**
 * A peer connection negotiated through a plugin handle: offer/answer, trickle ICE (batched, with end-of-candidates),
 * remote candidates, tracks and data channels as Streams, the media state, and ICE restart (by hand or after every
 * reclaim of the session).
 *
 * @since 0.2.0
 */
export * as Peer from "./Peer.js"
/**
 * The `WebRtc` service: opens scoped `RTCPeerConnection`s (the W3C shapes it uses, `make`, `layer`, `layerBrowser`).
 *
 * @since 0.2.0
 */
export * as WebRtc from "./WebRtc.js"
/**
 * The package's error, `WebRtcError`, with a `reason` per WebRTC step.
 *
 * @since 0.2.0
 */
export * from "./WebRtcError.js"
