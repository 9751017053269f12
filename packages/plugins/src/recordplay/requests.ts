/**
 * The Record&Play plugin's requests (Janus docs: Record&Play plugin; janus_recordplay.c, Janus 1.1.x).
 *
 * @since 0.1.0
 */
import type { ParamsOf } from "../internal/plugin.js"
import { Bool, Num, opt, optional, request, Str } from "../internal/schema.js"

/**
 * `list` (Janus docs: Record&Play plugin › list): the completed recordings.
 *
 * @since 0.1.0
 * @category requests
 */
export const ListRequest = request("list")
/**
 * `update` (Janus docs: Record&Play plugin › update): rescan the recordings folder.
 *
 * @since 0.1.0
 * @category requests
 */
export const UpdateRequest = request("update")

/**
 * `configure` (in janus_recordplay.c, not in the doc comment): `video-bitrate-max` (bps) and
 * `video-keyframe-interval` (ms) of this handle's recording.
 *
 * @since 0.1.0
 * @category requests
 */
export const ConfigureRequest = request("configure", {
  "video-bitrate-max": opt(Num),
  "video-keyframe-interval": opt(Num)
})
/**
 * The parameters of {@link ConfigureRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ConfigureParams = ParamsOf<typeof ConfigureRequest>

/**
 * `record` (Janus docs: Record&Play plugin › record), with a JSEP offer: `name` (mandatory, non-empty), `id`
 * (chosen by the plugin when missing), `filename` base, preferred `audiocodec` / `videocodec` / `videoprofile`,
 * `opusred`, `textdata` (data channel recorded as text, a boolean in 1.1.x), `update` for a renegotiation.
 *
 * @since 0.1.0
 * @category requests
 */
export const RecordRequest = request("record", {
  name: Str,
  ...optional({
    id: Num,
    filename: Str,
    audiocodec: Str,
    videocodec: Str,
    videoprofile: Str,
    opusred: Bool,
    textdata: Bool,
    update: Bool
  })
})
/**
 * The parameters of {@link RecordRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type RecordParams = ParamsOf<typeof RecordRequest>

/**
 * `play` (Janus docs: Record&Play plugin › play): prepare the playout of recording `id`; `restart` for an ICE
 * restart. The answer carries the plugin's JSEP offer.
 *
 * @since 0.1.0
 * @category requests
 */
export const PlayRequest = request("play", { id: Num, restart: opt(Bool) })
/**
 * The parameters of {@link PlayRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type PlayParams = ParamsOf<typeof PlayRequest>

/**
 * `start` (Janus docs: Record&Play plugin › start): with the JSEP answer to `play`'s offer.
 *
 * @since 0.1.0
 * @category requests
 */
export const StartRequest = request("start")
/**
 * `stop` (Janus docs: Record&Play plugin › stop): end the recording or playout.
 *
 * @since 0.1.0
 * @category requests
 */
export const StopRequest = request("stop")
/**
 * `pause` (in janus_recordplay.c): pause an ongoing recording.
 *
 * @since 0.1.0
 * @category requests
 */
export const PauseRequest = request("pause")
/**
 * `resume` (in janus_recordplay.c): resume a paused recording.
 *
 * @since 0.1.0
 * @category requests
 */
export const ResumeRequest = request("resume")
