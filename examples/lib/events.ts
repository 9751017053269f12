/**
 * Waiting for an event: subscribe first, act, then wait — so an answer that comes before the wait starts is not
 * missed. Plain Effect and Stream over a handle's `events`.
 */
import type { JanusSession, SessionState } from "@effect-janus/core"
import { Duration, Effect, Fiber, Stream } from "effect"
import { ExampleFailure } from "./run.js"

/**
 * Starts watching `stream` now for the first item that satisfies `predicate` and returns the effect that waits for
 * it (failing with `ExampleFailure` after `timeout`, default 20 s). The watch ends with the scope.
 */
export const nextMatching = <A, B extends A, E>(
  stream: Stream.Stream<A, E>,
  what: string,
  predicate: (a: A) => a is B,
  timeout: Duration.DurationInput = "20 seconds"
) =>
  Effect.gen(function* () {
    const fiber = yield* stream.pipe(
      Stream.filter(predicate),
      Stream.runHead,
      Effect.flatten,
      Effect.timeout(timeout),
      Effect.mapError(
        () => new ExampleFailure({ message: `no ${what} within ${Duration.format(Duration.decode(timeout))}` })
      ),
      Effect.forkScoped
    )
    // Let the fiber run its first step: that is where the stream subscribes to the events.
    yield* Effect.yieldNow()
    return Fiber.join(fiber)
  })

/** A predicate on a tagged union: the members with tag `tag`. */
export const is =
  <const T extends string>(tag: T) =>
  <A extends { readonly _tag: string }>(a: A): a is Extract<A, { readonly _tag: T }> =>
    a._tag === tag

/**
 * Starts watching the session's state now and returns the effect that waits (default 60 s) until it has been
 * reclaimed on link generation `generation` or a later one (the first link is generation 1).
 */
export const nextReclaim = (session: JanusSession, generation = 2, timeout: Duration.DurationInput = "60 seconds") =>
  nextMatching(
    session.state.changes,
    `reclaim on link generation ${generation}`,
    (state): state is Extract<SessionState, { _tag: "Reclaimed" }> =>
      state._tag === "Reclaimed" && state.generation >= generation,
    timeout
  )
