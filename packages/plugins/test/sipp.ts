import { createSocket } from "node:dgram"
import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import * as FileSystem from "@effect/platform/FileSystem"
import * as NodeCommandExecutor from "@effect/platform-node/NodeCommandExecutor"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { Effect, Layer, Stream } from "effect"

/** A UDP port on 127.0.0.1 that was free a moment ago (bound to port 0, read, released). */
export const freeUdpPort = Effect.async<number, Error>((resume) => {
  const socket = createSocket("udp4")
  socket.once("error", (error) => resume(Effect.fail(error)))
  socket.bind(0, "127.0.0.1", () => {
    const { port } = socket.address()
    socket.close(() => resume(Effect.succeed(port)))
  })
})

/** The path of a committed scenario in test/sipp/. */
export const scenario = (name: string): string => fileURLToPath(new URL(`./sipp/${name}`, import.meta.url))

/**
 * Runs `sipp` as a UAS with `scenarioFile` on 127.0.0.1:`port` for `calls` calls, in the current scope (the
 * process group is killed when the scope closes). Returns the process; `exitCode` is 0 when every call followed
 * the scenario; `messages` reads sipp's message trace (`-trace_msg`: every SIP message sent and received).
 * stdout/stderr are drained so sipp never blocks on a full pipe.
 */
export const runSipp = (scenarioFile: string, port: number, calls = 1) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "effect-janus-sipp-" })
    const messageFile = `${dir}/messages.log`
    const process = yield* Command.make(
      "sipp",
      "-sf",
      scenarioFile,
      "-p",
      String(port),
      "-i",
      "127.0.0.1",
      "-m",
      String(calls),
      "-nostdin",
      "-timeout",
      "30s",
      "-timeout_error",
      "-trace_msg",
      "-message_file",
      messageFile
    ).pipe(Command.workingDirectory(dir), Command.start)
    yield* Effect.forkScoped(Stream.runDrain(process.stdout))
    yield* Effect.forkScoped(Stream.runDrain(process.stderr))
    const messages = fs.readFileString(messageFile).pipe(Effect.orElseSucceed(() => ""))
    return { process, messages }
  }).pipe(Effect.provide(NodeCommandExecutor.layer.pipe(Layer.provideMerge(NodeFileSystem.layer))))
