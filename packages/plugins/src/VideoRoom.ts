/**
 * The VideoRoom plugin (`janus.plugin.videoroom`): an SFU with rooms, publishers and (multistream) subscribers.
 * Follows Janus docs "VideoRoom plugin" and the API comment at the top of `src/plugins/janus_videoroom.c`
 * (Janus 1.1.x). Room management is synchronous; participation (`join`, `publish`, `configure`, `start`,
 * `subscribe`, …) answers with an event.
 *
 * A handle is either a publisher (after `joinPublisher`) or a subscriber (after `joinSubscriber`). A client
 * typically holds one publisher handle and one or more subscriber handles in the same scope:
 *
 * ```ts
 * const publisher = yield* VideoRoom.attach(session)
 * const joined = yield* publisher.joinPublisher({ room: 1234, display: "alice" })
 * // one multistream subscription for every feed, or one handle per feed:
 * const subscriber = yield* VideoRoom.attach(session)
 * const attached = yield* subscriber.joinSubscriber({
 *   room: 1234, private_id: joined.private_id, streams: joined.publishers.map((p) => ({ feed: p.id }))
 * })
 * yield* subscriber.start(answerTo(attached.jsep))
 * ```
 *
 * @since 0.1.0
 */
import { Plugin, type PluginHandle, type Protocol } from "@effect-janus/core"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { PluginRequestError, PluginService, RequestOptions, WithJsep } from "./Common.js"
import { makeOps } from "./internal/client.js"
import { constructors as makeConstructors } from "./internal/service.js"
import * as Ev from "./videoroom/events.js"
import type * as P from "./videoroom/participants.js"
import * as R from "./videoroom/rooms.js"

export * from "./videoroom/events.js"
export * from "./videoroom/participants.js"
export * from "./videoroom/rooms.js"

/**
 * The plugin: `janus.plugin.videoroom`.
 *
 * @since 0.1.0
 */
export const plugin = Plugin.make("janus.plugin.videoroom")

/**
 * Error codes of the VideoRoom (`JANUS_VIDEOROOM_ERROR_*`): 421 no message, 422 invalid JSON, 423 invalid
 * request, 424 join first, 425 already joined, 426 no such room, 427 room exists, 428 no such feed, 429 missing
 * element, 430 invalid element, 431 invalid SDP type, 432 publishers full, 433 unauthorized (wrong secret / pin /
 * token / admin key), 434 already published, 435 not published, 436 id exists, 437 invalid SDP, 499 unknown.
 *
 * @since 0.1.0
 */
export const ErrorCode = {
  NoMessage: 421,
  InvalidJson: 422,
  InvalidRequest: 423,
  JoinFirst: 424,
  AlreadyJoined: 425,
  NoSuchRoom: 426,
  RoomExists: 427,
  NoSuchFeed: 428,
  MissingElement: 429,
  InvalidElement: 430,
  InvalidSdpType: 431,
  PublishersFull: 432,
  Unauthorized: 433,
  AlreadyPublished: 434,
  NotPublished: 435,
  IdExists: 436,
  InvalidSdp: 437,
  UnknownError: 499
} as const

type Op<Params, A> = (params: Params, options?: RequestOptions) => Effect.Effect<WithJsep<A>, PluginRequestError>
type JsepOp<Params, A> = (
  params: Params,
  jsep?: Protocol.Jsep,
  options?: RequestOptions
) => Effect.Effect<WithJsep<A>, PluginRequestError>
type Bare<A> = (options?: RequestOptions) => Effect.Effect<WithJsep<A>, PluginRequestError>

/**
 * A VideoRoom handle with typed requests (Janus docs: VideoRoom plugin › <request>). All fail with `PluginError`
 * (see {@link ErrorCode}: 426 no such room, 433 unauthorized, …) or the other {@link PluginRequestError}s.
 *
 * @since 0.1.0
 */
export interface VideoRoom extends PluginService<Ev.Event> {
  // Room management (synchronous)
  /** `create` (Janus docs: VideoRoom plugin › create); 427 when the room exists. */
  readonly create: (
    params?: R.CreateParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<R.Created>, PluginRequestError>
  /** `edit` (Janus docs: VideoRoom plugin › edit). */
  readonly edit: Op<R.EditParams, R.Edited>
  /** `destroy` (Janus docs: VideoRoom plugin › destroy). */
  readonly destroy: Op<R.DestroyParams, R.Destroyed>
  /** `exists` (Janus docs: VideoRoom plugin › exists). */
  readonly exists: Op<R.ExistsParams, R.Exists>
  /** `list` (Janus docs: VideoRoom plugin › list). */
  readonly list: (
    params?: R.ListParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<R.RoomList>, PluginRequestError>
  /** `allowed` (Janus docs: VideoRoom plugin › allowed). */
  readonly allowed: Op<R.AllowedParams, R.Allowed>
  /** `kick` (Janus docs: VideoRoom plugin › kick); 428 for an unknown participant. */
  readonly kick: Op<R.KickParams, R.Success>
  /** `moderate` (Janus docs: VideoRoom plugin › moderate). */
  readonly moderate: Op<R.ModerateParams, R.Success>
  /** `listparticipants` (Janus docs: VideoRoom plugin › listparticipants). */
  readonly listParticipants: Op<R.ListParticipantsParams, R.Participants>
  /** `listforwarders` (Janus docs: VideoRoom plugin › listforwarders). */
  readonly listForwarders: Op<R.ListForwardersParams, R.Forwarders>
  /** `enable_recording` (Janus docs: VideoRoom plugin › enable_recording). */
  readonly enableRecording: Op<R.EnableRecordingParams, R.Success>
  /** `rtp_forward` (Janus docs: VideoRoom plugin › rtp_forward). */
  readonly rtpForward: Op<R.RtpForwardParams, R.RtpForwarded>
  /** `stop_rtp_forward` (Janus docs: VideoRoom plugin › stop_rtp_forward). */
  readonly stopRtpForward: Op<R.StopRtpForwardParams, R.RtpForwardStopped>
  // Publishers (asynchronous)
  /**
   * `join` (Janus docs: VideoRoom plugin › join) with `ptype: "publisher"`: `Joined`; 426 no such room, 425 already
   * joined on this handle.
   */
  readonly joinPublisher: Op<P.JoinPublisherParams, Ev.Joined>
  /**
   * `joinandconfigure` (Janus docs: VideoRoom plugin › joinandconfigure) with a JSEP offer: `Joined` with the SDP
   * answer in `jsep`.
   */
  readonly joinAndConfigure: JsepOp<P.JoinAndConfigureParams, Ev.Joined>
  /**
   * `publish` (Janus docs: VideoRoom plugin › publish) with a JSEP offer: `Configured` with the SDP answer; 434 when
   * already publishing.
   */
  readonly publish: JsepOp<P.PublishParams, Ev.Configured>
  /** `configure` (Janus docs: VideoRoom plugin › configure) a publisher (optionally with a renegotiation offer). */
  readonly configurePublisher: JsepOp<P.ConfigurePublisherParams, Ev.Configured>
  /** `unpublish` (Janus docs: VideoRoom plugin › unpublish); 435 when not publishing. */
  readonly unpublish: Bare<Ev.UnpublishedOk>
  // Subscribers (asynchronous)
  /**
   * `join` (Janus docs: VideoRoom plugin › join) with `ptype: "subscriber"`: `Attached` with the plugin's offer in
   * `jsep`.
   */
  readonly joinSubscriber: Op<P.JoinSubscriberParams, Ev.Attached>
  /**
   * `start` (Janus docs: VideoRoom plugin › start): with the JSEP answer to `Attached` / `Updated`, or without to
   * resume after `pause`.
   */
  readonly start: (
    jsep?: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ev.Started>, PluginRequestError>
  /** `pause` (Janus docs: VideoRoom plugin › pause). */
  readonly pause: Bare<Ev.Paused>
  /**
   * `subscribe` (Janus docs: VideoRoom plugin › subscribe): `Updated` (new offer in `jsep` when needed) or
   * `Updating`.
   */
  readonly subscribe: Op<P.SubscribeParams, Ev.Updated | Ev.Updating>
  /** `unsubscribe` (Janus docs: VideoRoom plugin › unsubscribe). */
  readonly unsubscribe: Op<P.UnsubscribeParams, Ev.Updated | Ev.Updating>
  /** `update` (Janus docs: VideoRoom plugin › update): subscribe and unsubscribe at once. */
  readonly update: Op<P.UpdateParams, Ev.Updated | Ev.Updating>
  /**
   * `configure` (Janus docs: VideoRoom plugin › configure) a subscription (`restart: true` → an ICE-restart offer in
   * `jsep`).
   */
  readonly configureSubscriber: Op<P.ConfigureSubscriberParams, Ev.Configured>
  /** `switch` (Janus docs: VideoRoom plugin › switch). */
  readonly switch: Op<P.SwitchParams, Ev.Switched>
  // Both
  /** `leave` (Janus docs: VideoRoom plugin › leave): `LeavingOk` for a publisher, `Left` for a subscriber. */
  readonly leave: Bare<Ev.LeavingOk | Ev.Left>
}

/**
 * The `VideoRoom` Tag, provided by {@link layer} and {@link layerReattach}. For several handles at once (a
 * publisher and its subscribers), use {@link attach} instead, or tag your own services.
 *
 * @since 0.1.0
 */
export const VideoRoom: Context.Tag<VideoRoom, VideoRoom> = Context.GenericTag<VideoRoom>(
  "@effect-janus/plugins/VideoRoom"
)

const UpdateAnswer = Schema.Union(Ev.Updated, Ev.Updating)
const LeaveAnswer = Schema.Union(Ev.LeavingOk, Ev.Left)

/**
 * Wraps a VideoRoom handle. Pure: sends nothing.
 *
 * @since 0.1.0
 */
export const make = (handle: PluginHandle): VideoRoom => {
  const ops = makeOps(handle, "VideoRoom")
  const joinPublisher = ops.params<P.JoinPublisherParams & { ptype: "publisher" }, Ev.Joined, typeof Ev.Joined.Encoded>(
    "join",
    Ev.Joined,
    "joinPublisher"
  )
  const joinAndConfigure = ops.withJsep<
    P.JoinAndConfigureParams & { ptype: "publisher" },
    Ev.Joined,
    typeof Ev.Joined.Encoded
  >("joinandconfigure", Ev.Joined, "joinAndConfigure")
  const joinSubscriber = ops.params<
    P.JoinSubscriberParams & { ptype: "subscriber" },
    Ev.Attached,
    typeof Ev.Attached.Encoded
  >("join", Ev.Attached, "joinSubscriber")
  const unpublish = ops.optional<{}, Ev.UnpublishedOk, typeof Ev.UnpublishedOk.Encoded>("unpublish", Ev.UnpublishedOk)
  const start = ops.optionalWithJsep<{}, Ev.Started, typeof Ev.Started.Encoded>("start", Ev.Started)
  const pause = ops.optional<{}, Ev.Paused, typeof Ev.Paused.Encoded>("pause", Ev.Paused)
  const leave = ops.optional<{}, typeof LeaveAnswer.Type, typeof LeaveAnswer.Encoded>("leave", LeaveAnswer)
  return {
    handle,
    events: ops.events(Ev.Event),
    create: ops.optional("create", R.Created),
    edit: ops.params("edit", R.Edited),
    destroy: ops.params("destroy", R.Destroyed),
    exists: ops.params("exists", R.Exists),
    list: ops.optional("list", R.RoomList),
    allowed: ops.params("allowed", R.Allowed),
    kick: ops.params("kick", R.Success),
    moderate: ops.params("moderate", R.Success),
    listParticipants: ops.params("listparticipants", R.Participants, "listParticipants"),
    listForwarders: ops.params("listforwarders", R.Forwarders, "listForwarders"),
    enableRecording: ops.params("enable_recording", R.Success, "enableRecording"),
    rtpForward: ops.params("rtp_forward", R.RtpForwarded, "rtpForward"),
    stopRtpForward: ops.params("stop_rtp_forward", R.RtpForwardStopped, "stopRtpForward"),
    joinPublisher: (params, options) => joinPublisher({ ...params, ptype: "publisher" }, options),
    joinAndConfigure: (params, jsep, options) => joinAndConfigure({ ...params, ptype: "publisher" }, jsep, options),
    publish: ops.withJsep("publish", Ev.Configured),
    configurePublisher: ops.withJsep("configure", Ev.Configured, "configurePublisher"),
    unpublish: (options) => unpublish({}, options),
    joinSubscriber: (params, options) => joinSubscriber({ ...params, ptype: "subscriber" }, options),
    start: (jsep, options) => start({}, jsep, options),
    pause: (options) => pause({}, options),
    subscribe: ops.params("subscribe", UpdateAnswer),
    unsubscribe: ops.params("unsubscribe", UpdateAnswer),
    update: ops.params("update", UpdateAnswer),
    configureSubscriber: ops.params("configure", Ev.Configured, "configureSubscriber"),
    switch: ops.params("switch", Ev.Switched),
    leave: (options) => leave({}, options)
  }
}

const constructors = makeConstructors(plugin, VideoRoom, make)

/**
 * Attaches a new VideoRoom handle to `session` in the current scope (detached when it closes). Call it once per
 * handle you need — a publisher, and each subscriber — all living in the same scope:
 *
 * ```ts
 * const subscribers = yield* Effect.forEach(feeds, (feed) =>
 *   Effect.tap(VideoRoom.attach(session), (sub) => sub.joinSubscriber({ room, streams: [{ feed }] }))
 * )
 * ```
 *
 * Fails as `JanusSession.attach`.
 *
 * @since 0.1.0
 */
export const attach = constructors.attach

/**
 * Wraps an existing VideoRoom handle by id without sending anything (re-attach after a `claim`: the plugin still
 * knows the handle's participant or subscription).
 *
 * @since 0.1.0
 */
export const reattach = constructors.reattach

/**
 * A Layer attaching one VideoRoom handle to the `JanusSession` in context and providing {@link VideoRoom}.
 *
 * @since 0.1.0
 */
export const layer = constructors.layer

/**
 * A Layer providing {@link VideoRoom} for an existing handle id, without sending `attach`.
 *
 * @since 0.1.0
 */
export const layerReattach = constructors.layerReattach
