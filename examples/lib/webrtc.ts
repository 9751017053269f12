/**
 * The WebRTC side of the media examples, with werift (a Node WebRTC stack): a peer connection on 127.0.0.1, its
 * local description with the candidates to trickle, the remote tracks, and RTP sent and counted.
 *
 * Kept minimal on purpose: effect-janus is signalling only today, and a later issue adds a PeerConnection service
 * to the library (`@effect-janus/webrtc`: offer/answer through handles, trickle, ICE restart). Until then this is
 * the few lines the examples need — not a library.
 *
 * Loopback only: werift binds its ICE sockets to 127.0.0.1, has no STUN server (werift's default is a public one),
 * keeps only 127.0.0.1 ↔ 127.0.0.1 candidate pairs and hands out only 127.0.0.1 host candidates; the Janus the
 * examples start (`MediaJanus`) gathers 127.0.0.1 candidates only. No packet leaves the machine.
 */
import type { PluginHandle } from "@effect-janus/core"
import { Data, Duration, Effect, Queue, Ref, Schedule, type Scope } from "effect"
import {
  type MediaStreamTrack,
  type RTCIceCandidate,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket
} from "werift"

/** A werift call failed (its Promise rejected), or media did not come as expected. */
export class MediaError extends Data.TaggedError("MediaError")<{ readonly message: string }> {}

const loopback = "127.0.0.1"

/** PCMU (what sipp offers), Opus and VP8. */
export const codecs = {
  pcmu: new RTCRtpCodecParameters({ mimeType: "audio/PCMU", clockRate: 8000, channels: 1, payloadType: 0 }),
  opus: new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2 }),
  vp8: new RTCRtpCodecParameters({ mimeType: "video/VP8", clockRate: 90000 })
}

/** A peer connection on 127.0.0.1 with the given codecs, closed with the scope. */
export const peer = (audio: ReadonlyArray<RTCRtpCodecParameters>, video: ReadonlyArray<RTCRtpCodecParameters>) =>
  Effect.acquireRelease(
    Effect.sync(
      () =>
        new RTCPeerConnection({
          codecs: { audio: [...audio], video: [...video] },
          iceServers: [],
          iceUseIpv4: true,
          iceUseIpv6: false,
          iceInterfaceAddresses: { udp4: loopback },
          iceAdditionalHostAddresses: [loopback],
          iceFilterCandidatePair: (pair) =>
            pair.localCandidate.host === loopback && pair.remoteCandidate.host === loopback
        })
    ),
    (pc) => Effect.promise(() => pc.close()).pipe(Effect.timeout("5 seconds"), Effect.ignore)
  )

/** Runs a werift Promise; a rejection becomes `MediaError`. */
export const werift = <A>(operation: string, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (cause) => new MediaError({ message: `werift ${operation}: ${cause}` }) })

/**
 * Creates the offer (or the answer, when a remote offer is set), sets it, and returns it without candidates in the
 * SDP, plus the 127.0.0.1 host candidates gathered meanwhile (werift gathers inside `setLocalDescription`), in the
 * form `handle.trickle` takes.
 */
export const localDescription = (pc: RTCPeerConnection) =>
  Effect.gen(function* () {
    const gathered: Array<RTCIceCandidate> = []
    const subscription = pc.onIceCandidate.subscribe((candidate) => {
      if (candidate !== undefined) gathered.push(candidate)
    })
    const description = yield* werift("createOffer/createAnswer", () =>
      pc.signalingState === "have-remote-offer" ? pc.createAnswer() : pc.createOffer()
    ).pipe(
      Effect.tap((description) => werift("setLocalDescription", () => pc.setLocalDescription(description))),
      Effect.ensuring(Effect.sync(() => subscription.unSubscribe()))
    )
    const sdp = (pc.localDescription?.sdp ?? description.sdp)
      .split("\r\n")
      .filter((line) => !line.startsWith("a=candidate:") && line !== "a=end-of-candidates")
      .join("\r\n")
    const candidates = gathered
      .filter((c) => c.candidate.split(" ")[4] === loopback && c.candidate.includes(" typ host"))
      .map((c) => ({
        candidate: c.candidate,
        ...(c.sdpMid === undefined ? {} : { sdpMid: c.sdpMid }),
        ...(c.sdpMLineIndex === undefined ? {} : { sdpMLineIndex: c.sdpMLineIndex })
      }))
    return { jsep: { type: description.type as "offer" | "answer", sdp, trickle: true }, candidates }
  })

/** Sends the candidates, then the end-of-candidates marker, with `trickle`. */
export const trickle = (
  handle: PluginHandle,
  candidates: Effect.Effect.Success<ReturnType<typeof localDescription>>["candidates"]
) => Effect.zipRight(handle.trickle(candidates), handle.trickle(null))

/**
 * Starts listening for the peer connection's remote tracks now (before the remote description is set) and returns
 * the effect that waits (10 s) until one of each kind in `kinds` has arrived.
 */
export const remoteTracks = <K extends "audio" | "video">(pc: RTCPeerConnection, kinds: ReadonlyArray<K>) =>
  Effect.gen(function* () {
    const queue = yield* Queue.unbounded<MediaStreamTrack>()
    yield* Effect.acquireRelease(
      Effect.sync(() => pc.onTrack.subscribe((track) => Queue.unsafeOffer(queue, track))),
      (subscription) => Effect.sync(() => subscription.unSubscribe())
    )
    return Effect.gen(function* () {
      const found: Partial<Record<string, MediaStreamTrack>> = {}
      while (kinds.some((kind) => found[kind] === undefined)) {
        const track = yield* Queue.take(queue)
        found[track.kind] = track
      }
      return found as Record<K, MediaStreamTrack>
    }).pipe(
      Effect.timeoutFail({
        duration: "10 seconds",
        onTimeout: () => new MediaError({ message: `no remote ${kinds.join(" and ")} track` })
      })
    )
  })

/**
 * Sends RTP on each track every 20 ms (text payloads, after a one-byte VP8 descriptor for video: not decodable
 * media, but Janus relays it all the same), in a fiber that stops with the scope.
 */
export const sendRtp = (tracks: ReadonlyArray<MediaStreamTrack>): Effect.Effect<void, never, Scope.Scope> =>
  Effect.gen(function* () {
    const counter = yield* Ref.make(0)
    const send = Effect.flatMap(
      Ref.getAndUpdate(counter, (n) => n + 1),
      (i) =>
        Effect.sync(() => {
          for (const track of tracks) {
            const video = track.kind === "video"
            const header = new RtpHeader({
              sequenceNumber: i % 65536,
              timestamp: (i * (video ? 3000 : 960)) % 2 ** 32,
              marker: video
            })
            const payload = Buffer.from(`${track.kind}-${i}`)
            track.writeRtp(new RtpPacket(header, video ? Buffer.concat([Buffer.from([0x10]), payload]) : payload))
          }
        })
    )
    yield* send.pipe(Effect.repeat(Schedule.spaced("20 millis")), Effect.forkScoped)
  })

/** How many RTP packets arrive on each track during `window` (default 1 s), counted from now. */
export const countRtp = <K extends string>(
  tracks: Record<K, MediaStreamTrack>,
  window: Duration.DurationInput = "1 second"
): Effect.Effect<Record<K, number>> =>
  Effect.gen(function* () {
    const counts = {} as Record<K, number>
    const subscriptions = (Object.keys(tracks) as Array<K>).map((kind) => {
      counts[kind] = 0
      return tracks[kind].onReceiveRtp.subscribe(() => {
        counts[kind] += 1
      })
    })
    yield* Effect.sleep(Duration.decode(window)).pipe(
      Effect.ensuring(
        Effect.sync(() => {
          for (const subscription of subscriptions) subscription.unSubscribe()
        })
      )
    )
    return { ...counts }
  })
