/**
 * The EchoTest plugin (`janus.plugin.echotest`): sends back the media and data a peer sends, with knobs to drop
 * audio or video, cap the bitrate (REMB) and record. Follows Janus docs "EchoTest plugin" and the API comment at
 * the top of `src/plugins/janus_echotest.c` (Janus 1.1.x).
 *
 * @example
 * ```ts
 * import type { JanusSession, Protocol } from "@effect-janus/core"
 * import { EchoTest } from "@effect-janus/plugins"
 * import { Effect } from "effect"
 *
 * // `offer` is the WebRTC peer's (e.g. a browser's) SDP offer.
 * const echo = (session: JanusSession, offer: Protocol.Jsep) =>
 *   Effect.gen(function* () {
 *     const echoTest = yield* EchoTest.attach(session) // or: yield* EchoTest.EchoTest with EchoTest.layer()
 *     const ok = yield* echoTest.message({ audio: true, bitrate: 128000 }, offer)
 *     return ok.jsep // the SDP answer
 *   })
 * ```
 *
 * @since 0.1.0
 */
import type { Plugin, PluginHandle } from "@effect-janus/core"
import type { PluginRequestError, PluginService } from "./Common.js"
import * as Req from "./echotest/requests.js"
import * as Res from "./echotest/responses.js"
import { define, makeOps, type OptionalJsepOp } from "./internal/plugin.js"

/**
 * EchoTest media with a `Peer` of `@effect-janus/webrtc`: `call` (our offer in `message`, the answer applied) and
 * `iceRestart` (how to restart ICE), from `./echotest/media.ts`.
 *
 * @since 0.2.0
 * @category media
 */
export * from "./echotest/media.js"
/**
 * The EchoTest request schemas (`…Request`, the body Janus expects, `request` literal included) and their
 * parameter types (`…Params`, what the operations of a handle take), from `./echotest/requests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "./echotest/requests.js"
/**
 * The EchoTest answer and event schemas (decoded into values tagged by `_tag`) and their types, from
 * `./echotest/responses.ts`; `Event` is the union of what arrives on a handle's `events`.
 *
 * @since 0.1.0
 * @category responses
 */
export * from "./echotest/responses.js"

/**
 * Error codes of the EchoTest (`JANUS_ECHOTEST_ERROR_*` in janus_echotest.c): 411 no message, 412 invalid JSON,
 * 413 invalid element (a field of the wrong type), 414 invalid SDP.
 *
 * @since 0.1.0
 * @category constants
 */
export const ErrorCode = { NoMessage: 411, InvalidJson: 412, InvalidElement: 413, InvalidSdp: 414 } as const

/**
 * An EchoTest handle with typed requests: `message` sends `audio` / `video` / `bitrate` / `record` / simulcast and
 * SVC layer settings (with an optional JSEP offer) and resolves with the plugin's `Ok` answer (and its SDP answer in
 * `jsep`); the echo's events (`Done`, `Simulcast`, `SlowLink`) arrive on `events`. Fails with `PluginError` (see
 * {@link ErrorCode}) or the other {@link PluginRequestError}s.
 *
 * @since 0.1.0
 * @category models
 */
export interface EchoTest extends PluginService<Res.Event> {
  /**
   * Sends the EchoTest request (Janus docs: EchoTest plugin › Echo Test API; janus_echotest.c), optionally with a
   * JSEP offer to negotiate or renegotiate the PeerConnection, and resolves with the `ok` event (its `jsep` is the
   * SDP answer). The body carries no `request` name. Fails with `PluginError` (411–414, see {@link ErrorCode}; an
   * empty body is refused with 413 "no supported attributes found") or the other {@link PluginRequestError}s.
   */
  readonly message: OptionalJsepOp<Req.Message, Res.Ok>
}

/**
 * Wraps a raw `PluginHandle` already attached to `janus.plugin.echotest` into the typed EchoTest service. Pure:
 * sends nothing and checks nothing. `attach` / `layer` are the usual way in; `make` is for a handle obtained
 * otherwise (e.g. from `JanusSession.reattach`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handle: PluginHandle): EchoTest => {
  const ops = makeOps(handle, "EchoTest")
  const message = ops.withJsep(Req.Message, Res.Ok, { name: "message" })
  return {
    handle,
    ...ops.events(Res.Event),
    message: (body, jsep, options) => message(body ?? {}, jsep, options)
  }
}

const definition = define("EchoTest", "janus.plugin.echotest", make)

/**
 * The plugin's package name, `janus.plugin.echotest`, as a core `Plugin`: what `JanusSession.attach` / `reattach`
 * take to attach a raw `PluginHandle` to this plugin (the typed `attach` / `layer` of this module use it). Attaching
 * fails with `JanusApiError` 460 when the server has not loaded the plugin.
 *
 * @since 0.1.0
 * @category models
 */
export const plugin: Plugin.Plugin = definition.plugin

/**
 * The `EchoTest` Tag and the constructors of a EchoTest handle, all scoped (the handle is detached when the scope
 * closes, unless `onClose: "abandon"`):
 * - `attach(session, options?)` attaches a new handle (each call an independent one); fails as
 *   `JanusSession.attach`: `JanusApiError` (460 when the plugin is not loaded), `TransportError`,
 *   `SessionClosedError`;
 * - `reattach(session, handleId, options?)` wraps an existing handle by id without sending anything: the
 *   re-attach after a `claim` (the plugin still holds the handle's state; an unknown id fails the first request
 *   with `JanusApiError` 459);
 * - `layer(options?)` and `layerReattach(handleId, options?)` do the same as Layers over the `JanusSession` in
 *   context, providing the `EchoTest` Tag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const { tag: EchoTest, attach, reattach, layer, layerReattach } = definition
