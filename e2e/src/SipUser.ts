/**
 * The Janus SIP plugin through the typed wrapper `Sip` of `@effect-janus/plugins`: register at a registrar
 * and wait for the verdict, accept a call with a real SDP answer made by werift, and predicates for the
 * plugin's events (`Sip.Event`, tagged by `_tag`: `IncomingCall`, `Hangup`, …).
 *
 * @since 0.1.0
 */
import type { Protocol } from "@effect-janus/core"
import type { Common, Sip } from "@effect-janus/plugins"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import { MediaStreamTrack, type RTCPeerConnection } from "werift"
import type * as Events from "./Events.js"
import * as Peer from "./Peer.js"

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

/**
 * An accepted call: werift's peer connection, its outgoing audio track and the remote audio track.
 *
 * @since 0.1.0
 */
export interface AcceptedCall {
  readonly pc: RTCPeerConnection
  readonly audio: MediaStreamTrack
  readonly remoteAudio: MediaStreamTrack
}

/**
 * Accepts an `incomingcall` with a real SDP answer made by werift: `setRemoteDescription(offer)` →
 * `createAnswer` → `setLocalDescription` → `sip.accept({}, answer)` (answered `accepted`), then our candidates
 * through `trickle` and `null`, then waits for `webrtcup` on `handleEvents` (a recording of the core
 * `handle.events`: `webrtcup` is not a plugin event). The peer connection closes with the scope.
 *
 * @since 0.1.0
 */
export const acceptWithWerift = (
  sip: Sip.Sip,
  handleEvents: Events.Recorder<Protocol.HandleMessage>,
  incoming: Common.WithJsep<Sip.IncomingCall>
) =>
  Effect.gen(function* () {
    const offer = incoming.jsep
    if (offer?.type !== "offer") return yield* new SipError({ message: "incomingcall without an SDP offer" })
    const pc = yield* Peer.make({ audio: [Peer.codecs.pcmu], video: [] })
    const audio = new MediaStreamTrack({ kind: "audio" })
    pc.addTransceiver(audio, { direction: "sendrecv" })
    const tracks = yield* Peer.listen(pc.onTrack)
    yield* Peer.call("setRemoteDescription", () => pc.setRemoteDescription({ type: "offer", sdp: offer.sdp }))
    const answer = yield* Peer.setLocal(pc)
    const accepted = yield* sip.accept({}, { type: answer.type, sdp: answer.sdp, trickle: true })
    if (accepted._tag !== "Accepted") return yield* new SipError({ message: `accept answered ${accepted._tag}` })
    yield* sip.handle.trickle(answer.candidates)
    yield* sip.handle.trickle(null)
    yield* handleEvents.waitFor("webrtcup", (message) => message.janus === "webrtcup")
    const [remoteAudio] = yield* Peer.takeUntil(tracks, ([track]) => track.kind === "audio").pipe(
      Effect.timeoutFail({ duration: "5 seconds", onTimeout: () => new SipError({ message: "no remote audio track" }) })
    )
    return { pc, audio, remoteAudio } satisfies AcceptedCall
  })
