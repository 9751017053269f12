/**
 * The VideoRoom plugin (`janus.plugin.videoroom`): an SFU with rooms, publishers and (multistream) subscribers.
 * Follows Janus docs "VideoRoom plugin" and the API comment at the top of `src/plugins/janus_videoroom.c`
 * (Janus 1.1.x). Room management is synchronous; participation (`join`, `publish`, `configure`, `start`,
 * `subscribe`, …) answers with an event.
 *
 * A handle is either a publisher (after `joinPublisher`) or a subscriber (after `joinSubscriber`). A client
 * typically holds one publisher handle and one or more subscriber handles in the same scope:
 *
 * @example
 * ```ts
 * import type { JanusSession, Protocol } from "@effect-janus/core"
 * import { VideoRoom } from "@effect-janus/plugins"
 * import { Effect } from "effect"
 *
 * // `answer` stands for the WebRTC peer (e.g. a browser) answering the plugin's offer.
 * const watchRoom = (session: JanusSession, answer: (offer: Protocol.Jsep) => Effect.Effect<Protocol.Jsep>) =>
 *   Effect.gen(function* () {
 *     const publisher = yield* VideoRoom.attach(session)
 *     const joined = yield* publisher.joinPublisher({ room: 1234, display: "alice" })
 *     // one multistream subscription for every feed already publishing:
 *     const subscriber = yield* VideoRoom.attach(session)
 *     const attached = yield* subscriber.joinSubscriber({
 *       room: 1234,
 *       private_id: joined.private_id,
 *       streams: joined.publishers.map((p) => ({ feed: p.id }))
 *     })
 *     if (attached.jsep !== undefined) yield* subscriber.start(yield* answer(attached.jsep))
 *   })
 * ```
 *
 * @since 0.1.0
 */
import type { Plugin, PluginHandle } from "@effect-janus/core"
import * as Schema from "effect/Schema"
import type { OnResync, PluginRequestError, PluginService, Resync } from "./Common.js"
import { type Bare, define, type JsepOp, makeOps, type Op, type OptionalAnswerOp } from "./internal/plugin.js"
import { type RoomAdmin, roomAdmin } from "./internal/rooms.js"
import * as Req from "./videoroom/requests.js"
import * as Res from "./videoroom/responses.js"

/**
 * VideoRoom media with a `Peer` of `@effect-janus/webrtc`, from `./videoroom/media.ts`: `publishPeer`,
 * `subscribePeer`, `answerUpdates` (the renegotiations of a multistream subscription as publishers come and go),
 * `publisherIceRestart` and `subscriberIceRestart`.
 *
 * @since 0.2.0
 * @category media
 */
export * from "./videoroom/media.js"
/**
 * The VideoRoom request schemas (`…Request`, the body Janus expects, `request` literal included) and their
 * parameter types (`…Params`, what the operations of a handle take), from `./videoroom/requests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "./videoroom/requests.js"
/**
 * The VideoRoom answer and event schemas (decoded into values tagged by `_tag`) and their types, from
 * `./videoroom/responses.ts`; `Event` is the union of what arrives on a handle's `events`.
 *
 * @since 0.1.0
 * @category responses
 */
export * from "./videoroom/responses.js"

/**
 * Error codes of the VideoRoom (`JANUS_VIDEOROOM_ERROR_*`): 421 no message, 422 invalid JSON, 423 invalid
 * request, 424 join first, 425 already joined, 426 no such room, 427 room exists, 428 no such feed, 429 missing
 * element, 430 invalid element, 431 invalid SDP type, 432 publishers full, 433 unauthorized (wrong secret / pin /
 * token / admin key), 434 already published, 435 not published, 436 id exists, 437 invalid SDP, 499 unknown.
 *
 * @since 0.1.0
 * @category constants
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

/**
 * A VideoRoom handle with typed requests (Janus docs: VideoRoom plugin). Every request fails with `PluginError`
 * (see {@link ErrorCode}: 426 no such room, 433 unauthorized, 428 no such feed, …) or the other
 * {@link PluginRequestError}s. Room management answers at once; the participation requests wait for the plugin's
 * event (`options.timeout`, default the session's `eventTimeout`).
 *
 * @since 0.1.0
 * @category models
 */
export interface VideoRoom extends PluginService<Res.Event>, RoomAdmin<typeof Req, typeof Res> {
  // Room management (synchronous)

  /** Kicks participant `id` out of the room (it gets `Kicked`, the others `Leaving`); 428 for an unknown id. */
  readonly kick: Op<Req.KickParams, Res.Success>
  /** Mutes or unmutes stream `mid` of participant `id` (members get `Moderation`); 428 when it has no such stream. */
  readonly moderate: Op<Req.ModerateParams, Res.Success>

  /** The room's RTP forwarders, per publisher. 433 without the room's `secret`. */
  readonly listForwarders: Op<Req.ListForwardersParams, Res.Forwarders>
  /** Starts or stops recording every participant of the room (`record`); answers the new state. */
  readonly enableRecording: Op<Req.EnableRecordingParams, Res.Success>
  /** Forwards streams of a publisher as plain or SRTP RTP to `host`; answers the new forwarders' `stream_id`s. */
  readonly rtpForward: Op<Req.RtpForwardParams, Res.RtpForwarded>
  /** Stops RTP forwarder `stream_id` of publisher `publisher_id`. */
  readonly stopRtpForward: Op<Req.StopRtpForwardParams, Res.RtpForwardStopped>
  // Remote publishers (synchronous; in the 1.1.2 source, documented upstream from 1.2.4)
  /** On the receiving instance: adds a publisher fed by another Janus; answers where the source must send. */
  readonly addRemotePublisher: Op<Req.AddRemotePublisherParams, Res.RemotePublisherAdded>
  /** Changes a remote publisher's display, SRTP settings or streams; 428 for an unknown one. */
  readonly updateRemotePublisher: Op<Req.UpdateRemotePublisherParams, Res.Success>
  /** Removes a remote publisher (members see it leave). */
  readonly removeRemotePublisher: Op<Req.RemoveRemotePublisherParams, Res.Success>
  /** On the source instance: starts sending a local publisher to a remote publisher of another instance. */
  readonly publishRemotely: Op<Req.PublishRemotelyParams, Res.Remotized>
  /** Stops one remotization of a local publisher (the remote publisher stays until removed there). */
  readonly unpublishRemotely: Op<Req.UnpublishRemotelyParams, Res.Remotized>
  /** The remotizations of a local publisher (`listremotes`). */
  readonly listRemotes: Op<Req.ListRemotesParams, Res.Remotes>
  // Publishers (asynchronous)
  /**
   * Joins a room as a publisher (`join` with `ptype: "publisher"`), not sending anything yet: `Joined` with our
   * `id`, the `private_id` for our subscriptions and the active publishers. 426 no such room, 425 already joined
   * on this handle, 433 wrong pin or token, 436 id taken.
   */
  readonly joinPublisher: Op<Req.JoinPublisherParams, Res.Joined>
  /** Joins as a publisher and publishes at once, with a JSEP offer: `Joined` with the SDP answer in `jsep`. */
  readonly joinAndConfigure: JsepOp<Req.JoinAndConfigureParams, Res.Joined>
  /** Starts publishing, with a JSEP offer: `Configured` with the SDP answer; 434 when already publishing. */
  readonly publish: JsepOp<Req.PublishParams, Res.Configured>
  /** Changes a publisher's settings (bitrate in bps, recording, display, per-stream `send`), optionally renegotiating. */
  readonly configurePublisher: JsepOp<Req.ConfigurePublisherParams, Res.Configured>
  /** Stops publishing (the PeerConnection closes, we stay in the room); 435 when not publishing. */
  readonly unpublish: Bare<Res.UnpublishedOk>
  // Subscribers (asynchronous)
  /**
   * Subscribes to streams of the room (`join` with `ptype: "subscriber"`): `Attached` with the plugin's offer in
   * `jsep`, to answer with {@link VideoRoom.start}. 428 for an unknown feed, 433 without the needed `private_id`.
   */
  readonly joinSubscriber: Op<Req.JoinSubscriberParams, Res.Attached>
  /** Sends the JSEP answer to `Attached` / `Updated` (media starts), or resumes after `pause` without one: `Started`. */
  readonly start: OptionalAnswerOp<Res.Started>
  /** Pauses the delivery of the subscription's media (the PeerConnection stays): `Paused`. */
  readonly pause: Bare<Res.Paused>
  /** Adds streams to the subscription: `Updated` (a new offer in `jsep` when the SDP changed) or `Updating`. */
  readonly subscribe: Op<Req.SubscribeParams, Res.Updated | Res.Updating>
  /** Removes streams from the subscription: `Updated` or `Updating`. */
  readonly unsubscribe: Op<Req.UnsubscribeParams, Res.Updated | Res.Updating>
  /** Subscribes and unsubscribes at once (at least one list): `Updated` or `Updating`. */
  readonly update: Op<Req.UpdateParams, Res.Updated | Res.Updating>
  /** Changes per-stream settings of the subscription (`send`, simulcast / SVC layers, playout delay, 10 ms units); `restart: true` asks for an ICE-restart offer. */
  readonly configureSubscriber: Op<Req.ConfigureSubscriberParams, Res.Configured>
  /** Feeds m-lines of the subscription from other publishers' streams without renegotiating: `Switched`. */
  readonly switch: Op<Req.SwitchParams, Res.Switched>
  // Both
  /** Leaves the room: `LeavingOk` for a publisher, `Left` for a subscriber (the PeerConnection closes). */
  readonly leave: Bare<Res.LeavingOk | Res.Left>
}

const UpdateAnswer = Schema.Union(Res.Updated, Res.Updating)

/**
 * Wraps a raw `PluginHandle` already attached to `janus.plugin.videoroom` into the typed VideoRoom service. Pure:
 * sends nothing and checks nothing. `attach` / `layer` are the usual way in; `make` is for a handle obtained
 * otherwise (e.g. from `JanusSession.reattach`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handle: PluginHandle): VideoRoom => {
  const ops = makeOps(handle, "VideoRoom")
  return {
    handle,
    ...ops.events(Res.Event),
    ...roomAdmin(ops, Req, Res),
    kick: ops.params(Req.KickRequest, Res.Success),
    moderate: ops.params(Req.ModerateRequest, Res.Success),
    listForwarders: ops.params(Req.ListForwardersRequest, Res.Forwarders),
    enableRecording: ops.params(Req.EnableRecordingRequest, Res.Success),
    rtpForward: ops.params(Req.RtpForwardRequest, Res.RtpForwarded),
    stopRtpForward: ops.params(Req.StopRtpForwardRequest, Res.RtpForwardStopped),
    addRemotePublisher: ops.params(Req.AddRemotePublisherRequest, Res.RemotePublisherAdded),
    updateRemotePublisher: ops.params(Req.UpdateRemotePublisherRequest, Res.Success),
    removeRemotePublisher: ops.params(Req.RemoveRemotePublisherRequest, Res.Success),
    publishRemotely: ops.params(Req.PublishRemotelyRequest, Res.Remotized),
    unpublishRemotely: ops.params(Req.UnpublishRemotelyRequest, Res.Remotized),
    listRemotes: ops.params(Req.ListRemotesRequest, Res.Remotes),
    joinPublisher: ops.params(Req.JoinPublisherRequest, Res.Joined, {
      span: "joinPublisher",
      fixed: { ptype: "publisher" }
    }),
    joinAndConfigure: ops.withJsep(Req.JoinAndConfigureRequest, Res.Joined, { fixed: { ptype: "publisher" } }),
    publish: ops.withJsep(Req.PublishRequest, Res.Configured),
    configurePublisher: ops.withJsep(Req.ConfigurePublisherRequest, Res.Configured, { span: "configurePublisher" }),
    unpublish: ops.bare(Req.UnpublishRequest, Res.UnpublishedOk),
    joinSubscriber: ops.params(Req.JoinSubscriberRequest, Res.Attached, {
      span: "joinSubscriber",
      fixed: { ptype: "subscriber" }
    }),
    start: ops.bareWithJsep(Req.StartRequest, Res.Started),
    pause: ops.bare(Req.PauseRequest, Res.Paused),
    subscribe: ops.params(Req.SubscribeRequest, UpdateAnswer),
    unsubscribe: ops.params(Req.UnsubscribeRequest, UpdateAnswer),
    update: ops.params(Req.UpdateRequest, UpdateAnswer),
    configureSubscriber: ops.params(Req.ConfigureSubscriberRequest, Res.Configured, { span: "configureSubscriber" }),
    switch: ops.params(Req.SwitchRequest, Res.Switched),
    leave: ops.bare(Req.LeaveRequest, Schema.Union(Res.LeavingOk, Res.Left))
  }
}

const definition = define("VideoRoom", "janus.plugin.videoroom", make)

/**
 * The plugin's package name, `janus.plugin.videoroom`, as a core `Plugin`: what `JanusSession.attach` / `reattach`
 * take to attach a raw `PluginHandle` to this plugin (the typed `attach` / `layer` of this module use it). Attaching
 * fails with `JanusApiError` 460 when the server has not loaded the plugin.
 *
 * @since 0.1.0
 * @category models
 */
export const plugin: Plugin.Plugin = definition.plugin

/**
 * The `VideoRoom` Tag and the constructors of a VideoRoom handle, all scoped (the handle is detached when the scope
 * closes, unless `onClose: "abandon"`):
 * - `attach(session, options?)` attaches a new handle (each call an independent one); fails as
 *   `JanusSession.attach`: `JanusApiError` (460 when the plugin is not loaded), `TransportError`,
 *   `SessionClosedError`;
 * - `reattach(session, handleId, options?)` wraps an existing handle by id without sending anything: the
 *   re-attach after a `claim` (the plugin still holds the handle's state; an unknown id fails the first request
 *   with `JanusApiError` 459);
 * - `layer(options?)` and `layerReattach(handleId, options?)` do the same as Layers over the `JanusSession` in
 *   context, providing the `VideoRoom` Tag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const { tag: VideoRoom, attach, reattach, layer, layerReattach } = definition

/**
 * The usual re-sync of a VideoRoom handle, to pass as `resync` in the options of `attach` / `reattach` / `layer` /
 * `layerReattach`: after each reclaim or re-creation of the session it sends `listparticipants` for `params.room`
 * and hands the outcome to `onResync` (see `Common.Resynced`): who is in the room now, each with `display`,
 * `publisher: true` when publishing, and `talking`. Compare it with what the app knew to find who joined, left,
 * started or stopped publishing during the gap.
 *
 * What Janus does not give back: the events it dropped during the gap (`joined`, `publishers`, `unpublished`,
 * `leaving`, `kicked`, `talking`, moderation, display changes, a subscription's `updated` streams) are never
 * replayed, and `listparticipants` does not list a publisher's streams (subscribe or `update` to learn them). A
 * room destroyed during the gap comes back as `Left` with `PluginError` 426 (no `destroyed` event was sent). After a
 * `Recreated` the handle is a new one that joined nothing (the old participant left with the old session): join
 * again.
 *
 * @since 0.2.0
 * @category re-sync
 */
export const resync = (params: Req.ListParticipantsParams, onResync: OnResync<Res.Participants>): Resync =>
  definition.resyncWith((videoroom) => videoroom.listParticipants(params), onResync)
