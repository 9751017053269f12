import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import * as Tracer from "effect/Tracer"

/**
 * For long-lived fibers (a connection's reader, writer and supervisor, a session's keep-alive and recoveries): runs
 * `effect` outside any caller's span — a span would stay open for the fiber's whole life and record every log it
 * writes — and interruptible even when forked from an uninterruptible region (a `listen` acquired in
 * `acquireRelease`, a layer being built), so that closing a scope never waits for a long poll to come back.
 */
export const detached = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.interruptible(
    Effect.mapInputContext(effect, (context: Context.Context<R>) => Context.omit(Tracer.ParentSpan)(context) as never)
  )

/**
 * `Runtime.runFork` on `runtime` without its `ParentSpan`: what it forks (a reader's logs, a deadline's sleeper) runs
 * with the caller's logger, tracer and Clock but in no caller's span, which it would keep open for as long as it runs.
 */
export const runForkOutsideSpans = (runtime: Runtime.Runtime<never>) =>
  Runtime.runFork(
    Runtime.make({
      context: Context.omit(Tracer.ParentSpan)(runtime.context) as Context.Context<never>,
      fiberRefs: runtime.fiberRefs,
      runtimeFlags: runtime.runtimeFlags
    })
  )

/** The ids a request span and the library's logs carry (Janus API names). */
export interface JanusIds {
  readonly sessionId?: number | undefined
  readonly handleId?: number | undefined
  readonly plugin?: string | undefined
}

const attributesOf = (ids: JanusIds): Record<string, unknown> => {
  const attributes: Record<string, unknown> = {}
  if (ids.sessionId !== undefined) attributes["janus.session_id"] = ids.sessionId
  if (ids.handleId !== undefined) attributes["janus.handle_id"] = ids.handleId
  if (ids.plugin !== undefined) attributes["janus.plugin"] = ids.plugin
  return attributes
}

/**
 * One Janus request as a span named after it (`janus.create`, `janus.message`, …) with the `janus.session_id`,
 * `janus.handle_id` and `janus.plugin` attributes it knows; the transport adds `janus.transaction`. A request
 * writes no logs of its own (the library's logs are annotated where they are written, see {@link annotated}), so
 * the span carries no log annotations: they cost a HashMap update per request for nothing.
 */
export const requestSpan =
  (request: string, ids: JanusIds) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    // No call-site capture: it builds an `Error` (a stack walk) per request, the largest single cost of a span.
    Effect.withSpan(effect, `janus.${request}`, { attributes: attributesOf(ids), captureStackTrace: false })

/** Annotates the logs of `effect` with the ids (no span). */
export const annotated =
  (ids: JanusIds) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.annotateLogs(effect, attributesOf(ids))
