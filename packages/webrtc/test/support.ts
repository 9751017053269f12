/**
 * Test support: a WebSocket transport and session on the test's Janus, and the werift layer on loopback.
 */
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import { JanusTransport, Session } from "@effect-janus/core"
import { LocalStun } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Werift from "../src/Werift.js"

/**
 * The `WebRtc` service for tests on this machine: werift confined to 127.0.0.1, with a STUN server of its own there
 * (so that werift's gathering ends at once).
 */
export const webRtc = Layer.unwrapScoped(
  Effect.map(LocalStun.make, (stunPort) => Werift.layer({ loopback: true, stunPort }))
)

/** A WebSocket transport to `url` (reconnecting by itself) and a session on it, in the current scope. */
export const session = (url: string, options?: Session.SessionOptions) =>
  WebSocketTransport.make({ url, requestTimeout: "10 seconds" }).pipe(
    Effect.provide(NodeSocket.layerWebSocketConstructor),
    Effect.flatMap((transport) => Session.make(options).pipe(Effect.provideService(JanusTransport, transport)))
  )
