/**
 * The VideoCall plugin (`janus.plugin.videocall`): two WebRTC peers call each other by username, with media
 * relayed through Janus. Follows Janus docs "VideoCall plugin" and the API comment at the top of
 * `src/plugins/janus_videocall.c` (Janus 1.1.x). Every request is asynchronous: its answer is an `event`.
 *
 * @example
 * ```ts
 * import type { JanusSession, Protocol } from "@effect-janus/core"
 * import { VideoCall } from "@effect-janus/plugins"
 * import { Effect } from "effect"
 *
 * // `offer` is the WebRTC peer's (e.g. a browser's) SDP offer.
 * const callBob = (session: JanusSession, offer: Protocol.Jsep) =>
 *   Effect.gen(function* () {
 *     const alice = yield* VideoCall.attach(session)
 *     yield* alice.register({ username: "alice" })
 *     yield* alice.call({ username: "bob" }, offer) // then wait for `Accepted` on `alice.events`
 *   })
 * ```
 *
 * @since 0.1.0
 */
import type { Plugin, PluginHandle } from "@effect-janus/core"
import type { OnResync, PluginRequestError, PluginService, Resync } from "./Common.js"
import {
  type AnswerOp,
  type Bare,
  define,
  makeOps,
  type OfferOp,
  type Op,
  type OptionalJsepOp
} from "./internal/plugin.js"
import * as Req from "./videocall/requests.js"
import * as Res from "./videocall/responses.js"

/**
 * Calls with their media on a `Peer` of `@effect-janus/webrtc` — `placeCall`, `acceptCall`, `iceRestart`,
 * `answerUpdates` — from
 * `./videocall/media.ts`.
 *
 * @since 0.2.0
 * @category media
 */
export * from "./videocall/media.js"
/**
 * The VideoCall request schemas (`…Request`, the body Janus expects, `request` literal included) and their
 * parameter types (`…Params`, what the operations of a handle take), from `./videocall/requests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "./videocall/requests.js"
/**
 * The VideoCall answer and event schemas (decoded into values tagged by `_tag`) and their types, from
 * `./videocall/responses.ts`; `Event` is the union of what arrives on a handle's `events`.
 *
 * @since 0.1.0
 * @category responses
 */
export * from "./videocall/responses.js"

/**
 * Error codes of the VideoCall plugin (`JANUS_VIDEOCALL_ERROR_*`): 470 no message, 471 invalid JSON, 472 invalid
 * request, 473 register first, 474 invalid element, 475 missing element, 476 username taken, 477 already
 * registered, 478 no such username, 479 calling yourself (use the EchoTest), 480 already in a call,
 * 481 no call, 482 missing SDP, 483 invalid SDP, 499 unknown error.
 *
 * @since 0.1.0
 * @category constants
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

/**
 * A VideoCall handle with typed requests (Janus docs: VideoCall plugin). Each waits for the plugin's event
 * (`options.timeout`) and fails with `PluginError` (see {@link ErrorCode}) or the other {@link PluginRequestError}s.
 *
 * @since 0.1.0
 * @category models
 */
export interface VideoCall extends PluginService<Res.Event> {
  /** The registered usernames (`result.list`). */
  readonly list: Bare<Res.List>
  /** Claims `username` to call and be called: `Registered`; 476 when taken, 477 when this handle has one. */
  readonly register: Op<Req.RegisterParams, Res.Registered>
  /** Calls `username` with a JSEP offer: `Calling`; 473 register first, 478 unknown username, 479 yourself. */
  readonly call: OfferOp<Req.CallParams, Res.Calling>
  /** Accepts the incoming call with a JSEP answer: `Accepted` (the caller gets it too); 481 without a call. */
  readonly accept: AnswerOp<Res.Accepted>
  /**
   * Changes the call: `audio` / `video` relay on or off, `bitrate` cap (bps), recording, simulcast layers and
   * `fallback` (µs), optionally with a renegotiation's JSEP: `Set`.
   */
  readonly set: OptionalJsepOp<Req.SetParams, Res.SetOk>
  /** Hangs up, cancels or declines the call: `Hangup` (the peer gets one too). */
  readonly hangup: Bare<Res.Hangup>
}

/**
 * Wraps a raw `PluginHandle` already attached to `janus.plugin.videocall` into the typed VideoCall service. Pure:
 * sends nothing and checks nothing. `attach` / `layer` are the usual way in; `make` is for a handle obtained
 * otherwise (e.g. from `JanusSession.reattach`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handle: PluginHandle): VideoCall => {
  const ops = makeOps(handle, "VideoCall")
  const set = ops.withJsep(Req.SetRequest, Res.SetOk)
  return {
    handle,
    ...ops.events(Res.Event),
    list: ops.bare(Req.ListRequest, Res.List),
    register: ops.params(Req.RegisterRequest, Res.Registered),
    call: ops.withJsep(Req.CallRequest, Res.Calling),
    accept: ops.bareWithJsep(Req.AcceptRequest, Res.Accepted),
    set: (params, jsep, options) => set(params ?? {}, jsep, options),
    hangup: ops.bare(Req.HangupRequest, Res.Hangup)
  }
}

const definition = define("VideoCall", "janus.plugin.videocall", make)

/**
 * The plugin's package name, `janus.plugin.videocall`, as a core `Plugin`: what `JanusSession.attach` / `reattach`
 * take to attach a raw `PluginHandle` to this plugin (the typed `attach` / `layer` of this module use it). Attaching
 * fails with `JanusApiError` 460 when the server has not loaded the plugin.
 *
 * @since 0.1.0
 * @category models
 */
export const plugin: Plugin.Plugin = definition.plugin

/**
 * The `VideoCall` Tag and the constructors of a VideoCall handle, all scoped (the handle is detached when the scope
 * closes, unless `onClose: "abandon"`):
 * - `attach(session, options?)` attaches a new handle (each call an independent one); fails as
 *   `JanusSession.attach`: `JanusApiError` (460 when the plugin is not loaded), `TransportError`,
 *   `SessionClosedError`;
 * - `reattach(session, handleId, options?)` wraps an existing handle by id without sending anything: the
 *   re-attach after a `claim` (the plugin still holds the handle's state; an unknown id fails the first request
 *   with `JanusApiError` 459);
 * - `layer(options?)` and `layerReattach(handleId, options?)` do the same as Layers over the `JanusSession` in
 *   context, providing the `VideoCall` Tag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const { tag: VideoCall, attach, reattach, layer, layerReattach } = definition

/**
 * The usual re-sync of a VideoCall handle, to pass as `resync` in the options of `attach` / `reattach` / `layer` /
 * `layerReattach`: after each reclaim or re-creation of the session it sends `list` and hands the outcome to
 * `onResync` (see `Common.Resynced`): the usernames registered now — whether the peer the app calls or talks to is
 * still there.
 *
 * What Janus does not give back: the events it dropped during the gap are never replayed — an `incomingcall` that
 * rang then is lost (the caller saw no answer), and so are `accepted`, `update` and a peer's `hangup` (read the
 * PeerConnection's state). After a `Recreated` the handle is a new one: its username was released with the old
 * session (it is missing from the list), so `register` again.
 *
 * @since 0.2.0
 * @category re-sync
 */
export const resync = (onResync: OnResync<Res.List>): Resync =>
  definition.resyncWith((videocall) => videocall.list(), onResync)
