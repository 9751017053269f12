/**
 * Test harness for effect-janus: start a real Janus WebRTC Server with its own config and ports
 * (`JanusServer`), inspect its state through the Admin API (`Admin`).
 *
 * @since 0.1.0
 */

/**
 * Admin API client (`list_sessions`, `list_handles`, `handle_info`) for the server in context.
 *
 * @since 0.1.0
 */
export * as Admin from "./Admin.js"
/**
 * Start and stop a real Janus (`make`, `layer`), the `JanusServer` Tag, and the vitest helper
 * `printLogOnFailure`.
 *
 * @since 0.1.0
 */
export * as JanusServer from "./JanusServer.js"

/**
 * A TCP proxy whose connections can be cut or stalled, to lose a connection for real in tests and demos.
 *
 * @since 0.1.0
 */
export * as TcpProxy from "./TcpProxy.js"
