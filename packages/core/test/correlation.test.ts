import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, LogLevel } from "effect"
import { Ids, type Protocol } from "../src/index.js"
import { type Garbage, garbage, interleave } from "./arbitraries.js"
import { captureLogs, decodeWarnings, expectRequest, generous, joinNow, linesWith, memory, runs } from "./support.js"

type ReplyKind = "ack" | "success" | "error"

const replyFor = (kind: ReplyKind, request: { readonly transaction: string; readonly session_id: number }) => {
  const { session_id, transaction } = request
  switch (kind) {
    case "ack":
      return { janus: "ack", session_id, transaction }
    case "success":
      return { janus: "success", session_id, transaction }
    case "error":
      return { janus: "error", session_id, transaction, error: { code: 458, reason: `No such session ${session_id}` } }
  }
}

const plan = fc.integer({ min: 1, max: 50 }).chain((n) =>
  fc.record({
    requests: fc.array(
      fc.record({
        kind: fc.constantFrom<ReplyKind>("ack", "success", "error"),
        key: fc.nat(),
        duplicateKey: fc.option(fc.nat(), { nil: undefined })
      }),
      { minLength: n, maxLength: n }
    ),
    // Session ids 1…50 are the requests'; garbage async messages name other sessions.
    garbage: fc.array(fc.tuple(fc.nat(), garbage(51)), { maxLength: 40 })
  })
)

type Frame = { readonly kind: "reply"; readonly index: number } | Garbage

const count = (items: ReadonlyArray<Garbage>, kind: Garbage["kind"]) => items.filter((g) => g.kind === kind).length

describe("correlation", generous, () => {
  it.scoped.prop(
    "concurrent requests answered in any order, among garbage, each resolve once with their own reply",
    { plan },
    ({ plan }) => {
      const logs = captureLogs(LogLevel.Debug)
      return Effect.gen(function* () {
        const { server, transport } = yield* memory()
        const n = plan.requests.length
        const sending = yield* Effect.forEach(
          plan.requests,
          (_, i) => transport.send({ janus: "keepalive", session_id: Ids.sessionId(i + 1) }),
          { concurrency: "unbounded" }
        ).pipe(Effect.fork)

        const seen = new Map<number, Protocol.WireRequest & { readonly janus: "keepalive" }>()
        for (let i = 0; i < n; i++) {
          const request = yield* expectRequest(server, "keepalive")
          seen.set(request.session_id, request)
        }
        expect(seen.size).toBe(n)
        expect(new Set([...seen.values()].map((r) => r.transaction)).size).toBe(n)

        const frames = interleave<Frame>([
          ...plan.requests.flatMap((r, index) => {
            const reply = [r.key, { kind: "reply", index }] as const
            return r.duplicateKey === undefined ? [reply] : [reply, [r.duplicateKey, { kind: "reply", index }] as const]
          }),
          ...plan.garbage
        ])
        for (const frame of frames) {
          if (frame.kind === "reply") {
            const request = seen.get(frame.index + 1)!
            yield* server.push(replyFor(plan.requests[frame.index]!.kind, request))
          } else {
            yield* server.push(frame.frame)
          }
        }

        const replies = yield* joinNow(sending)
        replies.forEach((reply, i) => {
          expect(reply).toEqual(replyFor(plan.requests[i]!.kind, seen.get(i + 1)!))
        })

        // Every garbage frame was logged for what it is; every second copy of a reply found nobody waiting.
        const garbageFrames = plan.garbage.map(([, g]) => g)
        const duplicates = plan.requests.filter((r) => r.duplicateKey !== undefined).length
        expect(decodeWarnings(logs.entries).length).toBe(
          count(garbageFrames, "non-json") + count(garbageFrames, "not-janus")
        )
        expect(linesWith(logs.entries, "WARN", "unknown transaction").length).toBe(
          count(garbageFrames, "unknown-transaction") + duplicates
        )
        expect(linesWith(logs.entries, "DEBUG", "without a listener").length).toBe(
          count(garbageFrames, "unknown-session")
        )

        // The connection is still usable.
        expect((yield* transport.connection.get)._tag).toBe("Connected")
        const ping = yield* Effect.fork(transport.send({ janus: "ping" }))
        const request = yield* expectRequest(server, "ping")
        yield* server.push({ janus: "pong", transaction: request.transaction })
        expect(yield* joinNow(ping)).toEqual({ janus: "pong", transaction: request.transaction })
      }).pipe(Effect.provide(logs.layer))
    },
    runs(60)
  )
})
