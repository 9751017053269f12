/**
 * effect-janus HTTP transport: the Janus REST API with long-poll events.
 *
 * @since 0.1.0
 */

/** `JanusTransport` over HTTP (REST requests, long-poll events). @since 0.1.0 */
export * as HttpTransport from "./HttpTransport.js"
