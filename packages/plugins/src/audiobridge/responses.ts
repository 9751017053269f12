/**
 * AudioBridge answers and events (Janus docs: AudioBridge plugin; janus_audiobridge.c, Janus 1.1.x): the answers
 * to the synchronous room requests, the answers to `join` / `configure` / `changeroom` / `leave` / `hangup`, and
 * what the room tells its participants, decoded into values tagged by `_tag`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import { participantsAnswer, roomAnswers } from "../internal/rooms.js"
import { Bool, eventUnion, Num, opt, Str, tagged } from "../internal/schema.js"

/**
 * The answers to the shared room requests: `create` (`Created`: the new `room`, and whether it was saved to the
 * config file, `permanent`), `edit` (`Edited`), `destroy` (`Destroyed`, also the event participants get when
 * their room is destroyed), `exists` (`Exists`: `exists` true or false) and `allowed` (`Allowed`: the complete
 * token list).
 *
 * @since 0.1.0
 * @category responses
 */
export const { Created, Edited, Destroyed, Exists, Allowed } = roomAnswers("audiobridge")
/** @since 0.1.0 */
export type Created = typeof Created.Type
/** @since 0.1.0 */
export type Edited = typeof Edited.Type
/** @since 0.1.0 */
export type Destroyed = typeof Destroyed.Type
/** @since 0.1.0 */
export type Exists = typeof Exists.Type
/** @since 0.1.0 */
export type Allowed = typeof Allowed.Type

const key = { audiobridge: Schema.Literal("success") }

/**
 * `{"audiobridge":"success", …}`: the answer to `kick`, `kick_all`, `mute`, `unmute`, `mute_room`,
 * `unmute_room`, `resetdecoder`, `enable_recording` (`record`), `enable_mjrs` (`mjrs`), `stop_rtp_forward`
 * (`stream_id`). Fields not listed here are dropped.
 *
 * @since 0.1.0
 */
export const Success = tagged("Success", {
  ...key,
  room: opt(Id),
  record: opt(Bool),
  mjrs: opt(Bool),
  stream_id: opt(Num)
})
/** @since 0.1.0 */
export type Success = typeof Success.Type

/** A room of `list`. @since 0.1.0 */
export const RoomInfo = Schema.Struct({
  room: Id,
  description: opt(Str),
  pin_required: opt(Bool),
  sampling_rate: opt(Num),
  spatial_audio: opt(Bool),
  record: opt(Bool),
  num_participants: opt(Num),
  muted: opt(Bool)
})
/** @since 0.1.0 */
export type RoomInfo = typeof RoomInfo.Type

/** The answer to `list`. @since 0.1.0 */
export const RoomList = tagged("RoomList", { ...key, list: Schema.Array(RoomInfo) })
/** @since 0.1.0 */
export type RoomList = typeof RoomList.Type

/**
 * A participant: `setup` (PeerConnection up), `muted`, `talking` (with audio levels), `spatial_position` (0–100).
 *
 * @since 0.1.0
 */
export const Participant = Schema.Struct({
  id: Id,
  display: opt(Str),
  setup: opt(Bool),
  muted: opt(Bool),
  talking: opt(Bool),
  spatial_position: opt(Num)
})
/** @since 0.1.0 */
export type Participant = typeof Participant.Type

/** The answer to `listparticipants`. @since 0.1.0 */
export const Participants = participantsAnswer("audiobridge", Participant)
/** @since 0.1.0 */
export type Participants = typeof Participants.Type

/** The answer to `rtp_forward`: the new forwarder's `stream_id`. @since 0.1.0 */
export const RtpForward = tagged("RtpForward", {
  ...key,
  room: Id,
  group: opt(Str),
  stream_id: Num,
  host: opt(Str),
  port: opt(Num)
})
/** @since 0.1.0 */
export type RtpForward = typeof RtpForward.Type

/** A forwarder of `listforwarders`. @since 0.1.0 */
export const Forwarder = Schema.Struct({
  stream_id: Num,
  group: opt(Str),
  ip: opt(Str),
  port: opt(Num),
  ssrc: opt(Num),
  codec: opt(Str),
  ptype: opt(Num),
  srtp: opt(Bool),
  always_on: opt(Bool)
})
/** @since 0.1.0 */
export type Forwarder = typeof Forwarder.Type

/** The answer to `listforwarders`. @since 0.1.0 */
export const Forwarders = tagged("Forwarders", {
  audiobridge: Schema.Literal("forwarders"),
  room: Id,
  rtp_forwarders: Schema.Array(Forwarder)
})
/** @since 0.1.0 */
export type Forwarders = typeof Forwarders.Type

/** The answer to `play_file` and `stop_file`. @since 0.1.0 */
export const FilePlayback = tagged("FilePlayback", { ...key, room: Id, file_id: Str })
/** @since 0.1.0 */
export type FilePlayback = typeof FilePlayback.Type

/** The answer to `is_playing`. @since 0.1.0 */
export const IsPlaying = tagged("IsPlaying", { ...key, room: Id, file_id: Str, playing: Bool })
/** @since 0.1.0 */
export type IsPlaying = typeof IsPlaying.Type

/**
 * The answer to `listannouncements` (**needs Janus ≥ 1.2.4**): the room's playbacks (`file_id`, `filename`,
 * `playing`, `loop`).
 *
 * @since 0.2.0
 * @category responses
 */
export const Announcements = tagged("Announcements", {
  audiobridge: Schema.Literal("announcements"),
  room: Id,
  announcements: Schema.Array(Schema.Struct({ file_id: Str, filename: opt(Str), playing: opt(Bool), loop: opt(Bool) }))
})
/** @since 0.2.0 */
export type Announcements = typeof Announcements.Type

/** The answer to `stop_all_files` (**needs Janus ≥ 1.3.2**): the `file_id`s it stopped. @since 0.2.0 */
export const FilesStopped = tagged("FilesStopped", { ...key, room: Id, file_id_list: Schema.Array(Str) })
/** @since 0.2.0 */
export type FilesStopped = typeof FilesStopped.Type

/**
 * `joined`: the answer to our `join` (with our `id`, the other `participants`, and `rtp` for a plain-RTP join),
 * or the event that `participants[0]` joined (no `id`).
 *
 * @since 0.1.0
 */
export const Joined = tagged("Joined", {
  audiobridge: Schema.Literal("joined"),
  room: Id,
  id: opt(Id),
  display: opt(Str),
  participants: Schema.Array(Participant),
  rtp: opt(Schema.Struct({ ip: opt(Str), port: opt(Num), payload_type: opt(Num) }))
})
/** @since 0.1.0 */
export type Joined = typeof Joined.Type

/** `roomchanged`: the answer to `changeroom`, shaped like our `joined`. @since 0.1.0 */
export const RoomChanged = tagged("RoomChanged", {
  audiobridge: Schema.Literal("roomchanged"),
  room: Id,
  id: Id,
  display: opt(Str),
  participants: Schema.Array(Participant)
})
/** @since 0.1.0 */
export type RoomChanged = typeof RoomChanged.Type

/** `{"audiobridge":"event","result":"ok"}`: the answer to `configure` (SDP in `jsep` when negotiating). @since 0.1.0 */
export const ConfigureOk = tagged("ConfigureOk", {
  audiobridge: Schema.Literal("event"),
  room: opt(Id),
  result: Schema.Literal("ok")
})
/** @since 0.1.0 */
export type ConfigureOk = typeof ConfigureOk.Type

/** `left`: the answer to our `leave`. @since 0.1.0 */
export const Left = tagged("Left", { audiobridge: Schema.Literal("left"), room: Id, id: Id })
/** @since 0.1.0 */
export type Left = typeof Left.Type

/** `hangingup`: the answer to `hangup`. @since 0.1.0 */
export const HangingUp = tagged("HangingUp", { audiobridge: Schema.Literal("hangingup") })
/** @since 0.1.0 */
export type HangingUp = typeof HangingUp.Type

/** `{"audiobridge":"event","leaving":<id>}`: participant `leaving` left the room. @since 0.1.0 */
export const Leaving = tagged("Leaving", { audiobridge: Schema.Literal("event"), room: Id, leaving: Id })
/** @since 0.1.0 */
export type Leaving = typeof Leaving.Type

/**
 * `{"audiobridge":"event","kicked":<id>}`: participant `kicked` was kicked (we were, when it is our id). @since 0.1.0
 */
export const Kicked = tagged("Kicked", { audiobridge: Schema.Literal("event"), room: Id, kicked: Id })
/** @since 0.1.0 */
export type Kicked = typeof Kicked.Type

/**
 * `{"audiobridge":"event","kicked_all":<id>}`: a `kick_all` removed participant `kicked_all` (one event per
 * participant). @since 0.1.0
 */
export const KickedAll = tagged("KickedAll", {
  audiobridge: Schema.Literal("event"),
  room: Id,
  kicked_all: Id
})
/** @since 0.1.0 */
export type KickedAll = typeof KickedAll.Type

/** `{"audiobridge":"event","participants":[…]}`: participants changed (muted, display, …). @since 0.1.0 */
export const ParticipantsUpdated = tagged("ParticipantsUpdated", {
  audiobridge: Schema.Literal("event"),
  room: Id,
  participants: Schema.Array(Participant)
})
/** @since 0.1.0 */
export type ParticipantsUpdated = typeof ParticipantsUpdated.Type

/** `{"audiobridge":"event","muted":…}`: the whole room was muted or unmuted (`mute_room`). @since 0.1.0 */
export const RoomMuted = tagged("RoomMuted", { audiobridge: Schema.Literal("event"), room: Id, muted: Bool })
/** @since 0.1.0 */
export type RoomMuted = typeof RoomMuted.Type

/** `talking` / `stopped-talking` (rooms with `audiolevel_event`). @since 0.1.0 */
export const Talking = tagged("Talking", {
  audiobridge: Schema.Literal("talking", "stopped-talking"),
  room: Id,
  id: Id,
  "audio-level-dBov-avg": opt(Num)
})
/** @since 0.1.0 */
export type Talking = typeof Talking.Type

/** `announcement-started` / `announcement-stopped`: a `play_file` playback began or ended. @since 0.1.0 */
export const Announcement = tagged("Announcement", {
  audiobridge: Schema.Literal("announcement-started", "announcement-stopped"),
  room: Id,
  file_id: Str
})
/** @since 0.1.0 */
export type Announcement = typeof Announcement.Type

/**
 * Every AudioBridge event, tagged by `_tag`.
 *
 * @since 0.1.0
 */
export const Event = eventUnion(
  "audiobridge",
  [Joined, RoomChanged, ConfigureOk, Left, HangingUp, Leaving, Kicked, KickedAll],
  [ParticipantsUpdated, RoomMuted, Talking, Announcement, Destroyed]
)
/** @since 0.1.0 */
export type Event = typeof Event.Type
