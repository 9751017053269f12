import { NodeSocket } from "@effect/platform-node"
import { JanusTransport, Session } from "@effect-janus/core"
import { Admin, JanusServer } from "@effect-janus/testing-janus"
import { type Duration, Effect, Redacted, Schedule } from "effect"
import { WebSocketTransport } from "../src/index.js"

/** Opens a WebSocket transport in the given scope (so a test can close it on its own). */
export const connect = (
  url: string,
  options?: {
    readonly apiSecret?: string
    readonly requestTimeout?: Duration.DurationInput
    /** `false`: the manual mode (a drop closes the transport; the test claims on a new one). */
    readonly reconnect?: false
  }
) =>
  WebSocketTransport.make({
    url,
    requestTimeout: options?.requestTimeout ?? "10 seconds",
    reconnect: options?.reconnect,
    apiSecret: options?.apiSecret === undefined ? undefined : Redacted.make(options.apiSecret)
  }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor))

/** Opens a transport to the test server's WebSocket port. */
export const connectToServer = Effect.flatMap(JanusServer.JanusServer, (server) => connect(server.wsUrl))

/** `Session.make` on a given transport, in the given scope. */
export const sessionOn = (transport: JanusTransport, options?: Session.SessionOptions) =>
  Session.make(options).pipe(Effect.provideService(JanusTransport, transport))

/** Waits until the Admin API no longer lists the session (Janus's watchdog ticks every 2 s); at most 30 s. */
export const awaitGone = (sessionId: number) =>
  Admin.listSessions.pipe(
    Effect.filterOrFail(
      (ids) => !ids.includes(sessionId),
      () => "still there" as const
    ),
    Effect.retry(Schedule.spaced("500 millis").pipe(Schedule.upTo("30 seconds")))
  )
