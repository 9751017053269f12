/**
 * The Admin API client of `@effect-janus/admin` for the `JanusServer` in context, with the shortcuts tests use to
 * check server-side state (a re-attach must not create a handle, a claimed session keeps its handles, …).
 *
 * `JanusAdmin` here is the full client (`admin.listSessions()`, `admin.handleInfo({ sessionId, handleId })`, …)
 * plus three shortcuts that return just the interesting part of the reply: `listSessions` (an Effect: the ids),
 * `listHandles(sessionId)` (the ids) and `handleInfo(sessionId, handleId)` (the `info` object).
 *
 * @since 0.1.0
 */

import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Socket from "@effect/platform/Socket"
import { JanusAdmin as Client } from "@effect-janus/admin"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { JanusServer } from "./JanusServer.js"

/**
 * The error of every Admin request: `Client.AdminError` of `@effect-janus/admin` (`reason` `janus` with the Janus
 * `code`, or `transport` / `timeout` / `decode` / `encode`).
 *
 * @since 0.1.0
 */
export const AdminError = Client.AdminError

/**
 * @since 0.1.0
 */
export type AdminError = Client.AdminError

/**
 * `info` of a `handle_info` reply (`Client.HandleInfo`): typed plugin, transport, flags, SDPs, and everything else
 * Janus sends as unknown values.
 *
 * @since 0.1.0
 */
export type HandleInfo = Client.HandleInfo

/**
 * Where a `request` goes: the Admin root (neither id), a session (`sessionId`), or a handle of a session (both).
 *
 * @since 0.1.0
 */
export interface Target {
  readonly sessionId?: number | undefined
  readonly handleId?: number | undefined
}

/**
 * The test shortcuts over the full client (`client`). Ids are Janus's 53-bit integers.
 *
 * @since 0.1.0
 */
export interface JanusAdmin {
  /** The full typed client of `@effect-janus/admin`. */
  readonly client: Client.JanusAdmin
  /** Sends any Admin request (`janus` = its name, `body` = extra fields) and returns the whole success reply. */
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
 * Context Tag of the shortcuts.
 *
 * @since 0.1.0
 */
export const JanusAdmin: Context.Tag<JanusAdmin, JanusAdmin> = Context.GenericTag<JanusAdmin>(
  "@effect-janus/testing-janus/JanusAdmin"
)

/**
 * The shortcuts over a client.
 *
 * @since 0.1.0
 */
export const fromClient = (client: Client.JanusAdmin): JanusAdmin =>
  JanusAdmin.of({
    client,
    request: (janus, target = {}, body = {}) =>
      client.raw(janus, {
        ...body,
        ...(target.sessionId === undefined ? {} : { session_id: target.sessionId }),
        ...(target.handleId === undefined ? {} : { handle_id: target.handleId })
      }),
    listSessions: Effect.map(client.listSessions(), (reply) => reply.sessions),
    listHandles: (sessionId) => Effect.map(client.listHandles({ sessionId }), (reply) => reply.handles),
    handleInfo: (sessionId, handleId) => Effect.map(client.handleInfo({ sessionId, handleId }), (reply) => reply.info)
  })

/**
 * The Admin client over HTTP for the `JanusServer` in context (its `adminUrl` and `adminSecret`), through the
 * `HttpClient` in context.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<JanusAdmin, never, JanusServer | HttpClient.HttpClient> = Effect.gen(function* () {
  const server = yield* JanusServer
  return fromClient(yield* Client.makeHttp({ url: server.adminUrl, adminSecret: server.adminSecret }))
})

/**
 * The Admin client over WebSocket (`adminWsUrl`) for the `JanusServer` in context; the socket closes with the scope.
 *
 * @since 0.1.0
 */
export const makeWebSocket: Effect.Effect<
  JanusAdmin,
  AdminError,
  JanusServer | Socket.WebSocketConstructor | Scope.Scope
> = Effect.gen(function* () {
  const server = yield* JanusServer
  return fromClient(yield* Client.makeWebSocket({ url: server.adminWsUrl, adminSecret: server.adminSecret }))
})

/**
 * `make` as a Layer with its own HTTP client (`FetchHttpClient`), providing both the shortcuts and the full client
 * (`Client.JanusAdmin` of `@effect-janus/admin`); needs only the `JanusServer`, e.g.
 * `Admin.layer.pipe(Layer.provideMerge(JanusServer.layer()))`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<JanusAdmin | Client.JanusAdmin, never, JanusServer> = Layer.effectContext(
  Effect.map(make, (admin) => Context.make(JanusAdmin, admin).pipe(Context.add(Client.JanusAdmin, admin.client)))
).pipe(Layer.provide(FetchHttpClient.layer))

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
