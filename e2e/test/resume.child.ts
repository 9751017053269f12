/**
 * The program of the resume test (resume.test.ts), run as its own process: `node --import tsx
 * e2e/test/resume.child.ts <ws-url> <store-dir> <key> <opaque-id>`. It resumes the session stored under `<key>` (or
 * creates one), attaches EchoTest with `opaque_id` `<opaque-id>` (re-bound from the store after a restart: no `attach` sent),
 * messages it, prints one line `RESUMED {"sessionId":…,"handleId":…,"claimed":…,"answer":…}` and waits until it
 * is killed (SIGKILL: no clean shutdown) or interrupted (SIGTERM: the session is destroyed and its record removed).
 * Only the library's public API and plain Effect.
 */
import { NodeContext, NodeRuntime, NodeSocket } from "@effect/platform-node"
import { Session, SessionStore } from "@effect-janus/core"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Console, Effect, Layer } from "effect"

const [url, directory, key, opaqueId] = process.argv.slice(2)
if (url === undefined || directory === undefined || key === undefined || opaqueId === undefined) {
  throw new Error("usage: resume.child.ts <ws-url> <store-dir> <key> <opaque-id>")
}

const program = Effect.gen(function* () {
  const session = yield* Session.resume(key)
  const handle = yield* session.attach("janus.plugin.echotest", { opaqueId })
  const answer = yield* handle.message({ audio: true })
  yield* Console.log(
    `RESUMED ${JSON.stringify({ sessionId: session.id, handleId: handle.id, claimed: session.claimed, answer: answer.data })}`
  )
  return yield* Effect.never
})

const layer = Layer.mergeAll(
  WebSocketTransport.layer({ url }).pipe(Layer.provide(NodeSocket.layerWebSocketConstructor)),
  SessionStore.layerFileSystem(directory).pipe(Layer.provide(NodeContext.layer))
)

NodeRuntime.runMain(program.pipe(Effect.scoped, Effect.provide(layer)))
