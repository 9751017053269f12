/**
 * Outgoing SIP calls through the typed `Sip` wrapper with real WebRTC media from werift: `call` with a werift
 * offer, the callee's answer from the `accepted` event, and renegotiation (`update`, optionally with an ICE
 * restart) of a call that is up. The SIP peer is a sipp callee (`Sipp.serve`).
 *
 * @since 0.1.0
 */
import type { Protocol } from "@effect-janus/core"
import type { Common, Sip } from "@effect-janus/plugins"
import * as Effect from "effect/Effect"
import { MediaStreamTrack, type RTCPeerConnection } from "werift"
import type * as Events from "./Events.js"
import * as Peer from "./Peer.js"
import { is, SipError, type SipEvent } from "./SipUser.js"

/**
 * A placed call that the callee accepted: werift's peer connection, our audio track and the remote one, the
 * plugin's answer to `call` and the `accepted` event (with the callee's SDP turned into a WebRTC answer).
 *
 * @since 0.1.0
 */
export interface OutgoingCall {
  readonly pc: RTCPeerConnection
  readonly audio: MediaStreamTrack
  readonly remoteAudio: MediaStreamTrack
  readonly calling: Common.WithJsep<Sip.Calling>
  readonly accepted: Common.WithJsep<Sip.Accepted>
}

const answerOf = (event: Common.WithJsep<Sip.Accepted>) =>
  event.jsep?.type === "answer"
    ? Effect.succeed(event.jsep.sdp)
    : Effect.fail(new SipError({ message: `accepted without an SDP answer: ${JSON.stringify(event)}` }))

/**
 * Calls `uri` with a werift PCMU audio offer: `sip.call({ uri }, offer)` (answered `calling`), our candidates
 * through `trickle` and `null`, then waits on `sipEvents` (a recording of `sip.events`) for `accepted`, applies its
 * SDP answer and waits on `handleEvents` (a recording of the core `handle.events`) for `webrtcup`. The peer
 * connection closes with the scope.
 *
 * @since 0.1.0
 */
export const place = (
  sip: Sip.Sip,
  sipEvents: Events.Recorder<SipEvent>,
  handleEvents: Events.Recorder<Protocol.HandleMessage>,
  uri: string
) =>
  Effect.gen(function* () {
    const pc = yield* Peer.make({ audio: [Peer.codecs.pcmu], video: [] })
    const audio = new MediaStreamTrack({ kind: "audio" })
    pc.addTransceiver(audio, { direction: "sendrecv" })
    const tracks = yield* Peer.listen(pc.onTrack)
    const offer = yield* Peer.setLocal(pc)
    const calling = yield* sip.call({ uri }, { type: offer.type, sdp: offer.sdp, trickle: true })
    yield* sip.handle.trickle(offer.candidates)
    yield* sip.handle.trickle(null)
    const accepted = yield* sipEvents.waitFor("accepted", is("Accepted"))
    const answer = yield* answerOf(accepted)
    yield* Peer.call("setRemoteDescription", () => pc.setRemoteDescription({ type: "answer", sdp: answer }))
    yield* handleEvents.waitFor("webrtcup", (message) => message.janus === "webrtcup")
    const [remoteAudio] = yield* Peer.takeUntil(tracks, ([track]) => track.kind === "audio").pipe(
      Effect.timeoutFail({ duration: "5 seconds", onTimeout: () => new SipError({ message: "no remote audio track" }) })
    )
    return { pc, audio, remoteAudio, calling, accepted } satisfies OutgoingCall
  })

/**
 * Renegotiates a call that is up: a new werift offer (same ICE credentials) sent with `sip.update` (answered
 * `updating`; Janus flags the offer as an update and the plugin sends a re-INVITE), then the callee's new answer
 * from the next `accepted` event (any but `previous`), applied to werift. Returns the `updating` answer, the offer's
 * SDP and the new `accepted` event.
 *
 * Not an ICE restart: Janus does restart ICE on an offer with new credentials (and answers with new ones of its
 * own), but werift 0.22.6 cannot finish one as the offerer — its `connect()` returns at once while the DTLS
 * transport is still connected, so it never runs connectivity checks with the new credentials, and it gathers no
 * candidates for the new generation. Media would stop.
 *
 * @since 0.1.0
 */
export const renegotiate = (
  sip: Sip.Sip,
  sipEvents: Events.Recorder<SipEvent>,
  pc: RTCPeerConnection,
  previous: Common.WithJsep<Sip.Accepted>
) =>
  Effect.gen(function* () {
    const offer = yield* Peer.setLocal(pc)
    const updating = yield* sip.update({ type: offer.type, sdp: offer.sdp, trickle: true })
    const accepted = yield* sipEvents.waitFor(
      "accepted after the update",
      (event): event is Common.WithJsep<Sip.Accepted> => event._tag === "Accepted" && event !== previous
    )
    const answer = yield* answerOf(accepted)
    yield* Peer.call("setRemoteDescription", () => pc.setRemoteDescription({ type: "answer", sdp: answer }))
    return { updating, offer: offer.sdp, accepted }
  })
