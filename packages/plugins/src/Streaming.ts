/**
 * The Streaming plugin (`janus.plugin.streaming`): relay RTP, RTSP or file sources ("mountpoints") to WebRTC
 * viewers. `list`, `info`, `create`, `edit`, `destroy`, `recording`, `enable`, `disable`, `kick_all` are
 * synchronous; `watch`, `start`, `pause`, `configure`, `switch`, `stop` answer with an event. Follows Janus docs
 * "Streaming plugin" and the API comment at the top of `src/plugins/janus_streaming.c` (Janus 1.1.x).
 *
 * @example
 * ```ts
 * import type { JanusSession, Protocol } from "@effect-janus/core"
 * import { Streaming } from "@effect-janus/plugins"
 * import { Effect } from "effect"
 *
 * const mountAndWatch = (session: JanusSession) =>
 *   Effect.gen(function* () {
 *     const streaming = yield* Streaming.attach(session)
 *     const created = yield* streaming.create({
 *       type: "rtp",
 *       media: [{ type: "audio", mid: "a", port: 0, pt: 111, codec: "opus" }]
 *     })
 *     const preparing = yield* streaming.watch({ id: created.stream.id })
 *     return preparing.jsep // the plugin's offer, to answer with `start`
 *   })
 * ```
 *
 * @since 0.1.0
 */
import type { Plugin, PluginHandle } from "@effect-janus/core"
import type { OnResync, PluginRequestError, PluginService, Resync } from "./Common.js"
import { type Bare, define, makeOps, type Op, type OptionalAnswerOp, type OptionalOp } from "./internal/plugin.js"
import * as Req from "./streaming/requests.js"
import * as Res from "./streaming/responses.js"

/**
 * The viewer's media with a `Peer` of `@effect-janus/webrtc` — `watchPeer` (`watch`, then our answer to Janus's
 * offer in `start`) and `iceRestart` (the `Peer.Restart` of a viewer) — from `./streaming/media.ts`.
 *
 * @since 0.2.0
 * @category media
 */
export * from "./streaming/media.js"
/**
 * The Streaming request schemas (`…Request`, the body Janus expects, `request` literal included) and their
 * parameter types (`…Params`, what the operations of a handle take), from `./streaming/requests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "./streaming/requests.js"
/**
 * The Streaming answer and event schemas (decoded into values tagged by `_tag`) and their types, from
 * `./streaming/responses.ts`; `Event` is the union of what arrives on a handle's `events`.
 *
 * @since 0.1.0
 * @category responses
 */
export * from "./streaming/responses.js"

/**
 * Error codes of the Streaming plugin (`JANUS_STREAMING_ERROR_*`): 450 no message, 451 invalid JSON, 452 invalid
 * request, 453 missing element, 454 invalid element, 455 no such mountpoint, 456 can't create, 457 unauthorized
 * (wrong secret / pin / admin key), 458 can't switch, 459 can't record, 460 invalid state, 470 unknown error.
 *
 * @since 0.1.0
 * @category constants
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

/**
 * A Streaming handle with typed requests (Janus docs: Streaming plugin). Every request fails with `PluginError`
 * (see {@link ErrorCode}: 455 no such mountpoint, 457 unauthorized, …) or the other {@link PluginRequestError}s.
 * Mountpoint management answers at once; a viewer's requests wait for the plugin's event (`options.timeout`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Streaming extends PluginService<Res.Event> {
  /** The public mountpoints (private ones too with the `admin_key`), with their streams. */
  readonly list: OptionalOp<Req.ListParams, Res.List>
  /** The details of mountpoint `id` (more with its `secret`: ports, pin, …); 455 for an unknown one. */
  readonly info: Op<Req.InfoParams, Res.Info>
  /** Creates a mountpoint (RTP, live, on-demand or RTSP); 456 when it cannot (id taken, port busy). */
  readonly create: Op<Req.CreateParams, Res.Created>
  /** Changes the `new_*` settings of mountpoint `id` (its `secret` needed); `edited_event` tells its viewers. */
  readonly edit: Op<Req.EditParams, Res.Edited>
  /** Destroys mountpoint `id` (viewers get `stopped`); 457 with a wrong `secret`. */
  readonly destroy: Op<Req.DestroyParams, Res.Destroyed>
  /** Enables mountpoint `id` again (viewers may watch it). */
  readonly enable: Op<Req.EnableParams, Res.Ok>
  /**
   * Disables mountpoint `id` (viewers are stopped). **`stop_recording` defaults to `false` here** (Janus's default
   * is `true`): Janus 1.1.x (still so in master) dereferences a NULL recorder and crashes when it stops the
   * recordings of an RTP mountpoint and one of its streams is not being recorded. Pass `stop_recording: true` only
   * when every stream of the mountpoint is being recorded.
   */
  readonly disable: Op<Req.DisableParams, Res.Ok>
  /** Stops every viewer of mountpoint `id` (not for on-demand ones): `KickedAll`. */
  readonly kickAll: Op<Req.KickAllParams, Res.KickedAll>
  /** Starts (`media` entries with a `filename`) or stops recording streams of mountpoint `id`; 459 when it cannot. */
  readonly recording: Op<Req.RecordingParams, Res.Ok>
  /** Watches mountpoint `id`: `Status` `preparing` with the plugin's offer in `jsep`; 455, 457 (wrong pin). */
  readonly watch: Op<Req.WatchParams, Res.Status>
  /** Sends the JSEP answer to the `watch` offer (media starts), or resumes after `pause` without one. */
  readonly start: OptionalAnswerOp<Res.Status>
  /** Pauses the delivery of media (the PeerConnection stays): `Status` `pausing`. */
  readonly pause: Bare<Res.Status>
  /** Changes what stream `mid` sends (`send`, simulcast / SVC layers, `fallback` µs, playout delay in 10 ms units). */
  readonly configure: Op<Req.ConfigureParams, Res.Configured>
  /** Moves to mountpoint `id` on the same PeerConnection (same media layout): `Switched`; 458 when it cannot. */
  readonly switch: Op<Req.SwitchParams, Res.Switched>
  /**
   * Ends watching (the PeerConnection closes): `Status` `stopping`. Janus ignores a `stop` — and sends no event —
   * while the viewer's PeerConnection is not up yet (after `watch`, before media flows) or is already stopping:
   * the request then fails with `TransportError` `timeout` after `options.timeout`. Use `handle.hangup` or detach
   * in that case.
   */
  readonly stop: Bare<Res.Status>
}

/**
 * Wraps a raw `PluginHandle` already attached to `janus.plugin.streaming` into the typed Streaming service. Pure:
 * sends nothing and checks nothing. `attach` / `layer` are the usual way in; `make` is for a handle obtained
 * otherwise (e.g. from `JanusSession.reattach`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handle: PluginHandle): Streaming => {
  const ops = makeOps(handle, "Streaming")
  const disable = ops.params(Req.DisableRequest, Res.Ok)
  return {
    handle,
    ...ops.events(Res.Event),
    list: ops.optional(Req.ListRequest, Res.List),
    info: ops.params(Req.InfoRequest, Res.Info),
    create: ops.params(Req.CreateRequest, Res.Created),
    edit: ops.params(Req.EditRequest, Res.Edited),
    destroy: ops.params(Req.DestroyRequest, Res.Destroyed),
    enable: ops.params(Req.EnableRequest, Res.Ok),
    disable: (params, options) => disable({ ...params, stop_recording: params.stop_recording ?? false }, options),
    kickAll: ops.params(Req.KickAllRequest, Res.KickedAll),
    recording: ops.params(Req.RecordingRequest, Res.Ok),
    watch: ops.params(Req.WatchRequest, Res.Status),
    start: ops.bareWithJsep(Req.StartRequest, Res.Status),
    pause: ops.bare(Req.PauseRequest, Res.Status),
    configure: ops.params(Req.ConfigureRequest, Res.Configured),
    switch: ops.params(Req.SwitchRequest, Res.Switched),
    stop: ops.bare(Req.StopRequest, Res.Status)
  }
}

const definition = define("Streaming", "janus.plugin.streaming", make)

/**
 * The plugin's package name, `janus.plugin.streaming`, as a core `Plugin`: what `JanusSession.attach` / `reattach`
 * take to attach a raw `PluginHandle` to this plugin (the typed `attach` / `layer` of this module use it). Attaching
 * fails with `JanusApiError` 460 when the server has not loaded the plugin.
 *
 * @since 0.1.0
 * @category models
 */
export const plugin: Plugin.Plugin = definition.plugin

/**
 * The `Streaming` Tag and the constructors of a Streaming handle, all scoped (the handle is detached when the scope
 * closes, unless `onClose: "abandon"`):
 * - `attach(session, options?)` attaches a new handle (each call an independent one); fails as
 *   `JanusSession.attach`: `JanusApiError` (460 when the plugin is not loaded), `TransportError`,
 *   `SessionClosedError`;
 * - `reattach(session, handleId, options?)` wraps an existing handle by id without sending anything: the
 *   re-attach after a `claim` (the plugin still holds the handle's state; an unknown id fails the first request
 *   with `JanusApiError` 459);
 * - `layer(options?)` and `layerReattach(handleId, options?)` do the same as Layers over the `JanusSession` in
 *   context, providing the `Streaming` Tag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const { tag: Streaming, attach, reattach, layer, layerReattach } = definition

/**
 * The usual re-sync of a Streaming handle, to pass as `resync` in the options of `attach` / `reattach` / `layer` /
 * `layerReattach`: after each reclaim or re-creation of the session it sends `info` for the watched mountpoint
 * (`params.id`, with its `secret` when it has one) and hands the outcome to `onResync` (see `Common.Resynced`): the
 * mountpoint now — `enabled`, `viewers`, and its streams (`media`: `mid`, `type`, `age_ms` since the last packet
 * of a live RTP stream).
 *
 * What Janus does not give back: the events it dropped during the gap (`status` changes such as `started`,
 * `stopping`, `stopped`, a `switched`, an edit of the metadata) are never replayed; the media itself kept flowing on the
 * PeerConnection. A mountpoint destroyed during the gap comes back as `Left` with `PluginError` 455 (no such
 * mountpoint). After a `Recreated` the handle is a new one that watches nothing: `watch` again.
 *
 * @since 0.2.0
 * @category re-sync
 */
export const resync = (params: Req.InfoParams, onResync: OnResync<Res.Info>): Resync =>
  definition.resyncWith((streaming) => streaming.info(params), onResync)
