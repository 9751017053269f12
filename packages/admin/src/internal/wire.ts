/**
 * The two wires of the Admin API: one request out, its reply (any JSON) back. What a wire does not do is
 * shared by both and lives in `JanusAdmin.ts`: the secret, the transaction, the timeout, the reply check.
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Socket from "@effect/platform/Socket"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Scope from "effect/Scope"
import type { AdminError } from "../JanusAdmin.js"

/** A request as it goes out: the whole JSON body (with `transaction`, `admin_secret`, `session_id`, `handle_id`). */
export interface Frame {
  readonly janus: string
  readonly transaction: string
  readonly session_id?: number
  readonly handle_id?: number
  readonly [key: string]: unknown
}

/** Sends one frame and returns the parsed JSON reply; `fail` builds the `transport` / `decode` error. */
export type Send = (
  frame: Frame,
  fail: (reason: "transport" | "decode", message: string, cause?: unknown) => AdminError
) => Effect.Effect<unknown, AdminError>

/**
 * HTTP: `POST {url}`, `{url}/{session_id}` or `{url}/{session_id}/{handle_id}` (the ids move from the body to
 * the path, as `janus_http.c` reads them); Janus answers HTTP 200 even for its own errors.
 */
export const http =
  (url: string, client: HttpClient.HttpClient): Send =>
  (frame, fail) => {
    const { handle_id, session_id, ...body } = frame
    const path =
      session_id === undefined ? "" : handle_id === undefined ? `/${session_id}` : `/${session_id}/${handle_id}`
    return HttpClientRequest.post(`${url}${path}`).pipe(
      HttpClientRequest.bodyUnsafeJson(body),
      client.execute,
      Effect.flatMap(HttpClientResponse.filterStatusOk),
      Effect.mapError((cause) => fail("transport", `POST ${url}${path} failed: ${cause.message}`, cause)),
      Effect.flatMap((response) =>
        response.json.pipe(Effect.mapError((cause) => fail("decode", "the reply is not JSON", cause)))
      ),
      Effect.scoped
    )
  }

const decoder = new TextDecoder()

/** Why the WebSocket cannot carry a request (it did not open, or it closed). */
export interface Closed {
  readonly message: string
  readonly cause: unknown
}

/**
 * WebSocket with the `janus-admin-protocol` subprotocol: one socket for the lifetime of the scope, replies
 * matched to requests by `transaction`. When the socket closes, every pending request and every later one fails
 * with `transport`. Fails with `Closed` when the socket cannot be opened within `openTimeout`.
 */
export const webSocket = Effect.fnUntraced(function* (
  url: string,
  openTimeout: Duration.DurationInput
): Effect.fn.Return<Send, Closed, Socket.WebSocketConstructor | Scope.Scope> {
  const socket = yield* Socket.makeWebSocket(url, {
    protocols: "janus-admin-protocol",
    openTimeout: Duration.decode(openTimeout),
    closeCodeIsError: () => true
  })
  const write = yield* socket.writer
  // Requests waiting for their reply, by transaction; owned by this scope.
  const pending = new Map<string, Deferred.Deferred<unknown, Closed>>()
  const closed = yield* Deferred.make<never, Closed>()
  const open = yield* Deferred.make<void, Closed>()
  const onFrame = (data: string | Uint8Array): Effect.Effect<unknown> | undefined => {
    const text = typeof data === "string" ? data : decoder.decode(data)
    let reply: unknown
    try {
      reply = JSON.parse(text)
    } catch {
      return Effect.logWarning("JanusAdmin: ignored a WebSocket frame that is not JSON")
    }
    const transaction =
      typeof reply === "object" && reply !== null && "transaction" in reply ? String(reply.transaction) : ""
    const waiter = pending.get(transaction)
    if (waiter === undefined) {
      return Effect.logWarning("JanusAdmin: ignored a reply to no pending request").pipe(
        Effect.annotateLogs("janus.transaction", transaction)
      )
    }
    pending.delete(transaction)
    return Deferred.succeed(waiter, reply)
  }
  yield* socket.runRaw(onFrame, { onOpen: Deferred.succeed(open, undefined) }).pipe(
    Effect.onExit((exit) => {
      const cause = Exit.isFailure(exit) ? exit.cause : undefined
      const waiters = [...pending.values()]
      pending.clear()
      const error: Closed = { message: `WebSocket ${url} closed`, cause }
      return Effect.all([
        Deferred.fail(open, { message: `cannot open WebSocket ${url}`, cause }),
        Deferred.fail(closed, error),
        Effect.forEach(waiters, (waiter) => Deferred.fail(waiter, error))
      ])
    }),
    Effect.forkScoped
  )
  yield* Deferred.await(open)
  const send: Send = (frame, fail) =>
    Effect.gen(function* () {
      const reply = yield* Deferred.make<unknown, Closed>()
      if (yield* Deferred.isDone(closed)) yield* Deferred.await(closed)
      pending.set(frame.transaction, reply)
      yield* write(JSON.stringify(frame)).pipe(
        Effect.mapError((cause) => ({ message: `WebSocket ${url} write failed`, cause }))
      )
      return yield* Deferred.await(reply)
    }).pipe(
      Effect.mapError((closed) => fail("transport", closed.message, closed.cause)),
      Effect.ensuring(Effect.sync(() => pending.delete(frame.transaction)))
    )
  return send
})
