/**
 * effect-janus Admin API client.
 *
 * @since 0.2.0
 */

/**
 * The Janus Admin API, typed: one operation per Admin request of Janus 1.1.2, over HTTP or WebSocket.
 *
 * @since 0.2.0
 */
export * as JanusAdmin from "./JanusAdmin.js"
