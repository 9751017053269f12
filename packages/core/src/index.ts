/**
 * effect-janus core: protocol schemas, errors, the abstract transport, sessions, plugin handles.
 *
 * @since 0.1.0
 */

/** A transport's connection: correlation, routing, generations, reconnects (what every transport is built on). @since 0.2.0 */
export * as Connection from "./Connection.js"
/** Plugin handles as Layers (attach and re-attach). @since 0.1.0 */
export * as Handle from "./Handle.js"
/** Branded session and handle ids. @since 0.1.0 */
export * as Ids from "./Ids.js"
/** The in-memory transport and scriptable server for tests. @since 0.1.0 */
export * as InMemoryTransport from "./InMemoryTransport.js"
/** Tagged errors. @since 0.1.0 */
export * from "./JanusError.js"
/** The transport Tag. @since 0.1.0 */
export * from "./JanusTransport.js"
/** Plugin definitions. @since 0.1.0 */
export * as Plugin from "./Plugin.js"
/** The plugin handle service. @since 0.1.0 */
export * from "./PluginHandle.js"
/** Core API message schemas. @since 0.1.0 */
export * as Protocol from "./Protocol.js"
/** Server requests: `info` and `ping`. @since 0.2.0 */
export * as Server from "./Server.js"
/** Sessions: create, claim, keep-alive. @since 0.1.0 */
export * as Session from "./Session.js"
/** The `JanusSession` Tag and interface, and the session's state. @since 0.1.0 */
export { JanusSession, SessionState } from "./Session.js"
/** Where sessions are kept to be resumed after a restart (over `KeyValueStore`). @since 0.2.0 */
export * as SessionStore from "./SessionStore.js"
/** Transaction ids. @since 0.1.0 */
export * as Transaction from "./Transaction.js"
