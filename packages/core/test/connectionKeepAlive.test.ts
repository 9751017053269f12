import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, FastCheck as fc, Supervisor, TestClock } from "effect"
import { makeDeadlines } from "../src/internal/deadlines.js"
import { type Beating, makeKeepAlives } from "../src/internal/keepAlive.js"
import { generous } from "./support.js"

/** One millisecond of the TestClock, then enough turns for the timer, the keep-alive and the beat fibers to run. */
const tick = Effect.zipRight(TestClock.adjust(1), Effect.repeatN(Effect.yieldNow(), 4))
const ticks = (n: number) => Effect.repeatN(tick, n - 1)

// One timer per connection serves every session's keep-alive: each session must beat exactly as its own
// `Effect.schedule(beat, Schedule.spaced(interval))` fiber would, stop at once when stopped, and no fiber may be left
// once no session is left.
describe("a connection's keep-alive", generous, () => {
  it.scoped.prop(
    "each session beats `interval` after it started and `interval` after each beat ended, until it stops",
    {
      sessions: fc.array(
        fc.record({
          start: fc.integer({ min: 0, max: 20 }),
          interval: fc.integer({ min: 1, max: 20 }),
          beatTakes: fc.integer({ min: 0, max: 8 }),
          lives: fc.integer({ min: 0, max: 80 })
        }),
        { minLength: 1, maxLength: 6 }
      )
    },
    ({ sessions }) =>
      Effect.gen(function* () {
        const clock = yield* Effect.clock
        const tracker = yield* Supervisor.track
        const runtime = yield* Effect.runtime<never>().pipe(Effect.supervised(tracker))
        const keepAlives = makeKeepAlives(yield* makeDeadlines, clock)
        const t0 = clock.unsafeCurrentTimeMillis()
        const beats = sessions.map((): Array<number> => [])
        const stops = sessions.map((): Beating | undefined => undefined)
        const horizon = Math.max(...sessions.map((s) => s.start + s.lives)) + 1
        for (let now = 0; now <= horizon; now++) {
          for (const [index, s] of sessions.entries()) {
            if (s.start === now) {
              const beat = Effect.zipRight(
                Effect.sync(() => beats[index]?.push(clock.unsafeCurrentTimeMillis() - t0)),
                Effect.sleep(Duration.millis(s.beatTakes))
              )
              stops[index] = keepAlives.start(Duration.millis(s.interval), { beat: () => beat }, runtime)
            }
            if (s.start + s.lives === now) stops[index]?.stop()
          }
          yield* tick
        }
        for (const [index, s] of sessions.entries()) {
          const expected: Array<number> = []
          for (let at = s.start + s.interval; at <= s.start + s.lives; at += s.beatTakes + s.interval) expected.push(at)
          expect(beats[index]).toEqual(expected)
        }
        // Every session stopped: every beat is done and nothing waits.
        expect(yield* tracker.value).toEqual([])
      }),
    { fastCheck: { numRuns: 25 } }
  )

  it.scoped("no fiber waits between beats: a fiber exists only while a beat runs, and stopping interrupts it", () =>
    Effect.gen(function* () {
      const tracker = yield* Supervisor.track
      const runtime = yield* Effect.runtime<never>().pipe(Effect.supervised(tracker))
      const keepAlives = makeKeepAlives(yield* makeDeadlines, yield* Effect.clock)
      let firstBeats = 0
      const first = keepAlives.start(Duration.millis(10), { beat: () => Effect.sync(() => firstBeats++) }, runtime)
      yield* ticks(5)
      // Nothing due yet: no fiber.
      expect(yield* tracker.value).toEqual([])
      const second = keepAlives.start(Duration.millis(10), { beat: () => Effect.never }, runtime)
      yield* ticks(5)
      // The first session's beat came due and is done: no fiber is left waiting for the next one.
      expect(firstBeats).toBe(1)
      expect(yield* tracker.value).toEqual([])
      yield* ticks(5)
      // The second session's beat never ends: its fiber is the only one.
      expect((yield* tracker.value).length).toBe(1)
      first.stop()
      yield* tick
      expect((yield* tracker.value).length).toBe(1)
      second.stop()
      yield* tick
      expect(yield* tracker.value).toEqual([])
      yield* ticks(30)
      // Both stopped: no more beats.
      expect(firstBeats).toBe(1)
    })
  )
})
