/**
 * Heap per session + handle in one process, without a socket: `InMemoryTransport` with its `fakeJanus`, the built
 * `@effect-janus/core`. What the W4 figure is made of, measured where a heap snapshot can explain it: heap growth
 * after a full GC for `--sessions=N` sessions, each with one EchoTest handle, right after set-up and again once every
 * session has sent a keep-alive (interval 1 s; note that the in-memory server keeps every request it received, so
 * the second figure includes ~150–300 B per keep-alive that a real server does not cost the client).
 * `--snapshot=path` writes a heap snapshot with the sessions alive (group it by constructor and retainer in
 * Chrome DevTools' "Comparison" view against one taken with `--sessions=0`).
 *
 *   pnpm bench:build && node --expose-gc bench/build/sessionHeap.js [--sessions=1000] [--snapshot=/tmp/s.heapsnapshot]
 */
import * as v8 from "node:v8"
import { InMemoryTransport, Session } from "@effect-janus/core"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { fullGc } from "./measure.js"

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const sessions = Number(flag("sessions") ?? 1000)
const snapshot = flag("snapshot")

const openSessions = (n: number, scope: Scope.Scope) =>
  Effect.gen(function* () {
    for (let i = 0; i < n; i++) {
      const session = yield* Scope.extend(Session.make({ keepAlive: "1 second" }), scope)
      yield* Scope.extend(session.attach("janus.plugin.echotest"), scope)
    }
  })

const program = Effect.gen(function* () {
  const server = yield* InMemoryTransport.InMemoryServer
  yield* server.serve(InMemoryTransport.fakeJanus())
  // Warm-up: the code paths compiled, the shared structures made.
  const warm = yield* Scope.make()
  yield* openSessions(50, warm)
  yield* Scope.close(warm, Exit.void)
  fullGc()
  const before = process.memoryUsage().heapUsed
  const scope = yield* Scope.make()
  yield* openSessions(sessions, scope)
  fullGc()
  const setUp = process.memoryUsage().heapUsed
  yield* Effect.sleep("2500 millis")
  fullGc()
  const beaten = process.memoryUsage().heapUsed
  const per = (bytes: number) => (sessions === 0 ? "-" : ((bytes - before) / sessions).toFixed(0))
  console.log(
    `${sessions} sessions + handles, in process: ${per(setUp)} B each after set-up, ${per(beaten)} B after every session's keep-alive`
  )
  if (snapshot !== undefined) console.log(`heap snapshot: ${v8.writeHeapSnapshot(snapshot)}`)
  yield* Scope.close(scope, Exit.void)
})

Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(InMemoryTransport.layer()))).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
