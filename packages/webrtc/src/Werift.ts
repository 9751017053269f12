/**
 * The `WebRtc` service on Node, over werift (https://github.com/shinyoshiaki/werift-webrtc, a WebRTC stack in
 * TypeScript): a separate entry (`@effect-janus/webrtc/Werift`) so that a browser bundle never imports werift, an
 * optional peer dependency of this package.
 *
 * With `loopback: true` every packet stays on the machine (what the tests here need; "Real media over loopback" in
 * JANUS-FACTS.md): werift binds its ICE sockets to 127.0.0.1, adds 127.0.0.1 as a host address (it skips loopback
 * interfaces otherwise), uses no STUN server (its default is a public one), keeps only 127.0.0.1 ↔ 127.0.0.1
 * candidate pairs, and only its 127.0.0.1 host candidates are trickled to Janus — which must gather 127.0.0.1 too
 * (the harness's `MediaJanus`).
 *
 * Also a synthetic RTP source and an RTP counter for werift tracks, to prove media flows without codecs.
 *
 * @since 0.2.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import {
  MediaStreamTrack,
  type PeerConfig,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket
} from "werift"
import type * as Peer from "./Peer.js"
import * as WebRtc from "./WebRtc.js"

/**
 * Codecs werift can negotiate with Janus: PCMU (static payload type 0, what SIP peers such as sipp offer), Opus and
 * VP8 (what the EchoTest, VideoRoom and Streaming samples use).
 *
 * @since 0.2.0
 * @category models
 */
export const codecs = {
  pcmu: new RTCRtpCodecParameters({ mimeType: "audio/PCMU", clockRate: 8000, channels: 1, payloadType: 0 }),
  opus: new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2 }),
  vp8: new RTCRtpCodecParameters({ mimeType: "video/VP8", clockRate: 90000 })
}

/**
 * werift's track type (what {@link makeTrack}, {@link track} and {@link remoteTracks} give): `writeRtp` to send,
 * `onReceiveRtp` to read.
 *
 * @since 0.2.0
 * @category models
 */
export type Track = MediaStreamTrack

/** The only address a loopback peer uses. */
const loopback = "127.0.0.1"

/**
 * The werift configuration that keeps ICE on 127.0.0.1 (see the module docs). werift always asks a STUN server for a
 * server-reflexive candidate, and falls back to a public one when given none: `stunPort` names a STUN server on
 * 127.0.0.1 (a test's own; it answers at once), and without one a closed port on 127.0.0.1 (9, discard) is named
 * instead, so nothing is looked up or sent outside (werift then gives up on it after its retries, about 1.4 s, which
 * delays its end of gathering; the host candidates go out at once).
 *
 * @since 0.2.0
 * @category models
 */
export const loopbackConfig = (stunPort = 9): Partial<PeerConfig> => ({
  iceServers: [{ urls: `stun:${loopback}:${stunPort}` }],
  iceUseIpv4: true,
  iceUseIpv6: false,
  iceInterfaceAddresses: { udp4: loopback },
  iceAdditionalHostAddresses: [loopback],
  iceFilterCandidatePair: (pair) => pair.localCandidate.host === loopback && pair.remoteCandidate.host === loopback
})

/**
 * Whether a candidate line (`candidate:F C udp P 127.0.0.1 5000 typ host`) is a 127.0.0.1 host candidate.
 *
 * @since 0.2.0
 * @category utils
 */
export const isLoopbackHost = (candidate: string): boolean =>
  candidate.replace(/^a=/, "").split(" ")[4] === loopback && / typ host( |$)/.test(candidate)

/**
 * Options of {@link layer}: `loopback` confines ICE to 127.0.0.1 (default false), with `stunPort` a STUN server on
 * 127.0.0.1 (see {@link loopbackConfig}); `codecs` (default Opus and PCMU for audio, VP8 for video); `config`, any
 * other werift `PeerConfig` field. A peer connection's own configuration (`WebRtc.open(configuration)`, e.g.
 * `{ codecs }`) replaces these field by field (a `codecs` given there replaces both lists).
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly loopback?: boolean | undefined
  readonly stunPort?: number | undefined
  readonly codecs?:
    | {
        readonly audio?: ReadonlyArray<RTCRtpCodecParameters> | undefined
        readonly video?: ReadonlyArray<RTCRtpCodecParameters> | undefined
      }
    | undefined
  readonly config?: Partial<PeerConfig> | undefined
}

/** The first `a=ice-ufrag` of an SDP. */
const iceUfrag = (sdp: string): string | undefined => /a=ice-ufrag:(\S+)/.exec(sdp)?.[1]

/**
 * werift's `RTCPeerConnection`, with two fixes for ICE restarts in werift 0.22.6:
 * - a remote restart offer (new ICE credentials, e.g. VideoRoom subscriber `configure` with `restart: true`) is
 *   taken for a mere re-nomination when the offer has inactive m-lines (a multistream subscription after a publisher
 *   left), so werift keeps its own credentials: this restarts its ICE transports first, as RFC 8445 §9 asks of the
 *   answerer;
 * - `connect()` skips any transport whose DTLS is still up, so a restarted ICE agent never runs its connectivity
 *   checks and media stops: once a description makes the connection stable again, this starts the checks of every
 *   transport whose DTLS is up but whose ICE agent has no nominated pair (what `connect()` does the first time).
 */
class PeerConnection extends RTCPeerConnection {
  override async setLocalDescription(description?: { type: "offer" | "answer"; sdp: string }) {
    const result = await super.setLocalDescription(description)
    this.resumeIce()
    return result
  }
  override async setRemoteDescription(description: Parameters<RTCPeerConnection["setRemoteDescription"]>[0]) {
    const sdp = typeof description.sdp === "string" ? description.sdp : undefined
    if (description.type === "offer" && this.remoteDescription !== undefined) {
      const before = iceUfrag(this.remoteDescription.sdp)
      if (before !== undefined && sdp !== undefined && iceUfrag(sdp) !== before) {
        for (const transport of this.iceTransports) transport.restart()
      }
    }
    await super.setRemoteDescription(description)
    this.resumeIce()
  }
  private resumeIce() {
    if (this.signalingState !== "stable") return
    for (const dtls of this.dtlsTransports) {
      const ice = dtls.iceTransport
      if (dtls.state === "connected" && ice.connection.nominated === undefined && ice.state !== "checking") {
        // A failure shows as ICE state `failed` (set by `start`).
        ice.start().catch(() => undefined)
      }
    }
  }
}

/**
 * The `WebRtc` service over werift. werift's `RTCPeerConnection` implements the W3C subset `WebRtc` drives
 * (`addEventListener` for `icecandidate`, `track`, `datachannel`, `connectionstatechange`; the data channels'
 * `on…` handlers), and ICE restarts work both ways (werift 0.22.6 needs a nudge to run its checks again).
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<WebRtc.WebRtc> =>
  WebRtc.layer({
    create: (configuration) =>
      new PeerConnection(configuration as Partial<PeerConfig>) as unknown as WebRtc.RtcPeerConnection,
    defaults: {
      codecs: {
        audio: [...(options.codecs?.audio ?? [codecs.opus, codecs.pcmu])],
        video: [...(options.codecs?.video ?? [codecs.vp8])]
      },
      ...(options.loopback === true ? loopbackConfig(options.stunPort) : {}),
      ...options.config
    },
    acceptsCandidate: options.loopback === true ? isLoopbackHost : () => true
  })

/**
 * A new werift track to send (`kind` `audio` or `video`): add it with `connection.addTransceiver(track)`, then
 * write RTP to it (see {@link sendRtp}).
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeTrack = (kind: "audio" | "video"): MediaStreamTrack => new MediaStreamTrack({ kind })

/**
 * Adds a new werift track of each kind in `kinds` to `peer`'s connection (`addTransceiver(track, { direction })`,
 * default `sendrecv`), before its offer, and returns them by kind: write RTP to them (see {@link sendRtp}).
 *
 * @since 0.2.0
 * @category constructors
 */
export const addTracks = <K extends "audio" | "video">(
  peer: Peer.Peer,
  kinds: ReadonlyArray<K>,
  direction: WebRtc.RtcTransceiverInit["direction"] = "sendrecv"
): Effect.Effect<Record<K, MediaStreamTrack>> =>
  Effect.sync(() => {
    const tracks = {} as Record<K, MediaStreamTrack>
    for (const kind of kinds) {
      tracks[kind] = makeTrack(kind)
      peer.connection.addTransceiver(tracks[kind], { direction })
    }
    return tracks
  })

/**
 * The werift track behind a track of the `WebRtc` API (e.g. a remote track from `Peer.tracks`); `undefined` when it
 * is not werift's.
 *
 * @since 0.2.0
 * @category utils
 */
export const track = (track: WebRtc.RtcTrack): MediaStreamTrack | undefined =>
  track instanceof MediaStreamTrack ? track : undefined

/**
 * Waits until `peer` has a remote werift track of each kind in `kinds` and returns the first one of each (from
 * `peer.tracks`, which replays the earlier ones). Waits as long as it takes: add `Effect.timeout` for a deadline.
 *
 * @since 0.2.0
 * @category utils
 */
export const remoteTracks = <K extends "audio" | "video">(
  peer: Peer.Peer,
  kinds: ReadonlyArray<K>
): Effect.Effect<Record<K, MediaStreamTrack>> =>
  peer.tracks.pipe(
    Stream.filterMap((event) => {
      const remote = track(event.track)
      return remote !== undefined && (kinds as ReadonlyArray<string>).includes(remote.kind)
        ? Option.some(remote)
        : Option.none()
    }),
    Stream.scan({} as Partial<Record<K, MediaStreamTrack>>, (found, remote) =>
      found[remote.kind as K] === undefined ? { ...found, [remote.kind]: remote } : found
    ),
    Stream.filter((found) => kinds.every((kind) => found[kind] !== undefined)),
    Stream.runHead,
    Effect.map((found) => Option.getOrThrow(found) as Record<K, MediaStreamTrack>)
  )

/**
 * An RTP packet of synthetic media: a text payload (after a one-byte VP8 payload descriptor for video); sequence
 * number and timestamp advance as for 20 ms Opus frames (960 ticks) and 30 fps VP8 (3000 ticks).
 */
const syntheticRtp = (kind: string, sequence: number, text: string): RtpPacket => {
  const video = kind === "video"
  const header = new RtpHeader({
    sequenceNumber: sequence % 65536,
    timestamp: (sequence * (video ? 3000 : 960)) % 2 ** 32,
    marker: video
  })
  const payload = Buffer.from(text)
  return new RtpPacket(header, video ? Buffer.concat([Buffer.from([0x10]), payload]) : payload)
}

/**
 * Sends RTP on each track every 20 ms, in a fiber that stops with the scope: text payloads (`<kind>-<n>`, after a
 * one-byte VP8 payload descriptor for video). Not decodable media, but Janus relays it all the same; sequence
 * numbers and timestamps advance as for 20 ms Opus frames (960 ticks) and 30 fps VP8 (3000 ticks).
 *
 * @since 0.2.0
 * @category utils
 */
export const sendRtp = (tracks: ReadonlyArray<MediaStreamTrack>): Effect.Effect<void, never, Scope.Scope> =>
  Effect.gen(function* () {
    const counter = yield* Ref.make(0)
    const send = Effect.flatMap(
      Ref.getAndUpdate(counter, (n) => n + 1),
      (i) =>
        Effect.sync(() => {
          for (const track of tracks) track.writeRtp(syntheticRtp(track.kind, i, `${track.kind}-${i}`))
        })
    )
    yield* send.pipe(Effect.repeat(Schedule.spaced("20 millis")), Effect.forkScoped)
  })

/**
 * How many RTP packets arrive on each track during `window` (default 1 s), counted from now.
 *
 * @since 0.2.0
 * @category utils
 */
export const countRtp = <K extends string>(
  tracks: Readonly<Record<K, MediaStreamTrack>>,
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

/**
 * Sends `count` RTP packets (one every 20 ms) on `outgoing`, each payload tagged `<tag>-<i>` (after a one-byte VP8
 * payload descriptor for video), and returns how many packets with that tag arrive on `incoming`, counting until 1 s
 * after the last one was sent — for echoes (the EchoTest sends our media back). Sequence numbers start at
 * `firstSequence` (default 0): a second round on the same track must continue where the first ended, or SRTP replay
 * protection drops its packets.
 *
 * @since 0.2.0
 * @category utils
 */
export const rtpEcho = (
  outgoing: MediaStreamTrack,
  incoming: MediaStreamTrack,
  tag: string,
  count = 50,
  firstSequence = 0
): Effect.Effect<number> =>
  Effect.gen(function* () {
    const marker = Buffer.from(`${tag}-`)
    const received = yield* Queue.unbounded<void>()
    const subscription = incoming.onReceiveRtp.subscribe((packet) => {
      if (packet.payload.includes(marker)) Queue.unsafeOffer(received, undefined)
    })
    const send = (i: number) =>
      Effect.sync(() => outgoing.writeRtp(syntheticRtp(outgoing.kind, firstSequence + i, `${tag}-${i}`)))
    yield* Effect.forEach(
      Array.from({ length: count }, (_, i) => i),
      (i) => Effect.zipRight(send(i), Effect.sleep("20 millis"))
    ).pipe(Effect.zipRight(Effect.sleep("1 second")), Effect.ensuring(Effect.sync(() => subscription.unSubscribe())))
    return yield* Queue.size(received)
  })
