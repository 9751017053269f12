import {
  type Ids,
  type JanusApiError,
  JanusSession,
  type Plugin,
  type PluginHandle,
  type SessionClosedError,
  type TransportError
} from "@effect-janus/core"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type { AttachOptions, ReattachOptions } from "../Common.js"

/** The four ways to get a plugin service: `attach` / `reattach` effects and their Layers. */
export interface Constructors<S> {
  readonly attach: (
    session: JanusSession,
    options?: AttachOptions
  ) => Effect.Effect<S, JanusApiError | TransportError | SessionClosedError, Scope.Scope>
  readonly reattach: (
    session: JanusSession,
    handleId: Ids.HandleId | number,
    options?: ReattachOptions
  ) => Effect.Effect<S, SessionClosedError | JanusApiError, Scope.Scope>
  readonly layer: (
    options?: AttachOptions
  ) => Layer.Layer<S, JanusApiError | TransportError | SessionClosedError, JanusSession>
  readonly layerReattach: (
    handleId: Ids.HandleId | number,
    options?: ReattachOptions
  ) => Layer.Layer<S, SessionClosedError | JanusApiError, JanusSession>
}

export const constructors = <S>(
  plugin: Plugin.Plugin,
  tag: Context.Tag<S, S>,
  make: (handle: PluginHandle) => S
): Constructors<S> => {
  const attach: Constructors<S>["attach"] = (session, options) => Effect.map(session.attach(plugin, options), make)
  const reattach: Constructors<S>["reattach"] = (session, handleId, options) =>
    Effect.map(session.reattach(plugin, handleId, options), make)
  return {
    attach,
    reattach,
    layer: (options) =>
      Layer.scoped(
        tag,
        Effect.flatMap(JanusSession, (session) => attach(session, options))
      ),
    layerReattach: (handleId, options) =>
      Layer.scoped(
        tag,
        Effect.flatMap(JanusSession, (session) => reattach(session, handleId, options))
      )
  }
}
