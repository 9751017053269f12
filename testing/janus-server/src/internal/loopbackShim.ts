/**
 * Builds the `LD_PRELOAD` shim that lets Janus gather ICE candidates on the loopback interface
 * (`testing/janus-server/native/loopback_ice_shim.c`, see its header and "Real media over loopback" in JANUS-FACTS.md).
 *
 * Why a shim and not a network namespace: the shim keeps Janus, werift and sipp in vitest's own process
 * tree and network, needs no privileges (no `unshare`, no `ip link`), and is scoped like any other test
 * resource. A namespace would need root (or user namespaces), and every peer (werift runs inside the vitest
 * worker) would have to be moved into it.
 *
 * The C source is compiled with the machine's C compiler (`CC`, default `cc`: Debian's gcc and libc6-dev)
 * into a temp dir that is removed when the scope closes; no binary is committed.
 *
 * @internal
 */

import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Config from "effect/Config"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Platform from "./platform.js"

/**
 * The shim could not be built: no C compiler, or it failed (`output` holds its stdout and stderr).
 *
 * @since 0.1.0
 */
export class ShimBuildError extends Data.TaggedError("ShimBuildError")<{
  readonly message: string
  readonly output: string
}> {}

/** Path of the committed C source. */
export const sourceFile: string = fileURLToPath(new URL("../../native/loopback_ice_shim.c", import.meta.url))

/**
 * Compiles the shim into a fresh temp dir (removed with the scope) and returns the absolute path of the
 * shared object, ready for `LD_PRELOAD`. Fails with `ShimBuildError`.
 *
 * @since 0.1.0
 */
export const build: Effect.Effect<string, ShimBuildError, Scope.Scope> = Effect.gen(function* () {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const dir = yield* fs.makeTempDirectoryScoped({ prefix: "effect-janus-shim-" })
  const output = path.join(dir, "loopback_ice_shim.so")
  const cc = yield* Config.string("CC").pipe(Config.withDefault("cc"))
  const command = Command.make(cc, "-shared", "-fPIC", "-O2", "-Wall", "-o", output, sourceFile, "-ldl").pipe(
    Command.stderr("pipe")
  )
  const [exitCode, log] = yield* Effect.scoped(
    Effect.gen(function* () {
      const proc = yield* Command.start(command)
      const [out, err] = yield* Effect.all([Platform.collectText(proc.stdout), Platform.collectText(proc.stderr)], {
        concurrency: 2
      })
      const code = yield* proc.exitCode
      return [code, `${out}${err}`] as const
    })
  ).pipe(
    Effect.mapError(
      (error) =>
        new ShimBuildError({
          message: `Cannot run the C compiler "${cc}" (install gcc and libc6-dev, or set CC): ${error.message}`,
          output: ""
        })
    )
  )
  if (exitCode !== 0) {
    return yield* new ShimBuildError({
      message: `${cc} exited with ${exitCode} building ${sourceFile}:\n${log}`,
      output: log
    })
  }
  return output
}).pipe(
  Effect.mapError((error) =>
    error instanceof ShimBuildError ? error : new ShimBuildError({ message: String(error), output: "" })
  ),
  Effect.provide(Platform.layer)
)
