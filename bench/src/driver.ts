/**
 * What every client under test implements. Each workload opens its own connection (not measured), runs, and
 * closes everything it opened, so runs never share state. A client leaves out the workloads it cannot do
 * (Janode has no `claim`, the HTTP clients run W1 and W2 only).
 */
import type * as Effect from "effect/Effect"
import type { OpSample, RunSample, ScaleSample } from "./measure.js"

/** Where the clients find the Janus started for the run. */
export interface Target {
  /** `ws://127.0.0.1:PORT` (subprotocol `janus-protocol`). */
  readonly wsUrl: string
  /** `http://127.0.0.1:PORT/janus`. */
  readonly httpUrl: string
}

export interface Workloads {
  /** W1: `n` sequential `keepalive` → `ack` on one session. */
  readonly keepalives: (n: number, warmup: number) => Effect.Effect<OpSample, unknown>
  /** W1: `n` sequential EchoTest `message`s on one handle, each until the plugin's `event`. */
  readonly echoes: (n: number, warmup: number) => Effect.Effect<OpSample, unknown>
  /** W2: `total` EchoTest messages on one handle, `inflight` at a time. */
  readonly throughput: (total: number, inflight: number, warmup: number) => Effect.Effect<RunSample, unknown>
  /** W3: `n` cycles of create + attach + detach + destroy on one connection, `concurrency` at a time. */
  readonly churn: (n: number, concurrency: number, warmup: number) => Effect.Effect<RunSample, unknown>
  /** W4: `sessions` sessions with one EchoTest handle each, keep-alive every `keepAliveMs`, idle for `idleMs`. */
  readonly scale: (sessions: number, idleMs: number, keepAliveMs: number) => Effect.Effect<ScaleSample, unknown>
  /**
   * W5: session + handle on connection A; A dropped; timed from here: connection B opened, `claim`, handle
   * re-used by id, first EchoTest answer. One latency per cycle.
   */
  readonly reclaim: (n: number, warmup: number) => Effect.Effect<OpSample, unknown>
  /**
   * W6: one session + handle on a transport that reconnects by itself, through a TCP proxy; per cycle the link is
   * cut (reset) or frozen (half-open, found dead by the `livenessMs` bound), and timed from the drop: the first
   * answered message after the automatic reclaim. One latency per cycle.
   */
  readonly recovery: (
    kind: "cut" | "freeze",
    n: number,
    warmup: number,
    livenessMs: number
  ) => Effect.Effect<OpSample, unknown>
}

export interface Driver {
  /** Short name used in tables and `--clients`. */
  readonly name: string
  readonly transport: "ws" | "http"
  /** The raw client of its transport: the floor the others are compared with. */
  readonly baseline: boolean
  readonly workloads: Partial<Workloads>
}

/** The EchoTest request every EchoTest workload sends; the plugin answers `{"echotest":"event","result":"ok"}`. */
export const echoBody = { audio: true } as const
export const echotest = "janus.plugin.echotest"
