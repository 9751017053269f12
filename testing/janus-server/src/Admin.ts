/**
 * A small client for the Janus Admin API over HTTP, for checking server-side state in tests (a
 * re-attach must not create a handle, a claimed session keeps its handles, …).
 *
 * Requests are `POST {adminUrl}[/{session}[/{handle}]]` with `{ janus, transaction, admin_secret }`;
 * replies are `{ janus: "success", … }` or `{ janus: "error", error: { code, reason } }` (HTTP 200 either
 * way). See "Admin API" in `shared/JANUS-FACTS.md` and `src/janus.c` (`janus_process_incoming_admin_request`).
 *
 * @since 0.1.0
 */

import { randomUUID } from "node:crypto"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { JanusServer } from "./JanusServer.js"

/**
 * An Admin API request failed:
 * - `http`: no HTTP answer, or a status other than 200;
 * - `decode`: the reply was not JSON or not the expected shape;
 * - `janus`: Janus answered `{"janus":"error"}`; `code` is the Janus error code (403 wrong
 *   `admin_secret`, 458 no such session, 459 no such handle, … — `src/apierror.h`).
 *
 * @since 0.1.0
 */
export class AdminError extends Schema.TaggedError<AdminError>("@effect-janus/testing-janus/AdminError")("AdminError", {
  reason: Schema.Literal("http", "decode", "janus"),
  request: Schema.String,
  code: Schema.optional(Schema.Number),
  message: Schema.String
}) {}

/**
 * `info` of a `handle_info` reply: the fields tests usually look at, plus everything else Janus sends
 * (`sdps`, `streams`, `plugin_specific`, …) as unknown values.
 *
 * @since 0.1.0
 */
export const HandleInfo = Schema.Struct(
  {
    session_id: Schema.Number,
    handle_id: Schema.Number,
    /** Package name of the attached plugin, e.g. `janus.plugin.echotest`. */
    plugin: Schema.optional(Schema.String),
    /** Transport that owns the session, e.g. `janus.transport.websockets`. */
    session_transport: Schema.optional(Schema.String),
    /** Handle flags (`negotiated`, `ready`, `has-audio`, …). */
    flags: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)

/**
 * The decoded type of `HandleInfo`.
 *
 * @since 0.1.0
 */
export type HandleInfo = typeof HandleInfo.Type

/**
 * Where an Admin request goes: the Admin root (neither id), a session (`sessionId`), or a handle of a
 * session (both).
 *
 * @since 0.1.0
 */
export interface Target {
  readonly sessionId?: number | undefined
  readonly handleId?: number | undefined
}

/**
 * The Admin API client for the `JanusServer` in context. Ids are Janus's 53-bit integers.
 *
 * @since 0.1.0
 */
export interface JanusAdmin {
  /**
   * Sends any Admin request (`janus` = the request name, `body` = extra fields) to the Admin root, a
   * session (`sessionId`) or a handle (`sessionId` + `handleId`) and returns the whole success reply.
   */
  readonly request: (
    janus: string,
    target?: Target,
    body?: Readonly<Record<string, unknown>>
  ) => Effect.Effect<Readonly<Record<string, unknown>>, AdminError>
  /** `list_sessions`: ids of all sessions alive on the server. */
  readonly listSessions: Effect.Effect<ReadonlyArray<number>, AdminError>
  /** `list_handles`: ids of the handles of a session (fails with code 458 for an unknown session). */
  readonly listHandles: (sessionId: number) => Effect.Effect<ReadonlyArray<number>, AdminError>
  /** `handle_info`: the `info` object of one handle (fails with 458 / 459 for unknown ids). */
  readonly handleInfo: (sessionId: number, handleId: number) => Effect.Effect<HandleInfo, AdminError>
}

/**
 * Context Tag of the Admin API client.
 *
 * @since 0.1.0
 */
export const JanusAdmin: Context.Tag<JanusAdmin, JanusAdmin> = Context.GenericTag<JanusAdmin>(
  "@effect-janus/testing-janus/JanusAdmin"
)

const Reply = Schema.Struct({
  janus: Schema.String,
  error: Schema.optional(Schema.Struct({ code: Schema.Number, reason: Schema.String }))
})
const SessionsReply = Schema.Struct({ sessions: Schema.Array(Schema.Number) })
const HandlesReply = Schema.Struct({ handles: Schema.Array(Schema.Number) })
const HandleInfoReply = Schema.Struct({ info: HandleInfo })

/**
 * Builds the client from the `JanusServer` (its `adminUrl` and `adminSecret`) and an `HttpClient`.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<JanusAdmin, never, JanusServer | HttpClient.HttpClient> = Effect.gen(function* () {
  const server = yield* JanusServer
  const client = yield* HttpClient.HttpClient

  const request = Effect.fn("Admin.request")(function* (
    janus: string,
    target: Target = {},
    body: Readonly<Record<string, unknown>> = {}
  ) {
    const path =
      target.sessionId === undefined
        ? ""
        : target.handleId === undefined
          ? `/${target.sessionId}`
          : `/${target.sessionId}/${target.handleId}`
    const fail = (reason: AdminError["reason"], message: string, code?: number) =>
      new AdminError({ reason, request: `${janus} ${path || "/"}`, message, ...(code === undefined ? {} : { code }) })
    const response = yield* HttpClientRequest.post(`${server.adminUrl}${path}`).pipe(
      HttpClientRequest.bodyUnsafeJson({ ...body, janus, transaction: randomUUID(), admin_secret: server.adminSecret }),
      client.execute,
      Effect.flatMap(HttpClientResponse.filterStatusOk),
      Effect.mapError((error) => fail("http", error.message))
    )
    const json = yield* response.json.pipe(Effect.mapError((error) => fail("decode", error.message)))
    const reply = yield* Schema.decodeUnknown(Reply)(json).pipe(
      Effect.mapError((error) => fail("decode", error.message))
    )
    if (reply.janus === "error" || reply.error !== undefined) {
      return yield* fail("janus", reply.error?.reason ?? "error without reason", reply.error?.code)
    }
    if (reply.janus !== "success") return yield* fail("decode", `unexpected reply "${reply.janus}"`)
    return json as Readonly<Record<string, unknown>>
  })

  const decode =
    <A, I>(schema: Schema.Schema<A, I>, janus: string) =>
    (json: unknown) =>
      Schema.decodeUnknown(schema)(json).pipe(
        Effect.mapError((error) => new AdminError({ reason: "decode", request: janus, message: error.message }))
      )

  return JanusAdmin.of({
    request,
    listSessions: request("list_sessions").pipe(
      Effect.flatMap(decode(SessionsReply, "list_sessions")),
      Effect.map((reply) => reply.sessions),
      Effect.withSpan("Admin.listSessions")
    ),
    listHandles: Effect.fn("Admin.listHandles")(function* (sessionId: number) {
      const reply = yield* request("list_handles", { sessionId }).pipe(
        Effect.flatMap(decode(HandlesReply, "list_handles"))
      )
      return reply.handles
    }),
    handleInfo: Effect.fn("Admin.handleInfo")(function* (sessionId: number, handleId: number) {
      const reply = yield* request("handle_info", { sessionId, handleId }).pipe(
        Effect.flatMap(decode(HandleInfoReply, "handle_info"))
      )
      return reply.info
    })
  })
})

/**
 * `make` as a Layer with its own HTTP client (`FetchHttpClient`); needs only the `JanusServer`,
 * e.g. `Admin.layer.pipe(Layer.provideMerge(JanusServer.layer()))`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<JanusAdmin, never, JanusServer> = Layer.effect(JanusAdmin, make).pipe(
  Layer.provide(FetchHttpClient.layer)
)

/**
 * `list_sessions` through the `JanusAdmin` in context.
 *
 * @since 0.1.0
 */
export const listSessions: Effect.Effect<ReadonlyArray<number>, AdminError, JanusAdmin> = Effect.flatMap(
  JanusAdmin,
  (admin) => admin.listSessions
)

/**
 * `list_handles` of a session through the `JanusAdmin` in context.
 *
 * @since 0.1.0
 */
export const listHandles = (sessionId: number): Effect.Effect<ReadonlyArray<number>, AdminError, JanusAdmin> =>
  Effect.flatMap(JanusAdmin, (admin) => admin.listHandles(sessionId))

/**
 * `handle_info` of a handle through the `JanusAdmin` in context.
 *
 * @since 0.1.0
 */
export const handleInfo = (sessionId: number, handleId: number): Effect.Effect<HandleInfo, AdminError, JanusAdmin> =>
  Effect.flatMap(JanusAdmin, (admin) => admin.handleInfo(sessionId, handleId))
