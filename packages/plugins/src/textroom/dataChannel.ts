/**
 * TextRoom messages exchanged over the data channel (Janus docs: TextRoom plugin › Text Room API): participation
 * requests (`join`, `leave`, `message`) and the events the plugin sends (`join`, `leave`, `message`,
 * `announcement`, `kicked`, `destroyed`). These never go through the Janus API, so the wrapper offers their
 * schemas only: encode requests with `JSON.stringify` onto the data channel, decode incoming frames with
 * {@link DataChannelEvent}.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id, UnknownEvent } from "../Common.js"
import { Bool, opt, Str, Strings, tagged } from "../internal/schema.js"

/**
 * `join` over the data channel: `username` (unique in the room), `pin`, `token` (ACL), `display`, `history`
 * (receive stored messages, default true). Answered with `{"textroom":"success","participants":[…]}`.
 *
 * @since 0.1.0
 */
export const JoinRequest = Schema.Struct({
  textroom: Schema.Literal("join"),
  transaction: Str,
  room: Id,
  username: Str,
  pin: opt(Str),
  token: opt(Str),
  display: opt(Str),
  history: opt(Bool)
})
/** @since 0.1.0 */
export type JoinRequest = typeof JoinRequest.Type

/** `leave` over the data channel. @since 0.1.0 */
export const LeaveRequest = Schema.Struct({ textroom: Schema.Literal("leave"), transaction: Str, room: Id })
/** @since 0.1.0 */
export type LeaveRequest = typeof LeaveRequest.Type

/**
 * `message` over the data channel: public when neither `to` nor `tos` is set, a whisper otherwise; `ack`
 * (default true) asks for a `success` answer.
 *
 * @since 0.1.0
 */
export const MessageRequest = Schema.Struct({
  textroom: Schema.Literal("message"),
  transaction: Str,
  room: Id,
  text: Str,
  to: opt(Str),
  tos: opt(Strings),
  ack: opt(Bool)
})
/** @since 0.1.0 */
export type MessageRequest = typeof MessageRequest.Type

/** A participant as listed by `join` and `listparticipants`. @since 0.1.0 */
export const Participant = Schema.Struct({ username: Str, display: opt(Str) })
/** @since 0.1.0 */
export type Participant = typeof Participant.Type

/** `join`: someone joined `room`. @since 0.1.0 */
export const JoinEvent = tagged("Join", {
  textroom: Schema.Literal("join"),
  room: Id,
  username: Str,
  display: opt(Str)
})
/** `leave`: someone left `room`. @since 0.1.0 */
export const LeaveEvent = tagged("Leave", { textroom: Schema.Literal("leave"), room: Id, username: Str })
/** `message`: a public or (`whisper: true`) private message. @since 0.1.0 */
export const MessageEvent = tagged("Message", {
  textroom: Schema.Literal("message"),
  room: Id,
  from: Str,
  date: Str,
  text: Str,
  whisper: opt(Bool)
})
/** `announcement`: a message from the room itself. @since 0.1.0 */
export const AnnouncementEvent = tagged("Announcement", {
  textroom: Schema.Literal("announcement"),
  room: Id,
  date: Str,
  text: Str
})
/** `kicked`: `username` was kicked from `room`. @since 0.1.0 */
export const KickedEvent = tagged("Kicked", { textroom: Schema.Literal("kicked"), room: Id, username: Str })
/** `destroyed`: `room` was destroyed. @since 0.1.0 */
export const DestroyedEvent = tagged("Destroyed", { textroom: Schema.Literal("destroyed"), room: Id })
/** `success` with the `transaction` of a data-channel request (e.g. `participants` after `join`). @since 0.1.0 */
export const SuccessReply = tagged("Success", {
  textroom: Schema.Literal("success"),
  transaction: opt(Str),
  participants: opt(Schema.Array(Participant))
})
/** `error` with the `transaction` of a data-channel request. @since 0.1.0 */
export const ErrorReply = tagged("Error", {
  textroom: Schema.Literal("error"),
  transaction: opt(Str),
  error_code: opt(Schema.Number),
  error: opt(Str)
})

/**
 * Any message the TextRoom sends over the data channel, tagged by `_tag`.
 *
 * @since 0.1.0
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
/** @since 0.1.0 */
export type DataChannelEvent = typeof DataChannelEvent.Type

const decodeFrame = Schema.decodeUnknownOption(Schema.parseJson(DataChannelEvent))

/**
 * Parses and decodes one data-channel frame (a JSON string). Never throws: a frame that is not JSON, or not a
 * known message, becomes `{ _tag: "Unknown", data }` (`data` is `{ text }` for unparsable frames).
 *
 * @since 0.1.0
 */
export const decodeDataChannelFrame = (frame: string): DataChannelEvent => {
  const decoded = decodeFrame(frame)
  return decoded._tag === "Some" ? decoded.value : { _tag: "Unknown", data: { text: frame } }
}
