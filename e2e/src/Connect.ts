/**
 * Opening WebSocket transports and sessions against the test's Janus.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import { JanusTransport, Session, type JanusTransport as Transport, type TransportError } from "@effect-janus/core"
import { Admin, JanusServer } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/**
 * Opens a WebSocket transport to `url` in the current scope (closing the scope closes the socket). It reconnects
 * by itself unless `reconnect: false` (the manual mode: a drop ends its sessions with `connection-lost`).
 *
 * @since 0.1.0
 */
export const connect = (
  url: string,
  options?: { readonly reconnect?: false | undefined }
): Effect.Effect<Transport, TransportError, Scope.Scope> =>
  WebSocketTransport.make({ url, requestTimeout: "10 seconds", reconnect: options?.reconnect }).pipe(
    Effect.provide(NodeSocket.layerWebSocketConstructor)
  )

/**
 * `Session.make` over the given transport, in the current scope.
 *
 * @since 0.1.0
 */
export const session = (transport: Transport, options?: Session.SessionOptions) =>
  Session.make(options).pipe(Effect.provideService(JanusTransport, transport))

/**
 * The harness's Admin API client for `janus` (its own fetch-based HTTP client).
 *
 * @since 0.1.0
 */
export const admin = (janus: JanusServer.JanusServer): Effect.Effect<Admin.JanusAdmin> =>
  Admin.make.pipe(Effect.provideService(JanusServer.JanusServer, janus), Effect.provide(FetchHttpClient.layer))
