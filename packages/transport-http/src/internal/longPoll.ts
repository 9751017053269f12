import { Protocol, TransportError } from "@effect-janus/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { parseJson } from "./wire.js"

/** What one long-poll answer carried. */
export interface Batch {
  /** The async messages, in the order Janus queued them. */
  readonly messages: ReadonlyArray<Protocol.AsyncMessage>
  /** How many `{"janus":"keepalive"}` entries (sent after 30 s with nothing queued) were skipped. */
  readonly keepalives: number
  /** One `decode` error per entry that is not an async message of the Janus protocol. */
  readonly dropped: ReadonlyArray<TransportError>
}

const decodeMessage = Schema.decodeUnknownEither(Protocol.AsyncMessage)

const isKeepalive = (entry: unknown): boolean =>
  typeof entry === "object" && entry !== null && (entry as { janus?: unknown }).janus === "keepalive"

/**
 * Decodes the body of a long-poll `GET /janus/<session>?maxev=N` (`janus_http_notifier` in `janus_http.c`):
 * a JSON array of up to N messages when `maxev` > 1, otherwise one object. Keepalive answers are skipped and
 * entries that fail `Protocol.AsyncMessage` are returned in `dropped`. Fails with `decode` only when the body is
 * not JSON or is neither an object nor an array.
 */
export const decodeBatch = (what: string, body: string): Either.Either<Batch, TransportError> =>
  Either.flatMap(parseJson(what, body), (json) => {
    if (typeof json !== "object" || json === null) {
      return Either.left(
        new TransportError({ reason: "decode", message: `${what}: the body is not an object or an array` })
      )
    }
    const entries: ReadonlyArray<unknown> = Array.isArray(json) ? json : [json]
    const messages: Array<Protocol.AsyncMessage> = []
    const dropped: Array<TransportError> = []
    let keepalives = 0
    for (const entry of entries) {
      if (isKeepalive(entry)) {
        keepalives++
        continue
      }
      const decoded = decodeMessage(entry)
      if (Either.isRight(decoded)) messages.push(decoded.right)
      else {
        dropped.push(
          new TransportError({
            reason: "decode",
            message: `${what}: an entry is not a Janus async message`,
            cause: decoded.left
          })
        )
      }
    }
    return Either.right({ messages, keepalives, dropped })
  })
