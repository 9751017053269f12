import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import * as FileSystem from "@effect/platform/FileSystem"
import * as NodeCommandExecutor from "@effect/platform-node/NodeCommandExecutor"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { Sipp } from "@effect-janus/testing-janus"
import { Effect, Layer, Schedule, Stream } from "effect"

/** The path of a committed scenario in test/sipp/. */
export const scenario = (name: string): string => fileURLToPath(new URL(`./sipp/${name}`, import.meta.url))

/**
 * Runs `sipp` as a UAS with `scenarioFile` on a free UDP port of 127.0.0.1 for `calls` calls, in the current scope
 * (the process group is killed when the scope closes). Returns the process, its `port`, and `messages`, which reads
 * sipp's message trace (`-trace_msg`: every SIP message sent and received); `process.exitCode` is 0 when every call
 * followed the scenario. stdout/stderr are drained so sipp never blocks on a full pipe.
 */
export const runSipp = (scenarioFile: string, calls = 1) => spawnSipp(["-sf", scenarioFile, "-m", String(calls)])

/**
 * Runs `sipp` as a UAC with `scenarioFile` from a free UDP port of 127.0.0.1, placing one call to `target`
 * (`host:port`) with `service` as the user part of the Request-URI (`[service]` in the scenario). Same scope, port,
 * exit code and message trace as {@link runSipp}.
 */
export const runSippClient = (scenarioFile: string, target: string, service: string) =>
  spawnSipp([target, "-sf", scenarioFile, "-s", service, "-m", "1"])

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

/** sipp's exit code when it cannot bind its SIP port ("Unable to bind main socket"). */
const bindFailure = 254

/**
 * Starts sipp with `args` on a free port and waits until it holds the port (a request sent earlier would meet an
 * ICMP port-unreachable: Sofia's 503). When sipp exits at start because someone took the port first, starts it
 * again on a fresh port, up to five times; any other early exit is a defect.
 */
const spawnSipp = (args: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const port = yield* Sipp.freeUdpPort
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
    const ready = Effect.gen(function* () {
      if (yield* Sipp.holdsUdpPort(fs, process.pid, port)) return true
      if (yield* process.isRunning) return false
      const code = Number(yield* process.exitCode)
      return code === bindFailure
        ? yield* Effect.fail("port taken" as const)
        : yield* Effect.dieMessage(`sipp ${args.join(" ")} exited at once with code ${code}`)
    })
    yield* ready.pipe(
      Effect.repeat({ schedule: Schedule.spaced("20 millis"), until: (held) => held }),
      Effect.timeout("5 seconds")
    )
    const messages = fs.readFileString(messageFile).pipe(Effect.orElseSucceed(() => ""))
    return { process, port, messages }
  }).pipe(
    Effect.retry({ times: 4, while: (error) => error === "port taken" }),
    Effect.orDie,
    Effect.provide(NodeCommandExecutor.layer.pipe(Layer.provideMerge(NodeFileSystem.layer)))
  )
