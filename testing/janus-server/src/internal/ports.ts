import * as Net from "node:net"
import * as Effect from "effect/Effect"

/** Listens on 127.0.0.1:0 (the kernel picks a free port) until the surrounding scope closes. */
const listenOnFreePort = Effect.acquireRelease(
  Effect.async<Net.Server, Error>((resume) => {
    const server = Net.createServer()
    server.once("error", (error) => resume(Effect.fail(error)))
    server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    return Effect.sync(() => server.close())
  }),
  (server) =>
    Effect.async<void>((resume) => {
      server.close(() => resume(Effect.void))
    })
)

/**
 * Picks `count` distinct free TCP ports on 127.0.0.1. All listeners are held open together (so the
 * kernel hands out distinct ports) and closed before the ports are returned. Another process may
 * still grab one before Janus binds it; the harness detects that (Janus logs `[FATAL]`, or `/info`
 * answers with another server's name) and retries with fresh ports.
 */
export const freePorts = (count: number): Effect.Effect<ReadonlyArray<number>, Error> =>
  Effect.scoped(
    Effect.forEach(Array.from({ length: count }), () =>
      Effect.map(listenOnFreePort, (server) => (server.address() as Net.AddressInfo).port)
    )
  )
