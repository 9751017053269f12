/**
 * VideoRoom requests (Janus docs: VideoRoom plugin › Video Room API, VideoRoom Publishers, VideoRoom Subscribers;
 * the API comment at the top of janus_videoroom.c, Janus 1.1.x). Room management (`create` … `stop_rtp_forward`,
 * the remote publishers) is synchronous; participation (`join`, `publish`, `configure`, `start`, …) is
 * asynchronous: the answer is an event.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import type { ParamsOf } from "../internal/plugin.js"
import { edits, roomCreation, roomEdits, roomEntry, talkDetection, videoRoomSettings } from "../internal/roomFields.js"
import {
  Bool,
  HostFamily,
  MediaKind,
  Num,
  opt,
  optional,
  receiveFields,
  recording,
  request,
  roomParticipant,
  roomSecret,
  rtpHost,
  rtpTarget,
  Str,
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

// ---------------------------------------------------------------------------------------------------------------
// Rooms
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
 * @category requests
 */
export const CreateRequest = request("create", {
  ...roomCreation,
  ...videoRoomSettings,
  ...optional({
    signed_tokens: Bool,
    publishers: Num,
    vp9_profile: Str,
    h264_profile: Str,
    dummy_streams: Schema.Array(Schema.Struct({ codec: Str, fmtp: opt(Str) }))
  })
})
/**
 * The parameters of {@link CreateRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type CreateParams = ParamsOf<typeof CreateRequest>

/**
 * `edit` (Janus docs: VideoRoom plugin › edit): the `new_*` properties of `room`.
 *
 * @since 0.1.0
 * @category requests
 */
export const EditRequest = request("edit", {
  ...roomEdits,
  ...edits(
    optional({ require_pvtid: Bool, bitrate: Num, fir_freq: Num, publishers: Num, lock_record: Bool, rec_dir: Str })
  )
})
/**
 * The parameters of {@link EditRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type EditParams = ParamsOf<typeof EditRequest>

/**
 * `moderate` (Janus docs: VideoRoom plugin › moderate): (un)`mute` stream `mid` of participant `id`.
 *
 * @since 0.1.0
 * @category requests
 */
export const ModerateRequest = request("moderate", { ...roomParticipant, mid: Str, mute: Bool })
/**
 * The parameters of {@link ModerateRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ModerateParams = ParamsOf<typeof ModerateRequest>

/**
 * `enable_recording` (Janus docs: VideoRoom plugin › enable_recording): record every participant.
 *
 * @since 0.1.0
 * @category requests
 */
export const EnableRecordingRequest = request("enable_recording", { ...roomSecret, record: Bool })
/**
 * The parameters of {@link EnableRecordingRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type EnableRecordingParams = ParamsOf<typeof EnableRecordingRequest>

/**
 * One stream of an `rtp_forward` (Janus docs: VideoRoom plugin › rtp_forward): the publisher stream `mid` to
 * `host`:`port`, with optional `ssrc`, `pt`, `rtcp_port`; for simulcast either `simulcast: true` (one stream, as
 * a viewer) or `port_2` / `port_3` (+ `ssrc_*`, `pt_*`) for the other substreams.
 *
 * @since 0.1.0
 * @category models
 */
export const RtpForwardStream = Schema.Struct({
  mid: Str,
  ...optional({
    host: Str,
    host_family: HostFamily,
    ssrc: Num,
    pt: Num,
    rtcp_port: Num,
    simulcast: Bool,
    port_2: Num,
    ssrc_2: Num,
    pt_2: Num,
    port_3: Num,
    ssrc_3: Num,
    pt_3: Num
  }),
  port: Num
})
/**
 * The decoded type of {@link RtpForwardStream}.
 *
 * @since 0.1.0
 * @category models
 */
export type RtpForwardStream = typeof RtpForwardStream.Type

/**
 * `rtp_forward` (Janus docs: VideoRoom plugin › rtp_forward): forward streams of publisher `publisher_id` as
 * plain (or SRTP: `srtp_suite` 32/80 + `srtp_crypto`) RTP to `host`. `admin_key` when RTP forwarding is locked.
 *
 * @since 0.1.0
 * @category requests
 */
export const RtpForwardRequest = request("rtp_forward", {
  ...roomSecret,
  admin_key: opt(Str),
  publisher_id: Id,
  ...rtpHost,
  streams: Schema.Array(RtpForwardStream),
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
 * `stop_rtp_forward` (Janus docs: VideoRoom plugin › stop_rtp_forward): stops forwarder `stream_id` of publisher
 * `publisher_id` (`admin_key` when forwarding is locked).
 *
 * @since 0.1.0
 * @category requests
 */
export const StopRtpForwardRequest = request("stop_rtp_forward", {
  ...roomSecret,
  admin_key: opt(Str),
  publisher_id: Id,
  stream_id: Num
})
/**
 * The parameters of {@link StopRtpForwardRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type StopRtpForwardParams = ParamsOf<typeof StopRtpForwardRequest>

// ---------------------------------------------------------------------------------------------------------------
// Publishers
// ---------------------------------------------------------------------------------------------------------------

/**
 * `join` as a publisher (Janus docs: VideoRoom plugin › VideoRoom Publishers › join): enter `room` as a
 * participant (`id` chosen by the plugin when missing), not yet sending anything. `pin` and `token` when the room
 * requires them.
 *
 * @since 0.1.0
 * @category requests
 */
export const JoinPublisherRequest = request("join", {
  ptype: Schema.Literal("publisher"),
  ...roomEntry
})
/**
 * The parameters of {@link JoinPublisherRequest}: its fields without `request` and `ptype`, which the operation sets
 * (`ptype: "publisher"`).
 *
 * @since 0.1.0
 * @category requests
 */
export type JoinPublisherParams = Omit<ParamsOf<typeof JoinPublisherRequest>, "ptype">

/**
 * A text description of a published stream (e.g. "front camera").
 *
 * @since 0.1.0
 * @category models
 */
export const StreamDescription = Schema.Struct({ mid: Str, description: Str })

const publishFields = {
  ...optional({
    audiocodec: Str,
    videocodec: Str,
    bitrate: Num,
    display: Str,
    descriptions: Schema.Array(StreamDescription)
  }),
  ...recording,
  ...talkDetection
}

/**
 * `publish` (Janus docs: VideoRoom plugin › publish), with a JSEP offer: preferred `audiocodec` / `videocodec`,
 * `bitrate` cap (bps), `record` + `filename`, `display`, audio-level overrides, stream `descriptions`.
 *
 * @since 0.1.0
 * @category requests
 */
export const PublishRequest = request("publish", publishFields)
/**
 * The parameters of {@link PublishRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type PublishParams = ParamsOf<typeof PublishRequest>

/**
 * `joinandconfigure` (Janus docs: VideoRoom plugin › joinandconfigure): `join` and `publish` at once.
 *
 * @since 0.1.0
 * @category requests
 */
export const JoinAndConfigureRequest = request("joinandconfigure", {
  ptype: Schema.Literal("publisher"),
  ...roomEntry,
  ...publishFields
})
/**
 * The parameters of {@link JoinAndConfigureRequest}: its fields without `request` and `ptype`, which the operation sets
 * (`ptype: "publisher"`).
 *
 * @since 0.1.0
 * @category requests
 */
export type JoinAndConfigureParams = Omit<ParamsOf<typeof JoinAndConfigureRequest>, "ptype">

/**
 * Per-stream settings of a publisher `configure`: `send`, `keyframe`, playout delay (10 ms units).
 *
 * @since 0.1.0
 * @category models
 */
export const PublisherStreamConfig = Schema.Struct({
  mid: Str,
  ...optional({ keyframe: Bool, send: Bool, min_delay: Num, max_delay: Num })
})

/**
 * `configure` for a publisher (Janus docs: VideoRoom plugin › configure): `bitrate`, `keyframe`, `record` /
 * `filename`, `display`, audio-level overrides, per-stream `streams`, `descriptions`; with a JSEP offer for a
 * renegotiation (`update`, `restart`).
 *
 * @since 0.1.0
 * @category requests
 */
export const ConfigurePublisherRequest = request("configure", {
  ...optional({
    bitrate: Num,
    keyframe: Bool,
    display: Str,
    streams: Schema.Array(PublisherStreamConfig),
    descriptions: Schema.Array(StreamDescription),
    update: Bool,
    restart: Bool
  }),
  ...recording,
  ...talkDetection
})
/**
 * The parameters of {@link ConfigurePublisherRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ConfigurePublisherParams = ParamsOf<typeof ConfigurePublisherRequest>

/**
 * `unpublish` (Janus docs: VideoRoom plugin › unpublish): stops publishing (the PeerConnection closes, the participant
 * stays); 435 when not publishing.
 *
 * @since 0.1.0
 * @category requests
 */
export const UnpublishRequest = request("unpublish")

/**
 * `leave` (Janus docs: VideoRoom plugin › leave): a publisher leaves the room; a subscriber ends its subscription.
 *
 * @since 0.1.0
 * @category requests
 */
export const LeaveRequest = request("leave")

// ---------------------------------------------------------------------------------------------------------------
// Subscribers
// ---------------------------------------------------------------------------------------------------------------

/**
 * A stream to subscribe to: publisher `feed` (all its streams) or one of its streams (`mid`); `crossrefid` to
 * find it again in the answer; optional initial `send`, simulcast (`substream`, `temporal`, `fallback` µs), SVC
 * (`spatial_layer`, `temporal_layer`) and playout-delay (`min_delay`, `max_delay`) settings.
 *
 * @since 0.1.0
 * @category models
 */
export const SubscribeStream = Schema.Struct({ feed: Id, mid: opt(Str), crossrefid: opt(Str), ...receiveFields })
/**
 * The decoded type of {@link SubscribeStream}.
 *
 * @since 0.1.0
 * @category models
 */
export type SubscribeStream = typeof SubscribeStream.Type

/**
 * What to unsubscribe from: every stream of `feed`, its stream `mid`, or our own m-line `sub_mid`.
 *
 * @since 0.1.0
 * @category models
 */
export const UnsubscribeStream = Schema.Struct({ feed: opt(Id), mid: opt(Str), sub_mid: opt(Str) })
/**
 * The decoded type of {@link UnsubscribeStream}.
 *
 * @since 0.1.0
 * @category models
 */
export type UnsubscribeStream = typeof UnsubscribeStream.Type

/**
 * `join` as a subscriber (Janus docs: VideoRoom plugin › VideoRoom Subscribers › join): subscribe to `streams`
 * of `room` (multistream: from one or several publishers); `private_id` of our publisher (mandatory with
 * `require_pvtid`), `use_msid`, `autoupdate` (default true), `pin`. The answer (`Attached`) carries the offer.
 *
 * @since 0.1.0
 * @category requests
 */
export const JoinSubscriberRequest = request("join", {
  ptype: Schema.Literal("subscriber"),
  room: Id,
  streams: Schema.Array(SubscribeStream),
  ...optional({ private_id: Num, use_msid: Bool, autoupdate: Bool, pin: Str })
})
/**
 * The parameters of {@link JoinSubscriberRequest}: its fields without `request` and `ptype`, which the operation sets
 * (`ptype: "subscriber"`).
 *
 * @since 0.1.0
 * @category requests
 */
export type JoinSubscriberParams = Omit<ParamsOf<typeof JoinSubscriberRequest>, "ptype">

/**
 * `start` (Janus docs: VideoRoom plugin › start): with the JSEP answer, or alone to resume after `pause`.
 *
 * @since 0.1.0
 * @category requests
 */
export const StartRequest = request("start")
/**
 * `pause` (Janus docs: VideoRoom plugin › pause): stops relaying the subscription's media, keeping the PeerConnection
 * (`start` resumes).
 *
 * @since 0.1.0
 * @category requests
 */
export const PauseRequest = request("pause")

/**
 * `subscribe` (Janus docs: VideoRoom plugin › subscribe): add `streams` to the subscription.
 *
 * @since 0.1.0
 * @category requests
 */
export const SubscribeRequest = request("subscribe", { streams: Schema.Array(SubscribeStream) })
/**
 * The parameters of {@link SubscribeRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type SubscribeParams = ParamsOf<typeof SubscribeRequest>

/**
 * `unsubscribe` (Janus docs: VideoRoom plugin › unsubscribe): removes streams (by `feed`, `mid` or our `sub_mid`) from
 * the subscription.
 *
 * @since 0.1.0
 * @category requests
 */
export const UnsubscribeRequest = request("unsubscribe", { streams: Schema.Array(UnsubscribeStream) })
/**
 * The parameters of {@link UnsubscribeRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type UnsubscribeParams = ParamsOf<typeof UnsubscribeRequest>

/**
 * `update` (Janus docs: VideoRoom plugin › update): `subscribe` and `unsubscribe` at once (at least one).
 *
 * @since 0.1.0
 * @category requests
 */
export const UpdateRequest = request("update", {
  subscribe: opt(Schema.Array(SubscribeStream)),
  unsubscribe: opt(Schema.Array(UnsubscribeStream))
})
/**
 * The parameters of {@link UpdateRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type UpdateParams = ParamsOf<typeof UpdateRequest>

/**
 * Per-stream settings of a subscriber `configure`.
 *
 * @since 0.1.0
 * @category models
 */
export const SubscriberStreamConfig = Schema.Struct({ mid: Str, ...receiveFields, ...talkDetection })

/**
 * `configure` for a subscriber (Janus docs: VideoRoom plugin › configure, subscribers): per-`mid` settings in
 * `streams`; `restart: true` asks for an ICE-restart offer.
 *
 * @since 0.1.0
 * @category requests
 */
export const ConfigureSubscriberRequest = request("configure", {
  streams: opt(Schema.Array(SubscriberStreamConfig)),
  restart: opt(Bool)
})
/**
 * The parameters of {@link ConfigureSubscriberRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ConfigureSubscriberParams = ParamsOf<typeof ConfigureSubscriberRequest>

/**
 * `switch` (Janus docs: VideoRoom plugin › switch): feed our m-line `sub_mid` from publisher `feed`'s stream
 * `mid` instead, without renegotiating.
 *
 * @since 0.1.0
 * @category requests
 */
export const SwitchRequest = request("switch", {
  streams: Schema.Array(Schema.Struct({ feed: Id, mid: Str, sub_mid: Str }))
})
/**
 * The parameters of {@link SwitchRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type SwitchParams = ParamsOf<typeof SwitchRequest>

// ---------------------------------------------------------------------------------------------------------------
// Remote publishers (in the 1.1.2 source; documented upstream from Janus 1.2.4)
// ---------------------------------------------------------------------------------------------------------------

/**
 * A stream of a remote publisher, as its source instance publishes it: `type`, `mindex`, `mid`, and optionally
 * `codec`, `description`, `disabled`, audio flags (`stereo`, `fec`, `dtx`), video flags (`simulcast`, `svc`,
 * `h264-profile`, `vp9-profile`) and the RTP extension ids in use. The SRTP fields of the remote-publisher
 * requests come from the later upstream docs: 1.1.2 reads none of them.
 *
 * @since 0.2.0
 * @category models
 */
export const RemotePublisherStream = Schema.Struct({
  type: MediaKind,
  mindex: Num,
  mid: Str,
  ...optional({
    disabled: Bool,
    codec: Str,
    description: Str,
    stereo: Bool,
    fec: Bool,
    dtx: Bool,
    "h264-profile": Str,
    "vp9-profile": Str,
    simulcast: Bool,
    svc: Bool,
    audiolevel_ext_id: Num,
    videoorient_ext_id: Num,
    playoutdelay_ext_id: Num
  })
})
/**
 * The decoded type of {@link RemotePublisherStream}.
 *
 * @since 0.2.0
 * @category models
 */
export type RemotePublisherStream = typeof RemotePublisherStream.Type

/**
 * `add_remote_publisher`: on the receiving instance, adds a publisher fed by another Janus (its `streams` as that
 * instance publishes them) to `room`. `id` is chosen by the plugin when missing; the plugin binds `port` (0, the
 * default: a random one) on `iface` (or joins multicast group `mcast`) for all its RTP, SRTP when `srtp_suite`
 * (32 or 80) and `srtp_crypto` are given. The answer says where the source must send (`ip`, `port`, `rtcp_port`):
 * feed them to `publish_remotely` there. The room's members see it as any publisher. Needs the room's `secret`.
 *
 * @since 0.2.0
 * @category requests
 */
export const AddRemotePublisherRequest = request("add_remote_publisher", {
  ...roomSecret,
  ...optional({ id: Id, display: Str, mcast: Str, iface: Str, port: Num }),
  ...srtpFields,
  streams: Schema.Array(RemotePublisherStream)
})
/**
 * The parameters of {@link AddRemotePublisherRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type AddRemotePublisherParams = ParamsOf<typeof AddRemotePublisherRequest>

/**
 * `update_remote_publisher`: changes remote publisher `id` of `room`: its `display`, SRTP settings, and new or
 * changed `streams` (only those; Janus 1.1.2 requires the array, 429 without it). Needs the room's `secret`; 428
 * for an unknown publisher.
 *
 * @since 0.2.0
 * @category requests
 */
export const UpdateRemotePublisherRequest = request("update_remote_publisher", {
  ...roomParticipant,
  display: opt(Str),
  ...srtpFields,
  streams: Schema.Array(RemotePublisherStream)
})
/**
 * The parameters of {@link UpdateRemotePublisherRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type UpdateRemotePublisherParams = ParamsOf<typeof UpdateRemotePublisherRequest>

/**
 * `remove_remote_publisher`: removes remote publisher `id` from `room`; its subscribers and the other members are
 * told as for a local publisher that leaves. Needs the room's `secret`.
 *
 * @since 0.2.0
 * @category requests
 */
export const RemoveRemotePublisherRequest = request("remove_remote_publisher", roomParticipant)
/**
 * The parameters of {@link RemoveRemotePublisherRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type RemoveRemotePublisherParams = ParamsOf<typeof RemoveRemotePublisherRequest>

/**
 * `publish_remotely`: on the source instance, starts forwarding local publisher `publisher_id` of `room` to the
 * remote publisher another instance made with `add_remote_publisher` (its `host`, `port`, `rtcp_port`; SRTP with
 * `srtp_suite` and `srtp_crypto`). `remote_id` names this remotization (one publisher can be sent to several
 * instances). Needs the room's `secret`; 428 for an unknown publisher, 436 for a `remote_id` in use.
 *
 * @since 0.2.0
 * @category requests
 */
export const PublishRemotelyRequest = request("publish_remotely", {
  ...roomSecret,
  publisher_id: Id,
  remote_id: Str,
  ...rtpTarget,
  rtcp_port: opt(Num),
  ...srtpFields
})
/**
 * The parameters of {@link PublishRemotelyRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type PublishRemotelyParams = ParamsOf<typeof PublishRemotelyRequest>

/**
 * `unpublish_remotely`: stops remotization `remote_id` of publisher `publisher_id` (the remote instance keeps its
 * remote publisher until it gets `remove_remote_publisher`). Needs the room's `secret`.
 *
 * @since 0.2.0
 * @category requests
 */
export const UnpublishRemotelyRequest = request("unpublish_remotely", {
  ...roomSecret,
  publisher_id: Id,
  remote_id: Str
})
/**
 * The parameters of {@link UnpublishRemotelyRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type UnpublishRemotelyParams = ParamsOf<typeof UnpublishRemotelyRequest>

/**
 * `listremotes` (`list_remotes` in the upstream doc comment; the 1.1.2 source reads `listremotes`): the
 * remotizations of publisher `publisher_id`. Needs the room's `secret`.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListRemotesRequest = request("listremotes", { ...roomSecret, publisher_id: Id })
/**
 * The parameters of {@link ListRemotesRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type ListRemotesParams = ParamsOf<typeof ListRemotesRequest>
