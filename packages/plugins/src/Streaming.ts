/**
 * The Streaming plugin (`janus.plugin.streaming`): relay RTP, RTSP or file sources ("mountpoints") to WebRTC
 * viewers. `list`, `info`, `create`, `edit`, `destroy`, `recording`, `enable`, `disable`, `kick_all` are
 * synchronous; `watch`, `start`, `pause`, `configure`, `switch`, `stop` answer with an event. Follows Janus docs
 * "Streaming plugin" and the API comment at the top of `src/plugins/janus_streaming.c` (Janus 1.1.x).
 *
 * ```ts
 * const streaming = yield* Streaming.attach(session)
 * const created = yield* streaming.create({
 *   type: "rtp", media: [{ type: "audio", mid: "a", port: 0, pt: 111, codec: "opus" }]
 * })
 * const preparing = yield* streaming.watch({ id: created.stream.id })     // preparing.jsep: the offer
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
  Id,
  JsonObject,
  type PluginRequestError,
  type PluginService,
  type RequestOptions,
  UnknownEvent,
  type WithJsep
} from "./Common.js"
import { makeOps } from "./internal/client.js"
import { Bool, Num, opt, Str, tagged } from "./internal/schema.js"
import { constructors as makeConstructors } from "./internal/service.js"
import type * as Req from "./streaming/requests.js"

export * from "./streaming/requests.js"

/**
 * The plugin: `janus.plugin.streaming`.
 *
 * @since 0.1.0
 */
export const plugin = Plugin.make("janus.plugin.streaming")

/**
 * Error codes of the Streaming plugin (`JANUS_STREAMING_ERROR_*`): 450 no message, 451 invalid JSON, 452 invalid
 * request, 453 missing element, 454 invalid element, 455 no such mountpoint, 456 can't create, 457 unauthorized
 * (wrong secret / pin / admin key), 458 can't switch, 459 can't record, 460 invalid state, 470 unknown error.
 *
 * @since 0.1.0
 */
export const ErrorCode = {
  NoMessage: 450,
  InvalidJson: 451,
  InvalidRequest: 452,
  MissingElement: 453,
  InvalidElement: 454,
  NoSuchMountpoint: 455,
  CantCreate: 456,
  Unauthorized: 457,
  CantSwitch: 458,
  CantRecord: 459,
  InvalidState: 460,
  UnknownError: 470
} as const

// ---------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------

/**
 * A stream of a mountpoint as `list` and `info` describe it; other fields (`pt`, `codec`, `rtpmap`, …) are kept.
 * @since 0.1.0
 */
export const StreamInfo = Schema.Struct(
  {
    mid: opt(Str),
    mindex: opt(Num),
    type: opt(Str),
    label: opt(Str),
    msid: opt(Str),
    age_ms: opt(Num)
  },
  JsonObject
)
/** @since 0.1.0 */
export type StreamInfo = typeof StreamInfo.Type

/** A mountpoint of `list`: `type` is `live` or `on demand`. @since 0.1.0 */
export const MountpointSummary = Schema.Struct({
  id: Id,
  type: Str,
  description: opt(Str),
  metadata: opt(Str),
  enabled: opt(Bool),
  media: opt(Schema.Array(StreamInfo))
})
/** @since 0.1.0 */
export type MountpointSummary = typeof MountpointSummary.Type

/** The answer to `list`. @since 0.1.0 */
export const List = tagged("List", { streaming: Schema.Literal("list"), list: Schema.Array(MountpointSummary) })
/** @since 0.1.0 */
export type List = typeof List.Type

/**
 * A mountpoint as `info` describes it; `secret`, `pin`, `is_private` and the ports only with the right secret.
 * Fields not listed are kept as sent.
 *
 * @since 0.1.0
 */
export const MountpointInfo = Schema.Struct(
  {
    id: Id,
    name: opt(Str),
    description: opt(Str),
    metadata: opt(Str),
    secret: opt(Str),
    pin: opt(Str),
    is_private: opt(Bool),
    viewers: opt(Num),
    enabled: opt(Bool),
    type: opt(Str),
    media: opt(Schema.Array(StreamInfo))
  },
  JsonObject
)
/** @since 0.1.0 */
export type MountpointInfo = typeof MountpointInfo.Type

/** The answer to `info`. @since 0.1.0 */
export const Info = tagged("Info", { streaming: Schema.Literal("info"), info: MountpointInfo })
/** @since 0.1.0 */
export type Info = typeof Info.Type

/** A port an RTP mountpoint bound, in the answer to `create`. @since 0.1.0 */
export const BoundPort = Schema.Struct(
  { type: opt(Str), mid: opt(Str), msid: opt(Str), port: opt(Num), rtcp_port: opt(Num) },
  JsonObject
)
/** @since 0.1.0 */
export type BoundPort = typeof BoundPort.Type

/**
 * The answer to `create`: the mountpoint's `name` (Janus 1.1.x sends it as `created`; the doc comment says
 * `create`), whether it was saved (`permanent`), and `stream` with its `id`, `type` and, for RTP, the bound `ports`.
 *
 * @since 0.1.0
 */
export const Created = tagged("Created", {
  streaming: Schema.Literal("created"),
  created: opt(Str),
  create: opt(Str),
  permanent: opt(Bool),
  stream: Schema.Struct(
    {
      id: Id,
      type: opt(Str),
      description: opt(Str),
      is_private: opt(Bool),
      ports: opt(Schema.Array(BoundPort))
    },
    JsonObject
  )
})
/** @since 0.1.0 */
export type Created = typeof Created.Type

/** The answer to `edit`. @since 0.1.0 */
export const Edited = tagged("Edited", { streaming: Schema.Literal("edited"), id: Id, permanent: opt(Bool) })
/** @since 0.1.0 */
export type Edited = typeof Edited.Type

/** The answer to `destroy`: the mountpoint id is in `destroyed` (the doc comment says `id`). @since 0.1.0 */
export const Destroyed = tagged("Destroyed", { streaming: Schema.Literal("destroyed"), destroyed: Id })
/** @since 0.1.0 */
export type Destroyed = typeof Destroyed.Type

/** `{"streaming":"ok"}`: the answer to `enable`, `disable` and `recording`. @since 0.1.0 */
export const Ok = tagged("Ok", { streaming: Schema.Literal("ok") })
/** @since 0.1.0 */
export type Ok = typeof Ok.Type

/** `{"streaming":"kicked_all"}`: the answer to `kick_all`. @since 0.1.0 */
export const KickedAll = tagged("KickedAll", { streaming: Schema.Literal("kicked_all") })
/** @since 0.1.0 */
export type KickedAll = typeof KickedAll.Type

// ---------------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------------

/**
 * A viewer's status: `preparing` (answer to `watch`, with the offer in `jsep`; `updating` on an ICE restart),
 * `starting` / `started` (answer to `start`; `started` also arrives when media starts flowing), `pausing`,
 * `stopping`, `stopped` (mountpoint gone), `kicked_all`, `switching`.
 *
 * @since 0.1.0
 */
export const Status = tagged("Status", {
  streaming: Schema.Literal("event"),
  result: Schema.Struct({
    status: Schema.Literal(
      "preparing",
      "updating",
      "starting",
      "started",
      "pausing",
      "stopping",
      "stopped",
      "kicked_all",
      "switching"
    )
  })
})
/** @since 0.1.0 */
export type Status = typeof Status.Type

/** `{"result":{"event":"configured"}}`: the answer to `configure`. @since 0.1.0 */
export const Configured = tagged("Configured", {
  streaming: Schema.Literal("event"),
  result: Schema.Struct({ event: Schema.Literal("configured") })
})
/** @since 0.1.0 */
export type Configured = typeof Configured.Type

/** `{"result":{"switched":"ok","id":…}}`: the answer to `switch`. @since 0.1.0 */
export const Switched = tagged("Switched", {
  streaming: Schema.Literal("event"),
  result: Schema.Struct({ switched: Schema.Literal("ok"), id: Id })
})
/** @since 0.1.0 */
export type Switched = typeof Switched.Type

/** A simulcast or SVC layer change for stream `mid`. @since 0.1.0 */
export const LayerChange = tagged("LayerChange", {
  streaming: Schema.Literal("event"),
  result: Schema.Struct({
    mid: opt(Str),
    substream: opt(Num),
    temporal: opt(Num),
    spatial_layer: opt(Num),
    temporal_layer: opt(Num)
  }).pipe(
    Schema.filter(
      (layer) =>
        layer.substream !== undefined ||
        layer.temporal !== undefined ||
        layer.spatial_layer !== undefined ||
        layer.temporal_layer !== undefined
    )
  )
})
/** @since 0.1.0 */
export type LayerChange = typeof LayerChange.Type

/**
 * `{"event":"edited","id":…,"metadata":…}` (no `streaming` key): the mountpoint's metadata changed (an `edit`
 * with `edited_event: true`).
 *
 * @since 0.1.0
 */
export const MetadataEdited = tagged("MetadataEdited", { event: Schema.Literal("edited"), id: Id, metadata: opt(Str) })
/** @since 0.1.0 */
export type MetadataEdited = typeof MetadataEdited.Type

/**
 * Every Streaming event, tagged by `_tag`.
 *
 * @since 0.1.0
 */
export const Event = Schema.Union(
  errorEvent("streaming"),
  Status,
  Configured,
  Switched,
  LayerChange,
  MetadataEdited,
  UnknownEvent
)
/** @since 0.1.0 */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------

/**
 * A Streaming handle with typed requests. All fail with `PluginError` (see {@link ErrorCode}: 455 no such
 * mountpoint, 457 unauthorized, …) or the other {@link PluginRequestError}s.
 *
 * @since 0.1.0
 */
export interface Streaming extends PluginService<Event> {
  /** `list` (Janus docs: Streaming plugin › list). */
  readonly list: (
    params?: Req.ListParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<List>, PluginRequestError>
  /** `info` (Janus docs: Streaming plugin › info). */
  readonly info: (params: Req.InfoParams, options?: RequestOptions) => Effect.Effect<WithJsep<Info>, PluginRequestError>
  /**
   * `create` (Janus docs: Streaming plugin › create); 456 when the mountpoint cannot be created (id taken, port
   * busy).
   */
  readonly create: (
    params: Req.CreateParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Created>, PluginRequestError>
  /** `edit` (Janus docs: Streaming plugin › edit). */
  readonly edit: (
    params: Req.EditParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Edited>, PluginRequestError>
  /** `destroy` (Janus docs: Streaming plugin › destroy). */
  readonly destroy: (
    params: Req.DestroyParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Destroyed>, PluginRequestError>
  /** `enable` (Janus docs: Streaming plugin › enable). */
  readonly enable: (
    params: Req.EnableParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ok>, PluginRequestError>
  /**
   * `disable` (Janus docs: Streaming plugin › disable). **`stop_recording` defaults to `false` here** (Janus's
   * default is `true`): Janus 1.1.x (still so in master) dereferences a NULL recorder and crashes when it stops the
   * recordings of an RTP mountpoint and one of its streams is not being recorded. Pass `stop_recording: true` only
   * when every stream of the mountpoint is being recorded.
   */
  readonly disable: (
    params: Req.DisableParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ok>, PluginRequestError>
  /** `kick_all` (Janus docs: Streaming plugin › kick_all). */
  readonly kickAll: (
    params: Req.KickAllParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<KickedAll>, PluginRequestError>
  /** `recording` (Janus docs: Streaming plugin › recording). */
  readonly recording: (
    params: Req.RecordingParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ok>, PluginRequestError>
  /** `watch` (Janus docs: Streaming plugin › watch): `Status` `preparing` with the plugin's offer in `jsep`. */
  readonly watch: (
    params: Req.WatchParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Status>, PluginRequestError>
  /** `start` (Janus docs: Streaming plugin › start): with the JSEP answer, or without to resume after `pause`. */
  readonly start: (
    jsep?: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Status>, PluginRequestError>
  /** `pause` (Janus docs: Streaming plugin › pause). */
  readonly pause: (options?: RequestOptions) => Effect.Effect<WithJsep<Status>, PluginRequestError>
  /** `configure` (Janus docs: Streaming plugin › configure). */
  readonly configure: (
    params: Req.ConfigureParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Configured>, PluginRequestError>
  /** `switch` (Janus docs: Streaming plugin › switch). */
  readonly switch: (
    params: Req.SwitchParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Switched>, PluginRequestError>
  /**
   * `stop` (Janus docs: Streaming plugin › stop). Janus ignores a `stop` — and sends no event — while the viewer's
   * PeerConnection is not up yet (after `watch`, before media flows) or is already stopping: the request then
   * fails with `TransportError` `timeout` after `options.timeout`. Use `handle.hangup` or detach in that case.
   */
  readonly stop: (options?: RequestOptions) => Effect.Effect<WithJsep<Status>, PluginRequestError>
}

/**
 * The `Streaming` Tag, provided by {@link layer} and {@link layerReattach}.
 *
 * @since 0.1.0
 */
export const Streaming: Context.Tag<Streaming, Streaming> = Context.GenericTag<Streaming>(
  "@effect-janus/plugins/Streaming"
)

/**
 * Wraps a Streaming handle. Pure: sends nothing.
 *
 * @since 0.1.0
 */
export const make = (handle: PluginHandle): Streaming => {
  const ops = makeOps(handle, "Streaming")
  const start = ops.optionalWithJsep<{}, Status, typeof Status.Encoded>("start", Status)
  const pause = ops.optional<{}, Status, typeof Status.Encoded>("pause", Status)
  const stop = ops.optional<{}, Status, typeof Status.Encoded>("stop", Status)
  const disable = ops.params<Req.DisableParams, Ok, typeof Ok.Encoded>("disable", Ok)
  return {
    handle,
    events: ops.events(Event),
    list: ops.optional("list", List),
    info: ops.params("info", Info),
    create: ops.params("create", Created),
    edit: ops.params("edit", Edited),
    destroy: ops.params("destroy", Destroyed),
    enable: ops.params("enable", Ok),
    disable: (params, options) => disable({ ...params, stop_recording: params.stop_recording ?? false }, options),
    kickAll: ops.params("kick_all", KickedAll, "kickAll"),
    recording: ops.params("recording", Ok),
    watch: ops.params("watch", Status),
    start: (jsep, options) => start({}, jsep, options),
    pause: (options) => pause({}, options),
    configure: ops.params("configure", Configured),
    switch: ops.params("switch", Switched),
    stop: (options) => stop({}, options)
  }
}

const constructors = makeConstructors(plugin, Streaming, make)

/**
 * Attaches a new Streaming handle to `session` in the current scope; each call gives an independent handle (one
 * per mountpoint watched at the same time).
 *
 * @since 0.1.0
 */
export const attach = constructors.attach

/**
 * Wraps an existing Streaming handle by id without sending anything (re-attach after a `claim`).
 *
 * @since 0.1.0
 */
export const reattach = constructors.reattach

/**
 * A Layer attaching a Streaming handle to the `JanusSession` in context and providing {@link Streaming}.
 *
 * @since 0.1.0
 */
export const layer = constructors.layer

/**
 * A Layer providing {@link Streaming} for an existing handle id, without sending `attach`.
 *
 * @since 0.1.0
 */
export const layerReattach = constructors.layerReattach
