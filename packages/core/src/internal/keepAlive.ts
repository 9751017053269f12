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
 * No keep-alive fiber per session: a waiting fiber (its FiberRefs copy, its stack) was ~3.4 KB of every session's
 * memory. The connection's deadlines hold one timer for the next beat due; when it fires, the beats due start (each
 * in its own fiber) and the timer is set for the next one. Nothing waits while no beat is planned, so a session that
 * ends before its first beat costs no fiber at all. Time is the Clock of `deadlines` (so `TestClock` drives it).
 */
export const makeKeepAlives = (deadlines: Deadlines, clock: Clock.Clock): KeepAlives => {
  const entries = new Set<Entry>()
  let timer: Deadline | undefined
  let plannedAt = Number.POSITIVE_INFINITY

  /** Makes sure the beats due are looked at `at` (or sooner). */
  const planAt = (at: number) => {
    if (at >= plannedAt) return
    if (timer !== undefined) deadlines.cancel(timer)
    plannedAt = at
    timer = deadlines.schedule(Duration.millis(Math.max(0, at - clock.unsafeCurrentTimeMillis())), scan)
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

  /** The timer fired: starts the beats that are due and plans the next look. */
  const scan = () => {
    timer = undefined
    plannedAt = Number.POSITIVE_INFINITY
    const now = clock.unsafeCurrentTimeMillis()
    let next = Number.POSITIVE_INFINITY
    for (const entry of entries) {
      if (entry.running !== undefined) continue
      if (entry.due <= now) launch(entry)
      else if (entry.due < next) next = entry.due
    }
    if (next !== Number.POSITIVE_INFINITY) planAt(next)
  }

  const stopped = (entry: Entry) => {
    if (!entries.delete(entry)) return
    entry.running?.unsafeInterruptAsFork(FiberId.none)
    if (entries.size > 0) return
    if (timer !== undefined) deadlines.cancel(timer)
    timer = undefined
    plannedAt = Number.POSITIVE_INFINITY
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
