/**
 * A transport's connection, with generations: the building block every transport (WebSocket, HTTP, in-memory) is
 * made of. A driver only knows how to open one **link** (a WebSocket, or a reachable HTTP endpoint) and how to
 * write one request on it; `make` does the rest, the same way for every transport:
 *
 * - **correlation**: one table of pending transactions serves replies and transaction-matched plugin events
 *   (`ack` then `event`, in either order — JANUS-FACTS "Request/response correlation"); per-request deadlines on
 *   the Clock (`TestClock` drives them);
 * - **routing**: async messages go to the sink their session registered (`JanusTransport.listen`), buffered from
 *   the `create` / `claim` reply until the sink attaches;
 * - **generations**: when a link drops (the driver reports it, or the liveness check finds it silent) the requests
 *   already written fail with `TransportError` `closed`; requests not yet written wait; every session's requests
 *   are held until the session is reclaimed; the link is reopened on the reconnect `Schedule`, and each session is
 *   told to `claim` itself (`SessionSink.onReconnect`) — a `claim` success releases its held requests;
 * - **server-side loss**: a 458 to any request of a session (or HTTP 404 on its long poll) reaches the session as
 *   `onGone` at once.
 *
 * Follows `src/janus.c` (`janus_process_incoming_request`: transactions, `claim`, 458) and
 * `src/transports/janus_websockets.c` (a dropped WebSocket starts the reclaim window).
 *
 * @since 0.2.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type * as Tracer from "effect/Tracer"
import type { SessionId } from "./Ids.js"
import { defaultReconnect, makeConnection, reclaimWindow } from "./internal/connection.js"
import type { TransportError } from "./JanusError.js"
import type { JanusTransport } from "./JanusTransport.js"
import type { Reply, WireRequest } from "./Protocol.js"

/**
 * What a driver hands incoming data and failures to. Every method is synchronous and safe to call from any
 * callback (a socket's `onmessage`, the end of an HTTP request).
 *
 * @since 0.2.0
 * @category models
 */
export interface Receiver {
  /**
   * One incoming message: a JSON text frame (parsed here) or an already parsed value. Replies settle their
   * request, async messages go to their session; undecodable input is logged as `TransportError` `decode` and
   * dropped (a malformed reply that names a pending transaction fails that request at once).
   */
  readonly receive: (data: unknown) => void
  /** The request of `transaction` failed on the wire (e.g. its HTTP POST): it fails with `error`. */
  readonly failed: (transaction: string, error: TransportError) => void
  /** The server no longer knows `sessionId` (HTTP 404 on its long poll). */
  readonly gone: (sessionId: SessionId, cause?: unknown) => void
  /** The link is gone (closed, reset, unreachable): the connection reconnects on its policy. */
  readonly closed: (error: TransportError) => void
}

/**
 * One open link of a connection — a WebSocket, or the HTTP client to one server — as a transport driver opens it for
 * `Connection.make`: `write` hands one request to the wire, and for transports without a push channel `poll` fetches a
 * session's async messages (HTTP long poll). A new link is opened after each reconnect.
 *
 * @since 0.2.0
 * @category models
 */
export interface Link {
  /**
   * Sends one request: `frame` is its JSON text, `request` the same value (with `transaction`, `apisecret`,
   * `token`). Called by one writer fiber, one request at a time: return once the request is handed to the wire
   * (an HTTP driver forks its POST and reports the reply through `Receiver.receive` or `Receiver.failed`).
   * `span` is the span the request was made in (its `janus.<request>` span; `undefined` outside any span): the
   * writer fiber is not the request's, so a driver that propagates trace context (HTTP `traceparent`) takes it
   * from here.
   */
  readonly write: (
    frame: string,
    request: WireRequest,
    span?: Tracer.AnySpan | undefined
  ) => Effect.Effect<void, TransportError>
  /**
   * For transports whose async messages are fetched per session (HTTP long poll): runs the session's poll on this
   * link, handing what it gets to `Receiver.receive`, until interrupted. Succeeds when the session is gone (after
   * `Receiver.gone`); fails when the link is unusable (the connection then reconnects). Frame transports leave it
   * out: their messages arrive on the link.
   */
  readonly poll?: ((sessionId: SessionId) => Effect.Effect<void, TransportError>) | undefined
}

/**
 * Options of {@link make}, given by a transport driver: what it is (`kind`, `server`), the credentials it adds
 * (`apiSecret`, `token`), the request timeout, the reconnect Schedule and liveness bound, and `connect`, which opens
 * one {@link Link}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** `"websocket"`, `"http"`, `"memory"`, … */
  readonly kind: string
  /** The server's URL (`JanusTransport.server`). */
  readonly server: string
  /**
   * Opens one link in the given scope (closing the scope closes the link). Fails with `TransportError` `connect`.
   */
  readonly connect: (receiver: Receiver) => Effect.Effect<Link, TransportError, Scope.Scope>
  /** `apisecret` added to every request (Janus `general.api_secret`); a plain string is accepted too. */
  readonly apiSecret?: Redacted.Redacted<string> | string | undefined
  /** `token` added to every request (Janus `general.token_auth`); a plain string is accepted too. */
  readonly token?: Redacted.Redacted<string> | string | undefined
  /** How long a request waits for its reply, counted from the call (default 10 s). */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /**
   * When a link drops: the Schedule that paces the attempts to open a new one (its input is the last
   * `TransportError`; when it ends the transport closes for good and every session ends with
   * `SessionClosedError` `connection-lost`), or `false` to close at the first drop. Default: {@link defaultSchedule}
   * bounded by the server's reclaim window, read from `info` once connected ({@link window}).
   */
  readonly reconnect?: Schedule.Schedule<unknown, TransportError> | false | undefined
  /**
   * Dead-link detection: when nothing has been received for half of this, a `ping` is sent; nothing received for
   * all of it declares the link dead (`TransportError` `timeout`), which is then torn down and reconnected. Checked
   * every eighth of the bound, so a dead link is noticed between 1 and 1.125 × the bound after its last frame.
   * Default 40 s: noticed within 45 s, under two keep-alive intervals (2 × 25 s); `false` or a zero duration (0, a
   * negative number) turns it off.
   */
  readonly liveness?: Duration.DurationInput | false | undefined
  /** Whether to ask the server's `info` for its reclaim window after connecting (default true). */
  readonly serverInfo?: boolean | undefined
}

/**
 * The default reconnect policy: a first retry after ~100 ms, doubling, capped at 2 s, with jitter, for as long as
 * `window` lasts (after that, Janus has destroyed the sessions anyway).
 *
 * @since 0.2.0
 * @category reconnect
 */
export const defaultSchedule: (window: Duration.DurationInput) => Schedule.Schedule<unknown, TransportError> =
  defaultReconnect

/**
 * The reconnect window of a server, from its `info` reply (`session-timeout`, `reclaim-session-timeout`, seconds):
 * over WebSocket with reclaiming on, min(both) + 3 s (the reclaim watchdog ticks every 2 s); otherwise
 * `session-timeout`; 60 s when unknown. In Janus ≤ 1.4.1 the window counts from the session's last activity
 * (JANUS-FACTS "Facts added after the first release").
 *
 * @since 0.2.0
 * @category reconnect
 */
export const window: (info: Reply | undefined, kind: string) => Duration.Duration = reclaimWindow

/**
 * Builds a transport on a driver in the current scope: opens the first link (failing with its `TransportError`
 * `connect` when it cannot), then keeps the connection up on the reconnect policy until the scope closes. Closing
 * the scope fails every pending request with `TransportError` `closed` and ends every session with
 * `SessionClosedError` `connection-lost`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<JanusTransport, TransportError, Scope.Scope> =>
  makeConnection(options)
