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
 * There is no connection to open: `connection` is `Connected` from `make` on; a POST or poll that cannot reach
 * Janus turns it `Disconnected` until an `info` probe is answered again (see {@link make}).
 *
 * Needs an `HttpClient`: `FetchHttpClient.layer` from `@effect/platform` (global `fetch`, Node ≥ 18, browsers) or
 * `NodeHttpClient.layerUndici` from `@effect/platform-node`.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import { Connection, type Ids, JanusTransport, Protocol, TransportError } from "@effect-janus/core"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Tracer from "effect/Tracer"
import { decodeBatch } from "./internal/longPoll.js"
import { badStatus, bodyFailed, parseJson, pathOf, requestFailed } from "./internal/wire.js"

/**
 * Options of the HTTP transport.
 *
 * @since 0.1.0
 * @category models
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
  readonly apiSecret?: Redacted.Redacted<string> | string | undefined
  /** `token` added to every request body and to the long-poll query (Janus `general.token_auth`). */
  readonly token?: Redacted.Redacted<string> | string | undefined
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
  /**
   * When Janus cannot be reached (a POST or poll refused or reset): the Schedule of `info` probes until it answers
   * again, then every session `claim`s itself; `false` closes the transport at the first failure. Default:
   * `Connection.defaultSchedule` for 60 s (a session over HTTP lives for `session_timeout`, 60 s by default).
   */
  readonly reconnect?: Schedule.Schedule<unknown, TransportError> | false | undefined
  /** Dead-link bound as in `Connection.Options.liveness` (default off over HTTP: each POST has its own timeout). */
  readonly liveness?: Duration.DurationInput | false | undefined
  /**
   * Whether requests carry W3C `traceparent` and `b3` trace headers (default true, as `HttpClient` does): a POST
   * names the span of its request (`janus.<request>`, a child of the caller's span), the long-poll `GET` its own
   * HttpClient span. POSTs make no HttpClient span of their own (the request's span is the one to look at). In a
   * browser, custom headers make every long-poll `GET` a CORS preflight too (the JSON POSTs need one anyway):
   * `false` saves those preflights.
   */
  readonly tracePropagation?: boolean | undefined
}

const secretOf = (secret: Redacted.Redacted<string> | string | undefined): string | undefined =>
  secret === undefined ? undefined : typeof secret === "string" ? secret : Redacted.value(secret)

const minLongPollTimeout = Duration.seconds(31)

const logDropped = (error: TransportError) =>
  Effect.logWarning("effect-janus: undecodable long-poll message dropped", error)

/** True for long-poll failures worth another try: everything but an HTTP 4xx (403 unauthorized, 400, …). */
const retryable = (error: TransportError) =>
  error.reason !== "http-status" || error.status === undefined || error.status >= 500

/** True when a failure means the server cannot be reached (the link is down), not that one request went wrong. */
const unreachable = (error: TransportError) =>
  error.reason === "connect" || error.reason === "write" || error.reason === "closed"

/**
 * Builds the transport in the current scope; closing the scope turns `connection` to `Closed`, fails requests in
 * flight and later with `TransportError` `closed`, and ends every session with `SessionClosedError`
 * `connection-lost`. Nothing is sent when it is built (HTTP has no connection to open).
 *
 * `send` fails with `TransportError`: `connect` (no TCP connection to `url`), `write` (the request failed
 * otherwise), `http-status` (a status other than 200, in `status`), `closed` (the body could not be read, or the
 * transport is closed), `decode` (the body is not a Janus reply for this transaction), `timeout`.
 *
 * HTTP has no connection to lose, so the "link" is the server's reachability: a POST or long poll that cannot
 * reach Janus (refused, reset, unreadable body) — a network outage or a Janus restart — drops it. The transport
 * then probes `POST <url>` `info` on the `reconnect` Schedule, and once Janus answers every session `claim`s
 * itself (a restarted Janus answers 458: see `SessionOptions.onLost`).
 *
 * Each session long-polls `GET <url>/<id>?maxev=N&rid=<nonce>` (plus `apisecret` / `token`) while it is open;
 * undecodable entries are logged as `TransportError` `decode` and dropped; HTTP 404 means Janus no longer knows
 * the session (`SessionClosedError` `not-found`); a failed poll is retried `longPollRetries` times before the link
 * counts as dropped.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<JanusTransport, never, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function* () {
    const propagate = options.tracePropagation !== false
    const given = yield* HttpClient.HttpClient
    // The long poll runs in no request's span: HttpClient's own span, with trace headers per `tracePropagation`.
    const client = propagate ? given : HttpClient.withTracerPropagation(given, false)
    // A POST runs on the connection's writer, not in its request's fiber: it carries its request's own span (see
    // `execute`) and makes none of its own (HttpClient's would be the root of a trace unrelated to the caller's).
    const untraced = HttpClient.withTracerDisabledWhen(given, () => true)
    const base = options.url.replace(/\/+$/, "")
    const requestTimeout = Duration.decode(options.requestTimeout ?? "10 seconds")
    const longPollTimeout = Duration.max(Duration.decode(options.longPollTimeout ?? "45 seconds"), minLongPollTimeout)
    const maxEvents = Math.max(1, Math.floor(options.maxEvents ?? 10))
    const retries = Math.max(0, Math.floor(options.longPollRetries ?? 5))
    const auth: Record<string, string> = {}
    const apiSecret = secretOf(options.apiSecret)
    const token = secretOf(options.token)
    if (apiSecret !== undefined) auth.apisecret = apiSecret
    if (token !== undefined) auth.token = token
    let polls = 0
    let links = 0

    /**
     * Sends a POST in the trace of `span`, the span its request was made in: with `tracePropagation`, its
     * `traceparent` / `b3` headers name that span (an external parent span gets HttpClient's own span below it,
     * as a plain HttpClient request would); a span whose propagation is off (tracer disabled) sends none.
     */
    const execute = (request: HttpClientRequest.HttpClientRequest, span: Tracer.AnySpan | undefined) => {
      if (!propagate || span === undefined) return untraced.execute(request)
      if (span._tag === "ExternalSpan") return Effect.withParentSpan(given.execute(request), span)
      return Context.get(span.context, Tracer.DisablePropagation)
        ? untraced.execute(request)
        : untraced.execute(HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(span)))
    }
    /** POSTs one request body and parses the answer; fails with `TransportError`. */
    const post = (path: string, what: string, body: string, span?: Tracer.AnySpan) =>
      execute(
        HttpClientRequest.bodyText(HttpClientRequest.post(`${base}${path}`), body, "application/json"),
        span
      ).pipe(
        Effect.mapError((e) => requestFailed(what, e)),
        Effect.flatMap((response) => {
          const text = Effect.mapError(response.text, (e) => bodyFailed(what, e))
          return response.status === 200
            ? text
            : Effect.zipRight(Effect.ignore(text), Effect.fail(badStatus(what, response.status)))
        }),
        Effect.flatMap((text) => parseJson(what, text))
      )
    /** `post` bounded by the request timeout (for the probe: a request's own POST is bounded by its deadline). */
    const boundedPost = (path: string, what: string, body: string) =>
      Effect.timeoutFail(post(path, what, body), {
        duration: requestTimeout,
        onTimeout: () =>
          new TransportError({
            reason: "timeout",
            message: `${what}: no reply within ${Duration.format(requestTimeout)}`
          })
      })

    const connect = (receiver: Connection.Receiver) =>
      Effect.gen(function* () {
        // The first link opens at once (nothing to open over HTTP); a later one only once Janus answers again.
        if (links++ > 0)
          yield* boundedPost("", `probe (POST ${base})`, JSON.stringify({ janus: "info", transaction: "probe" }))
        const requests = yield* FiberSet.make()
        const write = (frame: string, request: Protocol.WireRequest, span?: Tracer.AnySpan) =>
          Effect.suspend(() => {
            const what = `${request.janus} (POST ${base}${pathOf(request)})`
            // Not bounded here: the connection fails the request at its deadline (`Effect.timeoutFail` would race
            // two more fibers per POST); the POST ends with its response, or with the link's scope.
            const exchange = post(pathOf(request), what, frame, span).pipe(
              Effect.flatMap((json) => {
                const reply = (typeof json === "object" && json !== null ? json : {}) as {
                  readonly janus?: unknown
                  readonly transaction?: unknown
                }
                if (typeof reply.janus !== "string" || !Protocol.replyTags.has(reply.janus)) {
                  return Effect.fail(
                    new TransportError({ reason: "decode", message: `${what}: the body is not a Janus reply` })
                  )
                }
                return reply.transaction === request.transaction
                  ? Effect.sync(() => receiver.receive(json))
                  : Effect.fail(
                      new TransportError({
                        reason: "decode",
                        message: `${what}: the reply is for transaction ${String(reply.transaction)}`
                      })
                    )
              }),
              Effect.catchAll((error) =>
                Effect.sync(() => {
                  receiver.failed(request.transaction, error)
                  if (unreachable(error)) receiver.closed(error)
                })
              )
            )
            return Effect.asVoid(FiberSet.run(requests, exchange))
          })

        const poll = (sessionId: Ids.SessionId): Effect.Effect<void, TransportError> => {
          const url = `${base}/${sessionId}`
          const what = `long poll (GET ${url})`
          const once: Effect.Effect<boolean, TransportError> = Effect.gen(function* () {
            const rid = `${yield* Clock.currentTimeMillis}${(polls++).toString(36)}`
            const response = yield* client
              .execute(HttpClientRequest.get(url, { urlParams: { maxev: String(maxEvents), rid, ...auth } }))
              .pipe(Effect.mapError((e) => requestFailed(what, e)))
            const body = yield* Effect.mapError(response.text, (e) => bodyFailed(what, e))
            // `janus_http.c`: an unknown session (destroyed, expired, claimed over WebSocket) is a 404 with no body.
            if (response.status === 404) {
              receiver.gone(sessionId)
              return false
            }
            if (response.status !== 200) return yield* badStatus(what, response.status)
            const batch = yield* decodeBatch(what, body)
            yield* Effect.forEach(batch.dropped, logDropped, { discard: true })
            for (const message of batch.messages) receiver.receive(message)
            return true
          }).pipe(
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
              while: retryable
            })
          )
          return Effect.repeat(once, { while: (more) => more }).pipe(
            Effect.asVoid,
            // Refused for good (403, 400): the server will not serve this session's events.
            Effect.catchIf(
              (error) => !retryable(error),
              (error) => Effect.sync(() => receiver.gone(sessionId, error))
            )
          )
        }
        const link: Connection.Link = { write, poll }
        return link
      })

    const connection = yield* Connection.make({
      kind: "http",
      server: base,
      apiSecret: options.apiSecret,
      token: options.token,
      requestTimeout,
      reconnect: options.reconnect,
      liveness: options.liveness ?? false,
      // Over HTTP a session lives until `session_timeout` (60 s by default): the default window.
      serverInfo: false,
      connect
    })
    return connection
  }).pipe(
    // The first "link" of HTTP opens without I/O: it cannot fail.
    Effect.orDie,
    Effect.withSpan("HttpTransport.make", { attributes: { "janus.server": options.url } })
  )

/**
 * A Layer providing `JanusTransport` over the Janus REST API at `options.url`; needs an `HttpClient`
 * (`FetchHttpClient.layer` or `NodeHttpClient.layerUndici`). Building it sends nothing and cannot fail; the
 * long polls stop and the transport closes when the layer is released. See {@link make}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<JanusTransport, never, HttpClient.HttpClient> =>
  Layer.scoped(JanusTransport, make(options))

/**
 * {@link layer} configured through `Config`: `JANUS_URL` (required, the REST base such as
 * `http://127.0.0.1:8088/janus`), `JANUS_API_SECRET`, `JANUS_TOKEN` (optional, redacted),
 * `JANUS_REQUEST_TIMEOUT` (optional duration, e.g. `"5 seconds"`). Fails with `ConfigError` when `JANUS_URL` is
 * missing or a value does not parse.
 *
 * @since 0.1.0
 * @category layers
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
