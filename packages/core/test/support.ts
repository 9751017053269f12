/**
 * Helpers for the core's unit tests: an in-memory transport with a fallback server for scope closing, scripted
 * answers, log capture and a way to let forked fibers run without moving the TestClock.
 */
import {
  Cause,
  Effect,
  ExecutionStrategy,
  Exit,
  Fiber,
  Layer,
  Logger,
  LogLevel,
  Option,
  Scope,
  TestClock
} from "effect"
import {
  InMemoryTransport,
  type JanusSession,
  JanusTransport,
  type PluginHandle,
  type Protocol,
  Session,
  TransportError
} from "../src/index.js"

/** Lets every forked fiber run until it waits, without moving the TestClock (TestClock.adjust waits for that). */
export const settle = TestClock.adjust(0)

/** A request of one kind, as the server sees it. */
export type WireOf<K extends Protocol.WireRequest["janus"]> = Extract<Protocol.WireRequest, { readonly janus: K }>

/**
 * An answer for anything, so that scopes close without a hang once a script is done: `ack` for `keepalive` and
 * `trickle`, `success` otherwise (with `data.id` 1 for `create` and `attach`).
 */
export const lenient = (request: Protocol.WireRequest): Effect.Effect<ReadonlyArray<unknown>> =>
  Effect.succeed([
    request.janus === "keepalive" || request.janus === "trickle"
      ? { janus: "ack", session_id: request.session_id, transaction: request.transaction }
      : {
          janus: "success",
          transaction: request.transaction,
          ...("session_id" in request ? { session_id: request.session_id } : {}),
          ...(request.janus === "create" || request.janus === "attach" ? { data: { id: 1 } } : {})
        }
  ])

/** An in-memory transport and its server, plus `serveRest`. */
export interface Memory {
  readonly transport: JanusTransport
  readonly server: InMemoryTransport.InMemoryServer
  /**
   * Answers every later request with {@link lenient}, in a scope that closes after everything opened after
   * `memory` in the same scope: a script calls it when it is done, so that `destroy` / `detach` on scope close
   * get their answer.
   */
  readonly serveRest: Effect.Effect<void>
}

/** Makes an in-memory transport in the current scope. */
export const memory = (options?: InMemoryTransport.InMemoryOptions) =>
  Effect.gen(function* () {
    const { server, transport } = yield* InMemoryTransport.make(options)
    const rest = yield* Scope.fork(yield* Effect.scope, ExecutionStrategy.sequential)
    const memory: Memory = { transport, server, serveRest: server.serve(lenient).pipe(Scope.extend(rest)) }
    return memory
  })

/**
 * Runs a server script on a fresh in-memory transport. When the script succeeds, later requests (`destroy`,
 * `detach` on scope close) are answered by {@link lenient}; when it fails, the connection is dropped, so that
 * closing the scope cannot wait for an answer that never comes (the TestClock does not move by itself).
 */
export const scripted = <A, E, R>(
  body: (memory: Memory) => Effect.Effect<A, E, R>,
  options?: InMemoryTransport.InMemoryOptions
) =>
  Effect.flatMap(memory(options), (mem) =>
    // `serveRest` forks its server: not from a finalizer, where the fiber would be uninterruptible.
    body(mem).pipe(
      Effect.tap(() => mem.serveRest),
      Effect.onError(() => mem.server.drop)
    )
  )

/** The next request, which must be of kind `janus` (the test dies otherwise). */
export const expectRequest = <K extends Protocol.WireRequest["janus"]>(
  server: InMemoryTransport.InMemoryServer,
  janus: K
): Effect.Effect<WireOf<K>> =>
  Effect.flatMap(server.takeRequest, (request) =>
    request.janus === janus
      ? Effect.succeed(request as WireOf<K>)
      : Effect.dieMessage(`expected a ${janus} request, got ${JSON.stringify(request)}`)
  )

/** `Session.make` on a given transport. */
export const sessionOn = (transport: JanusTransport, options?: Session.SessionOptions) =>
  Session.make(options).pipe(Effect.provideService(JanusTransport, transport))

/** Opens a session by script: answers its `create` with `data.id` = `id` (or its `claim` with success). */
export const openSession = (memory: Memory, id: number, options?: Session.SessionOptions) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(sessionOn(memory.transport, options))
    const request = yield* memory.server.takeRequest
    if (request.janus === "create") {
      yield* memory.server.push({ janus: "success", transaction: request.transaction, data: { id } })
    } else {
      yield* memory.server.push({ janus: "success", session_id: id, transaction: request.transaction })
    }
    return yield* joinNow(fiber)
  })

/** Attaches a handle by script: answers its `attach` with `data.id` = `id`. */
export const attachHandle = (memory: Memory, session: JanusSession, id: number, plugin: string) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(session.attach(plugin))
    const request = yield* expectRequest(memory.server, "attach")
    yield* memory.server.push({
      janus: "success",
      session_id: session.id,
      transaction: request.transaction,
      data: { id }
    })
    const handle: PluginHandle = yield* joinNow(fiber)
    return handle
  })

/** One captured log line. */
export interface LogEntry {
  readonly level: LogLevel.LogLevel["label"]
  readonly parts: ReadonlyArray<unknown>
  readonly cause: Cause.Cause<unknown>
}

/** Captures the log lines of the effects it is provided to, from `minimum` up (Info by default). */
export const captureLogs = (minimum: LogLevel.LogLevel = LogLevel.Info) => {
  const entries: Array<LogEntry> = []
  const logger = Logger.make(({ cause, logLevel, message }) => {
    entries.push({ level: logLevel.label, parts: Array.isArray(message) ? message : [message], cause })
  })
  const layer = Layer.merge(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(minimum))
  return { entries, layer }
}

/** The warnings that carry a `TransportError` with reason `decode`. */
export const decodeWarnings = (entries: ReadonlyArray<LogEntry>) =>
  entries.filter(
    (entry) =>
      entry.level === "WARN" && entry.parts.some((part) => part instanceof TransportError && part.reason === "decode")
  )

/** The log lines whose text contains `text`. */
export const linesWith = (entries: ReadonlyArray<LogEntry>, level: LogLevel.LogLevel["label"], text: string) =>
  entries.filter(
    (entry) => entry.level === level && entry.parts.some((part) => typeof part === "string" && part.includes(text))
  )

/** The error (or defect) a failed exit carries; `undefined` for a success. */
export const errorOf = (exit: Exit.Exit<unknown, unknown>): unknown =>
  Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined

/**
 * Test options for a `describe`: property tests run dozens of cases, each with its own scope and TestClock, and
 * the machine may be busy; the assertions never depend on wall-clock time, so a wide limit costs nothing.
 */
export const generous = { timeout: 60_000 } as const

/**
 * Joins a fiber that must be done once every fiber has run (no clock movement): dies with a clear message when
 * it still waits, instead of hanging the test (and fast-check's shrinking) until the test timeout.
 */
export const joinNow = <A, E>(fiber: Fiber.Fiber<A, E>): Effect.Effect<A, E> =>
  Effect.gen(function* () {
    yield* settle
    const exit = yield* Fiber.poll(fiber)
    if (Option.isNone(exit)) {
      yield* Fiber.interrupt(fiber)
      return yield* Effect.dieMessage("a fiber that should be done is still waiting")
    }
    return yield* exit.value
  })

/** `Fiber.await` for a fiber that must be done by now (see {@link joinNow}). */
export const awaitNow = <A, E>(fiber: Fiber.Fiber<A, E>): Effect.Effect<Exit.Exit<A, E>> => Effect.exit(joinNow(fiber))

/**
 * Property options: `numRuns` cases; on a busy machine fast-check stops after 40 s (within the test timeout) and
 * still reports a counterexample it found, shrunk as far as it got.
 */
export const runs = (numRuns: number) => ({ fastCheck: { numRuns, interruptAfterTimeLimit: 40_000 } }) as const
