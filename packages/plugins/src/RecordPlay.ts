/**
 * The Record&Play plugin (`janus.plugin.recordplay`): record what a peer sends over WebRTC to `.mjr` files, and
 * play recordings back. Follows Janus docs "Record&Play plugin" and the API comment at the top of
 * `src/plugins/janus_recordplay.c` (Janus 1.1.x). `list`, `update` and `configure` are synchronous; `record`,
 * `play`, `start`, `stop`, `pause`, `resume` answer with an event.
 *
 * ```ts
 * const rp = yield* RecordPlay.attach(session)
 * const { list } = yield* rp.list()
 * const preparing = yield* rp.play({ id: list[0].id })   // preparing.jsep: the plugin's offer
 * yield* rp.start(answer)
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
import { Bool, Num, opt, Str, statusEvent, tagged } from "./internal/schema.js"
import { constructors as makeConstructors } from "./internal/service.js"

/**
 * The plugin: `janus.plugin.recordplay`.
 *
 * @since 0.1.0
 */
export const plugin = Plugin.make("janus.plugin.recordplay")

/**
 * Error codes of Record&Play (`JANUS_RECORDPLAY_ERROR_*`): 411 no message, 412 invalid JSON, 413 invalid request,
 * 414 invalid element, 415 missing element, 416 recording not found, 417 invalid recording, 418 invalid state,
 * 419 invalid SDP, 420 recording id exists, 499 unknown error.
 *
 * @since 0.1.0
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

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/** `list` (Janus docs: Record&Play plugin › list): the completed recordings. @since 0.1.0 */
export const ListRequest = Schema.Struct({ request: Schema.Literal("list") })
/** `update` (Janus docs: Record&Play plugin › update): rescan the recordings folder. @since 0.1.0 */
export const UpdateRequest = Schema.Struct({ request: Schema.Literal("update") })

/**
 * `configure` (in janus_recordplay.c, not in the doc comment): `video-bitrate-max` (bps) and
 * `video-keyframe-interval` (ms) of this handle's recording.
 *
 * @since 0.1.0
 */
export const ConfigureRequest = Schema.Struct({
  request: Schema.Literal("configure"),
  "video-bitrate-max": opt(Num),
  "video-keyframe-interval": opt(Num)
})
/** @since 0.1.0 */
export type ConfigureParams = Omit<typeof ConfigureRequest.Type, "request">

/**
 * `record` (Janus docs: Record&Play plugin › record), with a JSEP offer: `name` (mandatory, non-empty), `id`
 * (chosen by the plugin when missing), `filename` base, preferred `audiocodec` / `videocodec` / `videoprofile`,
 * `opusred`, `textdata` (data channel recorded as text, a boolean in 1.1.x), `update` for a renegotiation.
 *
 * @since 0.1.0
 */
export const RecordRequest = Schema.Struct({
  request: Schema.Literal("record"),
  name: Str,
  id: opt(Num),
  filename: opt(Str),
  audiocodec: opt(Str),
  videocodec: opt(Str),
  videoprofile: opt(Str),
  opusred: opt(Bool),
  textdata: opt(Bool),
  update: opt(Bool)
})
/** @since 0.1.0 */
export type RecordParams = Omit<typeof RecordRequest.Type, "request">

/**
 * `play` (Janus docs: Record&Play plugin › play): prepare the playout of recording `id`; `restart` for an ICE
 * restart. The answer carries the plugin's JSEP offer.
 *
 * @since 0.1.0
 */
export const PlayRequest = Schema.Struct({ request: Schema.Literal("play"), id: Num, restart: opt(Bool) })
/** @since 0.1.0 */
export type PlayParams = Omit<typeof PlayRequest.Type, "request">

/** `start` (Janus docs: Record&Play plugin › start): with the JSEP answer to `play`'s offer. @since 0.1.0 */
export const StartRequest = Schema.Struct({ request: Schema.Literal("start") })
/** `stop` (Janus docs: Record&Play plugin › stop): end the recording or playout. @since 0.1.0 */
export const StopRequest = Schema.Struct({ request: Schema.Literal("stop") })
/** `pause` (in janus_recordplay.c): pause an ongoing recording. @since 0.1.0 */
export const PauseRequest = Schema.Struct({ request: Schema.Literal("pause") })
/** `resume` (in janus_recordplay.c): resume a paused recording. @since 0.1.0 */
export const ResumeRequest = Schema.Struct({ request: Schema.Literal("resume") })

// ---------------------------------------------------------------------------------------------------------------
// Responses and events
// ---------------------------------------------------------------------------------------------------------------

/**
 * One recording of `list`. In Janus 1.1.x `audio`, `video` and `data` are booleans (the doc comment says file
 * names), so both are accepted.
 *
 * @since 0.1.0
 */
export const Recording = Schema.Struct({
  id: Num,
  name: Str,
  date: Str,
  audio: opt(Schema.Union(Bool, Str)),
  video: opt(Schema.Union(Bool, Str)),
  data: opt(Schema.Union(Bool, Str)),
  audio_codec: opt(Str),
  video_codec: opt(Str),
  audio_red: opt(Bool)
})
/** @since 0.1.0 */
export type Recording = typeof Recording.Type

/** The answer to `list`: `{"recordplay":"list","list":[…]}`. @since 0.1.0 */
export const List = tagged("List", { recordplay: Schema.Literal("list"), list: Schema.Array(Recording) })
/** @since 0.1.0 */
export type List = typeof List.Type

/** The answer to `update`: `{"recordplay":"ok"}`. @since 0.1.0 */
export const Ok = tagged("Ok", { recordplay: Schema.Literal("ok") })
/** @since 0.1.0 */
export type Ok = typeof Ok.Type

/** The answer to `configure`: the handle's `settings` now in force. @since 0.1.0 */
export const Configured = tagged("Configured", {
  recordplay: Schema.Literal("configure"),
  status: Str,
  settings: Schema.Struct({ "video-keyframe-interval": opt(Num), "video-bitrate-max": opt(Num) })
})
/** @since 0.1.0 */
export type Configured = typeof Configured.Type

/** `recording`: answer to `record` (JSEP answer in `jsep`); `id` of the new recording. @since 0.1.0 */
export const RecordingStatus = statusEvent("Recording", "recordplay", "recording", { id: Num })
/** @since 0.1.0 */
export type RecordingStatus = typeof RecordingStatus.Type

/**
 * `preparing` (or `restarting` on an ICE restart): answer to `play`, with the plugin's offer in `jsep`. @since 0.1.0
 */
export const Preparing = statusEvent("Preparing", "recordplay", "preparing", { id: Num, warning: opt(Str) })
/** @since 0.1.0 */
export type Preparing = typeof Preparing.Type

/** `restarting`: answer to `play` with `restart: true`. @since 0.1.0 */
export const Restarting = statusEvent("Restarting", "recordplay", "restarting", { id: Num, warning: opt(Str) })
/** @since 0.1.0 */
export type Restarting = typeof Restarting.Type

/** `playing`: answer to `start`. @since 0.1.0 */
export const Playing = statusEvent("Playing", "recordplay", "playing", { id: opt(Num) })
/** @since 0.1.0 */
export type Playing = typeof Playing.Type

/** `stopped`: answer to `stop` (with the recording's `id` when there was one). @since 0.1.0 */
export const Stopped = statusEvent("Stopped", "recordplay", "stopped", { id: opt(Num) })
/** @since 0.1.0 */
export type Stopped = typeof Stopped.Type

/** `paused`: answer to `pause` while recording. @since 0.1.0 */
export const Paused = statusEvent("Paused", "recordplay", "paused", { id: Num })
/** @since 0.1.0 */
export type Paused = typeof Paused.Type

/** `resumed`: answer to `resume` while recording. @since 0.1.0 */
export const Resumed = statusEvent("Resumed", "recordplay", "resumed", { id: Num })
/** @since 0.1.0 */
export type Resumed = typeof Resumed.Type

/**
 * `{"recordplay":"event"}` without a `result`: `pause` / `resume` when nothing is being recorded (ignored).
 *
 * @since 0.1.0
 */
export const Ignored = tagged("Ignored", {
  recordplay: Schema.Literal("event"),
  result: opt(Schema.Never),
  error_code: opt(Schema.Never)
})
/** @since 0.1.0 */
export type Ignored = typeof Ignored.Type

/** `slow_link`: many NACKs on `media`. @since 0.1.0 */
export const SlowLink = statusEvent("SlowLink", "recordplay", "slow_link", {
  media: opt(Str),
  "current-bitrate": opt(Num),
  uplink: opt(Num)
})
/** @since 0.1.0 */
export type SlowLink = typeof SlowLink.Type

/** `{"recordplay":"event","result":"done"}`: the PeerConnection is gone; the session is over. @since 0.1.0 */
export const Done = tagged("Done", { recordplay: Schema.Literal("event"), result: Schema.Literal("done") })
/** @since 0.1.0 */
export type Done = typeof Done.Type

/**
 * Every Record&Play event, tagged by `_tag`.
 *
 * @since 0.1.0
 */
export const Event = Schema.Union(
  errorEvent("recordplay"),
  RecordingStatus,
  Preparing,
  Restarting,
  Playing,
  Stopped,
  Paused,
  Resumed,
  SlowLink,
  Done,
  Ignored,
  UnknownEvent
)
/** @since 0.1.0 */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------

/**
 * A Record&Play handle with typed requests. All fail with `PluginError` (see {@link ErrorCode}) or the other
 * {@link PluginRequestError}s.
 *
 * @since 0.1.0
 */
export interface RecordPlay extends PluginService<Event> {
  /** `list` (Janus docs: Record&Play plugin › list). */
  readonly list: (options?: RequestOptions) => Effect.Effect<WithJsep<List>, PluginRequestError>
  /** `update` (Janus docs: Record&Play plugin › update): rescan the recordings folder. */
  readonly update: (options?: RequestOptions) => Effect.Effect<WithJsep<Ok>, PluginRequestError>
  /** `configure` (janus_recordplay.c). */
  readonly configure: (
    params: ConfigureParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Configured>, PluginRequestError>
  /** `record` with a JSEP offer (Janus docs: Record&Play plugin › record); 420 when `id` exists. */
  readonly record: (
    params: RecordParams,
    jsep: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<RecordingStatus>, PluginRequestError>
  /** `play` (Janus docs: Record&Play plugin › play); 416 for an unknown recording. */
  readonly play: (
    params: PlayParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Preparing | Restarting>, PluginRequestError>
  /** `start` with the JSEP answer (Janus docs: Record&Play plugin › start). */
  readonly start: (
    jsep: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Playing>, PluginRequestError>
  /** `stop` (Janus docs: Record&Play plugin › stop). */
  readonly stop: (options?: RequestOptions) => Effect.Effect<WithJsep<Stopped>, PluginRequestError>
  /** `pause` (janus_recordplay.c): `Ignored` when nothing is being recorded. */
  readonly pause: (options?: RequestOptions) => Effect.Effect<WithJsep<Paused | Ignored>, PluginRequestError>
  /** `resume` (janus_recordplay.c): `Ignored` when nothing is being recorded. */
  readonly resume: (options?: RequestOptions) => Effect.Effect<WithJsep<Resumed | Ignored>, PluginRequestError>
}

/**
 * The `RecordPlay` Tag, provided by {@link layer} and {@link layerReattach}.
 *
 * @since 0.1.0
 */
export const RecordPlay: Context.Tag<RecordPlay, RecordPlay> = Context.GenericTag<RecordPlay>(
  "@effect-janus/plugins/RecordPlay"
)

const PlayAnswer = Schema.Union(Preparing, Restarting)
const PauseAnswer = Schema.Union(Paused, Ignored)
const ResumeAnswer = Schema.Union(Resumed, Ignored)

/**
 * Wraps a Record&Play handle. Pure: sends nothing.
 *
 * @since 0.1.0
 */
export const make = (handle: PluginHandle): RecordPlay => {
  const ops = makeOps(handle, "RecordPlay")
  const list = ops.optional<{}, List, typeof List.Encoded>("list", List)
  const update = ops.optional<{}, Ok, typeof Ok.Encoded>("update", Ok)
  const start = ops.withJsep<{}, Playing, typeof Playing.Encoded>("start", Playing)
  const stop = ops.optional<{}, Stopped, typeof Stopped.Encoded>("stop", Stopped)
  const pause = ops.optional<{}, typeof PauseAnswer.Type, typeof PauseAnswer.Encoded>("pause", PauseAnswer)
  const resume = ops.optional<{}, typeof ResumeAnswer.Type, typeof ResumeAnswer.Encoded>("resume", ResumeAnswer)
  return {
    handle,
    events: ops.events(Event),
    list: (options) => list({}, options),
    update: (options) => update({}, options),
    configure: ops.params("configure", Configured),
    record: ops.withJsep("record", RecordingStatus),
    play: ops.params("play", PlayAnswer),
    start: (jsep, options) => start({}, jsep, options),
    stop: (options) => stop({}, options),
    pause: (options) => pause({}, options),
    resume: (options) => resume({}, options)
  }
}

const constructors = makeConstructors(plugin, RecordPlay, make)

/**
 * Attaches a new Record&Play handle to `session` in the current scope; each call gives an independent handle.
 *
 * @since 0.1.0
 */
export const attach = constructors.attach

/**
 * Wraps an existing Record&Play handle by id without sending anything (re-attach after a `claim`).
 *
 * @since 0.1.0
 */
export const reattach = constructors.reattach

/**
 * A Layer attaching a Record&Play handle to the `JanusSession` in context and providing {@link RecordPlay}.
 *
 * @since 0.1.0
 */
export const layer = constructors.layer

/**
 * A Layer providing {@link RecordPlay} for an existing handle id, without sending `attach`.
 *
 * @since 0.1.0
 */
export const layerReattach = constructors.layerReattach
