/**
 * The SIP plugin (`janus.plugin.sip`): a SIP user agent (Sofia-SIP) on behalf of a WebRTC peer — register at a
 * registrar, make and receive calls, send MESSAGE / INFO / DTMF, SUBSCRIBE, transfer, record. Every request is
 * asynchronous: its answer is the first event (`registering`, `calling`, …); what happens on the SIP side arrives
 * later on `events` (`registered`, `registration_failed`, `incomingcall`, `hangup`, …). Follows Janus docs
 * "SIP plugin" and the API comment at the top of `src/plugins/janus_sip.c` (Janus 1.1.x).
 *
 * @example
 * ```ts
 * import type { JanusSession, Protocol } from "@effect-janus/core"
 * import { Sip } from "@effect-janus/plugins"
 * import { Effect } from "effect"
 *
 * const register = (session: JanusSession) =>
 *   Effect.gen(function* () {
 *     const sip = yield* Sip.attach(session)
 *     const outcome = yield* sip.registerAndAwait({
 *       username: "sip:alice@example.org",
 *       secret: "secret",
 *       proxy: "sip:example.org"
 *     })
 *     if (outcome._tag === "RegistrationFailed") yield* Effect.log(`refused: ${outcome.result.code}`) // e.g. 403
 *     return outcome
 *   })
 * ```
 *
 * @since 0.1.0
 */
import type { Plugin, PluginHandle, TransportError } from "@effect-janus/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { OnResync, PluginRequestError, PluginService, RequestOptions, Resync, WithJsep } from "./Common.js"
import { type CallForwarding, callForwarding } from "./internal/calls.js"
import {
  type AnswerOp,
  awaitLaterEvent,
  type Bare,
  define,
  type JsepOp,
  makeOps,
  type OfferOp,
  type Op,
  type OptionalOp
} from "./internal/plugin.js"
import * as Req from "./sip/requests.js"
import * as Res from "./sip/responses.js"

/**
 * Calls with their media on a `Peer` of `@effect-janus/webrtc` — `placeCall`, `acceptCall`, `updateCall` — from
 * `./sip/media.ts`.
 *
 * @since 0.2.0
 * @category media
 */
export * from "./sip/media.js"
/**
 * The SIP request schemas (`…Request`, the body Janus expects, `request` literal included) and their
 * parameter types (`…Params`, what the operations of a handle take), from `./sip/requests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "./sip/requests.js"
/**
 * The SIP answer and event schemas (decoded into values tagged by `_tag`) and their types, from
 * `./sip/responses.ts`; `Event` is the union of what arrives on a handle's `events`.
 *
 * @since 0.1.0
 * @category responses
 */
export * from "./sip/responses.js"

/**
 * Error codes of the SIP plugin (`JANUS_SIP_ERROR_*`): 440 no message, 441 invalid JSON, 442 invalid request,
 * 443 missing element, 444 invalid element, 445 already registered, 446 invalid address (a bad SIP URI),
 * 447 wrong state, 448 missing SDP, 449 libsofia error, 450 I/O error, 451 recording error, 452 too strict,
 * 453 helper error, 454 no such call-id, 499 unknown error. SIP failures (4xx/5xx from the peer) are events
 * (`registration_failed`, `hangup`), not these codes. Janus 1.1.2 also answers some in-call requests made outside a
 * call (`info`, `dtmf_info`, `transfer`, `recording`, `message` without `uri`) with code **0** ("Wrong state (not in
 * a call?)"), and `hangup`, `hold`, `unhold` there with no answer at all (a `TransportError` `timeout`).
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
  AlreadyRegistered: 445,
  InvalidAddress: 446,
  WrongState: 447,
  MissingSdp: 448,
  LibsofiaError: 449,
  IoError: 450,
  RecordingError: 451,
  TooStrict: 452,
  HelperError: 453,
  NoSuchCallid: 454,
  UnknownError: 499
} as const

/**
 * A SIP handle with typed requests (Janus docs: SIP plugin). Each resolves with the plugin's first event for it
 * (within `options.timeout`, default the session's `eventTimeout`); what the SIP side does later arrives on
 * `events`. All fail with `PluginError` (see {@link ErrorCode}) or the other {@link PluginRequestError}s.
 *
 * @since 0.1.0
 * @category models
 */
export interface Sip extends PluginService<Res.Event>, CallForwarding<typeof Res> {
  /**
   * Registers `username` (a SIP URI) at `proxy`: `Registering` when a REGISTER went out (the verdict follows on
   * `events`), or `Registered` with `register_sent: false` for guests and helpers. A REGISTER needs `secret` (or
   * `ha1_secret`) even for a registrar that asks for none (443 otherwise); 446 for a bad URI. The `username` of the
   * later `Registered` event is the URI's user part (`alice`).
   */
  readonly register: Op<Req.RegisterParams, Res.Registering | Res.Registered>
  /**
   * `register`, then waits for the registrar's verdict: `Registered`, or `RegistrationFailed` with the SIP `code`
   * (e.g. 403 for wrong credentials; 401/407 challenges are answered automatically). Listens before sending.
   * `options.timeout` (default 30 s) bounds the wait for the verdict; then `TransportError` `timeout`.
   */
  readonly registerAndAwait: (
    params: Req.RegisterParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Res.Registered | Res.RegistrationFailed>, PluginRequestError | TransportError>
  /** Sends a REGISTER with expiry 0: `Unregistering`, then `Unregistered` on `events`. */
  readonly unregister: Bare<Res.Unregistering>
  /** Calls `uri` (an INVITE) with a JSEP offer: `Calling`; `Ringing`, `Progress`, `Accepted` or `Hangup` follow. */
  readonly call: OfferOp<Req.CallParams, Res.Calling>
  /** Accepts the incoming call with a JSEP answer (or an offer, for an offerless INVITE): `Accepted` or `Accepting`. */
  readonly accept: JsepOp<Req.AcceptParams, Res.Accepted | Res.Accepting>
  /** Declines the incoming call with SIP `code` (default 486 Busy Here): `Declining`. */
  readonly decline: OptionalOp<Req.DeclineParams, Res.Declining>
  /** Sends a re-INVITE with a new offer, or answers the peer's (`UpdatingCall`): `Updating` or `Updated`. */
  readonly update: AnswerOp<Res.Updating | Res.Updated>
  /** Puts the call on hold (a re-INVITE with `direction`, default sendonly): `Holding`. No answer outside a call. */
  readonly hold: OptionalOp<Req.HoldParams, Res.Holding>
  /** Takes the call off hold (a re-INVITE with the previous direction): `Resuming`. No answer outside a call. */
  readonly unhold: Bare<Res.Resuming>
  /**
   * Hangs up (BYE, or CANCEL while calling): `HangingUp`, then `Hangup` on `events`. Janus ignores it — no event at
   * all — when no call is established or being placed: the request then fails with `TransportError` `timeout`
   * after `options.timeout`.
   */
  readonly hangup: OptionalOp<Req.HangupParams, Res.HangingUp>
  /** Sends a SIP MESSAGE in the dialog, or out of dialog to `uri`: `MessageSent`; `MessageDelivery` follows. */
  readonly message: Op<Req.MessageParams, Res.MessageSent>
  /** Sends a SIP INFO (content `type` and `content`) in the call: `InfoSent`; error code 0 outside a call. */
  readonly info: Op<Req.InfoParams, Res.InfoSent>
  /** Sends a DTMF `digit` as SIP INFO (`duration` in ms): `DtmfSent`; error code 0 outside a call. */
  readonly dtmfInfo: Op<Req.DtmfInfoParams, Res.DtmfSent>
  /** Sends a SUBSCRIBE for `event`: `Subscribing`; `SubscribeSucceeded` / `SubscribeFailed` and `Notify` follow. */
  readonly subscribe: Op<Req.SubscribeParams, Res.Subscribing>
  /** Ends the subscription to `event` (SUBSCRIBE with expiry 0): `Unsubscribing`; 447 without one. */
  readonly unsubscribe: Op<Req.UnsubscribeParams, Res.Unsubscribing>
  /** Transfers the call to `uri` (a REFER; `replace` for an attended transfer): `Transferring`. */
  readonly transfer: Op<Req.TransferParams, Res.Transferring>
  /** Starts or stops recording our and the peer's audio / video to .mjr files: `RecordingUpdated`. */
  readonly recording: Op<Req.RecordingParams, Res.RecordingUpdated>
  /** Clears a stale "call in progress" flag of an idle handle (janus_sip.c): `Reset`. */
  readonly reset: Bare<Res.Reset>
  /** Answers the incoming call with 183 and early media (JSEP answer): `Progressing`. **Needs Janus ≥ 1.3.1, not tested here.** */
  readonly progress: JsepOp<Req.ProgressParams, Res.Progressing>
  /** Sends 180 Ringing for the incoming call. **Needs Janus ≥ 1.3.3, not tested here.** */
  readonly sendRinging: Bare<Res.RingingSent>
}

const isVerdict = (event: Res.Event): event is Res.Registered | Res.RegistrationFailed =>
  event._tag === "Registered" || event._tag === "RegistrationFailed"

/**
 * Wraps a raw `PluginHandle` already attached to `janus.plugin.sip` into the typed SIP service. Pure: sends nothing
 * and checks nothing. `attach` / `layer` are the usual way in; `make` is for a handle obtained otherwise (e.g. from
 * `JanusSession.reattach`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handle: PluginHandle): Sip => {
  const ops = makeOps(handle, "Sip")
  const register = ops.params(Req.RegisterRequest, Schema.Union(Res.Registering, Res.Registered))
  return {
    handle,
    ...ops.events(Res.Event),
    ...callForwarding(ops, Res),
    register,
    registerAndAwait: Effect.fn("Sip.registerAndAwait")(function* (
      params: Req.RegisterParams,
      options?: RequestOptions
    ) {
      return yield* awaitLaterEvent(
        handle,
        Res.Event,
        register(params, options),
        isVerdict,
        options?.timeout ?? "30 seconds",
        "registration verdict"
      )
    }),
    unregister: ops.bare(Req.UnregisterRequest, Res.Unregistering),
    call: ops.withJsep(Req.CallRequest, Res.Calling),
    accept: ops.withJsep(Req.AcceptRequest, Schema.Union(Res.Accepted, Res.Accepting)),
    decline: ops.optional(Req.DeclineRequest, Res.Declining),
    update: ops.bareWithJsep(Req.UpdateRequest, Schema.Union(Res.Updating, Res.Updated)),
    hold: ops.optional(Req.HoldRequest, Res.Holding),
    unhold: ops.bare(Req.UnholdRequest, Res.Resuming),
    hangup: ops.optional(Req.HangupRequest, Res.HangingUp),
    message: ops.params(Req.MessageRequest, Res.MessageSent),
    info: ops.params(Req.InfoRequest, Res.InfoSent),
    dtmfInfo: ops.params(Req.DtmfInfoRequest, Res.DtmfSent),
    subscribe: ops.params(Req.SubscribeRequest, Res.Subscribing),
    unsubscribe: ops.params(Req.UnsubscribeRequest, Res.Unsubscribing),
    transfer: ops.params(Req.TransferRequest, Res.Transferring),
    recording: ops.params(Req.RecordingRequest, Res.RecordingUpdated),
    reset: ops.bare(Req.ResetRequest, Res.Reset),
    progress: ops.withJsep(Req.ProgressRequest, Res.Progressing),
    sendRinging: ops.bare(Req.SendRingingRequest, Res.RingingSent)
  }
}

const definition = define("Sip", "janus.plugin.sip", make)

/**
 * The plugin's package name, `janus.plugin.sip`, as a core `Plugin`: what `JanusSession.attach` / `reattach` take to
 * attach a raw `PluginHandle` to this plugin (the typed `attach` / `layer` of this module use it). Attaching fails
 * with `JanusApiError` 460 when the server has not loaded the plugin.
 *
 * @since 0.1.0
 * @category models
 */
export const plugin: Plugin.Plugin = definition.plugin

/**
 * The `Sip` Tag and the constructors of a SIP handle, all scoped (the handle is detached when the scope
 * closes, unless `onClose: "abandon"`):
 * - `attach(session, options?)` attaches a new handle (each call an independent one); fails as
 *   `JanusSession.attach`: `JanusApiError` (460 when the plugin is not loaded), `TransportError`,
 *   `SessionClosedError`;
 * - `reattach(session, handleId, options?)` wraps an existing handle by id without sending anything: the
 *   re-attach after a `claim` (the plugin still holds the handle's state; an unknown id fails the first request
 *   with `JanusApiError` 459);
 * - `layer(options?)` and `layerReattach(handleId, options?)` do the same as Layers over the `JanusSession` in
 *   context, providing the `Sip` Tag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const { tag: Sip, attach, reattach, layer, layerReattach } = definition

/**
 * The usual re-sync of a SIP handle, to pass as `resync` in the options of `attach` / `reattach` / `layer` /
 * `layerReattach`: after each reclaim or re-creation of the session it registers again with `params` (the
 * credentials the app registered with) and hands the registrar's verdict — `Registered`, or `RegistrationFailed`
 * with the SIP code — to `onResync` (see `Common.Resynced`), as `registerAndAwait` does. After a `Reclaimed` the
 * plugin still holds the registration, so the request carries `refresh: true` (a plain `register` on a registered
 * handle fails with 445 "Already registered"); Janus 1.1.2 then un-REGISTERs the old binding (`Expires: 0`) and
 * REGISTERs anew with a new Call-ID, so the registrar sees a fresh registration. After a `Recreated` the handle is
 * a new, unregistered one: a first `register`.
 *
 * What Janus does not give back: the events it dropped during the gap are never replayed — an `incomingcall` that
 * rang then is lost (a `missed_call` may have been dropped too), and so are `registration_failed`, `unregistered`,
 * a peer's `hangup`, and out-of-dialog `message`s / `notify`s. A call in progress after a `Recreated` is gone with
 * the old handle.
 *
 * @since 0.2.0
 * @category re-sync
 */
export const resync = (
  params: Req.RegisterParams,
  onResync: OnResync<Res.Registered | Res.RegistrationFailed, PluginRequestError | TransportError>
): Resync =>
  definition.resyncWith(
    (sip, recovery) => sip.registerAndAwait(recovery._tag === "Reclaimed" ? { ...params, refresh: true } : params),
    onResync
  )
