import type * as HttpClientError from "@effect/platform/HttpClientError"
import { Protocol, TransportError } from "@effect-janus/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * The path below the REST base that a request goes to (`src/transports/janus_http.c`): the root for `create`,
 * `info` and `ping`; `/<session>` for session requests; `/<session>/<handle>` for handle requests.
 */
export const pathOf = (request: Protocol.Request): string => {
  switch (request.janus) {
    case "create":
    case "info":
    case "ping":
      return ""
    case "claim":
    case "destroy":
    case "keepalive":
    case "attach":
      return `/${request.session_id}`
    case "message":
    case "trickle":
    case "hangup":
    case "detach":
      return `/${request.session_id}/${request.handle_id}`
  }
}

/** Error codes (Node `net`, `dns`, undici) that mean no connection could be opened at all. */
const connectCodes: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT"
])

/** True when an error, its `cause` chain or its `errors` (AggregateError) say the connection never opened. */
const isConnectFailure = (error: unknown, depth = 0): boolean => {
  if (depth > 8 || typeof error !== "object" || error === null) return false
  const record = error as { code?: unknown; syscall?: unknown; cause?: unknown; errors?: unknown }
  if (typeof record.code === "string" && connectCodes.has(record.code)) return true
  if (record.syscall === "connect" || record.syscall === "getaddrinfo") return true
  if (Array.isArray(record.errors) && record.errors.some((inner) => isConnectFailure(inner, depth + 1))) return true
  return isConnectFailure(record.cause, depth + 1)
}

/** The OS-level code (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`, a TLS error code) in an error's cause chain. */
const osCode = (error: unknown, depth = 0): string | undefined => {
  if (depth > 8 || typeof error !== "object" || error === null) return undefined
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown }
  if (typeof record.code === "string" && record.code.length > 0) return record.code
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) {
      const code = osCode(inner, depth + 1)
      if (code !== undefined) return code
    }
  }
  return osCode(record.cause, depth + 1)
}

/**
 * Maps a failure of `HttpClient.execute` to a `TransportError` (`connect` or `write`) whose message names the OS
 * cause (e.g. `ECONNREFUSED`) and whose `cause` keeps the original error.
 */
export const requestFailed = (what: string, error: HttpClientError.HttpClientError): TransportError => {
  const connect =
    error._tag === "RequestError" &&
    (error.reason === "InvalidUrl" || (error.reason === "Transport" && isConnectFailure(error.cause)))
  const code = osCode(error.cause)
  return new TransportError({
    reason: connect ? "connect" : "write",
    message: `${what}: ${connect ? "cannot connect" : "request failed"} (${code === undefined ? error.message : `${code}: ${error.message}`})`,
    cause: error
  })
}

/** Maps a failure to read a response body to a `TransportError` `closed`. */
export const bodyFailed = (what: string, error: HttpClientError.HttpClientError): TransportError =>
  new TransportError({
    reason: "closed",
    message: `${what}: the connection closed before the body was read`,
    cause: error
  })

/** A status other than 200. */
export const badStatus = (what: string, status: number): TransportError =>
  new TransportError({ reason: "http-status", status, message: `${what}: HTTP ${status}` })

/** Parses a body as JSON, failing with `TransportError` `decode`. */
export const parseJson = (what: string, body: string): Either.Either<unknown, TransportError> => {
  try {
    return Either.right(JSON.parse(body) as unknown)
  } catch (cause) {
    return Either.left(new TransportError({ reason: "decode", message: `${what}: the body is not JSON`, cause }))
  }
}

const decodeReply = Schema.decodeUnknownEither(Protocol.Reply)

/**
 * Decodes the body of a POST (`janus_http.c` answers with exactly one reply object, HTTP 200 even for Janus
 * errors) with the core `Protocol.Reply` schema. Fails with `decode` when it is not JSON, not a reply, or a reply
 * for another transaction.
 */
export const decodeReplyBody = (
  what: string,
  body: string,
  transaction: string
): Either.Either<Protocol.Reply, TransportError> =>
  Either.flatMap(parseJson(what, body), (json) => {
    const reply = decodeReply(json)
    if (Either.isLeft(reply)) {
      return Either.left(
        new TransportError({ reason: "decode", message: `${what}: the body is not a Janus reply`, cause: reply.left })
      )
    }
    const value = reply.right
    if (value.transaction !== undefined && value.transaction !== transaction) {
      return Either.left(
        new TransportError({ reason: "decode", message: `${what}: the reply is for transaction ${value.transaction}` })
      )
    }
    return Either.right(value)
  })
