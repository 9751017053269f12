/**
 * Plugin handles as Layers: attach a new handle, or re-attach an existing handle id without sending `attach`.
 * Both provide the same `PluginHandle` service. Follows Janus docs "The Janus API › Plugin handles".
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { HandleId } from "./Ids.js"
import type { JanusApiError, SessionClosedError, TransportError } from "./JanusError.js"
import type { PluginLike } from "./Plugin.js"
import { PluginHandle } from "./PluginHandle.js"
import { type AttachOptions, JanusSession, type ReattachOptions } from "./Session.js"

export {
  /**
   * The `PluginHandle` Tag and interface that {@link layer} and {@link layerReattach} provide (the same values as
   * the core's `PluginHandle`), re-exported so a program that uses this module needs no second import.
   *
   * @since 0.1.0
   * @category tags
   */
  PluginHandle
} from "./PluginHandle.js"

/**
 * Attaches a handle of `plugin` to the session in context (`attach`); detached when the layer is released.
 * Fails with `JanusApiError` (460 no such plugin), `TransportError` or `SessionClosedError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  plugin: PluginLike,
  options?: AttachOptions
): Layer.Layer<PluginHandle, JanusApiError | TransportError | SessionClosedError, JanusSession> =>
  Layer.scoped(
    PluginHandle,
    Effect.flatMap(JanusSession, (session) => session.attach(plugin, options))
  )

/**
 * Provides the handle `handleId` of `plugin` on the session in context **without sending `attach`** (re-attach
 * after a `claim`). Fails with `SessionClosedError` when the session is over, `JanusApiError` 459 (nothing sent)
 * when `handleId` is not a positive safe integer; an id unknown to the server fails its first request with
 * `JanusApiError` 459.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerReattach = (
  plugin: PluginLike,
  handleId: HandleId | number,
  options?: ReattachOptions
): Layer.Layer<PluginHandle, SessionClosedError | JanusApiError, JanusSession> =>
  Layer.scoped(
    PluginHandle,
    Effect.flatMap(JanusSession, (session) => session.reattach(plugin, handleId, options))
  )
