/**
 * The Janus SIP plugin through the typed wrapper `Sip` of `@effect-janus/plugins`: register at a registrar
 * and wait for the verdict, and predicates for the plugin's events (`Sip.Event`, tagged by `_tag`: `IncomingCall`,
 * `Hangup`, …). Calls with media go through `Sip.placeCall` / `Sip.acceptCall` and a `Peer` (see `Media.ts`).
 *
 * @since 0.1.0
 */
import type { Common, Sip } from "@effect-janus/plugins"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"

/**
 * The SIP plugin did not answer as expected.
 *
 * @since 0.1.0
 */
export class SipError extends Data.TaggedError("SipError")<{ readonly message: string }> {}

/** A decoded SIP event with its jsep. */
export type SipEvent = Common.WithJsep<Sip.Event>

/**
 * A SIP event with the given `_tag`.
 *
 * @since 0.1.0
 */
export const is =
  <const T extends SipEvent["_tag"]>(tag: T) =>
  (event: SipEvent): event is Extract<SipEvent, { readonly _tag: T }> =>
    event._tag === tag

/**
 * Registers `sip:<user>@127.0.0.1` at the registrar `registrarUri` (its `proxy`) with `registerAndAwait`: the
 * answer is `registering`, then the registrar's verdict must be `registered` (as `user`). The registrar knows
 * the contact the handle registered (`Sipp.Registrar.contactOf`).
 *
 * @since 0.1.0
 */
export const register = (sip: Sip.Sip, registrarUri: string, user: string) =>
  Effect.gen(function* () {
    const verdict = yield* sip.registerAndAwait({
      username: `sip:${user}@127.0.0.1`,
      secret: "not-checked-by-the-registrar",
      proxy: registrarUri
    })
    if (verdict._tag !== "Registered") {
      return yield* new SipError({ message: `registration failed: ${JSON.stringify(verdict.result)}` })
    }
    if (verdict.result.username !== user) {
      return yield* new SipError({ message: `registered as ${verdict.result.username}, not ${user}` })
    }
    return verdict
  })
