/**
 * VideoRoom room management: the synchronous requests (Janus docs: VideoRoom plugin › Video Room API; the API
 * comment at the top of janus_videoroom.c, Janus 1.1.x) and their answers.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import { Bool, Num, opt, Str, Strings, tagged } from "../internal/schema.js"

const roomSecret = { room: Id, secret: opt(Str) }

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/**
 * `create` (Janus docs: VideoRoom plugin › create). The same settings as a room in janus.plugin.videoroom.jcfg:
 * `room` (chosen by the plugin when missing), `permanent`, `admin_key` (when configured), `description`,
 * `secret`, `pin`, `is_private`, `allowed` tokens, `require_pvtid`, `signed_tokens`, `publishers` (max active,
 * default 3), `bitrate` (bps) and `bitrate_cap`, `fir_freq` (s), `audiocodec` / `videocodec` (comma-separated
 * preference lists), `vp9_profile`, `h264_profile`, `opus_fec`, `opus_dtx`, `video_svc`, RTP extensions
 * (`audiolevel_ext`, `audiolevel_event`, `audio_active_packets`, `audio_level_average`, `videoorient_ext`,
 * `playoutdelay_ext`, `transport_wide_cc_ext`), recording (`record`, `rec_dir`, `lock_record`), `notify_joining`,
 * `require_e2ee`, `dummy_publisher` with `dummy_streams`.
 *
 * @since 0.1.0
 */
export const CreateRequest = Schema.Struct({
  request: Schema.Literal("create"),
  room: opt(Id),
  permanent: opt(Bool),
  admin_key: opt(Str),
  description: opt(Str),
  secret: opt(Str),
  pin: opt(Str),
  is_private: opt(Bool),
  allowed: opt(Strings),
  require_pvtid: opt(Bool),
  signed_tokens: opt(Bool),
  publishers: opt(Num),
  bitrate: opt(Num),
  bitrate_cap: opt(Bool),
  fir_freq: opt(Num),
  audiocodec: opt(Str),
  videocodec: opt(Str),
  vp9_profile: opt(Str),
  h264_profile: opt(Str),
  opus_fec: opt(Bool),
  opus_dtx: opt(Bool),
  video_svc: opt(Bool),
  audiolevel_ext: opt(Bool),
  audiolevel_event: opt(Bool),
  audio_active_packets: opt(Num),
  audio_level_average: opt(Num),
  videoorient_ext: opt(Bool),
  playoutdelay_ext: opt(Bool),
  transport_wide_cc_ext: opt(Bool),
  record: opt(Bool),
  rec_dir: opt(Str),
  lock_record: opt(Bool),
  notify_joining: opt(Bool),
  require_e2ee: opt(Bool),
  dummy_publisher: opt(Bool),
  dummy_streams: opt(Schema.Array(Schema.Struct({ codec: Str, fmtp: opt(Str) })))
})
/** @since 0.1.0 */
export type CreateParams = Omit<typeof CreateRequest.Type, "request">

/** `edit` (Janus docs: VideoRoom plugin › edit): the `new_*` properties of `room`. @since 0.1.0 */
export const EditRequest = Schema.Struct({
  request: Schema.Literal("edit"),
  ...roomSecret,
  new_description: opt(Str),
  new_secret: opt(Str),
  new_pin: opt(Str),
  new_is_private: opt(Bool),
  new_require_pvtid: opt(Bool),
  new_bitrate: opt(Num),
  new_fir_freq: opt(Num),
  new_publishers: opt(Num),
  new_lock_record: opt(Bool),
  new_rec_dir: opt(Str),
  permanent: opt(Bool)
})
/** @since 0.1.0 */
export type EditParams = Omit<typeof EditRequest.Type, "request">

/** `destroy` (Janus docs: VideoRoom plugin › destroy). @since 0.1.0 */
export const DestroyRequest = Schema.Struct({ request: Schema.Literal("destroy"), ...roomSecret, permanent: opt(Bool) })
/** @since 0.1.0 */
export type DestroyParams = Omit<typeof DestroyRequest.Type, "request">

/** `exists` (Janus docs: VideoRoom plugin › exists). @since 0.1.0 */
export const ExistsRequest = Schema.Struct({ request: Schema.Literal("exists"), room: Id })
/** @since 0.1.0 */
export type ExistsParams = Omit<typeof ExistsRequest.Type, "request">

/** `list` (Janus docs: VideoRoom plugin › list): public rooms (private ones too with `admin_key`). @since 0.1.0 */
export const ListRequest = Schema.Struct({ request: Schema.Literal("list"), admin_key: opt(Str) })
/** @since 0.1.0 */
export type ListParams = Omit<typeof ListRequest.Type, "request">

/**
 * `allowed` (Janus docs: VideoRoom plugin › allowed): token ACL `enable` / `disable` / `add` / `remove`. @since 0.1.0
 */
export const AllowedRequest = Schema.Struct({
  request: Schema.Literal("allowed"),
  ...roomSecret,
  action: Schema.Literal("enable", "disable", "add", "remove"),
  allowed: opt(Strings)
})
/** @since 0.1.0 */
export type AllowedParams = Omit<typeof AllowedRequest.Type, "request">

/** `kick` (Janus docs: VideoRoom plugin › kick): participant `id` out of `room`. @since 0.1.0 */
export const KickRequest = Schema.Struct({ request: Schema.Literal("kick"), ...roomSecret, id: Id })
/** @since 0.1.0 */
export type KickParams = Omit<typeof KickRequest.Type, "request">

/** `moderate` (Janus docs: VideoRoom plugin › moderate): (un)`mute` stream `mid` of participant `id`. @since 0.1.0 */
export const ModerateRequest = Schema.Struct({
  request: Schema.Literal("moderate"),
  ...roomSecret,
  id: Id,
  mid: Str,
  mute: Bool
})
/** @since 0.1.0 */
export type ModerateParams = Omit<typeof ModerateRequest.Type, "request">

/** `listparticipants` (Janus docs: VideoRoom plugin › listparticipants). @since 0.1.0 */
export const ListParticipantsRequest = Schema.Struct({ request: Schema.Literal("listparticipants"), room: Id })
/** @since 0.1.0 */
export type ListParticipantsParams = Omit<typeof ListParticipantsRequest.Type, "request">

/** `listforwarders` (Janus docs: VideoRoom plugin › listforwarders). @since 0.1.0 */
export const ListForwardersRequest = Schema.Struct({ request: Schema.Literal("listforwarders"), ...roomSecret })
/** @since 0.1.0 */
export type ListForwardersParams = Omit<typeof ListForwardersRequest.Type, "request">

/** `enable_recording` (Janus docs: VideoRoom plugin › enable_recording): record every participant. @since 0.1.0 */
export const EnableRecordingRequest = Schema.Struct({
  request: Schema.Literal("enable_recording"),
  ...roomSecret,
  record: Bool
})
/** @since 0.1.0 */
export type EnableRecordingParams = Omit<typeof EnableRecordingRequest.Type, "request">

/**
 * One stream of an `rtp_forward` (Janus docs: VideoRoom plugin › rtp_forward): the publisher stream `mid` to
 * `host`:`port`, with optional `ssrc`, `pt`, `rtcp_port`; for simulcast either `simulcast: true` (one stream, as
 * a viewer) or `port_2` / `port_3` (+ `ssrc_*`, `pt_*`) for the other substreams.
 *
 * @since 0.1.0
 */
export const RtpForwardStream = Schema.Struct({
  mid: Str,
  host: opt(Str),
  host_family: opt(Schema.Literal("ipv4", "ipv6")),
  port: Num,
  ssrc: opt(Num),
  pt: opt(Num),
  rtcp_port: opt(Num),
  simulcast: opt(Bool),
  port_2: opt(Num),
  ssrc_2: opt(Num),
  pt_2: opt(Num),
  port_3: opt(Num),
  ssrc_3: opt(Num),
  pt_3: opt(Num)
})
/** @since 0.1.0 */
export type RtpForwardStream = typeof RtpForwardStream.Type

/**
 * `rtp_forward` (Janus docs: VideoRoom plugin › rtp_forward): forward streams of publisher `publisher_id` as
 * plain (or SRTP: `srtp_suite` 32/80 + `srtp_crypto`) RTP to `host`. `admin_key` when RTP forwarding is locked.
 *
 * @since 0.1.0
 */
export const RtpForwardRequest = Schema.Struct({
  request: Schema.Literal("rtp_forward"),
  ...roomSecret,
  admin_key: opt(Str),
  publisher_id: Id,
  host: Str,
  host_family: opt(Schema.Literal("ipv4", "ipv6")),
  streams: Schema.Array(RtpForwardStream),
  srtp_suite: opt(Num),
  srtp_crypto: opt(Str)
})
/** @since 0.1.0 */
export type RtpForwardParams = Omit<typeof RtpForwardRequest.Type, "request">

/** `stop_rtp_forward` (Janus docs: VideoRoom plugin › stop_rtp_forward). @since 0.1.0 */
export const StopRtpForwardRequest = Schema.Struct({
  request: Schema.Literal("stop_rtp_forward"),
  ...roomSecret,
  admin_key: opt(Str),
  publisher_id: Id,
  stream_id: Num
})
/** @since 0.1.0 */
export type StopRtpForwardParams = Omit<typeof StopRtpForwardRequest.Type, "request">

// ---------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------

const success = { videoroom: Schema.Literal("success") }

/** The answer to `create`: `room` and whether it was saved to the config file (`permanent`). @since 0.1.0 */
export const Created = tagged("Created", { videoroom: Schema.Literal("created"), room: Id, permanent: opt(Bool) })
/** @since 0.1.0 */
export type Created = typeof Created.Type

/** The answer to `edit`. @since 0.1.0 */
export const Edited = tagged("Edited", { videoroom: Schema.Literal("edited"), room: Id, permanent: opt(Bool) })
/** @since 0.1.0 */
export type Edited = typeof Edited.Type

/** The answer to `destroy`, and the event participants get when their room is destroyed. @since 0.1.0 */
export const Destroyed = tagged("Destroyed", { videoroom: Schema.Literal("destroyed"), room: Id, permanent: opt(Bool) })
/** @since 0.1.0 */
export type Destroyed = typeof Destroyed.Type

/** The answer to `exists`. @since 0.1.0 */
export const Exists = tagged("Exists", { ...success, room: Id, exists: Bool })
/** @since 0.1.0 */
export type Exists = typeof Exists.Type

/** A room of `list`. @since 0.1.0 */
export const RoomInfo = Schema.Struct({
  room: Id,
  description: opt(Str),
  pin_required: opt(Bool),
  is_private: opt(Bool),
  max_publishers: opt(Num),
  bitrate: opt(Num),
  bitrate_cap: opt(Bool),
  fir_freq: opt(Num),
  require_pvtid: opt(Bool),
  require_e2ee: opt(Bool),
  dummy_publisher: opt(Bool),
  notify_joining: opt(Bool),
  audiocodec: opt(Str),
  videocodec: opt(Str),
  opus_fec: opt(Bool),
  opus_dtx: opt(Bool),
  video_svc: opt(Bool),
  record: opt(Bool),
  rec_dir: opt(Str),
  lock_record: opt(Bool),
  num_participants: opt(Num),
  audiolevel_ext: opt(Bool),
  audiolevel_event: opt(Bool),
  audio_active_packets: opt(Num),
  audio_level_average: opt(Num),
  videoorient_ext: opt(Bool),
  playoutdelay_ext: opt(Bool),
  transport_wide_cc_ext: opt(Bool)
})
/** @since 0.1.0 */
export type RoomInfo = typeof RoomInfo.Type

/** The answer to `list`. @since 0.1.0 */
export const RoomList = tagged("RoomList", { ...success, list: Schema.Array(RoomInfo) })
/** @since 0.1.0 */
export type RoomList = typeof RoomList.Type

/** The answer to `allowed`: the complete token list (for `enable`, `add`, `remove`). @since 0.1.0 */
export const Allowed = tagged("Allowed", { ...success, room: Id, allowed: opt(Strings) })
/** @since 0.1.0 */
export type Allowed = typeof Allowed.Type

/**
 * `{"videoroom":"success"}`: the answer to `kick` and `moderate` (and `enable_recording`, with `record`). @since
 * 0.1.0
 */
export const Success = tagged("Success", { ...success, record: opt(Bool) })
/** @since 0.1.0 */
export type Success = typeof Success.Type

/** A participant of `listparticipants`: `publisher` is true while publishing. @since 0.1.0 */
export const Participant = Schema.Struct({
  id: Id,
  display: opt(Str),
  publisher: opt(Bool),
  talking: opt(Bool),
  dummy: opt(Bool),
  remote: opt(Bool)
})
/** @since 0.1.0 */
export type Participant = typeof Participant.Type

/** The answer to `listparticipants`. @since 0.1.0 */
export const Participants = tagged("Participants", {
  videoroom: Schema.Literal("participants"),
  room: Id,
  participants: Schema.Array(Participant)
})
/** @since 0.1.0 */
export type Participants = typeof Participants.Type

/** An RTP forwarder of `rtp_forward` and `listforwarders`. @since 0.1.0 */
export const Forwarder = Schema.Struct({
  stream_id: opt(Num),
  type: opt(Str),
  host: opt(Str),
  port: opt(Num),
  local_rtcp_port: opt(Num),
  remote_rtcp_port: opt(Num),
  ssrc: opt(Num),
  pt: opt(Num),
  substream: opt(Num),
  srtp: opt(Bool)
})
/** @since 0.1.0 */
export type Forwarder = typeof Forwarder.Type

/** The answer to `listforwarders`: forwarders per publisher. @since 0.1.0 */
export const Forwarders = tagged("Forwarders", {
  videoroom: Schema.Literal("forwarders"),
  room: Id,
  publishers: Schema.Array(Schema.Struct({ publisher_id: Id, display: opt(Str), forwarders: Schema.Array(Forwarder) }))
})
/** @since 0.1.0 */
export type Forwarders = typeof Forwarders.Type

/** The answer to `rtp_forward`: the new `forwarders` (with their `stream_id`). @since 0.1.0 */
export const RtpForwarded = tagged("RtpForwarded", {
  videoroom: Schema.Literal("rtp_forward"),
  room: Id,
  publisher_id: Id,
  forwarders: Schema.Array(Forwarder)
})
/** @since 0.1.0 */
export type RtpForwarded = typeof RtpForwarded.Type

/** The answer to `stop_rtp_forward`. @since 0.1.0 */
export const RtpForwardStopped = tagged("RtpForwardStopped", {
  videoroom: Schema.Literal("stop_rtp_forward"),
  room: Id,
  publisher_id: Id,
  stream_id: Num
})
/** @since 0.1.0 */
export type RtpForwardStopped = typeof RtpForwardStopped.Type
