/**
 * SIP calls with their media, negotiated with a `Peer` of `@effect-janus/webrtc`: place a call (we offer, the
 * callee's answer arrives in `accepted`), accept an incoming one (the INVITE's offer, our answer in `accept`),
 * renegotiate a call that is up (`update`: a re-INVITE), and restart ICE on it.
 *
 * @since 0.2.0
 */
import type { SessionClosedError, TransportError } from "@effect-janus/core"
import { Peer, type WebRtcError } from "@effect-janus/webrtc"
import type * as Effect from "effect/Effect"
import type { PluginRequestError, RequestOptions, WithJsep } from "../Common.js"
import { awaitVerdict, offerUntilVerdict } from "../internal/media.js"
import type { Sip } from "../Sip.js"
import type * as Req from "./requests.js"
import * as Res from "./responses.js"

/**
 * Calls `params.uri` with our offer from `peer` (add its tracks to `peer.connection` first): `call` (answered
 * `Calling`; `Ringing` / `Proceeding` follow on `events`), then waits — up to `options.timeout`, default 60 s, for
 * the callee to pick up — for `Accepted`, whose SDP answer is applied to `peer`, or `Hangup` (declined, busy,
 * cancelled: its SIP `code` and `reason`). Returns that verdict. Our candidates are trickled by the peer; Janus
 * turns the WebRTC offer into a plain SDP for the SIP side (janus_sip.c).
 *
 * Fails with `PluginError` (446 bad URI, 447 already in a call, …), `TransportError` `timeout` when neither event
 * came in time, the other `PluginRequestError`s, or `WebRtcError`.
 *
 * @since 0.2.0
 * @category media
 */
export const placeCall = (
  sip: Sip,
  peer: Peer.Peer,
  params: Req.CallParams,
  options?: RequestOptions
): Effect.Effect<
  WithJsep<Res.Accepted | Res.Hangup>,
  PluginRequestError | SessionClosedError | TransportError | WebRtcError
> =>
  offerUntilVerdict(
    peer,
    sip.handle,
    Res.Event,
    (offer, options) => sip.call(params, offer, options),
    options,
    "60 seconds",
    "accepted or hangup"
  )

/**
 * Accepts an `IncomingCall` on `peer` (add its tracks to `peer.connection` first): applies the INVITE's offer (the
 * event's `jsep`; none fails with `WebRtcError` `missing-jsep` — an offerless INVITE needs an offer of ours, not this
 * function), makes our answer and sends it with `accept(params)`, answered `Accepted`. Our candidates are trickled by
 * the peer. Fails with `PluginError` (447 no call to accept, …), the other `PluginRequestError`s, or `WebRtcError`.
 *
 * @since 0.2.0
 * @category media
 */
export const acceptCall = (
  sip: Sip,
  peer: Peer.Peer,
  incoming: WithJsep<Res.IncomingCall>,
  params: Req.AcceptParams = {},
  options?: RequestOptions
): Effect.Effect<WithJsep<Res.Accepted | Res.Accepting>, PluginRequestError | WebRtcError> =>
  peer.answer(incoming.jsep, (answer) => sip.accept(params, answer, options))

/**
 * Renegotiates the call that is up with a new offer from `peer` (e.g. after adding a track): `update` (answered
 * `Updating`; the plugin sends a re-INVITE), then the callee's new answer from the next `Accepted`, applied to
 * `peer` (or `Hangup` if the call ends meanwhile). Returns that event. `options.timeout` (default 30 s) bounds the
 * wait. Fails as {@link placeCall}.
 *
 * @since 0.2.0
 * @category media
 */
export const updateCall = (
  sip: Sip,
  peer: Peer.Peer,
  options?: RequestOptions
): Effect.Effect<
  WithJsep<Res.Accepted | Res.Hangup>,
  PluginRequestError | SessionClosedError | TransportError | WebRtcError
> => offerUntilVerdict(peer, sip.handle, Res.Event, sip.update, options, "30 seconds", "accepted after the update")

/**
 * How to restart ICE on a call's `Peer` (for `peer.restartIce` or `Peer.restartIceOnReclaim`): a new offer with fresh
 * ICE credentials sent with `update` (answered `Updating`; the plugin re-INVITEs the peer), and the answer from the
 * next `Accepted` (JANUS-FACTS.md, "ICE restart": where the client offers, a new offer restarts ICE). A `Hangup`
 * instead fails the restart with `WebRtcError` `missing-jsep`. `options.timeout` (default 30 s) bounds the wait.
 *
 * @since 0.2.0
 * @category media
 */
export const iceRestart = (
  sip: Sip,
  options?: RequestOptions
): Peer.Restart<PluginRequestError | SessionClosedError | TransportError, never> =>
  Peer.clientOffers((offer) =>
    awaitVerdict(sip.handle, Res.Event, sip.update(offer, options), options, "30 seconds", "accepted after the restart")
  )
