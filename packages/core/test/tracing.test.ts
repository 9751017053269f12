import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Tracer } from "effect"
import { InMemoryTransport, JanusTransport, Session } from "../src/index.js"
import { generous } from "./support.js"

interface Recorded {
  readonly name: string
  readonly spanId: string
  readonly parent: string | undefined
  readonly attributes: Map<string, unknown>
  ended: boolean
}

/** An in-memory tracer: every span it makes, with its parent and attributes. */
const recordingTracer = () => {
  const spans: Array<Recorded> = []
  let next = 0
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const attributes = new Map<string, unknown>()
      const record: Recorded = {
        name,
        spanId: `span-${next++}`,
        parent: Option.match(parent, { onNone: () => undefined, onSome: (p) => p.spanId }),
        attributes,
        ended: false
      }
      spans.push(record)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: record.spanId,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes,
        links,
        sampled: true,
        kind,
        end: () => {
          record.ended = true
        },
        attribute: (key, value) => {
          attributes.set(key, value)
        },
        event: () => {},
        addLinks: () => {}
      }
      return span
    },
    context: (f) => f()
  })
  /** The spans named `janus.*`, as `name(parent name)` with their Janus attributes. */
  const janusSpans = () =>
    spans
      .filter((s) => s.name.startsWith("janus."))
      .map((s) => ({
        name: s.name,
        parent: spans.find((p) => p.spanId === s.parent)?.name,
        attributes: Object.fromEntries([...s.attributes].filter(([k]) => k.startsWith("janus."))),
        ended: s.ended
      }))
  return { tracer, spans, janusSpans }
}

describe("spans of Janus requests", generous, () => {
  it.scoped("create → attach → message, then claim → message: one span per request, with the Janus ids", () =>
    Effect.gen(function* () {
      const { janusSpans, tracer } = recordingTracer()
      const { server, transport } = yield* InMemoryTransport.make()
      yield* server.serve(InMemoryTransport.fakeJanus())
      const traced = <A, E>(effect: Effect.Effect<A, E, JanusTransport>) =>
        effect.pipe(Effect.provideService(JanusTransport, transport), Effect.withTracer(tracer))
      const ids = yield* traced(
        Effect.scoped(
          Effect.gen(function* () {
            const session = yield* Session.make({ keepAlive: false, onClose: "abandon" })
            const handle = yield* session.attach("janus.plugin.echotest")
            yield* handle.message({ audio: true })
            return { sessionId: session.id, handleId: handle.id }
          }).pipe(Effect.withSpan("app.first"))
        )
      )
      yield* traced(
        Effect.scoped(
          Effect.gen(function* () {
            const session = yield* Session.make({ sessionId: ids.sessionId, keepAlive: false, onClose: "abandon" })
            const handle = yield* session.reattach("janus.plugin.echotest", ids.handleId)
            yield* handle.message({ again: true })
          }).pipe(Effect.withSpan("app.second"))
        )
      )
      const spans = janusSpans()
      const transaction = expect.stringMatching(/.+/)
      expect(spans).toEqual([
        {
          name: "janus.create",
          parent: "Session.make",
          attributes: { "janus.session_id": ids.sessionId, "janus.transaction": transaction },
          ended: true
        },
        {
          name: "janus.attach",
          parent: "app.first",
          attributes: {
            "janus.session_id": ids.sessionId,
            "janus.plugin": "janus.plugin.echotest",
            "janus.handle_id": ids.handleId,
            "janus.transaction": transaction
          },
          ended: true
        },
        {
          name: "janus.message",
          parent: "app.first",
          attributes: {
            "janus.session_id": ids.sessionId,
            "janus.handle_id": ids.handleId,
            "janus.plugin": "janus.plugin.echotest",
            "janus.transaction": transaction
          },
          ended: true
        },
        {
          name: "janus.claim",
          parent: "Session.make",
          attributes: { "janus.session_id": ids.sessionId, "janus.transaction": transaction },
          ended: true
        },
        {
          name: "janus.message",
          parent: "app.second",
          attributes: {
            "janus.session_id": ids.sessionId,
            "janus.handle_id": ids.handleId,
            "janus.plugin": "janus.plugin.echotest",
            "janus.transaction": transaction
          },
          ended: true
        }
      ])
      // Each request has its own transaction.
      expect(new Set(spans.map((s) => s.attributes["janus.transaction"])).size).toBe(spans.length)
    })
  )
})
