/**
 * effect-janus core: protocol schemas, errors, the abstract transport, sessions, plugin handles.
 *
 * @since 0.1.0
 */

/**
 * A transport's connection, the machinery every transport is built on: one correlator for replies and for the
 * plugin events of a transaction, routing of async messages by session and handle, link generations, reconnects
 * on a Schedule and dead-link detection (`liveness`). Transport drivers call `Connection.make` with a `connect`
 * that opens one link.
 *
 * @since 0.2.0
 */
export * as Connection from "./Connection.js"
/**
 * Plugin handles as Layers: `Handle.layer` attaches a handle to a plugin for the life of the layer (detached when
 * it is released), `Handle.layerReattach` binds a handle id that already exists on the server.
 *
 * @since 0.1.0
 */
export * as Handle from "./Handle.js"
/**
 * Branded session and handle ids (`SessionId`, `HandleId`): positive safe integers, as Janus assigns them;
 * constructors that fail with a typed error on anything else (negative, fraction, NaN, numeric strings).
 *
 * @since 0.1.0
 */
export * as Ids from "./Ids.js"
/**
 * An in-memory `JanusTransport` and a scriptable server side for tests: read what the client sent, answer, push
 * events, drop or freeze the link to exercise reconnection — no Janus and no network needed (works with
 * `TestClock`).
 *
 * @since 0.1.0
 */
export * as InMemoryTransport from "./InMemoryTransport.js"
/**
 * The tagged errors of the core (`Schema.TaggedError`, each with a `reason` literal where there are several
 * causes): `TransportError` (the wire), `JanusApiError` (Janus answered `error`, with its code from
 * `src/apierror.h`), `PluginError` (a plugin answered `error_code`), `SessionClosedError` and
 * `SessionReclaimError`.
 *
 * @since 0.1.0
 */
export * from "./JanusError.js"
/**
 * The `JanusTransport` service (Tag and interface) that every transport implements — send a request and get the
 * reply of its transaction, a session's async messages, the connection state — and the tagged `ConnectionState`.
 *
 * @since 0.1.0
 */
export * from "./JanusTransport.js"
/**
 * Plugin definitions: a `Plugin` names a Janus plugin by its package name (`janus.plugin.echotest`) for
 * `JanusSession.attach`.
 *
 * @since 0.1.0
 */
export * as Plugin from "./Plugin.js"
/**
 * The `PluginHandle` service (Tag and interface): a handle attached to one plugin — `message`, `trickle`,
 * `hangup`, `detach` and its async messages — with the options and errors of its requests.
 *
 * @since 0.1.0
 */
export * from "./PluginHandle.js"
/**
 * Schemas of the Janus core API messages (Janus docs "The Janus API"): requests, replies, async messages, and a
 * decoder for anything Janus sends.
 *
 * @since 0.1.0
 */
export * as Protocol from "./Protocol.js"
/**
 * Requests about the server rather than a session, answered without one: `Server.info` (the `server_info` reply,
 * with `session-timeout` and `reclaim-session-timeout` in seconds) and `Server.ping` (the round trip of a `ping`).
 *
 * @since 0.2.0
 */
export * as Server from "./Server.js"
/**
 * Sessions: created or claimed, kept alive on a Schedule, reclaimed on their own after a reconnect (or re-created
 * with `onLost: "recreate"`), destroyed or abandoned with their scope; `Session.resume` by key over the
 * `SessionStore`.
 *
 * @since 0.1.0
 */
export * as Session from "./Session.js"
export {
  /**
   * The `JanusSession` Tag and interface: a live Janus session (the same values as `Session.JanusSession`).
   *
   * @since 0.1.0
   * @category tags
   */
  JanusSession,
  /**
   * The state of a session as tagged values (Active, Disconnected, Reclaiming, Reclaimed, Recreated, Lost,
   * Closed), with its constructors and matchers (the same values as `Session.SessionState`).
   *
   * @since 0.2.0
   * @category models
   */
  SessionState
} from "./Session.js"
/**
 * Where sessions are kept to be resumed after a process restart: a `SessionStore` service over `@effect/platform`
 * `KeyValueStore` (in memory, Web Storage, or an atomically written file), read and kept current by
 * `Session.resume`.
 *
 * @since 0.2.0
 */
export * as SessionStore from "./SessionStore.js"
/**
 * Transaction ids: a generator of unique `transaction` strings (a random prefix from Effect's `Random`, then a
 * counter) that correlate replies with requests.
 *
 * @since 0.1.0
 */
export * as Transaction from "./Transaction.js"
