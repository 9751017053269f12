/**
 * A `KeyValueStore` over `@effect/platform` `FileSystem`: one file per key, written atomically with
 * user-only permissions. Private: `SessionStore.layerFileSystem` builds on it.
 *
 * @internal
 */
import * as PlatformError from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as KeyValueStore from "@effect/platform/KeyValueStore"
import * as Path from "@effect/platform/Path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"

/** Mode of the directory when this store creates it: owner only. */
export const directoryMode = 0o700
/** Mode of every file this store writes: owner read/write only. */
export const fileMode = 0o600
/** Longest encoded file name; leaves room for the temp file's dot and suffix within NAME_MAX (255). */
const maxNameLength = 200

/**
 * Encodes a key as a file name that is safe on every common file system, and injective even where names are
 * case-insensitive: `[a-z0-9-]` stay, an upper-case ASCII letter becomes `_` + the letter in lower case, any
 * other ASCII character `%` + two hex digits, any other UTF-16 code unit `~` + four hex digits (so even a lone
 * surrogate keeps its own name). A name never starts with `.` (temp files do), never holds a path separator, and
 * "Alice" and "alice" stay two files on macOS and Windows.
 */
export const fileName = (key: string): string => {
  let name = ""
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!
    const code = key.charCodeAt(i)
    if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "-") name += c
    else if (c >= "A" && c <= "Z") name += `_${c.toLowerCase()}`
    else if (code < 0x80) name += `%${code.toString(16).toUpperCase().padStart(2, "0")}`
    else name += `~${code.toString(16).toUpperCase().padStart(4, "0")}`
  }
  return name
}

/** True for names this store writes as temp files (`.<name>.<random>.tmp`), which hold no key. */
export const isTempFile = (name: string): boolean => name.startsWith(".")

const badKey = (method: string, description: string) =>
  new PlatformError.BadArgument({ module: "KeyValueStore", method, description })

/**
 * The store over `directory`, created (recursively, mode `0o700`) when missing; an existing directory is used
 * as it is. `set` writes `.<name>.<random>.tmp` in the same directory (created exclusively, mode `0o600`,
 * flushed with `fsync`) and renames it over the target, so a reader, a concurrent writer or a crash never sees
 * a half-written value; the temp file is removed when the write fails or is interrupted. `get` of a missing
 * file is none; `remove` of a missing file succeeds. An empty key, or one whose file name would be longer than
 * 200 characters, fails with `BadArgument`.
 */
export const make = (
  directory: string
): Effect.Effect<KeyValueStore.KeyValueStore, PlatformError.PlatformError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    if (!(yield* fs.exists(directory))) {
      yield* fs.makeDirectory(directory, { recursive: true, mode: directoryMode })
    }

    const withPath = <A>(
      method: string,
      key: string,
      f: (file: string, name: string) => Effect.Effect<A, PlatformError.PlatformError>
    ): Effect.Effect<A, PlatformError.PlatformError> => {
      const name = fileName(key)
      if (name.length === 0) return Effect.fail(badKey(method, "Key must not be empty"))
      if (name.length > maxNameLength) {
        return Effect.fail(badKey(method, `Key too long: its file name would exceed ${maxNameLength} characters`))
      }
      return f(path.join(directory, name), name)
    }

    const orNone = <A>(effect: Effect.Effect<A, PlatformError.PlatformError>) =>
      effect.pipe(
        Effect.asSome,
        Effect.catchIf(
          (e) => e._tag === "SystemError" && e.reason === "NotFound",
          () => Effect.succeedNone
        )
      )

    const writeAtomically = (target: string, name: string, value: string) =>
      Effect.gen(function* () {
        const suffix = (yield* Random.nextIntBetween(0, Number.MAX_SAFE_INTEGER)).toString(36)
        const temp = path.join(directory, `.${name}.${suffix}.tmp`)
        const bytes = new TextEncoder().encode(value)
        // `writeAll` of nothing fails with `WriteZero`: an empty value is just the empty file.
        const write = Effect.scoped(
          Effect.flatMap(fs.open(temp, { flag: "wx", mode: fileMode }), (file) =>
            Effect.zipRight(bytes.length > 0 ? file.writeAll(bytes) : Effect.void, file.sync)
          )
        )
        yield* Effect.zipRight(write, fs.rename(temp, target)).pipe(
          Effect.onError(() => Effect.ignore(fs.remove(temp, { force: true })))
        )
      })

    const keyFiles = Effect.map(fs.readDirectory(directory), (names) => names.filter((n) => !isTempFile(n)))

    return KeyValueStore.makeStringOnly({
      get: (key) => withPath("get", key, (file) => orNone(fs.readFileString(file))),
      set: (key, value) => withPath("set", key, (file, name) => writeAtomically(file, name, value)),
      remove: (key) => withPath("remove", key, (file) => fs.remove(file, { force: true })),
      has: (key) => withPath("has", key, (file) => fs.exists(file)),
      clear: Effect.flatMap(keyFiles, (names) =>
        Effect.forEach(names, (n) => fs.remove(path.join(directory, n), { force: true }), { discard: true })
      ),
      size: Effect.map(keyFiles, (names) => names.length)
    })
  })

/** {@link make} as a Layer providing `KeyValueStore`. */
export const layer = (
  directory: string
): Layer.Layer<KeyValueStore.KeyValueStore, PlatformError.PlatformError, FileSystem.FileSystem | Path.Path> =>
  Layer.effect(KeyValueStore.KeyValueStore, make(directory))
