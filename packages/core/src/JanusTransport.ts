/**
 * The seam between the core and the wire. A transport sends one core API request and returns its answer
 * (correlated by `transaction`), and pushes the async messages of each session to the sink that session registered
 * ({@link JanusTransport.listen}). Its connection has generations: when the link drops or goes silent, the transport
 * reconnects on its policy and tells every registered session, which `claim`s itself on the new link.
 *
 * Implementations: `WebSocketTransport` (`@effect-janus/transport-ws`), `HttpTransport`
 * (`@effect-janus/transport-http`) and `InMemoryTransport` for tests, all built on `Connection.make`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type * as Subscribable from "effect/Subscribable"
import type { SessionId } from "./Ids.js"
import type { SessionClosedError, TransportError } from "./JanusError.js"
import type { AsyncMessage, PluginEvent, Reply, Request } from "./Protocol.js"

/**
 * The state of a transport's connection, as tagged values:
 * - `Connecting`: the first link is being opened;
 * - `Connected`: a link is up; `generation` counts links from 1 (2 after the first reconnect, …);
 * - `Disconnected`: the link of `generation` dropped (or went silent) with `cause`; a reconnect follows unless the
 *   policy is off;
 * - `Reconnecting`: attempt `attempt` (from 1) failed `elapsed` milliseconds after the drop; the policy waits, then
 *   tries again;
 * - `Closed`: for good — the scope closed (`cause` undefined) or the reconnect policy gave up (`cause` the last error).
 *
 * @since 0.2.0
 * @category models
 */
export type ConnectionState = Data.TaggedEnum<{
  Connecting: {}
  Connected: { readonly generation: number }
  Disconnected: { readonly generation: number; readonly cause: TransportError }
  Reconnecting: { readonly attempt: number; readonly elapsed: number; readonly cause: TransportError }
  Closed: { readonly cause: TransportError | undefined }
}>

/**
 * Constructors and matchers of {@link ConnectionState} (`ConnectionState.Connected({ generation: 1 })`,
 * `ConnectionState.$is("Connected")(state)`, `ConnectionState.$match(state, { … })`).
 *
 * @since 0.2.0
 * @category models
 */
export const ConnectionState = Data.taggedEnum<ConnectionState>()

/**
 * Options of one `JanusTransport.send`: `timeout` (how long to wait for the reply, counted from the call, also across
 * a reconnect; default the transport's `requestTimeout`, 10 s) and `awaitEvent` (for a plugin `message`: wait that
 * long after the `ack` for the plugin `event` of the same transaction).
 *
 * @since 0.1.0
 * @category models
 */
export interface SendOptions {
  /**
   * How long to wait for the reply before failing with `TransportError` `timeout`, counted from the call: a request
   * made while the link is down (or while its session is being reclaimed) waits for the new link within this time.
   * Default: the transport's `requestTimeout` (10 s).
   */
  readonly timeout?: Duration.DurationInput | undefined
  /**
   * For plugin `message` requests: after an `ack`, keep waiting this long for the plugin `event` that carries the
   * request's transaction and succeed with that event (Janus may send it before the ack: both orders work).
   * Without it an `ack` is the answer.
   */
  readonly awaitEvent?: Duration.DurationInput | undefined
}

/**
 * Where a transport delivers one session's messages. Called synchronously, in arrival order, from the
 * transport's reader; keep each call short and never block.
 *
 * @since 0.2.0
 * @category models
 */
export interface SessionSink {
  /** One async message of the session (plugin event, `webrtcup`, `media`, `detached`, `timeout`, …). */
  readonly onMessage: (message: AsyncMessage) => void
  /** The link dropped; requests of the session are held until it is reclaimed on a new link. */
  readonly onDisconnect: (cause: TransportError) => void
  /** A new link (`generation`) is up: the session should `claim` itself now. */
  readonly onReconnect: (generation: number) => void
  /**
   * The server no longer knows the session: a 458 to one of its requests, or HTTP 404 on its long poll.
   * `error` says which.
   */
  readonly onGone: (error: SessionClosedError) => void
  /** The transport closed for good (scope closed, or the reconnect policy gave up). */
  readonly onEnd: (error: SessionClosedError) => void
}

/**
 * The transport service, the seam both transports (WebSocket, HTTP) and the in-memory one implement: `send` one
 * request and get the reply of its transaction, the async messages of a session, and the `connection` state
 * (Connecting, Connected, Disconnected, Reconnecting, Closed). It reconnects by itself and lets each session claim
 * itself on the new link. Provided by `WebSocketTransport.layer`, `HttpTransport.layer` or `InMemoryTransport.layer`.
 *
 * @since 0.1.0
 * @category models
 */
export interface JanusTransport {
  /** `"websocket"`, `"http"` or `"memory"`: for logs and for the few behaviours that differ. */
  readonly kind: string
  /** The server this transport talks to (its URL): what a stored session is tied to. */
  readonly server: string
  /**
   * Sends one request, adding a fresh `transaction` and the configured `apisecret` / `token`, and succeeds with
   * the reply that carries the same transaction: `success`, `error`, `ack`, `server_info` or `pong` — or, with
   * `awaitEvent`, the plugin `event` of that transaction. A Janus `error` reply is a success here (the caller maps
   * it to its own typed error). While the link is down the request waits for the next one (within its timeout); a
   * request already written when the link dropped is never sent again: it fails with `TransportError` `closed`.
   * Fails with `TransportError` (`closed`, `write`, `decode`, `timeout`, `http-status`); never hangs past its
   * timeout.
   */
  readonly send: (request: Request, options?: SendOptions) => Effect.Effect<Reply | PluginEvent, TransportError>
  /**
   * Registers `sink` as the one consumer of a session's async messages for the life of the current scope. Messages
   * that arrived since the session's `create` / `claim` reply are handed over first, so none is lost.
   */
  readonly listen: (sessionId: SessionId, sink: SessionSink) => Effect.Effect<void, never, Scope.Scope>
  /**
   * {@link listen} as a Stream, for tools and tests: the session's messages from the start of the stream; fails with
   * `SessionClosedError` (`not-found` when the server no longer knows it, `connection-lost` when the transport
   * closes); a dropped link that is reconnected does not end it. Run it once per session.
   */
  readonly sessionEvents: (sessionId: SessionId) => Stream.Stream<AsyncMessage, SessionClosedError>
  /** The connection state, readable now (`get`) and as a stream of changes (`changes`). */
  readonly connection: Subscribable.Subscribable<ConnectionState>
}

/**
 * The `JanusTransport` Tag. Provide it with a transport layer, e.g. `WebSocketTransport.layer({ url })`.
 *
 * @since 0.1.0
 * @category tags
 */
export const JanusTransport: Context.Tag<JanusTransport, JanusTransport> = Context.GenericTag<JanusTransport>(
  "@effect-janus/core/JanusTransport"
)
