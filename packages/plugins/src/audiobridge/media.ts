/**
 * Joining an AudioBridge room with audio, negotiated with a `Peer` of `@effect-janus/webrtc`: we offer in `join`, the
 * plugin answers in the same reply; an ICE restart offers again in `configure`.
 *
 * @since 0.2.0
 */
import { Peer, type WebRtcError } from "@effect-janus/webrtc"
import type * as Effect from "effect/Effect"
import type { AudioBridge } from "../AudioBridge.js"
import type { PluginRequestError, RequestOptions, WithJsep } from "../Common.js"
import type * as Req from "./requests.js"
import type * as Res from "./responses.js"

/**
 * Joins a room with our audio: an offer from `peer` (give `peer.connection` an audio transceiver first, `sendrecv`
 * to hear the room) in `join(params)`, answered `Joined` with the plugin's SDP answer, applied to `peer`; our
 * candidates are trickled by the peer. The bridge decodes what we send, mixes it with the others' and sends each
 * participant the mix of everyone else (janus_audiobridge.c, Opus by default). Fails with `PluginError` (485 no
 * such room, 489 wrong pin, 490 id taken, 491 already joined), the other `PluginRequestError`s, or `WebRtcError`
 * (`missing-jsep` when `Joined` brings no answer).
 *
 * @since 0.2.0
 * @category media
 */
export const joinPeer = (
  bridge: AudioBridge,
  peer: Peer.Peer,
  params: Req.JoinParams,
  options?: RequestOptions
): Effect.Effect<WithJsep<Res.Joined>, PluginRequestError | WebRtcError> =>
  peer.offer((offer) => bridge.join(params, offer, options))

/**
 * How a participant restarts ICE, for `peer.restartIce` and `Peer.restartIceOnReclaim`: a new offer with fresh ICE
 * credentials in `configure(params, offer)`, whose reply (`ConfigureOk`) carries the plugin's answer
 * (janus_audiobridge.c answers an offer sent with `configure`).
 *
 * @since 0.2.0
 * @category media
 */
export const iceRestart = (
  bridge: AudioBridge,
  params: Req.ConfigureParams = {},
  options?: RequestOptions
): Peer.Restart<PluginRequestError, never> => Peer.clientOffers((offer) => bridge.configure(params, offer, options))
