/**
 * TextRoom answers and events (Janus docs: TextRoom plugin; janus_textroom.c, Janus 1.1.x): the answers to the
 * Janus API requests, and what the plugin sends over the data channel (`DataChannelEvent`), decoded into values
 * tagged by `_tag`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id, UnknownEvent } from "../Common.js"
import { listedRoom } from "../internal/roomFields.js"
import { roomAnswers, roomListAnswer } from "../internal/rooms.js"
import { answers, Bool, eventUnion, Num, opt, optional, Str, tagged } from "../internal/schema.js"

/** The answers and events of this plugin: `textroom: <value>` and their fields. */
const answer = answers("textroom")

/**
 * The answers to the shared room requests: `create` (`Created`: the new `room`, and whether it was saved to the
 * config file, `permanent`), `edit` (`Edited`), `destroy` (`Destroyed`, also the event participants get when
 * their room is destroyed), `exists` (`Exists`: `exists` true or false) and `allowed` (`Allowed`: the complete
 * token list).
 *
 * @since 0.1.0
 * @category responses
 */
export const { Created, Edited, Destroyed, Exists, Allowed } = roomAnswers("textroom")
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
 * A participant as listed by `join` and `listparticipants`.
 *
 * @since 0.1.0
 * @category models
 */
export const Participant = Schema.Struct({ username: Str, display: opt(Str) })
/**
 * The decoded type of {@link Participant}.
 *
 * @since 0.1.0
 * @category models
 */
export type Participant = typeof Participant.Type

/**
 * `join`: someone joined `room`.
 *
 * @since 0.1.0
 * @category events
 */
export const JoinEvent = answer("Join", "join", { room: Id, username: Str, display: opt(Str) })
/**
 * The decoded type of {@link JoinEvent}.
 *
 * @since 0.1.0
 * @category events
 */
export type JoinEvent = typeof JoinEvent.Type
/**
 * `leave`: someone left `room`.
 *
 * @since 0.1.0
 * @category events
 */
export const LeaveEvent = answer("Leave", "leave", { room: Id, username: Str })
/**
 * The decoded type of {@link LeaveEvent}.
 *
 * @since 0.1.0
 * @category events
 */
export type LeaveEvent = typeof LeaveEvent.Type
/**
 * `message`: a public or (`whisper: true`) private message.
 *
 * @since 0.1.0
 * @category events
 */
export const MessageEvent = answer("Message", "message", {
  room: Id,
  from: Str,
  date: Str,
  text: Str,
  whisper: opt(Bool)
})
/**
 * The decoded type of {@link MessageEvent}.
 *
 * @since 0.1.0
 * @category events
 */
export type MessageEvent = typeof MessageEvent.Type
/**
 * `announcement`: a message from the room itself.
 *
 * @since 0.1.0
 * @category events
 */
export const AnnouncementEvent = answer("Announcement", "announcement", { room: Id, date: Str, text: Str })
/**
 * The decoded type of {@link AnnouncementEvent}.
 *
 * @since 0.1.0
 * @category events
 */
export type AnnouncementEvent = typeof AnnouncementEvent.Type
/**
 * `kicked`: `username` was kicked from `room`.
 *
 * @since 0.1.0
 * @category events
 */
export const KickedEvent = answer("Kicked", "kicked", { room: Id, username: Str })
/**
 * The decoded type of {@link KickedEvent}.
 *
 * @since 0.1.0
 * @category events
 */
export type KickedEvent = typeof KickedEvent.Type
/**
 * `destroyed`: `room` was destroyed.
 *
 * @since 0.1.0
 * @category events
 */
export const DestroyedEvent = answer("Destroyed", "destroyed", { room: Id })
/**
 * The decoded type of {@link DestroyedEvent}.
 *
 * @since 0.1.0
 * @category events
 */
export type DestroyedEvent = typeof DestroyedEvent.Type
/**
 * `success` with the `transaction` of a data-channel request (e.g. `participants` after `join`).
 *
 * @since 0.1.0
 * @category events
 */
export const SuccessReply = answer("Success", "success", {
  transaction: opt(Str),
  participants: opt(Schema.Array(Participant))
})
/**
 * The decoded type of {@link SuccessReply}.
 *
 * @since 0.1.0
 * @category events
 */
export type SuccessReply = typeof SuccessReply.Type
/**
 * `error` with the `transaction` of a data-channel request.
 *
 * @since 0.1.0
 * @category events
 */
export const ErrorReply = answer("Error", "error", {
  ...optional({ transaction: Str, error_code: Schema.Number, error: Str })
})

/**
 * The decoded type of {@link ErrorReply}.
 *
 * @since 0.1.0
 * @category events
 */
export type ErrorReply = typeof ErrorReply.Type
/**
 * Any message the TextRoom sends over the data channel, tagged by `_tag`.
 *
 * @since 0.1.0
 * @category events
 */
export const DataChannelEvent = Schema.Union(
  JoinEvent,
  LeaveEvent,
  MessageEvent,
  AnnouncementEvent,
  KickedEvent,
  DestroyedEvent,
  SuccessReply,
  ErrorReply,
  UnknownEvent
)
/**
 * The decoded type of {@link DataChannelEvent}.
 *
 * @since 0.1.0
 * @category events
 */
export type DataChannelEvent = typeof DataChannelEvent.Type

const decodeFrame = Schema.decodeUnknownOption(Schema.parseJson(DataChannelEvent))

/**
 * Parses and decodes one data-channel frame (a JSON string). Never throws: a frame that is not JSON, or not a
 * known message, becomes `{ _tag: "Unknown", data }` (`data` is `{ text }` for unparsable frames).
 *
 * @since 0.1.0
 * @category models
 */
export const decodeDataChannelFrame = (frame: string): DataChannelEvent => {
  const decoded = decodeFrame(frame)
  return decoded._tag === "Some" ? decoded.value : { _tag: "Unknown", data: { text: frame } }
}

/**
 * A room of `list`.
 *
 * @since 0.1.0
 * @category models
 */
export const RoomInfo = Schema.Struct({ ...listedRoom, history: opt(Num) })
/**
 * The decoded type of {@link RoomInfo}.
 *
 * @since 0.1.0
 * @category models
 */
export type RoomInfo = typeof RoomInfo.Type

/**
 * The answer to `list` (Janus 1.1.x names the array `list`; the doc comment says `rooms`).
 *
 * @since 0.1.0
 * @category responses
 */
export const RoomList = roomListAnswer("textroom", RoomInfo)
/**
 * The decoded type of {@link RoomList}.
 *
 * @since 0.1.0
 * @category responses
 */
export type RoomList = typeof RoomList.Type

/**
 * The answer to `listparticipants` (Janus 1.1.x sends no `textroom` key in it).
 *
 * @since 0.1.0
 * @category responses
 */
export const Participants = tagged("Participants", {
  textroom: opt(Schema.Literal("success")),
  room: Id,
  participants: Schema.Array(Participant)
})
/**
 * The decoded type of {@link Participants}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Participants = typeof Participants.Type

/**
 * `{"textroom":"success"}`: the answer to `announcement`, and to `kick` (which Janus 1.1.x sends without the
 * `textroom` key, as it does for `listparticipants`).
 *
 * @since 0.1.0
 * @category responses
 */
export const Success = tagged("Success", { textroom: opt(Schema.Literal("success")) })
/**
 * The decoded type of {@link Success}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Success = typeof Success.Type

/**
 * `{"textroom":"event","result":"ok"}`: the answer to `setup` (with the offer in `jsep`), `ack`, `restart`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Ok = answer("Ok", "event", { result: Schema.Literal("ok") })
/**
 * The decoded type of {@link Ok}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Ok = typeof Ok.Type

/**
 * Every TextRoom event on the Janus API (participation events come over the data channel, see
 * `DataChannelEvent`), tagged by `_tag`.
 *
 * @since 0.1.0
 * @category events
 */
export const Event = eventUnion("textroom", [Ok])
/**
 * The decoded type of {@link Event}.
 *
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type
