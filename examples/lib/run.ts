/**
 * Runs an example program as a process: in a scope (every process, socket and peer connection it opened is
 * closed before the process ends), within a time limit, with exit code 0 on success and 1 on failure (the error
 * is printed). It ends with `process.exit`, so a socket or timer left behind by a library cannot keep it alive.
 */
import { Runtime } from "@effect/platform"
import { NodeRuntime } from "@effect/platform-node"
import { Data, Duration, Effect, type Scope } from "effect"

/** The example ran out of time. */
export class ExampleTimeout extends Data.TaggedError("ExampleTimeout")<{ readonly message: string }> {}

/** Runs `program` as the process's main program, failing with `ExampleTimeout` after `limit`. */
export const runExample = <A, E>(program: Effect.Effect<A, E, Scope.Scope>, limit: Duration.DurationInput): void =>
  NodeRuntime.runMain(
    program.pipe(
      Effect.timeoutFail({
        duration: limit,
        onTimeout: () => new ExampleTimeout({ message: `not done within ${Duration.format(Duration.decode(limit))}` })
      }),
      Effect.scoped
    ),
    {
      teardown: (exit, onExit) =>
        Runtime.defaultTeardown(exit, (code) => {
          onExit(code)
          process.exit(code)
        })
    }
  )

/** Something the example checks did not hold (the message says what). */
export class ExampleFailure extends Data.TaggedError("ExampleFailure")<{ readonly message: string }> {}
