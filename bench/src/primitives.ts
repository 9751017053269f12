/**
 * The cost of the Effect primitives the library is built on, measured in isolation on this machine — what a target
 * that is not met runs into. Each row: CPU µs per operation (median of 5 runs of `n` operations, after a warm-up),
 * or heap bytes per instance (10 000 instances, after a full GC). Plain `Promise` rows for comparison.
 *
 *   pnpm bench:build && node --expose-gc bench/build/primitives.js
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as ExecutionStrategy from "effect/ExecutionStrategy"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as PubSub from "effect/PubSub"
import * as Scope from "effect/Scope"
import * as SubscriptionRef from "effect/SubscriptionRef"
import { fullGc } from "./measure.js"

const cpuUs = () => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}
const median = (xs: Array<number>) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** CPU µs per run of `op`, `n` runs in a row in one fiber. */
const perOp = <E>(n: number, op: Effect.Effect<unknown, E>) =>
  Effect.gen(function* () {
    for (let i = 0; i < n / 5; i++) yield* op
    const runs: Array<number> = []
    for (let r = 0; r < 5; r++) {
      fullGc()
      const t0 = cpuUs()
      for (let i = 0; i < n; i++) yield* op
      runs.push((cpuUs() - t0) / n)
    }
    return median(runs)
  })

const perPromise = async (n: number, op: () => Promise<unknown>) => {
  for (let i = 0; i < n / 5; i++) await op()
  const runs: Array<number> = []
  for (let r = 0; r < 5; r++) {
    fullGc()
    const t0 = cpuUs()
    for (let i = 0; i < n; i++) await op()
    runs.push((cpuUs() - t0) / n)
  }
  return median(runs)
}

/** Heap bytes per instance kept alive: `make` run 1000 times, the results held. */
const heapPer = <A, R>(make: Effect.Effect<A, never, R>) =>
  Effect.gen(function* () {
    const held: Array<A> = []
    fullGc()
    const before = process.memoryUsage().heapUsed
    for (let i = 0; i < 10_000; i++) held.push(yield* make)
    fullGc()
    const bytes = (process.memoryUsage().heapUsed - before) / 10_000
    return { bytes, held: held.length }
  })

const microtask = Effect.async<void>((resume) => queueMicrotask(() => resume(Effect.void)))

const main = Effect.gen(function* () {
  const rows: Array<readonly [string, string]> = []
  const cpu = (name: string, us: number) => rows.push([name, `${us.toFixed(2)} µs CPU`])
  cpu(
    "Promise resolved from a microtask, awaited",
    yield* Effect.promise(() => perPromise(50_000, () => new Promise<void>((r) => queueMicrotask(r))))
  )
  cpu("Effect.async resumed from a microtask (one fiber suspends and resumes)", yield* perOp(50_000, microtask))
  cpu(
    "Effect.withSpan around it (tracer on, no call-site capture)",
    yield* perOp(50_000, Effect.withSpan(microtask, "s", { captureStackTrace: false }))
  )
  cpu("Effect.withSpan around it (default: call-site capture)", yield* perOp(50_000, Effect.withSpan(microtask, "s")))
  cpu(
    "Effect.annotateLogs around it (3 annotations)",
    yield* perOp(50_000, Effect.annotateLogs(microtask, { a: 1, b: 2, c: "x" }))
  )
  cpu(
    "Effect.timeoutFail around it (a race of two fibers)",
    yield* perOp(20_000, Effect.timeoutFail(microtask, { duration: "10 seconds", onTimeout: () => "timeout" }))
  )
  cpu(
    "Effect.fork + Fiber.join of Effect.void",
    yield* perOp(20_000, Effect.flatMap(Effect.fork(Effect.void), Fiber.join))
  )
  cpu("Deferred.make", yield* perOp(50_000, Deferred.make<void>()))
  cpu("PubSub.unbounded", yield* perOp(20_000, PubSub.unbounded<number>()))
  cpu("SubscriptionRef.make", yield* perOp(20_000, SubscriptionRef.make(0)))
  cpu(
    "Scope.make + Scope.close with one finalizer",
    yield* perOp(
      20_000,
      Effect.flatMap(Scope.make(), (s) =>
        Effect.zipRight(Scope.addFinalizer(s, Effect.void), Scope.close(s, Exit.void))
      )
    )
  )

  const heap = (name: string, r: { readonly bytes: number }) => rows.push([name, `${Math.round(r.bytes)} B heap`])
  yield* Effect.scoped(
    Effect.gen(function* () {
      heap("a forked fiber waiting (Effect.never)", yield* heapPer(Effect.forkScoped(Effect.never)))
      heap(
        "a forked fiber waiting after one spanned request-like step",
        yield* heapPer(
          Effect.forkScoped(
            Effect.zipRight(Effect.withSpan(microtask, "beat", { captureStackTrace: false }), Effect.never)
          )
        )
      )
      heap("Deferred", yield* heapPer(Deferred.make<void>()))
      heap("PubSub.unbounded", yield* heapPer(PubSub.unbounded<number>()))
      heap("SubscriptionRef", yield* heapPer(SubscriptionRef.make(0)))
      heap(
        "Scope (forked from the current one)",
        yield* heapPer(Effect.flatMap(Effect.scope, (s) => Scope.fork(s, ExecutionStrategy.sequential)))
      )
    })
  )
  process.stdout.write(`| primitive | cost |\n|---|---:|\n${rows.map(([a, b]) => `| ${a} | ${b} |`).join("\n")}\n`)
})

Effect.runPromise(main)
