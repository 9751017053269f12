/**
 * The VideoCall plugin (`janus.plugin.videocall`): two WebRTC peers call each other by username, with media
 * relayed through Janus. Follows Janus docs "VideoCall plugin" and the API comment at the top of
 * `src/plugins/janus_videocall.c` (Janus 1.1.x). Every request is asynchronous: its answer is an `event`.
 *
 * ```ts
 * const alice = yield* VideoCall.attach(session)
 * yield* alice.register({ username: "alice" })
 * yield* alice.call({ username: "bob" }, offer)        // then wait for `Accepted` on `alice.events`
 * ```
 *
 * @since 0.1.0
 */
import { Plugin, type PluginHandle, type Protocol } from "@effect-janus/core"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import {
  errorEvent,
  type PluginRequestError,
  type PluginService,
  type RequestOptions,
  UnknownEvent,
  type WithJsep
} from "./Common.js"
import { makeOps } from "./internal/client.js"
import { Bool, Num, opt, resultEvent, Str, tagged } from "./internal/schema.js"
import { constructors as makeConstructors } from "./internal/service.js"

/**
 * The plugin: `janus.plugin.videocall`.
 *
 * @since 0.1.0
 */
export const plugin = Plugin.make("janus.plugin.videocall")

/**
 * Error codes of the VideoCall plugin (`JANUS_VIDEOCALL_ERROR_*`): 470 no message, 471 invalid JSON, 472 invalid
 * request, 473 register first, 474 invalid element, 475 missing element, 476 username taken, 477 already
 * registered, 478 no such username, 479 calling yourself (use the EchoTest), 480 already in a call,
 * 481 no call, 482 missing SDP, 483 invalid SDP, 499 unknown error.
 *
 * @since 0.1.0
 */
export const ErrorCode = {
  NoMessage: 470,
  InvalidJson: 471,
  InvalidRequest: 472,
  RegisterFirst: 473,
  InvalidElement: 474,
  MissingElement: 475,
  UsernameTaken: 476,
  AlreadyRegistered: 477,
  NoSuchUsername: 478,
  UseEchoTest: 479,
  AlreadyInCall: 480,
  NoCall: 481,
  MissingSdp: 482,
  InvalidSdp: 483,
  UnknownError: 499
} as const

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/** `list`: the registered usernames (Janus docs: VideoCall plugin › list). @since 0.1.0 */
export const ListRequest = Schema.Struct({ request: Schema.Literal("list") })
/** `register`: claim a username to call and be called (Janus docs: VideoCall plugin › register). @since 0.1.0 */
export const RegisterRequest = Schema.Struct({ request: Schema.Literal("register"), username: Str })
/** `call`: call a username; needs a JSEP offer (Janus docs: VideoCall plugin › call). @since 0.1.0 */
export const CallRequest = Schema.Struct({ request: Schema.Literal("call"), username: Str })
/** `accept`: accept an incoming call; needs a JSEP answer (Janus docs: VideoCall plugin › accept). @since 0.1.0 */
export const AcceptRequest = Schema.Struct({ request: Schema.Literal("accept") })

/**
 * `set` (Janus docs: VideoCall plugin › set): `audio` / `video` relay on or off, `bitrate` cap (bps, via REMB),
 * `record` + `filename`, simulcast `substream` / `temporal` (0–2) and `fallback` (µs without packets before
 * dropping to a lower substream, default 250000). Also carries a renegotiation's JSEP (even empty).
 *
 * @since 0.1.0
 */
export const SetRequest = Schema.Struct({
  request: Schema.Literal("set"),
  audio: opt(Bool),
  video: opt(Bool),
  bitrate: opt(Num),
  record: opt(Bool),
  filename: opt(Str),
  substream: opt(Num),
  temporal: opt(Num),
  fallback: opt(Num),
  restart: opt(Bool)
})
/** @since 0.1.0 */
export type SetParams = Omit<typeof SetRequest.Type, "request">

/** `hangup`: hang up, cancel or decline (Janus docs: VideoCall plugin › hangup). @since 0.1.0 */
export const HangupRequest = Schema.Struct({ request: Schema.Literal("hangup") })

// ---------------------------------------------------------------------------------------------------------------
// Responses and events
// ---------------------------------------------------------------------------------------------------------------

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
export const Event = Schema.Union(
  errorEvent("videocall"),
  List,
  Registered,
  Calling,
  IncomingCall,
  Accepted,
  SetOk,
  Update,
  Hangup,
  Simulcast,
  SlowLink,
  UnknownEvent
)
/** @since 0.1.0 */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------

/**
 * A VideoCall handle with typed requests. All fail with `PluginError` (see {@link ErrorCode}) or the other
 * {@link PluginRequestError}s.
 *
 * @since 0.1.0
 */
export interface VideoCall extends PluginService<Event> {
  /** `list` (Janus docs: VideoCall plugin › list): the registered usernames. */
  readonly list: (options?: RequestOptions) => Effect.Effect<WithJsep<List>, PluginRequestError>
  /** `register` (Janus docs: VideoCall plugin › register): 476 when the username is taken. */
  readonly register: (
    params: { readonly username: string },
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Registered>, PluginRequestError>
  /** `call` with a JSEP offer (Janus docs: VideoCall plugin › call): 478 for an unknown username. */
  readonly call: (
    params: { readonly username: string },
    jsep: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Calling>, PluginRequestError>
  /** `accept` with a JSEP answer (Janus docs: VideoCall plugin › accept): 481 without an incoming call. */
  readonly accept: (
    jsep: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Accepted>, PluginRequestError>
  /** `set` (Janus docs: VideoCall plugin › set), optionally with a renegotiation's JSEP. */
  readonly set: (
    params?: SetParams,
    jsep?: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<SetOk>, PluginRequestError>
  /** `hangup` (Janus docs: VideoCall plugin › hangup). */
  readonly hangup: (options?: RequestOptions) => Effect.Effect<WithJsep<Hangup>, PluginRequestError>
}

/**
 * The `VideoCall` Tag, provided by {@link layer} and {@link layerReattach}.
 *
 * @since 0.1.0
 */
export const VideoCall: Context.Tag<VideoCall, VideoCall> = Context.GenericTag<VideoCall>(
  "@effect-janus/plugins/VideoCall"
)

/**
 * Wraps a VideoCall handle. Pure: sends nothing.
 *
 * @since 0.1.0
 */
export const make = (handle: PluginHandle): VideoCall => {
  const ops = makeOps(handle, "VideoCall")
  const list = ops.optional<{}, List, typeof List.Encoded>("list", List)
  const call = ops.withJsep<{ readonly username: string }, Calling, typeof Calling.Encoded>("call", Calling)
  const accept = ops.optionalWithJsep<{}, Accepted, typeof Accepted.Encoded>("accept", Accepted)
  const hangup = ops.optional<{}, Hangup, typeof Hangup.Encoded>("hangup", Hangup)
  return {
    handle,
    events: ops.events(Event),
    list: (options) => list({}, options),
    register: ops.params("register", Registered),
    call: (params, jsep, options) => call(params, jsep, options),
    accept: (jsep, options) => accept({}, jsep, options),
    set: ops.optionalWithJsep("set", SetOk),
    hangup: (options) => hangup({}, options)
  }
}

const constructors = makeConstructors(plugin, VideoCall, make)

/**
 * Attaches a new VideoCall handle to `session` in the current scope; each call gives an independent handle.
 * Fails as `JanusSession.attach`.
 *
 * @since 0.1.0
 */
export const attach = constructors.attach

/**
 * Wraps an existing VideoCall handle by id without sending anything (re-attach after a `claim`).
 *
 * @since 0.1.0
 */
export const reattach = constructors.reattach

/**
 * A Layer attaching a VideoCall handle to the `JanusSession` in context and providing {@link VideoCall}.
 *
 * @since 0.1.0
 */
export const layer = constructors.layer

/**
 * A Layer providing {@link VideoCall} for an existing handle id, without sending `attach`.
 *
 * @since 0.1.0
 */
export const layerReattach = constructors.layerReattach
