/**
 * VideoRoom participants with real WebRTC media (werift over loopback), negotiated through the typed `VideoRoom`
 * wrapper: a publisher that offers audio (Opus) and video (VP8) with `publish`, a subscriber that answers the
 * plugin's offer (`joinSubscriber` → `start`), a steady RTP source for the publisher's tracks, and a counter of
 * the RTP packets a subscriber receives. Every peer connection and fiber is closed with the scope.
 *
 * @since 0.1.0
 */
import type { PluginHandle, Protocol } from "@effect-janus/core"
import type { Common, VideoRoom } from "@effect-janus/plugins"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import { MediaStreamTrack, type RTCPeerConnection, RtpHeader, RtpPacket } from "werift"
import * as EchoCall from "./EchoCall.js"
import type * as Events from "./Events.js"
import * as Peer from "./Peer.js"

/** Audio and video tracks, by kind. */
export interface Tracks {
  readonly audio: MediaStreamTrack
  readonly video: MediaStreamTrack
}

/**
 * A publishing participant: its peer connection, its outgoing tracks and the plugin's answer to `publish`.
 *
 * @since 0.1.0
 */
export interface Publisher {
  readonly pc: RTCPeerConnection
  readonly tracks: Tracks
  readonly configured: Common.WithJsep<VideoRoom.Configured>
}

/**
 * A subscription: its peer connection, the remote tracks (what the plugin relays from the publisher) and the
 * plugin's answer to `start`.
 *
 * @since 0.1.0
 */
export interface Subscriber {
  readonly pc: RTCPeerConnection
  readonly tracks: Tracks
  readonly attached: Common.WithJsep<VideoRoom.Attached>
  readonly started: Common.WithJsep<VideoRoom.Started>
}

const codecs = { audio: [Peer.codecs.opus], video: [Peer.codecs.vp8] }
const isWebrtcUp = (message: Protocol.HandleMessage) => message.janus === "webrtcup"

/**
 * Sends our candidates and the end-of-candidates marker on a plugin service's handle, then waits for `webrtcup` on
 * `handleEvents` (a recording of its `handle.events`).
 *
 * @since 0.2.0
 */
export const trickleAndWait = (
  service: { readonly handle: PluginHandle },
  handleEvents: Events.Recorder<Protocol.HandleMessage>,
  candidates: ReadonlyArray<Protocol.Candidate>
) =>
  Effect.gen(function* () {
    yield* service.handle.trickle(candidates)
    yield* service.handle.trickle(null)
    yield* handleEvents.waitFor("webrtcup", isWebrtcUp)
  })

/**
 * Publishes audio and video on a handle that has joined a room as publisher: a werift offer (sendonly Opus and
 * VP8) in `publish(params)`, the SDP answer from the `Configured` event, our candidates by `trickle`, then waits
 * for `webrtcup` on `handleEvents` (a recording of `room.handle.events`). Send media with {@link sendRtp}.
 *
 * @since 0.1.0
 */
export const publish = (
  room: VideoRoom.VideoRoom,
  handleEvents: Events.Recorder<Protocol.HandleMessage>,
  params: VideoRoom.PublishParams = {}
) =>
  Effect.gen(function* () {
    const pc = yield* Peer.make(codecs)
    const tracks = { audio: new MediaStreamTrack({ kind: "audio" }), video: new MediaStreamTrack({ kind: "video" }) }
    pc.addTransceiver(tracks.audio, { direction: "sendonly" })
    pc.addTransceiver(tracks.video, { direction: "sendonly" })
    const offer = yield* Peer.setLocal(pc)
    const configured = yield* room.publish(params, { type: "offer", sdp: offer.sdp, trickle: true })
    if (configured.jsep?.type !== "answer") {
      return yield* new EchoCall.MediaError({
        message: `publish answered without an SDP answer: ${JSON.stringify(configured)}`
      })
    }
    const answer = configured.jsep.sdp
    yield* Peer.call("setRemoteDescription", () => pc.setRemoteDescription({ type: "answer", sdp: answer }))
    yield* trickleAndWait(room, handleEvents, offer.candidates)
    return { pc, tracks, configured } satisfies Publisher
  })

/**
 * Joins a room as subscriber (`joinSubscriber(params)`), answers the plugin's offer with werift (`start` with the
 * answer), trickles our candidates, and waits for `webrtcup` on `handleEvents` (a recording of
 * `room.handle.events`) and for the remote audio and video tracks (10 s).
 *
 * @since 0.1.0
 */
export const subscribe = (
  room: VideoRoom.VideoRoom,
  handleEvents: Events.Recorder<Protocol.HandleMessage>,
  params: VideoRoom.JoinSubscriberParams
) =>
  Effect.gen(function* () {
    const attached = yield* room.joinSubscriber(params)
    const offer = attached.jsep
    if (offer?.type !== "offer") {
      return yield* new EchoCall.MediaError({
        message: `join answered without an SDP offer: ${JSON.stringify(attached)}`
      })
    }
    const pc = yield* Peer.make(codecs)
    const remote = yield* Peer.listen(pc.onTrack)
    yield* Peer.call("setRemoteDescription", () => pc.setRemoteDescription({ type: "offer", sdp: offer.sdp }))
    const answer = yield* Peer.setLocal(pc)
    const started = yield* room.start({ type: "answer", sdp: answer.sdp, trickle: true })
    yield* trickleAndWait(room, handleEvents, answer.candidates)
    const tracks = yield* EchoCall.remoteTracks(remote)
    return { pc, tracks, attached, started } satisfies Subscriber
  })

/**
 * Sends RTP on both tracks every 20 ms (a one-byte VP8 payload descriptor then a text payload for video, a text
 * payload for audio), in a fiber that stops when the scope closes. The contents are not decodable media; Janus
 * relays them all the same.
 *
 * @since 0.1.0
 */
export const sendRtp = (tracks: Tracks): Effect.Effect<void, never, Scope.Scope> =>
  Effect.gen(function* () {
    const counter = yield* Ref.make(0)
    const send = Effect.flatMap(
      Ref.getAndUpdate(counter, (n) => n + 1),
      (i) =>
        Effect.sync(() => {
          const sequenceNumber = i % 65536
          tracks.audio.writeRtp(
            new RtpPacket(new RtpHeader({ sequenceNumber, timestamp: (i * 960) % 2 ** 32 }), Buffer.from(`audio-${i}`))
          )
          tracks.video.writeRtp(
            new RtpPacket(
              new RtpHeader({ sequenceNumber, timestamp: (i * 3000) % 2 ** 32, marker: true }),
              Buffer.concat([Buffer.from([0x10]), Buffer.from(`video-${i}`)])
            )
          )
        })
    )
    yield* send.pipe(Effect.repeat(Schedule.spaced("20 millis")), Effect.forkScoped)
  })

/**
 * How many RTP packets arrive on each track during `window` (default 1 s), counted from now.
 *
 * @since 0.1.0
 */
export const countRtp = (
  tracks: Tracks,
  window: Duration.DurationInput = "1 second"
): Effect.Effect<{ readonly audio: number; readonly video: number }> =>
  Effect.scoped(
    Effect.gen(function* () {
      const audio = yield* Peer.listen(tracks.audio.onReceiveRtp)
      const video = yield* Peer.listen(tracks.video.onReceiveRtp)
      yield* Effect.sleep(Duration.decode(window))
      return { audio: yield* Queue.size(audio), video: yield* Queue.size(video) }
    })
  )
