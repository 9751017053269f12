/**
 * Test harness for effect-janus: start a real Janus WebRTC Server with its own config and ports
 * (`JanusServer`), inspect its state through the Admin API (`Admin`).
 *
 * @since 0.1.0
 */

/**
 * The `@effect-janus/admin` client for the server in context (`make`, `layer`, `layerWebSocket`), with the
 * shortcuts tests use (`listSessions`, `listHandles`, `handleInfo`).
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
 * A STUN server on 127.0.0.1 (Binding requests only), for Janus's Admin `test_stun` and ICE agents in tests.
 *
 * @since 0.1.0
 */
export * as LocalStun from "./LocalStun.js"
/**
 * A Janus that carries WebRTC media over loopback (the `LD_PRELOAD` ICE shim, ICE on `lo` only), and the config
 * edit that puts the SIP plugin on 127.0.0.1 (`configureSip`).
 *
 * @since 0.2.0
 */
export * as MediaJanus from "./MediaJanus.js"
/**
 * sipp as a real SIP peer for the SIP plugin: a registrar, callers and callees on 127.0.0.1, scoped.
 *
 * @since 0.2.0
 */
export * as Sipp from "./Sipp.js"
/**
 * A TCP proxy whose connections can be cut or stalled, to lose a connection for real in tests and demos.
 *
 * @since 0.1.0
 */
export * as TcpProxy from "./TcpProxy.js"
