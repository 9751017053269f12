/**
 * The Record&Play plugin (`janus.plugin.recordplay`): record what a peer sends over WebRTC to `.mjr` files, and
 * play recordings back. Follows Janus docs "Record&Play plugin" and the API comment at the top of
 * `src/plugins/janus_recordplay.c` (Janus 1.1.x). `list`, `update` and `configure` are synchronous; `record`,
 * `play`, `start`, `stop`, `pause`, `resume` answer with an event.
 *
 * @example
 * ```ts
 * import type { JanusSession, Protocol } from "@effect-janus/core"
 * import { RecordPlay } from "@effect-janus/plugins"
 * import { Effect } from "effect"
 *
 * // `answer` stands for the WebRTC peer (e.g. a browser) answering the plugin's offer.
 * const playFirst = (session: JanusSession, answer: (offer: Protocol.Jsep) => Effect.Effect<Protocol.Jsep>) =>
 *   Effect.gen(function* () {
 *     const rp = yield* RecordPlay.attach(session)
 *     const { list } = yield* rp.list()
 *     const first = list[0]
 *     if (first === undefined) return "no recordings"
 *     const preparing = yield* rp.play({ id: first.id }) // preparing.jsep: the plugin's offer
 *     if (preparing.jsep === undefined) return "no offer"
 *     const playing = yield* rp.start(yield* answer(preparing.jsep))
 *     return playing._tag
 *   })
 * ```
 *
 * @since 0.1.0
 */
import type { Plugin, PluginHandle } from "@effect-janus/core"
import * as Schema from "effect/Schema"
import type { PluginRequestError, PluginService } from "./Common.js"
import { type AnswerOp, type Bare, define, makeOps, type OfferOp, type Op } from "./internal/plugin.js"
import * as Req from "./recordplay/requests.js"
import * as Res from "./recordplay/responses.js"

/**
 * The Record&Play request schemas (`…Request`, the body Janus expects, `request` literal included) and their
 * parameter types (`…Params`, what the operations of a handle take), from `./recordplay/requests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "./recordplay/requests.js"
/**
 * The Record&Play answer and event schemas (decoded into values tagged by `_tag`) and their types, from
 * `./recordplay/responses.ts`; `Event` is the union of what arrives on a handle's `events`.
 *
 * @since 0.1.0
 * @category responses
 */
export * from "./recordplay/responses.js"

/**
 * Error codes of Record&Play (`JANUS_RECORDPLAY_ERROR_*`): 411 no message, 412 invalid JSON, 413 invalid request,
 * 414 invalid element, 415 missing element, 416 recording not found, 417 invalid recording, 418 invalid state,
 * 419 invalid SDP, 420 recording id exists, 499 unknown error.
 *
 * @since 0.1.0
 * @category constants
 */
export const ErrorCode = {
  NoMessage: 411,
  InvalidJson: 412,
  InvalidRequest: 413,
  InvalidElement: 414,
  MissingElement: 415,
  NotFound: 416,
  InvalidRecording: 417,
  InvalidState: 418,
  InvalidSdp: 419,
  RecordingExists: 420,
  UnknownError: 499
} as const

/**
 * A Record&Play handle with typed requests (Janus docs: Record&Play plugin). Every request fails with
 * `PluginError` (see {@link ErrorCode}: 416 no such recording, 418 invalid state, …) or the other
 * {@link PluginRequestError}s. `list`, `update`, `configure` answer at once; the others wait for the plugin's
 * event (`options.timeout`).
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordPlay extends PluginService<Res.Event> {
  /** The completed recordings of the recordings folder (id, name, date, which media). */
  readonly list: Bare<Res.List>
  /** Rescans the recordings folder (after files were added or removed by hand): `Ok`. */
  readonly update: Bare<Res.Ok>
  /** Sets this handle's recording limits: `video-bitrate-max` (bps) and `video-keyframe-interval` (ms). */
  readonly configure: Op<Req.ConfigureParams, Res.Configured>
  /** Starts recording what this PeerConnection sends, with a JSEP offer: `RecordingStatus` + answer. 420 id taken. */
  readonly record: OfferOp<Req.RecordParams, Res.RecordingStatus>
  /** Prepares the playout of recording `id`: `Preparing` with the plugin's offer in `jsep`. 416 unknown, 417 empty. */
  readonly play: Op<Req.PlayParams, Res.Preparing | Res.Restarting>
  /** Sends the JSEP answer to the `play` offer; the playout starts: `Playing`. */
  readonly start: AnswerOp<Res.Playing>
  /** Ends the recording or playout (the files are closed): `Stopped`. */
  readonly stop: Bare<Res.Stopped>
  /** Pauses an ongoing recording (janus_recordplay.c): `Paused`, or `Ignored` when nothing is being recorded. */
  readonly pause: Bare<Res.Paused | Res.Ignored>
  /** Resumes a paused recording (janus_recordplay.c): `Resumed`, or `Ignored` when nothing is being recorded. */
  readonly resume: Bare<Res.Resumed | Res.Ignored>
}

/**
 * Wraps a raw `PluginHandle` already attached to `janus.plugin.recordplay` into the typed Record&Play service. Pure:
 * sends nothing and checks nothing. `attach` / `layer` are the usual way in; `make` is for a handle obtained
 * otherwise (e.g. from `JanusSession.reattach`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handle: PluginHandle): RecordPlay => {
  const ops = makeOps(handle, "RecordPlay")
  return {
    handle,
    ...ops.events(Res.Event),
    list: ops.bare(Req.ListRequest, Res.List),
    update: ops.bare(Req.UpdateRequest, Res.Ok),
    configure: ops.params(Req.ConfigureRequest, Res.Configured),
    record: ops.withJsep(Req.RecordRequest, Res.RecordingStatus),
    play: ops.params(Req.PlayRequest, Schema.Union(Res.Preparing, Res.Restarting)),
    start: ops.bareWithJsep(Req.StartRequest, Res.Playing),
    stop: ops.bare(Req.StopRequest, Res.Stopped),
    pause: ops.bare(Req.PauseRequest, Schema.Union(Res.Paused, Res.Ignored)),
    resume: ops.bare(Req.ResumeRequest, Schema.Union(Res.Resumed, Res.Ignored))
  }
}

const definition = define("RecordPlay", "janus.plugin.recordplay", make)

/**
 * The plugin's package name, `janus.plugin.recordplay`, as a core `Plugin`: what `JanusSession.attach` / `reattach`
 * take to attach a raw `PluginHandle` to this plugin (the typed `attach` / `layer` of this module use it). Attaching
 * fails with `JanusApiError` 460 when the server has not loaded the plugin.
 *
 * @since 0.1.0
 * @category models
 */
export const plugin: Plugin.Plugin = definition.plugin

/**
 * The `RecordPlay` Tag and the constructors of a Record&Play handle, all scoped (the handle is detached when the scope
 * closes, unless `onClose: "abandon"`):
 * - `attach(session, options?)` attaches a new handle (each call an independent one); fails as
 *   `JanusSession.attach`: `JanusApiError` (460 when the plugin is not loaded), `TransportError`,
 *   `SessionClosedError`;
 * - `reattach(session, handleId, options?)` wraps an existing handle by id without sending anything: the
 *   re-attach after a `claim` (the plugin still holds the handle's state; an unknown id fails the first request
 *   with `JanusApiError` 459);
 * - `layer(options?)` and `layerReattach(handleId, options?)` do the same as Layers over the `JanusSession` in
 *   context, providing the `RecordPlay` Tag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const { tag: RecordPlay, attach, reattach, layer, layerReattach } = definition
