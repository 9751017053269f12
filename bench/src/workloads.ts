/** The workloads of a run: how each is invoked on a driver and which figures it yields per round. */
import * as Effect from "effect/Effect"
import type { Config } from "./config.js"
import type { Workloads } from "./driver.js"
import type { OpSample, RunSample, ScaleSample } from "./measure.js"
import { percentile } from "./stats.js"

export interface Metric {
  readonly key: string
  readonly label: string
  /** Whether a smaller figure is better (latency, CPU, memory) or a larger one (rates). */
  readonly lowerIsBetter: boolean
}

export interface Workload {
  readonly id: string
  readonly title: string
  /** Runs once per round of W4 (`scaleRounds`) instead of every round. */
  readonly scale?: boolean
  readonly metrics: ReadonlyArray<Metric>
  readonly run: (
    w: Partial<Workloads>,
    c: Config
  ) => Effect.Effect<Readonly<Record<string, number>>, unknown> | undefined
}

const latencyMetrics: ReadonlyArray<Metric> = [
  { key: "p50", label: "p50 µs", lowerIsBetter: true },
  { key: "p95", label: "p95 µs", lowerIsBetter: true },
  { key: "p99", label: "p99 µs", lowerIsBetter: true },
  { key: "cpu", label: "CPU µs/op", lowerIsBetter: true }
]

const ops = (sample: OpSample) => ({
  p50: percentile(sample.latenciesMs, 50) * 1000,
  p95: percentile(sample.latenciesMs, 95) * 1000,
  p99: percentile(sample.latenciesMs, 99) * 1000,
  cpu: sample.cpuUs / sample.latenciesMs.length
})

const rate = (sample: RunSample) => ({
  rate: sample.ops / (sample.wallMs / 1000),
  cpu: sample.cpuUs / sample.ops
})

const scale = (sample: ScaleSample) => ({
  heap: sample.heapBytes / 2 ** 20,
  heapIdle: sample.heapIdleBytes / 2 ** 20,
  rss: sample.rssBytes / 2 ** 20,
  idle: sample.idleCpuPercent,
  setup: sample.setupMs
})

const reclaim = (sample: OpSample) => ({
  p50: percentile(sample.latenciesMs, 50),
  p95: percentile(sample.latenciesMs, 95),
  cpu: sample.cpuUs / sample.latenciesMs.length
})

const recoveryMetrics: ReadonlyArray<Metric> = [
  { key: "p50", label: "p50 ms", lowerIsBetter: true },
  { key: "p95", label: "p95 ms", lowerIsBetter: true }
]

const recovery = (sample: OpSample) => ({
  p50: percentile(sample.latenciesMs, 50),
  p95: percentile(sample.latenciesMs, 95)
})

const map = <A, B>(effect: Effect.Effect<A, unknown> | undefined, f: (a: A) => B) =>
  effect === undefined ? undefined : Effect.map(effect, f)

export const workloads: ReadonlyArray<Workload> = [
  {
    id: "w1-keepalive",
    title: "W1 round trip: sequential keepalive → ack, one session",
    metrics: latencyMetrics,
    run: (w, c) => map(w.keepalives?.(c.keepalives, c.w1Warmup), ops)
  },
  {
    id: "w1-echo",
    title: "W1 round trip: sequential EchoTest message → plugin event, one handle",
    metrics: latencyMetrics,
    run: (w, c) => map(w.echoes?.(c.echoes, c.w1Warmup), ops)
  },
  {
    id: "w2",
    title: "W2 throughput: EchoTest messages, 50 in flight, one handle",
    metrics: [
      { key: "rate", label: "msg/s", lowerIsBetter: false },
      { key: "cpu", label: "CPU µs/msg", lowerIsBetter: true }
    ],
    run: (w, c) => map(w.throughput?.(c.w2Total, c.w2Inflight, c.w2Warmup), rate)
  },
  {
    id: "w3-seq",
    title: "W3 churn: create + attach + detach + destroy, sequential",
    metrics: [
      { key: "rate", label: "cycles/s", lowerIsBetter: false },
      { key: "cpu", label: "CPU µs/cycle", lowerIsBetter: true }
    ],
    run: (w, c) => map(w.churn?.(c.churn, 1, c.churnWarmup), rate)
  },
  {
    id: "w3-conc",
    title: "W3 churn: create + attach + detach + destroy, 20 at a time",
    metrics: [
      { key: "rate", label: "cycles/s", lowerIsBetter: false },
      { key: "cpu", label: "CPU µs/cycle", lowerIsBetter: true }
    ],
    run: (w, c) => map(w.churn?.(c.churn, c.churnConcurrency, c.churnWarmup), rate)
  },
  {
    id: "w5",
    title: "W5 reclaim: new connection + claim + first answer from the re-used handle",
    metrics: [
      { key: "p50", label: "p50 ms", lowerIsBetter: true },
      { key: "p95", label: "p95 ms", lowerIsBetter: true },
      { key: "cpu", label: "CPU µs/cycle", lowerIsBetter: true }
    ],
    run: (w, c) => map(w.reclaim?.(c.reclaim, c.reclaimWarmup), reclaim)
  },
  {
    id: "w6-cut",
    title:
      "W6 recovery after a cut: drop → first answered message after the automatic reclaim (WebSocket through a TCP proxy)",
    metrics: recoveryMetrics,
    run: (w, c) => map(w.recovery?.("cut", c.recoveryCuts, c.recoveryWarmup, c.recoveryLivenessMs), recovery)
  },
  {
    id: "w6-freeze",
    title:
      "W6 recovery after a freeze: drop → first answered message after the automatic reclaim (dead link found by the liveness bound)",
    metrics: recoveryMetrics,
    run: (w, c) => map(w.recovery?.("freeze", c.recoveryFreezes, c.recoveryWarmup, c.recoveryLivenessMs), recovery)
  },
  {
    id: "w4",
    title: "W4 scale: sessions with one handle each, keep-alive running",
    scale: true,
    metrics: [
      { key: "heap", label: "heap MiB", lowerIsBetter: true },
      { key: "heapIdle", label: "heap after idle MiB", lowerIsBetter: true },
      { key: "rss", label: "RSS MiB", lowerIsBetter: true },
      { key: "idle", label: "idle CPU %", lowerIsBetter: true },
      { key: "setup", label: "setup ms", lowerIsBetter: true }
    ],
    run: (w, c) => map(w.scale?.(c.scaleSessions, c.idleMs, c.keepAliveMs), scale)
  }
]
