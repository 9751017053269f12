/**
 * The NoSIP plugin (`janus.plugin.nosip`): an RTP bridge without signalling. It turns a WebRTC JSEP into a
 * barebone SDP for a legacy peer (`generate`) and a legacy peer's barebone SDP into a JSEP (`process`); the
 * signalling between the two is the application's. Follows Janus docs "NoSIP plugin" and the API comment at the
 * top of `src/plugins/janus_nosip.c` (Janus 1.1.x). Every request is asynchronous.
 *
 * @example
 * ```ts
 * import type { JanusSession, Protocol } from "@effect-janus/core"
 * import { NoSip } from "@effect-janus/plugins"
 * import { Effect } from "effect"
 *
 * // `webrtcOffer` comes from the WebRTC peer, `legacyAnswer` from the plain-RTP peer.
 * const bridge = (session: JanusSession, webrtcOffer: Protocol.Jsep, legacyAnswer: string) =>
 *   Effect.gen(function* () {
 *     const nosip = yield* NoSip.attach(session)
 *     const generated = yield* nosip.generate({}, webrtcOffer) // generated.result.sdp → the legacy peer
 *     const processed = yield* nosip.process({ type: "answer", sdp: legacyAnswer })
 *     return { legacyOffer: generated.result.sdp, webrtcAnswer: processed.jsep }
 *   })
 * ```
 *
 * @since 0.1.0
 */
import type { Plugin, PluginHandle } from "@effect-janus/core"
import type { PluginRequestError, PluginService } from "./Common.js"
import { type CallForwarding, callForwarding } from "./internal/calls.js"
import { type Bare, define, makeOps, type OfferOp, type Op } from "./internal/plugin.js"
import * as Req from "./nosip/requests.js"
import * as Res from "./nosip/responses.js"

/**
 * The NoSIP request schemas (`…Request`, the body Janus expects, `request` literal included) and their
 * parameter types (`…Params`, what the operations of a handle take), from `./nosip/requests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "./nosip/requests.js"
/**
 * The NoSIP answer and event schemas (decoded into values tagged by `_tag`) and their types, from
 * `./nosip/responses.ts`; `Event` is the union of what arrives on a handle's `events`.
 *
 * @since 0.1.0
 * @category responses
 */
export * from "./nosip/responses.js"

/**
 * Error codes of the NoSIP plugin (`JANUS_NOSIP_ERROR_*`): 440 no message, 441 invalid JSON, 442 invalid request,
 * 443 missing element, 444 invalid element, 445 wrong state, 446 missing SDP, 447 invalid SDP, 448 I/O error,
 * 449 recording error, 450 too strict (SRTP required but not offered), 499 unknown error.
 *
 * @since 0.1.0
 * @category constants
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
 * A NoSIP handle with typed requests (Janus docs: NoSIP plugin). Each waits for the plugin's event
 * (`options.timeout`) and fails with `PluginError` (see {@link ErrorCode}) or the other {@link PluginRequestError}s.
 *
 * @since 0.1.0
 * @category models
 */
export interface NoSip extends PluginService<Res.Event>, CallForwarding<typeof Res> {
  /**
   * Turns a WebRTC JSEP offer or answer into the barebone SDP for the legacy peer: `Generated` (`result.sdp`).
   * 446 without a JSEP, 447 for an SDP Janus cannot read.
   */
  readonly generate: OfferOp<Req.GenerateParams, Res.Generated>
  /** Turns the legacy peer's barebone SDP into a JSEP for the WebRTC side: `Processed`, with it in `jsep`. 446, 447. */
  readonly process: Op<Req.ProcessParams, Res.Processed>
  /** Closes the session's PeerConnection and RTP: `HangingUp`. */
  readonly hangup: Bare<Res.HangingUp>
  /** Starts or stops recording our and the peer's audio / video to .mjr files: `RecordingUpdated`. */
  readonly recording: Op<Req.RecordingParams, Res.RecordingUpdated>
}

/**
 * Wraps a raw `PluginHandle` already attached to `janus.plugin.nosip` into the typed NoSIP service. Pure: sends
 * nothing and checks nothing. `attach` / `layer` are the usual way in; `make` is for a handle obtained otherwise
 * (e.g. from `JanusSession.reattach`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handle: PluginHandle): NoSip => {
  const ops = makeOps(handle, "NoSip")
  return {
    handle,
    ...ops.events(Res.Event),
    ...callForwarding(ops, Res),
    generate: ops.withJsep(Req.GenerateRequest, Res.Generated),
    process: ops.params(Req.ProcessRequest, Res.Processed),
    hangup: ops.bare(Req.HangupRequest, Res.HangingUp),
    recording: ops.params(Req.RecordingRequest, Res.RecordingUpdated)
  }
}

const definition = define("NoSip", "janus.plugin.nosip", make)

/**
 * The plugin's package name, `janus.plugin.nosip`, as a core `Plugin`: what `JanusSession.attach` / `reattach` take
 * to attach a raw `PluginHandle` to this plugin (the typed `attach` / `layer` of this module use it). Attaching
 * fails with `JanusApiError` 460 when the server has not loaded the plugin.
 *
 * @since 0.1.0
 * @category models
 */
export const plugin: Plugin.Plugin = definition.plugin

/**
 * The `NoSip` Tag and the constructors of a NoSIP handle, all scoped (the handle is detached when the scope
 * closes, unless `onClose: "abandon"`):
 * - `attach(session, options?)` attaches a new handle (each call an independent one); fails as
 *   `JanusSession.attach`: `JanusApiError` (460 when the plugin is not loaded), `TransportError`,
 *   `SessionClosedError`;
 * - `reattach(session, handleId, options?)` wraps an existing handle by id without sending anything: the
 *   re-attach after a `claim` (the plugin still holds the handle's state; an unknown id fails the first request
 *   with `JanusApiError` 459);
 * - `layer(options?)` and `layerReattach(handleId, options?)` do the same as Layers over the `JanusSession` in
 *   context, providing the `NoSip` Tag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const { tag: NoSip, attach, reattach, layer, layerReattach } = definition
