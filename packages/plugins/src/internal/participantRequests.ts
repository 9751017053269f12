/**
 * The requests with the same fields in the AudioBridge and VideoRoom plugins (with the room requests TextRoom has
 * too), re-exported by their `requests` modules.
 */
import type { ParamsOf } from "./plugin.js"
import { request, roomParticipant, roomSecret } from "./schema.js"

export * from "./roomRequests.js"

/**
 * `kick`: removes participant `id` from `room` (it gets a kicked event, the others a leaving one). Needs the
 * room's `secret`; fails with the plugin's "no such user / feed" code for an unknown id.
 *
 * @since 0.1.0
 * @category requests
 */
export const KickRequest = request("kick", roomParticipant)
/**
 * The parameters of {@link KickRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type KickParams = ParamsOf<typeof KickRequest>

/**
 * `listforwarders`: the RTP forwarders of `room`. Needs the room's `secret`.
 *
 * @since 0.1.0
 * @category requests
 */
export const ListForwardersRequest = request("listforwarders", roomSecret)
/**
 * The parameters of {@link ListForwardersRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ListForwardersParams = ParamsOf<typeof ListForwardersRequest>
