/**
 * Janus sessions: created (`create`) or reclaimed by id (`claim`), kept alive by a `Schedule`-driven fiber in
 * the session's `Scope`, and destroyed or abandoned when that scope closes.
 * Follows Janus docs "The Janus API › Sessions" and `janus_process_incoming_request` in `src/janus.c`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type { HandleId, SessionId } from "./Ids.js"
import { makeSession } from "./internal/session.js"
import type { JanusApiError, SessionClosedError, SessionReclaimError, TransportError } from "./JanusError.js"
import { JanusTransport } from "./JanusTransport.js"
import type { PluginLike } from "./Plugin.js"
import type { PluginHandle } from "./PluginHandle.js"
import type { AsyncMessage } from "./Protocol.js"

/**
 * Options of {@link make} and {@link layer}.
 *
 * @since 0.1.0
 */
export interface SessionOptions {
  /**
   * An existing session to reclaim: sends `claim` instead of `create`. Janus keeps a session whose WebSocket
   * closed for `reclaim_session_timeout` seconds (0 by default: destroyed at once); HTTP sessions live until
   * `session_timeout`. A refused claim fails with `SessionReclaimError` (458 when unknown or expired).
   */
  readonly sessionId?: SessionId | number | undefined
  /**
   * What closing the scope does: `"destroy"` (default) sends `destroy`; `"abandon"` sends nothing and leaves the
   * session and its handles on the server for another connection or process to `claim` (a worker hand-off).
   */
  readonly onClose?: "destroy" | "abandon" | undefined
  /**
   * Interval between `keepalive` requests (default 25 s, as janus.js), or `false` for none. Keep it below the
   * server's `session_timeout` (60 s by default). Started after `create` and after `claim`.
   */
  readonly keepAlive?: Duration.DurationInput | false | undefined
  /** How long `handle.message` waits for the plugin's `event` after the `ack` (default 30 s). */
  readonly eventTimeout?: Duration.DurationInput | undefined
}

/**
 * Options of `session.attach`.
 *
 * @since 0.1.0
 */
export interface AttachOptions {
  /** `opaque_id`: a tag Janus shows in the Admin API and event handlers. */
  readonly opaqueId?: string | undefined
  /**
   * What closing the handle's scope does: `"detach"` sends `detach`; `"abandon"` leaves the handle for a later
   * re-attach. Default: `"detach"`, or `"abandon"` when the session itself is opened with `onClose: "abandon"`.
   */
  readonly onClose?: "detach" | "abandon" | undefined
}

/**
 * Options of `session.reattach`.
 *
 * @since 0.1.0
 */
export interface ReattachOptions {
  /** As in {@link AttachOptions}. */
  readonly onClose?: "detach" | "abandon" | undefined
}

/**
 * A live Janus session.
 *
 * @since 0.1.0
 */
export interface JanusSession {
  readonly id: SessionId
  /** True when this session was reclaimed with `claim`, false when created. */
  readonly claimed: boolean
  /** The transport the session talks through. */
  readonly transport: JanusTransport
  /**
   * Attaches a plugin handle (`attach`), scoped: detached when the scope closes (see {@link AttachOptions}).
   * Fails with `JanusApiError` (460 no such plugin, 405 unauthorized plugin), `TransportError`, or
   * `SessionClosedError` when the session is over.
   */
  readonly attach: (
    plugin: PluginLike,
    options?: AttachOptions
  ) => Effect.Effect<PluginHandle, JanusApiError | TransportError | SessionClosedError, Scope.Scope>
  /**
   * Uses an existing handle id again **without sending anything** (no new `attach`), e.g. after a `claim`.
   * Fails with `SessionClosedError` when the session is already over; an id the server does not know surfaces
   * as `JanusApiError` 459 on first use.
   */
  readonly reattach: (
    plugin: PluginLike,
    handleId: HandleId | number,
    options?: ReattachOptions
  ) => Effect.Effect<PluginHandle, SessionClosedError, Scope.Scope>
  /**
   * Every async message of the session, for all its handles, from the moment the stream starts. Ends when the
   * session is destroyed; fails with `SessionClosedError` on `timeout` (after emitting the `timeout` message),
   * when the connection drops (`connection-lost`), or when the server no longer knows the session (`not-found`).
   */
  readonly events: Stream.Stream<AsyncMessage, SessionClosedError>
  /** Destroys the session (`destroy`) and ends its streams. Idempotent; 458 counts as success. */
  readonly destroy: Effect.Effect<void, JanusApiError | TransportError>
  /**
   * Waits until the session is over: succeeds with the `SessionClosedError` that ended it, or `undefined` when it
   * was destroyed or its scope closed.
   */
  readonly awaitClosed: Effect.Effect<SessionClosedError | undefined>
}

/**
 * The `JanusSession` Tag, provided by {@link layer}.
 *
 * @since 0.1.0
 */
export const JanusSession: Context.Tag<JanusSession, JanusSession> = Context.GenericTag<JanusSession>(
  "@effect-janus/core/JanusSession"
)

/**
 * Creates a session (`create`), or reclaims one by id (`claim`) when `options.sessionId` is given, and forks its
 * keep-alive and event routing into the current scope. Closing the scope destroys the session (or abandons it,
 * with `onClose: "abandon"`).
 *
 * Fails with `SessionReclaimError` when Janus refuses the claim (code and reason from Janus; 458 for an unknown
 * or expired id), `JanusApiError` when it refuses `create` (e.g. 403 without the right `apisecret`), or
 * `TransportError`.
 *
 * @since 0.1.0
 */
export const make: (
  options?: SessionOptions
) => Effect.Effect<JanusSession, SessionReclaimError | JanusApiError | TransportError, JanusTransport | Scope.Scope> =
  Effect.fn("Session.make")(function* (options?: SessionOptions) {
    const transport = yield* JanusTransport
    return yield* makeSession(transport, options)
  })

/**
 * {@link make} as a Layer providing the `JanusSession` Tag; the session lives as long as the layer.
 *
 * @since 0.1.0
 */
export const layer = (
  options?: SessionOptions
): Layer.Layer<JanusSession, SessionReclaimError | JanusApiError | TransportError, JanusTransport> =>
  Layer.scoped(JanusSession, make(options))
