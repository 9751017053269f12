/**
 * effect-janus WebSocket transport.
 *
 * @since 0.1.0
 */

/**
 * `JanusTransport` over one WebSocket (Janus's WebSockets transport, subprotocol `janus-protocol`, default port
 * 8188): `make` / `layer` / `layerConfig`, reconnecting on a Schedule after a drop or a silent link and letting
 * every session claim itself on the new socket.
 *
 * @since 0.1.0
 */
export * as WebSocketTransport from "./WebSocketTransport.js"
