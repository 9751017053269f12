/**
 * Branded identifiers of the Janus API.
 *
 * Janus draws session and handle ids at random and, since 0.x, keeps them within the JavaScript safe-integer
 * range (`janus_random_uint64` in `src/utils.c`, used by `src/janus.c` for `create` and `attach`), so they are
 * carried as numbers and checked with `Number.isSafeInteger`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A Janus session id: a positive safe integer (1 … 2^53 − 1), as returned by `create` in `data.id`
 * or named in `claim` (Janus docs: "The Janus API › Sessions").
 *
 * @since 0.1.0
 * @category models
 */
export const SessionId = Schema.Number.pipe(Schema.int(), Schema.positive(), Schema.brand("SessionId"))
/**
 * The decoded type of {@link SessionId}.
 *
 * @since 0.1.0
 * @category models
 */
export type SessionId = typeof SessionId.Type

/**
 * A plugin handle id: a positive safe integer (1 … 2^53 − 1), as returned by `attach` in `data.id` and named
 * as `sender` on the handle's async messages (Janus docs: "The Janus API › Plugin handles").
 *
 * @since 0.1.0
 * @category models
 */
export const HandleId = Schema.Number.pipe(Schema.int(), Schema.positive(), Schema.brand("HandleId"))
/**
 * The decoded type of {@link HandleId}.
 *
 * @since 0.1.0
 * @category models
 */
export type HandleId = typeof HandleId.Type

/**
 * Brands a number as a {@link SessionId}. Throws a `ParseError` when it is not a positive safe integer,
 * so use it only on ids that are known good (configuration, tests); decode untrusted input with the schema.
 *
 * @since 0.1.0
 * @category constructors
 */
export const sessionId: (n: number) => SessionId = Schema.decodeSync(SessionId)

/**
 * Brands a number as a {@link HandleId}. Throws a `ParseError` when it is not a positive safe integer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const handleId: (n: number) => HandleId = Schema.decodeSync(HandleId)

/**
 * True when a value is a valid {@link SessionId} (a positive safe integer).
 *
 * @since 0.1.0
 * @category guards
 */
export const isSessionId: (u: unknown) => u is SessionId = Schema.is(SessionId)

/**
 * True when a value is a valid {@link HandleId} (a positive safe integer).
 *
 * @since 0.1.0
 * @category guards
 */
export const isHandleId: (u: unknown) => u is HandleId = Schema.is(HandleId)
