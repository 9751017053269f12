/**
 * Transaction ids: what correlates a Janus reply with its request (Janus docs: "The Janus API", every request
 * carries a `transaction` string that the reply echoes). Unique per transport: a random prefix drawn once from
 * Effect's `Random` service, then a base-36 counter.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"

/**
 * Makes a generator of fresh transaction ids, e.g. `k3j9x0a1`, `k3j9x0a2`, … (8 random base-36 characters, then
 * the counter). The generator itself is synchronous, for the hot path of sending a request.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeGenerator: Effect.Effect<() => string> = Effect.map(Random.nextIntBetween(36 ** 7, 36 ** 8), (n) => {
  const prefix = n.toString(36)
  let counter = 0
  return () => `${prefix}${(counter++).toString(36)}`
})
