import * as FileSystem from "@effect/platform/FileSystem"
import * as KeyValueStore from "@effect/platform/KeyValueStore"
import * as Path from "@effect/platform/Path"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it, layer } from "@effect/vitest"
import { Arbitrary, Context, Effect, Exit, FastCheck, Layer, Option, Ref } from "effect"
import { handleId, sessionId } from "../src/Ids.js"
import * as fileStore from "../src/internal/fileStore.js"
import * as SessionStore from "../src/SessionStore.js"

const record = (n: number, server = "ws://127.0.0.1:8188"): SessionStore.StoredSession => ({
  server,
  sessionId: sessionId(n),
  handles: [
    { plugin: "janus.plugin.echotest", handleId: handleId(n + 1), opaqueId: `opaque-${n}` },
    { plugin: "janus.plugin.videoroom", handleId: handleId(n + 2) }
  ]
})

/** A small in-memory Web Storage, as `localStorage` behaves; `failing` makes every call throw (quota, disabled). */
class MemoryStorage implements SessionStore.StorageLike {
  readonly items = new Map<string, string>()
  failing = false
  get length() {
    this.check()
    return this.items.size
  }
  getItem(key: string) {
    this.check()
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string) {
    this.check()
    this.items.set(key, String(value))
  }
  removeItem(key: string) {
    this.check()
    this.items.delete(key)
  }
  clear() {
    this.check()
    this.items.clear()
  }
  private check() {
    if (this.failing) throw new Error("QuotaExceededError")
  }
}

/** A fresh temp directory, removed when the layer closes; the store's own directory is a missing child of it. */
class TempDir extends Context.Tag("TempDir")<TempDir, string>() {}
const TempDirLive = Layer.scoped(
  TempDir,
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.makeTempDirectoryScoped({ prefix: "effect-janus-store-" }))
)
const storeDir = Effect.zipWith(TempDir, Path.Path, (dir, path) => path.join(dir, "sessions"))

/** The file path of `key`'s record, as the file store names it. */
const recordPath = (key: string) => Effect.zipWith(storeDir, Path.Path, (dir, path) => path.join(dir, fileOf(key)))

/** The name of `key`'s record file. */
const fileOf = (key: string) => fileStore.fileName(SessionStore.keyPrefix + key)

/** Runs `effect`, then lists (sorted) the files it left in the store's directory that were not there before. */
const filesAddedBy = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* storeDir
    const before = yield* fs.readDirectory(dir)
    yield* effect
    return (yield* fs.readDirectory(dir)).filter((n) => !before.includes(n)).sort()
  })

const failureOf = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.flatMap(Effect.exit(effect), (exit) =>
    Exit.isFailure(exit) && exit.cause._tag === "Fail" ? Effect.succeed(exit.cause.error) : Effect.die(exit)
  )

/** What every store must do; `layer` provides the store and the raw `KeyValueStore` beneath it. */
const contract = <E>(
  name: string,
  storeLayer: Layer.Layer<SessionStore.SessionStore | KeyValueStore.KeyValueStore, E>
) =>
  layer(storeLayer)(name, (it) => {
    it.effect("set then get returns the record; a missing key is none", () =>
      Effect.gen(function* () {
        const store = yield* SessionStore.SessionStore
        expect(yield* store.get("a")).toEqual(Option.none())
        yield* store.set("a", record(1))
        expect(yield* store.get("a")).toEqual(Option.some(record(1)))
        expect(yield* store.get("b")).toEqual(Option.none())
      })
    )

    it.effect("set overwrites; remove deletes; removing a missing record succeeds", () =>
      Effect.gen(function* () {
        const store = yield* SessionStore.SessionStore
        yield* store.set("o", record(10))
        yield* store.set("o", record(20, "https://janus.example/janus"))
        expect(yield* store.get("o")).toEqual(Option.some(record(20, "https://janus.example/janus")))
        yield* store.remove("o")
        expect(yield* store.get("o")).toEqual(Option.none())
        yield* store.remove("o")
        yield* store.remove("never-set")
      })
    )

    it.effect("keys are prefixed in the KeyValueStore and values are JSON", () =>
      Effect.gen(function* () {
        const store = yield* SessionStore.SessionStore
        const kv = yield* KeyValueStore.KeyValueStore
        yield* store.set("p", record(5))
        const raw = yield* kv.get(`${SessionStore.keyPrefix}p`)
        expect(Option.map(raw, JSON.parse)).toEqual(Option.some(record(5)))
        expect(yield* kv.has("p")).toBe(false)
      })
    )

    it.effect("a corrupted record or one with bad ids fails get with SessionStoreError decode", () =>
      Effect.gen(function* () {
        const store = yield* SessionStore.SessionStore
        const kv = yield* KeyValueStore.KeyValueStore
        const good = { server: "ws://x", sessionId: 1, handles: [{ plugin: "p", handleId: 2 }] }
        const bad = [
          "",
          "{not json",
          '{"server":"ws://x","sessionId":1,"handles":[{"plugin":"p","handleId":2}]',
          "null",
          JSON.stringify({ ...good, sessionId: 0 }),
          JSON.stringify({ ...good, sessionId: -3 }),
          JSON.stringify({ ...good, sessionId: 1.5 }),
          JSON.stringify({ ...good, sessionId: "12" }),
          JSON.stringify({ ...good, sessionId: null }),
          JSON.stringify({ ...good, handles: [{ plugin: "p", handleId: 2.5 }] }),
          JSON.stringify({ ...good, handles: [{ plugin: "p", handleId: -1 }] }),
          JSON.stringify({ sessionId: 1, handles: [] })
        ]
        for (const value of bad) {
          yield* kv.set(`${SessionStore.keyPrefix}bad`, value)
          const error = yield* failureOf(store.get("bad"))
          expect(error).toBeInstanceOf(SessionStore.SessionStoreError)
          expect(error).toMatchObject({ _tag: "SessionStoreError", reason: "decode", key: "bad" })
        }
        // The good shape decodes, so the failures above are the ids' and the JSON's.
        yield* kv.set(`${SessionStore.keyPrefix}bad`, JSON.stringify(good))
        expect(Option.isSome(yield* store.get("bad"))).toBe(true)
      })
    )

    it.effect.prop(
      "set then get returns the same value (any StoredSession)",
      [Arbitrary.make(SessionStore.StoredSession), FastCheck.string({ minLength: 1, maxLength: 40 })],
      ([session, key]) =>
        Effect.gen(function* () {
          const store = yield* SessionStore.SessionStore
          yield* store.set(key, session)
          expect(yield* store.get(key)).toEqual(Option.some(session))
        }),
      { fastCheck: { numRuns: 50 } }
    )
  })

const FileStoreLayer = Layer.unwrapEffect(
  Effect.map(storeDir, (dir) => SessionStore.layer.pipe(Layer.provideMerge(fileStore.layer(dir))))
).pipe(Layer.provideMerge(TempDirLive), Layer.provideMerge(NodeContext.layer))

describe("SessionStore", () => {
  contract("over KeyValueStore.layerMemory", SessionStore.layer.pipe(Layer.provideMerge(KeyValueStore.layerMemory)))
  contract(
    "over KeyValueStore.layerStorage (a Web Storage)",
    SessionStore.layer.pipe(Layer.provideMerge(KeyValueStore.layerStorage(() => new MemoryStorage())))
  )
  contract("over the file store", FileStoreLayer)

  it.effect("layerMemory round trips", () =>
    Effect.gen(function* () {
      const store = yield* SessionStore.SessionStore
      yield* store.set("m", record(3))
      expect(yield* store.get("m")).toEqual(Option.some(record(3)))
    }).pipe(Effect.provide(SessionStore.layerMemory))
  )

  it.effect("layerStorage keeps the record in the given Storage and maps its exceptions to read / write", () => {
    const storage = new MemoryStorage()
    return Effect.gen(function* () {
      const store = yield* SessionStore.SessionStore
      yield* store.set("s", record(7))
      expect(JSON.parse(storage.getItem("effect-janus/session/s")!)).toEqual(record(7))
      expect(yield* store.get("s")).toEqual(Option.some(record(7)))
      storage.failing = true
      expect(yield* failureOf(store.get("s"))).toMatchObject({ reason: "read", key: "s" })
      expect(yield* failureOf(store.set("s", record(8)))).toMatchObject({ reason: "write", key: "s" })
      expect(yield* failureOf(store.remove("s"))).toMatchObject({ reason: "write", key: "s" })
      storage.failing = false
      yield* store.remove("s")
      expect(storage.items.size).toBe(0)
    }).pipe(Effect.provide(SessionStore.layerStorage(() => storage)))
  })
})

describe("SessionStore.layerFileSystem", () => {
  const Live = Layer.unwrapEffect(Effect.map(storeDir, SessionStore.layerFileSystem)).pipe(
    Layer.provideMerge(TempDirLive),
    Layer.provideMerge(NodeContext.layer)
  )

  layer(Live)((it) => {
    it.effect("creates the missing directory with mode 0o700 and writes files with mode 0o600", () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const store = yield* SessionStore.SessionStore
        expect((yield* fs.stat(yield* storeDir)).mode & 0o777).toBe(0o700)
        yield* store.set("mode", record(1))
        const file = yield* recordPath("mode")
        expect((yield* fs.stat(file)).mode & 0o777).toBe(0o600)
        expect(JSON.parse(yield* fs.readFileString(file))).toEqual(record(1))
        yield* store.set("mode", record(2))
        expect((yield* fs.stat(file)).mode & 0o777).toBe(0o600)
      })
    )

    it.effect("one file per key, no temp file left after set; remove deletes the file", () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const store = yield* SessionStore.SessionStore
        const added = yield* filesAddedBy(Effect.zipRight(store.set("one", record(1)), store.set("One", record(2))))
        expect(added).toEqual([fileOf("one"), fileOf("One")].sort())
        expect(yield* store.get("one")).toEqual(Option.some(record(1)))
        expect(yield* store.get("One")).toEqual(Option.some(record(2)))
        yield* store.remove("one")
        expect(yield* fs.exists(yield* recordPath("one"))).toBe(false)
        expect(yield* fs.exists(yield* recordPath("One"))).toBe(true)
        expect(yield* filesAddedBy(store.remove("One"))).toEqual([])
        expect(yield* fs.exists(yield* recordPath("One"))).toBe(false)
      })
    )

    it.effect("concurrent sets of one key, read all along, leave one valid record and no temp file", () =>
      Effect.gen(function* () {
        const store = yield* SessionStore.SessionStore
        // Large records, so that a non-atomic write (truncate, then write) would be seen empty or cut.
        const big = (n: number): SessionStore.StoredSession => ({
          ...record(n),
          handles: Array.from({ length: 500 }, (_, i) => ({
            plugin: `janus.plugin.${n}`,
            handleId: handleId(i + 1),
            opaqueId: "x".repeat(40)
          }))
        })
        const written = Array.from({ length: 100 }, (_, i) => big(i + 1))
        expect(yield* filesAddedBy(store.set("race", big(1000)))).toEqual([fileOf("race")])
        // Four writers replace the record 100 times in all while two readers read it in a loop: every read must
        // find a complete record (a partial or empty file would fail with "decode" and fail the test).
        const writing = yield* Ref.make(true)
        const reads = yield* Ref.make(0)
        const writer = (w: number) => Effect.forEach(written.slice(w * 25, w * 25 + 25), (s) => store.set("race", s))
        const reader = store.get("race").pipe(
          Effect.flatMap((got) =>
            Option.isSome(got) ? Ref.update(reads, (n) => n + 1) : Effect.dieMessage("the record vanished")
          ),
          Effect.repeat({ while: () => Ref.get(writing) })
        )
        const writers = Effect.all([0, 1, 2, 3].map(writer), { concurrency: "unbounded" })
        const race = Effect.all([Effect.ensuring(writers, Ref.set(writing, false)), reader, reader], {
          concurrency: "unbounded",
          discard: true
        })
        expect(yield* filesAddedBy(race)).toEqual([])
        expect(yield* Ref.get(reads)).toBeGreaterThan(0)
        const final = Option.getOrThrow(yield* store.get("race"))
        expect(written).toContainEqual(final)
      })
    )

    it.effect("a record that cannot be read or replaced fails with read / write, and leaves no temp file", () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const store = yield* SessionStore.SessionStore
        // A directory where the record's file should be: reading it fails, and so does renaming over it.
        const target = yield* recordPath("dir")
        yield* fs.makeDirectory(target)
        yield* fs.writeFileString((yield* Path.Path).join(target, "inside"), "x")
        expect(yield* failureOf(store.get("dir"))).toMatchObject({ reason: "read", key: "dir" })
        const failedSet = Effect.flatMap(failureOf(store.set("dir", record(1))), (error) =>
          Effect.sync(() => expect(error).toMatchObject({ reason: "write", key: "dir" }))
        )
        expect(yield* filesAddedBy(failedSet)).toEqual([])
        yield* fs.remove(target, { recursive: true })
      })
    )

    it.effect("a key too long for a file name fails with write / read, not a defect", () =>
      Effect.gen(function* () {
        const store = yield* SessionStore.SessionStore
        const key = "k".repeat(176)
        expect(yield* failureOf(store.set(key, record(1)))).toMatchObject({ reason: "write", key })
        expect(yield* failureOf(store.get(key))).toMatchObject({ reason: "read", key })
        yield* store.set("k".repeat(175), record(1))
        expect(yield* store.get("k".repeat(175))).toEqual(Option.some(record(1)))
      })
    )
  })

  it.effect("writes only temp files and renames them over the record: the record is never opened for writing", () => {
    const opened: Array<string> = []
    const renamed: Array<readonly [string, string]> = []
    const Spy = Layer.effect(
      FileSystem.FileSystem,
      Effect.map(FileSystem.FileSystem, (fs) => ({
        ...fs,
        open: (path: string, options?: FileSystem.OpenFileOptions) => {
          opened.push(`${options?.flag ?? "r"} ${path}`)
          return fs.open(path, options)
        },
        writeFile: (path: string, data: Uint8Array, options?: FileSystem.WriteFileOptions) => {
          opened.push(`writeFile ${path}`)
          return fs.writeFile(path, data, options)
        },
        writeFileString: (path: string, data: string, options?: FileSystem.WriteFileStringOptions) => {
          opened.push(`writeFileString ${path}`)
          return fs.writeFileString(path, data, options)
        },
        rename: (from: string, to: string) => {
          renamed.push([from, to])
          return fs.rename(from, to)
        }
      }))
    )
    return Effect.gen(function* () {
      const dir = yield* storeDir
      const path = yield* Path.Path
      const store = yield* Effect.provide(SessionStore.SessionStore, SessionStore.layerFileSystem(dir)).pipe(
        Effect.provide(Spy)
      )
      yield* store.set("spy", record(1))
      yield* store.set("spy", record(2))
      const target = yield* recordPath("spy")
      expect(opened).toHaveLength(2)
      expect(renamed).toHaveLength(2)
      for (const [i, line] of opened.entries()) {
        const [from, to] = renamed[i]!
        expect(line).toBe(`wx ${from}`)
        expect(path.dirname(from)).toBe(dir)
        expect(path.basename(from).startsWith(".")).toBe(true)
        expect(to).toBe(target)
      }
      expect(renamed[0]![0]).not.toBe(renamed[1]![0])
      expect(yield* store.get("spy")).toEqual(Option.some(record(2)))
    }).pipe(Effect.provide(TempDirLive.pipe(Layer.provideMerge(NodeContext.layer))))
  })
})

describe("file names of keys", () => {
  it("keep [a-z0-9-], escape the rest, never start with a dot nor hold a separator", () => {
    expect(fileStore.fileName("effect-janus/session/alice-1")).toBe("effect-janus%2Fsession%2Falice-1")
    expect(fileStore.fileName("Alice")).toBe("_alice")
    expect(fileStore.fileName("..")).toBe("%2E%2E")
    expect(fileStore.fileName("é")).toBe("~00E9")
  })

  // Any UTF-16 code unit, lone surrogates included.
  const key = FastCheck.string({ unit: FastCheck.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) })

  it.prop(
    "distinct keys get distinct names, even on a case-insensitive file system; names are portable",
    [key, key],
    ([a, b]) => {
      const [na, nb] = [fileStore.fileName(a), fileStore.fileName(b)]
      expect(na.toLowerCase() === nb.toLowerCase()).toBe(a === b)
      expect(na).toMatch(/^[a-z0-9_%~A-F-]*$/)
      expect(na.startsWith(".")).toBe(false)
    }
  )
})
