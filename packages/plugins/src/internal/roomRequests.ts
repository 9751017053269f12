/**
 * The room requests with the same fields in the AudioBridge, VideoRoom and TextRoom plugins (and Streaming's
 * `list`), re-exported by each plugin's `requests` module.
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import type { ParamsOf } from "./plugin.js"
import { Bool, opt, request, roomSecret, Str, Strings } from "./schema.js"

/**
 * `list`: the public rooms (or mountpoints); private ones too when the plugin's `admin_key` is given. Never fails
 * for lack of rooms: the list is empty.
 *
 * @since 0.1.0
 * @category requests
 */
export const ListRequest = request("list", { admin_key: opt(Str) })
/**
 * The parameters of {@link ListRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ListParams = ParamsOf<typeof ListRequest>

/**
 * `exists`: whether `room` exists (`exists: true | false`); never fails for a missing room.
 *
 * @since 0.1.0
 * @category requests
 */
export const ExistsRequest = request("exists", { room: Id })
/**
 * The parameters of {@link ExistsRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ExistsParams = ParamsOf<typeof ExistsRequest>

/**
 * `listparticipants`: who is in `room` now. Fails with the plugin's "no such room" code when it does not exist.
 *
 * @since 0.1.0
 * @category requests
 */
export const ListParticipantsRequest = request("listparticipants", { room: Id })
/**
 * The parameters of {@link ListParticipantsRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ListParticipantsParams = ParamsOf<typeof ListParticipantsRequest>

/**
 * `destroy`: removes `room` (participants get a `destroyed` event and are dropped); `permanent: true` also removes
 * it from the plugin's config file. Needs the room's `secret` when it has one ("unauthorized" otherwise).
 *
 * @since 0.1.0
 * @category requests
 */
export const DestroyRequest = request("destroy", { ...roomSecret, permanent: opt(Bool) })
/**
 * The parameters of {@link DestroyRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type DestroyParams = ParamsOf<typeof DestroyRequest>

/**
 * `allowed`: the room's token ACL. `enable` / `disable` turn the token check on or off; `add` / `remove` change
 * the `allowed` token list. Answers with the complete list (except for `disable`). Needs the room's `secret`.
 *
 * @since 0.1.0
 * @category requests
 */
export const AllowedRequest = request("allowed", {
  ...roomSecret,
  action: Schema.Literal("enable", "disable", "add", "remove"),
  allowed: opt(Strings)
})
/**
 * The parameters of {@link AllowedRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type AllowedParams = ParamsOf<typeof AllowedRequest>
