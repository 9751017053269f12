/**
 * Field groups of the room plugins (AudioBridge, VideoRoom, TextRoom, Streaming mountpoints): what a room is created
 * with, how `edit` names the changes, and the audio-level settings, each defined once.
 */
import type * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import { Bool, Num, opt, roomSecret, Str, Strings } from "./schema.js"

/**
 * What every room (or mountpoint) is created with: `description`, `secret` (needed later to edit or destroy it),
 * `pin` (needed to join) and `is_private` (left out of `list` then).
 */
export const roomProperties = { description: opt(Str), secret: opt(Str), pin: opt(Str), is_private: opt(Bool) }

/**
 * The fields every room plugin's `create` takes: `room` (chosen by the plugin when missing), `admin_key` (when the
 * plugin is configured with one), `permanent` (also saved to the plugin's config file), the {@link roomProperties}
 * and the `allowed` tokens.
 */
export const roomCreation = {
  room: opt(Id),
  admin_key: opt(Str),
  permanent: opt(Bool),
  ...roomProperties,
  allowed: opt(Strings)
}

type Edits<F extends Schema.Struct.Fields> = { readonly [K in keyof F & string as `new_${K}`]: F[K] }

/** `edit`'s fields: each of `fields` renamed `new_<name>`, as Janus names the properties an `edit` changes. */
export const edits = <const F extends Schema.Struct.Fields>(fields: F): Edits<F> =>
  Object.fromEntries(Object.entries(fields).map(([name, field]) => [`new_${name}`, field])) as Edits<F>

/**
 * The fields of a room's `edit`: the room and its `secret`, `permanent`, and the new {@link roomProperties}
 * (`new_description`, `new_secret`, `new_pin`, `new_is_private`).
 */
export const roomEdits = { ...roomSecret, permanent: opt(Bool), ...edits(roomProperties) }

/**
 * Talk detection: how many packets (`audio_active_packets`, default 100) with an average audio level
 * (`audio_level_average`, dBov 0–127, default 25) make a participant talking.
 */
export const talkDetection = { audio_active_packets: opt(Num), audio_level_average: opt(Num) }

/** The audio-level RTP extension (`audiolevel_ext`), its events (`audiolevel_event`) and {@link talkDetection}. */
export const audioLevels = { audiolevel_ext: opt(Bool), audiolevel_event: opt(Bool), ...talkDetection }

/**
 * The VideoRoom room settings that `create` sets and `list` reports (as in janus.plugin.videoroom.jcfg):
 * `require_pvtid`, `bitrate` (bps) and `bitrate_cap`, `fir_freq` (s), `audiocodec` / `videocodec`
 * (comma-separated preference lists), `opus_fec`, `opus_dtx`, `video_svc`, the {@link audioLevels}, the RTP
 * extensions (`videoorient_ext`, `playoutdelay_ext`, `transport_wide_cc_ext`), recording (`record`, `rec_dir`,
 * `lock_record`), `notify_joining`, `require_e2ee` and `dummy_publisher`.
 */
export const videoRoomSettings = {
  require_pvtid: opt(Bool),
  bitrate: opt(Num),
  bitrate_cap: opt(Bool),
  fir_freq: opt(Num),
  audiocodec: opt(Str),
  videocodec: opt(Str),
  opus_fec: opt(Bool),
  opus_dtx: opt(Bool),
  video_svc: opt(Bool),
  ...audioLevels,
  videoorient_ext: opt(Bool),
  playoutdelay_ext: opt(Bool),
  transport_wide_cc_ext: opt(Bool),
  record: opt(Bool),
  rec_dir: opt(Str),
  lock_record: opt(Bool),
  notify_joining: opt(Bool),
  require_e2ee: opt(Bool),
  dummy_publisher: opt(Bool)
}
