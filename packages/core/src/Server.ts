/**
 * Requests about the server rather than a session: `info` and `ping` (Janus docs: "The Janus API › Info and ping";
 * `janus_process_incoming_request` in `src/janus.c` answers them without a session, and without `apisecret`).
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import { transportError } from "./internal/errors.js"
import { apiError } from "./internal/handle.js"
import { requestSpan } from "./internal/tracing.js"
import type { JanusApiError, TransportError } from "./JanusError.js"
import { JanusTransport } from "./JanusTransport.js"
import type { ServerInfo } from "./Protocol.js"

/**
 * Sends `info` and succeeds with the `server_info` reply: `name`, `version` / `version_string`, `plugins` and
 * `transports` (keyed by package name), and the server's settings as Janus sends them — among them
 * `session-timeout` and `reclaim-session-timeout` (seconds), which bound how long a session survives a lost
 * connection. Fails with `JanusApiError` when Janus refuses it (403 with a wrong `token`), `TransportError` otherwise.
 *
 * @since 0.2.0
 * @category requests
 */
export const info: Effect.Effect<ServerInfo, JanusApiError | TransportError, JanusTransport> = Effect.flatMap(
  JanusTransport,
  (transport) =>
    transport.send({ janus: "info" }).pipe(
      Effect.flatMap((reply): Effect.Effect<ServerInfo, JanusApiError | TransportError> => {
        if (reply.janus === "server_info") return Effect.succeed(reply)
        if (reply.janus === "error") return Effect.fail(apiError("info", reply))
        return Effect.fail(transportError({ reason: "decode", message: `unexpected ${reply.janus} reply to info` }))
      }),
      requestSpan("info", {})
    )
)

/**
 * Sends `ping` and succeeds with the round-trip time in milliseconds (on the Clock) once `pong` comes back: a
 * liveness check of the link and the server. Fails with `JanusApiError` when Janus refuses it, `TransportError`
 * otherwise (`timeout` when nothing answers within the transport's request timeout).
 *
 * @since 0.2.0
 * @category requests
 */
export const ping: Effect.Effect<number, JanusApiError | TransportError, JanusTransport> = Effect.flatMap(
  JanusTransport,
  (transport) =>
    Effect.gen(function* () {
      const clock = yield* Effect.clock
      const start = clock.unsafeCurrentTimeMillis()
      const reply = yield* transport.send({ janus: "ping" })
      if (reply.janus === "pong") return clock.unsafeCurrentTimeMillis() - start
      if (reply.janus === "error") return yield* Effect.fail(apiError("ping", reply))
      return yield* Effect.fail(
        transportError({ reason: "decode", message: `unexpected ${reply.janus} reply to ping` })
      )
    }).pipe(requestSpan("ping", {}))
)
