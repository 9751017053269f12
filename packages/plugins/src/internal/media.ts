/**
 * The one negotiation the call plugins (SIP, VideoCall) share: we offer in a request whose reply is only
 * "calling" / "updating", and the callee's answer arrives later in its own `accepted` event.
 */
import type { PluginHandle, Protocol, SessionClosedError, TransportError } from "@effect-janus/core"
import type { Peer, WebRtcError } from "@effect-janus/webrtc"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { WithJsep } from "../Common.js"
import { awaitLaterEvent } from "./plugin.js"

/**
 * Makes our offer on `peer`, sends it with `send` (listening to the handle's events first), waits up to `timeout` for
 * the first event that `isVerdict` accepts, and applies its SDP answer when it carries one (an `accepted`; a
 * `hangup` carries none). Returns the verdict.
 */
export const offerAwaitingEvent = <A, I, E, C extends A>(
  peer: Peer.Peer,
  handle: PluginHandle,
  events: Schema.Schema<A, I>,
  send: (offer: Protocol.Jsep) => Effect.Effect<WithJsep<A>, E>,
  isVerdict: (event: A) => event is C,
  timeout: Duration.DurationInput,
  what: string
): Effect.Effect<WithJsep<C>, E | SessionClosedError | TransportError | WebRtcError> =>
  peer.offer((offer) => awaitLaterEvent(handle, events, send(offer), isVerdict, timeout, what), {
    expectAnswer: false
  })
