/**
 * The NoSIP plugin (`janus.plugin.nosip`): an RTP bridge without signalling. It turns a WebRTC JSEP into a
 * barebone SDP for a legacy peer (`generate`) and a legacy peer's barebone SDP into a JSEP (`process`); the
 * signalling between the two is the application's. Follows Janus docs "NoSIP plugin" and the API comment at the
 * top of `src/plugins/janus_nosip.c` (Janus 1.1.x). Every request is asynchronous.
 *
 * ```ts
 * const nosip = yield* NoSip.attach(session)
 * const generated = yield* nosip.generate({}, webrtcOffer)       // generated.result.sdp → legacy peer
 * const processed = yield* nosip.process({ type: "answer", sdp: legacyAnswer })
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
import { Bool, opt, resultEvent, Str } from "./internal/schema.js"
import { constructors as makeConstructors } from "./internal/service.js"

/**
 * The plugin: `janus.plugin.nosip`.
 *
 * @since 0.1.0
 */
export const plugin = Plugin.make("janus.plugin.nosip")

/**
 * Error codes of the NoSIP plugin (`JANUS_NOSIP_ERROR_*`): 440 no message, 441 invalid JSON, 442 invalid request,
 * 443 missing element, 444 invalid element, 445 wrong state, 446 missing SDP, 447 invalid SDP, 448 I/O error,
 * 449 recording error, 450 too strict (SRTP required but not offered), 499 unknown error.
 *
 * @since 0.1.0
 */
export const ErrorCode = {
  NoMessage: 440,
  InvalidJson: 441,
  InvalidRequest: 442,
  MissingElement: 443,
  InvalidElement: 444,
  WrongState: 445,
  MissingSdp: 446,
  InvalidSdp: 447,
  IoError: 448,
  RecordingError: 449,
  TooStrict: 450,
  UnknownError: 499
} as const

/**
 * SRTP policy: `sdes_mandatory` requires SDES-SRTP, `sdes_optional` offers it.
 *
 * @since 0.1.0
 */
export const Srtp = Schema.Literal("sdes_mandatory", "sdes_optional")
/** @since 0.1.0 */
export type Srtp = typeof Srtp.Type

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

const sdpOptions = {
  /** Opaque context string, for the application. */
  info: opt(Str),
  srtp: opt(Srtp),
  /** SRTP profile to negotiate, e.g. `AES_CM_128_HMAC_SHA1_80`. */
  srtp_profile: opt(Str),
  /** True for a renegotiation of an existing session. */
  update: opt(Bool)
}

/**
 * `generate` (Janus docs: NoSIP plugin › generate): with a WebRTC JSEP offer or answer attached, produce the
 * barebone SDP for the legacy peer.
 *
 * @since 0.1.0
 */
export const GenerateRequest = Schema.Struct({ request: Schema.Literal("generate"), ...sdpOptions })
/** @since 0.1.0 */
export type GenerateParams = Omit<typeof GenerateRequest.Type, "request">

/**
 * `process` (Janus docs: NoSIP plugin › process): the legacy peer's barebone `sdp` (an `offer` or `answer`),
 * turned into a JSEP for the WebRTC side.
 *
 * @since 0.1.0
 */
export const ProcessRequest = Schema.Struct({
  request: Schema.Literal("process"),
  type: Schema.Literal("offer", "answer"),
  sdp: Str,
  ...sdpOptions
})
/** @since 0.1.0 */
export type ProcessParams = Omit<typeof ProcessRequest.Type, "request">

/** `hangup` (Janus docs: NoSIP plugin › hangup): close the session. @since 0.1.0 */
export const HangupRequest = Schema.Struct({ request: Schema.Literal("hangup") })

/**
 * `recording` (Janus docs: NoSIP plugin › recording): `start` or `stop` recording our `audio` / `video` and the
 * peer's `peer_audio` / `peer_video`, to files prefixed with `filename`.
 *
 * @since 0.1.0
 */
export const RecordingRequest = Schema.Struct({
  request: Schema.Literal("recording"),
  action: Schema.Literal("start", "stop"),
  audio: opt(Bool),
  video: opt(Bool),
  peer_audio: opt(Bool),
  peer_video: opt(Bool),
  filename: opt(Str)
})
/** @since 0.1.0 */
export type RecordingParams = Omit<typeof RecordingRequest.Type, "request">

// ---------------------------------------------------------------------------------------------------------------
// Responses and events
// ---------------------------------------------------------------------------------------------------------------

/** `generated`: the barebone SDP (`type` offer/answer, `sdp`) for the legacy peer. @since 0.1.0 */
export const Generated = resultEvent("Generated", "nosip", "generated", {
  type: Schema.Literal("offer", "answer"),
  sdp: Str,
  update: opt(Bool)
})
/** @since 0.1.0 */
export type Generated = typeof Generated.Type

/** `processed`: the peer's SDP was accepted; the JSEP for the WebRTC side is in `jsep`. @since 0.1.0 */
export const Processed = resultEvent("Processed", "nosip", "processed", { srtp: opt(Srtp), update: opt(Bool) })
/** @since 0.1.0 */
export type Processed = typeof Processed.Type

/** `hangingup`: answer to `hangup`. @since 0.1.0 */
export const HangingUp = resultEvent("HangingUp", "nosip", "hangingup", {})
/** @since 0.1.0 */
export type HangingUp = typeof HangingUp.Type

/** `recordingupdated`: answer to `recording`. @since 0.1.0 */
export const RecordingUpdated = resultEvent("RecordingUpdated", "nosip", "recordingupdated", {})
/** @since 0.1.0 */
export type RecordingUpdated = typeof RecordingUpdated.Type

/**
 * Every NoSIP event, tagged by `_tag`.
 *
 * @since 0.1.0
 */
export const Event = Schema.Union(errorEvent("nosip"), Generated, Processed, HangingUp, RecordingUpdated, UnknownEvent)
/** @since 0.1.0 */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------

/**
 * A NoSIP handle with typed requests. All fail with `PluginError` (see {@link ErrorCode}) or the other
 * {@link PluginRequestError}s.
 *
 * @since 0.1.0
 */
export interface NoSip extends PluginService<Event> {
  /** `generate` with a WebRTC JSEP (Janus docs: NoSIP plugin › generate); 446 without one. */
  readonly generate: (
    params: GenerateParams,
    jsep: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Generated>, PluginRequestError>
  /** `process` a barebone SDP (Janus docs: NoSIP plugin › process); the answer's `jsep` is for the browser. */
  readonly process: (
    params: ProcessParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Processed>, PluginRequestError>
  /** `hangup` (Janus docs: NoSIP plugin › hangup). */
  readonly hangup: (options?: RequestOptions) => Effect.Effect<WithJsep<HangingUp>, PluginRequestError>
  /** `recording` (Janus docs: NoSIP plugin › recording). */
  readonly recording: (
    params: RecordingParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<RecordingUpdated>, PluginRequestError>
}

/**
 * The `NoSip` Tag, provided by {@link layer} and {@link layerReattach}.
 *
 * @since 0.1.0
 */
export const NoSip: Context.Tag<NoSip, NoSip> = Context.GenericTag<NoSip>("@effect-janus/plugins/NoSip")

/**
 * Wraps a NoSIP handle. Pure: sends nothing.
 *
 * @since 0.1.0
 */
export const make = (handle: PluginHandle): NoSip => {
  const ops = makeOps(handle, "NoSip")
  const hangup = ops.optional<{}, HangingUp, typeof HangingUp.Encoded>("hangup", HangingUp)
  return {
    handle,
    events: ops.events(Event),
    generate: ops.withJsep("generate", Generated),
    process: ops.params("process", Processed),
    hangup: (options) => hangup({}, options),
    recording: ops.params("recording", RecordingUpdated)
  }
}

const constructors = makeConstructors(plugin, NoSip, make)

/**
 * Attaches a new NoSIP handle to `session` in the current scope; each call gives an independent handle.
 *
 * @since 0.1.0
 */
export const attach = constructors.attach

/**
 * Wraps an existing NoSIP handle by id without sending anything (re-attach after a `claim`).
 *
 * @since 0.1.0
 */
export const reattach = constructors.reattach

/**
 * A Layer attaching a NoSIP handle to the `JanusSession` in context and providing {@link NoSip}.
 *
 * @since 0.1.0
 */
export const layer = constructors.layer

/**
 * A Layer providing {@link NoSip} for an existing handle id, without sending `attach`.
 *
 * @since 0.1.0
 */
export const layerReattach = constructors.layerReattach
