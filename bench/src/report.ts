/**
 * Turns the per-round figures into Markdown: one table per workload (median over rounds, ± half the range as a
 * % of the median, and the ratio to the raw client of the same transport, taken round by round), then the
 * targets. Targets are reported, never enforced: a miss does not change the exit code.
 */
import type { Config } from "./config.js"
import type { Driver } from "./driver.js"
import { fmt, median, spreadPercent } from "./stats.js"
import type { Workload } from "./workloads.js"

/** results[workload][client] = one record of figures per round. */
export type Results = Map<string, Map<string, Array<Readonly<Record<string, number>>>>>

const figures = (results: Results, workload: string, client: string, key: string): ReadonlyArray<number> =>
  (results.get(workload)?.get(client) ?? []).map((round) => round[key]!).filter((v) => v !== undefined)

/** Median over rounds of `a / b`, pairing rounds by index (both clients ran in the same round). */
export const ratio = (results: Results, workload: string, a: string, b: string, key: string): number => {
  const xs = figures(results, workload, a, key)
  const ys = figures(results, workload, b, key)
  const n = Math.min(xs.length, ys.length)
  return median(Array.from({ length: n }, (_, i) => xs[i]! / ys[i]!))
}

const value = (results: Results, workload: string, client: string, key: string): number =>
  median(figures(results, workload, client, key))

export const tables = (results: Results, drivers: ReadonlyArray<Driver>, workloads: ReadonlyArray<Workload>) => {
  const out: Array<string> = []
  for (const workload of workloads) {
    const byClient = results.get(workload.id)
    if (byClient === undefined || byClient.size === 0) continue
    out.push(`### ${workload.title}`, "")
    out.push(`| client | ${workload.metrics.map((m) => m.label).join(" | ")} |`)
    out.push(`|---|${workload.metrics.map(() => "---:").join("|")}|`)
    for (const driver of drivers) {
      if (!byClient.has(driver.name)) continue
      const baseline = drivers.find((d) => d.baseline && d.transport === driver.transport && byClient.has(d.name))
      const cells = workload.metrics.map((metric) => {
        const xs = figures(results, workload.id, driver.name, metric.key)
        const spread = spreadPercent(xs)
        let cell = `${fmt(median(xs))}${xs.length > 1 ? ` ±${spread.toFixed(0)}%` : ""}`
        if (baseline !== undefined && baseline !== driver) {
          cell += ` (${fmt(ratio(results, workload.id, driver.name, baseline.name, metric.key))}×)`
        }
        return cell
      })
      out.push(`| ${driver.name}${driver.baseline ? " (floor)" : ""} | ${cells.join(" | ")} |`)
    }
    out.push("")
  }
  return out.join("\n")
}

interface Check {
  readonly label: string
  /** The figure and whether it meets the target; undefined when a client or workload did not run. */
  readonly evaluate: (results: Results, config: Config) => { readonly figure: string; readonly ok: boolean } | undefined
}

const ratioCheck = (
  label: string,
  workload: string,
  a: string,
  b: string,
  key: string,
  ok: (r: number) => boolean
): Check => ({
  label,
  evaluate: (results) => {
    const r = ratio(results, workload, a, b, key)
    return Number.isFinite(r) ? { figure: `${fmt(r)}×`, ok: ok(r) } : undefined
  }
})

const valueCheck = (
  label: string,
  workload: string,
  client: string,
  key: string,
  unit: string,
  limit: (config: Config) => number
): Check => ({
  label,
  evaluate: (results, config) => {
    const v = value(results, workload, client, key)
    return Number.isFinite(v)
      ? { figure: `${fmt(v)} ${unit} (limit ${fmt(limit(config))})`, ok: v <= limit(config) }
      : undefined
  }
})

/** The targets of the issue "Faster than Janode on every workload", all taken within one run. */
const checks: ReadonlyArray<Check> = [
  ratioCheck("W1 CPU per EchoTest message ≤ 1.2× raw-ws", "w1-echo", "effect-ws", "raw-ws", "cpu", (r) => r <= 1.2),
  ratioCheck("W2 CPU per EchoTest message ≤ 1.2× raw-ws", "w2", "effect-ws", "raw-ws", "cpu", (r) => r <= 1.2),
  ratioCheck("W1 CPU per EchoTest message < Janode's", "w1-echo", "effect-ws", "janode", "cpu", (r) => r < 1),
  ratioCheck("W2 CPU per EchoTest message < Janode's", "w2", "effect-ws", "janode", "cpu", (r) => r < 1),
  ratioCheck("W2 msg/s ≥ 0.95× raw-ws", "w2", "effect-ws", "raw-ws", "rate", (r) => r >= 0.95),
  ratioCheck("W3 sequential cycles/s ≥ Janode's", "w3-seq", "effect-ws", "janode", "rate", (r) => r >= 1),
  ratioCheck("W3 sequential CPU per cycle ≤ Janode's", "w3-seq", "effect-ws", "janode", "cpu", (r) => r <= 1),
  ratioCheck("W3 20 at a time cycles/s ≥ Janode's", "w3-conc", "effect-ws", "janode", "rate", (r) => r >= 1),
  ratioCheck("W3 20 at a time CPU per cycle ≤ Janode's", "w3-conc", "effect-ws", "janode", "cpu", (r) => r <= 1),
  valueCheck(
    "W4 heap growth ≤ 2.5 MiB per 1000 sessions + handles",
    "w4",
    "effect-ws",
    "heap",
    "MiB",
    (c) => (2.5 * c.scaleSessions) / 1000
  ),
  valueCheck(
    "W4 heap growth after the idle (every session has beaten) ≤ 2.5 MiB per 1000",
    "w4",
    "effect-ws",
    "heapIdle",
    "MiB",
    (c) => (2.5 * c.scaleSessions) / 1000
  ),
  // Only meaningful with the full run's 1000 sessions keeping alive every 25 s (short mode beats every second).
  {
    label: "W4 idle CPU ≤ Janode's (full run only)",
    evaluate: (results, config) =>
      config.short
        ? undefined
        : ratioCheck("", "w4", "effect-ws", "janode", "idle", (r) => r <= 1).evaluate(results, config)
  },
  ratioCheck("W5 reclaim p50 ≤ 1.3× raw-ws", "w5", "effect-ws", "raw-ws", "p50", (r) => r <= 1.3),
  ratioCheck(
    "HTTP W1 CPU per EchoTest message ≤ 1.3× raw fetch",
    "w1-echo",
    "effect-http",
    "raw-fetch",
    "cpu",
    (r) => r <= 1.3
  ),
  ratioCheck(
    "HTTP W2 CPU per EchoTest message ≤ 1.3× raw fetch",
    "w2",
    "effect-http",
    "raw-fetch",
    "cpu",
    (r) => r <= 1.3
  )
]

export const targets = (results: Results, config: Config) => {
  const out = [
    "### Targets (this library; ratios taken in this run)",
    "",
    "| target | figure | met |",
    "|---|---:|:---:|"
  ]
  for (const check of checks) {
    const result = check.evaluate(results, config)
    if (result === undefined) continue
    out.push(`| ${check.label} | ${result.figure} | ${result.ok ? "yes" : "**no**"} |`)
  }
  out.push("")
  return out.join("\n")
}
