/**
 * A real Janus WebRTC Server for integration tests: its own config (copied from the committed
 * template `janus/conf/` at the repository root), its own free ports, its own log file and temp dir,
 * started by `make` / `layer` and stopped when the scope closes.
 *
 * Follows "Running a real Janus in tests" in `shared/JANUS-FACTS.md`: `janus -F CONFDIR -C
 * CONFDIR/janus.jcfg -N -L LOGFILE`, readiness by polling `GET /janus/info`, SIGTERM to stop.
 * Janus runs in its own process group with its run dir as working directory and, where util-linux's
 * `setpriv` exists (always on Debian), under `setpriv --pdeathsig KILL`: it dies with the Node process
 * that started it even if that process never closes its scopes.
 *
 * Environment:
 * - `JANUS_BIN` — the Janus binary (default `janus`; a name without `/` is looked up on `PATH`);
 * - `JANUS_LIB_DIR` — the folder holding `plugins/`, `transports/`, `events/`, `loggers/` (default:
 *   found under `/usr/lib/<multiarch>/janus`, `/usr/lib/janus`, `/usr/local/lib/janus`, `/opt/janus/lib/janus`);
 * - `JANUS_RUN_DIR` — where the per-server temp dirs are created (default: the OS temp dir);
 * - `JANUS_KEEP_RUN_DIR=1` — leave the temp dir (config + log) behind after the server stops.
 *
 * @since 0.1.0
 */

import { randomUUID } from "node:crypto"
import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Path from "@effect/platform/Path"
import * as NodeCommandExecutor from "@effect/platform-node/NodeCommandExecutor"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import { afterEach, beforeEach } from "@vitest/runner"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ExecutionStrategy from "effect/ExecutionStrategy"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { freePorts } from "./internal/ports.js"
import * as Registry from "./internal/registry.js"

/**
 * A running Janus instance. Every URL points at 127.0.0.1 (the template binds IPv4 loopback only).
 *
 * @since 0.1.0
 */
export interface JanusServer {
  /** Janus API over HTTP, e.g. `http://127.0.0.1:41234/janus` (no trailing slash). */
  readonly httpUrl: string
  /** Janus API over WebSocket, e.g. `ws://127.0.0.1:41235` (subprotocol `janus-protocol`). */
  readonly wsUrl: string
  /** Admin API over HTTP, e.g. `http://127.0.0.1:41236/admin` (see the `Admin` module). */
  readonly adminUrl: string
  /** Admin API over WebSocket, e.g. `ws://127.0.0.1:41237` (subprotocol `janus-admin-protocol`). */
  readonly adminWsUrl: string
  /** TCP port of `httpUrl`. */
  readonly httpPort: number
  /** TCP port of `wsUrl`. */
  readonly wsPort: number
  /** TCP port of `adminUrl`. */
  readonly adminPort: number
  /** TCP port of `adminWsUrl`. */
  readonly adminWsPort: number
  /** `admin_secret` every Admin API request must carry. */
  readonly adminSecret: string
  /** `api_secret` every Janus API request must carry (`apisecret` field / query parameter), if set. */
  readonly apiSecret: string | undefined
  /** `session_timeout`, in seconds (0 = sessions never time out). */
  readonly sessionTimeout: number
  /** `reclaim_session_timeout`, in seconds (0 = a WebSocket close destroys its sessions at once). */
  readonly reclaimTimeout: number
  /** `server_name` (unique per instance; `/info` reports it as `server-name`). */
  readonly serverName: string
  /** OS process id of Janus (its own process group). */
  readonly pid: number
  /** Per-instance temp dir holding `conf/`, `recordings/` and `janus.log`; removed on stop. */
  readonly runDir: string
  /** The substituted config folder passed as `-F` (plugins write permanent rooms here). */
  readonly confDir: string
  /** Folder configured for Record&Play recordings and room recordings. */
  readonly recordingsDir: string
  /** The log file passed as `-L`. */
  readonly logFile: string
  /** The whole log so far (after the server stopped: the log as it was when it stopped). Never fails. */
  readonly readLog: Effect.Effect<string>
}

/**
 * Context Tag of the running server provided by `layer`.
 *
 * @since 0.1.0
 */
export const JanusServer: Context.Tag<JanusServer, JanusServer> = Context.GenericTag<JanusServer>(
  "@effect-janus/testing-janus/JanusServer"
)

/**
 * Options of `make` / `layer`. Every field is optional.
 *
 * @since 0.1.0
 */
export interface Options {
  /** `session_timeout` in seconds, integer ≥ 0 (default 60, as Janus). */
  readonly sessionTimeout?: number | undefined
  /** `reclaim_session_timeout` in seconds, integer ≥ 0 (default 0, as Janus: no reclaim window). */
  readonly reclaimTimeout?: number | undefined
  /** `api_secret` to enforce (default: none). Printable ASCII without `"` or `\`. */
  readonly apiSecret?: string | undefined
  /** `admin_secret` of the Admin API (default `"janusoverlord"`, as the stock config). */
  readonly adminSecret?: string | undefined
  /** `debug_level`, 0–7 (default 4). 5+ logs every request, handy when a test fails. */
  readonly logLevel?: number | undefined
  /**
   * UDP port range for ICE/RTP (core `media.rtp_port_range`) and for the SIP, NoSIP, AudioBridge and
   * Streaming plugins' plain RTP (default 20000–40000). Ports in the range are shared by parallel
   * instances; Janus and its plugins pick free ones inside it.
   */
  readonly rtpPortRange?: { readonly min: number; readonly max: number } | undefined
  /** How long to wait for Janus to answer `/info` (default 15 seconds). */
  readonly startTimeout?: Duration.DurationInput | undefined
  /** Extra command-line arguments appended after the harness's own (e.g. `["-E", "lo"]`). */
  readonly args?: ReadonlyArray<string> | undefined
  /** Extra environment variables for the Janus process (e.g. `LD_PRELOAD`); the rest is inherited. */
  readonly env?: Readonly<Record<string, string>> | undefined
  /**
   * Last-minute edit of a config file after substitution, e.g. to set the SIP plugin's `local_ip`:
   * `(file, text) => file === "janus.plugin.sip.jcfg" ? text.replace("general: {", "general: {\n\tlocal_ip = \"127.0.0.1\"") : text`.
   */
  readonly configure?: ((fileName: string, text: string) => string) | undefined
  /**
   * Extra config files written next to the template's, by file name, e.g. an event handler's
   * `janus.eventhandler.sampleevh.jcfg` (enable it in `janus.jcfg` through `configure`). `@NAME@` placeholders
   * are substituted as in the template (`@RUN_DIR@`, `@CONF_DIR@`, …).
   */
  readonly files?: Readonly<Record<string, string>> | undefined
  /** Config template folder (default: `janus/conf/` at the repository root). */
  readonly templateDir?: string | undefined
}

/**
 * Why a Janus server could not be started:
 * - `options`: an invalid option or environment variable;
 * - `config`: the template could not be read, substituted or written, or the Janus libraries were not found;
 * - `spawn`: the binary could not be started (not installed? see `scripts/setup.sh`, or set `JANUS_BIN`);
 * - `exited`: Janus exited before it was ready;
 * - `fatal`: Janus logged a `[FATAL]` line (e.g. a port taken meanwhile; retried twice with fresh ports);
 * - `timeout`: Janus did not answer `/info` with its own name and both transports in time.
 * `logTail` holds the last lines of the Janus log and `output` its stdout/stderr; `message` includes both.
 *
 * @since 0.1.0
 */
export class JanusStartError extends Schema.TaggedError<JanusStartError>("@effect-janus/testing-janus/JanusStartError")(
  "JanusStartError",
  {
    reason: Schema.Literal("options", "config", "spawn", "exited", "fatal", "timeout"),
    message: Schema.String,
    logTail: Schema.String,
    output: Schema.String
  }
) {}

/** A start failure before the log tail is attached; `NotReady` means "poll again". */
class StartFailure extends Data.TaggedError("StartFailure")<{
  readonly reason: JanusStartError["reason"]
  readonly message: string
}> {}
class NotReady extends Data.TaggedError("NotReady")<{ readonly message: string }> {}

const ServerInfo = Schema.Struct({
  "server-name": Schema.String,
  plugins: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  transports: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})

const liveClock = Clock.make()

/** The Node services `make` needs (not `NodeContext.layer`: its Terminal would touch stdin). */
const PlatformLive = Layer.mergeAll(NodePath.layer, NodeCommandExecutor.layer, FetchHttpClient.layer).pipe(
  Layer.provideMerge(NodeFileSystem.layer)
)
const templateDirDefault = (): string => fileURLToPath(new URL("../../../janus/conf/", import.meta.url))
const libDirCandidates = ["/usr/lib/janus", "/usr/local/lib/janus", "/opt/janus/lib/janus"]

const lastLines = (text: string, count: number): string => {
  const lines = text.split("\n")
  if (lines.at(-1) === "") lines.pop()
  return lines.slice(-count).join("\n")
}

const isInteger = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max
const secretOk = (s: string) => /^[\x21-\x7e]+$/.test(s) && !s.includes('"') && !s.includes("\\")

const validate = (options: Options): Effect.Effect<void, StartFailure> => {
  const problems: Array<string> = []
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what)
  }
  if (options.sessionTimeout !== undefined)
    check(isInteger(0, 86_400)(options.sessionTimeout), "sessionTimeout must be an integer number of seconds ≥ 0")
  if (options.reclaimTimeout !== undefined)
    check(isInteger(0, 86_400)(options.reclaimTimeout), "reclaimTimeout must be an integer number of seconds ≥ 0")
  if (options.logLevel !== undefined) check(isInteger(0, 7)(options.logLevel), "logLevel must be an integer 0–7")
  if (options.apiSecret !== undefined)
    check(secretOk(options.apiSecret), 'apiSecret must be printable ASCII without " or \\')
  if (options.adminSecret !== undefined)
    check(secretOk(options.adminSecret), 'adminSecret must be printable ASCII without " or \\')
  if (options.rtpPortRange !== undefined) {
    const { max, min } = options.rtpPortRange
    check(
      isInteger(1024, 65_535)(min) && isInteger(1024, 65_535)(max) && min < max,
      "rtpPortRange must be 1024 ≤ min < max ≤ 65535"
    )
  }
  return problems.length === 0
    ? Effect.void
    : Effect.fail(
        new StartFailure({ reason: "options", message: `Invalid JanusServer options: ${problems.join("; ")}` })
      )
}

/** Finds the folder with Janus's `plugins/`, `transports/`, … (see the module doc for the order). */
const findLibDir = Effect.fnUntraced(function* (fs: FileSystem.FileSystem) {
  const fromEnv = yield* Config.option(Config.nonEmptyString("JANUS_LIB_DIR"))
  if (Option.isSome(fromEnv)) return fromEnv.value
  const multiarch = yield* fs.readDirectory("/usr/lib").pipe(
    Effect.map((names) => names.filter((name) => name.includes("-linux-")).map((name) => `/usr/lib/${name}/janus`)),
    Effect.orElseSucceed((): ReadonlyArray<string> => [])
  )
  const found = yield* Effect.findFirst([...multiarch, ...libDirCandidates], (dir) =>
    fs.exists(`${dir}/plugins/libjanus_echotest.so`).pipe(Effect.orElseSucceed(() => false))
  )
  if (Option.isSome(found)) return found.value
  return yield* new StartFailure({
    reason: "config",
    message:
      "Cannot find the Janus plugins folder (looked for */janus/plugins/libjanus_echotest.so under /usr/lib, /usr/local/lib, /opt/janus/lib). Install Janus (bash scripts/setup.sh) or set JANUS_LIB_DIR."
  })
})

/** Replaces `@NAME@` placeholders; fails on any placeholder left outside a comment. */
const substitute = (fileName: string, text: string, vars: Readonly<Record<string, string>>) =>
  Effect.suspend(() => {
    const result = text.replace(/@([A-Z_]+)@/g, (match, name: string) => vars[name] ?? match)
    const leftover = result
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("#"))
      .join("\n")
      .match(/@[A-Z_]+@/)
    return leftover === null
      ? Effect.succeed(result)
      : Effect.fail(
          new StartFailure({ reason: "config", message: `Unknown placeholder ${leftover[0]} in ${fileName}` })
        )
  })

/**
 * Stops Janus (the whole process group). A server that became ready gets SIGTERM and up to 5 s to
 * exit cleanly, then SIGKILL; a failed start gets SIGKILL at once (Janus 1.1.2 ignores a SIGTERM that
 * arrives in its first ~50 ms and then hangs). Never fails.
 *
 * `proc.kill` resolves when the process has exited; it is made interruptible because finalizers run
 * uninterruptibly, and `Effect.timeout` could otherwise not abandon the wait.
 */
const stopProcess = (proc: CommandExecutor.Process, graceful: boolean) =>
  Effect.gen(function* () {
    if (!(yield* Effect.orElseSucceed(proc.isRunning, () => true))) return
    const killAndWait = (signal: NodeJS.Signals) =>
      proc.kill(signal).pipe(Effect.interruptible, Effect.timeout("5 seconds"), Effect.isSuccess)
    const stopped = graceful && (yield* killAndWait("SIGTERM"))
    if (!stopped) yield* killAndWait("SIGKILL")
  }).pipe(Effect.withClock(liveClock))

/**
 * Looks a command up like a shell does: a name with a slash is used as given, anything else is
 * searched in `PATH`. Resolving up front gives a clear `spawn` error instead of a wrapper's exit code.
 */
const resolveCommand = Effect.fnUntraced(function* (fs: FileSystem.FileSystem, name: string) {
  if (name.includes("/")) {
    return (yield* fs.exists(name).pipe(Effect.orElseSucceed(() => false))) ? Option.some(name) : Option.none()
  }
  const path = yield* Config.string("PATH").pipe(Config.withDefault("/usr/local/bin:/usr/bin:/bin"))
  return yield* Effect.findFirst(
    path
      .split(":")
      .filter((dir) => dir !== "")
      .map((dir) => `${dir}/${name}`),
    (candidate) => fs.exists(candidate).pipe(Effect.orElseSucceed(() => false))
  )
})

interface Resolved {
  /** Absolute path (or path with a slash) of the Janus binary. */
  readonly bin: string
  /**
   * `setpriv` (util-linux, essential on Debian) when available: Janus is started through
   * `setpriv --pdeathsig KILL`, so it dies with the Node process that started it even when that
   * process exits without closing its scopes (a killed vitest worker, a test that hung).
   */
  readonly setpriv: Option.Option<string>
  readonly libDir: string
  readonly templateDir: string
  readonly runBase: Option.Option<string>
  readonly keepRunDir: boolean
}

/** One start attempt with fresh ports and a fresh temp dir; everything it acquires lives in the current scope. */
const attempt = Effect.fnUntraced(function* (options: Options, resolved: Resolved) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const client = yield* HttpClient.HttpClient

  const runDir = yield* fs.makeTempDirectory(
    Option.match(resolved.runBase, {
      onNone: () => ({ prefix: "effect-janus-" }),
      onSome: (directory) => ({ directory, prefix: "effect-janus-" })
    })
  )
  if (!resolved.keepRunDir) {
    yield* Effect.addFinalizer(() => fs.remove(runDir, { recursive: true }).pipe(Effect.ignore))
  }
  const confDir = path.join(runDir, "conf")
  const recordingsDir = path.join(runDir, "recordings")
  const logFile = path.join(runDir, "janus.log")
  yield* fs.makeDirectory(confDir)
  yield* fs.makeDirectory(recordingsDir)

  const [httpPort, wsPort, adminPort, adminWsPort] = (yield* freePorts(4).pipe(
    Effect.mapError(
      (error) => new StartFailure({ reason: "config", message: `Cannot pick free ports: ${error.message}` })
    )
  )) as [number, number, number, number]
  const serverName = `effect-janus-${httpPort}-${randomUUID().slice(0, 8)}`
  const sessionTimeout = options.sessionTimeout ?? 60
  const reclaimTimeout = options.reclaimTimeout ?? 0
  const adminSecret = options.adminSecret ?? "janusoverlord"
  const rtp = options.rtpPortRange ?? { min: 20_000, max: 40_000 }
  const vars: Record<string, string> = {
    CONF_DIR: confDir,
    RUN_DIR: runDir,
    RECORDINGS_DIR: recordingsDir,
    JANUS_LIB_DIR: resolved.libDir,
    LOG_LEVEL: String(options.logLevel ?? 4),
    SERVER_NAME: serverName,
    API_SECRET_LINE: options.apiSecret === undefined ? "# api_secret: not set" : `api_secret = "${options.apiSecret}"`,
    ADMIN_SECRET: adminSecret,
    SESSION_TIMEOUT: String(sessionTimeout),
    RECLAIM_TIMEOUT: String(reclaimTimeout),
    RTP_PORT_RANGE: `${rtp.min}-${rtp.max}`,
    HTTP_PORT: String(httpPort),
    WS_PORT: String(wsPort),
    ADMIN_HTTP_PORT: String(adminPort),
    ADMIN_WS_PORT: String(adminWsPort)
  }
  const templates = (yield* fs.readDirectory(resolved.templateDir)).filter((name) => name.endsWith(".jcfg"))
  if (!templates.includes("janus.jcfg")) {
    return yield* new StartFailure({ reason: "config", message: `No janus.jcfg in ${resolved.templateDir}` })
  }
  yield* Effect.forEach(templates, (name) =>
    fs.readFileString(path.join(resolved.templateDir, name)).pipe(
      Effect.flatMap((text) => substitute(name, text, vars)),
      Effect.map((text) => (options.configure ? options.configure(name, text) : text)),
      Effect.flatMap((text) => fs.writeFileString(path.join(confDir, name), text))
    )
  )
  yield* Effect.forEach(Object.entries(options.files ?? {}), ([name, text]) =>
    substitute(name, text, vars).pipe(Effect.flatMap((text) => fs.writeFileString(path.join(confDir, name), text)))
  )

  // The final log is captured after the process stopped and before the run dir is removed
  // (finalizers run in reverse order of registration).
  const finalLog = yield* Ref.make<Option.Option<string>>(Option.none())
  yield* Effect.addFinalizer(() =>
    fs.readFile(logFile).pipe(
      Effect.tap((bytes) => Ref.set(finalLog, Option.some(new TextDecoder().decode(bytes)))),
      Effect.tap((bytes) => Effect.sync(() => Registry.markClosed(serverName, bytes))),
      Effect.ignore
    )
  )

  const janusArgs = [
    resolved.bin,
    "-F",
    confDir,
    "-C",
    path.join(confDir, "janus.jcfg"),
    "-N",
    "-L",
    logFile,
    ...(options.args ?? [])
  ]
  const command = Option.match(resolved.setpriv, {
    onNone: () => Command.make(resolved.bin, ...janusArgs.slice(1)),
    onSome: (setpriv) => Command.make(setpriv, "--pdeathsig", "KILL", "--", ...janusArgs)
  }).pipe(
    Command.env(options.env ?? {}),
    // Janus 1.1.2 occasionally aborts during exit (after "Bye!"); a core file then lands in the
    // run dir, which is removed, instead of the caller's working directory.
    Command.workingDirectory(runDir)
  )
  const proc = yield* Command.start(command).pipe(
    Effect.mapError(
      (error) =>
        new StartFailure({
          reason: "spawn",
          message: `Cannot start ${resolved.bin} (${error.message}). Install Janus (bash scripts/setup.sh) or set JANUS_BIN.`
        })
    )
  )
  const ready = yield* Ref.make(false)
  yield* Effect.addFinalizer(() => Effect.flatMap(Ref.get(ready), (graceful) => stopProcess(proc, graceful)))

  // Janus writes a few banner lines to stdout even with -N; keep the tail of stdout+stderr for errors.
  const output = yield* Ref.make("")
  yield* Stream.merge(proc.stdout, proc.stderr).pipe(
    Stream.decodeText(),
    Stream.runForEach((chunk) => Ref.update(output, (text) => (text + chunk).slice(-16_384))),
    Effect.ignore,
    Effect.forkScoped
  )

  const httpUrl = `http://127.0.0.1:${httpPort}/janus`
  const adminUrl = `http://127.0.0.1:${adminPort}/admin`
  // Janus's log thread writes asynchronously: a `[FATAL]` (a port taken meanwhile) can land after `/info` already
  // lists the transport, so the log is read before and again after the HTTP checks.
  const checkLog = Effect.gen(function* () {
    const log = yield* fs.readFileString(logFile).pipe(Effect.orElseSucceed(() => ""))
    const fatal = log.split("\n").find((line) => line.includes("[FATAL]"))
    if (fatal !== undefined) {
      return yield* new StartFailure({ reason: "fatal", message: `Janus logged a fatal error: ${fatal.trim()}` })
    }
  })
  const probe = Effect.gen(function* () {
    yield* checkLog
    const notReady = (message: string) => () => new NotReady({ message })
    const info = yield* client
      .get(`${httpUrl}/info`)
      .pipe(
        Effect.flatMap(HttpClientResponse.schemaBodyJson(ServerInfo)),
        Effect.timeout("2 seconds"),
        Effect.mapError(notReady(`GET ${httpUrl}/info did not answer`))
      )
    if (info["server-name"] !== serverName) {
      return yield* notReady(`${httpUrl}/info answered for another server (${info["server-name"]})`)()
    }
    for (const transport of ["janus.transport.http", "janus.transport.websockets"]) {
      if (!(transport in info.transports)) return yield* notReady(`${transport} is not loaded yet`)()
    }
    const admin = yield* HttpClientRequest.post(adminUrl).pipe(
      HttpClientRequest.bodyUnsafeJson({ janus: "info", transaction: randomUUID(), admin_secret: adminSecret }),
      client.execute,
      Effect.flatMap(HttpClientResponse.schemaBodyJson(ServerInfo)),
      Effect.timeout("2 seconds"),
      Effect.mapError(notReady(`POST ${adminUrl} info did not answer`))
    )
    if (admin["server-name"] !== serverName) {
      return yield* notReady(`${adminUrl} answered for another server (${admin["server-name"]})`)()
    }
    yield* Effect.sleep("20 millis")
    yield* checkLog
  })
  const lastNotReady = yield* Ref.make("no answer yet")
  const waitReady = probe.pipe(
    Effect.tapError((error) => (error._tag === "NotReady" ? Ref.set(lastNotReady, error.message) : Effect.void)),
    Effect.retry({ while: (error) => error._tag === "NotReady", schedule: Schedule.spaced("50 millis") }),
    Effect.catchTag("NotReady", (error) => Effect.fail(new StartFailure({ reason: "timeout", message: error.message })))
  )
  const exited = proc.exitCode.pipe(
    Effect.match({ onFailure: (error) => error.message, onSuccess: (code) => `exit code ${code}` }),
    Effect.flatMap((how) =>
      Effect.fail(new StartFailure({ reason: "exited", message: `Janus exited before it was ready (${how})` }))
    )
  )
  const startTimeout = Duration.decode(options.startTimeout ?? "15 seconds")
  yield* Effect.raceFirst(waitReady, exited).pipe(
    Effect.timeoutFail({
      duration: startTimeout,
      onTimeout: () => new StartFailure({ reason: "timeout", message: "" })
    }),
    Effect.catchIf(
      (error) => error.reason === "timeout",
      () =>
        Effect.flatMap(Ref.get(lastNotReady), (last) =>
          Effect.fail(
            new StartFailure({
              reason: "timeout",
              message: `Janus was not ready after ${Duration.format(startTimeout)} (last check: ${last})`
            })
          )
        )
    ),
    // Attach the log tail and process output to every failure of this attempt.
    Effect.catchAll((failure) =>
      Effect.all([fs.readFileString(logFile).pipe(Effect.orElseSucceed(() => "")), Ref.get(output)]).pipe(
        Effect.flatMap(([log, out]) => Effect.fail(toStartError(failure, log, out)))
      )
    )
  )

  yield* Ref.set(ready, true)
  Registry.register({ id: serverName, label: `${serverName} (${httpUrl})`, logFile })
  const server: JanusServer = {
    httpUrl,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    adminUrl,
    adminWsUrl: `ws://127.0.0.1:${adminWsPort}`,
    httpPort,
    wsPort,
    adminPort,
    adminWsPort,
    adminSecret,
    apiSecret: options.apiSecret,
    sessionTimeout,
    reclaimTimeout,
    serverName,
    pid: proc.pid,
    runDir,
    confDir,
    recordingsDir,
    logFile,
    readLog: fs.readFileString(logFile).pipe(
      Effect.orElse(() =>
        Effect.map(
          Ref.get(finalLog),
          Option.getOrElse(() => "")
        )
      )
    )
  }
  return server
})

const toStartError = (failure: StartFailure, log: string, output: string): JanusStartError => {
  const logTail = lastLines(log, 60)
  const outputTail = lastLines(output, 20)
  return new JanusStartError({
    reason: failure.reason,
    logTail,
    output: outputTail,
    message: [
      failure.message,
      `--- Janus log (last 60 lines) ---`,
      logTail === "" ? "(empty)" : logTail,
      `--- Janus stdout/stderr ---`,
      outputTail === "" ? "(empty)" : outputTail
    ].join("\n")
  })
}

/**
 * Starts a Janus server in the current scope and stops it when the scope closes: SIGTERM, up to 5 s
 * for the exit, then SIGKILL (to the process group); then the temp dir (config, log, recordings)
 * is removed. Typical cost: ~0.2–0.5 s to start, ~0.2 s to stop.
 *
 * Steps: copies the template (`options.templateDir`, default `janus/conf/`) into a fresh temp dir,
 * substitutes its `@PLACEHOLDER@`s, picks four free TCP ports on 127.0.0.1 (HTTP, WebSocket, Admin
 * HTTP, Admin WebSocket), runs `$JANUS_BIN -F CONF -C CONF/janus.jcfg -N -L LOG`, and polls `GET {httpUrl}/info` and the
 * Admin `info` every 50 ms until both answer with this instance's `server-name` and both transports
 * are loaded. A `[FATAL]` log line (typically a port taken meanwhile) makes it retry twice with fresh
 * ports. Uses the live clock even under `@effect/vitest`'s `TestClock`.
 *
 * Fails with `JanusStartError` (see its doc for the reasons).
 *
 * @since 0.1.0
 */
export const make: (options?: Options) => Effect.Effect<JanusServer, JanusStartError, Scope.Scope> = Effect.fn(
  "JanusServer.make"
)(
  function* (options: Options = {}) {
    const fs = yield* FileSystem.FileSystem
    yield* validate(options)
    const env = yield* Effect.all({
      bin: Config.nonEmptyString("JANUS_BIN").pipe(Config.withDefault("janus")),
      runBase: Config.option(Config.nonEmptyString("JANUS_RUN_DIR")),
      keepRunDir: Config.boolean("JANUS_KEEP_RUN_DIR").pipe(Config.withDefault(false))
    }).pipe(Effect.mapError((error) => new StartFailure({ reason: "options", message: String(error) })))
    if (Option.isSome(env.runBase)) yield* fs.makeDirectory(env.runBase.value, { recursive: true })
    const bin = yield* resolveCommand(fs, env.bin)
    if (Option.isNone(bin)) {
      return yield* new StartFailure({
        reason: "spawn",
        message: `Cannot find the Janus binary "${env.bin}". Install Janus (bash scripts/setup.sh) or set JANUS_BIN.`
      })
    }
    const resolved: Resolved = {
      ...env,
      bin: bin.value,
      setpriv: yield* resolveCommand(fs, "setpriv"),
      libDir: yield* findLibDir(fs),
      templateDir: options.templateDir ?? templateDirDefault()
    }
    const scope = yield* Effect.scope
    const once = Effect.gen(function* () {
      const child = yield* Scope.fork(scope, ExecutionStrategy.sequential)
      return yield* attempt(options, resolved).pipe(
        Scope.extend(child),
        Effect.onExit((exit) => (Exit.isFailure(exit) ? Scope.close(child, exit) : Effect.void))
      )
    })
    return yield* once.pipe(
      Effect.retry({ times: 2, while: (error) => error instanceof JanusStartError && error.reason === "fatal" })
    )
  },
  (effect) =>
    effect.pipe(
      Effect.catchAll((error) =>
        Effect.fail(
          error instanceof JanusStartError
            ? error
            : error instanceof StartFailure
              ? toStartError(error, "", "")
              : toStartError(new StartFailure({ reason: "config", message: error.message }), "", "")
        )
      ),
      Effect.provide(PlatformLive),
      Effect.withClock(liveClock)
    )
)

/**
 * `make` as a Layer: the server starts when the layer is built and stops when its scope closes.
 * With `@effect/vitest`: `layer(JanusServer.layer({ sessionTimeout: 10 }))("…", (it) => { … })` starts
 * one server for the whole block (in `beforeAll`) and stops it in `afterAll`.
 *
 * Caveat of `@effect/vitest` 0.30: `layer(...)` replaces the methods of the shared `it` it exports
 * while its block is collected, so a plain `it.effect` / `it.scoped` declared after a `layer(...)`
 * block in the same file runs inside that layer's runtime — already closed after the block, and with
 * `-t` / `.only` built on demand and never closed. Declare plain tests before the first `layer(...)`
 * block of a file (or in another file).
 *
 * @since 0.1.0
 */
export const layer = (options?: Options): Layer.Layer<JanusServer, JanusStartError> =>
  Layer.scoped(JanusServer, make(options))

/**
 * Options of `printLogOnFailure`.
 *
 * @since 0.1.0
 */
export interface PrintLogOptions {
  /** At most this many lines per server (default 200, the most recent ones). */
  readonly maxLines?: number | undefined
}

/**
 * Vitest helper: when a test fails, prints (to stderr, attributed to the test) the Janus log lines
 * written during that test, for every server this test file started with `make` / `layer` — servers
 * still running (e.g. from `layer(...)`) and servers scoped to the test that already stopped.
 *
 * Call it synchronously, once, at the top level of a test file or inside `describe` /
 * `layer(...)(…, (it) => …)`; it registers a `beforeEach` (remembers each log's size) and an `afterEach`
 * (prints when `context.task.result.state === "fail"`) in that block. Calling it in nested blocks
 * prints the running servers' logs once per level.
 *
 * How the servers reach the hook: `make` records each ready server in a module-level registry
 * (test-only mutable state; vitest gives each test file its own module instance), and keeps the final
 * log of stopped servers until the next `afterEach` once this helper was called.
 *
 * @since 0.1.0
 */
export const printLogOnFailure = (options?: PrintLogOptions): void => {
  const maxLines = options?.maxLines ?? 200
  const offsets = new Map<string, number>()
  Registry.hookInstalled()
  const run = <A>(effect: Effect.Effect<A, never, FileSystem.FileSystem>): Promise<A> =>
    Effect.runPromise(Effect.provide(effect, NodeFileSystem.layer))

  beforeEach(() =>
    run(
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        // Servers that stopped before this test began (e.g. a previous block's layer) are not its business.
        Registry.dropClosed()
        offsets.clear()
        for (const entry of Registry.all()) {
          if (entry.closedLog !== undefined) continue
          const size = yield* fs.stat(entry.logFile).pipe(
            Effect.map((info) => Number(info.size)),
            Effect.orElseSucceed(() => 0)
          )
          offsets.set(entry.id, size)
        }
      })
    )
  )

  afterEach((context) =>
    run(
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        if (context.task.result?.state === "fail") {
          for (const entry of Registry.all()) {
            const bytes =
              entry.closedLog ?? (yield* fs.readFile(entry.logFile).pipe(Effect.orElseSucceed(() => new Uint8Array())))
            const offset = offsets.get(entry.id) ?? 0
            const text = new TextDecoder().decode(bytes.subarray(Math.min(offset, bytes.length)))
            const state = entry.closedLog === undefined ? "running" : "stopped"
            yield* Console.error(
              [
                `===== Janus log of ${entry.label}, ${state}: last ${maxLines} lines written during "${context.task.name}" =====`,
                lastLines(text, maxLines) || "(nothing logged during this test)",
                `===== end of Janus log of ${entry.id} =====`
              ].join("\n")
            )
          }
        }
        Registry.dropClosed()
      })
    )
  )
}
