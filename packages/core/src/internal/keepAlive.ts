import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import * as Runtime from "effect/Runtime"
import type { Deadline, Deadlines } from "./deadlines.js"

/** A session's place in its connection's keep-alive (see {@link makeKeepAlives}). */
export interface Beating {
  /** Stops the beats; a beat in flight is interrupted. Synchronous, idempotent. Call it as a method. */
  stop(): void
}

/** What beats: a session (an object rather than a stored Effect per session). */
export interface Beater {
  /** One keep-alive. */
  beat(): Effect.Effect<void>
}

/** The keep-alives of one connection's sessions. */
export interface KeepAlives {
  /**
   * Runs `beat` every `interval`, as `Schedule.spaced` would: the first one `interval` after this call, each next
   * one `interval` after the previous one ended. Each beat runs in its own fiber forked from `runtime`, so a
   * session's beats carry that session's logger, tracer and supervisor; `runtime` is one to fork long-lived work
   * from (no `ParentSpan`, interruption on: see `sessionRuntime`).
   */
  readonly start: (interval: Duration.Duration, beater: Beater, runtime: Runtime.Runtime<never>) => Beating
}

/** A class, so that `stop` is on the prototype rather than a closure per session. */
class Entry implements Beating {
  running: Fiber.RuntimeFiber<void> | undefined = undefined
  constructor(
    readonly every: number,
    readonly beater: Beater,
    readonly runtime: Runtime.Runtime<never>,
    /** When the next beat is due (the Clock's epoch milliseconds); meaningless while `running`. */
    public due: number,
    private readonly stopped: (entry: Entry) => void
  ) {}
  stop(): void {
    this.stopped(this)
  }
}

/**
 * One keep-alive fiber per connection instead of a waiting fiber per session: a waiting fiber (its FiberRefs copy,
 * its stack) was ~3.4 KB of every session's memory. The connection's fiber is started when a beat is first due, so
 * a session that ends sooner costs no fiber at all; it sleeps on the connection's deadlines (one timer) until the
 * next beat is due, starts the beats due, and ends when no session is left. Time is the Clock of `deadlines` (so
 * `TestClock` drives it).
 */
export const makeKeepAlives = (deadlines: Deadlines, clock: Clock.Clock): KeepAlives => {
  const entries = new Set<Entry>()
  let timer: Deadline | undefined
  let plannedAt = Number.POSITIVE_INFINITY
  let fiber: Fiber.RuntimeFiber<never> | undefined
  let wake: (() => void) | undefined
  /** The timer fired while the fiber was between its scan and its wait. */
  let missed = false

  /** Makes sure the fiber looks again at `at` (or sooner). */
  const planAt = (at: number) => {
    if (at >= plannedAt) return
    if (timer !== undefined) deadlines.cancel(timer)
    plannedAt = at
    timer = deadlines.schedule(Duration.millis(Math.max(0, at - clock.unsafeCurrentTimeMillis())), fire)
  }

  const fire = () => {
    timer = undefined
    plannedAt = Number.POSITIVE_INFINITY
    if (fiber === undefined) {
      const first = entries.values().next()
      if (!first.done) fiber = Runtime.runFork(first.value.runtime)(loop)
    } else if (wake !== undefined) wake()
    else missed = true
  }

  const launch = (entry: Entry) => {
    const running = Runtime.runFork(entry.runtime)(Effect.suspend(() => entry.beater.beat()))
    entry.running = running
    running.addObserver(() => {
      entry.running = undefined
      if (!entries.has(entry)) return
      entry.due = clock.unsafeCurrentTimeMillis() + entry.every
      planAt(entry.due)
    })
  }

  /** Starts the beats that are due and plans the next look. */
  const scan = Effect.sync(() => {
    const now = clock.unsafeCurrentTimeMillis()
    let next = Number.POSITIVE_INFINITY
    for (const entry of entries) {
      if (entry.running !== undefined) continue
      if (entry.due <= now) launch(entry)
      else if (entry.due < next) next = entry.due
    }
    if (next !== Number.POSITIVE_INFINITY) planAt(next)
  })
  const waitForTimer = Effect.async<void>((resume) => {
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
  const loop: Effect.Effect<never> = Effect.forever(Effect.zipRight(scan, waitForTimer))

  const stopped = (entry: Entry) => {
    if (!entries.delete(entry)) return
    entry.running?.unsafeInterruptAsFork(FiberId.none)
    if (entries.size > 0) return
    if (timer !== undefined) deadlines.cancel(timer)
    timer = undefined
    plannedAt = Number.POSITIVE_INFINITY
    missed = false
    fiber?.unsafeInterruptAsFork(FiberId.none)
    fiber = undefined
  }

  return {
    start: (interval, beater, runtime) => {
      const every = Duration.toMillis(interval)
      const entry = new Entry(every, beater, runtime, clock.unsafeCurrentTimeMillis() + every, stopped)
      entries.add(entry)
      planAt(entry.due)
      return entry
    }
  }
}

/**
 * The keep-alives of each transport built by `Connection.make` (on its deadlines). Other transports are not in it:
 * their sessions run a scheduled fiber each.
 */
export const transportKeepAlives = new WeakMap<object, KeepAlives>()
