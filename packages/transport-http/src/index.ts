/**
 * effect-janus HTTP transport: the Janus REST API with long-poll events.
 *
 * @since 0.1.0
 */

/**
 * `JanusTransport` over the Janus REST API (Janus's HTTP transport, default `http://…:8088/janus`): requests are
 * POSTs, events come from a long-poll GET per session; `make` / `layer` / `layerConfig` over an `HttpClient`,
 * reconnecting (an `info` probe on a Schedule, then a claim per session) after an outage or a Janus restart.
 *
 * @since 0.1.0
 */
export * as HttpTransport from "./HttpTransport.js"
