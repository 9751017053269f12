/**
 * effect-janus WebSocket transport.
 *
 * @since 0.1.0
 */

/** `JanusTransport` over a WebSocket. @since 0.1.0 */
export * as WebSocketTransport from "./WebSocketTransport.js"
