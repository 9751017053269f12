import { NodeSocket } from "@effect/platform-node"
import { JanusTransport, Session } from "@effect-janus/core"
import { JanusServer } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Effect } from "effect"

/**
 * Opens a WebSocket transport to the test's Janus and a session on it, both in the current scope (the session is
 * destroyed and the socket closed when the scope closes).
 */
export const openSession = Effect.gen(function* () {
  const server = yield* JanusServer.JanusServer
  const transport = yield* WebSocketTransport.make({ url: server.wsUrl, requestTimeout: "10 seconds" }).pipe(
    Effect.provide(NodeSocket.layerWebSocketConstructor)
  )
  return yield* Session.make({ keepAlive: "10 seconds", eventTimeout: "10 seconds" }).pipe(
    Effect.provideService(JanusTransport, transport)
  )
})

/** A room / mountpoint id unlikely to clash between tests of one server. */
export const freshId = Effect.sync(() => 100_000 + Math.floor(Math.random() * 1_000_000_000))

/**
 * A plain copy of a failure's own fields (`_tag`, `code`, `reason`, …). Effect attaches the current span to a
 * failure through a Proxy; comparing the proxy itself makes vitest's diff recurse into the span on a mismatch.
 */
export const plain = (error: object): Record<string, unknown> => ({ ...error })
