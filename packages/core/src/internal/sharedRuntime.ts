import * as Context from "effect/Context"
import * as FiberId from "effect/FiberId"
import * as FiberRef from "effect/FiberRef"
import * as FiberRefs from "effect/FiberRefs"
import * as Runtime from "effect/Runtime"
import * as RuntimeFlags from "effect/RuntimeFlags"

/**
 * The runtime a session forks its long-lived work from (keep-alive beats, reclaims): the caller's FiberRefs (its
 * logger, tracer, supervisor, log level), an empty Context (no `ParentSpan`: such a fiber belongs to no caller's
 * span; and none of the library's own effects reads a service — their requirements are `never`), interruption on.
 *
 * Sessions made from the same place share one such runtime: `Effect.runtime()` copies the fiber's FiberRefs (a
 * `Map` of every FiberRef) and its Context (with the caller's `Scope`) on every call, ~570 B that each session kept.
 * A runtime is re-used when every FiberRef but the Context holds the same value (identity) as the last one made for
 * the same `key` (a transport); otherwise a new one is made and remembered.
 */
export const sessionRuntime = (key: object, runtime: Runtime.Runtime<never>): Runtime.Runtime<never> => {
  const flags = RuntimeFlags.enable(runtime.runtimeFlags, RuntimeFlags.Interruption)
  const last = lastByKey.get(key)
  if (last !== undefined && last.runtimeFlags === flags && sameValues(last.fiberRefs, runtime.fiberRefs)) return last
  const made = Runtime.make({
    context: Context.empty(),
    // The Context is a FiberRef too: dropped here, so that the shared runtime keeps no caller's Scope alive.
    fiberRefs: FiberRefs.updateAs(runtime.fiberRefs, {
      fiberId: libraryFiberId,
      fiberRef: FiberRef.currentContext,
      value: Context.empty()
    }),
    runtimeFlags: flags
  })
  lastByKey.set(key, made)
  return made
}

/** The fiber id the Context's emptying is recorded under (any single id would do). */
const libraryFiberId = FiberId.runtime(0, 0)

const lastByKey = new WeakMap<object, Runtime.Runtime<never>>()

type Stack = ReadonlyArray<readonly [unknown, unknown]>

/** The FiberRefs' table (an internal of `FiberRefs` in effect 3.x); `undefined` if it is not there. */
const localsOf = (refs: FiberRefs.FiberRefs): ReadonlyMap<unknown, Stack> | undefined => {
  const locals: unknown = (refs as unknown as { readonly locals?: unknown }).locals
  return locals instanceof Map ? locals : undefined
}

/** Whether every FiberRef except the Context has the same current value in both (compared by identity). */
const sameValues = (a: FiberRefs.FiberRefs, b: FiberRefs.FiberRefs): boolean => {
  const left = localsOf(a)
  const right = localsOf(b)
  if (left === undefined || right === undefined || left.size !== right.size) return false
  for (const [ref, stack] of right) {
    if (ref === FiberRef.currentContext) continue
    const other = left.get(ref)
    if (other === undefined || other[0]?.[1] !== stack[0]?.[1]) return false
  }
  return true
}
