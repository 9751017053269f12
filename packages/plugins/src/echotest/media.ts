/**
 * EchoTest media with a `Peer` of `@effect-janus/webrtc`: we offer (audio, video, data channels: whatever the peer
 * connection carries), the EchoTest answers in the `ok` event of `message` and sends everything back
 * (`janus_echotest.c`).
 *
 * @since 0.2.0
 */
import { Peer, type WebRtcError } from "@effect-janus/webrtc"
import type * as Effect from "effect/Effect"
import type { PluginRequestError, WithJsep } from "../Common.js"
import type { EchoTest } from "../EchoTest.js"
import type { Message } from "./requests.js"
import type { Ok } from "./responses.js"

/** What a media request of the EchoTest asks by default: audio and video (an empty body is refused with 413). */
const everything: Message = { audio: true, video: true }

/**
 * Negotiates the echo: `peer`'s offer goes in `message(body, offer)` (default body `{ audio: true, video: true }`),
 * the SDP answer of its `Ok` is applied, and `peer` trickles its candidates. Add the tracks and data channels to the
 * peer connection first. Fails with `WebRtcError` (a WebRTC step, or `missing-jsep` for an answer without SDP) or the
 * {@link PluginRequestError}s of `message`.
 *
 * @since 0.2.0
 * @category media
 */
export const call = (
  echoTest: EchoTest,
  peer: Peer.Peer,
  body: Message = everything
): Effect.Effect<WithJsep<Ok>, PluginRequestError | WebRtcError> => peer.offer((jsep) => echoTest.message(body, jsep))

/**
 * How the EchoTest restarts ICE, for `peer.restartIce` and `Peer.restartIceOnReclaim`: a new offer with fresh ICE
 * credentials in `message(body, offer)` (default body `{ audio: true, video: true }`).
 *
 * @since 0.2.0
 * @category media
 */
export const iceRestart = (echoTest: EchoTest, body: Message = everything): Peer.Restart<PluginRequestError, never> =>
  Peer.clientOffers((jsep) => echoTest.message(body, jsep))
