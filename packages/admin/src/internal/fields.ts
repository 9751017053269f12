/**
 * Building blocks of the Admin request and reply schemas.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/** A field named `key` on the wire and `camelCase` in TypeScript. */
export const wire = <S extends Schema.Schema.All>(key: string, schema: S) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/** An optional field named `key` on the wire. */
export const optionalWire = <S extends Schema.Schema.All>(key: string, schema: S) =>
  Schema.optional(schema).pipe(Schema.fromKey(key))

/** A Janus session or handle id: a positive safe integer (1 … 2^53 − 1). */
export const Id = Schema.Int.pipe(Schema.positive())

/** `sessionId` → `session_id`. */
export const sessionId = wire("session_id", Id)

/** `handleId` → `handle_id`. */
export const handleId = wire("handle_id", Id)

/** Any JSON object, kept as it is. */
export const Json = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** A struct whose listed fields are typed and whose other fields are kept as unknown values. */
export const open = <Fields extends Schema.Struct.Fields>(fields: Fields) => Schema.Struct(fields, Json)

/** A stored token: a plain string or a `Redacted` one in TypeScript, a string on the wire. */
export const Token = Schema.Union(Schema.Redacted(Schema.String), Schema.String)

/** Non-negative integer. */
export const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())
