/**
 * The EchoTest plugin (`janus.plugin.echotest`): sends back the media and data a peer sends, with knobs to drop
 * audio or video, cap the bitrate (REMB) and record. Follows Janus docs "EchoTest plugin" and the API comment at
 * the top of `src/plugins/janus_echotest.c` (Janus 1.1.x).
 *
 * ```ts
 * const echo = yield* EchoTest.attach(session)          // or: yield* EchoTest.EchoTest with EchoTest.layer()
 * const ok = yield* echo.message({ audio: true, bitrate: 128000 }, offer)
 * ok.jsep                                                // the SDP answer, when an offer was sent
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
import { Bool, Num, opt, Str, tagged } from "./internal/schema.js"
import { constructors as makeConstructors } from "./internal/service.js"

/**
 * The plugin: `janus.plugin.echotest`.
 *
 * @since 0.1.0
 */
export const plugin = Plugin.make("janus.plugin.echotest")

/**
 * Error codes of the EchoTest (`JANUS_ECHOTEST_ERROR_*` in janus_echotest.c): 411 no message, 412 invalid JSON,
 * 413 invalid element (a field of the wrong type), 414 invalid SDP.
 *
 * @since 0.1.0
 */
export const ErrorCode = { NoMessage: 411, InvalidJson: 412, InvalidElement: 413, InvalidSdp: 414 } as const

// ---------------------------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------------------------

/**
 * The EchoTest's single, unnamed request (Janus docs: EchoTest plugin › Echo Test API). Every field is optional:
 * `audio` / `video` turn echoing of that medium on or off; `bitrate` caps the sender's bitrate via REMB (bps,
 * e.g. 128000); `record` + `filename` record the peer (`-audio.mjr`, `-video.mjr`, `-data.mjr` are appended);
 * `substream` / `temporal` (0–2) pick the simulcast layer to echo; `audiocodec`, `videocodec`, `videoprofile`
 * only apply when a PeerConnection is negotiated (an offer is attached).
 *
 * @since 0.1.0
 */
export const Message = Schema.Struct({
  audio: opt(Bool),
  audiocodec: opt(Str),
  video: opt(Bool),
  videocodec: opt(Str),
  videoprofile: opt(Str),
  bitrate: opt(Num),
  record: opt(Bool),
  filename: opt(Str),
  substream: opt(Num),
  temporal: opt(Num)
})
/** @since 0.1.0 */
export type Message = typeof Message.Type

// ---------------------------------------------------------------------------------------------------------------
// Responses and events
// ---------------------------------------------------------------------------------------------------------------

/**
 * `{"echotest":"event","result":"ok"}`: the request was applied (with the SDP answer in `jsep` if an offer was sent).
 *
 * @since 0.1.0
 */
export const Ok = tagged("Ok", { echotest: Schema.Literal("event"), result: Schema.Literal("ok") })
/** @since 0.1.0 */
export type Ok = typeof Ok.Type

/**
 * `{"echotest":"event","result":"done"}`: the PeerConnection went away; the echo session is over.
 *
 * @since 0.1.0
 */
export const Done = tagged("Done", { echotest: Schema.Literal("event"), result: Schema.Literal("done") })
/** @since 0.1.0 */
export type Done = typeof Done.Type

/**
 * A simulcast layer change: `videocodec` and either `substream` or `temporal` (the layer now echoed).
 *
 * @since 0.1.0
 */
export const Simulcast = tagged("Simulcast", {
  echotest: Schema.Literal("event"),
  videocodec: Str,
  substream: opt(Num),
  temporal: opt(Num)
})
/** @since 0.1.0 */
export type Simulcast = typeof Simulcast.Type

/**
 * `{"echotest":"event","event":"slow_link","media":"audio"|"video","current-bitrate"?}`: many NACKs; the plugin
 * halved the bitrate cap.
 *
 * @since 0.1.0
 */
export const SlowLink = tagged("SlowLink", {
  echotest: Schema.Literal("event"),
  event: Schema.Literal("slow_link"),
  media: Str,
  "current-bitrate": opt(Num)
})
/** @since 0.1.0 */
export type SlowLink = typeof SlowLink.Type

/**
 * Every EchoTest event, tagged by `_tag`: `Ok`, `Done`, `Simulcast`, `SlowLink`, `Error`, `Unknown`.
 *
 * @since 0.1.0
 */
export const Event = Schema.Union(errorEvent("echotest"), Ok, Done, SlowLink, Simulcast, UnknownEvent)
/** @since 0.1.0 */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------

/**
 * An EchoTest handle with typed requests.
 *
 * @since 0.1.0
 */
export interface EchoTest extends PluginService<Event> {
  /**
   * Sends the EchoTest request (Janus docs: EchoTest plugin › Echo Test API; janus_echotest.c), optionally with a
   * JSEP offer to negotiate or renegotiate the PeerConnection, and resolves with the `ok` event (its `jsep` is the
   * SDP answer). The body carries no `request` name. Fails with `PluginError` (411–414, see {@link ErrorCode}; an
   * empty body is refused with 413 "no supported attributes found") or the other {@link PluginRequestError}s.
   */
  readonly message: (
    body?: Message,
    jsep?: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ok>, PluginRequestError>
}

/**
 * The `EchoTest` Tag, provided by {@link layer} and {@link layerReattach}.
 *
 * @since 0.1.0
 */
export const EchoTest: Context.Tag<EchoTest, EchoTest> = Context.GenericTag<EchoTest>("@effect-janus/plugins/EchoTest")

/**
 * Wraps an EchoTest handle (one attached to `janus.plugin.echotest`). Pure: sends nothing.
 *
 * @since 0.1.0
 */
export const make = (handle: PluginHandle): EchoTest => {
  const ops = makeOps(handle, "EchoTest", [])
  return {
    handle,
    events: ops.events(Event),
    message: ops.optionalWithJsep<Message, Ok, typeof Ok.Encoded>("message", Ok)
  }
}

const constructors = makeConstructors(plugin, EchoTest, make)

/**
 * Attaches a new EchoTest handle to `session` in the current scope (detached when the scope closes). Each call
 * gives an independent handle. Fails as `JanusSession.attach` (`JanusApiError` 460 when the plugin is not loaded,
 * `TransportError`, `SessionClosedError`).
 *
 * @since 0.1.0
 */
export const attach = constructors.attach

/**
 * Wraps an existing EchoTest handle by id without sending anything (re-attach after a `claim`).
 *
 * @since 0.1.0
 */
export const reattach = constructors.reattach

/**
 * A Layer attaching an EchoTest handle to the `JanusSession` in context and providing {@link EchoTest}.
 *
 * @since 0.1.0
 */
export const layer = constructors.layer

/**
 * A Layer providing {@link EchoTest} for an existing handle id, without sending `attach`.
 *
 * @since 0.1.0
 */
export const layerReattach = constructors.layerReattach
