/**
 * Janus sessions: created (`create`) or reclaimed by id (`claim`), kept alive by a `Schedule`-driven fiber in
 * the session's `Scope`, and destroyed or abandoned when that scope closes.
 * Follows Janus docs "The Janus API › Sessions" and `janus_process_incoming_request` in `src/janus.c`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type * as Subscribable from "effect/Subscribable"
import type { HandleId, SessionId } from "./Ids.js"
import { makeSession } from "./internal/session.js"
import type { JanusApiError, SessionClosedError, SessionReclaimError, TransportError } from "./JanusError.js"
import { JanusTransport } from "./JanusTransport.js"
import type { PluginLike } from "./Plugin.js"
import type { PluginHandle } from "./PluginHandle.js"
import type { AsyncMessage } from "./Protocol.js"
import { SessionStore, type SessionStoreError, type StoredHandle, type StoredSession } from "./SessionStore.js"

/**
 * Options of {@link make} and {@link layer}: an existing `sessionId` to claim instead of creating one, what closing
 * the scope does (`onClose`), the keep-alive interval, how long a `message` waits for its plugin event, and what
 * happens when the server no longer knows the session (`onLost`).
 *
 * @since 0.1.0
 * @category models
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
   * Interval between `keepalive` requests (default 25 s, as janus.js), or `false` for none (a zero duration — 0, a
   * negative number — is none too). Keep it below the server's `session_timeout` (60 s by default). Started after
   * `create` and after `claim`.
   */
  readonly keepAlive?: Duration.DurationInput | false | undefined
  /** How long `handle.message` waits for the plugin's `event` after the `ack` (default 30 s). */
  readonly eventTimeout?: Duration.DurationInput | undefined
  /**
   * What to do when the server no longer knows the session — the reclaim after a reconnect is refused (458: the
   * reclaim window passed, or Janus restarted), a request is answered 458, the HTTP long poll gets 404, or Janus
   * sends `timeout`:
   * - `"fail"` (default): the session ends; its streams fail with `SessionClosedError` (`not-found`, or `timeout`)
   *   and its state turns `Lost`;
   * - `"recreate"`: a new session is created and every handle re-attached to its plugin (new ids, the same
   *   `JanusSession` and handle values); the state turns `Recreated` with the old and new ids, so the app can
   *   re-join its rooms. Plugin state (rooms joined, registrations) is not restored by Janus.
   */
  readonly onLost?: "fail" | "recreate" | undefined
}

/**
 * The state of a session, as tagged values:
 * - `Active`: created or claimed, on a live link;
 * - `Disconnected`: the link dropped `since` (Clock epoch ms) with `cause`; requests wait for the reclaim;
 * - `Reclaiming`: a new link (`generation`) is up and the session is sending `claim`;
 * - `Reclaimed`: the session was claimed on link `generation` after a gap of `gap` ms; requests flow again.
 *   Janus dropped the async events it had for the session during the gap (JANUS-FACTS "Session reclamation"):
 *   re-sync what you need (see `AttachOptions.resync`);
 * - `Recreated`: the server had lost the session; with `onLost: "recreate"` it was created again as `newId` and
 *   each handle re-attached (`handles`: plugin, old id, new id);
 * - `Lost`: the server no longer knows the session, or the transport gave up; `error` says why. Final;
 * - `Closed`: destroyed, or its scope closed. Final.
 *
 * @since 0.2.0
 * @category models
 */
export type SessionState = Data.TaggedEnum<{
  Active: {}
  Disconnected: { readonly since: number; readonly cause: TransportError }
  Reclaiming: { readonly generation: number }
  Reclaimed: { readonly generation: number; readonly gap: number }
  Recreated: {
    readonly oldId: SessionId
    readonly newId: SessionId
    readonly gap: number
    readonly handles: ReadonlyArray<{ readonly plugin: string; readonly oldId: HandleId; readonly newId: HandleId }>
  }
  Lost: { readonly error: SessionClosedError | SessionReclaimError }
  Closed: {}
}>

/**
 * Constructors and matchers of {@link SessionState} (`SessionState.$is("Reclaimed")(state)`, `$match`).
 *
 * @since 0.2.0
 * @category models
 */
export const SessionState = Data.taggedEnum<SessionState>()

/**
 * What a handle's re-sync effect is told: the session was reclaimed (same ids) or re-created (new ids).
 *
 * @since 0.2.0
 * @category models
 */
export type Recovery =
  | Data.TaggedEnum.Value<SessionState, "Reclaimed">
  | Data.TaggedEnum.Value<SessionState, "Recreated">

/**
 * Options of `JanusSession.attach`: the handle's `opaqueId` (Janus shows it in the Admin API and event handlers), what
 * closing the handle's scope does (`onClose`: detach or abandon), and a `resync` effect run after each reclaim or re-
 * creation of the session.
 *
 * @since 0.1.0
 * @category models
 */
export interface AttachOptions {
  /** `opaque_id`: a tag Janus shows in the Admin API and event handlers. */
  readonly opaqueId?: string | undefined
  /**
   * What closing the handle's scope does: `"detach"` sends `detach`; `"abandon"` leaves the handle for a later
   * re-attach. Default: `"detach"`, or `"abandon"` when the session itself is opened with `onClose: "abandon"`.
   */
  readonly onClose?: "detach" | "abandon" | undefined
  /**
   * Run after each reclaim or re-creation of the session, once its requests flow again: re-read what Janus did
   * not replay (participants, registration, …). The plugin wrappers offer the usual one for their plugin. Its
   * failure is logged, never fatal.
   */
  readonly resync?: ((handle: PluginHandle, recovery: Recovery) => Effect.Effect<unknown, unknown>) | undefined
}

/**
 * Options of `JanusSession.reattach` (binding a handle id that already exists on the server, e.g. after a hand-over
 * from another process): `onClose` and `resync`, as in {@link AttachOptions}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReattachOptions {
  /** As in {@link AttachOptions}. */
  readonly onClose?: "detach" | "abandon" | undefined
  /** As in {@link AttachOptions}. */
  readonly resync?: AttachOptions["resync"]
}

/**
 * A live Janus session (Janus docs: "The Janus API › Sessions"): its id, the transport it talks through, `attach` /
 * `reattach` of plugin handles, its async messages (`events`), its `state` across reconnects (Active, Disconnected,
 * Reclaiming, Reclaimed, Recreated, Lost, Closed) and `awaitClosed`. Kept alive by `keepalive` requests every
 * `keepAlive` interval; destroyed or abandoned when the scope that made it closes.
 *
 * @since 0.1.0
 * @category models
 */
export interface JanusSession {
  /** The session id; it changes only when the session is re-created (`onLost: "recreate"`). */
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
   * Fails with `SessionClosedError` when the session is already over, and with `JanusApiError` 459 (nothing sent)
   * when `handleId` is not a positive safe integer; an id the server does not know surfaces as `JanusApiError` 459
   * on first use.
   */
  readonly reattach: (
    plugin: PluginLike,
    handleId: HandleId | number,
    options?: ReattachOptions
  ) => Effect.Effect<PluginHandle, SessionClosedError | JanusApiError, Scope.Scope>
  /** The handles open on this session now (attached or re-attached, not yet detached or released). */
  readonly handles: Effect.Effect<ReadonlyArray<PluginHandle>>
  /**
   * The session's state (see {@link SessionState}): `get` now, `changes` as a Stream — e.g. to show
   * "reconnecting…" and to know when to re-sync.
   */
  readonly state: Subscribable.Subscribable<SessionState>
  /**
   * Every async message of the session, for all its handles, from the moment the stream starts. It carries on
   * across a reconnect (the events Janus sent during the gap are lost). Ends when the session is destroyed; fails
   * with `SessionClosedError` on `timeout` (after emitting the `timeout` message), when the transport closes for
   * good (`connection-lost`), or when the server no longer knows the session (`not-found`) — unless `onLost` is
   * `"recreate"`.
   */
  readonly events: Stream.Stream<AsyncMessage, SessionClosedError>
  /**
   * Destroys the session (`destroy`) and ends its streams. Idempotent; 458 counts as success. When the scope closes
   * while the link is down, the session is abandoned instead (it expires on the server): a scope closed during a gap
   * never waits for a reconnect, and never destroys a session another attempt means to reclaim.
   */
  readonly destroy: Effect.Effect<void, JanusApiError | TransportError>
  /**
   * Waits until the session is over: succeeds with the `SessionClosedError` that ended it, or `undefined` when it
   * was destroyed or its scope closed. A reconnect does not end it.
   */
  readonly awaitClosed: Effect.Effect<SessionClosedError | undefined>
}

/**
 * The `JanusSession` Tag: the session of the surrounding program, provided by {@link layer} (created or claimed when
 * the layer is built, destroyed or abandoned when it is released). The plugin wrappers' `layer`s read it.
 *
 * @since 0.1.0
 * @category tags
 */
export const JanusSession: Context.Tag<JanusSession, JanusSession> = Context.GenericTag<JanusSession>(
  "@effect-janus/core/JanusSession"
)

/**
 * Creates a session (`create`), or reclaims one by id (`claim`) when `options.sessionId` is given, and starts its
 * keep-alive for as long as the current scope is open. Closing the scope destroys the session (or abandons it, with
 * `onClose: "abandon"`). On a transport built with `Connection.make` (WebSocket, HTTP, in-memory) one fiber per
 * connection sends the keep-alives of all its sessions, each in a short fiber of its own with the caller's logger,
 * tracer and supervisor; on any other transport the session forks a `Schedule.spaced` fiber into the scope.
 *
 * The session outlives its connection: when the transport reconnects, the session `claim`s itself on the new link,
 * its requests made meanwhile go out after the claim (within their own timeout), and its handles and streams carry
 * on — the same values, no re-attach. Watch `session.state` to know when it happened.
 *
 * Fails with `SessionReclaimError` when Janus refuses the claim (code and reason from Janus; 458 for an unknown
 * or expired id, and for an id that is not a positive safe integer, which is not sent), `JanusApiError` when it
 * refuses `create` (e.g. 403 without the right `apisecret`), or `TransportError`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (
  options?: SessionOptions
) => Effect.Effect<JanusSession, SessionReclaimError | JanusApiError | TransportError, JanusTransport | Scope.Scope> = (
  options?: SessionOptions
) =>
  // The caller's runtime, taken outside the span: the session forks its keep-alive beats and recoveries from it (a
  // runtime shared by the sessions made from the same place, without the span or the caller's Context).
  Effect.flatMap(Effect.runtime<never>(), (runtime) =>
    Effect.flatMap(JanusTransport, (transport) => makeSession(transport, runtime, options)).pipe(
      // A span without the call-site capture `Effect.fn` does (an `Error` per call).
      Effect.withSpan("Session.make", { captureStackTrace: false })
    )
  )

/**
 * {@link make} as a Layer providing the `JanusSession` Tag; the session lives as long as the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options?: SessionOptions
): Layer.Layer<JanusSession, SessionReclaimError | JanusApiError | TransportError, JanusTransport> =>
  Layer.scoped(JanusSession, make(options))

/**
 * Resumes the session stored under `key` in the `SessionStore` — after a process restart, a page reload, a crash —
 * or creates one when there is nothing to resume:
 * - a stored session of the same server (`transport.server`) is claimed; each stored handle is re-bound (no
 *   `attach` sent) by the first `session.attach` of the same plugin and `opaqueId` — so the same code attaches on a
 *   first run and re-binds after a restart;
 * - nothing stored, another server, a record that does not decode, or a claim that Janus refuses (458: the reclaim
 *   window passed, or Janus restarted) → a new session (`create`), whose handles are attached anew;
 * - the record stays current as handles come and go; it is removed when the session is destroyed (the default
 *   `onClose`) or lost, and kept when the session is abandoned (`onClose: "abandon"`) or the process dies.
 *
 * Fails with `JanusApiError` (a refused `create`), `TransportError`, or `SessionStoreError` when the store
 * cannot be read or written (`read` / `write`). Failures to update the record later are logged, never fatal.
 *
 * @since 0.2.0
 * @category constructors
 */
export const resume: (
  key: string,
  options?: Omit<SessionOptions, "sessionId">
) => Effect.Effect<
  JanusSession,
  JanusApiError | TransportError | SessionStoreError,
  JanusTransport | SessionStore | Scope.Scope
> = (key, options) =>
  // As `make`: the caller's runtime, taken outside the span.
  Effect.flatMap(Effect.runtime<never>(), (runtime) => resumeIn(runtime, key, options))

const resumeIn = Effect.fn("Session.resume")(function* (
  runtime: Runtime.Runtime<never>,
  key: string,
  options?: Omit<SessionOptions, "sessionId">
) {
  const transport = yield* JanusTransport
  const store = yield* SessionStore
  const stored = yield* store
    .get(key)
    .pipe(
      Effect.catchTag("SessionStoreError", (error) =>
        error.reason === "decode"
          ? Effect.as(Effect.logWarning("effect-janus: unreadable stored session ignored", error), Option.none())
          : Effect.fail(error)
      )
    )
  const logged = (effect: Effect.Effect<void, SessionStoreError>) =>
    Effect.catchAll(effect, (error) => Effect.logWarning("effect-janus: session store update failed", error))
  const persistence = (adopt: ReadonlyArray<StoredHandle>) => ({
    save: (record: StoredSession) => logged(store.set(key, record)),
    remove: logged(store.remove(key)),
    adopt
  })
  if (Option.isSome(stored) && stored.value.server === transport.server) {
    const record = stored.value
    const claimed = yield* Effect.either(
      makeSession(transport, runtime, { ...options, sessionId: record.sessionId }, persistence(record.handles))
    )
    if (claimed._tag === "Right") return claimed.right
    if (claimed.left._tag !== "SessionReclaimError") return yield* Effect.fail(claimed.left)
    yield* Effect.logInfo("effect-janus: stored session is gone; creating a new one").pipe(
      Effect.annotateLogs({ "janus.session_id": record.sessionId })
    )
  }
  return yield* Effect.catchTag(
    makeSession(transport, runtime, options, persistence([])),
    "SessionReclaimError",
    Effect.die
  )
})
