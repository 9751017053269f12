/**
 * Records a stream of Janus messages (a handle's or a session's `events`) from now on, so a test can wait for
 * the first message that matches, whenever it arrived — before or after the wait started — and get every
 * message seen so far in the failure message when none does.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"

/**
 * No recorded message matched within the time allowed. `seen` lists what was recorded (as JSON), and how the
 * stream ended if it did.
 *
 * @since 0.1.0
 */
export class NoSuchEvent extends Data.TaggedError("NoSuchEvent")<{ readonly expected: string; readonly seen: string }> {
  override get message(): string {
    return `No ${this.expected} within the time allowed. Seen:\n${this.seen}`
  }
}

/**
 * A running recording.
 *
 * @since 0.1.0
 */
export interface Recorder<A> {
  /** Everything recorded so far, in arrival order. */
  readonly all: Effect.Effect<ReadonlyArray<A>>
  /**
   * The first recorded message (from the start of the recording) matching `predicate`, waiting up to
   * `timeout` (default 20 s) for it. `expected` names it in the error.
   */
  readonly waitFor: <B extends A = A>(
    expected: string,
    predicate: ((a: A) => a is B) | ((a: A) => boolean),
    timeout?: Duration.DurationInput
  ) => Effect.Effect<B, NoSuchEvent>
}

interface State<A> {
  readonly items: ReadonlyArray<A>
  readonly end: string | undefined
}

/**
 * Starts recording `stream` in the current scope (interrupted when the scope closes). The stream is
 * subscribed before this effect returns, so a request sent afterwards cannot be answered unseen.
 *
 * @since 0.1.0
 */
export const record = <A, E>(stream: Stream.Stream<A, E>): Effect.Effect<Recorder<A>, never, Scope.Scope> =>
  Effect.gen(function* () {
    const state = yield* SubscriptionRef.make<State<A>>({ items: [], end: undefined })
    yield* stream.pipe(
      Stream.runForEach((a) => SubscriptionRef.update(state, (s) => ({ ...s, items: [...s.items, a] }))),
      Effect.exit,
      Effect.flatMap((exit) =>
        SubscriptionRef.update(state, (s) => ({
          ...s,
          end: exit._tag === "Success" ? "stream ended" : `stream failed: ${String(exit.cause)}`
        }))
      ),
      Effect.forkScoped
    )
    // Let the forked fiber run its first step: that is where the stream subscribes to its source.
    yield* Effect.yieldNow()
    const describe = (s: State<A>) =>
      [...s.items.map((a) => JSON.stringify(a).slice(0, 600)), ...(s.end === undefined ? [] : [s.end])].join("\n") ||
      "(nothing)"
    const waitFor = <B extends A>(
      expected: string,
      predicate: ((a: A) => a is B) | ((a: A) => boolean),
      timeout: Duration.DurationInput = "20 seconds"
    ): Effect.Effect<B, NoSuchEvent> =>
      state.changes.pipe(
        Stream.filterMap((s) => Option.fromNullable(s.items.find(predicate) as B | undefined)),
        Stream.runHead,
        Effect.flatten,
        Effect.timeout(timeout),
        Effect.catchAll(() =>
          Effect.flatMap(SubscriptionRef.get(state), (s) =>
            Effect.fail(
              new NoSuchEvent({
                expected: `${expected} (${Duration.format(Duration.decode(timeout))})`,
                seen: describe(s)
              })
            )
          )
        )
      )
    return { all: Effect.map(SubscriptionRef.get(state), (s) => s.items), waitFor }
  })
