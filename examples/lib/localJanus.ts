/**
 * Finds the Janus the examples talk to: the one at `JANUS_URL` (a WebSocket URL) when it answers, otherwise a
 * local Janus started with the project's own config (janus/conf) for as long as the scope lives.
 */
import { NodeSocket } from "@effect/platform-node"
import { JanusServer } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Config, Console, Effect, Option } from "effect"

/** Where the example connects, and what it knows about the server's timeouts. */
export interface Target {
  readonly wsUrl: string
  readonly wsHost: string
  readonly wsPort: number
  /** `session_timeout` in seconds when the example started Janus itself; unknown otherwise. */
  readonly sessionTimeout: Option.Option<number>
  /** The running server when the example started Janus itself (for the Admin API). */
  readonly server: Option.Option<JanusServer.JanusServer>
}

/** True when a Janus answers `info` over a WebSocket at `url` within 2 s. */
const answers = (url: string) =>
  WebSocketTransport.make({ url, openTimeout: "2 seconds", requestTimeout: "2 seconds" }).pipe(
    Effect.flatMap((transport) => transport.send({ janus: "info" })),
    Effect.map((reply) => reply.janus === "server_info"),
    Effect.scoped,
    Effect.provide(NodeSocket.layerWebSocketConstructor),
    Effect.orElseSucceed(() => false)
  )

/** Uses `JANUS_URL` when a Janus answers there, else starts one for the scope. */
export const findJanus = (options: { readonly sessionTimeout: number; readonly reclaimTimeout: number }) =>
  Effect.gen(function* () {
    const url = yield* Config.string("JANUS_URL").pipe(Config.withDefault("ws://127.0.0.1:8188"))
    if (yield* answers(url)) {
      yield* Console.log(`• Janus answers at ${url}: using it`)
      const parsed = new URL(url)
      return {
        wsUrl: url,
        wsHost: parsed.hostname,
        wsPort: Number(parsed.port || 80),
        sessionTimeout: Option.none(),
        server: Option.none()
      } satisfies Target
    }
    yield* Console.log(`• No Janus at ${url}: starting a local one with the project's config (janus/conf)`)
    const server = yield* JanusServer.make(options)
    yield* Console.log(
      `• Janus ${server.wsUrl} (session_timeout ${server.sessionTimeout} s, reclaim_session_timeout ${server.reclaimTimeout} s), log: ${server.logFile}`
    )
    return {
      wsUrl: server.wsUrl,
      wsHost: "127.0.0.1",
      wsPort: server.wsPort,
      sessionTimeout: Option.some(server.sessionTimeout),
      server: Option.some(server)
    } satisfies Target
  })
