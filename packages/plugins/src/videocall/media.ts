/**
 * VideoCall calls with their media, negotiated with a `Peer` of `@effect-janus/webrtc`: the caller offers (the
 * callee's answer arrives in its `accepted` event), the callee answers the offer of its `incomingcall`.
 *
 * @since 0.2.0
 */
import type { SessionClosedError, TransportError } from "@effect-janus/core"
import type { Peer, WebRtcError } from "@effect-janus/webrtc"
import type * as Effect from "effect/Effect"
import type { PluginRequestError, RequestOptions, WithJsep } from "../Common.js"
import { offerUntilVerdict } from "../internal/media.js"
import type { VideoCall } from "../VideoCall.js"
import type * as Req from "./requests.js"
import * as Res from "./responses.js"

/**
 * Calls the registered user `params.username` with our offer from `peer` (add its tracks to `peer.connection`
 * first): `call` (answered `Calling`; the callee gets `IncomingCall` with our offer), then waits — up to
 * `options.timeout`, default 60 s — for `Accepted`, whose SDP answer is applied to `peer`, or `Hangup` (declined,
 * with its `reason`). Returns that verdict. Janus relays the media between the two PeerConnections as it is
 * (janus_videocall.c). Fails with `PluginError` (473 register first, 478 no such username, 479 calling yourself),
 * `TransportError` `timeout` when neither event came in time, the other `PluginRequestError`s, or `WebRtcError`.
 *
 * @since 0.2.0
 * @category media
 */
export const placeCall = (
  videoCall: VideoCall,
  peer: Peer.Peer,
  params: Req.CallParams,
  options?: RequestOptions
): Effect.Effect<
  WithJsep<Res.Accepted | Res.Hangup>,
  PluginRequestError | SessionClosedError | TransportError | WebRtcError
> =>
  offerUntilVerdict(
    peer,
    videoCall.handle,
    Res.Event,
    (offer, options) => videoCall.call(params, offer, options),
    options,
    "60 seconds",
    "accepted or hangup"
  )

/**
 * Accepts an `IncomingCall` on `peer` (add its tracks to `peer.connection` first): applies the caller's offer (the
 * event's `jsep`), makes our answer and sends it with `accept`, answered `Accepted` (the caller gets one too, with
 * our answer). Fails with `PluginError` (481 no incoming call), the other `PluginRequestError`s, or `WebRtcError`
 * (`missing-jsep` for an event without an offer).
 *
 * @since 0.2.0
 * @category media
 */
export const acceptCall = (
  videoCall: VideoCall,
  peer: Peer.Peer,
  incoming: WithJsep<Res.IncomingCall>,
  options?: RequestOptions
): Effect.Effect<WithJsep<Res.Accepted>, PluginRequestError | WebRtcError> =>
  peer.answer(incoming.jsep, (answer) => videoCall.accept(answer, options))
