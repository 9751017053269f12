/**
 * AudioBridge answers and events (Janus docs: AudioBridge plugin; janus_audiobridge.c, Janus 1.1.x): the answers
 * to the synchronous room requests, the answers to `join` / `configure` / `changeroom` / `leave` / `hangup`, and
 * what the room tells its participants, decoded into values tagged by `_tag`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import { listedRoom } from "../internal/roomFields.js"
import { participantsAnswer, roomAnswers, roomListAnswer } from "../internal/rooms.js"
import { answers, Bool, eventUnion, Num, opt, optional, Str } from "../internal/schema.js"

/** The answers and events of this plugin: `audiobridge: <value>` and their fields. */
const answer = answers("audiobridge")

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
 * `{"audiobridge":"success", …}`: the answer to `kick`, `kick_all`, `mute`, `unmute`, `mute_room`,
 * `unmute_room`, `resetdecoder`, `enable_recording` (`record`), `enable_mjrs` (`mjrs`), `stop_rtp_forward`
 * (`stream_id`). Fields not listed here are dropped.
 *
 * @since 0.1.0
 * @category responses
 */
export const Success = answer("Success", "success", optional({ room: Id, record: Bool, mjrs: Bool, stream_id: Num }))
/**
 * The decoded type of {@link Success}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Success = typeof Success.Type

/**
 * A room of `list`: `room`, `description`, `pin_required`, `sampling_rate` (Hz), `spatial_audio`, whether the mix is
 * being recorded (`record`), `num_participants`, `muted`.
 *
 * @since 0.1.0
 * @category models
 */
export const RoomInfo = Schema.Struct({
  ...listedRoom,
  ...optional({ sampling_rate: Num, spatial_audio: Bool, record: Bool, muted: Bool })
})
/**
 * The decoded type of {@link RoomInfo}.
 *
 * @since 0.1.0
 * @category models
 */
export type RoomInfo = typeof RoomInfo.Type

/**
 * The answer to `list`: `{"audiobridge":"success","list":[…]}`, one {@link RoomInfo} per public room (private ones
 * too with `admin_key`); empty when there are none.
 *
 * @since 0.1.0
 * @category responses
 */
export const RoomList = roomListAnswer("audiobridge", RoomInfo)
/**
 * The decoded type of {@link RoomList}.
 *
 * @since 0.1.0
 * @category responses
 */
export type RoomList = typeof RoomList.Type

/**
 * A participant: `setup` (PeerConnection up), `muted`, `talking` (with audio levels), `spatial_position` (0–100).
 *
 * @since 0.1.0
 * @category models
 */
export const Participant = Schema.Struct({
  id: Id,
  ...optional({ display: Str, setup: Bool, muted: Bool, talking: Bool, spatial_position: Num })
})
/**
 * The decoded type of {@link Participant}.
 *
 * @since 0.1.0
 * @category models
 */
export type Participant = typeof Participant.Type

/**
 * The answer to `listparticipants`: `room` and its `participants` ({@link Participant}: id, display, setup, muted,
 * talking, spatial position). Fails with 485 (no such room) instead when `room` does not exist.
 *
 * @since 0.1.0
 * @category responses
 */
export const Participants = participantsAnswer("audiobridge", Participant)
/**
 * The decoded type of {@link Participants}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Participants = typeof Participants.Type

/**
 * The answer to `rtp_forward`: the new forwarder's `stream_id`.
 *
 * @since 0.1.0
 * @category responses
 */
export const RtpForward = answer("RtpForward", "success", {
  room: Id,
  ...optional({ group: Str, host: Str, port: Num }),
  stream_id: Num
})
/**
 * The decoded type of {@link RtpForward}.
 *
 * @since 0.1.0
 * @category responses
 */
export type RtpForward = typeof RtpForward.Type

/**
 * A forwarder of `listforwarders`.
 *
 * @since 0.1.0
 * @category models
 */
export const Forwarder = Schema.Struct({
  stream_id: Num,
  ...optional({ group: Str, ip: Str, port: Num, ssrc: Num, codec: Str, ptype: Num, srtp: Bool, always_on: Bool })
})
/**
 * The decoded type of {@link Forwarder}.
 *
 * @since 0.1.0
 * @category models
 */
export type Forwarder = typeof Forwarder.Type

/**
 * The answer to `listforwarders`: `{"audiobridge":"forwarders","room":…,"rtp_forwarders":[…]}`, one {@link
 * Forwarder} per RTP forwarder of the room's mix; empty when there is none.
 *
 * @since 0.1.0
 * @category responses
 */
export const Forwarders = answer("Forwarders", "forwarders", { room: Id, rtp_forwarders: Schema.Array(Forwarder) })
/**
 * The decoded type of {@link Forwarders}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Forwarders = typeof Forwarders.Type

/**
 * The answer to `play_file` and `stop_file`: `room` and the `file_id` of the announcement started or stopped (the id
 * names it in `is_playing`, `stop_file` and the `Announcement` event).
 *
 * @since 0.1.0
 * @category responses
 */
export const FilePlayback = answer("FilePlayback", "success", { room: Id, file_id: Str })
/**
 * The decoded type of {@link FilePlayback}.
 *
 * @since 0.1.0
 * @category responses
 */
export type FilePlayback = typeof FilePlayback.Type

/**
 * The answer to `is_playing`: whether announcement `file_id` is still `playing` in `room`.
 *
 * @since 0.1.0
 * @category responses
 */
export const IsPlaying = answer("IsPlaying", "success", { room: Id, file_id: Str, playing: Bool })
/**
 * The decoded type of {@link IsPlaying}.
 *
 * @since 0.1.0
 * @category responses
 */
export type IsPlaying = typeof IsPlaying.Type

/**
 * The answer to `listannouncements` (**needs Janus ≥ 1.2.4**): the room's playbacks (`file_id`, `filename`,
 * `playing`, `loop`).
 *
 * @since 0.2.0
 * @category responses
 */
export const Announcements = answer("Announcements", "announcements", {
  room: Id,
  announcements: Schema.Array(Schema.Struct({ file_id: Str, filename: opt(Str), playing: opt(Bool), loop: opt(Bool) }))
})
/**
 * The decoded type of {@link Announcements}.
 *
 * @since 0.2.0
 * @category responses
 */
export type Announcements = typeof Announcements.Type

/**
 * The answer to `stop_all_files` (**needs Janus ≥ 1.3.2**): the `file_id`s it stopped.
 *
 * @since 0.2.0
 * @category responses
 */
export const FilesStopped = answer("FilesStopped", "success", { room: Id, file_id_list: Schema.Array(Str) })
/**
 * The decoded type of {@link FilesStopped}.
 *
 * @since 0.2.0
 * @category responses
 */
export type FilesStopped = typeof FilesStopped.Type

/**
 * `joined`: the answer to our `join` (with our `id`, the other `participants`, and `rtp` for a plain-RTP join),
 * or the event that `participants[0]` joined (no `id`).
 *
 * @since 0.1.0
 * @category responses
 */
export const Joined = answer("Joined", "joined", {
  room: Id,
  participants: Schema.Array(Participant),
  ...optional({ id: Id, display: Str, rtp: Schema.Struct(optional({ ip: Str, port: Num, payload_type: Num })) })
})
/**
 * The decoded type of {@link Joined}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Joined = typeof Joined.Type

/**
 * `roomchanged`: the answer to `changeroom`, shaped like our `joined`.
 *
 * @since 0.1.0
 * @category responses
 */
export const RoomChanged = answer("RoomChanged", "roomchanged", {
  room: Id,
  id: Id,
  display: opt(Str),
  participants: Schema.Array(Participant)
})
/**
 * The decoded type of {@link RoomChanged}.
 *
 * @since 0.1.0
 * @category responses
 */
export type RoomChanged = typeof RoomChanged.Type

/**
 * `{"audiobridge":"event","result":"ok"}`: the answer to `configure` (SDP in `jsep` when negotiating).
 *
 * @since 0.1.0
 * @category responses
 */
export const ConfigureOk = answer("ConfigureOk", "event", { room: opt(Id), result: Schema.Literal("ok") })
/**
 * The decoded type of {@link ConfigureOk}.
 *
 * @since 0.1.0
 * @category responses
 */
export type ConfigureOk = typeof ConfigureOk.Type

/**
 * `left`: the answer to our `leave`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Left = answer("Left", "left", { room: Id, id: Id })
/**
 * The decoded type of {@link Left}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Left = typeof Left.Type

/**
 * `hangingup`: the answer to `hangup`.
 *
 * @since 0.1.0
 * @category responses
 */
export const HangingUp = answer("HangingUp", "hangingup")
/**
 * The decoded type of {@link HangingUp}.
 *
 * @since 0.1.0
 * @category responses
 */
export type HangingUp = typeof HangingUp.Type

/**
 * `{"audiobridge":"event","leaving":<id>}`: participant `leaving` left the room.
 *
 * @since 0.1.0
 * @category events
 */
export const Leaving = answer("Leaving", "event", { room: Id, leaving: Id })
/**
 * The decoded type of {@link Leaving}.
 *
 * @since 0.1.0
 * @category events
 */
export type Leaving = typeof Leaving.Type

/**
 * `{"audiobridge":"event","kicked":<id>}`: participant `kicked` was kicked (we were, when it is our id).
 *
 * @since 0.1.0
 * @category events
 */
export const Kicked = answer("Kicked", "event", { room: Id, kicked: Id })
/**
 * The decoded type of {@link Kicked}.
 *
 * @since 0.1.0
 * @category events
 */
export type Kicked = typeof Kicked.Type

/**
 * `{"audiobridge":"event","kicked_all":<id>}`: a `kick_all` removed participant `kicked_all` (one event per
 * participant).
 *
 * @since 0.1.0
 * @category events
 */
export const KickedAll = answer("KickedAll", "event", { room: Id, kicked_all: Id })
/**
 * The decoded type of {@link KickedAll}.
 *
 * @since 0.1.0
 * @category events
 */
export type KickedAll = typeof KickedAll.Type

/**
 * `{"audiobridge":"event","participants":[…]}`: participants changed (muted, display, …).
 *
 * @since 0.1.0
 * @category events
 */
export const ParticipantsUpdated = answer("ParticipantsUpdated", "event", {
  room: Id,
  participants: Schema.Array(Participant)
})
/**
 * The decoded type of {@link ParticipantsUpdated}.
 *
 * @since 0.1.0
 * @category events
 */
export type ParticipantsUpdated = typeof ParticipantsUpdated.Type

/**
 * `{"audiobridge":"event","muted":…}`: the whole room was muted or unmuted (`mute_room`).
 *
 * @since 0.1.0
 * @category events
 */
export const RoomMuted = answer("RoomMuted", "event", { room: Id, muted: Bool })
/**
 * The decoded type of {@link RoomMuted}.
 *
 * @since 0.1.0
 * @category events
 */
export type RoomMuted = typeof RoomMuted.Type

/**
 * `talking` / `stopped-talking` (rooms with `audiolevel_event`).
 *
 * @since 0.1.0
 * @category events
 */
export const Talking = answer("Talking", ["talking", "stopped-talking"], {
  room: Id,
  id: Id,
  "audio-level-dBov-avg": opt(Num)
})
/**
 * The decoded type of {@link Talking}.
 *
 * @since 0.1.0
 * @category events
 */
export type Talking = typeof Talking.Type

/**
 * `announcement-started` / `announcement-stopped`: a `play_file` playback began or ended.
 *
 * @since 0.1.0
 * @category events
 */
export const Announcement = answer("Announcement", ["announcement-started", "announcement-stopped"], {
  room: Id,
  file_id: Str
})
/**
 * The decoded type of {@link Announcement}.
 *
 * @since 0.1.0
 * @category events
 */
export type Announcement = typeof Announcement.Type

/**
 * The schema of everything a AudioBridge handle's `events` carries, decoded from the plugin's `plugindata.data` into
 * one union tagged by `_tag`: the `Error` member (an unsolicited `error_code`) first, the plugin's own answers and
 * events, then `Unknown` for anything no member matches, so decoding never fails. Match on `_tag` (e.g. with
 * `Match.tag`).
 *
 * @since 0.1.0
 * @category events
 */
export const Event = eventUnion(
  "audiobridge",
  [Joined, RoomChanged, ConfigureOk, Left, HangingUp, Leaving, Kicked, KickedAll],
  [ParticipantsUpdated, RoomMuted, Talking, Announcement, Destroyed]
)
/**
 * The decoded type of {@link Event}.
 *
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type
