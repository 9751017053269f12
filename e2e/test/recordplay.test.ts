import { describe, expect, it } from "@effect/vitest"
import { RecordPlay } from "@effect-janus/plugins"
import { JanusServer, MediaJanus } from "@effect-janus/testing-janus"
import { Effect, Queue, Schedule } from "effect"
import { MediaStreamTrack, type RtpPacket } from "werift"
import * as Connect from "../src/Connect.js"
import * as EchoCall from "../src/EchoCall.js"
import * as Events from "../src/Events.js"
import * as Peer from "../src/Peer.js"
import * as RoomPeer from "../src/RoomPeer.js"

const codecs = { audio: [Peer.codecs.opus], video: [Peer.codecs.vp8] }

/**
 * Waits (10 s at most) until at least `count` RTP packets have arrived on a queue of `onReceiveRtp` emissions, and
 * returns their payloads as text.
 */
const awaitPayloads = (received: Queue.Dequeue<readonly [RtpPacket, ...Array<unknown>]>, count: number) =>
  Queue.size(received).pipe(
    Effect.filterOrFail(
      (size) => size >= count,
      (size) => `only ${size} RTP packets`
    ),
    Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("10 seconds"))),
    Effect.zipRight(Queue.takeAll(received)),
    Effect.map((packets) => [...packets].map(([packet]) => packet.payload.toString("latin1")))
  )

describe("Record&Play with real WebRTC media (werift over loopback)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive("record what a peer sends, list it, play it back to a second peer: start → Playing, RTP arrives", () =>
    Effect.gen(function* () {
      const janus = yield* MediaJanus.make()
      const session = yield* Connect.session(yield* Connect.connect(janus.wsUrl))
      const id = 4242

      // (1) Record: a werift offer (sendonly Opus + VP8) in `record`, Janus's answer, ICE/DTLS up, ~2 s of RTP, stop.
      const recorder = yield* RecordPlay.attach(session)
      const recorderEvents = yield* Events.record(recorder.handle.events)
      const sender = yield* Peer.make(codecs)
      const outgoing = {
        audio: new MediaStreamTrack({ kind: "audio" }),
        video: new MediaStreamTrack({ kind: "video" })
      }
      sender.addTransceiver(outgoing.audio, { direction: "sendonly" })
      sender.addTransceiver(outgoing.video, { direction: "sendonly" })
      const offer = yield* Peer.setLocal(sender)
      const recording = yield* recorder.record({ name: "e2e", id }, { type: "offer", sdp: offer.sdp, trickle: true })
      expect(recording).toMatchObject({ _tag: "Recording", result: { status: "recording", id } })
      const answerSdp = recording.jsep?.type === "answer" ? recording.jsep.sdp : undefined
      if (answerSdp === undefined)
        return yield* Effect.dieMessage(`record without an answer: ${JSON.stringify(recording)}`)
      yield* Peer.call("setRemoteDescription", () => sender.setRemoteDescription({ type: "answer", sdp: answerSdp }))
      yield* RoomPeer.trickleAndWait(recorder, recorderEvents, offer.candidates)
      yield* Effect.scoped(Effect.zipRight(RoomPeer.sendRtp(outgoing), Effect.sleep("2 seconds")))
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
      const playerEvents = yield* Events.record(player.handle.events)
      const preparing = yield* player.play({ id })
      expect(preparing).toMatchObject({ _tag: "Preparing", result: { status: "preparing", id } })
      const playOffer = preparing.jsep?.type === "offer" ? preparing.jsep.sdp : undefined
      if (playOffer === undefined)
        return yield* Effect.dieMessage(`play without an offer: ${JSON.stringify(preparing)}`)
      const receiver = yield* Peer.make(codecs)
      const remote = yield* Peer.listen(receiver.onTrack)
      yield* Peer.call("setRemoteDescription", () => receiver.setRemoteDescription({ type: "offer", sdp: playOffer }))
      const tracks = yield* EchoCall.remoteTracks(remote)
      const audio = yield* Peer.listen(tracks.audio.onReceiveRtp)
      const video = yield* Peer.listen(tracks.video.onReceiveRtp)
      const answer = yield* Peer.setLocal(receiver)
      const playing = yield* player.start({ type: "answer", sdp: answer.sdp, trickle: true })
      expect(playing).toMatchObject({ _tag: "Playing", result: { status: "playing" } })
      yield* RoomPeer.trickleAndWait(player, playerEvents, answer.candidates)
      // What comes back is what was recorded: the payloads `RoomPeer.sendRtp` wrote (video after its descriptor byte).
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
