/**
 * sipp (Debian package `sip-tester`) as a real SIP peer for the Janus SIP plugin: a registrar that accepts
 * every REGISTER and tells which contact (host and port) registered, and callers that place one call to a
 * SIP handle's contact. The scenarios are committed in `testing/janus-server/sipp/`. Every process is scoped: killed (SIGTERM,
 * then SIGKILL) and its temp dir removed when the scope closes. All addresses are 127.0.0.1.
 *
 * "SIP plugin with a real SIP peer" in JANUS-FACTS.md: each SIP handle binds its own random local port, which
 * the registrar reads from the `Contact` of the handle's REGISTER.
 *
 * @since 0.1.0
 */

import * as Dgram from "node:dgram"
import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Platform from "./internal/platform.js"

/**
 * sipp could not be started, exited with an error, or did not do what was expected in time. `details`
 * holds its error log, its SIP messages and the end of its screen output (also part of `message`).
 *
 * @since 0.1.0
 */
export class SippError extends Data.TaggedError("SippError")<{
  readonly reason: "spawn" | "exited" | "timeout"
  readonly summary: string
  readonly details: string
  /** sipp's exit code, when it exited. */
  readonly exitCode?: number
}> {
  override get message(): string {
    return this.details === "" ? this.summary : `${this.summary}\n${this.details}`
  }
}

/** The committed scenarios. */
export const scenarios = {
  registrar: fileURLToPath(new URL("../sipp/registrar.xml", import.meta.url)),
  callerDeclined: fileURLToPath(new URL("../sipp/caller-declined.xml", import.meta.url)),
  callerAnswered: fileURLToPath(new URL("../sipp/caller-answered.xml", import.meta.url))
} as const

/**
 * A running sipp.
 *
 * @since 0.1.0
 */
export interface Sipp {
  readonly pid: number
  /** The local SIP port (UDP, 127.0.0.1). */
  readonly port: number
  /** Waits for the exit code (0: every call succeeded; 1: a call failed; see `man sipp`). */
  readonly exitCode: Effect.Effect<number, SippError>
  /** The `<log>` lines written so far (`-log_file`). */
  readonly readLog: Effect.Effect<string>
  /** The error log, the SIP messages and the end of the screen output, for failure messages. */
  readonly details: Effect.Effect<string>
}

const host = "127.0.0.1"

/** A free UDP port on 127.0.0.1 (the kernel's pick; another process may take it before sipp binds it). */
/**
 * A UDP port on 127.0.0.1 that was free a moment ago (bound to port 0, read, released). Anyone may take it before
 * sipp binds it: pair it with {@link holdsUdpPort} and a retry on sipp's bind failure (exit code 254).
 *
 * @since 0.2.0
 * @category utils
 */
export const freeUdpPort: Effect.Effect<number> = Effect.async<number>((resume) => {
  const socket = Dgram.createSocket("udp4")
  socket.bind(0, host, () => {
    const { port } = socket.address()
    socket.close(() => resume(Effect.succeed(port)))
  })
})

/** Terminal control sequences in sipp's screen output (ESC [ … letter). */
const ansiEscapes = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g")

const tail = (text: string, lines: number) => text.split("\n").slice(-lines).join("\n")

/** One sipp process on `port`, in its own temp dir. */
const spawn = (
  args: ReadonlyArray<string>,
  port: number
): Effect.Effect<Sipp, SippError, Scope.Scope | CommandExecutor.CommandExecutor | FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const dir = yield* fs
      .makeTempDirectoryScoped({ prefix: "effect-janus-sipp-" })
      .pipe(Effect.mapError((error) => new SippError({ reason: "spawn", summary: error.message, details: "" })))
    const files = {
      log: path.join(dir, "log.txt"),
      errors: path.join(dir, "errors.txt"),
      messages: path.join(dir, "messages.txt")
    }
    const command = Command.make(
      "sipp",
      ...args,
      "-i",
      host,
      "-p",
      String(port),
      "-nostdin",
      "-trace_logs",
      "-log_file",
      files.log,
      "-trace_err",
      "-error_file",
      files.errors,
      "-trace_msg",
      "-message_file",
      files.messages
    ).pipe(Command.workingDirectory(dir))
    const proc = yield* Effect.acquireRelease(Command.start(command), (proc) =>
      proc.kill("SIGTERM").pipe(
        Effect.timeout("3 seconds"),
        Effect.catchAll(() => proc.kill("SIGKILL")),
        Effect.ignore
      )
    ).pipe(
      Effect.mapError(
        (error) =>
          new SippError({
            reason: "spawn",
            summary: `Cannot start sipp (install the Debian package sip-tester): ${error.message}`,
            details: ""
          })
      )
    )
    // sipp redraws its statistics screen every second: drain it, keeping the end for failure messages.
    const screen = yield* Ref.make("")
    yield* Stream.merge(proc.stdout, proc.stderr).pipe(
      Stream.decodeText(),
      Stream.runForEach((chunk) => Ref.update(screen, (text) => (text + chunk).slice(-8_000))),
      Effect.ignore,
      Effect.forkScoped
    )
    const read = (file: string) => fs.readFileString(file).pipe(Effect.orElseSucceed(() => ""))
    const details = Effect.gen(function* () {
      const [errors, messages, out] = yield* Effect.all([read(files.errors), read(files.messages), Ref.get(screen)])
      return [
        `--- sipp errors ---`,
        errors || "(none)",
        `--- sipp SIP messages (last 80 lines) ---`,
        tail(messages, 80) || "(none)",
        `--- sipp screen (end) ---`,
        tail(out.replace(ansiEscapes, ""), 30)
      ].join("\n")
    })
    const exitCode = proc.exitCode.pipe(
      Effect.map((code) => Number(code)),
      Effect.catchAll((error) =>
        Effect.flatMap(details, (d) =>
          Effect.fail(new SippError({ reason: "exited", summary: error.message, details: d }))
        )
      )
    )
    return { pid: proc.pid, port, exitCode, readLog: read(files.log), details }
  })

/** sipp's exit code for "fatal error binding a socket" (-2). */
const bindFailure = 254

/**
 * Whether process `pid` holds UDP port `port`: one of its file descriptors is the socket `/proc/net/udp` lists for
 * the port. Reads /proc only: probing by binding the port would itself race sipp's bind.
 *
 * @since 0.2.0
 * @category utils
 */
export const holdsUdpPort = (fs: FileSystem.FileSystem, pid: number, port: number): Effect.Effect<boolean> =>
  Effect.gen(function* () {
    const hexPort = `:${port.toString(16).toUpperCase().padStart(4, "0")}`
    const sockets = (yield* fs.readFileString("/proc/net/udp"))
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter((columns) => columns[1]?.endsWith(hexPort) === true)
      .map((columns) => `socket:[${columns[9]}]`)
    const fds = yield* fs.readDirectory(`/proc/${pid}/fd`)
    const links = yield* Effect.forEach(fds, (fd) =>
      fs.readLink(`/proc/${pid}/fd/${fd}`).pipe(Effect.orElseSucceed(() => ""))
    )
    return links.some((link) => sockets.includes(link))
  }).pipe(Effect.orElseSucceed(() => false))

/**
 * Starts sipp with `args` (scenario and mode options; `-i`, `-p` and the trace files are added) on a free local
 * port and waits until it holds that port. The port can be taken between the kernel's pick and sipp's bind (Janus's
 * SIP plugin binds random local ports too): sipp then exits at start with code 254 and is started again on a fresh
 * port, up to five attempts. Any other exit before the port is held (a bad scenario, say) fails with its logs.
 */
const start = (args: ReadonlyArray<string>): Effect.Effect<Sipp, SippError, Scope.Scope> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const port = yield* freeUdpPort
    const sipp = yield* spawn(args, port)
    // Each round waits up to 20 ms for an exit, then looks at the port again.
    const held = Effect.gen(function* () {
      if (yield* holdsUdpPort(fs, sipp.pid, port)) return true
      const exited = yield* sipp.exitCode.pipe(Effect.timeout("20 millis"), Effect.option)
      if (Option.isNone(exited)) return false
      return yield* new SippError({
        reason: "exited",
        exitCode: exited.value,
        summary: `sipp ${args.join(" ")} exited at once with code ${exited.value}`,
        details: yield* sipp.details
      })
    })
    yield* held.pipe(
      Effect.repeat({ until: (yes) => yes }),
      Effect.timeoutFail({
        duration: "10 seconds",
        onTimeout: () => new SippError({ reason: "timeout", summary: `sipp did not bind port ${port}`, details: "" })
      })
    )
    return sipp
  }).pipe(Effect.retry({ times: 4, while: (error) => error.exitCode === bindFailure }), Effect.provide(Platform.layer))

/**
 * Where a SIP user agent registered: the host and port of its `Contact`.
 *
 * @since 0.1.0
 */
export interface Contact {
  readonly user: string
  readonly host: string
  readonly port: number
}

/**
 * A running registrar.
 *
 * @since 0.1.0
 */
export interface Registrar extends Sipp {
  /** `sip:127.0.0.1:PORT`, the `proxy` of a SIP plugin `register` request. */
  readonly uri: string
  /** Waits (up to `timeout`, default 10 s) until `user` has registered and returns its latest contact. */
  readonly contactOf: (user: string, timeout?: Duration.DurationInput) => Effect.Effect<Contact, SippError>
}

/** A registrar exits by itself after this long (s), whatever happens to the process that started it. */
const registrarLifetimeSeconds = 600

/**
 * Starts a registrar (`testing/janus-server/sipp/registrar.xml`), stopped with the scope (and in any case after 10 minutes).
 *
 * @since 0.1.0
 */
export const registrar: Effect.Effect<Registrar, SippError, Scope.Scope> = Effect.gen(function* () {
  // The scope stops it; `-timeout` is the safety net should this process die without running finalizers
  // (sipp runs in its own process group and ignores SIGPIPE, so it would otherwise outlive us for good).
  const sipp = yield* start(["-sf", scenarios.registrar, "-timeout", String(registrarLifetimeSeconds)])
  const find = (user: string) =>
    Effect.flatMap(sipp.readLog, (log) => {
      const found = log
        .split("\n")
        .map((line) => /REGISTERED (\S+) (\S+) (\d+)/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null && match[1] === user)
        .at(-1)
      return found === undefined
        ? Effect.fail("not yet" as const)
        : Effect.succeed({ user, host: found[2]!, port: Number(found[3]) })
    })
  const contactOf = (user: string, timeout: Duration.DurationInput = "10 seconds") =>
    find(user).pipe(
      Effect.retry(Schedule.spaced("50 millis")),
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () => "timeout" as const
      }),
      Effect.catchAll(() =>
        Effect.flatMap(sipp.details, (details) =>
          Effect.fail(
            new SippError({
              reason: "timeout",
              summary: `No REGISTER from ${user} reached the registrar within ${Duration.format(Duration.decode(timeout))}`,
              details
            })
          )
        )
      )
    )
  return { ...sipp, uri: `sip:${host}:${sipp.port}`, contactOf }
})

/**
 * Which caller scenario to run: `"declined"` expects 486 Busy Here; `"answered"` expects 200 OK with an
 * audio answer, then ACKs, echoes the RTP it gets (`-rtp_echo`) until an in-dialog SIP INFO arrives (send one
 * with the SIP plugin's `info` request, see {@link hangUpSignal}), and then hangs up with BYE.
 *
 * @since 0.1.0
 */
export type CallScenario = "declined" | "answered"

/**
 * What the `"answered"` caller waits for before hanging up: an INFO with this body (`Sip.info` params).
 *
 * @since 0.1.0
 */
export const hangUpSignal = { type: "text/plain", content: "please hang up" } as const

/**
 * Places one call (INVITE with a PCMU audio offer) to `user` at `contact`, and returns the running caller.
 * Use {@link expectSuccess} to wait for the scenario's end. Each response must arrive within 30 s.
 *
 * @since 0.1.0
 */
export const call = (contact: Contact, scenario: CallScenario): Effect.Effect<Sipp, SippError, Scope.Scope> =>
  callWith(contact, scenario === "declined" ? scenarios.callerDeclined : scenarios.callerAnswered, {
    rtpEcho: scenario === "answered"
  })

/**
 * The options of a one-call scenario: each message within 30 s, 60 s in all; `rtpEcho` echoes the RTP that reaches
 * the media port (the port in the SDP) back to its sender.
 */
const oneCall = (scenarioFile: string, rtpEcho: boolean | undefined): ReadonlyArray<string> => [
  "-sf",
  scenarioFile,
  "-m",
  "1",
  "-recv_timeout",
  "30000",
  "-timeout",
  "60",
  "-timeout_error",
  ...(rtpEcho === true ? ["-rtp_echo"] : [])
]

/**
 * Places one call to `user` at `contact` with a caller scenario of your own (an absolute path to a sipp XML file
 * in UAC mode, `[service]` being the user), with the same limits as {@link call}: one call, each response within
 * 30 s, 60 s in all. `rtpEcho` echoes the RTP that reaches sipp's media port back to its sender (`-rtp_echo`).
 *
 * @since 0.1.0
 */
export const callWith = (
  contact: Contact,
  scenarioFile: string,
  options?: { readonly rtpEcho?: boolean | undefined }
): Effect.Effect<Sipp, SippError, Scope.Scope> =>
  start([`${contact.host}:${contact.port}`, "-s", contact.user, ...oneCall(scenarioFile, options?.rtpEcho)])

/**
 * Waits for sipp to exit and fails with `SippError` (with its logs) unless it exited with 0, i.e. every call
 * went as its scenario says.
 *
 * @since 0.1.0
 */
export const expectSuccess = (
  sipp: Sipp,
  timeout: Duration.DurationInput = "60 seconds"
): Effect.Effect<void, SippError> =>
  sipp.exitCode.pipe(
    Effect.timeout(timeout),
    Effect.catchTag("TimeoutException", () =>
      Effect.flatMap(sipp.details, (details) =>
        Effect.fail(new SippError({ reason: "timeout", summary: "sipp did not finish in time", details }))
      )
    ),
    Effect.flatMap((code) =>
      code === 0
        ? Effect.void
        : Effect.flatMap(sipp.details, (details) =>
            Effect.fail(
              new SippError({ reason: "exited", exitCode: code, summary: `sipp exited with code ${code}`, details })
            )
          )
    )
  )

/**
 * Starts sipp as a UAS (a callee) with a scenario of your own (an absolute path to a sipp XML file in UAS mode)
 * on a free port of 127.0.0.1, for one call: each message must arrive within 30 s, 60 s in all. Call it at
 * `sip:<anyone>@127.0.0.1:<port>`. `rtpEcho` echoes the RTP that reaches the media port of its SDP
 * (`[media_port]`) back to its sender (`-rtp_echo`). Stopped with the scope; use {@link expectSuccess} to wait for
 * the scenario's end.
 *
 * @since 0.1.0
 */
export const serve = (
  scenarioFile: string,
  options?: { readonly rtpEcho?: boolean | undefined }
): Effect.Effect<Sipp, SippError, Scope.Scope> => start(oneCall(scenarioFile, options?.rtpEcho))

/**
 * Waits (up to `timeout`, default 10 s) until sipp's `<log>` output has a line containing `text`, and returns that
 * line: how a test learns that sipp got as far as a given step (say, the ACK of a re-INVITE). Fails with
 * `SippError` `timeout` with sipp's logs.
 *
 * @since 0.1.0
 */
export const waitForLog = (
  sipp: Sipp,
  text: string,
  timeout: Duration.DurationInput = "10 seconds"
): Effect.Effect<string, SippError> =>
  Effect.flatMap(sipp.readLog, (log) => {
    const line = log.split("\n").find((l) => l.includes(text))
    return line === undefined ? Effect.fail("not yet" as const) : Effect.succeed(line)
  }).pipe(
    Effect.retry(Schedule.spaced("50 millis")),
    Effect.timeoutFail({ duration: timeout, onTimeout: () => "timeout" as const }),
    Effect.catchAll(() =>
      Effect.flatMap(sipp.details, (details) =>
        Effect.fail(
          new SippError({
            reason: "timeout",
            summary: `sipp logged no "${text}" within ${Duration.format(Duration.decode(timeout))}`,
            details
          })
        )
      )
    )
  )
