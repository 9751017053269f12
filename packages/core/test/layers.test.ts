import { describe, expect, it, layer } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { Handle, InMemoryTransport, JanusSession, PluginHandle, Session } from "../src/index.js"

/** A transport whose server is the fake Janus, as layers. */
const FakeJanus = Layer.scopedDiscard(
  Effect.flatMap(InMemoryTransport.InMemoryServer, (server) => server.serve(InMemoryTransport.fakeJanus()))
).pipe(Layer.provideMerge(InMemoryTransport.layer()))

const Echo = Handle.layer("janus.plugin.echotest", { opaqueId: "layers" }).pipe(
  Layer.provideMerge(Session.layer({ keepAlive: false })),
  Layer.provideMerge(FakeJanus)
)

describe("layers", () => {
  layer(Echo)("Handle.layer on Session.layer on InMemoryTransport.layer", (it) => {
    it.effect("the handle is attached on the session in context", () =>
      Effect.gen(function* () {
        const handle = yield* PluginHandle
        const session = yield* JanusSession
        expect(handle.sessionId).toBe(session.id)
        expect(handle.plugin).toBe("janus.plugin.echotest")
        expect(yield* handle.message({ audio: false })).toMatchObject({
          kind: "event",
          data: { echo: { audio: false } }
        })
        const server = yield* InMemoryTransport.InMemoryServer
        const attach = (yield* server.requests).filter((r) => r.janus === "attach")
        expect(attach).toEqual([expect.objectContaining({ session_id: session.id, opaque_id: "layers" })])
      })
    )

    it.scoped("Handle.layerReattach provides the same id without sending attach", () =>
      Effect.gen(function* () {
        const handle = yield* PluginHandle
        const server = yield* InMemoryTransport.InMemoryServer
        const before = (yield* server.requests).length
        const again = yield* Effect.provide(
          PluginHandle,
          Handle.layerReattach("janus.plugin.echotest", handle.id, { onClose: "abandon" })
        )
        expect(again.id).toBe(handle.id)
        expect((yield* server.requests).length).toBe(before)
        expect(yield* again.message({ video: true })).toMatchObject({ kind: "event", data: { echo: { video: true } } })
        expect((yield* server.requests).slice(before).map((r) => r.janus)).toEqual(["message"])
      })
    )
  })

  it.scoped("releasing the layers detaches the handle, then destroys the session", () =>
    Effect.gen(function* () {
      const { server, sessionId } = yield* Effect.gen(function* () {
        const context = yield* Layer.build(Echo)
        return {
          server: Context.get(context, InMemoryTransport.InMemoryServer),
          sessionId: Context.get(context, JanusSession).id
        }
      }).pipe(Effect.scoped)
      const sent = (yield* server.requests).map((r) => [r.janus, "session_id" in r ? r.session_id : undefined])
      expect(sent).toEqual([
        ["create", undefined],
        ["attach", sessionId],
        ["detach", sessionId],
        ["destroy", sessionId]
      ])
    })
  )
})
