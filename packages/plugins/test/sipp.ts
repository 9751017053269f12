import { createSocket } from "node:dgram"
import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import * as FileSystem from "@effect/platform/FileSystem"
import * as NodeCommandExecutor from "@effect/platform-node/NodeCommandExecutor"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { Effect, Layer, Schedule, Stream } from "effect"

/** A UDP port on 127.0.0.1 that was free a moment ago (bound to port 0, read, released). */
export const freeUdpPort = Effect.async<number, Error>((resume) => {
  const socket = createSocket("udp4")
  socket.once("error", (error) => resume(Effect.fail(error)))
  socket.bind(0, "127.0.0.1", () => {
    const { port } = socket.address()
    socket.close(() => resume(Effect.succeed(port)))
  })
})

/** Whether a UDP port of 127.0.0.1 is bound by someone (binding it fails with EADDRINUSE). */
const udpPortTaken = (port: number) =>
  Effect.async<boolean>((resume) => {
    const socket = createSocket("udp4")
    socket.once("error", () => resume(Effect.succeed(true)))
    socket.bind(port, "127.0.0.1", () => socket.close(() => resume(Effect.succeed(false))))
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
  spawnSipp(["-sf", scenarioFile, "-m", String(calls)], port)

/**
 * Runs `sipp` as a UAC with `scenarioFile` from 127.0.0.1:`port`, placing one call to `target` (`host:port`) with
 * `service` as the user part of the Request-URI (`[service]` in the scenario). Same scope, exit code and message
 * trace as {@link runSipp}.
 */
export const runSippClient = (scenarioFile: string, port: number, target: string, service: string) =>
  spawnSipp([target, "-sf", scenarioFile, "-s", service, "-m", "1"], port)

/**
 * The SIP port a SIP handle registered: the port of `user`'s `Contact` in the REGISTER a sipp registrar received
 * (its message trace).
 */
export const contactPort = (messages: string, user: string): number | undefined => {
  const match = new RegExp(`^Contact: <sip:${user}@127\\.0\\.0\\.1:(\\d+)`, "m").exec(messages)
  return match === null ? undefined : Number(match[1])
}

/** The harness config with the SIP plugin bound to loopback (`local_ip`), where sipp listens. */
export const sipOnLoopback = (file: string, text: string): string =>
  file === "janus.plugin.sip.jcfg" ? text.replace("general: {", 'general: {\n\tlocal_ip = "127.0.0.1"') : text

const spawnSipp = (args: ReadonlyArray<string>, port: number) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "effect-janus-sipp-" })
    const messageFile = `${dir}/messages.log`
    const process = yield* Command.make(
      "sipp",
      ...args,
      "-p",
      String(port),
      "-i",
      "127.0.0.1",
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
    // Ready once sipp holds its port: a request sent earlier would meet an ICMP port-unreachable (Sofia: 503).
    const ready = Effect.gen(function* () {
      if (yield* udpPortTaken(port)) return true
      if (!(yield* process.isRunning)) return yield* Effect.dieMessage(`sipp ${args.join(" ")} exited at once`)
      return false
    })
    yield* ready.pipe(
      Effect.filterOrFail((taken) => taken),
      Effect.retry(Schedule.spaced("20 millis")),
      Effect.timeout("5 seconds"),
      Effect.orDie
    )
    const messages = fs.readFileString(messageFile).pipe(Effect.orElseSucceed(() => ""))
    return { process, messages }
  }).pipe(Effect.provide(NodeCommandExecutor.layer.pipe(Layer.provideMerge(NodeFileSystem.layer))))
