import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Ids, Protocol, SessionClosedError } from "@effect-janus/core"
import { Arbitrary, Chunk, Effect, Either, Exit, FastCheck, Fiber, Logger, Ref, Schema, Scope, Stream } from "effect"
import { HttpTransport } from "../src/index.js"
import { decodeBatch } from "../src/internal/longPoll.js"
import { pathOf } from "../src/internal/wire.js"

const encode = Schema.encodeSync(Protocol.AsyncMessage)
const decode = Schema.decodeUnknownEither(Protocol.AsyncMessage)
const keepalive = { janus: "keepalive" }
const event = {
  janus: "event",
  session_id: 11,
  sender: 22,
  transaction: "t1",
  plugindata: { plugin: "janus.plugin.echotest", data: { echotest: "event", result: "ok" } }
}

/** A generated async message or a keepalive, as Janus would put it in a long-poll array. */
const Entry = FastCheck.oneof(
  FastCheck.constant<"keepalive">("keepalive"),
  Arbitrary.make(Protocol.AsyncMessage).map((message) => encode(message))
)

describe("decodeBatch (the long-poll body)", () => {
  it("skips a single keepalive object (maxev = 1) and an array of one (maxev > 1)", () => {
    expect(decodeBatch("poll", JSON.stringify(keepalive))).toEqual(
      Either.right({ messages: [], keepalives: 1, dropped: [] })
    )
    expect(decodeBatch("poll", JSON.stringify([keepalive]))).toEqual(
      Either.right({ messages: [], keepalives: 1, dropped: [] })
    )
  })

  it("decodes one object and an array, keeping the order", () => {
    const single = decodeBatch("poll", JSON.stringify(event))
    expect(Either.getOrThrow(single).messages).toEqual([event])
    const webrtcup = { janus: "webrtcup", session_id: 11, sender: 22 }
    const batch = Either.getOrThrow(decodeBatch("poll", JSON.stringify([webrtcup, keepalive, event])))
    expect(batch.messages).toEqual([webrtcup, event])
    expect(batch.keepalives).toBe(1)
  })

  it("drops entries that are not async messages, each with a decode error", () => {
    const batch = Either.getOrThrow(
      decodeBatch("poll", JSON.stringify([42, "text", { janus: "hello" }, { janus: "event", session_id: -1 }, event]))
    )
    expect(batch.messages).toEqual([event])
    expect(batch.dropped).toHaveLength(4)
    for (const error of batch.dropped) expect(error).toMatchObject({ _tag: "TransportError", reason: "decode" })
  })

  it("fails with decode when the body is not JSON or not an object or array", () => {
    for (const body of ["", "<html>", '"keepalive"', "null", "12"]) {
      const result = decodeBatch("poll", body)
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) expect(result.left).toMatchObject({ _tag: "TransportError", reason: "decode" })
    }
  })

  it.prop(
    "keeps every async message of any batch, in order, and only skips the keepalives",
    [FastCheck.array(Entry)],
    ([entries]) => {
      const wire = entries.map((entry) => (entry === "keepalive" ? keepalive : entry))
      const batch = Either.getOrThrow(decodeBatch("poll", JSON.stringify(wire)))
      // What survives JSON (Arbitrary may draw NaN or -0 for plain numbers) must come out; the rest is dropped.
      const expected = wire
        .filter((entry) => entry !== keepalive)
        .map((entry) => decode(JSON.parse(JSON.stringify(entry))))
      expect(batch.keepalives).toBe(entries.filter((entry) => entry === "keepalive").length)
      expect(batch.messages).toEqual(expected.filter(Either.isRight).map((right) => right.right))
      expect(batch.dropped).toHaveLength(expected.filter(Either.isLeft).length)
    }
  )
})

describe("pathOf (where each request is POSTed)", () => {
  const s = Ids.sessionId(1)
  const h = Ids.handleId(2)
  it("follows janus_http.c: root, /session, /session/handle", () => {
    const cases: ReadonlyArray<[Protocol.Request, string]> = [
      [{ janus: "create" }, ""],
      [{ janus: "info" }, ""],
      [{ janus: "ping" }, ""],
      [{ janus: "claim", session_id: s }, "/1"],
      [{ janus: "keepalive", session_id: s }, "/1"],
      [{ janus: "destroy", session_id: s }, "/1"],
      [{ janus: "attach", session_id: s, plugin: "janus.plugin.echotest" }, "/1"],
      [{ janus: "message", session_id: s, handle_id: h, body: {} }, "/1/2"],
      [{ janus: "trickle", session_id: s, handle_id: h, candidate: { completed: true } }, "/1/2"],
      [{ janus: "hangup", session_id: s, handle_id: h }, "/1/2"],
      [{ janus: "detach", session_id: s, handle_id: h }, "/1/2"]
    ]
    for (const [request, path] of cases) expect(pathOf(request)).toBe(path)
  })
})

/** An `HttpClient` whose GETs are answered by `answers` in turn (a scripted network, no Janus involved). */
const scripted = (answers: ReadonlyArray<{ readonly status: number; readonly body: string } | "network-error">) =>
  Effect.gen(function* () {
    const next = yield* Ref.make(0)
    const urls: Array<string> = []
    const client = HttpClient.make((request, url) =>
      Effect.flatMap(
        Ref.getAndUpdate(next, (n) => n + 1),
        (n) => {
          urls.push(url.toString())
          const answer = answers[n]
          if (answer === undefined) return Effect.never
          if (answer === "network-error") {
            return Effect.fail(
              new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error("reset") })
            )
          }
          return Effect.succeed(
            HttpClientResponse.fromWeb(
              request,
              new Response(answer.status === 404 ? null : answer.body, { status: answer.status })
            )
          )
        }
      )
    )
    return { client, urls }
  })

describe("sessionEvents loop (scripted HTTP answers)", () => {
  it.scopedLive(
    "skips keepalives, logs and drops garbage, retries a network error, and ends with not-found on 404",
    () =>
      Effect.gen(function* () {
        const { client, urls } = yield* scripted([
          { status: 200, body: JSON.stringify([keepalive]) },
          { status: 200, body: JSON.stringify([event, { janus: "garbage" }]) },
          "network-error",
          { status: 200, body: JSON.stringify(keepalive) },
          { status: 404, body: "" }
        ])
        const logs: Array<string> = []
        const logger = Logger.make(({ message }) => {
          logs.push(String(Array.isArray(message) ? message[0] : message))
        })
        const transport = yield* HttpTransport.make({ url: "http://janus.test/janus/", maxEvents: 5 }).pipe(
          Effect.provideService(HttpClient.HttpClient, client)
        )
        const seen: Array<Protocol.AsyncMessage> = []
        const error = yield* transport.sessionEvents(Ids.sessionId(11)).pipe(
          Stream.runForEach((message) => Effect.sync(() => seen.push(message))),
          Effect.flip,
          Effect.provide(Logger.replace(Logger.defaultLogger, logger))
        )
        expect(seen).toEqual([event])
        expect(error).toBeInstanceOf(SessionClosedError)
        expect(error).toMatchObject({ sessionId: 11, reason: "not-found" })
        expect(logs).toContain("effect-janus: undecodable long-poll message dropped")
        expect(urls).toHaveLength(5)
        for (const url of urls) {
          const parsed = new URL(url)
          expect(parsed.pathname).toBe("/janus/11")
          expect(parsed.searchParams.get("maxev")).toBe("5")
          expect(parsed.searchParams.get("rid")).not.toBeNull()
        }
        expect(new Set(urls).size).toBe(5)
      })
  )

  it.scopedLive("stops polling when the stream is no longer consumed", () =>
    Effect.gen(function* () {
      const { client, urls } = yield* scripted([
        { status: 200, body: JSON.stringify(event) },
        { status: 200, body: JSON.stringify(event) },
        { status: 200, body: JSON.stringify(event) }
      ])
      const transport = yield* HttpTransport.make({ url: "http://janus.test/janus" }).pipe(
        Effect.provideService(HttpClient.HttpClient, client)
      )
      const taken = yield* transport.sessionEvents(Ids.sessionId(11)).pipe(Stream.take(2), Stream.runCollect)
      expect(Chunk.size(taken)).toBe(2)
      // Messages are pushed: the poll after the second may have started before the stream ended, no later one.
      yield* Effect.sleep("100 millis")
      const polled = urls.length
      expect(polled).toBeLessThanOrEqual(3)
      yield* Effect.sleep("200 millis")
      expect(urls).toHaveLength(polled)
    })
  )

  it.scopedLive("a poll in flight when the transport's scope closes ends the stream with connection-lost", () =>
    Effect.gen(function* () {
      const { client, urls } = yield* scripted([])
      const scope = yield* Scope.make()
      const transport = yield* HttpTransport.make({ url: "http://janus.test/janus" }).pipe(
        Effect.provideService(HttpClient.HttpClient, client),
        Scope.extend(scope)
      )
      const events = yield* Effect.fork(Stream.runDrain(transport.sessionEvents(Ids.sessionId(11))))
      yield* Effect.sleep("50 millis")
      expect(urls).toHaveLength(1)
      yield* Scope.close(scope, Exit.void)
      const error = yield* Effect.flip(Fiber.join(events))
      expect(error).toMatchObject({ _tag: "SessionClosedError", sessionId: 11, reason: "connection-lost" })
      expect((yield* transport.connection.get)._tag).toBe("Closed")
    })
  )
})
