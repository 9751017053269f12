import { FetchHttpClient, HttpClient } from "@effect/platform"
import { describe, expect, layer } from "@effect/vitest"
import { JanusTransport, Session } from "@effect-janus/core"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect } from "effect"
import { HttpTransport } from "../src/index.js"

interface SeenPost {
  readonly body: string
  readonly traceparent: string | undefined
  readonly b3: string | undefined
}

/**
 * An HTTP transport over `fetch` that records the trace headers of every POST (as the driver hands it to the
 * client: HttpClient's own span, if it made one, would add its headers after this point).
 */
const recordingTransport = (url: string, options?: { readonly tracePropagation?: boolean }) =>
  Effect.gen(function* () {
    const posts: Array<SeenPost> = []
    const fetchClient = yield* Effect.provide(HttpClient.HttpClient, FetchHttpClient.layer)
    const client = HttpClient.tapRequest(fetchClient, (request) =>
      Effect.sync(() => {
        if (request.method !== "POST") return
        const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
        posts.push({ body, traceparent: request.headers.traceparent, b3: request.headers.b3 })
      })
    )
    const transport = yield* HttpTransport.make({ url, tracePropagation: options?.tracePropagation }).pipe(
      Effect.provideService(HttpClient.HttpClient, client)
    )
    return { transport, posts }
  })

/** The POST of the first request named `janus` (`"create"`, `"attach"`, …). */
const postOf = (posts: ReadonlyArray<SeenPost>, janus: string) => {
  const post = posts.find((p) => (JSON.parse(p.body) as { janus?: unknown }).janus === janus)
  if (post === undefined) throw new Error(`no ${janus} POST among ${posts.length}`)
  return post
}

describe("HTTP transport: trace context of the POSTs", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer(), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("a POST names its request's span (janus.<request>, a child of the caller's span) in its headers", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const { posts, transport } = yield* recordingTransport(janus.httpUrl)
        const caller = yield* Effect.gen(function* () {
          const session = yield* Session.make({ keepAlive: false })
          yield* session.attach("janus.plugin.echotest")
          return yield* Effect.currentSpan
        }).pipe(Effect.withSpan("app.call"), Effect.provideService(JanusTransport, transport))

        for (const janusRequest of ["create", "attach"]) {
          const post = postOf(posts, janusRequest)
          // traceparent: 00-<trace id>-<span id>-<flags>: the caller's trace, a span of its own (janus.<request>).
          const [version, traceId, spanId, flags] = (post.traceparent ?? "").split("-")
          expect({ version, traceId, flags }).toEqual({ version: "00", traceId: caller.traceId, flags: "01" })
          expect(spanId).toMatch(/^[0-9a-f]{16}$/)
          expect(spanId).not.toBe(caller.spanId)
          expect(post.b3).toMatch(new RegExp(`^${caller.traceId}-${spanId}-1-[0-9a-f]{16}$`))
        }
        // b3: <trace id>-<span id>-<sampled>-<parent span id>: janus.attach is a child of the caller's span
        // (janus.create one of Session.make's).
        expect(postOf(posts, "attach").b3?.split("-")[3]).toBe(caller.spanId)
        expect(postOf(posts, "create").b3?.split("-")[3]).not.toBe(caller.spanId)
        // create and attach are two requests: two spans.
        expect(postOf(posts, "create").traceparent).not.toBe(postOf(posts, "attach").traceparent)
      })
    )

    it.scoped("no trace headers with the tracer disabled or with tracePropagation: false", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const quiet = yield* recordingTransport(janus.httpUrl)
        yield* Session.make({ keepAlive: false }).pipe(
          Effect.withSpan("app.untraced"),
          Effect.withTracerEnabled(false),
          Effect.provideService(JanusTransport, quiet.transport)
        )
        const off = yield* recordingTransport(janus.httpUrl, { tracePropagation: false })
        yield* Session.make({ keepAlive: false }).pipe(
          Effect.withSpan("app.unpropagated"),
          Effect.provideService(JanusTransport, off.transport)
        )
        for (const { posts } of [quiet, off]) {
          const post = postOf(posts, "create")
          expect({ traceparent: post.traceparent, b3: post.b3 }).toEqual({ traceparent: undefined, b3: undefined })
        }
      })
    )
  })
})
