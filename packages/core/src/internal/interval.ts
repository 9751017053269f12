import * as Duration from "effect/Duration"

/**
 * An optional period option (`keepAlive`, `liveness`): `undefined` gives `fallback`; `false` and a zero duration
 * (0, a negative number and NaN decode to zero) are off (`undefined`): a zero period would run back to back.
 */
export const periodOrOff = (
  input: Duration.DurationInput | false | undefined,
  fallback: Duration.DurationInput
): Duration.Duration | undefined => {
  if (input === false) return undefined
  const period = Duration.decode(input ?? fallback)
  return Duration.isZero(period) ? undefined : period
}
