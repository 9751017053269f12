/**
 * Schemas of the AudioBridge plugin's requests (Janus docs: AudioBridge plugin › Audio Bridge API;
 * janus_audiobridge.c, Janus 1.1.x).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type { ParamsOf } from "../internal/plugin.js"
import { audioLevels, edits, roomCreation, roomEdits, roomEntry, talkDetection } from "../internal/roomFields.js"
import {
  Bool,
  Num,
  opt,
  optional,
  recording,
  request,
  roomParticipant,
  roomSecret,
  rtpTarget,
  Str,
  Strings,
  srtpFields
} from "../internal/schema.js"

/**
 * The requests shared by the AudioBridge and VideoRoom plugins with the same fields in both, defined once in
 * `internal/participantRequests.ts`: `kick` (remove participant `id` from `room`), `listforwarders` (the room's RTP
 * forwarders), and the room requests TextRoom has too (`internal/roomRequests.ts`): `list`, `exists`,
 * `listparticipants`, `destroy` and `allowed` (the room's token list).
 *
 * @since 0.1.0
 * @category requests
 */
export * from "../internal/participantRequests.js"

/**
 * `create` (Janus docs: AudioBridge plugin › create): `room` (chosen by the plugin when missing), `admin_key`
 * when configured, `description`, `secret`, `pin`, `is_private`, `allowed` tokens, `sampling_rate` (Hz, default
 * 16000), `spatial_audio`, audio-level settings (`audiolevel_ext`, `audiolevel_event`, `audio_active_packets`,
 * `audio_level_average`), `default_prebuffering` (packets), `default_expectedloss` (%), `default_bitrate` (bps),
 * recording of the mix (`record`, `record_file`, `record_dir`) or of each participant (`mjrs`, `mjrs_dir`),
 * `allow_rtp_participants`, forwarding `groups`, `permanent`.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateRequest = request("create", {
  ...roomCreation,
  ...optional({
    sampling_rate: Num,
    spatial_audio: Bool,
    default_prebuffering: Num,
    default_expectedloss: Num,
    default_bitrate: Num,
    record: Bool,
    record_file: Str,
    record_dir: Str,
    mjrs: Bool,
    mjrs_dir: Str,
    allow_rtp_participants: Bool,
    groups: Strings
  }),
  ...audioLevels
})
/**
 * The parameters of {@link CreateRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type CreateParams = ParamsOf<typeof CreateRequest>

/**
 * `edit` (Janus docs: AudioBridge plugin › edit): the `new_*` properties of `room`.
 *
 * @since 0.1.0
 * @category requests
 */
export const EditRequest = request("edit", { ...roomEdits, ...edits({ record_dir: opt(Str), mjrs_dir: opt(Str) }) })
/**
 * The parameters of {@link EditRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type EditParams = ParamsOf<typeof EditRequest>

/**
 * `enable_recording` (Janus docs: AudioBridge plugin › enable_recording): record the mix to a .wav.
 *
 * @since 0.1.0
 * @category requests
 */
export const EnableRecordingRequest = request("enable_recording", {
  ...roomSecret,
  record: Bool,
  record_file: opt(Str),
  record_dir: opt(Str)
})
/**
 * The parameters of {@link EnableRecordingRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type EnableRecordingParams = ParamsOf<typeof EnableRecordingRequest>

/**
 * `enable_mjrs` (Janus docs: AudioBridge plugin › enable_mjrs): record each participant to .mjr.
 *
 * @since 0.1.0
 * @category requests
 */
export const EnableMjrsRequest = request("enable_mjrs", { ...roomSecret, mjrs: Bool, mjrs_dir: opt(Str) })
/**
 * The parameters of {@link EnableMjrsRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type EnableMjrsParams = ParamsOf<typeof EnableMjrsRequest>

/**
 * `kick_all` (Janus docs: AudioBridge plugin › kick_all): removes every participant of `room` (each gets
 * `kicked_all`). Needs the room's `secret`.
 *
 * @since 0.1.0
 * @category requests
 */
export const KickAllRequest = request("kick_all", roomSecret)
/**
 * The parameters of {@link KickAllRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type KickAllParams = ParamsOf<typeof KickAllRequest>

/**
 * `mute` / `unmute` (Janus docs: AudioBridge plugin › mute): participant `id`, as room admin.
 *
 * @since 0.1.0
 * @category requests
 */
export const MuteRequest = request(["mute", "unmute"], roomParticipant)
/**
 * The parameters of {@link MuteRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type MuteParams = ParamsOf<typeof MuteRequest>

/**
 * `mute_room` / `unmute_room` (Janus docs: AudioBridge plugin › mute_room): mutes or unmutes every participant of
 * `room` at once (everyone gets `RoomMuted`). Needs the room's `secret`.
 *
 * @since 0.1.0
 * @category requests
 */
export const MuteRoomRequest = request(["mute_room", "unmute_room"], roomSecret)
/**
 * The parameters of {@link MuteRoomRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type MuteRoomParams = ParamsOf<typeof MuteRoomRequest>

/**
 * `resetdecoder` (Janus docs: AudioBridge plugin › resetdecoder): recreate this participant's Opus decoder.
 *
 * @since 0.1.0
 * @category requests
 */
export const ResetDecoderRequest = request("resetdecoder")

/**
 * `rtp_forward` (Janus docs: AudioBridge plugin › rtp_forward): forward the mix (or a `group`'s mix) to
 * `host`:`port` as RTP (`codec` opus/pcma/pcmu, `ptype`, `ssrc`, SRTP with `srtp_suite` / `srtp_crypto`,
 * `always_on` to send silence when the room is empty).
 *
 * @since 0.1.0
 * @category requests
 */
export const RtpForwardRequest = request("rtp_forward", {
  ...roomSecret,
  ...optional({ admin_key: Str, group: Str, ssrc: Num, codec: Str, ptype: Num, always_on: Bool }),
  ...rtpTarget,
  ...srtpFields
})
/**
 * The parameters of {@link RtpForwardRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type RtpForwardParams = ParamsOf<typeof RtpForwardRequest>

/**
 * `stop_rtp_forward` (Janus docs: AudioBridge plugin › stop_rtp_forward): stops forwarder `stream_id` of `room`
 * (`admin_key` when forwarding is locked).
 *
 * @since 0.1.0
 * @category requests
 */
export const StopRtpForwardRequest = request("stop_rtp_forward", { ...roomSecret, admin_key: opt(Str), stream_id: Num })
/**
 * The parameters of {@link StopRtpForwardRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type StopRtpForwardParams = ParamsOf<typeof StopRtpForwardRequest>

/**
 * `play_file` (Janus docs: AudioBridge plugin › play_file): play an `.opus` `filename` into the mix.
 *
 * @since 0.1.0
 * @category requests
 */
export const PlayFileRequest = request("play_file", {
  ...roomSecret,
  filename: Str,
  ...optional({ admin_key: Str, group: Str, file_id: Str, loop: Bool })
})
/**
 * The parameters of {@link PlayFileRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type PlayFileParams = ParamsOf<typeof PlayFileRequest>

/**
 * `is_playing` (Janus docs: AudioBridge plugin › is_playing): whether playback `file_id` of `room` is still going.
 *
 * @since 0.1.0
 * @category requests
 */
export const IsPlayingRequest = request("is_playing", { ...roomSecret, file_id: Str })
/**
 * The parameters of {@link IsPlayingRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type IsPlayingParams = ParamsOf<typeof IsPlayingRequest>

/**
 * `stop_file` (Janus docs: AudioBridge plugin › stop_file): stops playback `file_id` of `room` (1.1.2 answers success
 * for one not playing).
 *
 * @since 0.1.0
 * @category requests
 */
export const StopFileRequest = request("stop_file", { ...roomSecret, admin_key: opt(Str), file_id: Str })
/**
 * The parameters of {@link StopFileRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type StopFileParams = ParamsOf<typeof StopFileRequest>

/**
 * `rtp` of a plain-RTP `join` (Janus docs: AudioBridge plugin › join): where to send media (`ip`, `port`), the
 * Opus `payload_type`, the audio-level extension id, `fec`.
 *
 * @since 0.1.0
 * @category models
 */
export const PlainRtp = Schema.Struct(
  optional({ ip: Str, port: Num, payload_type: Num, audiolevel_ext: Num, fec: Bool })
)
/**
 * The decoded type of {@link PlainRtp}.
 *
 * @since 0.1.0
 * @category models
 */
export type PlainRtp = typeof PlainRtp.Type

const participation = optional({ group: Str, muted: Bool, bitrate: Num, quality: Num, expected_loss: Num })

/**
 * `join` (Janus docs: AudioBridge plugin › join): `id` (chosen by the plugin when missing), `pin`, `display`,
 * `token`, `group`, `muted`, `codec` (opus/pcma/pcmu), `prebuffer` (packets), `bitrate` (bps), `quality` (0–10),
 * `expected_loss` (0–20 %), `volume` (%), `spatial_position` (0–100), `secret` (join as admin), audio-level
 * overrides, `record` + `filename` (.mjr of this participant), `generate_offer` (the plugin offers), `rtp` to join
 * with plain RTP instead of WebRTC. May carry a JSEP offer.
 *
 * @since 0.1.0
 * @category requests
 */
export const JoinRequest = request("join", {
  ...roomEntry,
  ...optional({
    codec: Str,
    prebuffer: Num,
    volume: Num,
    spatial_position: Num,
    secret: Str,
    generate_offer: Bool,
    rtp: PlainRtp
  }),
  ...participation,
  ...recording,
  ...talkDetection
})
/**
 * The parameters of {@link JoinRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type JoinParams = ParamsOf<typeof JoinRequest>

/**
 * `configure` (Janus docs: AudioBridge plugin › configure): change `muted`, `display`, `prebuffer`, `bitrate`,
 * `quality`, `expected_loss`, `volume`, `spatial_position`, `record` / `filename`, `group`; with a JSEP offer or
 * answer to (re)negotiate (`generate_offer`, `update`).
 *
 * @since 0.1.0
 * @category requests
 */
export const ConfigureRequest = request("configure", {
  ...optional({
    muted: Bool,
    display: Str,
    prebuffer: Num,
    bitrate: Num,
    quality: Num,
    expected_loss: Num,
    volume: Num,
    spatial_position: Num,
    group: Str,
    generate_offer: Bool,
    update: Bool
  }),
  ...recording
})
/**
 * The parameters of {@link ConfigureRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ConfigureParams = ParamsOf<typeof ConfigureRequest>

/**
 * `changeroom` (Janus docs: AudioBridge plugin › changeroom): move to `room` keeping the PeerConnection.
 *
 * @since 0.1.0
 * @category requests
 */
export const ChangeRoomRequest = request("changeroom", { ...roomEntry, ...participation })
/**
 * The parameters of {@link ChangeRoomRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ChangeRoomParams = ParamsOf<typeof ChangeRoomRequest>

/**
 * `leave` (Janus docs: AudioBridge plugin › leave): leaves the room and closes the PeerConnection; the others get
 * `leaving`. 487 when not joined.
 *
 * @since 0.1.0
 * @category requests
 */
export const LeaveRequest = request("leave")
/**
 * `hangup` (janus_audiobridge.c): close the PeerConnection, staying in the room.
 *
 * @since 0.1.0
 * @category requests
 */
export const HangupRequest = request("hangup")

// ---------------------------------------------------------------------------------------------------------------
// Newer Janus: typed from the upstream docs (janus-gateway master), not in 1.1.2, not tested here
// ---------------------------------------------------------------------------------------------------------------

/**
 * `suspend` (**needs Janus ≥ 1.2.1, not tested here**): takes participant `id` out of the mix without removing it
 * (it neither contributes nor hears audio); `pause_events` stops its room events until resumed, `stop_record`
 * stops its .mjr recording. Needs the room's `secret`. Janus 1.1.2 answers 482 (unknown request).
 *
 * @since 0.2.0
 * @category requests
 */
export const SuspendRequest = request("suspend", {
  ...roomParticipant,
  pause_events: opt(Bool),
  stop_record: opt(Bool)
})
/**
 * The parameters of {@link SuspendRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type SuspendParams = ParamsOf<typeof SuspendRequest>

/**
 * `resume` (**needs Janus ≥ 1.2.1, not tested here**): brings suspended participant `id` back into the mix (a
 * recap of the room follows when its events were paused); `record` + `filename` record it to .mjr. Needs the
 * room's `secret`.
 *
 * @since 0.2.0
 * @category requests
 */
export const ResumeRequest = request("resume", { ...roomParticipant, ...recording })
/**
 * The parameters of {@link ResumeRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type ResumeParams = ParamsOf<typeof ResumeRequest>

/**
 * `denoise_enable` / `denoise_disable` (**needs Janus ≥ 1.2.3 built with RNNoise, not tested here**): turns noise
 * suppression of participant `id`'s audio on or off. Needs the room's `secret`.
 *
 * @since 0.2.0
 * @category requests
 */
export const DenoiseRequest = request(["denoise_enable", "denoise_disable"], roomParticipant)
/**
 * The parameters of {@link DenoiseRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type DenoiseParams = ParamsOf<typeof DenoiseRequest>

/**
 * `listannouncements` (**needs Janus ≥ 1.2.4, not tested here**): the files being played into `room` (see
 * `play_file`). Needs the room's `secret`.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListAnnouncementsRequest = request("listannouncements", roomSecret)
/**
 * The parameters of {@link ListAnnouncementsRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type ListAnnouncementsParams = ParamsOf<typeof ListAnnouncementsRequest>

/**
 * `stop_all_files` (**needs Janus ≥ 1.3.2, not tested here**): stops every playback of `room`; answers the
 * stopped `file_id_list`. Needs the room's `secret`.
 *
 * @since 0.2.0
 * @category requests
 */
export const StopAllFilesRequest = request("stop_all_files", roomSecret)
/**
 * The parameters of {@link StopAllFilesRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type StopAllFilesParams = ParamsOf<typeof StopAllFilesRequest>
