/**
 * A TCP proxy that can cut its connections, to lose a network connection for real in tests and demos:
 * clients connect to the proxy, the proxy forwards to Janus, and `cut` destroys every open connection at once
 * (both directions, no WebSocket close handshake) — what a dropped Wi-Fi or a crashed NAT does.
 *
 * Test code: it uses `node:net` directly inside Effect constructors.
 *
 * @since 0.1.0
 */
import * as Net from "node:net"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/**
 * A running proxy.
 *
 * @since 0.1.0
 */
export interface TcpProxy {
  /** The port the proxy listens on, on 127.0.0.1. */
  readonly port: number
  /** Destroys every open connection; new connections are accepted afterwards. Succeeds with how many were cut. */
  readonly cut: Effect.Effect<number>
  /**
   * From now on, drops everything Janus sends (requests still reach Janus, replies never come back), as a
   * link that died silently in one direction. `cut` ends it.
   */
  readonly stall: Effect.Effect<void>
  /** How many connections are open now. */
  readonly open: Effect.Effect<number>
}

/**
 * Starts a proxy on 127.0.0.1 (a free port) forwarding to `target` (`host:port`). Closed with the scope.
 *
 * @since 0.1.0
 */
export const make = (target: {
  readonly host: string
  readonly port: number
}): Effect.Effect<TcpProxy, never, Scope.Scope> =>
  Effect.gen(function* () {
    const sockets = new Set<Net.Socket>()
    let stalled = false
    const server = yield* Effect.acquireRelease(
      Effect.async<Net.Server>((resume) => {
        const server = Net.createServer((client) => {
          const upstream = Net.connect(target.port, target.host)
          sockets.add(client)
          sockets.add(upstream)
          const drop = () => {
            sockets.delete(client)
            sockets.delete(upstream)
            client.destroy()
            upstream.destroy()
          }
          client.on("error", drop).on("close", drop)
          upstream.on("error", drop).on("close", drop)
          client.pipe(upstream)
          upstream.on("data", (chunk: Buffer) => {
            if (!stalled) client.write(chunk)
          })
        })
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          for (const socket of sockets) socket.destroy()
          sockets.clear()
          server.close(() => resume(Effect.void))
        })
    )
    const address = server.address() as Net.AddressInfo
    return {
      port: address.port,
      stall: Effect.sync(() => {
        stalled = true
      }),
      cut: Effect.sync(() => {
        stalled = false
        const n = sockets.size / 2
        for (const socket of sockets) socket.destroy()
        sockets.clear()
        return n
      }),
      open: Effect.sync(() => sockets.size / 2)
    }
  })
