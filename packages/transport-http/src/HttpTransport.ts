/**
 * `JanusTransport` over the Janus REST API (Janus docs: "RESTful, HTTP/HTTPS interface";
 * `src/transports/janus_http.c`), through `@effect/platform` `HttpClient`.
 *
 * - Requests are `POST`s of one JSON object: `create`, `info` and `ping` to `<url>`; `claim`, `attach`,
 *   `keepalive` and `destroy` to `<url>/<session>`; `message`, `trickle`, `hangup` and `detach` to
 *   `<url>/<session>/<handle>`. The reply is the HTTP body — status 200 even when Janus answers `error`.
 *   (Janus also answers `GET <url>/info` and `GET <url>/ping`; this transport POSTs them like any request.)
 * - Async messages come from the long-poll `GET <url>/<session>?maxev=N&rid=<nonce>`, which Janus holds for up
 *   to 30 s and then answers `{"janus":"keepalive"}` when nothing was queued. The poll runs only while
 *   `sessionEvents` is consumed: the core's session consumes it inside its scope, so the poll stops with that scope
 *   and starts again after a new `Session.make` claim.
 * - A `GET` refreshes the session only when it starts; the core session's `keepalive` POSTs keep it alive
 *   (keep `keepAlive` below the server's `session_timeout`).
 *
 * There is no connection: `connection` is `connected` from `make` until the transport's scope closes.
 *
 * Needs an `HttpClient`: `FetchHttpClient.layer` from `@effect/platform` (global `fetch`, Node ≥ 18, browsers) or
 * `NodeHttpClient.layerUndici` from `@effect/platform-node`.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import {
  type ConnectionState,
  type Ids,
  JanusTransport,
  type Protocol,
  type SendOptions,
  SessionClosedError,
  Transaction,
  TransportError
} from "@effect-janus/core"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"
import { decodeBatch } from "./internal/longPoll.js"
import { badStatus, bodyFailed, decodeReplyBody, pathOf, requestFailed } from "./internal/wire.js"

/**
 * Options of the HTTP transport.
 *
 * @since 0.1.0
 */
export interface Options {
  /**
   * The REST base of the Janus API, without a trailing slash: `http://127.0.0.1:8088/janus` is Janus's default
   * (`janus.transport.http.jcfg`: `port = 8088`, `base_path = "/janus"`).
   */
  readonly url: string
  /**
   * `apisecret` added to every request body and to the long-poll query (Janus `general.api_secret`). Without it,
   * a POST is answered with a Janus error 403 and the long poll with HTTP 403.
   */
  readonly apiSecret?: Redacted.Redacted<string> | undefined
  /** `token` added to every request body and to the long-poll query (Janus `general.token_auth`). */
  readonly token?: Redacted.Redacted<string> | undefined
  /**
   * How long a POST waits for its reply (default 10 s, as Janus's own limit on a pending request); then the request
   * fails with `TransportError` `timeout`. `SendOptions.timeout` overrides it per request.
   */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /**
   * `maxev`: at most this many messages per long-poll answer (default 10). Janus answers a JSON array when it is
   * greater than 1, one object otherwise. Values below 1 count as 1 (as Janus does); fractions are rounded down.
   */
  readonly maxEvents?: number | undefined
  /**
   * How long one long poll may take (default 45 s). Janus holds an idle poll for 30 s, so values below 31 s are
   * raised to 31 s. A poll that times out counts as a failed poll (see {@link longPollRetries}).
   */
  readonly longPollTimeout?: Duration.DurationInput | undefined
  /**
   * How many times a failed long poll (network failure, timeout, HTTP 5xx, a body that is not JSON) is retried
   * before `sessionEvents` fails with the `TransportError` (default 5). Retries back off exponentially from
   * 250 ms, doubling, capped at 4 s, with jitter: 5 retries span about 8–10 s. A successful poll resets the count.
   */
  readonly longPollRetries?: number | undefined
}

const minLongPollTimeout = Duration.seconds(31)

const closedError = (what: string) =>
  new TransportError({ reason: "closed", message: `${what}: the HTTP transport is closed` })

const logDropped = (error: TransportError) =>
  Effect.logWarning("effect-janus: undecodable long-poll message dropped", error)

/** True for long-poll failures worth another try: everything but an HTTP 4xx (403 unauthorized, 400, …). */
const retryable = (error: TransportError) =>
  error.reason !== "http-status" || error.status === undefined || error.status >= 500

/**
 * Builds the transport in the current scope; closing the scope turns `connection` to `closed`, fails requests in
 * flight and later with `TransportError` `closed`, and fails running `sessionEvents` streams with
 * `SessionClosedError` `connection-lost`. Nothing is sent when it is built (HTTP has no connection to open).
 *
 * `send` fails with `TransportError`: `connect` (no TCP connection to `url`), `write` (the request failed
 * otherwise), `http-status` (a status other than 200, in `status`), `closed` (the body could not be read, or the
 * transport is closed), `decode` (the body is not a Janus reply for this transaction), `timeout`.
 *
 * `sessionEvents(id)` long-polls `GET <url>/<id>?maxev=N&rid=<nonce>` (plus `apisecret` / `token`), emits each
 * message decoded with `Protocol.AsyncMessage`, skips `keepalive` answers, logs undecodable entries as
 * `TransportError` `decode` and drops them. It fails with `SessionClosedError` `not-found` on HTTP 404 (Janus no
 * longer knows the session), and with `TransportError` on an HTTP 4xx or after `longPollRetries` failed polls.
 *
 * @since 0.1.0
 */
export const make: (options: Options) => Effect.Effect<JanusTransport, never, HttpClient.HttpClient | Scope.Scope> =
  Effect.fn("HttpTransport.make")(function* (options: Options) {
    const client = yield* HttpClient.HttpClient
    const base = options.url.replace(/\/+$/, "")
    const requestTimeout = Duration.decode(options.requestTimeout ?? "10 seconds")
    const longPollTimeout = Duration.max(Duration.decode(options.longPollTimeout ?? "45 seconds"), minLongPollTimeout)
    const maxEvents = Math.max(1, Math.floor(options.maxEvents ?? 10))
    const retries = Math.max(0, Math.floor(options.longPollRetries ?? 5))
    const auth: Record<string, string> = {}
    if (options.apiSecret !== undefined) auth.apisecret = Redacted.value(options.apiSecret)
    if (options.token !== undefined) auth.token = Redacted.value(options.token)

    const state = yield* SubscriptionRef.make<ConnectionState>("connected")
    const closing = yield* Deferred.make<never, TransportError>()
    let closed = false
    yield* Effect.addFinalizer(() =>
      Effect.suspend(() => {
        closed = true
        return Deferred.fail(closing, closedError("request")).pipe(
          Effect.zipRight(SubscriptionRef.set(state, "closed"))
        )
      })
    )

    const nextTransaction = yield* Transaction.makeGenerator
    let polls = 0

    const send = (
      request: Protocol.Request,
      sendOptions?: SendOptions
    ): Effect.Effect<Protocol.Reply, TransportError> =>
      Effect.suspend(() => {
        const path = pathOf(request)
        const what = `${request.janus} (POST ${base}${path})`
        if (closed) return Effect.fail(closedError(what))
        const transaction = nextTransaction()
        const timeout = sendOptions?.timeout === undefined ? requestTimeout : Duration.decode(sendOptions.timeout)
        return HttpClientRequest.post(`${base}${path}`).pipe(
          HttpClientRequest.bodyJson({ ...request, transaction, ...auth }),
          Effect.mapError((cause) => new TransportError({ reason: "write", message: `${what}: cannot encode`, cause })),
          Effect.flatMap((httpRequest) => Effect.mapError(client.execute(httpRequest), (e) => requestFailed(what, e))),
          Effect.flatMap((response) => {
            const body = Effect.mapError(response.text, (e) => bodyFailed(what, e))
            return response.status === 200
              ? body
              : Effect.zipRight(Effect.ignore(body), Effect.fail(badStatus(what, response.status)))
          }),
          Effect.flatMap((body) => decodeReplyBody(what, body, transaction)),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () =>
              new TransportError({ reason: "timeout", message: `${what}: no reply within ${Duration.format(timeout)}` })
          }),
          // Interruptible even when the caller is not (a session's `destroy` runs in a finalizer): otherwise the
          // race would wait for this loser until the transport closes.
          Effect.raceFirst(Effect.interruptible(Deferred.await(closing))),
          Effect.withSpan("HttpTransport.send", { attributes: { "janus.request": request.janus } })
        )
      })

    const sessionEvents = (
      sessionId: Ids.SessionId
    ): Stream.Stream<Protocol.AsyncMessage, TransportError | SessionClosedError> => {
      const url = `${base}/${sessionId}`
      const what = `long poll (GET ${url})`
      const poll: Effect.Effect<Chunk.Chunk<Protocol.AsyncMessage>, TransportError | SessionClosedError> = Effect.gen(
        function* () {
          const rid = `${yield* Clock.currentTimeMillis}${(polls++).toString(36)}`
          const response = yield* client
            .execute(HttpClientRequest.get(url, { urlParams: { maxev: String(maxEvents), rid, ...auth } }))
            .pipe(Effect.mapError((e) => requestFailed(what, e)))
          const body = yield* Effect.mapError(response.text, (e) => bodyFailed(what, e))
          // `janus_http.c`: an unknown session (destroyed, expired, claimed over WebSocket) is a 404 with no body.
          if (response.status === 404) return yield* new SessionClosedError({ sessionId, reason: "not-found" })
          if (response.status !== 200) return yield* badStatus(what, response.status)
          const batch = yield* decodeBatch(what, body)
          yield* Effect.forEach(batch.dropped, logDropped, { discard: true })
          return Chunk.fromIterable(batch.messages)
        }
      ).pipe(
        Effect.timeoutFail({
          duration: longPollTimeout,
          onTimeout: () =>
            new TransportError({
              reason: "timeout",
              message: `${what}: no answer within ${Duration.format(longPollTimeout)}`
            })
        }),
        Effect.tapError((error) => Effect.logDebug(`effect-janus: ${error.message}`)),
        Effect.retry({
          schedule: Schedule.exponential("250 millis").pipe(
            Schedule.union(Schedule.spaced("4 seconds")),
            Schedule.jittered,
            Schedule.intersect(Schedule.recurs(retries))
          ),
          while: (error) => error._tag === "TransportError" && retryable(error)
        })
      )
      const lost = Effect.catchAll(Effect.interruptible(Deferred.await(closing)), (cause) =>
        Effect.fail(new SessionClosedError({ sessionId, reason: "connection-lost", cause }))
      )
      return Stream.unwrap(
        Effect.sync(() =>
          closed ? Stream.fromEffect(lost) : Stream.repeatEffectChunk(poll).pipe(Stream.interruptWhen(lost))
        )
      )
    }

    const transport: JanusTransport = { kind: "http", send, sessionEvents, connection: state }
    return transport
  })

/**
 * A Layer providing `JanusTransport` over the Janus REST API at `options.url`; needs an `HttpClient`
 * (`FetchHttpClient.layer` or `NodeHttpClient.layerUndici`). See {@link make}.
 *
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<JanusTransport, never, HttpClient.HttpClient> =>
  Layer.scoped(JanusTransport, make(options))

/**
 * {@link layer} configured through `Config`: `JANUS_URL` (required, the REST base such as
 * `http://127.0.0.1:8088/janus`), `JANUS_API_SECRET`, `JANUS_TOKEN` (optional, redacted),
 * `JANUS_REQUEST_TIMEOUT` (optional duration, e.g. `"5 seconds"`). Fails with `ConfigError` when `JANUS_URL` is
 * missing.
 *
 * @since 0.1.0
 */
export const layerConfig: Layer.Layer<JanusTransport, ConfigError.ConfigError, HttpClient.HttpClient> =
  Layer.unwrapEffect(
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
