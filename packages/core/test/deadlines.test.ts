import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, FastCheck as fc, TestClock } from "effect"
import { makeDeadlines } from "../src/internal/deadlines.js"
import { generous } from "./support.js"

// The one-fiber timer behind request and event timeouts: each deadline must fire when the Clock reaches it,
// never before, whatever order deadlines are scheduled and cancelled in.
describe("deadlines", generous, () => {
  it.scoped.prop(
    "each deadline fires when the clock reaches it, not before; a cancelled one never fires",
    {
      plan: fc.array(
        fc.record({
          gap: fc.integer({ min: 0, max: 40 }),
          duration: fc.integer({ min: 0, max: 120 }),
          cancel: fc.boolean()
        }),
        { minLength: 1, maxLength: 10 }
      )
    },
    ({ plan }) =>
      Effect.gen(function* () {
        const clock = yield* Effect.clock
        const deadlines = yield* makeDeadlines
        const fired = new Map<number, number>()
        const due: Array<{ readonly index: number; readonly at: number; readonly cancelled: boolean }> = []
        for (const [index, step] of plan.entries()) {
          yield* TestClock.adjust(Duration.millis(step.gap))
          const at = clock.unsafeCurrentTimeMillis() + step.duration
          const deadline = deadlines.schedule(Duration.millis(step.duration), () => {
            fired.set(index, clock.unsafeCurrentTimeMillis())
          })
          if (step.cancel && !fired.has(index)) {
            deadlines.cancel(deadline)
            due.push({ index, at, cancelled: true })
          } else due.push({ index, at, cancelled: false })
        }
        const times = [...new Set(due.map((d) => d.at))].sort((a, b) => a - b)
        for (const at of times) {
          const now = clock.unsafeCurrentTimeMillis()
          if (at - 1 > now) {
            yield* TestClock.adjust(Duration.millis(at - 1 - now))
            for (const d of due) if (d.at === at && !d.cancelled) expect(fired.has(d.index)).toBe(false)
          }
          if (at > clock.unsafeCurrentTimeMillis())
            yield* TestClock.adjust(Duration.millis(at - clock.unsafeCurrentTimeMillis()))
          else yield* TestClock.adjust(0)
        }
        for (const d of due) {
          if (d.cancelled) expect(fired.has(d.index)).toBe(false)
          else expect(fired.get(d.index)).toBe(d.at)
        }
      }),
    { fastCheck: { numRuns: 40 } }
  )
})
