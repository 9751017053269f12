/**
 * TextRoom requests (Janus docs: TextRoom plugin › Text Room API; janus_textroom.c, Janus 1.1.x): room management
 * through the Janus API (the plugin adds the `textroom` name itself), `setup` / `ack` / `restart` of the data
 * channel, and the participation requests (`join`, `leave`, `message`) that only travel over the data channel.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import type { ParamsOf } from "../internal/plugin.js"
import { edits, roomCreation, roomEdits } from "../internal/roomFields.js"
import { Bool, Num, opt, optional, request, Str, Strings } from "../internal/schema.js"

/**
 * The room requests with the same fields in the AudioBridge, VideoRoom and TextRoom plugins: `list`, `exists`,
 * `listparticipants`, `destroy` and `allowed` (the room's token list), defined once in `internal/roomRequests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "../internal/roomRequests.js"

/**
 * `create` (Janus docs: TextRoom plugin › create): `room` (chosen by the plugin when missing), `admin_key` (when
 * configured), `description`, `secret`, `pin`, `is_private`, `history` (messages kept for new joiners), `post`
 * (HTTP backend), `allowed` tokens, `permanent` (save to the config file).
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateRequest = request("create", { ...roomCreation, history: opt(Num), post: opt(Str) })
/**
 * The parameters of {@link CreateRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type CreateParams = ParamsOf<typeof CreateRequest>

/**
 * `edit` (Janus docs: TextRoom plugin › edit): the `new_*` properties of `room`.
 *
 * @since 0.1.0
 * @category requests
 */
export const EditRequest = request("edit", { ...roomEdits, ...edits({ post: opt(Str) }) })
/**
 * The parameters of {@link EditRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type EditParams = ParamsOf<typeof EditRequest>

/**
 * `kick` (Janus docs: TextRoom plugin › kick): `username` out of `room`.
 *
 * @since 0.1.0
 * @category requests
 */
export const KickRequest = request("kick", { room: Id, secret: opt(Str), username: Str })
/**
 * The parameters of {@link KickRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type KickParams = ParamsOf<typeof KickRequest>

/**
 * `announcement` (Janus docs: TextRoom plugin › announcement): `text` from the room itself.
 *
 * @since 0.1.0
 * @category requests
 */
export const AnnouncementRequest = request("announcement", { room: Id, secret: opt(Str), text: Str })
/**
 * The parameters of {@link AnnouncementRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type AnnouncementParams = ParamsOf<typeof AnnouncementRequest>

/**
 * `setup` (janus_textroom.c; Janus docs: TextRoom plugin): ask the plugin for a JSEP offer with a data channel.
 * `ack` sends back our JSEP answer; `restart` asks for an ICE-restart offer.
 *
 * @since 0.1.0
 * @category requests
 */
export const SetupRequest = request(["setup", "ack", "restart"])

// ---------------------------------------------------------------------------------------------------------------
// Over the data channel
// ---------------------------------------------------------------------------------------------------------------

/**
 * `join` over the data channel (see `TextRoom.channel`): `username` (unique in the room), `pin`, `token` (ACL), `display`, `history`
 * (receive stored messages, default true). Answered with `{"textroom":"success","participants":[…]}`.
 *
 * @since 0.1.0
 * @category requests
 */
export const JoinRequest = Schema.Struct({
  textroom: Schema.Literal("join"),
  transaction: Str,
  room: Id,
  username: Str,
  ...optional({ pin: Str, token: Str, display: Str, history: Bool })
})
/**
 * The decoded type of {@link JoinRequest}.
 *
 * @since 0.1.0
 * @category requests
 */
export type JoinRequest = typeof JoinRequest.Type

/**
 * `leave` over the data channel (Janus docs: TextRoom plugin › leave): leave `room`; the others get a `leave` event.
 * `transaction` matches the answer (`{"textroom":"success"}`); the operation sets it.
 *
 * @since 0.1.0
 * @category requests
 */
export const LeaveRequest = Schema.Struct({ textroom: Schema.Literal("leave"), transaction: Str, room: Id })
/**
 * The decoded type of {@link LeaveRequest}.
 *
 * @since 0.1.0
 * @category requests
 */
export type LeaveRequest = typeof LeaveRequest.Type

/**
 * `message` over the data channel: public when neither `to` nor `tos` is set, a whisper otherwise; `ack`
 * (default true) asks for a `success` answer.
 *
 * @since 0.1.0
 * @category requests
 */
export const MessageRequest = Schema.Struct({
  textroom: Schema.Literal("message"),
  transaction: Str,
  room: Id,
  text: Str,
  ...optional({ to: Str, tos: Strings, ack: Bool })
})
/**
 * The decoded type of {@link MessageRequest}.
 *
 * @since 0.1.0
 * @category requests
 */
export type MessageRequest = typeof MessageRequest.Type
