/**
 * The seam between the core and the wire. A transport sends one core API request and returns its synchronous
 * reply (correlated by `transaction`), and gives the async messages of a session as a Stream. Transports know
 * nothing of plugins; the core knows nothing of sockets or HTTP.
 *
 * Implementations: `WebSocketTransport` (`@effect-janus/transport-ws`), `HttpTransport`
 * (`@effect-janus/transport-http`) and {@link InMemoryTransport} for tests.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type * as Subscribable from "effect/Subscribable"
import type { SessionId } from "./Ids.js"
import type { SessionClosedError, TransportError } from "./JanusError.js"
import type { AsyncMessage, Reply, Request } from "./Protocol.js"

/**
 * The state of a transport's connection. `connecting` until the WebSocket opens; `connected`; `closed` once it
 * dropped or its scope closed (a closed transport stays closed: build a new one and `claim` the session).
 * The HTTP transport has no connection and reports `connected` until its scope closes.
 *
 * @since 0.1.0
 */
export const ConnectionState = Schema.Literal("connecting", "connected", "closed")
/** @since 0.1.0 */
export type ConnectionState = typeof ConnectionState.Type

/**
 * Options of one request.
 *
 * @since 0.1.0
 */
export interface SendOptions {
  /** How long to wait for the reply before failing with `TransportError` `timeout`. Default: the transport's. */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The transport service.
 *
 * @since 0.1.0
 */
export interface JanusTransport {
  /** `"websocket"`, `"http"` or `"memory"`: for logs and for the few behaviours that differ. */
  readonly kind: string
  /**
   * Sends one request, adding a fresh `transaction` and the configured `apisecret` / `token`, and succeeds with
   * the reply that carries the same transaction: `success`, `error`, `ack`, `server_info` or `pong`. A Janus
   * `error` reply is a success here (the caller maps it to its own typed error). Fails with `TransportError`
   * (`closed`, `write`, `decode`, `timeout`, `http-status`); never hangs past the timeout.
   */
  readonly send: (request: Request, options?: SendOptions) => Effect.Effect<Reply, TransportError>
  /**
   * The async messages of one session, in arrival order: plugin events, `webrtcup`, `media`, `slowlink`,
   * `hangup`, `detached`, `trickle` and `timeout`. Over WebSocket the messages of a session whose `create` or
   * `claim` succeeded are buffered from that reply on, so none is lost before the stream starts; over HTTP the
   * stream runs the long-poll. The stream fails with `SessionClosedError` (`connection-lost` when the connection
   * drops, `not-found` when the server no longer knows the session) or `TransportError`. Run it once per session.
   */
  readonly sessionEvents: (sessionId: SessionId) => Stream.Stream<AsyncMessage, TransportError | SessionClosedError>
  /** The connection state, readable now (`get`) and as a stream of changes (`changes`). */
  readonly connection: Subscribable.Subscribable<ConnectionState>
}

/**
 * The `JanusTransport` Tag. Provide it with a transport layer, e.g. `WebSocketTransport.layer({ url })`.
 *
 * @since 0.1.0
 */
export const JanusTransport: Context.Tag<JanusTransport, JanusTransport> = Context.GenericTag<JanusTransport>(
  "@effect-janus/core/JanusTransport"
)
