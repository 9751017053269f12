/**
 * The VideoCall plugin's requests (Janus docs: VideoCall plugin; janus_videocall.c, Janus 1.1.x).
 *
 * @since 0.1.0
 */
import type { ParamsOf } from "../internal/plugin.js"
import { Bool, opt, relayFields, request, Str } from "../internal/schema.js"

/**
 * `list`: the registered usernames (Janus docs: VideoCall plugin › list).
 *
 * @since 0.1.0
 * @category requests
 */
export const ListRequest = request("list")
/**
 * `register`: claim a username to call and be called (Janus docs: VideoCall plugin › register).
 *
 * @since 0.1.0
 * @category requests
 */
export const RegisterRequest = request("register", { username: Str })
/**
 * The parameters of {@link RegisterRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type RegisterParams = ParamsOf<typeof RegisterRequest>
/**
 * `call`: call a username; needs a JSEP offer (Janus docs: VideoCall plugin › call).
 *
 * @since 0.1.0
 * @category requests
 */
export const CallRequest = request("call", { username: Str })
/**
 * The parameters of {@link CallRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type CallParams = ParamsOf<typeof CallRequest>
/**
 * `accept`: accept an incoming call; needs a JSEP answer (Janus docs: VideoCall plugin › accept).
 *
 * @since 0.1.0
 * @category requests
 */
export const AcceptRequest = request("accept")

/**
 * `set` (Janus docs: VideoCall plugin › set): `audio` / `video` relay on or off, `bitrate` cap (bps, via REMB),
 * `record` + `filename`, simulcast `substream` / `temporal` (0–2) and `fallback` (µs without packets before
 * dropping to a lower substream, default 250000). Also carries a renegotiation's JSEP (even empty).
 *
 * @since 0.1.0
 * @category requests
 */
export const SetRequest = request("set", { ...relayFields, restart: opt(Bool) })
/**
 * The parameters of {@link SetRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type SetParams = ParamsOf<typeof SetRequest>

/**
 * `hangup`: hang up, cancel or decline (Janus docs: VideoCall plugin › hangup).
 *
 * @since 0.1.0
 * @category requests
 */
export const HangupRequest = request("hangup")
