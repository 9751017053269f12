/**
 * The session store: per key, the server a session lives on, its id and its plugin handles, so that a new
 * process can resume them (`claim` the session, re-bind the handles) after a restart. A service over
 * `@effect/platform` `KeyValueStore`, with layers for Node (one file per key), browsers (`localStorage` /
 * `sessionStorage`) and memory.
 *
 * @since 0.2.0
 */
import type * as PlatformError from "@effect/platform/Error"
import type * as FileSystem from "@effect/platform/FileSystem"
import * as KeyValueStore from "@effect/platform/KeyValueStore"
import type * as Path from "@effect/platform/Path"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { LazyArg } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { HandleId, SessionId } from "./Ids.js"
import * as fileStore from "./internal/fileStore.js"

/**
 * One plugin handle as stored: the plugin's package name (e.g. `janus.plugin.echotest`), the handle id (a
 * positive safe integer) and the `opaque_id` it was attached with, if any.
 *
 * @since 0.2.0
 * @category models
 */
export const StoredHandle = Schema.Struct({
  plugin: Schema.String,
  handleId: HandleId,
  opaqueId: Schema.optional(Schema.String)
})
/**
 * The decoded type of {@link StoredHandle}.
 *
 * @since 0.2.0
 * @category models
 */
export type StoredHandle = typeof StoredHandle.Type

/**
 * One session as stored: the server it lives on (the transport URL; a resume claims the session only on the
 * same server), its id (a positive safe integer) and its handles. Stored as JSON, e.g.
 * `{"server":"ws://localhost:8188","sessionId":123,"handles":[{"plugin":"janus.plugin.echotest","handleId":456}]}`.
 *
 * @since 0.2.0
 * @category models
 */
export const StoredSession = Schema.Struct({
  server: Schema.String,
  sessionId: SessionId,
  handles: Schema.Array(StoredHandle)
})
/**
 * The decoded type of {@link StoredSession}.
 *
 * @since 0.2.0
 * @category models
 */
export type StoredSession = typeof StoredSession.Type

/**
 * Why a store operation failed.
 * - `read`: the underlying store could not be read (a file system or `Storage` error);
 * - `write`: it could not be written or removed (including a key too long for a file name);
 * - `decode`: the stored value is not a `StoredSession` (not JSON, a missing field, an id that is not a positive
 *   safe integer, …).
 *
 * @since 0.2.0
 * @category errors
 */
export const SessionStoreErrorReason = Schema.Literal("read", "write", "decode")
/**
 * The decoded type of {@link SessionStoreErrorReason}.
 *
 * @since 0.2.0
 * @category errors
 */
export type SessionStoreErrorReason = typeof SessionStoreErrorReason.Type

/**
 * A session store operation failed for `key`; the underlying `PlatformError` or `ParseError` is the `cause`.
 *
 * @since 0.2.0
 * @category errors
 */
export class SessionStoreError extends Schema.TaggedError<SessionStoreError>("@effect-janus/SessionStoreError")(
  "SessionStoreError",
  {
    reason: SessionStoreErrorReason,
    key: Schema.String,
    message: Schema.String,
    cause: Schema.optional(Schema.Defect)
  }
) {}

/**
 * The session store service: where `Session.resume` keeps, per key, the server URL, the session id and each handle's
 * plugin, id and opaque id, so that a new process can claim the session and re-bind its handles. Layers over
 * `@effect/platform` `KeyValueStore`: in memory, Web Storage (`localStorage`), or a file written atomically with user-
 * only permissions.
 *
 * @since 0.2.0
 * @category models
 */
export interface SessionStore {
  /**
   * The session stored under `key`, or none when there is none. Fails with `SessionStoreError` `read` when the
   * store cannot be read, and `decode` when the stored value is not a valid `StoredSession` (corrupted JSON, an
   * id that is not a positive safe integer): resuming by key treats that like a missing record and creates a
   * new session.
   */
  readonly get: (key: string) => Effect.Effect<Option.Option<StoredSession>, SessionStoreError>
  /**
   * Stores `session` under `key`, replacing what was there. Fails with `SessionStoreError` `write`.
   */
  readonly set: (key: string, session: StoredSession) => Effect.Effect<void, SessionStoreError>
  /**
   * Removes the record under `key`; removing a missing record succeeds. Fails with `SessionStoreError` `write`.
   */
  readonly remove: (key: string) => Effect.Effect<void, SessionStoreError>
}

/**
 * The `SessionStore` Tag, provided by {@link layer} and the layers over a concrete store.
 *
 * @since 0.2.0
 * @category tags
 */
export const SessionStore: Context.Tag<SessionStore, SessionStore> =
  Context.GenericTag<SessionStore>("@effect-janus/SessionStore")

/**
 * The prefix of every key in the underlying `KeyValueStore`, so that the sessions can share a store with
 * other data.
 *
 * @since 0.2.0
 * @category constants
 */
export const keyPrefix = "effect-janus/session/"

const Json = Schema.parseJson(StoredSession)
const decode = Schema.decodeUnknown(Json)
const encode = Schema.encode(Json)

const fail =
  (reason: SessionStoreErrorReason, key: string) => (cause: PlatformError.PlatformError | ParseResult.ParseError) =>
    new SessionStoreError({
      reason,
      key,
      message: `Session store ${reason} failed for key "${key}": ${
        ParseResult.isParseError(cause) ? ParseResult.TreeFormatter.formatErrorSync(cause) : cause.message
      }`,
      cause
    })

/**
 * Builds the store over the `KeyValueStore` in context. Keys are prefixed with {@link keyPrefix}; values are
 * the JSON encoding of {@link StoredSession}.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make: Effect.Effect<SessionStore, never, KeyValueStore.KeyValueStore> = Effect.map(
  KeyValueStore.KeyValueStore,
  (kv) => {
    const store = KeyValueStore.prefix(kv, keyPrefix)
    return SessionStore.of({
      get: (key) =>
        store.get(key).pipe(
          Effect.mapError(fail("read", key)),
          Effect.flatMap(
            Option.match({
              onNone: () => Effect.succeedNone,
              onSome: (json) => Effect.asSome(Effect.mapError(decode(json), fail("decode", key)))
            })
          )
        ),
      set: (key, session) =>
        encode(session).pipe(
          Effect.flatMap((json) => store.set(key, json)),
          Effect.mapError(fail("write", key))
        ),
      remove: (key) => Effect.mapError(store.remove(key), fail("write", key))
    })
  }
)

/**
 * {@link make} as a Layer over the `KeyValueStore` in context.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<SessionStore, never, KeyValueStore.KeyValueStore> = Layer.effect(SessionStore, make)

/**
 * The store in memory (`KeyValueStore.layerMemory`): lives as long as the layer; for tests and for hand-offs
 * within one process.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerMemory: Layer.Layer<SessionStore> = Layer.provide(layer, KeyValueStore.layerMemory)

/**
 * The part of the Web Storage API (`Storage`) the browser store uses; `localStorage` and `sessionStorage`
 * satisfy it. (Declared here because the core is compiled without the DOM library.)
 *
 * @since 0.2.0
 * @category models
 */
export interface StorageLike {
  readonly length: number
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
  clear(): void
}

/**
 * The store in a browser's Web Storage (`KeyValueStore.layerStorage`): `() => localStorage` survives a page
 * reload and a browser restart, `() => sessionStorage` only a reload of the same tab. A `Storage` that throws
 * (quota exceeded, storage disabled) fails the operation with `SessionStoreError` `read` or `write`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerStorage = (storage: LazyArg<StorageLike>): Layer.Layer<SessionStore> =>
  Layer.provide(layer, KeyValueStore.layerStorage(storage))

/**
 * The store on the file system, for Node (provide `NodeContext.layer`, or `NodeFileSystem.layer` and
 * `NodePath.layer`): one file per key in `directory`, which is created with mode `0o700` when missing (an
 * existing directory is used as it is). The file name encodes the key safely (`[a-z0-9-]` kept, other
 * characters escaped; distinct even on case-insensitive file systems). The encoded key may take up to 175
 * characters (a lower-case ASCII letter, digit or `-` takes 1, an upper-case one 2, other ASCII 3, any other
 * UTF-16 code unit 5); a longer key fails with `SessionStoreError` `read` / `write`.
 *
 * Writes are atomic with user-only permissions: the value goes to a new temp file in the same directory
 * (`.<name>.<random>.tmp`, created exclusively with mode `0o600`, flushed with `fsync`) that is then renamed
 * over the target, so a reader, a concurrent writer or a killed process never sees a half-written record (the
 * directory itself is not flushed, so after a power loss the previous record may come back); a failed or
 * interrupted write removes its temp file. `remove` deletes the file (a missing one is fine) and a
 * missing file reads as none. Building the layer fails with the `PlatformError` of creating the directory.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerFileSystem = (
  directory: string
): Layer.Layer<SessionStore, PlatformError.PlatformError, FileSystem.FileSystem | Path.Path> =>
  Layer.provide(layer, fileStore.layer(directory))
