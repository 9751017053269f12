import type * as Effect from "effect/Effect"
import type { SessionId } from "../Ids.js"
import type { SessionSink } from "../JanusTransport.js"

/**
 * A transport's session registrations without a Scope: what `JanusTransport.listen` does, as a register and an
 * unregister. A session uses it when its transport offers it (every transport built by `Connection.make`) instead of
 * a Scope of its own per registration — a Scope and its finalizers `Map` were ~350 B of every session.
 */
export interface Registration {
  /** Registers `sink` for the session's messages (as `listen`, uninterruptibly); undone by {@link unregister}. */
  readonly register: (sessionId: SessionId, sink: SessionSink) => Effect.Effect<void>
  /** Removes the registration if it is still `sink`'s: held requests fail, the session's long poll stops. */
  readonly unregister: (sessionId: SessionId, sink: SessionSink) => Effect.Effect<void>
}

/** The registrations of each transport built by `Connection.make`; other transports are not in it. */
export const transportRegistrations = new WeakMap<object, Registration>()
