/**
 * A WebRTC call to the Janus EchoTest plugin with werift, negotiated through a library `PluginHandle`:
 * offer (audio, video, data channel) in `handle.message`, the answer from the `PluginResponse`, our candidates
 * through `handle.trickle` and then `null` (end of candidates). Plus checks that media really comes back:
 * the data channel echo (`"Janus EchoTest here! You wrote: " + text`, `janus_echotest.c`) and RTP echo.
 *
 * @since 0.1.0
 */
import type { PluginHandle, PluginResponse, Protocol } from "@effect-janus/core"
import * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import { MediaStreamTrack, type RTCDataChannel, type RTCPeerConnection, RtpHeader, RtpPacket } from "werift"
import * as Peer from "./Peer.js"

/**
 * Media did not come back as expected.
 *
 * @since 0.1.0
 */
export class MediaError extends Data.TaggedError("MediaError")<{ readonly message: string }> {}

/** The EchoTest's data-channel reply prefix (`janus_echotest.c`, `janus_echotest_incoming_data`). */
export const echoPrefix = "Janus EchoTest here! You wrote: "

/**
 * A negotiated EchoTest call.
 *
 * @since 0.1.0
 */
export interface EchoCall {
  readonly pc: RTCPeerConnection
  readonly channel: RTCDataChannel
  /** Our outgoing tracks. */
  readonly audio: MediaStreamTrack
  readonly video: MediaStreamTrack
  /** The remote tracks (what Janus sends back), by kind. */
  readonly remote: Effect.Effect<{ readonly audio: MediaStreamTrack; readonly video: MediaStreamTrack }, MediaError>
  /** The plugin's answer to the offer. */
  readonly answer: PluginResponse
  /** The candidates sent with `trickle` (127.0.0.1 host candidates). */
  readonly trickled: ReadonlyArray<Protocol.Candidate>
}

/**
 * Negotiates audio + video + a data channel with the EchoTest behind `handle`, trickling our candidates.
 * The peer connection closes with the scope. Returns once the answer is applied and the candidates are sent;
 * wait for `webrtcup` on the handle's events and for {@link channelOpen} before checking media.
 *
 * @since 0.1.0
 */
export const start = (handle: PluginHandle, body: Readonly<Record<string, unknown>> = { audio: true, video: true }) =>
  Effect.gen(function* () {
    const pc = yield* Peer.make({ audio: [Peer.codecs.opus], video: [Peer.codecs.vp8] })
    const audio = new MediaStreamTrack({ kind: "audio" })
    const video = new MediaStreamTrack({ kind: "video" })
    pc.addTransceiver(audio, { direction: "sendrecv" })
    pc.addTransceiver(video, { direction: "sendrecv" })
    const channel = pc.createDataChannel("effect-janus-e2e")
    const tracks = yield* Peer.listen(pc.onTrack)

    const offer = yield* Peer.setLocal(pc)
    if (offer.candidates.length === 0)
      return yield* new MediaError({ message: "werift gathered no 127.0.0.1 candidate" })
    const answer = yield* handle.message(body, { type: "offer", sdp: offer.sdp, trickle: true })
    if (answer.jsep?.type !== "answer") {
      return yield* new MediaError({ message: `EchoTest answered without an SDP answer: ${JSON.stringify(answer)}` })
    }
    const answerSdp = answer.jsep.sdp
    yield* Peer.call("setRemoteDescription", () => pc.setRemoteDescription({ type: "answer", sdp: answerSdp }))
    yield* handle.trickle(offer.candidates)
    yield* handle.trickle(null)

    const remote = remoteTracks(tracks).pipe(Effect.cached)
    return { pc, channel, audio, video, remote: yield* remote, answer, trickled: offer.candidates } satisfies EchoCall
  })

/**
 * Takes the remote tracks from a queue of werift `onTrack` emissions (see `Peer.listen(pc.onTrack)`) until there is
 * one audio and one video track; fails with `MediaError` after 10 s.
 *
 * @since 0.2.0
 */
export const remoteTracks = (
  remote: Queue.Dequeue<[MediaStreamTrack]>
): Effect.Effect<{ readonly audio: MediaStreamTrack; readonly video: MediaStreamTrack }, MediaError> =>
  Effect.gen(function* () {
    const found: Record<string, MediaStreamTrack> = {}
    while (found.audio === undefined || found.video === undefined) {
      const [track] = yield* Queue.take(remote)
      found[track.kind] = track
    }
    return { audio: found.audio, video: found.video }
  }).pipe(
    Effect.timeoutFail({
      duration: "10 seconds",
      onTimeout: () => new MediaError({ message: "no remote audio and video tracks" })
    })
  )

/**
 * Waits (up to 15 s) until the data channel is open.
 *
 * @since 0.1.0
 */
export const channelOpen = (channel: RTCDataChannel): Effect.Effect<void, MediaError> =>
  channel.readyState === "open"
    ? Effect.void
    : Effect.scoped(
        Effect.gen(function* () {
          const states = yield* Peer.listen(channel.stateChanged)
          if (channel.readyState === "open") return
          yield* Peer.takeUntil(states, ([state]) => state === "open")
        })
      ).pipe(
        Effect.timeoutFail({
          duration: "15 seconds",
          onTimeout: () => new MediaError({ message: `data channel not open (state ${channel.readyState})` })
        })
      )

/**
 * Sends `text` on the data channel and returns the EchoTest's reply (within 5 s).
 *
 * @since 0.1.0
 */
export const dataEcho = (channel: RTCDataChannel, text: string): Effect.Effect<string, MediaError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const messages = yield* Peer.listen(channel.onMessage)
      channel.send(text)
      const [reply] = yield* Peer.takeUntil(messages, ([data]) => String(data).endsWith(text))
      return String(reply)
    })
  ).pipe(
    Effect.timeoutFail({ duration: "5 seconds", onTimeout: () => new MediaError({ message: `no echo of "${text}"` }) })
  )

/**
 * Sends `count` RTP packets (one every 20 ms) on `outgoing`, each payload tagged `tag-i` (after a one-byte
 * VP8 payload descriptor for video), and returns how many came back on `incoming` with that tag, counting
 * until 1 s after the last one was sent. Sequence numbers start at `firstSequence` (default 0): a second round on
 * the same track must continue where the first ended, or SRTP replay protection drops its packets.
 *
 * @since 0.1.0
 */
export const rtpEcho = (
  outgoing: MediaStreamTrack,
  incoming: MediaStreamTrack,
  tag: string,
  count = 50,
  firstSequence = 0
): Effect.Effect<number, never, Scope.Scope> =>
  Effect.gen(function* () {
    const received = yield* Peer.listen(incoming.onReceiveRtp)
    const prefix = outgoing.kind === "video" ? Buffer.from([0x10]) : Buffer.alloc(0)
    const step = outgoing.kind === "video" ? 3000 : 960
    for (let i = 0; i < count; i++) {
      const sequence = firstSequence + i
      const header = new RtpHeader({
        sequenceNumber: sequence,
        timestamp: sequence * step,
        marker: outgoing.kind === "video"
      })
      outgoing.writeRtp(new RtpPacket(header, Buffer.concat([prefix, Buffer.from(`${tag}-${i}`)])))
      yield* Effect.sleep("20 millis")
    }
    yield* Effect.sleep("1 second")
    const packets = yield* Queue.takeAll(received)
    return Chunk.filter(packets, ([packet]) => packet.payload.includes(Buffer.from(`${tag}-`))).length
  })
