import { FetchHttpClient } from "@effect/platform"
import { NodeSocket } from "@effect/platform-node"
import type { JanusTransport, TransportError } from "@effect-janus/core"
import type { JanusServer } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Layer, Redacted } from "effect"
import { HttpTransport } from "../../src/index.js"
import type { Subject, TargetOptions } from "./support.js"

const secret = (options: TargetOptions | undefined) =>
  options?.apiSecret === undefined ? undefined : Redacted.make(options.apiSecret)

/** The WebSocket transport (`ws` under Node), at the server's WebSocket port or `options.port`. */
export const websocket: Subject = {
  name: "WebSocket",
  port: (server: JanusServer.JanusServer) => server.wsPort,
  layer: (server: JanusServer.JanusServer, options?: TargetOptions): Layer.Layer<JanusTransport, TransportError> =>
    WebSocketTransport.layer({
      url: `ws://127.0.0.1:${options?.port ?? server.wsPort}`,
      apiSecret: secret(options),
      requestTimeout: options?.requestTimeout ?? "10 seconds"
    }).pipe(Layer.provide(NodeSocket.layerWebSocketConstructor))
}

/** The HTTP transport over `fetch`, at the server's REST base or `options.port`. */
export const http: Subject = {
  name: "HTTP",
  port: (server: JanusServer.JanusServer) => server.httpPort,
  layer: (server: JanusServer.JanusServer, options?: TargetOptions): Layer.Layer<JanusTransport, TransportError> =>
    HttpTransport.layer({
      url: `http://127.0.0.1:${options?.port ?? server.httpPort}/janus`,
      apiSecret: secret(options),
      requestTimeout: options?.requestTimeout ?? "10 seconds"
    }).pipe(Layer.provide(FetchHttpClient.layer))
}
