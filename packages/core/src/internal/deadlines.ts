import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/** One scheduled deadline (see {@link makeDeadlines}). */
export interface Deadline {
  /** When it expires, in the Clock's epoch milliseconds. */
  readonly at: number
  readonly expire: () => void
}

/** Deadlines on the Clock of the scope that made them, all served by one fiber. */
export interface Deadlines {
  /** Calls `expire` once `duration` has passed on the Clock, unless cancelled first. Synchronous. */
  readonly schedule: (duration: Duration.Duration, expire: () => void) => Deadline
  readonly cancel: (deadline: Deadline) => void
}

/**
 * Timeouts without a fiber per request: `Effect.timeoutFail` races two forked fibers on every call, which made it
 * the largest single cost of a request. Here one fiber in the current scope sleeps on the Clock of that scope
 * (so `TestClock` drives it) until the earliest deadline, fires what is due, and sleeps again; a deadline earlier
 * than the planned wake-up wakes it to re-plan, and while nothing is scheduled it waits. A deadline fires when the
 * Clock reaches it, exactly as `Effect.timeoutFail` would.
 */
export const makeDeadlines: Effect.Effect<Deadlines, never, Scope.Scope> = Effect.gen(function* () {
  const clock = yield* Effect.clock
  const live = new Set<Deadline>()
  let plannedAt = Number.POSITIVE_INFINITY
  let wake: (() => void) | undefined
  // Set when an earlier deadline came while no wake-up was registered (between a scan and the wait).
  let missed = false
  const woken = Effect.async<void>((resume) => {
    if (missed) {
      missed = false
      return resume(Effect.void)
    }
    wake = () => {
      wake = undefined
      resume(Effect.void)
    }
    return Effect.sync(() => {
      wake = undefined
    })
  })
  const tick = Effect.suspend(() => {
    missed = false
    const now = clock.unsafeCurrentTimeMillis()
    let next = Number.POSITIVE_INFINITY
    for (const deadline of live) {
      if (deadline.at <= now) {
        live.delete(deadline)
        deadline.expire()
      } else if (deadline.at < next) next = deadline.at
    }
    plannedAt = next
    return next === Number.POSITIVE_INFINITY ? woken : Effect.raceFirst(clock.sleep(Duration.millis(next - now)), woken)
  })
  yield* Effect.forkScoped(Effect.forever(tick))
  return {
    schedule: (duration, expire) => {
      const deadline: Deadline = { at: clock.unsafeCurrentTimeMillis() + Duration.toMillis(duration), expire }
      live.add(deadline)
      if (deadline.at < plannedAt) {
        plannedAt = deadline.at
        if (wake !== undefined) wake()
        else missed = true
      }
      return deadline
    },
    cancel: (deadline) => {
      live.delete(deadline)
    }
  }
})
