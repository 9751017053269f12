/**
 * A session hand-off between threads: a `node:worker_threads` worker creates a session (abandoned, not
 * destroyed, when it is done) and a SIP handle, registers, reports both ids to the main thread and exits;
 * the main thread claims the session and re-attaches the handle. This module is the message contract
 * (effect Schemas, so both sides validate what crosses the thread boundary) and an Effect wrapper around
 * `Worker`. A TypeScript worker runs through the bootstrap `ts-worker.mjs`, which registers tsx's loader in the
 * worker thread before importing it (on Node 20, `execArgv: ["--import", "tsx"]` does not apply to a worker's
 * entry module).
 *
 * @since 0.1.0
 */

import { parentPort, Worker, workerData } from "node:worker_threads"
import * as Data from "effect/Data"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Queue from "effect/Queue"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"

/**
 * What the worker gets (`workerData`): where Janus is, which registrar to use and which SIP user to be.
 *
 * @since 0.1.0
 */
export const Input = Schema.Struct({ wsUrl: Schema.String, registrarUri: Schema.String, user: Schema.String })
/** @since 0.1.0 */
export type Input = typeof Input.Type

/**
 * What the worker reports: the ids of the session and handle it leaves behind, or why it failed.
 *
 * @since 0.1.0
 */
export const Report = Schema.Union(
  Schema.TaggedStruct("Registered", { sessionId: Schema.Number, handleId: Schema.Number }),
  Schema.TaggedStruct("Failed", { message: Schema.String })
)
/** @since 0.1.0 */
export type Report = typeof Report.Type

/**
 * The worker could not be run, crashed, or reported something that is not a {@link Report}.
 *
 * @since 0.1.0
 */
export class WorkerError extends Data.TaggedError("WorkerError")<{ readonly message: string }> {}

/**
 * Worker side: the decoded `workerData`.
 *
 * @since 0.1.0
 */
export const input: Effect.Effect<Input, WorkerError> = Schema.decodeUnknown(Input)(
  (workerData as { readonly data?: unknown } | null)?.data
).pipe(Effect.mapError((error) => new WorkerError({ message: `bad workerData: ${error.message}` })))

/**
 * Worker side: posts a report to the main thread.
 *
 * @since 0.1.0
 */
export const report = (value: Report): Effect.Effect<void> =>
  Effect.sync(() => parentPort?.postMessage(Schema.encodeSync(Report)(value)))

const bootstrap = new URL("./ts-worker.mjs", import.meta.url)

/**
 * Main side: runs the TypeScript worker module at `url` (through the tsx bootstrap) with `data` (read with
 * {@link input}), and returns its first report and its exit code once it has exited (within 60 s). The
 * worker is terminated if the scope closes first.
 *
 * @since 0.1.0
 */
export const run = (
  url: URL,
  data: Input
): Effect.Effect<{ readonly report: Report; readonly exitCode: number }, WorkerError, Scope.Scope> =>
  Effect.gen(function* () {
    const messages = yield* Queue.unbounded<unknown>()
    const exited = yield* Deferred.make<number, WorkerError>()
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        const worker = new Worker(bootstrap, { workerData: { entry: url.href, data } })
        worker.on("message", (message: unknown) => Queue.unsafeOffer(messages, message))
        worker.on("error", (error) =>
          Deferred.unsafeDone(
            exited,
            Exit.fail(new WorkerError({ message: `worker crashed: ${error.stack ?? error.message}` }))
          )
        )
        worker.on("exit", (code) => Deferred.unsafeDone(exited, Exit.succeed(code)))
        return worker
      }),
      (worker) => Effect.promise(() => worker.terminate())
    )
    const exitCode = yield* Deferred.await(exited).pipe(
      Effect.timeoutFail({
        duration: "60 seconds",
        onTimeout: () => new WorkerError({ message: "worker did not exit" })
      })
    )
    const first = yield* Queue.poll(messages)
    if (first._tag === "None")
      return yield* new WorkerError({ message: `worker exited (${exitCode}) without a report` })
    const decoded = yield* Schema.decodeUnknown(Report)(first.value).pipe(
      Effect.mapError((error) => new WorkerError({ message: `bad report: ${error.message}` }))
    )
    return { report: decoded, exitCode }
  })
