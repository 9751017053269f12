import { describe, expect, it } from "@effect/vitest"
import { RecordPlay } from "@effect-janus/plugins"
import { JanusServer, MediaJanus } from "@effect-janus/testing-janus"
import { Peer } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect, Queue, Schedule } from "effect"
import type { MediaStreamTrack, RtpPacket } from "werift"
import * as Connect from "../src/Connect.js"
import * as Media from "../src/Media.js"

/** Starts queueing the RTP packets that arrive on `track` (until the scope closes). */
const received = (track: MediaStreamTrack) =>
  Effect.gen(function* () {
    const queue = yield* Queue.unbounded<RtpPacket>()
    yield* Effect.acquireRelease(
      Effect.sync(() => track.onReceiveRtp.subscribe((packet) => Queue.unsafeOffer(queue, packet))),
      (subscription) => Effect.sync(() => subscription.unSubscribe())
    )
    return queue
  })

/**
 * Waits (10 s at most) until at least `count` RTP packets are in `queue` (see {@link received}), and returns their
 * payloads as text.
 */
const awaitPayloads = (queue: Queue.Dequeue<RtpPacket>, count: number) =>
  Queue.size(queue).pipe(
    Effect.filterOrFail(
      (size) => size >= count,
      (size) => `only ${size} RTP packets`
    ),
    Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("10 seconds"))),
    Effect.zipRight(Queue.takeAll(queue)),
    Effect.map((packets) => [...packets].map((packet) => packet.payload.toString("latin1")))
  )

describe("Record&Play with real WebRTC media (werift over loopback)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive("record what a peer sends, list it, play it back to a second peer: start → Playing, RTP arrives", () =>
    Effect.gen(function* () {
      const janus = yield* MediaJanus.make()
      const session = yield* Connect.session(yield* Connect.connect(janus.wsUrl))
      const id = 4242

      // (1) Record: a werift offer (sendonly Opus + VP8) in `record`, Janus's answer, media up, ~2 s of RTP, stop.
      const recorder = yield* RecordPlay.attach(session)
      const sender = yield* Media.peer(recorder.handle)
      const outgoing = { audio: Werift.makeTrack("audio"), video: Werift.makeTrack("video") }
      sender.connection.addTransceiver(outgoing.audio, { direction: "sendonly" })
      sender.connection.addTransceiver(outgoing.video, { direction: "sendonly" })
      const recording = yield* sender.offer((offer) => recorder.record({ name: "e2e", id }, offer))
      expect(recording).toMatchObject({
        _tag: "Recording",
        result: { status: "recording", id },
        jsep: { type: "answer" }
      })
      yield* Peer.awaitUp(sender)
      yield* Effect.scoped(Effect.zipRight(Werift.sendRtp([outgoing.audio, outgoing.video]), Effect.sleep("2 seconds")))
      expect(yield* recorder.stop()).toMatchObject({ _tag: "Stopped", result: { status: "stopped", id } })

      // (2) The completed recording is listed (once Janus has closed the PeerConnection and the files).
      const player = yield* RecordPlay.attach(session)
      const listed = yield* player.list().pipe(
        Effect.map((answer) => answer.list.find((r) => r.id === id)),
        Effect.filterOrFail(
          (r) => r !== undefined,
          () => "not listed yet"
        ),
        Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo("5 seconds")))
      )
      expect(listed).toMatchObject({
        id,
        name: "e2e",
        audio: true,
        video: true,
        audio_codec: "opus",
        video_codec: "vp8"
      })

      // (3) Play: Janus offers, a second werift peer answers through `start` → Playing, and the recorded RTP arrives.
      const receiver = yield* Media.peer(player.handle)
      const preparing = yield* player.play({ id })
      expect(preparing).toMatchObject({ _tag: "Preparing", result: { status: "preparing", id } })
      const playing = yield* receiver.answer(preparing.jsep, (answer) => player.start(answer))
      expect(playing).toMatchObject({ _tag: "Playing", result: { status: "playing" } })
      // The remote tracks exist once Janus's offer is applied; the recording plays once media is up.
      const tracks = yield* Werift.remoteTracks(receiver, ["audio", "video"])
      const audio = yield* received(tracks.audio)
      const video = yield* received(tracks.video)
      yield* Peer.awaitUp(receiver)
      // What comes back is what was recorded: the payloads `Werift.sendRtp` wrote (video after its descriptor byte).
      const audioPayloads = yield* awaitPayloads(audio, 25)
      const videoPayloads = yield* awaitPayloads(video, 25)
      expect(audioPayloads.filter((payload) => /^audio-\d+$/.test(payload)).length).toBeGreaterThanOrEqual(25)
      expect(
        videoPayloads.filter((payload) => payload.startsWith("\u0010") && /^video-\d+$/.test(payload.slice(1))).length
      ).toBeGreaterThanOrEqual(25)
      expect(yield* player.stop()).toMatchObject({ _tag: "Stopped", result: { status: "stopped" } })
    })
  )
})
