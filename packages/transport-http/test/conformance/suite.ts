/**
 * One conformance suite for every `JanusTransport`, run on a real Janus: `conformance(subject)` declares the
 * tests inside a `describe` of the calling test file.
 */

import { describe, expect, layer } from "@effect/vitest"
import {
  Ids,
  JanusApiError,
  JanusTransport,
  Server,
  SessionClosedError,
  SessionReclaimError,
  TransportError
} from "@effect-janus/core"
import { Admin, JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { Clock, Effect, Exit, Fiber, Layer, Scope, Stream } from "effect"
import { echo, firstEvent, open, type Subject, sessionOn } from "./support.js"

export type { Subject, TargetOptions } from "./support.js"

/** session_timeout 5 s keeps the expiry tests short; keep-alive every 2 s. */
const sessionTimeout = 5
const keepAlive = "2 seconds"
const madeUpId = 4242424242

const server = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ sessionTimeout, reclaimTimeout: 8 })))
const securedServer = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ sessionTimeout, apiSecret: "s3cret" })))

/** Opens a transport and a session on it in a scope of their own, for a test to close (hand-off). */
const inOwnScope = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const scope = yield* Scope.make()
    const value = yield* Scope.extend(effect, scope)
    return { value, scope }
  })

/** Declares the conformance tests of one transport. */
export const conformance = (subject: Subject): void => {
  describe(`${subject.name} transport conformance on a real Janus`, () => {
    JanusServer.printLogOnFailure()

    layer(server, { timeout: "60 seconds", excludeTestServices: true })((it) => {
      it.scoped("info and ping are answered with server_info and pong", () =>
        Effect.gen(function* () {
          const janus = yield* JanusServer.JanusServer
          const transport = yield* open(subject)
          const info = yield* transport.send({ janus: "info" })
          expect(info).toMatchObject({ janus: "server_info", "server-name": janus.serverName })
          expect(yield* transport.send({ janus: "ping" })).toMatchObject({ janus: "pong" })
        })
      )

      it.scoped("Server.info and Server.ping: typed answers, with the session timeouts of the server", () =>
        Effect.gen(function* () {
          const janus = yield* JanusServer.JanusServer
          const transport = yield* open(subject)
          const info = yield* Effect.provideService(Server.info, JanusTransport, transport)
          expect(info).toMatchObject({
            janus: "server_info",
            "server-name": janus.serverName,
            "session-timeout": janus.sessionTimeout,
            "reclaim-session-timeout": janus.reclaimTimeout
          })
          expect(Object.keys(info.plugins ?? {})).toContain("janus.plugin.echotest")
          const rtt = yield* Effect.provideService(Server.ping, JanusTransport, transport)
          expect(rtt).toBeGreaterThanOrEqual(0)
          expect(rtt).toBeLessThan(10_000)
        })
      )

      it.scoped("create then destroy: the Admin API lists the session only in between", () =>
        Effect.gen(function* () {
          const transport = yield* open(subject)
          const { scope, value: session } = yield* inOwnScope(sessionOn(transport, { keepAlive }))
          expect(session.claimed).toBe(false)
          expect(yield* Admin.listSessions).toContain(session.id)
          yield* Scope.close(scope, Exit.void)
          expect(yield* Admin.listSessions).not.toContain(session.id)
          expect(yield* session.awaitClosed).toBeUndefined()
        })
      )

      it.scoped("a session created on one transport instance is claimed from another", () =>
        Effect.gen(function* () {
          const first = yield* inOwnScope(
            Effect.flatMap(open(subject), (transport) => sessionOn(transport, { onClose: "abandon", keepAlive }))
          )
          yield* Scope.close(first.scope, Exit.void)
          expect(yield* Admin.listSessions).toContain(first.value.id)
          const other = yield* open(subject)
          const session = yield* sessionOn(other, { sessionId: first.value.id, keepAlive })
          expect(session.id).toBe(first.value.id)
          expect(session.claimed).toBe(true)
          const handle = yield* session.attach("janus.plugin.echotest")
          expect(yield* echo(handle)).toMatchObject({ echotest: "event", result: "ok" })
        })
      )

      it.scoped("a claim of a made-up id fails with SessionReclaimError 458", () =>
        Effect.gen(function* () {
          const transport = yield* open(subject)
          const error = yield* Effect.flip(sessionOn(transport, { sessionId: madeUpId }))
          expect(error).toBeInstanceOf(SessionReclaimError)
          expect(error).toMatchObject({ sessionId: madeUpId, code: 458 })
          // The transport stays usable.
          expect((yield* sessionOn(transport, { keepAlive })).claimed).toBe(false)
        })
      )

      it.scoped("keep-alive keeps a session alive past 2× session_timeout", () =>
        Effect.gen(function* () {
          const transport = yield* open(subject)
          const session = yield* sessionOn(transport, { keepAlive })
          yield* Effect.sleep(`${2 * sessionTimeout + 2} seconds`)
          expect(yield* Admin.listSessions).toContain(session.id)
          const handle = yield* session.attach("janus.plugin.echotest")
          expect(yield* echo(handle)).toMatchObject({ result: "ok" })
        })
      )

      it.scoped("without keep-alive the server's timeout ends the session with SessionClosedError timeout", () =>
        Effect.gen(function* () {
          const transport = yield* open(subject)
          const session = yield* sessionOn(transport, { keepAlive: false })
          const seen = yield* session.events.pipe(
            Stream.map((message) => message.janus),
            Stream.runCollect,
            Effect.timeout("20 seconds"),
            Effect.either
          )
          expect(seen._tag).toBe("Left")
          expect(yield* session.awaitClosed).toMatchObject({ _tag: "SessionClosedError", reason: "timeout" })
          expect(yield* Admin.listSessions).not.toContain(session.id)
        })
      )

      it.scoped("attach EchoTest and message it: the answer is its event with result ok", () =>
        Effect.gen(function* () {
          const transport = yield* open(subject)
          const session = yield* sessionOn(transport, { keepAlive })
          const handle = yield* session.attach("janus.plugin.echotest")
          expect(handle.plugin).toBe("janus.plugin.echotest")
          expect(yield* Admin.listHandles(session.id)).toEqual([handle.id])
          const answer = yield* handle.message({ audio: true, video: false })
          expect(answer).toMatchObject({ kind: "event", plugin: "janus.plugin.echotest" })
          expect(answer.data).toMatchObject({ echotest: "event", result: "ok" })
        })
      )

      it.scoped("a plugin event also reaches handle.events and session.events", () =>
        Effect.gen(function* () {
          const transport = yield* open(subject)
          const session = yield* sessionOn(transport, { keepAlive })
          const handle = yield* session.attach("janus.plugin.echotest")
          const onHandle = yield* firstEvent(handle.events)
          const onSession = yield* firstEvent(session.events)
          yield* echo(handle)
          for (const event of [yield* Fiber.join(onHandle), yield* Fiber.join(onSession)]) {
            expect(event._tag).toBe("Some")
            if (event._tag === "Some") {
              expect(event.value).toMatchObject({ janus: "event", session_id: session.id, sender: handle.id })
              expect(event.value.plugindata).toMatchObject({ plugin: "janus.plugin.echotest", data: { result: "ok" } })
            }
          }
        })
      )

      it.scoped("re-attach by id on a claimed session sends no attach and the handle works", () =>
        Effect.gen(function* () {
          const first = yield* inOwnScope(
            Effect.gen(function* () {
              const transport = yield* open(subject)
              const session = yield* sessionOn(transport, { onClose: "abandon", keepAlive })
              const handle = yield* session.attach("janus.plugin.echotest")
              return { sessionId: session.id, handleId: handle.id }
            })
          )
          yield* Scope.close(first.scope, Exit.void)
          const { handleId, sessionId } = first.value
          expect(yield* Admin.listHandles(sessionId)).toEqual([handleId])
          const session = yield* sessionOn(yield* open(subject), { sessionId, keepAlive })
          const handle = yield* session.reattach("janus.plugin.echotest", handleId)
          expect(handle.id).toBe(handleId)
          expect(yield* echo(handle)).toMatchObject({ result: "ok" })
          expect(yield* Admin.listHandles(sessionId)).toEqual([handleId])
        })
      )

      it.scoped("re-attach of a made-up handle id fails with JanusApiError 459 on first message", () =>
        Effect.gen(function* () {
          const session = yield* sessionOn(yield* open(subject), { keepAlive })
          const handle = yield* session.reattach("janus.plugin.echotest", madeUpId)
          const error = yield* Effect.flip(handle.message({ audio: true }))
          expect(error).toBeInstanceOf(JanusApiError)
          expect(error).toMatchObject({ request: "message", code: 459 })
          expect(yield* Admin.listHandles(session.id)).toEqual([])
        })
      )

      it.scoped("attach to an unknown plugin fails with JanusApiError 460", () =>
        Effect.gen(function* () {
          const session = yield* sessionOn(yield* open(subject), { keepAlive })
          const error = yield* Effect.flip(session.attach("janus.plugin.nope"))
          expect(error).toBeInstanceOf(JanusApiError)
          expect(error).toMatchObject({ request: "attach", code: 460 })
        })
      )

      it.scoped("a request to a peer that never answers fails with TransportError timeout in time", () =>
        Effect.gen(function* () {
          const janus = yield* JanusServer.JanusServer
          const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: subject.port(janus) })
          const transport = yield* open(subject, { port: proxy.port, requestTimeout: "5 minutes" })
          yield* proxy.stall
          const started = yield* Clock.currentTimeMillis
          const error = yield* Effect.flip(transport.send({ janus: "info" }, { timeout: "300 millis" }))
          const elapsed = (yield* Clock.currentTimeMillis) - started
          expect(error).toBeInstanceOf(TransportError)
          expect(error).toMatchObject({ reason: "timeout" })
          expect(elapsed).toBeGreaterThanOrEqual(250)
          expect(elapsed).toBeLessThan(3000)
        })
      )

      it.scoped("connection is connected until the scope closes, then closed; later requests fail closed", () =>
        Effect.gen(function* () {
          const { scope, value: transport } = yield* inOwnScope(open(subject))
          expect((yield* transport.connection.get)._tag).toBe("Connected")
          yield* Scope.close(scope, Exit.void)
          expect((yield* transport.connection.get)._tag).toBe("Closed")
          const error = yield* Effect.flip(transport.send({ janus: "ping" }))
          expect(error).toMatchObject({ _tag: "TransportError", reason: "closed" })
          const events = yield* Effect.flip(Stream.runDrain(transport.sessionEvents(Ids.sessionId(madeUpId))))
          expect(events).toBeInstanceOf(SessionClosedError)
        })
      )
    })

    layer(securedServer, { timeout: "60 seconds", excludeTestServices: true })((it) => {
      it.scoped("with api_secret on the server: 403 without the secret, everything works with it", () =>
        Effect.gen(function* () {
          const bare: JanusTransport = yield* open(subject)
          const refused = yield* Effect.flip(sessionOn(bare, { keepAlive }))
          expect(refused).toBeInstanceOf(JanusApiError)
          expect(refused).toMatchObject({ request: "create", code: 403 })
          const wrong = yield* open(subject, { apiSecret: "nope" })
          expect(yield* Effect.flip(sessionOn(wrong, { keepAlive }))).toMatchObject({ code: 403 })
          const good = yield* open(subject, { apiSecret: "s3cret" })
          const session = yield* sessionOn(good, { keepAlive })
          expect(yield* Admin.listSessions).toContain(session.id)
          const claimWithout = yield* Effect.flip(sessionOn(bare, { sessionId: session.id }))
          expect(claimWithout).toMatchObject({ _tag: "SessionReclaimError", code: 403 })
          const handle = yield* session.attach("janus.plugin.echotest")
          const onHandle = yield* firstEvent(handle.events)
          expect(yield* echo(handle)).toMatchObject({ result: "ok" })
          expect((yield* Fiber.join(onHandle))._tag).toBe("Some")
        })
      )
    })
  })
}
