/**
 * A TCP proxy that can cut, freeze and refuse its connections, to lose a network connection for real in tests and
 * demos: clients connect to the proxy, the proxy forwards to Janus, and
 * - `cut` destroys every open connection at once (both directions, no WebSocket close handshake) — what a dropped
 *   Wi-Fi or a crashed NAT does;
 * - `freeze` keeps the sockets open but forwards nothing either way — a half-open link (a NAT mapping that died,
 *   a laptop that slept), which TCP does not notice for minutes;
 * - `setRefusing(true)` resets every new connection at once — the server is unreachable for a while;
 * - `retarget` points new connections at another port — a Janus restarted behind the same address.
 *
 * Test code: it uses `node:net` directly inside Effect constructors.
 *
 * @since 0.1.0
 * @category testing
 */
import * as Net from "node:net"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/**
 * A running proxy.
 *
 * @since 0.1.0
 * @category models
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
  /**
   * Freezes the open connections: nothing is forwarded in either direction and nothing is closed, until `cut`
   * (which destroys them). New connections are not frozen. Succeeds with how many were frozen.
   */
  readonly freeze: Effect.Effect<number>
  /** While true, every new connection is reset at once (the open ones are left alone). */
  readonly setRefusing: (refusing: boolean) => Effect.Effect<void>
  /** Forwards new connections to `port` on the same host from now on. */
  readonly retarget: (port: number) => Effect.Effect<void>
  /** How many connections are open now. */
  readonly open: Effect.Effect<number>
}

interface Pair {
  readonly client: Net.Socket
  readonly upstream: Net.Socket
  frozen: boolean
}

/**
 * Starts a proxy on 127.0.0.1 (a free port) forwarding to `target` (`host:port`). Closed with the scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (target: {
  readonly host: string
  readonly port: number
}): Effect.Effect<TcpProxy, never, Scope.Scope> =>
  Effect.gen(function* () {
    const pairs = new Set<Pair>()
    let stalled = false
    let refusing = false
    let targetPort = target.port
    const server = yield* Effect.acquireRelease(
      Effect.async<Net.Server>((resume) => {
        const server = Net.createServer((client) => {
          if (refusing) {
            client.resetAndDestroy()
            return
          }
          const upstream = Net.connect(targetPort, target.host)
          const pair: Pair = { client, upstream, frozen: false }
          pairs.add(pair)
          const drop = () => {
            pairs.delete(pair)
            client.destroy()
            upstream.destroy()
          }
          client.on("error", drop).on("close", drop)
          upstream.on("error", drop).on("close", drop)
          client.on("data", (chunk: Buffer) => {
            if (!pair.frozen) upstream.write(chunk)
          })
          upstream.on("data", (chunk: Buffer) => {
            if (!stalled && !pair.frozen) client.write(chunk)
          })
        })
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          for (const pair of pairs) {
            pair.client.destroy()
            pair.upstream.destroy()
          }
          pairs.clear()
          server.close(() => resume(Effect.void))
        })
    )
    const address = server.address() as Net.AddressInfo
    return {
      port: address.port,
      stall: Effect.sync(() => {
        stalled = true
      }),
      freeze: Effect.sync(() => {
        for (const pair of pairs) pair.frozen = true
        return pairs.size
      }),
      setRefusing: (value) =>
        Effect.sync(() => {
          refusing = value
        }),
      retarget: (port) =>
        Effect.sync(() => {
          targetPort = port
        }),
      cut: Effect.sync(() => {
        stalled = false
        const n = pairs.size
        for (const pair of pairs) {
          pair.client.destroy()
          pair.upstream.destroy()
        }
        pairs.clear()
        return n
      }),
      open: Effect.sync(() => pairs.size)
    }
  })
