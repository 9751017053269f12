/**
 * The SIP plugin (`janus.plugin.sip`): a SIP user agent (Sofia-SIP) on behalf of a WebRTC peer — register at a
 * registrar, make and receive calls, send MESSAGE / INFO / DTMF, SUBSCRIBE, transfer, record. Every request is
 * asynchronous: its answer is the first event (`registering`, `calling`, …); what happens on the SIP side arrives
 * later on `events` (`registered`, `registration_failed`, `incomingcall`, `hangup`, …). Follows Janus docs
 * "SIP plugin" and the API comment at the top of `src/plugins/janus_sip.c` (Janus 1.1.x).
 *
 * ```ts
 * const sip = yield* Sip.attach(session)
 * const outcome = yield* sip.registerAndAwait({
 *   username: "sip:alice@example.org", secret: "…", proxy: "sip:example.org"
 * })
 * if (outcome._tag === "RegistrationFailed") console.log(outcome.result.code)   // e.g. 403
 * ```
 *
 * @since 0.1.0
 */
import { Plugin, type PluginHandle, type Protocol, type TransportError } from "@effect-janus/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { PluginRequestError, PluginService, RequestOptions, WithJsep } from "./Common.js"
import { sendThenAwait } from "./internal/await.js"
import { makeOps } from "./internal/client.js"
import { constructors as makeConstructors } from "./internal/service.js"
import * as Ev from "./sip/events.js"
import type * as Req from "./sip/requests.js"

export * from "./sip/events.js"
export * from "./sip/requests.js"

/**
 * The plugin: `janus.plugin.sip`.
 *
 * @since 0.1.0
 */
export const plugin = Plugin.make("janus.plugin.sip")

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

type Op<P, A> = (params: P, options?: RequestOptions) => Effect.Effect<WithJsep<A>, PluginRequestError>
type JsepOp<P, A> = (
  params: P,
  jsep?: Protocol.Jsep,
  options?: RequestOptions
) => Effect.Effect<WithJsep<A>, PluginRequestError>
type Bare<A> = (options?: RequestOptions) => Effect.Effect<WithJsep<A>, PluginRequestError>

/**
 * A SIP handle with typed requests (Janus docs: SIP plugin › <request>). Each resolves with the plugin's first
 * event for it; all fail with `PluginError` (see {@link ErrorCode}) or the other {@link PluginRequestError}s.
 *
 * @since 0.1.0
 */
export interface Sip extends PluginService<Ev.Event> {
  /**
   * `register` (Janus docs: SIP plugin › register): `Registering`, or `Registered` with `register_sent: false` for
   * guests and helpers. A REGISTER
   * needs `secret` (or `ha1_secret`) even for a registrar that asks for none (443 otherwise). The `username` of
   * the later `Registered` event is the URI's user part (`alice`).
   */
  readonly register: Op<Req.RegisterParams, Ev.Registering | Ev.Registered>
  /**
   * `register` (Janus docs: SIP plugin › register), then waits for the registrar's verdict: `Registered`, or
   * `RegistrationFailed` with the SIP `code`
   * (e.g. 403 for wrong credentials; 401/407 challenges are answered automatically). Listens before sending.
   * `options.timeout` (default 30 s) bounds the wait for the verdict; then `TransportError` `timeout`.
   */
  readonly registerAndAwait: (
    params: Req.RegisterParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ev.Registered | Ev.RegistrationFailed>, PluginRequestError | TransportError>
  /** `unregister` (Janus docs: SIP plugin › unregister). */
  readonly unregister: Bare<Ev.Unregistering>
  /** `call` (Janus docs: SIP plugin › call) with a JSEP offer. */
  readonly call: (
    params: Req.CallParams,
    jsep: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ev.Calling>, PluginRequestError>
  /** `accept` (Janus docs: SIP plugin › accept) with a JSEP answer (or an offer, for an offerless INVITE). */
  readonly accept: JsepOp<Req.AcceptParams, Ev.Accepted | Ev.Accepting>
  /** `decline` (Janus docs: SIP plugin › decline) an incoming call (SIP `code`, default 486). */
  readonly decline: (
    params?: Req.DeclineParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ev.Declining>, PluginRequestError>
  /** `update` (Janus docs: SIP plugin › update): a re-INVITE with a new offer, or the answer to an `UpdatingCall`. */
  readonly update: (
    jsep: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ev.Updating | Ev.Updated>, PluginRequestError>
  /** `hold` (Janus docs: SIP plugin › hold). */
  readonly hold: (
    params?: Req.HoldParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ev.Holding>, PluginRequestError>
  /** `unhold` (Janus docs: SIP plugin › unhold). */
  readonly unhold: Bare<Ev.Resuming>
  /**
   * `hangup` (Janus docs: SIP plugin › hangup). Janus ignores it — no event at all — when no call is established or
   * being placed: the request
   * then fails with `TransportError` `timeout` after `options.timeout`.
   */
  readonly hangup: (
    params?: Req.HangupParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Ev.HangingUp>, PluginRequestError>
  /** `message` (Janus docs: SIP plugin › message): a SIP MESSAGE. */
  readonly message: Op<Req.MessageParams, Ev.MessageSent>
  /** `info` (Janus docs: SIP plugin › info): a SIP INFO. */
  readonly info: Op<Req.InfoParams, Ev.InfoSent>
  /** `dtmf_info` (Janus docs: SIP plugin › dtmf_info): DTMF as SIP INFO. */
  readonly dtmfInfo: Op<Req.DtmfInfoParams, Ev.DtmfSent>
  /** `subscribe` (Janus docs: SIP plugin › subscribe): a SUBSCRIBE. */
  readonly subscribe: Op<Req.SubscribeParams, Ev.Subscribing>
  /** `unsubscribe` (Janus docs: SIP plugin › unsubscribe). */
  readonly unsubscribe: Op<Req.UnsubscribeParams, Ev.Unsubscribing>
  /** `transfer` (Janus docs: SIP plugin › transfer): a REFER. */
  readonly transfer: Op<Req.TransferParams, Ev.Transferring>
  /** `recording` (Janus docs: SIP plugin › recording). */
  readonly recording: Op<Req.RecordingParams, Ev.RecordingUpdated>
}

/**
 * The `Sip` Tag, provided by {@link layer} and {@link layerReattach}.
 *
 * @since 0.1.0
 */
export const Sip: Context.Tag<Sip, Sip> = Context.GenericTag<Sip>("@effect-janus/plugins/Sip")

const RegisterAnswer = Schema.Union(Ev.Registering, Ev.Registered)
const AcceptAnswer = Schema.Union(Ev.Accepted, Ev.Accepting)
const UpdateAnswer = Schema.Union(Ev.Updating, Ev.Updated)

const isVerdict = (event: WithJsep<Ev.Event>): event is WithJsep<Ev.Registered | Ev.RegistrationFailed> =>
  event._tag === "Registered" || event._tag === "RegistrationFailed"

/**
 * Wraps a SIP handle. Pure: sends nothing.
 *
 * @since 0.1.0
 */
export const make = (handle: PluginHandle): Sip => {
  const ops = makeOps(handle, "Sip")
  const events = ops.events(Ev.Event)
  const register: Sip["register"] = ops.params("register", RegisterAnswer)
  const unregister = ops.optional<{}, Ev.Unregistering, typeof Ev.Unregistering.Encoded>("unregister", Ev.Unregistering)
  const update = ops.withJsep<{}, typeof UpdateAnswer.Type, typeof UpdateAnswer.Encoded>("update", UpdateAnswer)
  const unhold = ops.optional<{}, Ev.Resuming, typeof Ev.Resuming.Encoded>("unhold", Ev.Resuming)
  return {
    handle,
    events,
    register,
    registerAndAwait: Effect.fn("Sip.registerAndAwait")(function* (
      params: Req.RegisterParams,
      options?: RequestOptions
    ) {
      return yield* sendThenAwait(
        events,
        register(params, options),
        isVerdict,
        (answer) => (answer._tag === "Registered" ? answer : undefined),
        options?.timeout ?? "30 seconds",
        "registration verdict"
      )
    }),
    unregister: (options) => unregister({}, options),
    call: ops.withJsep("call", Ev.Calling),
    accept: ops.withJsep("accept", AcceptAnswer),
    decline: ops.optional("decline", Ev.Declining),
    update: (jsep, options) => update({}, jsep, options),
    hold: ops.optional("hold", Ev.Holding),
    unhold: (options) => unhold({}, options),
    hangup: ops.optional("hangup", Ev.HangingUp),
    message: ops.params("message", Ev.MessageSent),
    info: ops.params("info", Ev.InfoSent),
    dtmfInfo: ops.params("dtmf_info", Ev.DtmfSent, "dtmfInfo"),
    subscribe: ops.params("subscribe", Ev.Subscribing),
    unsubscribe: ops.params("unsubscribe", Ev.Unsubscribing),
    transfer: ops.params("transfer", Ev.Transferring),
    recording: ops.params("recording", Ev.RecordingUpdated)
  }
}

const constructors = makeConstructors(plugin, Sip, make)

/**
 * Attaches a new SIP handle to `session` in the current scope; each call gives an independent handle (a SIP
 * stack of its own, e.g. a master and its helpers).
 *
 * @since 0.1.0
 */
export const attach = constructors.attach

/**
 * Wraps an existing SIP handle by id without sending anything (re-attach after a `claim`: the registration and
 * any call live on in the plugin).
 *
 * @since 0.1.0
 */
export const reattach = constructors.reattach

/**
 * A Layer attaching a SIP handle to the `JanusSession` in context and providing {@link Sip}.
 *
 * @since 0.1.0
 */
export const layer = constructors.layer

/**
 * A Layer providing {@link Sip} for an existing handle id, without sending `attach`.
 *
 * @since 0.1.0
 */
export const layerReattach = constructors.layerReattach
