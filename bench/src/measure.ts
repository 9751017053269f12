/**
 * Measurement primitives shared by every client driver: per-operation latency (`performance.now`) and the
 * client's own CPU time (`process.cpuUsage`: user + system of this process, all threads; Janus runs in a child
 * process and is not counted). Every measured run starts after a full GC so garbage from the previous run is
 * not billed to it; the garbage a run makes itself is.
 */

import { performance } from "node:perf_hooks"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"

/** A run of sequential operations: one latency per operation, in ms. */
export interface OpSample {
  readonly latenciesMs: ReadonlyArray<number>
  /** Client CPU (user + system) over the measured operations, µs. */
  readonly cpuUs: number
  readonly wallMs: number
}

/** A run of many operations measured as a whole. */
export interface RunSample {
  readonly ops: number
  readonly cpuUs: number
  readonly wallMs: number
}

/** W4: memory held by N sessions (one handle each) and CPU while they idle with keep-alive running. */
export interface ScaleSample {
  readonly sessions: number
  /** heapUsed after GC with the sessions up, minus heapUsed after GC before creating them, bytes. */
  readonly heapBytes: number
  /** The same after the idle period (every session has sent a keep-alive: the steady state), bytes. */
  readonly heapIdleBytes: number
  /** The same for RSS, bytes (RSS rarely shrinks, so this is an upper bound). */
  readonly rssBytes: number
  /** Client CPU while idle, as % of one core. */
  readonly idleCpuPercent: number
  readonly idleMs: number
  /** Time to create the sessions and attach their handles (20 at a time), ms. */
  readonly setupMs: number
}

declare const gc: undefined | ((options?: unknown) => void)

/** Full, synchronous GC (twice, to also collect what finalization released). Needs `node --expose-gc`. */
export const fullGc = (): void => {
  if (typeof gc !== "function") throw new Error("run node with --expose-gc (pnpm bench does)")
  gc()
  gc()
}

const cpuNow = (): number => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

/** A CPU + wall stopwatch. */
export const stopwatch = () => {
  const cpu0 = cpuNow()
  const wall0 = performance.now()
  return () => ({ cpuUs: cpuNow() - cpu0, wallMs: performance.now() - wall0 })
}

export const now = (): number => performance.now()

/** Runs `op` `warmup` times unmeasured, then `n` times sequentially, timing each. */
export const sequentialAsync = async (n: number, warmup: number, op: () => Promise<unknown>): Promise<OpSample> => {
  for (let i = 0; i < warmup; i++) await op()
  fullGc()
  const latenciesMs = new Array<number>(n)
  const stop = stopwatch()
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await op()
    latenciesMs[i] = performance.now() - t0
  }
  return { latenciesMs, ...stop() }
}

/** {@link sequentialAsync} for an Effect operation, written as a user of the library would write the loop. */
export const sequentialEffect = <E, R>(
  n: number,
  warmup: number,
  op: Effect.Effect<unknown, E, R>
): Effect.Effect<OpSample, E, R> =>
  Effect.gen(function* () {
    for (let i = 0; i < warmup; i++) yield* op
    fullGc()
    const latenciesMs = new Array<number>(n)
    const stop = stopwatch()
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      yield* op
      latenciesMs[i] = performance.now() - t0
    }
    return { latenciesMs, ...stop() }
  })

/** Runs `total` operations with at most `inflight` at once (a pool of workers), after `warmup` unmeasured ones. */
export const poolAsync = async (
  total: number,
  inflight: number,
  warmup: number,
  op: () => Promise<unknown>
): Promise<RunSample> => {
  const run = async (count: number) => {
    let started = 0
    const worker = async () => {
      while (started < count) {
        started++
        await op()
      }
    }
    await Promise.all(Array.from({ length: Math.min(inflight, count) }, worker))
  }
  await run(warmup)
  fullGc()
  const stop = stopwatch()
  await run(total)
  return { ops: total, ...stop() }
}

/**
 * {@link poolAsync} for an Effect operation, the same pool: `inflight` worker fibers, each running `op` until
 * `count` have started (`Effect.forEach` with `concurrency` would fork a fiber per operation, which the Promise
 * pool does not pay either).
 */
export const poolEffect = <E, R>(
  total: number,
  inflight: number,
  warmup: number,
  op: Effect.Effect<unknown, E, R>
): Effect.Effect<RunSample, E, R> => {
  const run = (count: number) =>
    Effect.suspend(() => {
      let started = 0
      const worker = Effect.whileLoop({
        while: () => started < count,
        body: () => {
          started++
          return op
        },
        step: () => {}
      })
      return Effect.forEach(Array.from({ length: Math.min(inflight, count) }), () => worker, {
        concurrency: "unbounded",
        discard: true
      })
    })
  return Effect.gen(function* () {
    yield* run(warmup)
    fullGc()
    const stop = stopwatch()
    yield* run(total)
    return { ops: total, ...stop() }
  })
}

/** Memory after a full GC. */
export const memory = () => {
  fullGc()
  const usage = process.memoryUsage()
  return { heap: usage.heapUsed, rss: usage.rss }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The W4 protocol around a driver's own setup/teardown: baseline memory, `setup` (create the sessions), memory
 * again, then `idleMs` of idling with keep-alive running while CPU is measured, then `teardown`.
 */
export const scaleAsync = async (
  sessions: number,
  idleMs: number,
  setup: () => Promise<unknown>,
  teardown: () => Promise<unknown>
): Promise<ScaleSample> => {
  const before = memory()
  const t0 = performance.now()
  await setup()
  const setupMs = performance.now() - t0
  const after = memory()
  const stop = stopwatch()
  await sleep(idleMs)
  const idle = stop()
  const settled = memory()
  await teardown()
  return {
    sessions,
    heapBytes: after.heap - before.heap,
    heapIdleBytes: settled.heap - before.heap,
    rssBytes: after.rss - before.rss,
    idleCpuPercent: (idle.cpuUs / 1000 / idle.wallMs) * 100,
    idleMs: idle.wallMs,
    setupMs
  }
}

/** {@link scaleAsync} for the library: `setup` runs in a fresh scope, whose closing is the teardown. */
export const scaleEffect = <E, R>(
  sessions: number,
  idleMs: number,
  setup: Effect.Effect<unknown, E, R>
): Effect.Effect<ScaleSample, E, Exclude<R, Scope.Scope>> =>
  Effect.acquireUseRelease(
    Scope.make(),
    (scope) =>
      Effect.gen(function* () {
        const before = memory()
        const t0 = performance.now()
        yield* Scope.extend(setup, scope)
        const setupMs = performance.now() - t0
        const after = memory()
        const stop = stopwatch()
        yield* Effect.sleep(idleMs)
        const idle = stop()
        const settled = memory()
        return {
          sessions,
          heapBytes: after.heap - before.heap,
          heapIdleBytes: settled.heap - before.heap,
          rssBytes: after.rss - before.rss,
          idleCpuPercent: (idle.cpuUs / 1000 / idle.wallMs) * 100,
          idleMs: idle.wallMs,
          setupMs
        }
      }),
    (scope, exit) => Scope.close(scope, exit)
  )

/** Times one section of a cycle; the latency and CPU of every timed section are recorded. */
export type TimeAsync = <A>(section: () => Promise<A>) => Promise<A>

/**
 * Runs `warmup + n` cycles; each `cycle` does its own unmeasured setup and cleanup around one `time`d section.
 * The first `warmup` cycles are not recorded.
 */
export const cyclesAsync = async (
  n: number,
  warmup: number,
  cycle: () => Promise<(time: TimeAsync) => Promise<void>>
): Promise<OpSample> => {
  const latenciesMs: Array<number> = []
  let cpuUs = 0
  let wallMs = 0
  for (let i = 0; i < warmup + n; i++) {
    const timed = await cycle()
    const record = i >= warmup
    await timed(async (section) => {
      const stop = stopwatch()
      const result = await section()
      const spent = stop()
      if (record) {
        latenciesMs.push(spent.wallMs)
        cpuUs += spent.cpuUs
        wallMs += spent.wallMs
      }
      return result
    })
  }
  return { latenciesMs, cpuUs, wallMs }
}

/** {@link cyclesAsync} for Effect: `cycle` gets `time`, which wraps the one section it measures. */
export const cyclesEffect = <E, R>(
  n: number,
  warmup: number,
  cycle: (time: <A, E2, R2>(section: Effect.Effect<A, E2, R2>) => Effect.Effect<A, E2, R2>) => Effect.Effect<void, E, R>
): Effect.Effect<OpSample, E, R> =>
  Effect.gen(function* () {
    const latenciesMs: Array<number> = []
    let cpuUs = 0
    let wallMs = 0
    for (let i = 0; i < warmup + n; i++) {
      const record = i >= warmup
      yield* cycle((section) =>
        Effect.suspend(() => {
          const stop = stopwatch()
          return Effect.tap(section, () => {
            const spent = stop()
            if (record) {
              latenciesMs.push(spent.wallMs)
              cpuUs += spent.cpuUs
              wallMs += spent.wallMs
            }
          })
        })
      )
    }
    return { latenciesMs, cpuUs, wallMs }
  })
