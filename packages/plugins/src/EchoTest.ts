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
import type { Plugin, PluginHandle, Protocol } from "@effect-janus/core"
import type * as Effect from "effect/Effect"
import type { PluginRequestError, PluginService, RequestOptions, WithJsep } from "./Common.js"
import * as Req from "./echotest/requests.js"
import * as Res from "./echotest/responses.js"
import { define, makeOps } from "./internal/plugin.js"

export * from "./echotest/requests.js"
export * from "./echotest/responses.js"

/**
 * Error codes of the EchoTest (`JANUS_ECHOTEST_ERROR_*` in janus_echotest.c): 411 no message, 412 invalid JSON,
 * 413 invalid element (a field of the wrong type), 414 invalid SDP.
 *
 * @since 0.1.0
 */
export const ErrorCode = { NoMessage: 411, InvalidJson: 412, InvalidElement: 413, InvalidSdp: 414 } as const

/**
 * An EchoTest handle with typed requests.
 *
 * @since 0.1.0
 */
export interface EchoTest extends PluginService<Res.Event> {
  /**
   * Sends the EchoTest request (Janus docs: EchoTest plugin › Echo Test API; janus_echotest.c), optionally with a
   * JSEP offer to negotiate or renegotiate the PeerConnection, and resolves with the `ok` event (its `jsep` is the
   * SDP answer). The body carries no `request` name. Fails with `PluginError` (411–414, see {@link ErrorCode}; an
   * empty body is refused with 413 "no supported attributes found") or the other {@link PluginRequestError}s.
   */
  readonly message: (
    body?: Req.Message,
    jsep?: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Res.Ok>, PluginRequestError>
}

/**
 * Wraps an EchoTest handle (one attached to `janus.plugin.echotest`). Pure: sends nothing.
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
 * The plugin: `janus.plugin.echotest`.
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
