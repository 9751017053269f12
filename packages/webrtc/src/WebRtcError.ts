/**
 * The error of `@effect-janus/webrtc`: a `Schema.TaggedError` whose `reason` says which WebRTC step failed.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"

/**
 * Why a WebRTC step failed.
 * - `unsupported`: no `RTCPeerConnection` on this platform (the browser layer outside a browser);
 * - `create-peer`: the `RTCPeerConnection` constructor threw (e.g. a bad configuration);
 * - `create-offer` / `create-answer`: `createOffer()` / `createAnswer()` rejected;
 * - `set-local` / `set-remote`: `setLocalDescription()` / `setRemoteDescription()` rejected (e.g. an SDP the stack
 *   cannot parse, or a description in the wrong signalling state);
 * - `add-candidate`: `addIceCandidate()` rejected a candidate Janus trickled;
 * - `missing-jsep`: the plugin's answer carries no SDP where one was expected (an `offer` got no `answer`, or a
 *   restart request got no `offer`), or the SDP is of the wrong type;
 * - `data-channel`: a data channel could not be created, or closed before it opened, or refused a `send`;
 * - `get-stats`: `getStats()` rejected;
 * - `closed`: the peer connection failed or closed, or Janus hung it up, before media came up (`Peer.awaitUp`).
 *
 * @since 0.2.0
 * @category errors
 */
export const WebRtcErrorReason = Schema.Literal(
  "unsupported",
  "create-peer",
  "create-offer",
  "create-answer",
  "set-local",
  "set-remote",
  "add-candidate",
  "missing-jsep",
  "data-channel",
  "get-stats",
  "closed"
)
/**
 * The decoded type of {@link WebRtcErrorReason}.
 *
 * @since 0.2.0
 * @category errors
 */
export type WebRtcErrorReason = typeof WebRtcErrorReason.Type

/**
 * A WebRTC step failed; `reason` says which (see {@link WebRtcErrorReason}), `message` says what happened, `cause`
 * holds what the WebRTC stack threw or rejected with.
 *
 * @since 0.2.0
 * @category errors
 */
export class WebRtcError extends Schema.TaggedError<WebRtcError>("@effect-janus/WebRtcError")("WebRtcError", {
  reason: WebRtcErrorReason,
  message: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {}
