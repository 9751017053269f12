/**
 * The Streaming viewer's media, negotiated with a `Peer` of `@effect-janus/webrtc`: Janus offers, the client answers.
 *
 * @since 0.2.0
 */
import { Peer, type WebRtcError } from "@effect-janus/webrtc"
import * as Effect from "effect/Effect"
import type { PluginRequestError, RequestOptions, WithJsep } from "../Common.js"
import type { Streaming } from "../Streaming.js"
import type * as Req from "./requests.js"
import type * as Res from "./responses.js"

/**
 * Watches a mountpoint on `peer`: `watch(params)` (answered `Status` `preparing`, with the plugin's offer), then
 * `peer.answer` applies the offer and sends our answer with `start` (answered `Status` `starting`); our candidates
 * are trickled by the peer. Media then flows on the tracks the offer announced (see `peer.tracks`); `webrtcup` and
 * the rest arrive on `peer.mediaState`. Returns the answer to `start`.
 *
 * Fails with `PluginError` (455 no such mountpoint, 457 wrong `pin`, 460 already watching), the other
 * `PluginRequestError`s, or `WebRtcError` (`missing-jsep` when `watch` brings no offer, `set-remote`, …). Janus docs:
 * "Streaming plugin" (watch, then start with the JSEP answer).
 *
 * @since 0.2.0
 * @category media
 */
export const watchPeer = (
  streaming: Streaming,
  peer: Peer.Peer,
  params: Req.WatchParams,
  options?: RequestOptions
): Effect.Effect<WithJsep<Res.Status>, PluginRequestError | WebRtcError> =>
  Effect.flatMap(streaming.watch(params, options), (preparing) =>
    peer.answer(preparing.jsep, (answer) => streaming.start(answer, options))
  )

/**
 * How to restart ICE on a Streaming viewer's `Peer` (for `peer.restartIce` or `Peer.restartIceOnReclaim`): `watch`
 * again with `restart: true` — Janus answers `Status` `updating` with a new offer (fresh ICE credentials, `restart:
 * true` in its jsep) — then `start` with our answer. `params` are those of the first `watch` (`id`, and `pin` when
 * the mountpoint has one). `janus_streaming.c` (1.1.2): a `watch` with `restart` on a viewer that already watches
 * sends a new offer instead of failing "Already watching"; 460 while a renegotiation is still unanswered.
 *
 * @since 0.2.0
 * @category media
 */
export const iceRestart = (
  streaming: Streaming,
  params: Req.WatchParams,
  options?: RequestOptions
): Peer.Restart<PluginRequestError, never> =>
  Peer.janusOffers(streaming.watch({ ...params, restart: true }, options), (answer) => streaming.start(answer, options))
