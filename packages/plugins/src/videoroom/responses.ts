/**
 * VideoRoom answers and events (Janus docs: VideoRoom plugin; janus_videoroom.c, Janus 1.1.x): the answers to the
 * synchronous room requests, the answers to the asynchronous requests, and what the room tells its participants,
 * decoded into values tagged by `_tag`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import { listedRoom, videoRoomSettings } from "../internal/roomFields.js"
import { participantsAnswer, roomAnswers, roomListAnswer } from "../internal/rooms.js"
import {
  answers,
  Bool,
  changesLayer,
  eventUnion,
  layerFields,
  listedForwarder,
  Num,
  opt,
  optional,
  Str
} from "../internal/schema.js"

/** The answers and events of this plugin: `videoroom: <value>` and their fields. */
const answer = answers("videoroom")

/**
 * The answers to the shared room requests: `create` (`Created`: the new `room`, and whether it was saved to the
 * config file, `permanent`), `edit` (`Edited`), `destroy` (`Destroyed`, also the event participants get when
 * their room is destroyed), `exists` (`Exists`: `exists` true or false) and `allowed` (`Allowed`: the complete
 * token list).
 *
 * @since 0.1.0
 * @category responses
 */
export const { Created, Edited, Destroyed, Exists, Allowed } = roomAnswers("videoroom")
/**
 * The decoded type of {@link Created}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Created = typeof Created.Type
/**
 * The decoded type of {@link Edited}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Edited = typeof Edited.Type
/**
 * The decoded type of {@link Destroyed}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Destroyed = typeof Destroyed.Type
/**
 * The decoded type of {@link Exists}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Exists = typeof Exists.Type
/**
 * The decoded type of {@link Allowed}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Allowed = typeof Allowed.Type

/**
 * A room of `list`.
 *
 * @since 0.1.0
 * @category models
 */
export const RoomInfo = Schema.Struct({
  ...listedRoom,
  ...optional({ is_private: Bool, max_publishers: Num }),
  ...videoRoomSettings
})
/**
 * The decoded type of {@link RoomInfo}.
 *
 * @since 0.1.0
 * @category models
 */
export type RoomInfo = typeof RoomInfo.Type

/**
 * The answer to `list`: `{"videoroom":"success","list":[…]}`, one {@link RoomInfo} per public room (private ones too
 * with `admin_key`); empty when there are none.
 *
 * @since 0.1.0
 * @category responses
 */
export const RoomList = roomListAnswer("videoroom", RoomInfo)
/**
 * The decoded type of {@link RoomList}.
 *
 * @since 0.1.0
 * @category responses
 */
export type RoomList = typeof RoomList.Type

/**
 * `{"videoroom":"success"}`: the answer to `kick`, `moderate`, `update_remote_publisher`,
 * `remove_remote_publisher`, and `enable_recording` (with `record`).
 *
 * @since 0.1.0
 * @category responses
 */
export const Success = answer("Success", "success", { record: opt(Bool) })
/**
 * The decoded type of {@link Success}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Success = typeof Success.Type

/**
 * A participant of `listparticipants`: `publisher` is true while publishing.
 *
 * @since 0.1.0
 * @category models
 */
export const Participant = Schema.Struct({
  id: Id,
  ...optional({ display: Str, publisher: Bool, talking: Bool, dummy: Bool, remote: Bool })
})
/**
 * The decoded type of {@link Participant}.
 *
 * @since 0.1.0
 * @category models
 */
export type Participant = typeof Participant.Type

/**
 * The answer to `listparticipants`: `room` and its `participants` ({@link Participant}: id, display, `publisher`
 * flag, `talking`). Fails with 426 (no such room) instead when `room` does not exist.
 *
 * @since 0.1.0
 * @category responses
 */
export const Participants = participantsAnswer("videoroom", Participant)
/**
 * The decoded type of {@link Participants}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Participants = typeof Participants.Type

/**
 * An RTP forwarder of `rtp_forward` and `listforwarders`.
 *
 * @since 0.1.0
 * @category models
 */
export const Forwarder = Schema.Struct({
  ...listedForwarder,
  ...optional({ local_rtcp_port: Num, remote_rtcp_port: Num, substream: Num })
})
/**
 * The decoded type of {@link Forwarder}.
 *
 * @since 0.1.0
 * @category models
 */
export type Forwarder = typeof Forwarder.Type

/**
 * The answer to `listforwarders`: forwarders per publisher.
 *
 * @since 0.1.0
 * @category responses
 */
export const Forwarders = answer("Forwarders", "forwarders", {
  room: Id,
  publishers: Schema.Array(Schema.Struct({ publisher_id: Id, display: opt(Str), forwarders: Schema.Array(Forwarder) }))
})
/**
 * The decoded type of {@link Forwarders}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Forwarders = typeof Forwarders.Type

/**
 * The answer to `rtp_forward`: the new `forwarders` (with their `stream_id`).
 *
 * @since 0.1.0
 * @category responses
 */
export const RtpForwarded = answer("RtpForwarded", "rtp_forward", {
  room: Id,
  publisher_id: Id,
  forwarders: Schema.Array(Forwarder)
})
/**
 * The decoded type of {@link RtpForwarded}.
 *
 * @since 0.1.0
 * @category responses
 */
export type RtpForwarded = typeof RtpForwarded.Type

/**
 * The answer to `stop_rtp_forward`: `{"videoroom":"stop_rtp_forward"}` with the `room`, `publisher_id` and
 * `stream_id` of the forwarder that was removed.
 *
 * @since 0.1.0
 * @category responses
 */
export const RtpForwardStopped = answer("RtpForwardStopped", "stop_rtp_forward", {
  room: Id,
  publisher_id: Id,
  stream_id: Num
})
/**
 * The decoded type of {@link RtpForwardStopped}.
 *
 * @since 0.1.0
 * @category responses
 */
export type RtpForwardStopped = typeof RtpForwardStopped.Type

/**
 * The answer to `add_remote_publisher`: the remote publisher's `id`, and where its source must send its RTP
 * (`ip`, `port`) and get RTCP feedback from (`rtcp_port`).
 *
 * @since 0.2.0
 * @category responses
 */
export const RemotePublisherAdded = answer("RemotePublisherAdded", "success", {
  room: Id,
  id: Id,
  ip: opt(Str),
  port: Num,
  rtcp_port: opt(Num)
})
/**
 * The decoded type of {@link RemotePublisherAdded}.
 *
 * @since 0.2.0
 * @category responses
 */
export type RemotePublisherAdded = typeof RemotePublisherAdded.Type

/**
 * The answer to `publish_remotely` (`remote_id` of the new remotization) and to `unpublish_remotely` (no
 * `remote_id`): `id` is the local publisher.
 *
 * @since 0.2.0
 * @category responses
 */
export const Remotized = answer("Remotized", "success", { room: Id, id: Id, remote_id: opt(Str) })
/**
 * The decoded type of {@link Remotized}.
 *
 * @since 0.2.0
 * @category responses
 */
export type Remotized = typeof Remotized.Type

/**
 * The answer to `listremotes`: the remotizations of publisher `id` (`remote_id`, and the `host`, `port`,
 * `rtcp_port` its packets go to).
 *
 * @since 0.2.0
 * @category responses
 */
export const Remotes = answer("Remotes", "success", {
  room: Id,
  id: Id,
  list: Schema.Array(Schema.Struct({ remote_id: Str, host: opt(Str), port: opt(Num), rtcp_port: opt(Num) }))
})
/**
 * The decoded type of {@link Remotes}.
 *
 * @since 0.2.0
 * @category responses
 */
export type Remotes = typeof Remotes.Type

/** A participant id in a notification (never the `"ok"` of our own answers). */
const PeerId = Schema.Union(Num, Str.pipe(Schema.filter((id) => id !== "ok")))

/**
 * A published stream: `type` audio/video/data, `mindex`, `mid`, `codec`, `description`, and flags (`disabled`,
 * `moderated`, `simulcast`, `svc`, `talking`).
 *
 * @since 0.1.0
 * @category models
 */
export const PublishedStream = Schema.Struct(
  optional({
    type: Str,
    mindex: Num,
    mid: Str,
    disabled: Bool,
    codec: Str,
    description: Str,
    moderated: Bool,
    simulcast: Bool,
    svc: Bool,
    talking: Bool
  })
)
/**
 * The decoded type of {@link PublishedStream}.
 *
 * @since 0.1.0
 * @category models
 */
export type PublishedStream = typeof PublishedStream.Type

/**
 * An active publisher: its `id`, `display`, `streams`.
 *
 * @since 0.1.0
 * @category models
 */
export const Publisher = Schema.Struct({
  id: Id,
  ...optional({ display: Str, dummy: Bool, streams: Schema.Array(PublishedStream), talking: Bool })
})
/**
 * The decoded type of {@link Publisher}.
 *
 * @since 0.1.0
 * @category models
 */
export type Publisher = typeof Publisher.Type

/**
 * A passive participant (rooms with `notify_joining`).
 *
 * @since 0.1.0
 * @category models
 */
export const Attendee = Schema.Struct({ id: Id, display: opt(Str) })
/**
 * The decoded type of {@link Attendee}.
 *
 * @since 0.1.0
 * @category models
 */
export type Attendee = typeof Attendee.Type

/**
 * A stream of a subscription: our `mid` / `mindex`, and the publisher's `feed_id` / `feed_mid` it carries.
 *
 * @since 0.1.0
 * @category models
 */
export const SubscriptionStream = Schema.Struct(
  optional({
    mindex: Num,
    mid: Str,
    type: Str,
    feed_id: Id,
    feed_mid: Str,
    feed_display: Str,
    send: Bool,
    ready: Bool,
    active: Bool,
    crossrefid: Str
  })
)
/**
 * The decoded type of {@link SubscriptionStream}.
 *
 * @since 0.1.0
 * @category models
 */
export type SubscriptionStream = typeof SubscriptionStream.Type

/**
 * `joined`: the answer to a publisher `join` / `joinandconfigure`: our `id`, the `private_id` to give our
 * subscriptions, the active `publishers`, and the `attendees` (with `notify_joining`).
 *
 * @since 0.1.0
 * @category responses
 */
export const Joined = answer("Joined", "joined", {
  room: Id,
  id: Id,
  publishers: Schema.Array(Publisher),
  ...optional({ description: Str, private_id: Num, attendees: Schema.Array(Attendee) })
})
/**
 * The decoded type of {@link Joined}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Joined = typeof Joined.Type

/**
 * `attached`: the answer to a subscriber `join`, with the plugin's offer in `jsep`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Attached = answer("Attached", "attached", { room: Id, streams: opt(Schema.Array(SubscriptionStream)) })
/**
 * The decoded type of {@link Attached}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Attached = typeof Attached.Type

/**
 * `updated`: the answer to `subscribe` / `unsubscribe` / `update` (and an automatic update when a publisher
 * leaves): the whole subscription in `streams`, and a new offer in `jsep` when the SDP changed.
 *
 * @since 0.1.0
 * @category responses
 */
export const Updated = answer("Updated", "updated", { room: opt(Id), streams: opt(Schema.Array(SubscriptionStream)) })
/**
 * The decoded type of {@link Updated}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Updated = typeof Updated.Type

/**
 * `updating`: a subscription update was queued behind a renegotiation in progress.
 *
 * @since 0.1.0
 * @category events
 */
export const Updating = answer("Updating", "updating", { room: opt(Id) })
/**
 * The decoded type of {@link Updating}.
 *
 * @since 0.1.0
 * @category events
 */
export type Updating = typeof Updating.Type

/**
 * `configured: "ok"`: the answer to `publish` / `configure` (with the SDP answer in `jsep` when negotiating).
 *
 * @since 0.1.0
 * @category responses
 */
export const Configured = answer("Configured", "event", {
  configured: Schema.Literal("ok"),
  ...optional({ room: Id, audio_codec: Str, video_codec: Str, streams: Schema.Array(PublishedStream) })
})
/**
 * The decoded type of {@link Configured}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Configured = typeof Configured.Type

/**
 * `started: "ok"`: the answer to `start`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Started = answer("Started", "event", { started: Schema.Literal("ok"), room: opt(Id) })
/**
 * The decoded type of {@link Started}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Started = typeof Started.Type

/**
 * `paused: "ok"`: the answer to `pause`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Paused = answer("Paused", "event", { paused: Schema.Literal("ok"), room: opt(Id) })
/**
 * The decoded type of {@link Paused}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Paused = typeof Paused.Type

/**
 * `switched: "ok"`: the answer to `switch`: how many `changes`, and the subscription's `streams`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Switched = answer("Switched", "event", {
  switched: Schema.Literal("ok"),
  ...optional({ room: Id, changes: Num, streams: Schema.Array(SubscriptionStream) })
})
/**
 * The decoded type of {@link Switched}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Switched = typeof Switched.Type

/**
 * `left: "ok"`: the answer to a subscriber's `leave`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Left = answer("Left", "event", { left: Schema.Literal("ok"), room: opt(Id) })
/**
 * The decoded type of {@link Left}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Left = typeof Left.Type

/**
 * `leaving: "ok", reason: "kicked"`: we were kicked out of the room.
 *
 * @since 0.1.0
 * @category events
 */
export const Kicked = answer("Kicked", "event", {
  leaving: Schema.Literal("ok"),
  reason: Schema.Literal("kicked"),
  room: opt(Id)
})
/**
 * The decoded type of {@link Kicked}.
 *
 * @since 0.1.0
 * @category events
 */
export type Kicked = typeof Kicked.Type

/**
 * `leaving: "ok"`: the answer to a publisher's `leave`.
 *
 * @since 0.1.0
 * @category responses
 */
export const LeavingOk = answer("LeavingOk", "event", {
  leaving: Schema.Literal("ok"),
  room: opt(Id),
  reason: opt(Schema.Never)
})
/**
 * The decoded type of {@link LeavingOk}.
 *
 * @since 0.1.0
 * @category responses
 */
export type LeavingOk = typeof LeavingOk.Type

/**
 * `unpublished: "ok"`: the answer to `unpublish`.
 *
 * @since 0.1.0
 * @category responses
 */
export const UnpublishedOk = answer("UnpublishedOk", "event", { unpublished: Schema.Literal("ok"), room: opt(Id) })
/**
 * The decoded type of {@link UnpublishedOk}.
 *
 * @since 0.1.0
 * @category responses
 */
export type UnpublishedOk = typeof UnpublishedOk.Type

/**
 * `publishers: [...]`: new feeds became active.
 *
 * @since 0.1.0
 * @category events
 */
export const Publishers = answer("Publishers", "event", { room: opt(Id), publishers: Schema.Array(Publisher) })
/**
 * The decoded type of {@link Publishers}.
 *
 * @since 0.1.0
 * @category events
 */
export type Publishers = typeof Publishers.Type

/**
 * `unpublished: <id>`: publisher `unpublished` stopped publishing (or went away).
 *
 * @since 0.1.0
 * @category events
 */
export const Unpublished = answer("Unpublished", "event", { room: opt(Id), unpublished: PeerId })
/**
 * The decoded type of {@link Unpublished}.
 *
 * @since 0.1.0
 * @category events
 */
export type Unpublished = typeof Unpublished.Type

/**
 * `leaving: <id>`: participant `leaving` left the room (`reason` e.g. "kicked").
 *
 * @since 0.1.0
 * @category events
 */
export const Leaving = answer("Leaving", "event", { room: opt(Id), leaving: PeerId, reason: opt(Str) })
/**
 * The decoded type of {@link Leaving}.
 *
 * @since 0.1.0
 * @category events
 */
export type Leaving = typeof Leaving.Type

/**
 * `joining: {id, display}`: a participant joined (rooms with `notify_joining`).
 *
 * @since 0.1.0
 * @category events
 */
export const Joining = answer("Joining", "event", { room: opt(Id), joining: Attendee })
/**
 * The decoded type of {@link Joining}.
 *
 * @since 0.1.0
 * @category events
 */
export type Joining = typeof Joining.Type

/**
 * `moderation`: stream `mid` of participant `id` was muted or unmuted by a moderator.
 *
 * @since 0.1.0
 * @category events
 */
export const Moderation = answer("Moderation", "event", {
  room: opt(Id),
  id: Id,
  mid: opt(Str),
  moderation: Schema.Literal("muted", "unmuted")
})
/**
 * The decoded type of {@link Moderation}.
 *
 * @since 0.1.0
 * @category events
 */
export type Moderation = typeof Moderation.Type

/**
 * `id` + `display`: a participant changed its display name.
 *
 * @since 0.1.0
 * @category events
 */
export const DisplayChanged = answer("DisplayChanged", "event", { id: Id, display: Str })
/**
 * The decoded type of {@link DisplayChanged}.
 *
 * @since 0.1.0
 * @category events
 */
export type DisplayChanged = typeof DisplayChanged.Type

/**
 * A simulcast or SVC layer change on our stream `mid`.
 *
 * @since 0.1.0
 * @category events
 */
export const LayerChange = answer("LayerChange", "event", { room: opt(Id), mid: opt(Str), ...layerFields }).pipe(
  Schema.filter(changesLayer)
)
/**
 * The decoded type of {@link LayerChange}.
 *
 * @since 0.1.0
 * @category events
 */
export type LayerChange = typeof LayerChange.Type

/**
 * `talking` / `stopped-talking` (rooms with `audiolevel_event`).
 *
 * @since 0.1.0
 * @category events
 */
export const Talking = answer("Talking", ["talking", "stopped-talking"], {
  room: Id,
  id: Id,
  ...optional({ mindex: Num, mid: Str, "audio-level-dBov-avg": Num })
})
/**
 * The decoded type of {@link Talking}.
 *
 * @since 0.1.0
 * @category events
 */
export type Talking = typeof Talking.Type

/**
 * `slow_link`: many NACKs; for publishers, the bitrate cap now in force (`current-bitrate`).
 *
 * @since 0.1.0
 * @category events
 */
export const SlowLink = answer("SlowLink", "slow_link", { "current-bitrate": opt(Num) })
/**
 * The decoded type of {@link SlowLink}.
 *
 * @since 0.1.0
 * @category events
 */
export type SlowLink = typeof SlowLink.Type

/**
 * The schema of everything a VideoRoom handle's `events` carries, decoded from the plugin's `plugindata.data` into
 * one union tagged by `_tag`: the `Error` member (an unsolicited `error_code`) first, the plugin's own answers and
 * events, then `Unknown` for anything no member matches, so decoding never fails. Match on `_tag` (e.g. with
 * `Match.tag`).
 *
 * @since 0.1.0
 * @category events
 */
export const Event = eventUnion(
  "videoroom",
  [Joined, Attached, Updated, Updating, Configured, Started, Paused, Switched, Left, Kicked],
  [LeavingOk, UnpublishedOk, Publishers, Unpublished, Leaving, Joining, Moderation, DisplayChanged],
  [LayerChange, Talking, SlowLink, Destroyed]
)
/**
 * The decoded type of {@link Event}.
 *
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type
