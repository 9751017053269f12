import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import type * as Scope from "effect/Scope"
import { runForkOutsideSpans } from "./tracing.js"

/** One scheduled deadline (see {@link makeDeadlines}). */
export interface Deadline {
  /** When it expires, in the Clock's epoch milliseconds. */
  readonly at: number
  readonly expire: () => void
}

/** Deadlines on the Clock of the scope that made them, served by one sleeping fiber at a time. */
export interface Deadlines {
  /**
   * Calls `expire` once `duration` has passed on the Clock, unless cancelled first. Synchronous. `expire` runs
   * synchronously when the deadline is reached, so it must not block; it may schedule and cancel deadlines.
   */
  readonly schedule: (duration: Duration.Duration, expire: () => void) => Deadline
  readonly cancel: (deadline: Deadline) => void
}

/**
 * Timeouts without a fiber per request: `Effect.timeoutFail` races two forked fibers on every call, which made it
 * the largest single cost of a request. Here one fiber sleeps on the Clock of the scope that made the deadlines (so
 * `TestClock` drives it) until the earliest deadline, then fires what is due and forks the next sleeper for the
 * earliest deadline left; a deadline earlier than the planned wake-up interrupts the sleeper and forks one for
 * itself; while nothing is scheduled no fiber exists. A deadline fires when the Clock reaches it, exactly as
 * `Effect.timeoutFail` would. (A sleeper per plan rather than one fiber waiting on a race of the Clock and a wake-up:
 * that race — `Effect.raceFirst`, two forked fibers — ran for every plan, twice per keep-alive beat.)
 */
export const makeDeadlines: Effect.Effect<Deadlines, never, Scope.Scope> = Effect.gen(function* () {
  const clock = yield* Effect.clock
  const runtime = yield* Effect.runtime<never>()
  // The sleepers run in no caller's span (a span would stay open as long as they sleep).
  const fork = runForkOutsideSpans(runtime)
  const live = new Set<Deadline>()
  let plannedAt = Number.POSITIVE_INFINITY
  let sleeper: Fiber.RuntimeFiber<void> | undefined
  /** Counts plans: a sleeper whose plan was replaced does nothing when it wakes. */
  let plans = 0
  /** While due deadlines fire: deadlines scheduled meanwhile are planned once, after them. */
  let firing = false
  let closed = false

  const fire = () => {
    sleeper = undefined
    plannedAt = Number.POSITIVE_INFINITY
    firing = true
    const now = clock.unsafeCurrentTimeMillis()
    let next = Number.POSITIVE_INFINITY
    // A deadline added while this loop runs is visited by it too (a `Set` iterates in insertion order).
    for (const deadline of live) {
      if (deadline.at <= now) {
        live.delete(deadline)
        deadline.expire()
      } else if (deadline.at < next) next = deadline.at
    }
    firing = false
    if (next !== Number.POSITIVE_INFINITY) plan(next)
  }

  const plan = (at: number) => {
    if (closed) return
    if (sleeper !== undefined) sleeper.unsafeInterruptAsFork(FiberId.none)
    plannedAt = at
    const id = ++plans
    sleeper = fork(
      Effect.zipRight(
        clock.sleep(Duration.millis(Math.max(0, at - clock.unsafeCurrentTimeMillis()))),
        Effect.sync(() => {
          if (id === plans) fire()
        })
      )
    )
  }

  yield* Effect.addFinalizer(() =>
    Effect.suspend(() => {
      closed = true
      live.clear()
      const last = sleeper
      sleeper = undefined
      return last === undefined ? Effect.void : Fiber.interrupt(last)
    })
  )
  return {
    schedule: (duration, expire) => {
      const deadline: Deadline = { at: clock.unsafeCurrentTimeMillis() + Duration.toMillis(duration), expire }
      live.add(deadline)
      if (!firing && deadline.at < plannedAt) plan(deadline.at)
      return deadline
    },
    cancel: (deadline) => {
      live.delete(deadline)
    }
  }
})
