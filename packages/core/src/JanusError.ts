/**
 * The errors of effect-janus. Each is a `Schema.TaggedError`, so it can be told apart with `Effect.catchTag`
 * and crosses worker boundaries intact.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { SessionId } from "./Ids.js"

/**
 * Why a transport failed.
 * - `connect`: the connection could not be opened (refused, bad URL, open timeout);
 * - `closed`: the connection closed, or was already closed, before the reply arrived;
 * - `write`: a frame or HTTP request could not be sent;
 * - `decode`: a reply could not be parsed as JSON or did not match the Janus protocol schema;
 * - `timeout`: no reply (or, for plugin requests, no event) within the request timeout;
 * - `http-status`: the HTTP transport got a status other than 200 (the status is in `status`).
 *
 * @since 0.1.0
 * @category errors
 */
export const TransportErrorReason = Schema.Literal("connect", "closed", "write", "decode", "timeout", "http-status")
/**
 * The decoded type of {@link TransportErrorReason}.
 *
 * @since 0.1.0
 * @category errors
 */
export type TransportErrorReason = typeof TransportErrorReason.Type

/**
 * A failure of the wire below the Janus API: no connection, a closed socket, an unreadable frame, a timeout.
 * A request that fails this way may or may not have reached Janus.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("@effect-janus/TransportError")(
  "TransportError",
  {
    reason: TransportErrorReason,
    message: Schema.String,
    /** HTTP status, for `reason: "http-status"`. */
    status: Schema.optional(Schema.Number),
    cause: Schema.optional(Schema.Defect)
  }
) {}

/**
 * Janus answered a core API request with `{"janus":"error","error":{code,reason}}`. Codes follow
 * `src/apierror.h`: 403 unauthorized (missing or wrong `apisecret` / `token`), 405 unauthorized plugin,
 * 453 unknown request, 454 invalid JSON, 456 missing mandatory element, 457 invalid request path,
 * 458 no such session, 459 no such handle, 460 no such plugin, 465 invalid SDP, 468 session id in use, 490 ICE error.
 *
 * @since 0.1.0
 * @category errors
 */
export class JanusApiError extends Schema.TaggedError<JanusApiError>("@effect-janus/JanusApiError")("JanusApiError", {
  /** The request that failed (`create`, `attach`, `message`, …). */
  request: Schema.String,
  code: Schema.Number,
  reason: Schema.String
}) {
  override get message(): string {
    return `Janus refused ${this.request}: ${this.code} ${this.reason}`
  }
}

/**
 * Janus refused a `claim` of an existing session id: 458 when the session is unknown or has expired
 * (`reclaim_session_timeout` / `session_timeout` passed), 403 when the secret or token is wrong. An id that is
 * not a positive safe integer names no session either: it fails with 458 without being sent.
 * Follows `janus_process_incoming_request` in `src/janus.c` ("claim").
 *
 * @since 0.1.0
 * @category errors
 */
export class SessionReclaimError extends Schema.TaggedError<SessionReclaimError>("@effect-janus/SessionReclaimError")(
  "SessionReclaimError",
  {
    /** The id that was claimed, as given: it may not even be a number (a string id, `null`, …). */
    sessionId: Schema.Unknown,
    code: Schema.Number,
    reason: Schema.String
  }
) {
  override get message(): string {
    return `Could not reclaim session ${String(this.sessionId)}: ${this.code} ${this.reason}`
  }
}

/**
 * A plugin answered with an error inside its `plugindata` (`error_code` and `error`), even under a
 * `success` or `event` message — e.g. VideoRoom `{"videoroom":"event","error_code":426,"error":"No such room"}`.
 * The codes are the plugin's own (see each plugin's documentation page).
 *
 * @since 0.1.0
 * @category errors
 */
export class PluginError extends Schema.TaggedError<PluginError>("@effect-janus/PluginError")("PluginError", {
  /** The plugin package name, e.g. `janus.plugin.videoroom`. */
  plugin: Schema.String,
  code: Schema.Number,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.plugin} error ${this.code}: ${this.reason}`
  }
}

/**
 * Why a session ended without being destroyed by its owner:
 * - `timeout`: Janus sent `{"janus":"timeout"}` (no keep-alive within `session_timeout`);
 * - `not-found`: Janus no longer knows the session (458 to a keep-alive, HTTP 404 on the long-poll);
 * - `connection-lost`: the transport closed; the session may still be claimed from a new connection
 *   within the server's reclaim window;
 * - `closed`: the session was already closed (destroyed, or its scope closed) when it was used.
 *
 * @since 0.1.0
 * @category errors
 */
export const SessionClosedReason = Schema.Literal("timeout", "not-found", "connection-lost", "closed")
/**
 * The decoded type of {@link SessionClosedReason}.
 *
 * @since 0.1.0
 * @category errors
 */
export type SessionClosedReason = typeof SessionClosedReason.Type

/**
 * The session is over, or cannot be reached over this connection any more. Ends `session.events` and every
 * `handle.events`, and fails requests made afterwards.
 *
 * @since 0.1.0
 * @category errors
 */
export class SessionClosedError extends Schema.TaggedError<SessionClosedError>("@effect-janus/SessionClosedError")(
  "SessionClosedError",
  {
    sessionId: SessionId,
    reason: SessionClosedReason,
    cause: Schema.optional(Schema.Defect)
  }
) {
  override get message(): string {
    return `Session ${this.sessionId} closed: ${this.reason}`
  }
}
