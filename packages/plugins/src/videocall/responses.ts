/**
 * The VideoCall plugin's answers and events (Janus docs: VideoCall plugin; janus_videocall.c, Janus 1.1.x), decoded
 * into values tagged by `_tag`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { eventUnion, Num, opt, resultEvent, Str, tagged } from "../internal/schema.js"

/** The answer to `list`: `result.list`, the registered usernames. @since 0.1.0 */
export const List = tagged("List", {
  videocall: Schema.Literal("event"),
  result: Schema.Struct({ list: Schema.Array(Str) })
})
/** @since 0.1.0 */
export type List = typeof List.Type

/** `registered`: the username is ours (answer to `register`). @since 0.1.0 */
export const Registered = resultEvent("Registered", "videocall", "registered", { username: Str })
/** @since 0.1.0 */
export type Registered = typeof Registered.Type

/** `calling`: our call is on its way (answer to `call`). @since 0.1.0 */
export const Calling = resultEvent("Calling", "videocall", "calling", { username: opt(Str) })
/** @since 0.1.0 */
export type Calling = typeof Calling.Type

/** `incomingcall`: `username` calls us; the event's `jsep` is the caller's offer. @since 0.1.0 */
export const IncomingCall = resultEvent("IncomingCall", "videocall", "incomingcall", { username: Str })
/** @since 0.1.0 */
export type IncomingCall = typeof IncomingCall.Type

/**
 * `accepted`: the call is up. Answer to `accept` (no `username`), or the caller's event (with the callee's
 * `username` and the SDP answer in `jsep`).
 *
 * @since 0.1.0
 */
export const Accepted = resultEvent("Accepted", "videocall", "accepted", { username: opt(Str) })
/** @since 0.1.0 */
export type Accepted = typeof Accepted.Type

/** `set`: the settings were applied (answer to `set`). @since 0.1.0 */
export const SetOk = resultEvent("Set", "videocall", "set", {})
/** @since 0.1.0 */
export type SetOk = typeof SetOk.Type

/** `update`: the peer renegotiated; `jsep` carries its new offer or answer. @since 0.1.0 */
export const Update = resultEvent("Update", "videocall", "update", {})
/** @since 0.1.0 */
export type Update = typeof Update.Type

/** `hangup`: the call is over; `username` of who closed it and a `reason`. @since 0.1.0 */
export const Hangup = resultEvent("Hangup", "videocall", "hangup", { username: opt(Str), reason: opt(Str) })
/** @since 0.1.0 */
export type Hangup = typeof Hangup.Type

/** `simulcast`: the relayed simulcast `substream` or `temporal` layer changed. @since 0.1.0 */
export const Simulcast = resultEvent("Simulcast", "videocall", "simulcast", {
  videocodec: opt(Str),
  substream: opt(Num),
  temporal: opt(Num)
})
/** @since 0.1.0 */
export type Simulcast = typeof Simulcast.Type

/** `slow_link`: many NACKs on `media`; the bitrate cap was lowered to `current-bitrate`. @since 0.1.0 */
export const SlowLink = resultEvent("SlowLink", "videocall", "slow_link", {
  media: opt(Str),
  "current-bitrate": opt(Num)
})
/** @since 0.1.0 */
export type SlowLink = typeof SlowLink.Type

/**
 * Every VideoCall event, tagged by `_tag`.
 *
 * @since 0.1.0
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
/** @since 0.1.0 */
export type Event = typeof Event.Type
