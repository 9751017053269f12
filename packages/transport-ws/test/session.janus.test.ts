import { FetchHttpClient } from "@effect/platform"
import { describe, expect, layer } from "@effect/vitest"
import { type JanusApiError, type SessionClosedError, SessionReclaimError } from "@effect-janus/core"
import { Admin, JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { Effect, Exit, Fiber, Layer, Scope, Stream } from "effect"
import { awaitGone, connect, connectToServer, sessionOn } from "./support.js"

// session_timeout 5 s and reclaim_session_timeout 4 s keep the waits short; keep-alive every 2 s.
const server = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ sessionTimeout: 5, reclaimTimeout: 4 })))
const keepAlive = "2 seconds"

describe("sessions over WebSocket on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("manual mode: a session reclaimed after a lost connection keeps living past 2× session_timeout", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })
        const first = yield* Scope.make()
        const lost = yield* Effect.gen(function* () {
          const transport = yield* connect(`ws://127.0.0.1:${proxy.port}`, { reconnect: false })
          return yield* sessionOn(transport, { keepAlive })
        }).pipe(Scope.extend(first))
        expect(yield* proxy.cut).toBe(1)
        const ended = yield* lost.awaitClosed
        expect(ended?.reason).toBe("connection-lost")
        yield* Scope.close(first, Exit.void)

        const transport = yield* connectToServer
        const session = yield* sessionOn(transport, { sessionId: lost.id, keepAlive })
        expect(session.id).toBe(lost.id)
        expect(session.claimed).toBe(true)
        yield* Effect.sleep(`${2 * janus.sessionTimeout + 2} seconds`)
        expect(yield* Admin.listSessions).toContain(lost.id)
        const handle = yield* session.attach("janus.plugin.echotest")
        const answer = yield* handle.message({ audio: true })
        expect(answer.data).toMatchObject({ echotest: "event", result: "ok" })
      })
    )

    it.scoped("a claim after the reclaim window fails with SessionReclaimError 458", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })
        const first = yield* Scope.make()
        const lost = yield* Effect.gen(function* () {
          const transport = yield* connect(`ws://127.0.0.1:${proxy.port}`, { reconnect: false })
          return yield* sessionOn(transport, { keepAlive })
        }).pipe(Scope.extend(first))
        yield* proxy.cut
        yield* Scope.close(first, Exit.void)
        yield* awaitGone(lost.id)
        const transport = yield* connectToServer
        const error = yield* Effect.flip(sessionOn(transport, { sessionId: lost.id }))
        expect(error).toBeInstanceOf(SessionReclaimError)
        expect(error).toMatchObject({ _tag: "SessionReclaimError", sessionId: lost.id, code: 458 })
      })
    )

    it.scoped("a claim of a made-up id fails with SessionReclaimError 458", () =>
      Effect.gen(function* () {
        const transport = yield* connectToServer
        const error = yield* Effect.flip(sessionOn(transport, { sessionId: 4242424242 }))
        expect(error).toMatchObject({ _tag: "SessionReclaimError", sessionId: 4242424242, code: 458 })
        // The connection is still usable after the refusal.
        const session = yield* sessionOn(transport, { keepAlive })
        expect(session.claimed).toBe(false)
      })
    )

    it.scoped("without keep-alive the server's timeout ends the event stream with a typed error", () =>
      Effect.gen(function* () {
        const transport = yield* connectToServer
        const session = yield* sessionOn(transport, { keepAlive: false })
        const seen: Array<string> = []
        const exit = yield* session.events.pipe(
          Stream.tap((message) => Effect.sync(() => seen.push(message.janus))),
          Stream.runDrain,
          Effect.timeout("20 seconds"),
          Effect.exit
        )
        expect(seen).toEqual(["timeout"])
        expect(Exit.isFailure(exit)).toBe(true)
        const error = yield* Effect.flip(exit) as Effect.Effect<SessionClosedError>
        expect(error).toMatchObject({ _tag: "SessionClosedError", sessionId: session.id, reason: "timeout" })
        expect(yield* session.awaitClosed).toMatchObject({ reason: "timeout" })
      })
    )

    it.scoped('onClose "abandon" leaves the session claimable from another connection', () =>
      Effect.gen(function* () {
        const first = yield* Scope.make()
        const abandoned = yield* Effect.gen(function* () {
          const transport = yield* connectToServer
          return yield* sessionOn(transport, { onClose: "abandon", keepAlive })
        }).pipe(Scope.extend(first))
        yield* Scope.close(first, Exit.void)
        expect(yield* Admin.listSessions).toContain(abandoned.id)
        const transport = yield* connectToServer
        const session = yield* sessionOn(transport, { sessionId: abandoned.id, keepAlive })
        expect(session.id).toBe(abandoned.id)
      })
    )

    it.scoped('onClose "destroy" (the default) destroys the session on the server', () =>
      Effect.gen(function* () {
        const first = yield* Scope.make()
        const destroyed = yield* Effect.gen(function* () {
          const transport = yield* connectToServer
          return yield* sessionOn(transport, { keepAlive })
        }).pipe(Scope.extend(first))
        expect(yield* Admin.listSessions).toContain(destroyed.id)
        yield* Scope.close(first, Exit.void)
        expect(yield* Admin.listSessions).not.toContain(destroyed.id)
        const transport = yield* connectToServer
        const error = yield* Effect.flip(sessionOn(transport, { sessionId: destroyed.id }))
        expect(error).toMatchObject({ _tag: "SessionReclaimError", code: 458 })
      })
    )

    it.scoped("manual mode: a dropped connection fails pending requests at once and the session sees it", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })
        // A request timeout far beyond the test's own: a "timeout" here would mean the drop went unseen.
        const transport = yield* connect(`ws://127.0.0.1:${proxy.port}`, {
          requestTimeout: "5 minutes",
          reconnect: false
        })
        const session = yield* sessionOn(transport, { keepAlive: false, onClose: "abandon" })
        expect((yield* transport.connection.get)._tag).toBe("Connected")
        yield* proxy.stall
        const pending = yield* Effect.fork(transport.send({ janus: "keepalive", session_id: session.id }))
        yield* Effect.sleep("300 millis")
        yield* proxy.cut
        const error = yield* Effect.flip(Fiber.join(pending))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "closed" })
        expect(yield* session.awaitClosed).toMatchObject({ _tag: "SessionClosedError", reason: "connection-lost" })
        expect((yield* transport.connection.get)._tag).toBe("Closed")
        const late = yield* Effect.flip(transport.send({ janus: "info" }))
        expect(late).toMatchObject({ _tag: "TransportError", reason: "closed" })
      })
    )
  })

  layer(JanusServer.layer({ sessionTimeout: 5, apiSecret: "s3cret" }).pipe(Layer.provideMerge(FetchHttpClient.layer)), {
    timeout: "60 seconds",
    excludeTestServices: true
  })((it) => {
    it.scoped("with api_secret on the server, a request without it fails with a typed 403", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const bare = yield* connect(janus.wsUrl)
        const refused = (yield* Effect.flip(sessionOn(bare, { keepAlive }))) as JanusApiError
        expect(refused).toMatchObject({ _tag: "JanusApiError", request: "create", code: 403 })
        const wrong = yield* connect(janus.wsUrl, { apiSecret: "nope" })
        expect(yield* Effect.flip(sessionOn(wrong, { keepAlive }))).toMatchObject({ code: 403 })
        const good = yield* connect(janus.wsUrl, { apiSecret: "s3cret" })
        const session = yield* sessionOn(good, { keepAlive })
        const claimWithout = yield* Effect.flip(sessionOn(bare, { sessionId: session.id }))
        expect(claimWithout).toMatchObject({ _tag: "SessionReclaimError", code: 403 })
        const handle = yield* session.attach("janus.plugin.echotest")
        expect((yield* handle.message({ audio: true })).data).toMatchObject({ result: "ok" })
      })
    )
  })
})
