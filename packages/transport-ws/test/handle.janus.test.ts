import { describe, expect, layer } from "@effect/vitest"
import type { PluginResponse } from "@effect-janus/core"
import { Admin, JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { Effect, Exit, Layer, Scope, Stream } from "effect"
import { connect, connectToServer, sessionOn } from "./support.js"

const server = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ sessionTimeout: 10, reclaimTimeout: 8 })))
const echotest = "janus.plugin.echotest"
const videoroom = "janus.plugin.videoroom"

describe("plugin handles over WebSocket on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("attach EchoTest, send a message, get its event; detach ends the handle's events", () =>
      Effect.gen(function* () {
        const transport = yield* connectToServer
        const session = yield* sessionOn(transport)
        const handle = yield* session.attach(echotest, { opaqueId: "effect-janus-test" })
        expect(handle.plugin).toBe(echotest)
        expect(yield* Admin.listHandles(session.id)).toEqual([handle.id])
        const info = yield* Admin.handleInfo(session.id, handle.id)
        expect(info.plugin).toBe(echotest)
        const answer = yield* handle.message({ audio: true, video: false })
        expect(answer).toMatchObject({ kind: "event", plugin: echotest, data: { echotest: "event", result: "ok" } })
        const events = yield* handle.events.pipe(Stream.runCollect, Effect.fork)
        yield* Effect.sleep("50 millis")
        yield* handle.detach
        const messages = [...(yield* events.await.pipe(Effect.flatten))]
        // `events` ends at `detached` when it comes before the reply, else at the reply (PluginHandle.detach):
        // Janus sends the `detached` event either side of the `success`, often just after it. Detaching also hangs
        // up the handle's (unused) media, and the EchoTest may answer that with a `{ result: "done" }` event first
        // (janus_echotest.c, `janus_echotest_hangup_media_internal`): it is the only other message allowed.
        const seen = messages.map((m) => m.janus)
        const [first, ...rest] = seen[0] === "event" ? seen : [undefined, ...seen]
        if (first === "event") {
          expect(messages[0]).toMatchObject({
            plugindata: { plugin: echotest, data: { echotest: "event", result: "done" } }
          })
        }
        expect([["detached"], []]).toContainEqual(rest)
        expect(yield* Admin.listHandles(session.id)).toEqual([])
        // Detaching again is not a defect: Janus answers 459, which counts as already detached.
        yield* handle.detach
      })
    )

    it.scoped("after a lost connection: claim, re-attach by id without a new attach, carry on", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })
        const first = yield* Scope.make()
        const { handleId, sessionId } = yield* Effect.gen(function* () {
          const transport = yield* connect(`ws://127.0.0.1:${proxy.port}`)
          const session = yield* sessionOn(transport, { keepAlive: "3 seconds" })
          const handle = yield* session.attach(echotest)
          yield* handle.message({ audio: true })
          return { handleId: handle.id, sessionId: session.id }
        }).pipe(Scope.extend(first))
        yield* proxy.cut
        yield* Scope.close(first, Exit.void)
        expect(yield* Admin.listHandles(sessionId)).toEqual([handleId])

        const transport = yield* connectToServer
        const session = yield* sessionOn(transport, { sessionId, keepAlive: "3 seconds" })
        const handle = yield* session.reattach(echotest, handleId)
        expect(handle.id).toBe(handleId)
        for (const bitrate of [64000, 128000, 256000]) {
          const answer = yield* handle.message({ bitrate })
          expect(answer.data).toMatchObject({ echotest: "event", result: "ok" })
        }
        // The same single handle: no attach was sent.
        expect(yield* Admin.listHandles(sessionId)).toEqual([handleId])
      })
    )

    it.scoped("re-attaching a made-up handle id fails with JanusApiError 459 on first use", () =>
      Effect.gen(function* () {
        const transport = yield* connectToServer
        const session = yield* sessionOn(transport)
        const handle = yield* session.reattach(echotest, 777777777)
        const error = yield* Effect.flip(handle.message({ audio: true }))
        expect(error).toMatchObject({ _tag: "JanusApiError", request: "message", code: 459 })
        expect(yield* Admin.listHandles(session.id)).toEqual([])
      })
    )

    it.scoped("attaching an unknown plugin fails with JanusApiError 460", () =>
      Effect.gen(function* () {
        const transport = yield* connectToServer
        const session = yield* sessionOn(transport)
        const error = yield* Effect.flip(session.attach("janus.plugin.nope"))
        expect(error).toMatchObject({ _tag: "JanusApiError", request: "attach", code: 460 })
      })
    )

    it.scoped("200 concurrent messages over several handles all resolve with their own answer", () =>
      Effect.gen(function* () {
        const transport = yield* connectToServer
        const session = yield* sessionOn(transport)
        const echoes = yield* Effect.all(Array.from({ length: 4 }, () => session.attach(echotest)))
        const rooms = yield* Effect.all(Array.from({ length: 3 }, () => session.attach(videoroom)))
        // Even requests: EchoTest (ack, then an event carrying the transaction). Odd ones: VideoRoom `exists`
        // (a synchronous success whose plugindata names the room asked about), so a mix-up would show.
        const results = yield* Effect.forEach(
          Array.from({ length: 200 }, (_, i) => i),
          (i) =>
            i % 2 === 0
              ? Effect.map(echoes[i % 4]!.message({ bitrate: 1000 + i }), (r) => ({ i, r }))
              : Effect.map(rooms[i % 3]!.message({ request: "exists", room: 100000 + i }), (r) => ({ i, r })),
          { concurrency: "unbounded" }
        )
        expect(results).toHaveLength(200)
        for (const { i, r } of results as ReadonlyArray<{ i: number; r: PluginResponse }>) {
          if (i % 2 === 0) {
            expect(r).toMatchObject({ kind: "event", plugin: echotest, data: { result: "ok" } })
          } else {
            expect(r).toMatchObject({
              kind: "success",
              plugin: videoroom,
              data: { videoroom: "success", room: 100000 + i, exists: false }
            })
          }
        }
      })
    )

    it.scoped("a plugin error inside plugindata fails with PluginError", () =>
      Effect.gen(function* () {
        const transport = yield* connectToServer
        const session = yield* sessionOn(transport)
        const room = yield* session.attach(videoroom)
        const error = yield* Effect.flip(room.message({ request: "join", ptype: "publisher", room: 999999 }))
        expect(error).toMatchObject({ _tag: "PluginError", plugin: videoroom, code: 426 })
      })
    )
  })
})
