/**
 * Resume after a process restart, for real: a child process (resume.child.ts, public API only) resumes a session by
 * key over the file store and a WebSocket to a real Janus, attaches EchoTest with an `opaque_id`, messages it and is
 * killed with SIGKILL; a new process runs the same program, claims the stored session and re-binds the stored handle
 * without sending `attach`, and the handle answers.
 */
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import * as FileSystem from "@effect/platform/FileSystem"
import * as NodeCommandExecutor from "@effect/platform-node/NodeCommandExecutor"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import { describe, expect, layer } from "@effect/vitest"
import { Admin, JanusServer } from "@effect-janus/testing-janus"
import { Deferred, Effect, Layer, Schema, Stream } from "effect"

const root = fileURLToPath(new URL("../..", import.meta.url))

/** What the child prints once it has resumed (or created), attached and got EchoTest's answer. */
const Resumed = Schema.parseJson(
  Schema.Struct({ sessionId: Schema.Number, handleId: Schema.Number, claimed: Schema.Boolean, answer: Schema.Unknown })
)
const marker = "RESUMED "

/**
 * Starts the child program in the current scope (SIGTERM when the scope closes, if still running) and waits for its
 * report; fails with everything it printed if it exits first.
 */
const start = (args: {
  readonly url: string
  readonly directory: string
  readonly key: string
  readonly opaqueId: string
}) =>
  Effect.gen(function* () {
    const command = Command.make(
      process.execPath,
      "--import",
      "tsx",
      "e2e/test/resume.child.ts",
      args.url,
      args.directory,
      args.key,
      args.opaqueId
    ).pipe(Command.workingDirectory(root))
    const proc = yield* Command.start(command)
    const output: Array<string> = []
    const report = yield* Deferred.make<typeof Resumed.Type, Error>()
    const lines = (stream: typeof proc.stdout, prefix: string) =>
      stream.pipe(
        Stream.decodeText(),
        Stream.splitLines,
        Stream.runForEach((line) => {
          output.push(`${prefix}${line}`)
          return line.startsWith(marker)
            ? Deferred.complete(report, Schema.decode(Resumed)(line.slice(marker.length)).pipe(Effect.orDie))
            : Effect.void
        }),
        Effect.ignore
      )
    yield* Effect.forkScoped(lines(proc.stderr, "stderr: "))
    yield* lines(proc.stdout, "").pipe(
      Effect.zipRight(Deferred.fail(report, new Error(`the child exited without a report:\n${output.join("\n")}`))),
      Effect.forkScoped
    )
    const resumed = yield* Deferred.await(report).pipe(
      Effect.timeoutFail({
        duration: "60 seconds",
        onTimeout: () => new Error(`no report from the child:\n${output.join("\n")}`)
      })
    )
    return { proc, resumed, output }
  })

const server = Layer.mergeAll(
  Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ reclaimTimeout: 30 }))),
  // Process runner, file system and path (not NodeContext.layer: its Terminal would touch stdin).
  Layer.mergeAll(NodePath.layer, NodeCommandExecutor.layer).pipe(Layer.provideMerge(NodeFileSystem.layer))
)

describe("resume after a process restart", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped(
      "a process killed with SIGKILL; the next one claims the stored session and re-binds the stored handle",
      () =>
        Effect.gen(function* () {
          const janus = yield* JanusServer.JanusServer
          const fs = yield* FileSystem.FileSystem
          const directory = Path.join(yield* fs.makeTempDirectoryScoped(), "sessions")
          const args = { url: janus.wsUrl, directory, key: "resume-test", opaqueId: "resume-test-echo" }
          const echoOk = { echotest: "event", result: "ok" }

          // First process: nothing stored → create + attach; the record is on disk, user-only, while it runs.
          const first = yield* start(args)
          const { handleId, sessionId } = first.resumed
          expect(first.resumed.claimed).toBe(false)
          expect(first.resumed.answer).toMatchObject(echoOk)
          const files = (yield* fs.readDirectory(directory)).filter((name) => !name.startsWith("."))
          expect(files).toHaveLength(1)
          const file = Path.join(directory, files[0]!)
          expect(Number((yield* fs.stat(file)).mode) & 0o777).toBe(0o600)
          expect(Number((yield* fs.stat(directory)).mode) & 0o777).toBe(0o700)
          expect(JSON.parse(yield* fs.readFileString(file))).toEqual({
            server: janus.wsUrl,
            sessionId,
            handles: [{ plugin: "janus.plugin.echotest", handleId, opaqueId: args.opaqueId }]
          })
          expect(yield* Admin.listHandles(sessionId)).toEqual([handleId])

          // Killed: no finalizer runs, nothing is destroyed or removed.
          yield* first.proc.kill("SIGKILL")
          const killed = yield* Effect.flip(first.proc.exitCode)
          expect(killed.message).toContain("SIGKILL")
          expect(yield* fs.exists(file)).toBe(true)
          expect(yield* Admin.listSessions).toContain(sessionId)

          // Second process, same program: claims the same session and re-binds the same handle (no attach).
          const second = yield* start(args)
          expect(second.resumed).toEqual({
            sessionId,
            handleId,
            claimed: true,
            answer: expect.objectContaining(echoOk)
          })
          expect(yield* Admin.listHandles(sessionId)).toEqual([handleId])
          expect((yield* Admin.handleInfo(sessionId, handleId)).opaque_id).toBe(args.opaqueId)

          // A clean end (SIGTERM interrupts the program): the session is destroyed and its record removed.
          yield* second.proc.kill("SIGTERM")
          expect(yield* second.proc.exitCode, second.output.join("\n")).toBe(0)
          expect(yield* fs.exists(file)).toBe(false)
          expect(yield* Admin.listSessions).not.toContain(sessionId)
        }),
      { timeout: 120_000 }
    )
  })
})
