/**
 * Test support: a WebSocket transport and session on the test's Janus, and the werift layer on loopback.
 */
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import { JanusTransport, Session } from "@effect-janus/core"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import * as Effect from "effect/Effect"
import * as Werift from "../src/Werift.js"

/** The `WebRtc` service for tests on this machine: werift confined to 127.0.0.1. */
export const webRtc = Werift.layer({ loopback: true })

/** A WebSocket transport to `url` (reconnecting by itself) and a session on it, in the current scope. */
export const session = (url: string, options?: Session.SessionOptions) =>
  WebSocketTransport.make({ url, requestTimeout: "10 seconds" }).pipe(
    Effect.provide(NodeSocket.layerWebSocketConstructor),
    Effect.flatMap((transport) => Session.make(options).pipe(Effect.provideService(JanusTransport, transport)))
  )
