/**
 * Building blocks for transports that exchange JSON text frames with Janus over one connection (WebSocket,
 * Unix socket, …): transaction correlation with per-request timeouts, `apisecret` / `token` on every request,
 * routing of async messages to their session, and the connection state. A driver only writes frames, feeds
 * received frames to `receive`, and reports `opened` and `closed`. Undecodable frames are logged as a
 * `TransportError` `decode` and dropped; replies for unknown transactions are logged and dropped.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { type Framed, type FramedOptions, makeFramed } from "./internal/correlator.js"

export type {
  /** @since 0.1.0 */
  Framed,
  /** @since 0.1.0 */
  FramedOptions
} from "./internal/correlator.js"

/**
 * Makes the frame correlator. `options.write` sends one text frame; `options.requestTimeout` defaults to 10 s.
 * The returned `transport` is the `JanusTransport` service; `receive`, `opened` and `closed` are for the driver.
 *
 * @since 0.1.0
 */
export const make: (options: FramedOptions) => Effect.Effect<Framed, never, Scope.Scope | never> = makeFramed
