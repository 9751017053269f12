import { type SessionClosedError, TransportError } from "@effect-janus/core"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/**
 * Starts listening on `events` for the first value matching `isFinal`, then runs `send`; resolves with `send`'s
 * own answer when `immediate` accepts it, else with the first matching event. Fails with `TransportError`
 * `timeout` after `timeout`, `closed` when the stream ends first.
 *
 * The listener is forked and given a turn (`yieldNow`) before `send`, so it is subscribed by the time the request
 * goes out: the core subscribes synchronously when the stream starts.
 */
export const sendThenAwait = <A, E, B, C extends B>(
  events: Stream.Stream<B, SessionClosedError>,
  send: Effect.Effect<A, E>,
  isFinal: (event: B) => event is C,
  immediate: (answer: A) => C | undefined,
  timeout: Duration.DurationInput,
  what: string
): Effect.Effect<C, E | SessionClosedError | TransportError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const waiter = yield* events.pipe(Stream.filter(isFinal), Stream.runHead, Effect.forkScoped)
      yield* Effect.yieldNow()
      const answer = yield* send
      const now = immediate(answer)
      if (now !== undefined) return now
      const next = yield* Fiber.join(waiter).pipe(
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () =>
            new TransportError({
              reason: "timeout",
              message: `no ${what} within ${Duration.format(Duration.decode(timeout))}`
            })
        })
      )
      if (Option.isNone(next)) {
        return yield* Effect.fail(new TransportError({ reason: "closed", message: `handle detached before ${what}` }))
      }
      return next.value
    })
  )
