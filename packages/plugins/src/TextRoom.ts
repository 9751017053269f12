/**
 * The TextRoom plugin (`janus.plugin.textroom`): text chat rooms over a data channel. Room management (`list`,
 * `listparticipants`, `create`, `edit`, `destroy`, `exists`, `allowed`, `kick`, `announcement`) goes through the
 * Janus API and is typed here; the wrapper names each request in both `request` and `textroom`, as the plugin
 * expects. Joining, leaving and messaging happen on the data channel negotiated with `setup` / `ack`: their
 * schemas are in this module too (`JoinRequest`, `DataChannelEvent`, `decodeDataChannelFrame`).
 * Follows Janus docs "TextRoom plugin" and the API comment at the top of `src/plugins/janus_textroom.c` (1.1.x).
 *
 * @since 0.1.0
 */
import { Plugin, type PluginHandle, type Protocol } from "@effect-janus/core"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import {
  errorEvent,
  Id,
  type PluginRequestError,
  type PluginService,
  type RequestOptions,
  UnknownEvent,
  type WithJsep
} from "./Common.js"
import { makeOps } from "./internal/client.js"
import { Bool, Num, opt, Str, Strings, tagged } from "./internal/schema.js"
import { constructors as makeConstructors } from "./internal/service.js"
import { Participant } from "./textroom/dataChannel.js"

export * from "./textroom/dataChannel.js"

/**
 * The plugin: `janus.plugin.textroom`.
 *
 * @since 0.1.0
 */
export const plugin = Plugin.make("janus.plugin.textroom")

/**
 * Error codes of the TextRoom (`JANUS_TEXTROOM_ERROR_*`): 411 no message, 412 invalid JSON, 413 missing element,
 * 414 invalid element, 415 invalid request, 416 already set up, 417 no such room, 418 room exists,
 * 419 unauthorized (wrong secret / pin / admin key), 420 username exists, 421 already in room, 422 not in room,
 * 423 no such user, 499 unknown error.
 *
 * @since 0.1.0
 */
export const ErrorCode = {
  NoMessage: 411,
  InvalidJson: 412,
  MissingElement: 413,
  InvalidElement: 414,
  InvalidRequest: 415,
  AlreadySetup: 416,
  NoSuchRoom: 417,
  RoomExists: 418,
  Unauthorized: 419,
  UsernameExists: 420,
  AlreadyInRoom: 421,
  NotInRoom: 422,
  NoSuchUser: 423,
  UnknownError: 499
} as const

// ---------------------------------------------------------------------------------------------------------------
// Requests (Janus API)
// ---------------------------------------------------------------------------------------------------------------

/** `list` (Janus docs: TextRoom plugin › list): the public rooms (private ones with the `admin_key`). @since 0.1.0 */
export const ListRequest = Schema.Struct({ textroom: Schema.Literal("list"), admin_key: opt(Str) })
/** @since 0.1.0 */
export type ListParams = Omit<typeof ListRequest.Type, "textroom">

/** `listparticipants` (Janus docs: TextRoom plugin › listparticipants). @since 0.1.0 */
export const ListParticipantsRequest = Schema.Struct({ textroom: Schema.Literal("listparticipants"), room: Id })
/** @since 0.1.0 */
export type ListParticipantsParams = Omit<typeof ListParticipantsRequest.Type, "textroom">

/**
 * `create` (Janus docs: TextRoom plugin › create): `room` (chosen by the plugin when missing), `admin_key` (when
 * configured), `description`, `secret`, `pin`, `is_private`, `history` (messages kept for new joiners), `post`
 * (HTTP backend), `allowed` tokens, `permanent` (save to the config file).
 *
 * @since 0.1.0
 */
export const CreateRequest = Schema.Struct({
  textroom: Schema.Literal("create"),
  room: opt(Id),
  admin_key: opt(Str),
  description: opt(Str),
  secret: opt(Str),
  pin: opt(Str),
  is_private: opt(Bool),
  history: opt(Num),
  post: opt(Str),
  allowed: opt(Strings),
  permanent: opt(Bool)
})
/** @since 0.1.0 */
export type CreateParams = Omit<typeof CreateRequest.Type, "textroom">

/** `edit` (Janus docs: TextRoom plugin › edit): the `new_*` properties of `room`. @since 0.1.0 */
export const EditRequest = Schema.Struct({
  textroom: Schema.Literal("edit"),
  room: Id,
  secret: opt(Str),
  new_description: opt(Str),
  new_secret: opt(Str),
  new_pin: opt(Str),
  new_post: opt(Str),
  new_is_private: opt(Bool),
  permanent: opt(Bool)
})
/** @since 0.1.0 */
export type EditParams = Omit<typeof EditRequest.Type, "textroom">

/** `destroy` (Janus docs: TextRoom plugin › destroy). @since 0.1.0 */
export const DestroyRequest = Schema.Struct({
  textroom: Schema.Literal("destroy"),
  room: Id,
  secret: opt(Str),
  permanent: opt(Bool)
})
/** @since 0.1.0 */
export type DestroyParams = Omit<typeof DestroyRequest.Type, "textroom">

/** `exists` (Janus docs: TextRoom plugin › exists). @since 0.1.0 */
export const ExistsRequest = Schema.Struct({ textroom: Schema.Literal("exists"), room: Id })
/** @since 0.1.0 */
export type ExistsParams = Omit<typeof ExistsRequest.Type, "textroom">

/**
 * `allowed` (Janus docs: TextRoom plugin › allowed): `enable` / `disable` the token check, or `add` / `remove`
 * tokens.
 *
 * @since 0.1.0
 */
export const AllowedRequest = Schema.Struct({
  textroom: Schema.Literal("allowed"),
  room: Id,
  secret: opt(Str),
  action: Schema.Literal("enable", "disable", "add", "remove"),
  allowed: opt(Strings)
})
/** @since 0.1.0 */
export type AllowedParams = Omit<typeof AllowedRequest.Type, "textroom">

/** `kick` (Janus docs: TextRoom plugin › kick): `username` out of `room`. @since 0.1.0 */
export const KickRequest = Schema.Struct({
  textroom: Schema.Literal("kick"),
  room: Id,
  secret: opt(Str),
  username: Str
})
/** @since 0.1.0 */
export type KickParams = Omit<typeof KickRequest.Type, "textroom">

/** `announcement` (Janus docs: TextRoom plugin › announcement): `text` from the room itself. @since 0.1.0 */
export const AnnouncementRequest = Schema.Struct({
  textroom: Schema.Literal("announcement"),
  room: Id,
  secret: opt(Str),
  text: Str
})
/** @since 0.1.0 */
export type AnnouncementParams = Omit<typeof AnnouncementRequest.Type, "textroom">

/**
 * `setup` (janus_textroom.c; Janus docs: TextRoom plugin): ask the plugin for a JSEP offer with a data channel.
 * `ack` sends back our JSEP answer; `restart` asks for an ICE-restart offer.
 *
 * @since 0.1.0
 */
export const SetupRequest = Schema.Struct({ request: Schema.Literal("setup", "ack", "restart") })

// ---------------------------------------------------------------------------------------------------------------
// Responses and events
// ---------------------------------------------------------------------------------------------------------------

/** A room of `list`. @since 0.1.0 */
export const RoomInfo = Schema.Struct({
  room: Id,
  description: opt(Str),
  pin_required: opt(Bool),
  num_participants: opt(Num),
  history: opt(Num)
})
/** @since 0.1.0 */
export type RoomInfo = typeof RoomInfo.Type

/** The answer to `list` (Janus 1.1.x names the array `list`; the doc comment says `rooms`). @since 0.1.0 */
export const RoomList = tagged("RoomList", { textroom: Schema.Literal("success"), list: Schema.Array(RoomInfo) })
/** @since 0.1.0 */
export type RoomList = typeof RoomList.Type

/** The answer to `listparticipants` (Janus 1.1.x sends no `textroom` key in it). @since 0.1.0 */
export const Participants = tagged("Participants", {
  textroom: opt(Schema.Literal("success")),
  room: Id,
  participants: Schema.Array(Participant)
})
/** @since 0.1.0 */
export type Participants = typeof Participants.Type

/** The answer to `create` through the Janus API: `room` and whether it was saved (`permanent`). @since 0.1.0 */
export const Created = tagged("Created", { textroom: Schema.Literal("created"), room: Id, permanent: opt(Bool) })
/** @since 0.1.0 */
export type Created = typeof Created.Type

/** The answer to `edit` through the Janus API. @since 0.1.0 */
export const Edited = tagged("Edited", { textroom: Schema.Literal("edited"), room: Id, permanent: opt(Bool) })
/** @since 0.1.0 */
export type Edited = typeof Edited.Type

/** The answer to `destroy` through the Janus API. @since 0.1.0 */
export const Destroyed = tagged("Destroyed", { textroom: Schema.Literal("destroyed"), room: Id, permanent: opt(Bool) })
/** @since 0.1.0 */
export type Destroyed = typeof Destroyed.Type

/** The answer to `exists`. @since 0.1.0 */
export const Exists = tagged("Exists", { textroom: Schema.Literal("success"), room: Id, exists: Bool })
/** @since 0.1.0 */
export type Exists = typeof Exists.Type

/** The answer to `allowed`: the complete token list (for `enable`, `add`, `remove`). @since 0.1.0 */
export const Allowed = tagged("Allowed", { textroom: Schema.Literal("success"), room: Id, allowed: opt(Strings) })
/** @since 0.1.0 */
export type Allowed = typeof Allowed.Type

/** `{"textroom":"success"}`: the answer to `kick` and `announcement`. @since 0.1.0 */
export const Success = tagged("Success", { textroom: Schema.Literal("success") })
/** @since 0.1.0 */
export type Success = typeof Success.Type

/**
 * `{"textroom":"event","result":"ok"}`: the answer to `setup` (with the offer in `jsep`), `ack`, `restart`. @since
 * 0.1.0
 */
export const Ok = tagged("Ok", { textroom: Schema.Literal("event"), result: Schema.Literal("ok") })
/** @since 0.1.0 */
export type Ok = typeof Ok.Type

/**
 * Every TextRoom event on the Janus API (participation events come over the data channel, see
 * `DataChannelEvent`), tagged by `_tag`.
 *
 * @since 0.1.0
 */
export const Event = Schema.Union(errorEvent("textroom"), Ok, UnknownEvent)
/** @since 0.1.0 */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------

/**
 * A TextRoom handle with typed requests. All fail with `PluginError` (see {@link ErrorCode}: 417 no such room,
 * 419 wrong secret, …) or the other {@link PluginRequestError}s.
 *
 * @since 0.1.0
 */
export interface TextRoom extends PluginService<Event> {
  /** `list` (Janus docs: TextRoom plugin › list). */
  readonly list: (
    params?: ListParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<RoomList>, PluginRequestError>
  /** `listparticipants` (Janus docs: TextRoom plugin › listparticipants). */
  readonly listParticipants: (
    params: ListParticipantsParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Participants>, PluginRequestError>
  /** `create` (Janus docs: TextRoom plugin › create); 418 when the room exists. */
  readonly create: (
    params?: CreateParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Created>, PluginRequestError>
  /** `edit` (Janus docs: TextRoom plugin › edit). */
  readonly edit: (params: EditParams, options?: RequestOptions) => Effect.Effect<WithJsep<Edited>, PluginRequestError>
  /** `destroy` (Janus docs: TextRoom plugin › destroy). */
  readonly destroy: (
    params: DestroyParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Destroyed>, PluginRequestError>
  /** `exists` (Janus docs: TextRoom plugin › exists). */
  readonly exists: (
    params: ExistsParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Exists>, PluginRequestError>
  /** `allowed` (Janus docs: TextRoom plugin › allowed). */
  readonly allowed: (
    params: AllowedParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Allowed>, PluginRequestError>
  /** `kick` (Janus docs: TextRoom plugin › kick); 423 for an unknown username. */
  readonly kick: (params: KickParams, options?: RequestOptions) => Effect.Effect<WithJsep<Success>, PluginRequestError>
  /** `announcement` (Janus docs: TextRoom plugin › announcement). */
  readonly announcement: (
    params: AnnouncementParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Success>, PluginRequestError>
  /** `setup` (janus_textroom.c): resolves with `Ok` and the plugin's data-channel offer in `jsep`. */
  readonly setup: (options?: RequestOptions) => Effect.Effect<WithJsep<Ok>, PluginRequestError>
  /** `ack` with our JSEP answer to the `setup` offer (janus_textroom.c). */
  readonly ack: (jsep: Protocol.Jsep, options?: RequestOptions) => Effect.Effect<WithJsep<Ok>, PluginRequestError>
  /** `restart` (janus_textroom.c): an ICE-restart offer in `jsep`. */
  readonly restart: (options?: RequestOptions) => Effect.Effect<WithJsep<Ok>, PluginRequestError>
}

/**
 * The `TextRoom` Tag, provided by {@link layer} and {@link layerReattach}.
 *
 * @since 0.1.0
 */
export const TextRoom: Context.Tag<TextRoom, TextRoom> = Context.GenericTag<TextRoom>("@effect-janus/plugins/TextRoom")

/**
 * Wraps a TextRoom handle. Pure: sends nothing.
 *
 * @since 0.1.0
 */
export const make = (handle: PluginHandle): TextRoom => {
  const admin = makeOps(handle, "TextRoom", ["request", "textroom"])
  const ops = makeOps(handle, "TextRoom")
  const setup = ops.optional<{}, Ok, typeof Ok.Encoded>("setup", Ok)
  const ack = ops.withJsep<{}, Ok, typeof Ok.Encoded>("ack", Ok)
  const restart = ops.optional<{}, Ok, typeof Ok.Encoded>("restart", Ok)
  return {
    handle,
    events: ops.events(Event),
    list: admin.optional("list", RoomList),
    listParticipants: admin.params("listparticipants", Participants, "listParticipants"),
    create: admin.optional("create", Created),
    edit: admin.params("edit", Edited),
    destroy: admin.params("destroy", Destroyed),
    exists: admin.params("exists", Exists),
    allowed: admin.params("allowed", Allowed),
    kick: admin.params("kick", Success),
    announcement: admin.params("announcement", Success),
    setup: (options) => setup({}, options),
    ack: (jsep, options) => ack({}, jsep, options),
    restart: (options) => restart({}, options)
  }
}

const constructors = makeConstructors(plugin, TextRoom, make)

/**
 * Attaches a new TextRoom handle to `session` in the current scope; each call gives an independent handle.
 *
 * @since 0.1.0
 */
export const attach = constructors.attach

/**
 * Wraps an existing TextRoom handle by id without sending anything (re-attach after a `claim`).
 *
 * @since 0.1.0
 */
export const reattach = constructors.reattach

/**
 * A Layer attaching a TextRoom handle to the `JanusSession` in context and providing {@link TextRoom}.
 *
 * @since 0.1.0
 */
export const layer = constructors.layer

/**
 * A Layer providing {@link TextRoom} for an existing handle id, without sending `attach`.
 *
 * @since 0.1.0
 */
export const layerReattach = constructors.layerReattach
