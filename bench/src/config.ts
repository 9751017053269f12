/**
 * Benchmark sizes. `--short` (or `BENCH_SHORT=1`) is the CI mode: small counts, one round, W4 idle 2 s — it only
 * proves the benchmark still runs. Flags: `--rounds=N`, `--clients=a,b`, `--workloads=w1-echo,w2,…`.
 */
export interface Config {
  readonly short: boolean
  /** Rounds of W1–W3, W5 and W6 (clients alternate within each round, in a rotating order). */
  readonly rounds: number
  /** Rounds of W4 (each idles `idleMs` per client). */
  readonly scaleRounds: number
  readonly keepalives: number
  readonly echoes: number
  readonly w1Warmup: number
  readonly w2Total: number
  readonly w2Inflight: number
  readonly w2Warmup: number
  readonly churn: number
  readonly churnConcurrency: number
  readonly churnWarmup: number
  readonly scaleSessions: number
  readonly idleMs: number
  /** Keep-alive interval in W4, the same for every client (janus.js uses 25 s). */
  readonly keepAliveMs: number
  readonly reclaim: number
  readonly reclaimWarmup: number
  /** W6: link cuts and link freezes per round, unrecorded warm-up cycles of each, and the transport's liveness bound. */
  readonly recoveryCuts: number
  readonly recoveryFreezes: number
  readonly recoveryWarmup: number
  readonly recoveryLivenessMs: number
  /** Only these clients / workloads, when given. */
  readonly clients: ReadonlyArray<string> | undefined
  readonly workloads: ReadonlyArray<string> | undefined
}

const full: Omit<Config, "clients" | "workloads"> = {
  short: false,
  rounds: 5,
  scaleRounds: 3,
  keepalives: 2000,
  echoes: 2000,
  w1Warmup: 200,
  w2Total: 5000,
  w2Inflight: 50,
  w2Warmup: 500,
  churn: 500,
  churnConcurrency: 20,
  churnWarmup: 50,
  scaleSessions: 1000,
  idleMs: 30_000,
  keepAliveMs: 25_000,
  reclaim: 200,
  reclaimWarmup: 20,
  recoveryCuts: 20,
  recoveryFreezes: 10,
  recoveryWarmup: 1,
  recoveryLivenessMs: 2000
}

const short: Omit<Config, "clients" | "workloads"> = {
  short: true,
  rounds: 1,
  scaleRounds: 1,
  keepalives: 200,
  echoes: 200,
  w1Warmup: 20,
  w2Total: 500,
  w2Inflight: 50,
  w2Warmup: 50,
  churn: 50,
  churnConcurrency: 20,
  churnWarmup: 5,
  scaleSessions: 100,
  idleMs: 2000,
  // Short enough that the keep-alive path runs inside the 2 s idle window.
  keepAliveMs: 1000,
  reclaim: 20,
  reclaimWarmup: 2,
  // A handful: a freeze costs about the liveness bound (2–3 s) per cycle.
  recoveryCuts: 5,
  recoveryFreezes: 3,
  recoveryWarmup: 1,
  recoveryLivenessMs: 2000
}

const flag = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const prefix = `--${name}=`
  return args.find((arg) => arg.startsWith(prefix))?.slice(prefix.length)
}

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")

const positive = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`)
  return n
}

const sizes = Object.keys(full).filter((key) => key !== "short" && key !== "rounds" && key !== "scaleRounds")

/**
 * Reads the configuration from the command line and `BENCH_SHORT`. Any size can be overridden by name, e.g.
 * `--echoes=20000` (handy under `--cpu-prof`). Throws on a malformed flag.
 */
export const parseConfig = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): Config => {
  const known = [
    "--short",
    "--rounds=",
    "--scale-rounds=",
    "--clients=",
    "--workloads=",
    ...sizes.map((k) => `--${k}=`)
  ]
  const unknown = args.filter((arg) => !known.some((k) => (k.endsWith("=") ? arg.startsWith(k) : arg === k)))
  if (unknown.length > 0) throw new Error(`unknown arguments: ${unknown.join(" ")}`)
  const base = args.includes("--short") || env.BENCH_SHORT === "1" ? short : full
  const rounds = positive("rounds", flag(args, "rounds")) ?? base.rounds
  const overrides = Object.fromEntries(
    sizes.flatMap((key) => {
      const n = positive(key, flag(args, key))
      return n === undefined ? [] : [[key, n]]
    })
  )
  return {
    ...base,
    ...overrides,
    rounds,
    scaleRounds: positive("scale-rounds", flag(args, "scale-rounds")) ?? Math.min(base.scaleRounds, rounds),
    clients: list(flag(args, "clients")),
    workloads: list(flag(args, "workloads"))
  }
}
