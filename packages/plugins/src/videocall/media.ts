/**
 * VideoCall calls with their media, negotiated with a `Peer` of `@effect-janus/webrtc`: the caller offers (the
 * callee's answer arrives in its `accepted` event), the callee answers the offer of its `incomingcall`; either side
 * renegotiates (an ICE restart) with `set`, the other answering the `update`.
 *
 * @since 0.2.0
 */
import type { SessionClosedError, TransportError } from "@effect-janus/core"
import { Peer, type WebRtcError } from "@effect-janus/webrtc"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { PluginRequestError, RequestOptions, WithJsep } from "../Common.js"
import { offerUntilVerdict } from "../internal/media.js"
import { awaitLaterEvent } from "../internal/plugin.js"
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

const isAnswerUpdate = (event: Res.Event): event is Res.Update =>
  event._tag === "Update" && (event as WithJsep<Res.Update>).jsep?.type === "answer"

/**
 * How to restart ICE on a call's `Peer` (for `peer.restartIce` or `Peer.restartIceOnReclaim`; either side of the
 * call may do it): a new offer with fresh ICE credentials sent with `set` (answered `Set`); Janus forwards it to the
 * other user as an `update` event, the other user answers it with `set` (see {@link answerUpdates}), and that answer
 * comes back to us in our own `update` event, applied to `peer`. `options.timeout` (default 30 s) bounds the wait for
 * it (then `TransportError` `timeout`). janus_videocall.c (1.1.2): `set` with a JSEP is how a call is renegotiated,
 * "e.g. for forcing an ICE restart".
 *
 * @since 0.2.0
 * @category media
 */
export const iceRestart = (
  videoCall: VideoCall,
  options?: RequestOptions
): Peer.Restart<PluginRequestError | SessionClosedError | TransportError, never> =>
  Peer.clientOffers((offer) =>
    awaitLaterEvent(
      videoCall.handle,
      Res.Event,
      videoCall.set({}, offer, options),
      isAnswerUpdate,
      options?.timeout ?? "30 seconds",
      "the peer's answer (update)"
    )
  )

/**
 * Answers, in a fiber of the current scope, every renegotiation offer the other user of the call sends (an `update`
 * event with an SDP offer, e.g. its {@link iceRestart}): the offer is applied to `peer` and our answer goes back with
 * `set`. Listens from now on. A failed answer is logged, never fatal. Fails with `SessionClosedError` when the
 * session is already over.
 *
 * @since 0.2.0
 * @category media
 */
export const answerUpdates = (
  videoCall: VideoCall,
  peer: Peer.Peer
): Effect.Effect<void, SessionClosedError, Scope.Scope> =>
  Effect.flatMap(videoCall.subscribeEvents, (events) =>
    Peer.answerEach(
      peer,
      events.pipe(Stream.filter((event) => event._tag === "Update")),
      (answer) => videoCall.set({}, answer),
      "VideoCall update"
    )
  )
