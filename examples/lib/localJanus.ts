/**
 * Finds the Janus the examples talk to: the one at `JANUS_URL` (a WebSocket URL) when it answers, otherwise a
 * local Janus started with the project's own config (janus/conf) for as long as the scope lives — with the
 * examples' own config edits (`configure`), and, for examples with real WebRTC media, with the test harness's
 * loopback ICE shim (`MediaJanus`, `media`).
 */
import { FetchHttpClient } from "@effect/platform"
import { NodeSocket } from "@effect/platform-node"
import { JanusAdmin } from "@effect-janus/admin"
import { JanusServer, MediaJanus } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Config, Console, Effect, Option } from "effect"

/** Where the example connects, and what it knows about the server's timeouts. */
export interface Target {
  readonly wsUrl: string
  readonly wsHost: string
  readonly wsPort: number
  /** `session_timeout` in seconds when the example started Janus itself; unknown otherwise. */
  readonly sessionTimeout: Option.Option<number>
  /** The running server when the example started Janus itself. */
  readonly server: Option.Option<JanusServer.JanusServer>
  /** An Admin API client (`@effect-janus/admin`, over HTTP) when the example started Janus itself. */
  readonly admin: Option.Option<JanusAdmin.JanusAdmin>
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

/** What `findJanus` needs to know to start a Janus of its own. */
export interface FindOptions {
  /** `session_timeout` (s) of a Janus started here. */
  readonly sessionTimeout: number
  /** `reclaim_session_timeout` (s) of a Janus started here. */
  readonly reclaimTimeout: number
  /** Config edits for a Janus started here (the harness's `configure`: file name and text in, text out). */
  readonly configure?: ((fileName: string, text: string) => string) | undefined
  /**
   * Start Janus with the harness's `MediaJanus` set-up (the `LD_PRELOAD` loopback ICE shim, ICE on `lo` only, the SIP
   * plugin on 127.0.0.1) so that werift can carry real media to it over 127.0.0.1. A Janus elsewhere is then used
   * only when `JANUS_URL` is set explicitly (not the default ws://127.0.0.1:8188 probe): it must run on this
   * machine and gather ICE candidates on 127.0.0.1 itself.
   */
  readonly media?: boolean | undefined
}

/** Uses `JANUS_URL` when a Janus answers there, else starts one for the scope. */
export const findJanus = (options: FindOptions) =>
  Effect.gen(function* () {
    const explicit = yield* Config.option(Config.string("JANUS_URL"))
    const url = Option.getOrElse(explicit, () => "ws://127.0.0.1:8188")
    const probe = options.media !== true || Option.isSome(explicit)
    if (probe && (yield* answers(url))) {
      yield* Console.log(`• Janus answers at ${url}: using it`)
      const parsed = new URL(url)
      return {
        wsUrl: url,
        wsHost: parsed.hostname,
        wsPort: Number(parsed.port || 80),
        sessionTimeout: Option.none(),
        server: Option.none(),
        admin: Option.none()
      } satisfies Target
    }
    const serverOptions = {
      sessionTimeout: options.sessionTimeout,
      reclaimTimeout: options.reclaimTimeout,
      configure: options.configure
    }
    const shim = options.media === true ? " and the loopback ICE shim (media on 127.0.0.1)" : ""
    yield* Console.log(
      probe
        ? `• No Janus at ${url}: starting a local one with the project's config (janus/conf)${shim}`
        : `• No JANUS_URL: starting a local Janus with the project's config (janus/conf)${shim}`
    )
    const server =
      options.media === true ? yield* MediaJanus.make(serverOptions) : yield* JanusServer.make(serverOptions)
    yield* Console.log(
      `• Janus ${server.wsUrl} (session_timeout ${server.sessionTimeout} s, reclaim_session_timeout ${server.reclaimTimeout} s), log: ${server.logFile}`
    )
    const admin = yield* JanusAdmin.makeHttp({ url: server.adminUrl, adminSecret: server.adminSecret }).pipe(
      Effect.provide(FetchHttpClient.layer)
    )
    return {
      wsUrl: server.wsUrl,
      wsHost: "127.0.0.1",
      wsPort: server.wsPort,
      sessionTimeout: Option.some(server.sessionTimeout),
      server: Option.some(server),
      admin: Option.some(admin)
    } satisfies Target
  })
