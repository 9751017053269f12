/**
 * Starts a Janus with the project's config (janus/conf) on free ports for a program that is not a test:
 *
 *   node --import tsx testing/janus-server/src/serve.ts [--reclaim-timeout=S] [--session-timeout=S]
 *
 * prints one JSON line `{"wsUrl","httpUrl","adminUrl","adminSecret","pid"}` on stdout once Janus answers, and
 * stops Janus when its standard input closes or on SIGINT/SIGTERM. scripts/consumer-check.sh uses it to run plain
 * Node programs (the built packages, installed from their tarballs) against a real Janus.
 *
 * @since 0.2.0
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import * as JanusServer from "./JanusServer.js"

const numberArg = (name: string, fallback: number): number => {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`))
  return arg === undefined ? fallback : Number(arg.slice(name.length + 3))
}

/** Resolves when standard input reaches its end (the parent closed the pipe or exited). */
const stdinClosed = Effect.async<void>((resume) => {
  const done = () => resume(Effect.void)
  process.stdin.once("end", done).once("close", done).resume()
  return Effect.sync(() => {
    process.stdin.off("end", done).off("close", done)
    process.stdin.pause()
  })
})

const main = Effect.gen(function* () {
  const server = yield* JanusServer.make({
    reclaimTimeout: numberArg("reclaim-timeout", 30),
    sessionTimeout: numberArg("session-timeout", 60)
  })
  const { wsUrl, httpUrl, adminUrl, adminSecret, pid } = server
  yield* Console.log(JSON.stringify({ wsUrl, httpUrl, adminUrl, adminSecret, pid }))
  yield* stdinClosed
})

NodeRuntime.runMain(Effect.scoped(main))
