import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, FiberRef, Logger, LogLevel, Runtime, Scope, Tracer } from "effect"
import { sessionRuntime } from "../src/internal/sharedRuntime.js"

// Sessions made from the same place share the runtime they fork their keep-alive and reclaims from; one made under
// other FiberRefs (another logger, another log level) gets its own, and none keeps the caller's Context.
describe("sessionRuntime", () => {
  it.effect("is shared while the FiberRefs are the same, and made anew when one differs", () =>
    Effect.gen(function* () {
      const key = {}
      const first = sessionRuntime(key, yield* Effect.runtime<never>())
      // Another Effect.runtime() call (a new FiberRefs copy), from inside another Scope (another Context).
      const second = yield* Effect.scoped(
        Effect.map(Effect.runtime<never>(), (runtime) => sessionRuntime(key, runtime))
      )
      expect(second).toBe(first)
      const quieter = yield* Effect.map(Effect.runtime<never>(), (runtime) => sessionRuntime(key, runtime)).pipe(
        Logger.withMinimumLogLevel(LogLevel.Error)
      )
      expect(quieter).not.toBe(first)
      expect(Runtime.runSync(quieter)(FiberRef.get(FiberRef.currentMinimumLogLevel))).toEqual(LogLevel.Error)
      // Another key (another transport) never shares.
      expect(sessionRuntime({}, yield* Effect.runtime<never>())).not.toBe(first)
    })
  )

  it.effect("keeps no Context of the caller (no Scope, no ParentSpan) and runs with interruption on", () =>
    Effect.gen(function* () {
      const runtime = yield* Effect.scoped(
        Effect.map(Effect.runtime<never>(), (caller) => sessionRuntime({}, caller))
      ).pipe(Effect.withSpan("caller"), Effect.uninterruptible)
      expect(Context.getOption(runtime.context, Scope.Scope)._tag).toBe("None")
      const seen = Runtime.runSync(runtime)(
        Effect.map(Effect.context<never>(), (context) => ({
          scope: Context.getOption(context, Scope.Scope)._tag,
          span: Context.getOption(context, Tracer.ParentSpan)._tag
        }))
      )
      expect(seen).toEqual({ scope: "None", span: "None" })
      const interruptible = Runtime.runSync(runtime)(Effect.checkInterruptible((on) => Effect.succeed(on)))
      expect(interruptible).toBe(true)
    })
  )
})
