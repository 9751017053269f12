/**
 * A real Janus that can carry WebRTC media over loopback: the harness's `JanusServer.make`, with the
 * `LD_PRELOAD` shim `native/loopback_ice_shim.c` (compiled with the machine's C compiler, `CC`, into a temp dir) in its environment and `nat.ice_enforce_list = "lo"`, so it
 * gathers 127.0.0.1 host candidates only. Its SIP plugin binds and advertises 127.0.0.1 for SIP and RTP.
 * Everything stays on the machine.
 *
 * @since 0.1.0
 */

import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Config from "effect/Config"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as platform from "./internal/platform.js"
import * as JanusServer from "./JanusServer.js"

/**
 * The loopback ICE shim could not be built: no C compiler (install gcc and libc6-dev, or set `CC`), or it failed
 * (`output` holds its stdout and stderr).
 *
 * @since 0.2.0
 * @category errors
 */
export class ShimBuildError extends Data.TaggedError("ShimBuildError")<{
  readonly message: string
  readonly output: string
}> {}

/** Path of the committed C source. */
const sourceFile: string = fileURLToPath(new URL("../native/loopback_ice_shim.c", import.meta.url))

/**
 * Compiles the shim into a fresh temp dir (removed with the scope) and returns the absolute path of the
 * shared object, ready for `LD_PRELOAD`. Fails with `ShimBuildError`.
 */
const buildShim: Effect.Effect<string, ShimBuildError, Scope.Scope> = Effect.gen(function* () {
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
      const [out, err] = yield* Effect.all([platform.collectText(proc.stdout), platform.collectText(proc.stderr)], {
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
  Effect.provide(platform.layer)
)

const insertAfter = (text: string, section: string, lines: ReadonlyArray<string>): string => {
  const marker = `${section}: {`
  if (!text.includes(marker)) return `${text}\n${marker}\n${lines.map((l) => `\t${l}`).join("\n")}\n}\n`
  return text.replace(marker, `${marker}\n${lines.map((l) => `\t${l}`).join("\n")}`)
}

/**
 * Config edit (a harness `configure` function): the SIP plugin binds and advertises 127.0.0.1 for SIP and
 * RTP (`local_ip`, `local_media_ip`, `sdp_ip`) instead of the address it would guess from the machine's
 * interfaces, so SIP peers on loopback can reach it. Needs no shim.
 *
 * @since 0.1.0
 */
export const configureSip = (fileName: string, text: string): string =>
  fileName === "janus.plugin.sip.jcfg"
    ? insertAfter(text, "general", ['local_ip = "127.0.0.1"', 'local_media_ip = "127.0.0.1"', 'sdp_ip = "127.0.0.1"'])
    : text

/**
 * Config edit (a harness `configure` function): {@link configureSip}, plus ICE on `lo` only
 * (`nat.ice_enforce_list`). Only useful with the shim in `LD_PRELOAD`, as {@link make} does.
 *
 * @since 0.1.0
 */
export const configureLoopback = (fileName: string, text: string): string =>
  fileName === "janus.jcfg" ? insertAfter(text, "nat", ['ice_enforce_list = "lo"']) : configureSip(fileName, text)

/**
 * Builds the shim and starts Janus with it (stopped, and the shim removed, when the scope closes). `options`
 * are the harness's; `env` and `configure` given there are applied on top of the loopback set-up.
 *
 * @since 0.1.0
 */
export const make = (
  options: JanusServer.Options = {}
): Effect.Effect<JanusServer.JanusServer, JanusServer.JanusStartError | ShimBuildError, Scope.Scope> =>
  Effect.gen(function* () {
    const shim = yield* buildShim
    return yield* JanusServer.make({
      ...options,
      env: { ...options.env, LD_PRELOAD: shim },
      configure: (fileName, text) => {
        const edited = configureLoopback(fileName, text)
        return options.configure ? options.configure(fileName, edited) : edited
      }
    })
  })

/**
 * {@link make} as a Layer providing the harness's `JanusServer` Tag.
 *
 * @since 0.1.0
 */
export const layer = (
  options?: JanusServer.Options
): Layer.Layer<JanusServer.JanusServer, JanusServer.JanusStartError | ShimBuildError> =>
  Layer.scoped(JanusServer.JanusServer, make(options))
