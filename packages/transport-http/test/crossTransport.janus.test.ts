import { describe, expect, layer } from "@effect/vitest"
import { Admin, JanusServer } from "@effect-janus/testing-janus"
import { Effect, Exit, Fiber, Layer, Scope } from "effect"
import { http, websocket } from "./conformance/subjects.js"
import { echo, firstEvent, open, type Subject, sessionOn } from "./conformance/support.js"

const keepAlive = "2 seconds"
const server = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ sessionTimeout: 5, reclaimTimeout: 8 })))

/**
 * Creates a session and an EchoTest handle over `from`, abandons both (closing that transport), claims the session
 * over `to`, re-attaches the handle by id and uses it: the answer and `handle.events` must both see the event.
 */
const handOver = (from: Subject, to: Subject, transportName: string) =>
  Effect.gen(function* () {
    const scope = yield* Scope.make()
    const { handleId, sessionId } = yield* Effect.gen(function* () {
      const session = yield* sessionOn(yield* open(from), { onClose: "abandon", keepAlive })
      const handle = yield* session.attach("janus.plugin.echotest")
      expect(yield* echo(handle)).toMatchObject({ result: "ok" })
      return { sessionId: session.id, handleId: handle.id }
    }).pipe(Scope.extend(scope))
    yield* Scope.close(scope, Exit.void)

    const session = yield* sessionOn(yield* open(to), { sessionId, keepAlive })
    expect(session.claimed).toBe(true)
    const handle = yield* session.reattach("janus.plugin.echotest", handleId)
    const onHandle = yield* firstEvent(handle.events)
    const answer = yield* handle.message({ audio: true, video: true })
    expect(answer).toMatchObject({ kind: "event", data: { echotest: "event", result: "ok" } })
    const event = yield* Fiber.join(onHandle)
    expect(event._tag).toBe("Some")
    if (event._tag === "Some")
      expect(event.value).toMatchObject({ janus: "event", session_id: sessionId, sender: handleId })
    expect(yield* Admin.listHandles(sessionId)).toEqual([handleId])
    expect(yield* Admin.handleInfo(sessionId, handleId)).toMatchObject({
      plugin: "janus.plugin.echotest",
      session_transport: transportName
    })
  })

describe("claims across transports on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("a session created over WebSocket is claimed over HTTP; its handle is re-attached and used", () =>
      handOver(websocket, http, "janus.transport.http")
    )

    it.scoped("a session created over HTTP is claimed over WebSocket; its handle is re-attached and used", () =>
      handOver(http, websocket, "janus.transport.websockets")
    )
  })
})
