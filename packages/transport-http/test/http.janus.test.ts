import { FetchHttpClient } from "@effect/platform"
import { describe, expect, layer } from "@effect/vitest"
import { Ids, JanusTransport, type Protocol, SessionClosedError, TransportError } from "@effect-janus/core"
import { Admin, JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { Chunk, Clock, ConfigError, ConfigProvider, Effect, Exit, Fiber, Layer, Scope, Stream } from "effect"
import { HttpTransport } from "../src/index.js"
import { sessionOn } from "./conformance/support.js"
import { answeringPeer, closedPort, countedTransport, httpTransport, silentPeer } from "./support.js"

const keepAlive = "2 seconds"
const server = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ sessionTimeout: 5, reclaimTimeout: 8 })))

/** Creates a session and an EchoTest handle with bare requests (no `Session`: nothing polls). */
const bareEchoTest = (transport: JanusTransport) =>
  Effect.gen(function* () {
    const created = yield* transport.send({ janus: "create" })
    if (created.janus !== "success" || created.data?.id === undefined) return yield* Effect.die(created)
    const sessionId = Ids.sessionId(created.data.id)
    const attached = yield* transport.send({ janus: "attach", session_id: sessionId, plugin: "janus.plugin.echotest" })
    if (attached.janus !== "success" || attached.data?.id === undefined) return yield* Effect.die(attached)
    return { sessionId, handleId: Ids.handleId(attached.data.id) }
  })

/** Sends `count` EchoTest messages with bare requests and returns the transactions Janus acked. */
const bareMessages = (
  transport: JanusTransport,
  ids: { sessionId: Ids.SessionId; handleId: Ids.HandleId },
  count: number
) =>
  Effect.forEach(Chunk.range(1, count), (n) =>
    Effect.flatMap(
      transport.send({
        janus: "message",
        session_id: ids.sessionId,
        handle_id: ids.handleId,
        body: { audio: true, n }
      }),
      (reply) => (reply.janus === "ack" ? Effect.succeed(reply.transaction) : Effect.die(reply))
    )
  )

const transactionOf = (message: Protocol.AsyncMessage) => (message.janus === "event" ? message.transaction : undefined)

describe("HTTP transport on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("the long poll runs only while the session's scope is open, and again after a claim", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const { polls, transport } = yield* countedTransport({ url: janus.httpUrl })
        const scope = yield* Scope.make()
        const first = yield* Scope.extend(sessionOn(transport, { onClose: "abandon", keepAlive }), scope)
        yield* Effect.sleep("300 millis")
        expect(yield* polls.inFlight).toBe(1)
        yield* Scope.close(scope, Exit.void)
        yield* Effect.sleep("300 millis")
        expect(yield* polls.inFlight).toBe(0)
        const afterClose = yield* polls.started
        yield* Effect.sleep("1 second")
        expect(yield* polls.started).toBe(afterClose)

        const session = yield* sessionOn(transport, { sessionId: first.id, keepAlive })
        yield* Effect.sleep("300 millis")
        expect(yield* polls.inFlight).toBe(1)
        expect(yield* polls.started).toBeGreaterThan(afterClose)
        const handle = yield* session.attach("janus.plugin.echotest")
        expect((yield* handle.message({ audio: true })).data).toMatchObject({ result: "ok" })
      })
    )

    it.scoped("a long poll answered 404 after the session was destroyed elsewhere ends events with not-found", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        // The session's transport goes through a proxy, so its pending poll can be cut after the destroy.
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.httpPort })
        const transport = yield* httpTransport(`http://127.0.0.1:${proxy.port}/janus`)
        const session = yield* sessionOn(transport, { keepAlive: false })
        const events = yield* Effect.fork(Stream.runDrain(session.events))
        yield* Effect.sleep("300 millis")
        const other = yield* httpTransport(janus.httpUrl)
        expect(yield* other.send({ janus: "destroy", session_id: session.id })).toMatchObject({ janus: "success" })
        // Janus keeps a pending poll of a destroyed session open until its 30 s hold ends; cut it short.
        expect(yield* proxy.cut).toBeGreaterThanOrEqual(1)
        const error = yield* Effect.flip(Fiber.join(events))
        expect(error).toBeInstanceOf(SessionClosedError)
        expect(error).toMatchObject({ sessionId: session.id, reason: "not-found" })
        expect(yield* session.awaitClosed).toMatchObject({ reason: "not-found" })
      })
    )

    it.scoped("sessionEvents of an unknown session fails at once with SessionClosedError not-found", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const transport = yield* httpTransport(janus.httpUrl)
        const started = yield* Clock.currentTimeMillis
        const error = yield* Effect.flip(Stream.runDrain(transport.sessionEvents(Ids.sessionId(4242424242))))
        expect(error).toMatchObject({ _tag: "SessionClosedError", sessionId: 4242424242, reason: "not-found" })
        expect((yield* Clock.currentTimeMillis) - started).toBeLessThan(2000)
      })
    )

    it.scoped("maxev: events queued while nothing polled come in one answer, in order", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const transport = yield* httpTransport(janus.httpUrl)
        const { polls, transport: counted } = yield* countedTransport({ url: janus.httpUrl })
        const ids = yield* bareEchoTest(transport)
        const transactions = yield* bareMessages(transport, ids, 5)
        yield* Effect.sleep("300 millis")
        const taken = yield* counted
          .sessionEvents(ids.sessionId)
          .pipe(Stream.take(5), Stream.runCollect, Effect.timeout("10 seconds"))
        const first = Chunk.toReadonlyArray(taken)
        // All five came in the first answer: the poll after it is the second one.
        expect(yield* polls.started).toBeLessThanOrEqual(2)
        expect(first.map(transactionOf)).toEqual(transactions)
        for (const message of first) {
          expect(message).toMatchObject({
            janus: "event",
            sender: ids.handleId,
            plugindata: { data: { result: "ok" } }
          })
        }
        yield* transport.send({ janus: "destroy", session_id: ids.sessionId })
      })
    )

    it.scoped("maxEvents 1: queued events come one per answer", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const transport = yield* HttpTransport.make({ url: janus.httpUrl, maxEvents: 1 }).pipe(
          Effect.provide(FetchHttpClient.layer)
        )
        const ids = yield* bareEchoTest(transport)
        const transactions = yield* bareMessages(transport, ids, 3)
        yield* Effect.sleep("300 millis")
        const chunks = yield* transport
          .sessionEvents(ids.sessionId)
          .pipe(Stream.chunks, Stream.take(3), Stream.runCollect, Effect.timeout("10 seconds"))
        expect(Chunk.toReadonlyArray(chunks).map((chunk) => chunk.length)).toEqual([1, 1, 1])
        expect(Chunk.toReadonlyArray(Chunk.flatten(chunks)).map(transactionOf)).toEqual(transactions)
        yield* transport.send({ janus: "destroy", session_id: ids.sessionId })
      })
    )

    it.scoped("many EchoTest messages sent at once all get their events through the long poll", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const session = yield* sessionOn(yield* httpTransport(janus.httpUrl), { keepAlive })
        const handle = yield* session.attach("janus.plugin.echotest")
        const seen = yield* handle.events.pipe(
          Stream.filter((message) => message.janus === "event"),
          Stream.take(8),
          Stream.runCount,
          Effect.fork
        )
        yield* Effect.sleep("200 millis")
        const answers = yield* Effect.all(
          Array.from({ length: 8 }, (_, n) => handle.message({ audio: n % 2 === 0 })),
          { concurrency: "unbounded" }
        )
        expect(answers.map((answer) => answer.data.result)).toEqual(Array.from({ length: 8 }, () => "ok"))
        expect(yield* Fiber.join(seen)).toBe(8)
      })
    )

    it.scoped("failed polls are retried with backoff, then the stream fails with the TransportError", () =>
      Effect.gen(function* () {
        const port = yield* closedPort
        const { polls, transport } = yield* countedTransport({
          url: `http://127.0.0.1:${port}/janus`,
          longPollRetries: 2,
          reconnect: false
        })
        const started = yield* Clock.currentTimeMillis
        const error = yield* Effect.flip(Stream.runDrain(transport.sessionEvents(Ids.sessionId(1))))
        // With `reconnect: false` the unreachable server closes the transport: the session's stream ends with
        // connection-lost, caused by the last poll's TransportError.
        expect(error).toBeInstanceOf(SessionClosedError)
        expect(error).toMatchObject({ reason: "connection-lost" })
        const cause = (error as SessionClosedError).cause as TransportError
        expect(cause.cause).toBeInstanceOf(TransportError)
        expect(cause.cause).toMatchObject({ reason: "connect" })
        expect(yield* polls.started).toBe(3)
        // Two backoffs of about 250 ms and 500 ms (jittered).
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(300)
      })
    )

    it.scoped("request errors: connect, timeout, http-status, decode", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const refused = yield* httpTransport(`http://127.0.0.1:${yield* closedPort}/janus`)
        expect(yield* Effect.flip(refused.send({ janus: "info" }))).toMatchObject({
          _tag: "TransportError",
          reason: "connect"
        })

        const silent = yield* httpTransport(`http://127.0.0.1:${yield* silentPeer}/janus`)
        const started = yield* Clock.currentTimeMillis
        const timedOut = yield* Effect.flip(silent.send({ janus: "info" }, { timeout: "300 millis" }))
        expect(timedOut).toMatchObject({ _tag: "TransportError", reason: "timeout" })
        expect((yield* Clock.currentTimeMillis) - started).toBeLessThan(3000)

        // Janus answers a path outside its `base_path` with an empty 404.
        const wrongPath = yield* httpTransport(`http://127.0.0.1:${janus.httpPort}/nope`)
        const status = yield* Effect.flip(wrongPath.send({ janus: "info" }))
        expect(status).toMatchObject({ _tag: "TransportError", reason: "http-status", status: 404 })

        const garbage = yield* httpTransport(`http://127.0.0.1:${yield* answeringPeer("<html>hello</html>")}/janus`)
        expect(yield* Effect.flip(garbage.send({ janus: "info" }))).toMatchObject({ reason: "decode" })
        const notAReply = yield* httpTransport(`http://127.0.0.1:${yield* answeringPeer('{"janus":"hello"}')}/janus`)
        expect(yield* Effect.flip(notAReply.send({ janus: "info" }))).toMatchObject({ reason: "decode" })
      })
    )

    it.scoped("layerConfig reads JANUS_URL and talks to the server", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const provider = ConfigProvider.fromMap(new Map([["JANUS_URL", janus.httpUrl]]))
        const info = yield* Effect.flatMap(JanusTransport, (transport) => transport.send({ janus: "info" })).pipe(
          Effect.provide(HttpTransport.layerConfig.pipe(Layer.provide(FetchHttpClient.layer))),
          Effect.withConfigProvider(provider)
        )
        expect(info).toMatchObject({ janus: "server_info", "server-name": janus.serverName })
        const missing = yield* Effect.flip(
          Layer.build(HttpTransport.layerConfig.pipe(Layer.provide(FetchHttpClient.layer))).pipe(
            Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
          )
        )
        expect(ConfigError.isConfigError(missing)).toBe(true)
        expect(String(missing)).toContain("JANUS_URL")
      })
    )
  })

  layer(Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ sessionTimeout: 5, apiSecret: "s3cret" }))), {
    timeout: "60 seconds",
    excludeTestServices: true
  })((it) => {
    it.scoped("with api_secret, a long poll without it fails at once with http-status 403", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const good = yield* httpTransport(janus.httpUrl, { apiSecret: "s3cret" })
        const session = yield* sessionOn(good, { keepAlive })
        const bare = yield* httpTransport(janus.httpUrl)
        const started = yield* Clock.currentTimeMillis
        const error = yield* Effect.flip(Stream.runDrain(bare.sessionEvents(session.id)))
        // The server will not serve this session's events to this client: for the session, it is gone.
        expect(error).toMatchObject({ _tag: "SessionClosedError", reason: "not-found" })
        expect((error as SessionClosedError).cause).toMatchObject({
          _tag: "TransportError",
          reason: "http-status",
          status: 403
        })
        // Not retried: a wrong secret does not heal.
        expect((yield* Clock.currentTimeMillis) - started).toBeLessThan(1000)
        expect(yield* Admin.listSessions).toContain(session.id)
      })
    )
  })
})
