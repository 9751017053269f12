/**
 * FastCheck arbitraries for frames a client may receive: garbage of several kinds, and protocol messages made
 * with `Arbitrary.make` from the core's own schemas.
 */
import { Arbitrary, Either, FastCheck as fc } from "effect"
import { Protocol } from "../src/index.js"

const roundTrips = (value: unknown): boolean =>
  Either.isRight(Protocol.decodeIncoming(JSON.parse(JSON.stringify(value))))

/** Strings that `JSON.parse` rejects. */
export const nonJson: fc.Arbitrary<string> = fc.oneof(
  fc.string().filter((text) => {
    try {
      JSON.parse(text)
      return false
    } catch {
      return true
    }
  }),
  fc.constantFrom("{", "{not json", "<html>", "", "[1,", '{"janus":"ack"')
)

/** JSON text that parses but is no Janus message (the schema rejects it). */
export const notJanus: fc.Arbitrary<string> = fc.oneof(
  fc
    .jsonValue()
    .map((value) => JSON.stringify(value))
    .filter((text) => Either.isLeft(Protocol.decodeIncoming(JSON.parse(text)))),
  fc.constantFrom(
    "null",
    "[]",
    '"text"',
    "42",
    '{"janus":"success"}',
    '{"janus":"ack","transaction":42}',
    '{"janus":"keepalive"}',
    '{"janus":"event","session_id":1,"sender":2}',
    '{"janus":"error","transaction":"t","error":{"code":"458"}}',
    '{"janus":"timeout","session_id":-1}'
  )
)

/** A reply (any kind, made from the schema) whose transaction no request ever had. */
export const unknownReply: fc.Arbitrary<Protocol.Reply> = Arbitrary.make(Protocol.Reply)
  .map((reply) => ({ ...reply, transaction: `unknown:${reply.transaction ?? ""}` }))
  .filter(roundTrips)

/** An async message (any kind, made from the schema) that survives JSON and decodes again. */
export const asyncMessage: fc.Arbitrary<Protocol.AsyncMessage> = Arbitrary.make(Protocol.AsyncMessage).filter(
  roundTrips
)

/** A handle message other than `detached` (which would end the handle), without a transaction. */
export const handleNoise: fc.Arbitrary<Protocol.HandleMessage> = Arbitrary.make(Protocol.HandleMessage)
  .filter((message) => message.janus !== "detached")
  .map((message) => (message.janus === "event" ? { ...message, transaction: undefined } : message))
  .filter(roundTrips)

/** A garbage frame, tagged with what the transport must do with it. */
export type Garbage =
  | { readonly kind: "non-json"; readonly frame: string }
  | { readonly kind: "not-janus"; readonly frame: string }
  | { readonly kind: "unknown-transaction"; readonly frame: Protocol.Reply }
  | { readonly kind: "unknown-session"; readonly frame: Protocol.AsyncMessage }

/** Garbage for a transport whose sessions all have ids below `firstForeign`. */
export const garbage = (firstForeign = 1): fc.Arbitrary<Garbage> =>
  fc.oneof(
    nonJson.map((frame) => ({ kind: "non-json", frame }) as const),
    notJanus.map((frame) => ({ kind: "not-janus", frame }) as const),
    unknownReply.map((frame) => ({ kind: "unknown-transaction", frame }) as const),
    asyncMessage
      .filter((frame) => frame.session_id >= firstForeign)
      .map((frame) => ({ kind: "unknown-session", frame }) as const)
  )

/** Sorts items by a generated key (stable): a FastCheck-driven interleaving. */
export const interleave = <A>(items: ReadonlyArray<readonly [key: number, item: A]>): Array<A> =>
  items
    .map(([key, item], index) => ({ key, index, item }))
    .sort((a, b) => a.key - b.key || a.index - b.index)
    .map(({ item }) => item)
