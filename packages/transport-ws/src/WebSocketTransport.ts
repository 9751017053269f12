/**
 * `JanusTransport` over one WebSocket with the `janus-protocol` subprotocol (Janus docs: "WebSockets interface";
 * `src/transports/janus_websockets.c`), made by `@effect/platform`'s `Socket.WebSocketConstructor`. The socket is
 * driven directly (its events, `send`, `close`) rather than through `Socket.makeWebSocket`, whose per-connection cost
 * was 2.8× the socket's own (BENCHMARKS.md, "Fifth wave"); the open is bounded by `openTimeout` on Effect's Clock.
 *
 * The socket opens when the layer is built and closes with its scope. When it drops (or goes silent past the
 * `liveness` bound), the requests already written fail at once with `TransportError` `closed`, a new socket is
 * opened on the `reconnect` Schedule, and every session on the transport `claim`s itself on it: sessions, handles
 * and their streams carry on (see `Connection` in `@effect-janus/core`). Janus keeps a session whose socket
 * dropped for `reclaim_session_timeout` seconds (0 by default: destroyed at once — set it on the server).
 *
 * Needs a `Socket.WebSocketConstructor`: `NodeSocket.layerWebSocketConstructor` from `@effect/platform-node`
 * (the `ws` package under Node 20), or `Socket.layerWebSocketConstructorGlobal` where `WebSocket` is global.
 *
 * @since 0.1.0
 */
import * as Socket from "@effect/platform/Socket"
import { Connection, JanusTransport, type TransportError } from "@effect-janus/core"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import { openLink } from "./internal/link.js"

/**
 * Options of the WebSocket transport.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The Janus WebSocket URL, e.g. `ws://127.0.0.1:8188` (Janus's default WebSocket port). */
  readonly url: string
  /** `apisecret` added to every request (Janus `general.api_secret`); 403 when missing or wrong. A string is accepted. */
  readonly apiSecret?: Redacted.Redacted<string> | string | undefined
  /** `token` added to every request (Janus stored-token auth, `general.token_auth`). A string is accepted. */
  readonly token?: Redacted.Redacted<string> | string | undefined
  /** How long a request waits for its reply, counted from the call (default 10 s). */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /** How long to wait for the socket to open (default 10 s); then the attempt fails with `TransportError` `connect`. */
  readonly openTimeout?: Duration.DurationInput | undefined
  /**
   * When the socket drops: the Schedule of reconnect attempts, or `false` to close for good at the first drop
   * (every session then ends with `SessionClosedError` `connection-lost`). Default: `Connection.defaultSchedule`
   * bounded by the server's reclaim window (from `info`). After each reconnect every session `claim`s itself.
   */
  readonly reconnect?: Schedule.Schedule<unknown, TransportError> | false | undefined
  /**
   * Dead-link bound: silence for half of it sends a `ping`, silence for all of it declares the socket dead and
   * reconnects (noticed within 1.125 × the bound; default 40 s, so under two 25 s keep-alive intervals; `false` or
   * a zero duration: off). See `Connection.Options.liveness`.
   */
  readonly liveness?: Duration.DurationInput | false | undefined
}

/**
 * Opens the WebSocket and returns the transport; the socket closes with the scope. Fails with `TransportError`
 * `connect` (its message names the OS cause, e.g. `ECONNREFUSED`) when the first socket cannot be opened. Later
 * drops are reconnected on `options.reconnect` (see {@link Options}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<JanusTransport, TransportError, Socket.WebSocketConstructor | Scope.Scope> =>
  Effect.gen(function* () {
    const webSocketConstructor = yield* Socket.WebSocketConstructor
    const link = {
      url: options.url,
      protocol: "janus-protocol",
      openTimeout: Duration.decode(options.openTimeout ?? Duration.seconds(10))
    }
    const connection = yield* Connection.make({
      kind: "websocket",
      server: options.url,
      apiSecret: options.apiSecret,
      token: options.token,
      requestTimeout: options.requestTimeout,
      reconnect: options.reconnect,
      liveness: options.liveness,
      // A link lives in the scope `Connection` gives it, not in the caller's.
      connect: (receiver) => openLink(webSocketConstructor, link, receiver)
    })
    return connection
  }).pipe(
    // No call-site capture (an `Error` per connection, as for the request spans).
    Effect.withSpan("WebSocketTransport.make", {
      attributes: { "janus.server": options.url },
      captureStackTrace: false
    })
  )

/**
 * A Layer providing `JanusTransport` over a WebSocket to `options.url`: {@link make} in a Layer, so the socket
 * opens when the layer is built and closes when it is released. Fails to build with `TransportError` `connect`
 * when the first socket cannot be opened; needs a `Socket.WebSocketConstructor` (see the module doc).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<JanusTransport, TransportError, Socket.WebSocketConstructor> =>
  Layer.scoped(JanusTransport, make(options))

/**
 * {@link layer} configured through `Config`: `JANUS_URL` (required), `JANUS_API_SECRET`, `JANUS_TOKEN`
 * (optional, redacted), `JANUS_REQUEST_TIMEOUT` (optional duration, e.g. `"5 seconds"`); reconnect and liveness
 * keep their defaults. Fails to build with `ConfigError` when `JANUS_URL` is missing or a value does not parse,
 * and with `TransportError` `connect` as {@link layer}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<
  JanusTransport,
  TransportError | ConfigError.ConfigError,
  Socket.WebSocketConstructor
> = Layer.unwrapEffect(
  Effect.map(
    Config.all({
      url: Config.string("JANUS_URL"),
      apiSecret: Config.option(Config.redacted("JANUS_API_SECRET")),
      token: Config.option(Config.redacted("JANUS_TOKEN")),
      requestTimeout: Config.option(Config.duration("JANUS_REQUEST_TIMEOUT"))
    }),
    (config) =>
      layer({
        url: config.url,
        apiSecret: config.apiSecret._tag === "Some" ? config.apiSecret.value : undefined,
        token: config.token._tag === "Some" ? config.token.value : undefined,
        requestTimeout: config.requestTimeout._tag === "Some" ? config.requestTimeout.value : undefined
      })
  )
)
