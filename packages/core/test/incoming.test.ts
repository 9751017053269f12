import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc } from "effect"
import { Protocol } from "../src/index.js"
import { fastIncoming } from "../src/internal/incoming.js"

/** Valid hot frames (from the schemas) with fields dropped, retyped or added at random. */
const value = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.constant([]),
  fc.dictionary(fc.constantFrom("id", "plugin", "data", "x"), fc.oneof(fc.integer(), fc.string(), fc.object()))
)
const hot = fc.oneof(
  Arbitrary.make(Protocol.Ack),
  Arbitrary.make(Protocol.Success),
  Arbitrary.make(Protocol.PluginEvent),
  Arbitrary.make(Protocol.Detached),
  Arbitrary.make(Protocol.Incoming)
)
const mutated = fc
  .tuple(
    hot,
    fc.array(
      fc.tuple(
        fc.constantFrom("janus", "transaction", "session_id", "sender", "data", "plugindata", "jsep", "hint", "extra"),
        fc.option(value, { nil: undefined })
      ),
      { maxLength: 3 }
    )
  )
  .map(([frame, edits]) => {
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(frame))
    for (const [key, v] of edits) {
      if (v === undefined) delete copy[key]
      else copy[key] = v
    }
    return JSON.parse(JSON.stringify(copy)) as unknown
  })

describe("the hot-path frame check", () => {
  it("accepts a frame only when the schema does, and then returns the frame (the schema's fields are the same)", () =>
    fc.assert(
      fc.property(mutated, (json) => {
        const fast = fastIncoming(json)
        const decoded = Protocol.decodeIncoming(json)
        if (fast !== undefined) {
          expect(Either.isRight(decoded)).toBe(true)
          // The schema's output is the frame without its extra fields.
          if (Either.isRight(decoded)) expect(fast).toMatchObject(decoded.right)
          expect(fast).toBe(json)
        }
      }),
      { numRuns: 3000 }
    ))

  it("takes the common frames: acks, successes, plugin events without jsep and detached", () => {
    expect(fastIncoming({ janus: "ack", session_id: 1, transaction: "t" })).toBeDefined()
    expect(fastIncoming({ janus: "success", transaction: "t", data: { id: 7 } })).toBeDefined()
    const event = { janus: "event", session_id: 1, sender: 2, transaction: "t", plugindata: { plugin: "p", data: {} } }
    expect(fastIncoming(event)).toBeDefined()
    expect(fastIncoming({ ...event, jsep: { type: "offer", sdp: "v=0" } })).toBeUndefined()
    expect(fastIncoming({ ...event, sender: 0 })).toBeUndefined()
    expect(fastIncoming({ janus: "detached", session_id: 1, sender: 2 })).toBeDefined()
    expect(fastIncoming({ janus: "detached", session_id: 1, sender: "2" })).toBeUndefined()
  })
})
