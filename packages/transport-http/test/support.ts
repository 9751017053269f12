import * as Http from "node:http"
import * as Net from "node:net"
import { FetchHttpClient, HttpClient } from "@effect/platform"
import type { JanusTransport } from "@effect-janus/core"
import { Effect, Redacted, Ref, type Scope } from "effect"
import { HttpTransport } from "../src/index.js"

/** Counts the long polls (GET requests) an `HttpClient` made and how many are in flight. */
export interface PollCounter {
  readonly started: Effect.Effect<number>
  readonly inFlight: Effect.Effect<number>
}

/** An HTTP transport over `fetch` whose long polls are counted. */
export const countedTransport = (
  options: HttpTransport.Options
): Effect.Effect<{ readonly transport: JanusTransport; readonly polls: PollCounter }, never, Scope.Scope> =>
  Effect.gen(function* () {
    const started = yield* Ref.make(0)
    const inFlight = yield* Ref.make(0)
    const fetchClient = yield* Effect.provide(HttpClient.HttpClient, FetchHttpClient.layer)
    const client = HttpClient.transform(fetchClient, (effect, request) =>
      request.method !== "GET"
        ? effect
        : Ref.update(started, (n) => n + 1).pipe(
            Effect.zipRight(Ref.update(inFlight, (n) => n + 1)),
            Effect.zipRight(effect),
            Effect.ensuring(Ref.update(inFlight, (n) => n - 1))
          )
    )
    const transport = yield* HttpTransport.make(options).pipe(Effect.provideService(HttpClient.HttpClient, client))
    return { transport, polls: { started: Ref.get(started), inFlight: Ref.get(inFlight) } }
  })

/** An HTTP transport over `fetch`. */
export const httpTransport = (
  url: string,
  options?: { readonly apiSecret?: string; readonly longPollRetries?: number }
) =>
  HttpTransport.make({
    url,
    apiSecret: options?.apiSecret === undefined ? undefined : Redacted.make(options.apiSecret),
    longPollRetries: options?.longPollRetries
  }).pipe(Effect.provide(FetchHttpClient.layer))

/**
 * A TCP peer on 127.0.0.1 that accepts connections and never answers (a hung server, not a Janus), closed with
 * the scope. Succeeds with its port.
 */
export const silentPeer: Effect.Effect<number, never, Scope.Scope> = Effect.map(
  Effect.acquireRelease(
    Effect.async<{ server: Net.Server; sockets: Set<Net.Socket> }>((resume) => {
      const sockets = new Set<Net.Socket>()
      const server = Net.createServer((socket) => {
        sockets.add(socket)
        socket.on("error", () => sockets.delete(socket))
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed({ server, sockets })))
    }),
    ({ server, sockets }) =>
      Effect.async<void>((resume) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resume(Effect.void))
      })
  ),
  ({ server }) => (server.address() as Net.AddressInfo).port
)

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export const closedPort: Effect.Effect<number> = Effect.async<number>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const port = (server.address() as Net.AddressInfo).port
    server.close(() => resume(Effect.succeed(port)))
  })
})

/**
 * An HTTP peer on 127.0.0.1 answering every request with status 200 and `body` (a broken proxy, not a Janus),
 * closed with the scope. Succeeds with its port.
 */
export const answeringPeer = (body: string): Effect.Effect<number, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.async<Http.Server>((resume) => {
        const server = Http.createServer((request, response) => {
          request.resume()
          request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end(body))
        })
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    ),
    (server) => (server.address() as Net.AddressInfo).port
  )
