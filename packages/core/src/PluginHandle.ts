/**
 * The plugin handle service: one handle of one plugin in one session (Janus docs: "The Janus API › Plugin
 * handles"). Obtained with `session.attach` / `session.reattach`, or as a Layer with `Handle.layer` /
 * `Handle.layerReattach`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type { HandleId, SessionId } from "./Ids.js"
import type { JanusApiError, PluginError, SessionClosedError, TransportError } from "./JanusError.js"
import type { Candidate, CandidatesCompleted, HandleMessage, Jsep } from "./Protocol.js"

/**
 * A plugin's answer to `message`: the `success` plugindata of a synchronous request, or the `event` that carries
 * the request's transaction for an asynchronous one (with its `jsep`, e.g. the EchoTest's SDP answer).
 *
 * @since 0.1.0
 * @category models
 */
export interface PluginResponse {
  /** `"success"` for a synchronous answer, `"event"` for an asynchronous one. */
  readonly kind: "success" | "event"
  /** The plugin package name Janus put in `plugindata.plugin`. */
  readonly plugin: string
  /** `plugindata.data`, not yet decoded: plugin wrappers decode it with their own schemas. */
  readonly data: Readonly<Record<string, unknown>>
  readonly jsep?: Jsep | undefined
}

/**
 * Options of one `message` on a plugin handle: `timeout`, how long to wait for the plugin's `event` after Janus's
 * `ack` (default: the session's `eventTimeout`, 30 s); then the request fails with `TransportError` `timeout`.
 *
 * @since 0.1.0
 * @category models
 */
export interface MessageOptions {
  /** How long to wait for the plugin's `event` after the `ack`. Default: the session's `eventTimeout` (30 s). */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * What `trickle` sends: one candidate, several, or `null` / `{completed:true}` for end-of-candidates.
 *
 * @since 0.1.0
 * @category models
 */
export type TrickleInput = Candidate | ReadonlyArray<Candidate> | CandidatesCompleted | null

/**
 * The errors of any request made through a handle: `JanusApiError` (Janus refused it, e.g. 459 no such handle, 458 no
 * such session), `TransportError` (the wire failed, or no answer within the timeout) and `SessionClosedError` (the
 * session ended meanwhile). `message` adds `PluginError` for an answer with `error_code`.
 *
 * @since 0.1.0
 * @category models
 */
export type HandleRequestError = JanusApiError | TransportError | SessionClosedError

/**
 * A plugin handle attached to one plugin in one session (Janus docs: "The Janus API › Plugin handles"): its ids,
 * plugin-level requests (`message`), the WebRTC helpers (`trickle`, `hangup`), `detach`, and its async messages
 * (`events`: plugin events and the core's `webrtcup`, `media`, `slowlink`, `hangup`, …). Obtained from
 * `JanusSession.attach` / `reattach`; the same value keeps working across a reclaim.
 *
 * @since 0.1.0
 * @category models
 */
export interface PluginHandle {
  readonly id: HandleId
  readonly sessionId: SessionId
  /** The plugin package name, e.g. `janus.plugin.echotest`. */
  readonly plugin: string
  /**
   * Sends `{"janus":"message","body":…,"jsep":…}` and resolves with the plugin's answer (see {@link PluginResponse}).
   * Listens before sending, so an `event` that arrives before the `ack` is not missed. Fails with `PluginError`
   * when the answer carries `error_code`, `JanusApiError` when Janus refuses the request (459: no such handle,
   * e.g. a re-attached id the server does not know), `TransportError` on a wire failure or when no event
   * arrives within the timeout, `SessionClosedError` when the session ends meanwhile.
   */
  readonly message: (
    body: Readonly<Record<string, unknown>>,
    jsep?: Jsep | undefined,
    options?: MessageOptions
  ) => Effect.Effect<PluginResponse, PluginError | HandleRequestError>
  /** Sends ICE candidates (`trickle`); Janus answers `ack`. */
  readonly trickle: (candidates: TrickleInput) => Effect.Effect<void, HandleRequestError>
  /** Closes the handle's PeerConnection (`hangup`), keeping the handle. */
  readonly hangup: Effect.Effect<void, HandleRequestError>
  /**
   * Detaches the handle (`detach`). A `detached` event before or after the `success` both count as success, and
   * so does detaching a handle the server already dropped (459). Ends `events` (at the `detached` message when it
   * comes first, else at the `success`).
   */
  readonly detach: Effect.Effect<void, TransportError | SessionClosedError | JanusApiError>
  /**
   * The handle's async messages (plugin events with their jsep, `webrtcup`, `media`, `slowlink`, `hangup`,
   * `detached`, `trickle`), routed by `sender`. Ends after `detached`, a successful `detach`, or when the handle's
   * scope releases it (a run started afterwards ends at once); fails with `SessionClosedError` when the session
   * ends. Each run of the stream sees the messages that arrive from its start on.
   */
  readonly events: Stream.Stream<HandleMessage, SessionClosedError>
  /**
   * Subscribes **now** (in the current scope) and returns the stream of the handle's messages from this moment
   * on: subscribe, then send a request, then read its events — nothing that arrives in between is lost. The
   * stream ends and fails as `events` does; the subscription ends with the scope. Fails with
   * `SessionClosedError` when the session is already over.
   */
  readonly subscribe: Effect.Effect<Stream.Stream<HandleMessage, SessionClosedError>, SessionClosedError, Scope.Scope>
}

/**
 * The `PluginHandle` Tag, provided by `Handle.layer` and `Handle.layerReattach`.
 *
 * @since 0.1.0
 * @category tags
 */
export const PluginHandle: Context.Tag<PluginHandle, PluginHandle> = Context.GenericTag<PluginHandle>(
  "@effect-janus/core/PluginHandle"
)
