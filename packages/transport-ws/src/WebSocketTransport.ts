/**
 * `JanusTransport` over one WebSocket, through `@effect/platform` Socket with the `janus-protocol`
 * subprotocol (Janus docs: "WebSockets interface"; `src/transports/janus_websockets.c`).
 *
 * The socket opens when the layer is built and closes with its scope. When it drops, every pending request
 * fails at once with `TransportError` `closed`, every session stream fails with `SessionClosedError`
 * `connection-lost`, and `connection` turns `closed`; build a new transport and `claim` the session to carry on.
 *
 * Needs a `Socket.WebSocketConstructor`: `NodeSocket.layerWebSocketConstructor` from `@effect/platform-node`
 * (the `ws` package under Node 20), or `Socket.layerWebSocketConstructorGlobal` where `WebSocket` is global.
 *
 * @since 0.1.0
 */
import * as Socket from "@effect/platform/Socket"
import { FramedTransport, JanusTransport, TransportError } from "@effect-janus/core"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"

/**
 * Options of the WebSocket transport.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The Janus WebSocket URL, e.g. `ws://127.0.0.1:8188` (Janus's default WebSocket port). */
  readonly url: string
  /** `apisecret` added to every request (Janus `general.api_secret`); 403 when missing or wrong. */
  readonly apiSecret?: Redacted.Redacted<string> | undefined
  /** `token` added to every request (Janus stored-token auth, `general.token_auth`). */
  readonly token?: Redacted.Redacted<string> | undefined
  /** How long a request waits for its reply (default 10 s). */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /** How long to wait for the socket to open (default 10 s); then the layer fails with `TransportError` `connect`. */
  readonly openTimeout?: Duration.DurationInput | undefined
}

const decoder = new TextDecoder()

/**
 * Opens the WebSocket and returns the transport; the socket closes with the scope. Fails with `TransportError`
 * `connect` when the socket cannot be opened.
 *
 * @since 0.1.0
 */
export const make: (
  options: Options
) => Effect.Effect<JanusTransport, TransportError, Socket.WebSocketConstructor | Scope.Scope> = Effect.fn(
  "WebSocketTransport.make"
)(function* (options: Options) {
  const socket = yield* Socket.makeWebSocket(options.url, {
    protocols: "janus-protocol",
    openTimeout: options.openTimeout ?? Duration.seconds(10),
    closeCodeIsError: () => true
  })
  const write = yield* socket.writer
  const framed = yield* FramedTransport.make({
    kind: "websocket",
    apiSecret: options.apiSecret,
    token: options.token,
    requestTimeout: options.requestTimeout,
    write: (frame) =>
      write(frame).pipe(
        Effect.mapError((cause) => new TransportError({ reason: "write", message: "WebSocket write failed", cause }))
      )
  })
  const open = yield* Deferred.make<void, TransportError>()
  yield* socket
    .runRaw(
      (data) => {
        // `receive` does its work at once and returns `Effect.void` unless it has something to log; the Socket
        // forks a fiber for every Effect a handler returns, so hand it one only then.
        const effect = framed.receive(typeof data === "string" ? data : decoder.decode(data))
        return effect === Effect.void ? undefined : effect
      },
      { onOpen: Effect.zipRight(framed.opened, Deferred.succeed(open, undefined)) }
    )
    .pipe(
      Effect.onExit((exit) => {
        const error = Exit.match(exit, {
          onSuccess: () => new TransportError({ reason: "closed", message: `WebSocket ${options.url} closed` }),
          onFailure: (cause) =>
            new TransportError({
              reason: "closed",
              message: `WebSocket ${options.url} closed`,
              cause
            })
        })
        // The `connect` error only matters when the socket never opened (an error costs tens of µs to build).
        const failOpen = Effect.flatMap(Deferred.isDone(open), (opened) =>
          opened
            ? Effect.void
            : Deferred.fail(
                open,
                new TransportError({
                  reason: "connect",
                  message: `cannot open WebSocket ${options.url}`,
                  cause: error.cause
                })
              )
        )
        return failOpen.pipe(Effect.zipRight(framed.closed(error)))
      }),
      Effect.forkScoped
    )
  yield* Deferred.await(open)
  return framed.transport
})

/**
 * A Layer providing `JanusTransport` over a WebSocket to `options.url`.
 *
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<JanusTransport, TransportError, Socket.WebSocketConstructor> =>
  Layer.scoped(JanusTransport, make(options))

/**
 * {@link layer} configured through `Config`: `JANUS_URL` (required), `JANUS_API_SECRET`, `JANUS_TOKEN`
 * (optional, redacted), `JANUS_REQUEST_TIMEOUT` (optional duration, e.g. `"5 seconds"`).
 *
 * @since 0.1.0
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
