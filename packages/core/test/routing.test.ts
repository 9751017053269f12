import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Stream } from "effect"
import type { JanusSession, PluginHandle, Protocol } from "../src/index.js"
import { handleNoise, interleave } from "./arbitraries.js"
import { attachHandle, expectRequest, generous, joinNow, openSession, runs, scripted, settle } from "./support.js"

const plan = fc.record({
  sessions: fc.integer({ min: 1, max: 3 }),
  handlesPerSession: fc.integer({ min: 1, max: 3 }),
  messages: fc.array(
    fc.record({
      target: fc.nat(),
      mode: fc.constantFrom("async" as const, "sync" as const),
      ackKey: fc.nat(),
      eventKey: fc.nat()
    }),
    { minLength: 1, maxLength: 30 }
  ),
  // `target` picks a handle, or (one past the handles) an unknown handle of session `session`, or (two past)
  // an unknown session.
  noise: fc.array(fc.record({ target: fc.nat(), session: fc.nat(), key: fc.nat(), message: handleNoise }), {
    maxLength: 20
  })
})

/** A frame the server pushes: a reply or an async message, all with `session_id`. */
interface Frame {
  readonly janus: string
  readonly session_id: number
  readonly sender?: number | undefined
  readonly [key: string]: unknown
}

/** What a message looks like after the trip through JSON (undefined fields gone). */
const normal = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe("per-handle routing", generous, () => {
  it.scoped.prop(
    "concurrent messages on several handles and sessions each get their own answer; events reach only their handle",
    { plan },
    ({ plan }) =>
      scripted((mem) =>
        Effect.gen(function* () {
          const sessions: Array<JanusSession> = []
          const handles: Array<PluginHandle> = []
          for (let s = 0; s < plan.sessions; s++) {
            const session = yield* openSession(mem, 100 + s, { keepAlive: false })
            sessions.push(session)
            for (let h = 0; h < plan.handlesPerSession; h++) {
              handles.push(yield* attachHandle(mem, session, 1000 + 10 * s + h, `janus.plugin.p${h}`))
            }
          }

          const handleSeen = handles.map(() => [] as Array<Protocol.HandleMessage>)
          const sessionSeen = sessions.map(() => [] as Array<Protocol.AsyncMessage>)
          for (const [i, handle] of handles.entries()) {
            yield* Effect.fork(Stream.runForEach(handle.events, (m) => Effect.sync(() => handleSeen[i]!.push(m))))
          }
          for (const [i, session] of sessions.entries()) {
            yield* Effect.fork(Stream.runForEach(session.events, (m) => Effect.sync(() => sessionSeen[i]!.push(m))))
          }
          yield* settle

          const targetOf = (i: number) => handles[plan.messages[i]!.target % handles.length]!
          const sending = yield* Effect.fork(
            Effect.forEach(plan.messages, (_, i) => targetOf(i).message({ n: i }), { concurrency: "unbounded" })
          )
          const transactions = new Map<number, string>()
          for (let k = 0; k < plan.messages.length; k++) {
            const request = yield* expectRequest(mem.server, "message")
            const n = request.body.n as number
            const target = targetOf(n)
            expect([request.session_id, request.handle_id]).toEqual([target.sessionId, target.id])
            transactions.set(n, request.transaction)
          }
          expect(transactions.size).toBe(plan.messages.length)

          const frames = interleave<Frame>([
            ...plan.messages.flatMap((m, n): Array<readonly [number, Frame]> => {
              const target = targetOf(n)
              const transaction = transactions.get(n)!
              const session_id = target.sessionId
              const plugindata = { plugin: target.plugin, data: { n } }
              if (m.mode === "sync") {
                return [
                  [m.ackKey, { janus: "success", session_id, sender: target.id, transaction, plugindata }] as const
                ]
              }
              return [
                [m.ackKey, { janus: "ack", session_id, transaction }] as const,
                [m.eventKey, { janus: "event", session_id, sender: target.id, transaction, plugindata }] as const
              ]
            }),
            ...plan.noise.map(({ key, message, session, target }) => {
              const slot = target % (handles.length + 2)
              const handle = handles[slot]
              const frame =
                handle !== undefined
                  ? { ...message, session_id: handle.sessionId, sender: handle.id }
                  : slot === handles.length
                    ? { ...message, session_id: sessions[session % sessions.length]!.id, sender: 9999 }
                    : { ...message, session_id: 424242 }
              return [key, frame as Frame] as const
            })
          ])
          for (const frame of frames) yield* mem.server.push(frame)

          const answers = yield* joinNow(sending)
          answers.forEach((answer, n) => {
            expect(answer).toEqual({
              kind: plan.messages[n]!.mode === "async" ? "event" : "success",
              plugin: targetOf(n).plugin,
              data: { n }
            })
          })
          yield* settle

          // Each subscriber saw exactly its own messages, in arrival order.
          const asyncFrames = frames.filter((f) => f.janus !== "ack" && f.janus !== "success")
          for (const [i, handle] of handles.entries()) {
            const expected = asyncFrames.filter((f) => f.sender === handle.id && f.session_id === handle.sessionId)
            expect(handleSeen[i]!.every((m) => m.sender === handle.id && m.session_id === handle.sessionId)).toBe(true)
            expect(normal(handleSeen[i])).toEqual(normal(expected))
          }
          for (const [i, session] of sessions.entries()) {
            const expected = asyncFrames.filter((f) => f.session_id === session.id)
            expect(sessionSeen[i]!.every((m) => m.session_id === session.id)).toBe(true)
            expect(normal(sessionSeen[i])).toEqual(normal(expected))
          }
        })
      ),
    runs(40)
  )
})
