/**
 * What the Admin tests need around a real Janus: the Janus config that enables what the requests touch (an event
 * handler posting to a local collector, the JSON logger, static event loops, stored-token auth), a client per wire,
 * and a session with an EchoTest handle created over the plain Janus API.
 */
import * as Http from "node:http"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import { JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { Context, type Duration, Effect, Layer, Queue, Schema, type Scope } from "effect"
import { JanusAdmin } from "../src/index.js"

/** The two wires of the client. */
export type Wire = "HTTP" | "WebSocket"

/** Event handler posts received by the local collector (the sample event handler's backend). */
export class Collector extends Context.Tag("test/Collector")<
  Collector,
  { readonly port: number; readonly events: Queue.Dequeue<unknown> }
>() {}

/** An HTTP server on 127.0.0.1 that queues every JSON body POSTed to it; closed with the scope. */
const collector: Effect.Effect<Context.Tag.Service<Collector>, never, Scope.Scope> = Effect.gen(function* () {
  const events = yield* Queue.unbounded<unknown>()
  const server = yield* Effect.acquireRelease(
    Effect.async<Http.Server>((resume) => {
      const server = Http.createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"))
          for (const event of Array.isArray(body) ? body : [body]) Queue.unsafeOffer(events, event)
          response.writeHead(200).end()
        })
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )
  const address = server.address()
  return { port: typeof address === "object" && address !== null ? address.port : 0, events }
})

const sampleEventHandler = (port: number) => `general: {
\tenabled = true
\tevents = "external"
\tgrouping = false
\tjson = "plain"
\tbackend = "http://127.0.0.1:${port}/events"
}
`

const jsonLogger = `general: {
\tenabled = true
\tjson = "plain"
\tfilename = "@RUN_DIR@/janus-log.json"
}
`

/**
 * A Janus with what the Admin requests need: the sample event handler (posting external events to the collector),
 * the JSON logger, two static event loops, and, with `tokenAuth`, stored-token authentication.
 */
export const janusLayer = (options: {
  readonly tokenAuth: boolean
}): Layer.Layer<JanusServer.JanusServer | Collector> =>
  Layer.unwrapScoped(
    Effect.map(collector, (events) =>
      JanusServer.layer({
        files: {
          "janus.eventhandler.sampleevh.jcfg": sampleEventHandler(events.port),
          "janus.logger.jsonlog.jcfg": jsonLogger
        },
        configure: (file, text) =>
          file !== "janus.jcfg"
            ? text
            : text
                .replace(
                  "general: {",
                  `general: {\n\tevent_loops = 2${options.tokenAuth ? "\n\ttoken_auth = true" : ""}`
                )
                .replace(/^\tbroadcast = false$/m, "\tbroadcast = true")
                .replace("libjanus_sampleevh.so,", "")
                .replace('disable = "libjanus_jsonlog.so"', "")
      }).pipe(Layer.orDie, Layer.merge(Layer.succeed(Collector, events)))
    )
  )

/**
 * A client of the server's Admin API over `wire`, with the server's secret unless `overrides.adminSecret` says
 * another (`null`: none), at the server's Admin URL unless `overrides.url` says another.
 */
export const client = (
  wire: Wire,
  server: JanusServer.JanusServer,
  overrides: {
    readonly adminSecret?: string | null
    readonly url?: string
    readonly requestTimeout?: Duration.DurationInput
  } = {}
): Effect.Effect<JanusAdmin.JanusAdmin, JanusAdmin.AdminError, Scope.Scope> => {
  const adminSecret = overrides.adminSecret === null ? undefined : (overrides.adminSecret ?? server.adminSecret)
  const { requestTimeout } = overrides
  return wire === "HTTP"
    ? JanusAdmin.makeHttp({ url: overrides.url ?? server.adminUrl, adminSecret, requestTimeout }).pipe(
        Effect.provide(FetchHttpClient.layer)
      )
    : JanusAdmin.makeWebSocket({ url: overrides.url ?? server.adminWsUrl, adminSecret, requestTimeout }).pipe(
        Effect.provide(NodeSocket.layerWebSocketConstructor)
      )
}

/** A client that reaches the server's Admin API over `wire` through a `TcpProxy` (to cut or stall its link). */
export const proxiedClient = (
  wire: Wire,
  server: JanusServer.JanusServer,
  options: { readonly requestTimeout?: Duration.DurationInput } = {}
) =>
  Effect.gen(function* () {
    const proxy = yield* TcpProxy.make({
      host: "127.0.0.1",
      port: wire === "HTTP" ? server.adminPort : server.adminWsPort
    })
    const url = wire === "HTTP" ? `http://127.0.0.1:${proxy.port}/admin` : `ws://127.0.0.1:${proxy.port}`
    return { proxy, admin: yield* client(wire, server, { ...options, url }) }
  })

/** `layerConfig` (HTTP) or `layerConfigWebSocket`, with what each needs. */
export const configLayer = (wire: Wire) =>
  wire === "HTTP"
    ? JanusAdmin.layerConfig.pipe(Layer.provide(FetchHttpClient.layer))
    : JanusAdmin.layerConfigWebSocket.pipe(Layer.provide(NodeSocket.layerWebSocketConstructor))

/** The `JanusAdmin` Layer over `wire` for the `JanusServer` in context. */
export const clientLayer = (
  wire: Wire
): Layer.Layer<JanusAdmin.JanusAdmin, JanusAdmin.AdminError, JanusServer.JanusServer> =>
  Layer.scoped(
    JanusAdmin.JanusAdmin,
    Effect.flatMap(JanusServer.JanusServer, (server) => client(wire, server))
  )

const JanusReply = Schema.Struct({
  janus: Schema.String,
  data: Schema.optional(Schema.Struct({ id: Schema.Number })),
  error: Schema.optional(Schema.Struct({ code: Schema.Number, reason: Schema.String }))
})

/** POSTs a Janus API request (not Admin) and returns the decoded reply. */
export const janusApi = (url: string, body: Record<string, unknown>) =>
  HttpClientRequest.post(url).pipe(
    HttpClientRequest.bodyUnsafeJson({ transaction: `t${Math.random()}`, ...body }),
    HttpClient.execute,
    Effect.flatMap(HttpClientResponse.schemaBodyJson(JanusReply)),
    Effect.scoped,
    Effect.provide(FetchHttpClient.layer),
    Effect.orDie
  )

/** A session created over the Janus HTTP API with an EchoTest handle (opaque id `admin-test`); destroyed with the scope. */
export const echoHandle = (server: JanusServer.JanusServer, extra: Record<string, unknown> = {}) =>
  Effect.gen(function* () {
    const created = yield* janusApi(server.httpUrl, { janus: "create", ...extra })
    const sessionId = created.data?.id ?? 0
    yield* Effect.addFinalizer(() => janusApi(`${server.httpUrl}/${sessionId}`, { janus: "destroy", ...extra }))
    const attached = yield* janusApi(`${server.httpUrl}/${sessionId}`, {
      janus: "attach",
      plugin: "janus.plugin.echotest",
      opaque_id: "admin-test",
      ...extra
    })
    return { sessionId, handleId: attached.data?.id ?? 0 }
  })
