/**
 * Client CPU to open and to close one WebSocket connection to a real Janus, split by layer: what W5 (reclaim: a new
 * connection, `claim`, first answer) is made of. Three ways, each `--cycles=N` times (after 30 warm-up cycles) in
 * one process against one Janus started by the test harness, CPU (`process.cpuUsage`, user + system) around the
 * open and around the close:
 * - `raw ws`: `new WebSocket(url, "janus-protocol")` of the `ws` package until `open`; `close()` until `close`;
 * - `@effect/platform Socket`: `Socket.makeWebSocket` (on `NodeSocket.layerWebSocketConstructor`, i.e. `ws`) and
 *   `runRaw` until its `onOpen`; closing the scope;
 * - `WebSocketTransport`: `WebSocketTransport.make` (the built package: its own link on the same constructor — since
 *   the fifth wave not the platform Socket above — plus the connection: writer, supervisor, liveness, deadlines, and
 *   its background `info`); closing the scope.
 *
 *   pnpm bench:build && node --expose-gc bench/build/connectCost.js [--cycles=400] [--only="raw ws"]
 */

import * as Socket from "@effect/platform/Socket"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import { JanusServer } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import WebSocket from "ws"
import { templateDir } from "./janusConf.js"
import { fullGc } from "./measure.js"

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const cycles = Number(flag("cycles") ?? 400)
const warmup = 30
const rounds = 2

const wsConstructor = Effect.runSync(Effect.scoped(Layer.build(NodeSocket.layerWebSocketConstructor)))
const cpuNow = () => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

/** One way to connect: `open` in a scope that `close` closes. */
interface Way {
  readonly name: string
  readonly open: (url: string, scope: Scope.Scope) => Effect.Effect<void, unknown>
}

const rawWs: Way = {
  name: "raw ws",
  open: (url, scope) =>
    Effect.flatMap(
      Effect.async<WebSocket>((resume) => {
        const ws = new WebSocket(url, "janus-protocol")
        ws.once("open", () => resume(Effect.succeed(ws)))
      }),
      (ws) =>
        Scope.addFinalizer(
          scope,
          Effect.async<void>((resume) => {
            ws.once("close", () => resume(Effect.void))
            ws.close()
          })
        )
    )
}

const platformSocket: Way = {
  name: "@effect/platform Socket",
  open: (url, scope) =>
    Effect.gen(function* () {
      const socket = yield* Socket.makeWebSocket(url, { protocols: "janus-protocol" })
      const opened = yield* Deferred.make<void>()
      yield* socket
        .runRaw(() => {}, { onOpen: Deferred.succeed(opened, undefined) })
        .pipe(Effect.ignore, Effect.forkScoped)
      yield* Deferred.await(opened)
    }).pipe(Effect.provide(wsConstructor), Scope.extend(scope))
}

const transport: Way = {
  name: "WebSocketTransport",
  open: (url, scope) => WebSocketTransport.make({ url }).pipe(Effect.provide(wsConstructor), Scope.extend(scope))
}

/** Mean client CPU per open and per close, µs. */
const measure = (url: string, way: Way) =>
  Effect.gen(function* () {
    fullGc()
    let openUs = 0
    let closeUs = 0
    for (let i = 0; i < warmup + cycles; i++) {
      const scope = yield* Scope.make()
      const c0 = cpuNow()
      yield* way.open(url, scope)
      const c1 = cpuNow()
      yield* Scope.close(scope, Exit.void)
      const c2 = cpuNow()
      if (i >= warmup) {
        openUs += c1 - c0
        closeUs += c2 - c1
      }
    }
    return { open: openUs / cycles, close: closeUs / cycles }
  })

const program = Effect.gen(function* () {
  const janus = yield* JanusServer.make({ sessionTimeout: 300, reclaimTimeout: 60, logLevel: 3, templateDir })
  const only = flag("only")
  const ways = [rawWs, platformSocket, transport].filter((way) => only === undefined || way.name === only)
  const results = new Map<string, Array<{ open: number; close: number }>>()
  // Rounds in turn, so that a slow phase of the machine hits every way alike.
  for (let round = 0; round < rounds; round++) {
    for (const way of ways) {
      const result = yield* measure(janus.wsUrl, way)
      results.set(way.name, [...(results.get(way.name) ?? []), result])
    }
  }
  const floor = results.get(rawWs.name)
  if (floor === undefined) return
  console.log(`${cycles} cycles per way and round, ${rounds} rounds, client CPU in µs (Node ${process.version})\n`)
  console.log("| way | open µs | close µs | open + close µs | ratio to raw ws |")
  console.log("|---|---:|---:|---:|---:|")
  for (const way of ways) {
    const measured = results.get(way.name)!
    const open = measured.reduce((a, r) => a + r.open, 0) / rounds
    const close = measured.reduce((a, r) => a + r.close, 0) / rounds
    const ratio = measured.reduce((a, r, i) => a + (r.open + r.close) / (floor[i]!.open + floor[i]!.close), 0) / rounds
    console.log(
      `| ${way.name} | ${open.toFixed(0)} | ${close.toFixed(0)} | ${(open + close).toFixed(0)} | ${ratio.toFixed(2)}× |`
    )
  }
})

Effect.runPromise(Effect.scoped(program)).then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
