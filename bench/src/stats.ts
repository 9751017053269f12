/** Small statistics helpers: percentiles within a run, medians and spreads over rounds. */

/** The `p`-th percentile (0–100) of `values`, nearest-rank on a sorted copy. */
export const percentile = (values: ReadonlyArray<number>, p: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Half the range over rounds, as a percentage of the median (0 with a single round). */
export const spreadPercent = (values: ReadonlyArray<number>): number => {
  if (values.length < 2) return 0
  const m = median(values)
  if (m === 0 || !Number.isFinite(m)) return 0
  return ((Math.max(...values) - Math.min(...values)) / 2 / Math.abs(m)) * 100
}

/** A number with about three significant digits. */
export const fmt = (value: number): string => {
  if (!Number.isFinite(value)) return "—"
  const abs = Math.abs(value)
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 10) return value.toFixed(1)
  if (abs >= 1) return value.toFixed(2)
  return value.toFixed(3)
}
