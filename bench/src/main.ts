/**
 * `pnpm bench` / `pnpm bench:short`: starts its own Janus (the test harness; log level 3, log to a file in its
 * temp dir), then runs every workload round by round, each client in turn (the order rotates every round), and
 * prints Markdown tables: medians over rounds, spreads, and ratios to the raw client of the same transport.
 * Progress goes to stderr, the report to stdout. Exits non-zero only when something fails, never on a missed
 * target.
 */

import * as os from "node:os"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { JanusServer } from "@effect-janus/testing-janus"
import * as Effect from "effect/Effect"
import { type Config, parseConfig } from "./config.js"
import type { Driver, Target } from "./driver.js"
import { effectHttp } from "./drivers/effectHttp.js"
import { effectWs, effectWsUntraced } from "./drivers/effectWs.js"
import { janode } from "./drivers/janode.js"
import { rawHttp } from "./drivers/rawHttp.js"
import { rawWs } from "./drivers/rawWs.js"
import { templateDir } from "./janusConf.js"
import { fullGc } from "./measure.js"
import { type Results, tables, targets } from "./report.js"
import { fmt } from "./stats.js"
import { workloads } from "./workloads.js"

const log = (line: string) => Effect.sync(() => process.stderr.write(`${line}\n`))

const makeDrivers = (target: Target): ReadonlyArray<Driver> => [
  rawWs(target),
  effectWs(target),
  effectWsUntraced(target),
  janode(target),
  rawHttp(target),
  effectHttp(target)
]

/** Rotates `items` left by `by` places. */
const rotate = <A>(items: ReadonlyArray<A>, by: number): ReadonlyArray<A> => {
  const k = items.length === 0 ? 0 : by % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

const janusVersion = (httpUrl: string) =>
  Effect.promise(async () => {
    const info = (await (await fetch(`${httpUrl}/info`)).json()) as { version_string?: string }
    return info.version_string ?? "unknown"
  })

const header = (config: Config, janus: string, load: { readonly start: number; readonly end: number }) => {
  const cpus = os.cpus()
  return [
    `## Results (${config.short ? "short mode" : "full run"}, ${new Date().toISOString()})`,
    "",
    `- Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${os.type()} ${os.release()}`,
    `- Node ${process.version}, Janus ${janus} (same machine, loopback)`,
    `- Load average (1 min) at start / end: ${fmt(load.start)} / ${fmt(load.end)}`,
    `- Rounds: ${config.rounds} (W4: ${config.scaleRounds}); W1 ${config.keepalives} keepalives and ${config.echoes} echoes; ` +
      `W2 ${config.w2Total} messages, ${config.w2Inflight} in flight; W3 ${config.churn} cycles; ` +
      `W4 ${config.scaleSessions} sessions, idle ${config.idleMs / 1000} s, keep-alive every ${config.keepAliveMs / 1000} s; ` +
      `W5 ${config.reclaim} cycles; W6 ${config.recoveryCuts} cuts and ${config.recoveryFreezes} freezes per round, liveness ${config.recoveryLivenessMs / 1000} s`,
    "- Cells: median over rounds ±half the range (% of the median) (ratio to the floor of the same transport, median of per-round ratios).",
    "- CPU: `process.cpuUsage` of the client process (user + system), Janus excluded.",
    ""
  ].join("\n")
}

const program = Effect.gen(function* () {
  const config = parseConfig(process.argv.slice(2), process.env)
  fullGc() // fails early without --expose-gc
  const loadStart = os.loadavg()[0]!
  const server = yield* JanusServer.make({ sessionTimeout: 300, reclaimTimeout: 60, logLevel: 3, templateDir })
  const janus = yield* janusVersion(server.httpUrl)
  yield* log(`Janus ${janus} on ${server.wsUrl} / ${server.httpUrl} (log: ${server.logFile})`)

  const drivers = makeDrivers({ wsUrl: server.wsUrl, httpUrl: server.httpUrl }).filter(
    (d) => config.clients === undefined || config.clients.includes(d.name)
  )
  const selected = workloads.filter((w) => config.workloads === undefined || config.workloads.includes(w.id))
  const results: Results = new Map()

  // Unrecorded warm-up of every client (JIT, connection pools), so the first round is not the slowest one.
  const warm = config.short ? 20 : 300
  for (const driver of drivers) {
    const w = driver.workloads
    if (w.keepalives !== undefined) yield* w.keepalives(warm, 0)
    if (w.echoes !== undefined) yield* w.echoes(warm, 0)
    if (w.throughput !== undefined) yield* w.throughput(warm, config.w2Inflight, 0)
    if (w.churn !== undefined) yield* w.churn(Math.ceil(warm / 5), 1, 0)
    yield* log(`warmed up ${driver.name}`)
  }

  for (let round = 0; round < config.rounds; round++) {
    for (const workload of selected) {
      if (workload.scale === true && round >= config.scaleRounds) continue
      for (const driver of rotate(drivers, round)) {
        const run = workload.run(driver.workloads, config)
        if (run === undefined) continue
        const figures = yield* run
        const byClient = results.get(workload.id) ?? new Map()
        results.set(workload.id, byClient)
        byClient.set(driver.name, [...(byClient.get(driver.name) ?? []), figures])
        const shown = workload.metrics.map((m) => `${m.label} ${fmt(figures[m.key]!)}`).join(", ")
        yield* log(`round ${round + 1}/${config.rounds} ${workload.id} ${driver.name}: ${shown}`)
      }
    }
  }

  const report = [
    header(config, janus, { start: loadStart, end: os.loadavg()[0]! }),
    tables(results, drivers, selected),
    targets(results, config)
  ].join("\n")
  yield* Effect.sync(() => process.stdout.write(`${report}\n`))
})

NodeRuntime.runMain(Effect.scoped(program))
