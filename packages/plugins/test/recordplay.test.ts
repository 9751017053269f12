import { describe, expect, layer } from "@effect/vitest"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect, Schedule } from "effect"
import { RecordPlay } from "../src/index.js"
import { offer } from "./sdp.js"
import { freshId, openSession, plain } from "./support.js"

describe("Record&Play on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer(), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("list, update and configure (synchronous)", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const recordplay = yield* RecordPlay.attach(session)
        expect(yield* recordplay.list()).toEqual({ _tag: "List", recordplay: "list", list: [] })
        expect(yield* recordplay.update()).toEqual({ _tag: "Ok", recordplay: "ok" })
        const configured = yield* recordplay.configure({
          "video-bitrate-max": 512000,
          "video-keyframe-interval": 15000
        })
        expect(configured).toMatchObject({
          _tag: "Configured",
          status: "ok",
          settings: { "video-bitrate-max": 512000, "video-keyframe-interval": 15000 }
        })
      })
    )

    it.scoped(
      "record with an offer answers recording (SDP answer in jsep); stop; pause without a recording is ignored",
      () =>
        Effect.gen(function* () {
          const session = yield* openSession
          const recordplay = yield* RecordPlay.attach(session)
          const id = yield* freshId
          const recording = yield* recordplay.record({ name: "typed", id }, offer("audio", "video"))
          expect(recording).toMatchObject({ _tag: "Recording", result: { status: "recording", id } })
          expect(recording.jsep?.type).toBe("answer")
          const taken = yield* Effect.flip(
            RecordPlay.attach(session).pipe(
              Effect.flatMap((other) => other.record({ name: "again", id }, offer("audio")))
            )
          )
          expect(plain(taken)).toMatchObject({ _tag: "PluginError", code: RecordPlay.ErrorCode.RecordingExists })
          expect(yield* recordplay.stop()).toMatchObject({ _tag: "Stopped", result: { status: "stopped", id } })
          const listed = yield* recordplay.list().pipe(
            Effect.map((answer) => answer.list.find((r) => r.id === id)),
            Effect.filterOrFail(
              (r) => r !== undefined,
              () => "not listed yet"
            ),
            Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo("5 seconds")))
          )
          // Once the PeerConnection is gone the recording is complete and listed.
          expect(listed).toMatchObject({
            id,
            name: "typed",
            audio: true,
            video: true,
            data: false,
            audio_codec: "opus",
            video_codec: "vp8"
          })
          // No media was ever recorded: the files hold only a header and cannot be played (417).
          const player = yield* RecordPlay.attach(session)
          const empty = yield* Effect.flip(player.play({ id }))
          expect(plain(empty)).toMatchObject({ _tag: "PluginError", code: RecordPlay.ErrorCode.InvalidRecording })

          const idle = yield* RecordPlay.attach(session)
          expect(yield* idle.pause()).toMatchObject({ _tag: "Ignored", recordplay: "event" })
          expect(yield* idle.resume()).toMatchObject({ _tag: "Ignored" })
        })
    )

    it.scoped("play of an unknown recording fails with PluginError 416", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const recordplay = yield* RecordPlay.attach(session)
        const error = yield* Effect.flip(recordplay.play({ id: 999_999_999 }))
        expect(plain(error)).toMatchObject({ _tag: "PluginError", code: RecordPlay.ErrorCode.NotFound })
      })
    )
  })
})
