/**
 * effect-janus Admin API client.
 *
 * @since 0.2.0
 */

/**
 * The Janus Admin API, typed (Janus docs "Admin/Monitor API"): one operation per Admin request of Janus 1.1.2 —
 * sessions and handles, server settings, tokens, captures, `message_plugin` — over HTTP (`POST <url>`, e.g.
 * `http://127.0.0.1:7088/admin`) or WebSocket (`janus-admin-protocol`), with `admin_secret` as `Redacted`. Every
 * operation fails with `AdminError`, whose `reason` says why.
 *
 * @since 0.2.0
 */
export * as JanusAdmin from "./JanusAdmin.js"
