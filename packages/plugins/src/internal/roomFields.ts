/**
 * Field groups of the room plugins (AudioBridge, VideoRoom, TextRoom, Streaming mountpoints): what a room is created
 * with, how `edit` names the changes, and the audio-level settings, each defined once.
 */
import type * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import { Bool, Num, opt, optional, roomSecret, Str, Strings } from "./schema.js"

/**
 * What every room (or mountpoint) is created with: `description`, `secret` (needed later to edit or destroy it),
 * `pin` (needed to join) and `is_private` (left out of `list` then).
 */
export const roomProperties = optional({ description: Str, secret: Str, pin: Str, is_private: Bool })

/**
 * The fields every room plugin's `create` takes: `room` (chosen by the plugin when missing), `admin_key` (when the
 * plugin is configured with one), `permanent` (also saved to the plugin's config file), the {@link roomProperties}
 * and the `allowed` tokens.
 */
export const roomCreation = {
  ...optional({ room: Id, admin_key: Str, permanent: Bool, allowed: Strings }),
  ...roomProperties
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
 * How a participant enters a room: the `room`, its `id` (chosen by the plugin when missing), the room's `pin`, a
 * `token` (when the room checks its allowed list) and its `display` name.
 */
export const roomEntry = { room: Id, ...optional({ id: Id, pin: Str, token: Str, display: Str }) }

/** What `list` tells of every room: `room`, `description`, `pin_required` and `num_participants`. */
export const listedRoom = { room: Id, ...optional({ description: Str, pin_required: Bool, num_participants: Num }) }

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
  ...optional({
    require_pvtid: Bool,
    bitrate: Num,
    bitrate_cap: Bool,
    fir_freq: Num,
    audiocodec: Str,
    videocodec: Str,
    opus_fec: Bool,
    opus_dtx: Bool,
    video_svc: Bool,
    videoorient_ext: Bool,
    playoutdelay_ext: Bool,
    transport_wide_cc_ext: Bool,
    record: Bool,
    rec_dir: Str,
    lock_record: Bool,
    notify_joining: Bool,
    require_e2ee: Bool,
    dummy_publisher: Bool
  }),
  ...audioLevels
}
