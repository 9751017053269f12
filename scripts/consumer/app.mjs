// A consumer's plain Node ESM program (no tsx, no bundler) run by scripts/consumer-check.sh against the packages
// installed from their tarballs, and a real Janus:
//
//   node app.mjs create <wsUrl>                          create, attach EchoTest, message, abandon; prints the ids
//   node app.mjs claim  <wsUrl|httpUrl> <session> <handle> [abandon|destroy]
//                                                        claim, re-attach the handle by id, message, then leave
//
// Prints one JSON line per step; exits non-zero on any failure.
import { FetchHttpClient } from "@effect/platform"
import { NodeRuntime, NodeSocket } from "@effect/platform-node"
import { Session } from "@effect-janus/core"
import { SessionReclaimError } from "@effect-janus/core/JanusError"
import { EchoTest } from "@effect-janus/plugins"
import { HttpTransport } from "@effect-janus/transport-http"
import * as WebSocketTransport from "@effect-janus/transport-ws/WebSocketTransport"
import { Console, Effect, Layer } from "effect"

const [mode, url, sessionArg, handleArg, leave = "destroy"] = process.argv.slice(2)

const transport = url.startsWith("http")
  ? HttpTransport.layer({ url }).pipe(Layer.provide(FetchHttpClient.layer))
  : WebSocketTransport.layer({ url }).pipe(Layer.provide(NodeSocket.layerWebSocketConstructor))

const report = (step, fields) => Console.log(JSON.stringify({ step, ...fields }))

const echo = (handle) =>
  Effect.gen(function* () {
    const ok = yield* handle.message({ audio: true, video: false })
    if (ok.result !== "ok") return yield* Effect.die(new Error(`EchoTest answered ${JSON.stringify(ok)}`))
    return ok.result
  })

const create = Effect.gen(function* () {
  const session = yield* Session.make({ onClose: "abandon" })
  const handle = yield* EchoTest.attach(session)
  const result = yield* echo(handle)
  yield* report("created", { sessionId: session.id, handleId: handle.handle.id, result })
})

const claim = Effect.gen(function* () {
  const session = yield* Session.make({ sessionId: Number(sessionArg), onClose: leave })
  if (!session.claimed) return yield* Effect.die(new Error("the session was not claimed"))
  const handle = yield* EchoTest.reattach(session, Number(handleArg))
  const result = yield* echo(handle)
  yield* report("claimed", { sessionId: session.id, handleId: handle.handle.id, result, leave })
})

const program = mode === "create" ? create : claim

NodeRuntime.runMain(
  program.pipe(
    Effect.scoped,
    Effect.provide(transport),
    Effect.tapError((error) =>
      error instanceof SessionReclaimError ? Console.error(`claim refused: ${error.message}`) : Effect.void
    )
  )
)
