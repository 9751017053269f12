/**
 * The room requests with the same fields in the AudioBridge and VideoRoom plugins, re-exported by their `requests`
 * modules.
 */
import * as Schema from "effect/Schema"
import { roomParticipant, roomSecret } from "./schema.js"

/**
 * `kick`: removes participant `id` from `room` (it gets a kicked event, the others a leaving one). Needs the
 * room's `secret`; fails with the plugin's "no such user / feed" code for an unknown id.
 *
 * @since 0.1.0
 * @category requests
 */
export const KickRequest = Schema.Struct({ request: Schema.Literal("kick"), ...roomParticipant })
/**
 * The parameters of {@link KickRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type KickParams = Omit<typeof KickRequest.Type, "request">

/**
 * `listforwarders`: the RTP forwarders of `room`. Needs the room's `secret`.
 *
 * @since 0.1.0
 * @category requests
 */
export const ListForwardersRequest = Schema.Struct({ request: Schema.Literal("listforwarders"), ...roomSecret })
/**
 * The parameters of {@link ListForwardersRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ListForwardersParams = Omit<typeof ListForwardersRequest.Type, "request">
