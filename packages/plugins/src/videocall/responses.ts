/**
 * The VideoCall plugin's answers and events (Janus docs: VideoCall plugin; janus_videocall.c, Janus 1.1.x), decoded
 * into values tagged by `_tag`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { answers, eventUnion, Num, opt, optional, resultEvent, Str } from "../internal/schema.js"

/** The answers and events of this plugin: `videocall: <value>` and their fields. */
const answer = answers("videocall")

/**
 * The answer to `list`: `result.list`, the registered usernames.
 *
 * @since 0.1.0
 * @category responses
 */
export const List = answer("List", "event", { result: Schema.Struct({ list: Schema.Array(Str) }) })
/**
 * The decoded type of {@link List}.
 *
 * @since 0.1.0
 * @category responses
 */
export type List = typeof List.Type

/**
 * `registered`: the username is ours (answer to `register`).
 *
 * @since 0.1.0
 * @category events
 */
export const Registered = resultEvent("Registered", "videocall", "registered", { username: Str })
/**
 * The decoded type of {@link Registered}.
 *
 * @since 0.1.0
 * @category events
 */
export type Registered = typeof Registered.Type

/**
 * `calling`: our call is on its way (answer to `call`).
 *
 * @since 0.1.0
 * @category events
 */
export const Calling = resultEvent("Calling", "videocall", "calling", { username: opt(Str) })
/**
 * The decoded type of {@link Calling}.
 *
 * @since 0.1.0
 * @category events
 */
export type Calling = typeof Calling.Type

/**
 * `incomingcall`: `username` calls us; the event's `jsep` is the caller's offer.
 *
 * @since 0.1.0
 * @category events
 */
export const IncomingCall = resultEvent("IncomingCall", "videocall", "incomingcall", { username: Str })
/**
 * The decoded type of {@link IncomingCall}.
 *
 * @since 0.1.0
 * @category events
 */
export type IncomingCall = typeof IncomingCall.Type

/**
 * `accepted`: the call is up. Answer to `accept` (no `username`), or the caller's event (with the callee's
 * `username` and the SDP answer in `jsep`).
 *
 * @since 0.1.0
 * @category events
 */
export const Accepted = resultEvent("Accepted", "videocall", "accepted", { username: opt(Str) })
/**
 * The decoded type of {@link Accepted}.
 *
 * @since 0.1.0
 * @category events
 */
export type Accepted = typeof Accepted.Type

/**
 * `set`: the settings of `set` (audio/video on or off, bitrate, recording, simulcast / SVC layers) were applied to
 * our side of the call.
 *
 * @since 0.1.0
 * @category events
 */
export const SetOk = resultEvent("Set", "videocall", "set")
/**
 * The decoded type of {@link SetOk}.
 *
 * @since 0.1.0
 * @category events
 */
export type SetOk = typeof SetOk.Type

/**
 * `update`: the peer renegotiated; `jsep` carries its new offer or answer.
 *
 * @since 0.1.0
 * @category events
 */
export const Update = resultEvent("Update", "videocall", "update")
/**
 * The decoded type of {@link Update}.
 *
 * @since 0.1.0
 * @category events
 */
export type Update = typeof Update.Type

/**
 * `hangup`: the call is over; `username` of who closed it and a `reason`.
 *
 * @since 0.1.0
 * @category events
 */
export const Hangup = resultEvent("Hangup", "videocall", "hangup", { username: opt(Str), reason: opt(Str) })
/**
 * The decoded type of {@link Hangup}.
 *
 * @since 0.1.0
 * @category events
 */
export type Hangup = typeof Hangup.Type

/**
 * `simulcast`: the relayed simulcast `substream` or `temporal` layer changed.
 *
 * @since 0.1.0
 * @category events
 */
export const Simulcast = resultEvent("Simulcast", "videocall", "simulcast", {
  ...optional({ videocodec: Str, substream: Num, temporal: Num })
})
/**
 * The decoded type of {@link Simulcast}.
 *
 * @since 0.1.0
 * @category events
 */
export type Simulcast = typeof Simulcast.Type

/**
 * `slow_link`: many NACKs on `media`; the bitrate cap was lowered to `current-bitrate`.
 *
 * @since 0.1.0
 * @category events
 */
export const SlowLink = resultEvent("SlowLink", "videocall", "slow_link", {
  media: opt(Str),
  "current-bitrate": opt(Num)
})
/**
 * The decoded type of {@link SlowLink}.
 *
 * @since 0.1.0
 * @category events
 */
export type SlowLink = typeof SlowLink.Type

/**
 * The schema of everything a VideoCall handle's `events` carries, decoded from the plugin's `plugindata.data` into
 * one union tagged by `_tag`: the `Error` member (an unsolicited `error_code`) first, the plugin's own answers and
 * events, then `Unknown` for anything no member matches, so decoding never fails. Match on `_tag` (e.g. with
 * `Match.tag`).
 *
 * @since 0.1.0
 * @category events
 */
export const Event = eventUnion("videocall", [
  List,
  Registered,
  Calling,
  IncomingCall,
  Accepted,
  SetOk,
  Update,
  Hangup,
  Simulcast,
  SlowLink
])
/**
 * The decoded type of {@link Event}.
 *
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type
