/**
 * The one negotiation the call plugins (SIP, VideoCall) share: we offer in a request whose reply is only
 * "calling" / "updating", and the callee's answer arrives later in its own `accepted` event — or the call ends
 * with `hangup` instead.
 */
import type { PluginHandle, Protocol, SessionClosedError, TransportError } from "@effect-janus/core"
import type { Peer, WebRtcError } from "@effect-janus/webrtc"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { RequestOptions, WithJsep } from "../Common.js"
import { awaitLaterEvent } from "./plugin.js"

/** The events that end the wait for the callee: `Accepted` (with the SDP answer) or `Hangup`. */
export type Verdict<A> = Extract<A, { readonly _tag: "Accepted" | "Hangup" }>

const isVerdict = <A extends { readonly _tag: string }>(event: A): event is Verdict<A> =>
  event._tag === "Accepted" || event._tag === "Hangup"

/**
 * Sends `request` (listening to the handle's `events` first) and waits up to `options.timeout` (else `timeout`) for
 * `Accepted` or `Hangup`; returns that event.
 */
export const awaitVerdict = <A extends { readonly _tag: string }, I, E>(
  handle: PluginHandle,
  events: Schema.Schema<A, I>,
  request: Effect.Effect<WithJsep<A>, E>,
  options: RequestOptions | undefined,
  timeout: Duration.DurationInput,
  what: string
): Effect.Effect<WithJsep<Verdict<A>>, E | SessionClosedError | TransportError> =>
  awaitLaterEvent(handle, events, request, isVerdict, options?.timeout ?? timeout, what)

/**
 * Makes our offer on `peer`, sends it with `send` and waits for the verdict ({@link awaitVerdict}), and applies the
 * SDP answer when the event carries one (an `accepted`; a `hangup` carries none). Returns that event.
 */
export const offerUntilVerdict = <A extends { readonly _tag: string }, I, E>(
  peer: Peer.Peer,
  handle: PluginHandle,
  events: Schema.Schema<A, I>,
  send: (offer: Protocol.Jsep, options?: RequestOptions) => Effect.Effect<WithJsep<A>, E>,
  options: RequestOptions | undefined,
  timeout: Duration.DurationInput,
  what: string
): Effect.Effect<WithJsep<Verdict<A>>, E | SessionClosedError | TransportError | WebRtcError> =>
  peer.offer((offer) => awaitVerdict(handle, events, send(offer, options), options, timeout, what), {
    expectAnswer: false
  })
