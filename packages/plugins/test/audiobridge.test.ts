import * as FileSystem from "@effect/platform/FileSystem"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { describe, expect, layer } from "@effect/vitest"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect, Fiber, Option, Stream } from "effect"
import { AudioBridge } from "../src/index.js"
import { silentOpusFile } from "./ogg.js"
import { offer } from "./sdp.js"
import { freshId, openSession, plain, recordEvents } from "./support.js"

/** The first event of `events` matching `tag`, listened for before the caller triggers it. */
const firstEvent = <T extends AudioBridge.Event["_tag"]>(bridge: AudioBridge.AudioBridge, tag: T) =>
  bridge.events.pipe(
    Stream.filter((event): event is Extract<AudioBridge.Event, { _tag: T }> => event._tag === tag),
    Stream.runHead,
    Effect.map(Option.getOrThrow),
    Effect.timeout("10 seconds"),
    Effect.fork,
    Effect.tap(() => Effect.sleep("50 millis"))
  )

describe("AudioBridge on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer(), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("create, exists, list, edit, allowed, recording switches, forwarders, destroy", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const bridge = yield* AudioBridge.attach(session)
        const room = yield* freshId
        const created = yield* bridge.create({ room, description: "typed", secret: "abs", sampling_rate: 16000 })
        expect(created).toMatchObject({ _tag: "Created", audiobridge: "created", room, permanent: false })
        expect(yield* bridge.exists({ room })).toMatchObject({ _tag: "Exists", exists: true })
        const listed = yield* bridge.list()
        expect(listed.list.find((info) => info.room === room)).toMatchObject({
          description: "typed",
          sampling_rate: 16000,
          num_participants: 0
        })
        expect(yield* bridge.edit({ room, secret: "abs", new_description: "renamed" })).toMatchObject({
          _tag: "Edited",
          room
        })
        expect((yield* bridge.list()).list.find((info) => info.room === room)?.description).toBe("renamed")
        expect(yield* bridge.listParticipants({ room })).toMatchObject({ _tag: "Participants", participants: [] })

        const allowed = yield* bridge.allowed({ room, secret: "abs", action: "add", allowed: ["tok"] })
        expect(allowed).toMatchObject({ _tag: "Allowed", room, allowed: ["tok"] })

        expect(yield* bridge.enableRecording({ room, secret: "abs", record: false })).toMatchObject({
          _tag: "Success",
          record: false
        })
        expect(yield* bridge.enableMjrs({ room, secret: "abs", mjrs: false })).toMatchObject({
          _tag: "Success",
          mjrs: false
        })

        const forward = yield* bridge.rtpForward({ room, secret: "abs", host: "127.0.0.1", port: 5002 })
        expect(forward).toMatchObject({ _tag: "RtpForward", room, host: "127.0.0.1", port: 5002 })
        const forwarders = yield* bridge.listForwarders({ room, secret: "abs" })
        expect(forwarders.rtp_forwarders).toEqual([
          expect.objectContaining({ stream_id: forward.stream_id, port: 5002 })
        ])
        expect(yield* bridge.stopRtpForward({ room, secret: "abs", stream_id: forward.stream_id })).toMatchObject({
          _tag: "Success",
          stream_id: forward.stream_id
        })
        expect((yield* bridge.listForwarders({ room, secret: "abs" })).rtp_forwarders).toEqual([])

        expect(yield* bridge.destroy({ room, secret: "abs" })).toMatchObject({ _tag: "Destroyed", room })
        expect(yield* bridge.exists({ room })).toMatchObject({ exists: false })
      })
    )

    it.scoped("join, listparticipants, configure, mute, changeroom, kick and leave, with the events others see", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const alice = yield* AudioBridge.attach(session)
        const bob = yield* AudioBridge.attach(session)
        const room = yield* freshId
        const sidebar = yield* freshId
        yield* alice.create({ room })
        yield* alice.create({ room: sidebar })

        const aliceJoined = yield* alice.join({ room, id: 1, display: "alice", muted: true })
        expect(aliceJoined).toMatchObject({ _tag: "Joined", room, id: 1, participants: [] })

        const seen = yield* firstEvent(alice, "Joined")
        const bobJoined = yield* bob.join({ room, id: 2, display: "bob" })
        expect(bobJoined.participants).toEqual([expect.objectContaining({ id: 1, display: "alice", muted: true })])
        expect(yield* Fiber.join(seen)).toMatchObject({
          _tag: "Joined",
          room,
          participants: [{ id: 2, display: "bob" }]
        })

        const list = yield* alice.listParticipants({ room })
        expect(list.participants.map((p) => p.id).sort()).toEqual([1, 2])
        expect(list.participants.every((p) => p.setup === false)).toBe(true)

        const changed = yield* firstEvent(bob, "ParticipantsUpdated")
        expect(yield* alice.configure({ muted: false, display: "Alice" })).toMatchObject({
          _tag: "ConfigureOk",
          result: "ok"
        })
        expect(yield* Fiber.join(changed)).toMatchObject({
          participants: [expect.objectContaining({ id: 1, display: "Alice", muted: false })]
        })

        expect(yield* alice.mute({ room, id: 2 })).toMatchObject({ _tag: "Success" })
        expect((yield* alice.listParticipants({ room })).participants.find((p) => p.id === 2)?.muted).toBe(true)
        expect(yield* alice.unmute({ room, id: 2 })).toMatchObject({ _tag: "Success" })
        expect(yield* alice.muteRoom({ room })).toMatchObject({ _tag: "Success" })
        expect(yield* alice.unmuteRoom({ room })).toMatchObject({ _tag: "Success" })
        expect(yield* alice.resetDecoder()).toMatchObject({ _tag: "Success" })

        const bobLeft = yield* firstEvent(alice, "Leaving")
        const moved = yield* bob.changeRoom({ room: sidebar, id: 3, display: "bob" })
        expect(moved).toMatchObject({ _tag: "RoomChanged", room: sidebar, id: 3, participants: [] })
        expect(yield* Fiber.join(bobLeft)).toMatchObject({ _tag: "Leaving", room, leaving: 2 })

        const kicked = yield* firstEvent(bob, "Kicked")
        expect(yield* alice.kick({ room: sidebar, id: 3 })).toMatchObject({ _tag: "Success" })
        expect(yield* Fiber.join(kicked)).toMatchObject({ _tag: "Kicked", room: sidebar, kicked: 3 })

        expect(yield* alice.leave()).toMatchObject({ _tag: "Left", room, id: 1 })
        const notJoined = yield* Effect.flip(alice.leave())
        expect(plain(notJoined)).toMatchObject({ _tag: "PluginError", code: AudioBridge.ErrorCode.NotJoined })
        yield* alice.destroy({ room })
        yield* alice.destroy({ room: sidebar })
      })
    )

    it.scoped("a plain-RTP join gets the bridge's RTP address; configure with an offer gets an answer; hangup", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const rtp = yield* AudioBridge.attach(session)
        const webrtc = yield* AudioBridge.attach(session)
        const room = yield* freshId
        yield* rtp.create({ room, allow_rtp_participants: true })

        const joined = yield* rtp.join({
          room,
          display: "legacy",
          codec: "pcmu",
          rtp: { ip: "127.0.0.1", port: 40010 }
        })
        expect(joined).toMatchObject({ _tag: "Joined", room, rtp: { payload_type: 0 } })
        expect(joined.rtp?.port).toBeGreaterThan(0)
        expect(typeof joined.rtp?.ip).toBe("string")

        yield* webrtc.join({ room, display: "browser" })
        const configured = yield* webrtc.configure({ muted: true }, offer("audio"))
        expect(configured).toMatchObject({ _tag: "ConfigureOk", result: "ok" })
        expect(configured.jsep?.type).toBe("answer")
        expect(configured.jsep?.sdp).toContain("opus/48000")
        expect(yield* webrtc.hangup()).toMatchObject({ _tag: "HangingUp", audiobridge: "hangingup" })
        yield* rtp.destroy({ room })
      })
    )

    it.scoped("events seen live: RoomMuted, and Announcement started / stopped around a play_file", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const alice = yield* AudioBridge.attach(session)
        const bob = yield* AudioBridge.attach(session)
        const room = yield* freshId
        yield* alice.create({ room, secret: "ann" })
        yield* alice.join({ room, id: 1, display: "alice" })
        yield* bob.join({ room, id: 2, display: "bob" })
        const seen = yield* recordEvents(bob)

        yield* alice.muteRoom({ room, secret: "ann" })
        expect(yield* seen.waitFor("RoomMuted")).toMatchObject({ room, muted: true })
        yield* alice.unmuteRoom({ room, secret: "ann" })
        yield* seen.waitFor("RoomMuted", (e) => !e.muted)

        const fs = yield* FileSystem.FileSystem
        const dir = yield* fs.makeTempDirectoryScoped({ prefix: "effect-janus-opus-" })
        const filename = `${dir}/silence.opus`
        yield* fs.writeFile(filename, silentOpusFile(25))
        expect(yield* alice.playFile({ room, secret: "ann", file_id: "jingle", filename })).toMatchObject({
          _tag: "FilePlayback",
          file_id: "jingle"
        })
        const started = yield* seen.waitFor("Announcement", (e) => e.audiobridge === "announcement-started")
        expect(started).toMatchObject({ room, file_id: "jingle" })
        const stopped = yield* seen.waitFor("Announcement", (e) => e.audiobridge === "announcement-stopped")
        expect(stopped).toMatchObject({ room, file_id: "jingle" })
        expect(yield* alice.isPlaying({ room, secret: "ann", file_id: "jingle" })).toMatchObject({ playing: false })
        yield* alice.destroy({ room, secret: "ann" })
      }).pipe(Effect.provide(NodeFileSystem.layer))
    )

    it.scoped("errors: 485 no such room, 486 room exists, 489 wrong secret, file playback of a missing file", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const bridge = yield* AudioBridge.attach(session)
        const missing = yield* Effect.flip(bridge.join({ room: 999_999_999 }))
        expect(plain(missing)).toMatchObject({ _tag: "PluginError", code: AudioBridge.ErrorCode.NoSuchRoom })
        const room = yield* freshId
        yield* bridge.create({ room, secret: "right" })
        const again = yield* Effect.flip(bridge.create({ room }))
        expect(plain(again)).toMatchObject({ _tag: "PluginError", code: AudioBridge.ErrorCode.RoomExists })
        const wrong = yield* Effect.flip(bridge.destroy({ room, secret: "wrong" }))
        expect(plain(wrong)).toMatchObject({ _tag: "PluginError", code: AudioBridge.ErrorCode.Unauthorized })
        const noFile = yield* Effect.flip(
          bridge.playFile({ room, secret: "right", file_id: "f1", filename: "/nonexistent/file.opus" })
        )
        expect(noFile._tag).toBe("PluginError")
        expect(yield* bridge.isPlaying({ room, secret: "right", file_id: "f1" })).toMatchObject({
          _tag: "IsPlaying",
          file_id: "f1",
          playing: false
        })
        // Janus 1.1.2 answers success to stop_file of a file that is not playing.
        expect(yield* bridge.stopFile({ room, secret: "right", file_id: "f1" })).toMatchObject({
          _tag: "FilePlayback",
          file_id: "f1"
        })
        expect(yield* bridge.kickAll({ room, secret: "right" })).toMatchObject({ _tag: "Success" })
        yield* bridge.destroy({ room, secret: "right" })
      })
    )
  })
})
