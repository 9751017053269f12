import { describe, expect, layer } from "@effect/vitest"
import { PluginError } from "@effect-janus/core"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect, Fiber, Option, Stream } from "effect"
import { VideoRoom } from "../src/index.js"
import { answerFor, offer } from "./sdp.js"
import { freshId, openSession, plain, recordEvents } from "./support.js"

/** The first event of `events` matching `tag`, collected by a fiber started before the returned trigger runs. */
const firstEvent = <T extends VideoRoom.Event["_tag"]>(room: VideoRoom.VideoRoom, tag: T) =>
  room.events.pipe(
    Stream.filter((event): event is Extract<VideoRoom.Event, { _tag: T }> => event._tag === tag),
    Stream.runHead,
    Effect.map(Option.getOrThrow),
    Effect.timeout("10 seconds"),
    Effect.fork,
    // Give the listener time to subscribe before the caller triggers the event.
    Effect.tap(() => Effect.sleep("50 millis"))
  )

describe("VideoRoom on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer(), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("create, exists, list, edit, listparticipants, listforwarders, enable_recording, destroy", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const videoroom = yield* VideoRoom.attach(session)
        const room = yield* freshId
        const created = yield* videoroom.create({ room, description: "typed", secret: "s3cret", publishers: 4 })
        expect(created).toMatchObject({ _tag: "Created", videoroom: "created", room, permanent: false })

        expect(yield* videoroom.exists({ room })).toMatchObject({ _tag: "Exists", room, exists: true })
        const listed = yield* videoroom.list()
        expect(listed._tag).toBe("RoomList")
        expect(listed.list.find((info) => info.room === room)).toMatchObject({
          description: "typed",
          max_publishers: 4,
          num_participants: 0
        })
        // The demo room of the harness config is listed too.
        expect(listed.list.some((info) => info.room === 1234)).toBe(true)

        const edited = yield* videoroom.edit({ room, secret: "s3cret", new_description: "renamed", new_publishers: 2 })
        expect(edited).toMatchObject({ _tag: "Edited", room })
        const relisted = yield* videoroom.list()
        expect(relisted.list.find((info) => info.room === room)).toMatchObject({
          description: "renamed",
          max_publishers: 2
        })

        expect(yield* videoroom.listParticipants({ room })).toMatchObject({
          _tag: "Participants",
          room,
          participants: []
        })
        expect(yield* videoroom.listForwarders({ room, secret: "s3cret" })).toMatchObject({
          _tag: "Forwarders",
          room,
          publishers: []
        })
        expect(yield* videoroom.enableRecording({ room, secret: "s3cret", record: false })).toMatchObject({
          _tag: "Success",
          record: false
        })

        expect(yield* videoroom.destroy({ room, secret: "s3cret" })).toMatchObject({ _tag: "Destroyed", room })
        expect(yield* videoroom.exists({ room })).toMatchObject({ exists: false })
      })
    )

    it.scoped("error answers fail with PluginError: 426 no such room, 427 room exists, 433 wrong secret", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const videoroom = yield* VideoRoom.attach(session)
        const missing = yield* Effect.flip(videoroom.joinPublisher({ room: 999_999_999, display: "nobody" }))
        expect(missing).toBeInstanceOf(PluginError)
        expect(missing).toMatchObject({ plugin: "janus.plugin.videoroom", code: VideoRoom.ErrorCode.NoSuchRoom })

        const room = yield* freshId
        yield* videoroom.create({ room, secret: "right" })
        const again = yield* Effect.flip(videoroom.create({ room }))
        expect(plain(again)).toMatchObject({ _tag: "PluginError", code: VideoRoom.ErrorCode.RoomExists })
        const wrong = yield* Effect.flip(videoroom.destroy({ room, secret: "wrong" }))
        expect(plain(wrong)).toMatchObject({ _tag: "PluginError", code: VideoRoom.ErrorCode.Unauthorized })
        const noSuchEdit = yield* Effect.flip(videoroom.edit({ room: 999_999_998, new_description: "x" }))
        expect(plain(noSuchEdit)).toMatchObject({ _tag: "PluginError", code: VideoRoom.ErrorCode.NoSuchRoom })
        yield* videoroom.destroy({ room, secret: "right" })
      })
    )

    it.scoped("publishers join and leave; another publisher sees Joining and Leaving events", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const alice = yield* VideoRoom.attach(session)
        const bob = yield* VideoRoom.attach(session)
        const room = yield* freshId
        yield* alice.create({ room, notify_joining: true })

        const aliceJoined = yield* alice.joinPublisher({ room, display: "alice" })
        expect(aliceJoined).toMatchObject({ _tag: "Joined", videoroom: "joined", room, publishers: [] })
        expect(typeof aliceJoined.id).toBe("number")
        expect(typeof aliceJoined.private_id).toBe("number")

        const joining = yield* firstEvent(alice, "Joining")
        const bobJoined = yield* bob.joinPublisher({ room, id: 4242, display: "bob" })
        expect(bobJoined).toMatchObject({
          _tag: "Joined",
          id: 4242,
          attendees: [{ id: aliceJoined.id, display: "alice" }]
        })
        expect(yield* Fiber.join(joining)).toMatchObject({
          _tag: "Joining",
          room,
          joining: { id: 4242, display: "bob" }
        })

        const participants = yield* alice.listParticipants({ room })
        expect(participants.participants.map((p) => p.id).sort()).toEqual([4242, aliceJoined.id].sort())
        expect(participants.participants.every((p) => p.publisher === false)).toBe(true)

        const leaving = yield* firstEvent(alice, "Leaving")
        expect(yield* bob.leave()).toMatchObject({ _tag: "LeavingOk", leaving: "ok" })
        expect(yield* Fiber.join(leaving)).toMatchObject({ _tag: "Leaving", room, leaving: 4242 })

        const again = yield* Effect.flip(alice.joinPublisher({ room }))
        expect(plain(again)).toMatchObject({ _tag: "PluginError", code: VideoRoom.ErrorCode.AlreadyJoined })
        expect(yield* alice.leave()).toMatchObject({ _tag: "LeavingOk" })
        yield* alice.destroy({ room })
      })
    )

    it.scoped("kick, allowed and moderate (428 without a stream) as the room's administrator", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const admin = yield* VideoRoom.attach(session)
        const guest = yield* VideoRoom.attach(session)
        const room = yield* freshId
        yield* admin.create({ room, secret: "adm" })

        const enabled = yield* admin.allowed({ room, secret: "adm", action: "enable" })
        expect(enabled).toMatchObject({ _tag: "Allowed", room, allowed: [] })
        const added = yield* admin.allowed({ room, secret: "adm", action: "add", allowed: ["t1", "t2"] })
        expect([...(added.allowed ?? [])].sort()).toEqual(["t1", "t2"])
        const refused = yield* Effect.flip(guest.joinPublisher({ room, display: "no token" }))
        expect(plain(refused)).toMatchObject({ _tag: "PluginError", code: VideoRoom.ErrorCode.Unauthorized })

        const joined = yield* guest.joinPublisher({ room, display: "guest", token: "t1" })
        const moderateMissing = yield* Effect.flip(
          admin.moderate({ room, secret: "adm", id: joined.id, mid: "0", mute: true })
        )
        // moderate needs a published stream: a participant that only joined has none.
        expect(plain(moderateMissing)).toMatchObject({ _tag: "PluginError", code: VideoRoom.ErrorCode.NoSuchFeed })

        const kicked = yield* firstEvent(guest, "Kicked")
        expect(yield* admin.kick({ room, secret: "adm", id: joined.id })).toMatchObject({ _tag: "Success" })
        expect(yield* Fiber.join(kicked)).toMatchObject({ _tag: "Kicked", leaving: "ok", reason: "kicked", room })
        expect((yield* admin.listParticipants({ room })).participants).toEqual([])
        const unknown = yield* Effect.flip(admin.kick({ room, secret: "adm", id: 1 }))
        expect(plain(unknown)).toMatchObject({ _tag: "PluginError", code: VideoRoom.ErrorCode.NoSuchFeed })
        yield* admin.destroy({ room, secret: "adm" })
      })
    )

    it.scoped("a subscriber join to a feed that does not exist fails with PluginError 428", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const videoroom = yield* VideoRoom.attach(session)
        const room = yield* freshId
        yield* videoroom.create({ room })
        const subscriber = yield* VideoRoom.attach(session)
        const error = yield* Effect.flip(subscriber.joinSubscriber({ room, streams: [{ feed: 777 }] }))
        expect(plain(error)).toMatchObject({ _tag: "PluginError", code: VideoRoom.ErrorCode.NoSuchFeed })
        yield* videoroom.destroy({ room })
      })
    )

    it.scoped("several handles of one plugin live side by side in one scope", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const room = yield* freshId
        const handles = yield* Effect.forEach([1, 2, 3], () => VideoRoom.attach(session))
        expect(new Set(handles.map((h) => h.handle.id)).size).toBe(3)
        yield* handles[0]!.create({ room })
        const joined = yield* Effect.forEach(handles, (h, i) => h.joinPublisher({ room, id: i + 1, display: `p${i}` }))
        expect(joined.map((j) => j.id)).toEqual([1, 2, 3])
        expect((yield* handles[2]!.listParticipants({ room })).participants).toHaveLength(3)
        yield* handles[0]!.destroy({ room })
      })
    )

    it.scoped("the destroyed event reaches participants as Destroyed", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const owner = yield* VideoRoom.attach(session)
        const member = yield* VideoRoom.attach(session)
        const room = yield* freshId
        yield* owner.create({ room })
        yield* member.joinPublisher({ room })
        const destroyed = yield* firstEvent(member, "Destroyed")
        yield* owner.destroy({ room })
        expect(yield* Fiber.join(destroyed)).toMatchObject({ _tag: "Destroyed", videoroom: "destroyed", room })
      })
    )

    it.scoped(
      "publish, configure and joinandconfigure negotiate SDP (answers in jsep); unpublish before media is 435",
      () =>
        Effect.gen(function* () {
          const session = yield* openSession
          const publisher = yield* VideoRoom.attach(session)
          const room = yield* freshId
          yield* publisher.create({ room })
          yield* publisher.joinPublisher({ room, display: "pub" })
          const configured = yield* publisher.publish(
            { descriptions: [{ mid: "0", description: "mic" }], bitrate: 256000 },
            offer("audio", "video")
          )
          expect(configured).toMatchObject({
            _tag: "Configured",
            configured: "ok",
            audio_codec: "opus",
            video_codec: "vp8"
          })
          expect(configured.streams?.[0]).toMatchObject({ mid: "0", type: "audio", description: "mic" })
          expect(configured.jsep?.type).toBe("answer")
          const reconfigured = yield* publisher.configurePublisher({ display: "renamed", bitrate: 128000 })
          expect(reconfigured).toMatchObject({ _tag: "Configured", configured: "ok" })
          expect((yield* publisher.listParticipants({ room })).participants[0]?.display).toBe("renamed")
          // The publisher only becomes active once its PeerConnection is up (no media here).
          const notPublished = yield* Effect.flip(publisher.unpublish())
          expect(plain(notPublished)).toMatchObject({ _tag: "PluginError", code: VideoRoom.ErrorCode.NotPublished })

          const second = yield* VideoRoom.attach(session)
          const joined = yield* second.joinAndConfigure({ room, display: "both", bitrate: 64000 }, offer("audio"))
          expect(joined).toMatchObject({ _tag: "Joined", room })
          expect(joined.jsep?.type).toBe("answer")
          yield* publisher.destroy({ room })
        })
    )

    it.scoped(
      "a multistream subscription of the dummy publisher: join, start, pause, configure, switch, update, leave",
      () =>
        Effect.gen(function* () {
          const session = yield* openSession
          const admin = yield* VideoRoom.attach(session)
          const room = yield* freshId
          yield* admin.create({ room, dummy_publisher: true, secret: "vrs" })
          const dummy = (yield* admin.listParticipants({ room })).participants.find((p) => p.dummy === true)
          expect(dummy).toMatchObject({ display: "Dummy publisher", publisher: true })
          const feed = dummy!.id

          const subscriber = yield* VideoRoom.attach(session)
          const attached = yield* subscriber.joinSubscriber({ room, streams: [{ feed }] })
          expect(attached).toMatchObject({ _tag: "Attached", room })
          expect(attached.streams?.map((s) => [s.mid, s.type, s.feed_id])).toEqual([
            ["0", "audio", feed],
            ["1", "video", feed]
          ])
          expect(attached.jsep?.type).toBe("offer")

          expect(yield* subscriber.start(answerFor(attached.jsep!.sdp))).toMatchObject({
            _tag: "Started",
            started: "ok"
          })
          expect(yield* subscriber.pause()).toMatchObject({ _tag: "Paused", paused: "ok" })
          expect(yield* subscriber.start()).toMatchObject({ _tag: "Started" })
          expect(yield* subscriber.configureSubscriber({ streams: [{ mid: "1", send: false }] })).toMatchObject({
            _tag: "Configured"
          })
          const switched = yield* subscriber.switch({ streams: [{ feed, mid: "0", sub_mid: "0" }] })
          expect(switched).toMatchObject({ _tag: "Switched", switched: "ok", room })

          const removed = yield* subscriber.unsubscribe({ streams: [{ sub_mid: "1" }] })
          expect(["Updated", "Updating"]).toContain(removed._tag)
          const added = yield* subscriber.subscribe({ streams: [{ feed, mid: "1" }] })
          expect(["Updated", "Updating"]).toContain(added._tag)
          const both = yield* subscriber.update({ subscribe: [{ feed, mid: "0" }], unsubscribe: [{ feed, mid: "0" }] })
          expect(["Updated", "Updating"]).toContain(both._tag)
          const empty = yield* Effect.flip(subscriber.update({}))
          expect(plain(empty)).toMatchObject({ _tag: "PluginError" })

          expect(yield* subscriber.leave()).toMatchObject({ _tag: "Left", left: "ok" })
          yield* admin.destroy({ room, secret: "vrs" })
        })
    )

    it.scoped("rtp_forward, listforwarders, stop_rtp_forward and moderate on the dummy publisher", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const admin = yield* VideoRoom.attach(session)
        const room = yield* freshId
        yield* admin.create({ room, dummy_publisher: true, secret: "vrs" })
        const feed = (yield* admin.listParticipants({ room })).participants.find((p) => p.dummy === true)!.id

        const forwarded = yield* admin.rtpForward({
          room,
          secret: "vrs",
          publisher_id: feed,
          host: "127.0.0.1",
          streams: [{ mid: "0", port: 5004 }]
        })
        expect(forwarded).toMatchObject({ _tag: "RtpForwarded", room, publisher_id: feed })
        expect(forwarded.forwarders).toEqual([
          expect.objectContaining({ type: "audio", host: "127.0.0.1", port: 5004 })
        ])
        const streamId = forwarded.forwarders[0]!.stream_id!
        const listed = yield* admin.listForwarders({ room, secret: "vrs" })
        expect(listed.publishers).toEqual([
          expect.objectContaining({
            publisher_id: feed,
            forwarders: [expect.objectContaining({ stream_id: streamId })]
          })
        ])
        expect(
          yield* admin.stopRtpForward({ room, secret: "vrs", publisher_id: feed, stream_id: streamId })
        ).toMatchObject({
          _tag: "RtpForwardStopped",
          stream_id: streamId
        })
        expect((yield* admin.listForwarders({ room, secret: "vrs" })).publishers).toEqual([])

        expect(yield* admin.moderate({ room, secret: "vrs", id: feed, mid: "0", mute: true })).toMatchObject({
          _tag: "Success"
        })
        yield* admin.destroy({ room, secret: "vrs" })
      })
    )

    it.scoped("remote publishers: add, update, publish_remotely, listremotes, unpublish_remotely, remove", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const admin = yield* VideoRoom.attach(session)
        const watcher = yield* VideoRoom.attach(session)
        const room = yield* freshId
        yield* admin.create({ room, secret: "rp", dummy_publisher: true })
        yield* watcher.joinPublisher({ room, display: "watcher" })
        const seen = yield* recordEvents(watcher)

        // The receiving side: a publisher fed by "another Janus" (here the same one), on a port it binds.
        const added = yield* admin.addRemotePublisher({
          room,
          secret: "rp",
          display: "remote alice",
          streams: [{ type: "audio", mindex: 0, mid: "0", codec: "opus" }]
        })
        expect(added).toMatchObject({ _tag: "RemotePublisherAdded", videoroom: "success", room })
        expect(added.port).toBeGreaterThan(0)
        // Members see it as any publisher.
        const announced = yield* seen.waitFor("Publishers", (e) => e.publishers.some((p) => p.id === added.id))
        expect(announced.publishers.find((p) => p.id === added.id)).toMatchObject({ display: "remote alice" })
        const listed = yield* admin.listParticipants({ room })
        expect(listed.participants.find((p) => p.id === added.id)).toMatchObject({ remote: true, publisher: true })

        expect(
          yield* admin.updateRemotePublisher({
            room,
            secret: "rp",
            id: added.id,
            display: "remote alice 2",
            streams: [{ type: "audio", mindex: 0, mid: "0", codec: "opus", description: "mic" }]
          })
        ).toMatchObject({ _tag: "Success" })
        // An update is announced as a new Publishers event with the publisher as it is now.
        yield* seen.waitFor("Publishers", (e) =>
          e.publishers.some((p) => p.id === added.id && p.display === "remote alice 2")
        )

        // The sending side: remotize the dummy publisher towards the remote publisher's port.
        const feed = listed.participants.find((p) => p.dummy === true)!.id
        const remotized = yield* admin.publishRemotely({
          room,
          secret: "rp",
          publisher_id: feed,
          remote_id: "to-b",
          host: "127.0.0.1",
          port: added.port
        })
        expect(remotized).toMatchObject({ _tag: "Remotized", room, id: feed, remote_id: "to-b" })
        const remotes = yield* admin.listRemotes({ room, secret: "rp", publisher_id: feed })
        expect(remotes).toMatchObject({ _tag: "Remotes", id: feed, list: [{ remote_id: "to-b", host: "127.0.0.1" }] })
        expect(
          yield* admin.unpublishRemotely({ room, secret: "rp", publisher_id: feed, remote_id: "to-b" })
        ).toMatchObject({ _tag: "Remotized", id: feed })
        expect((yield* admin.listRemotes({ room, secret: "rp", publisher_id: feed })).list).toEqual([])

        expect(yield* admin.removeRemotePublisher({ room, secret: "rp", id: added.id })).toMatchObject({
          _tag: "Success"
        })
        // Members are told as for a local publisher that leaves.
        yield* seen.waitFor("Leaving", (e) => e.leaving === added.id)
        const after = yield* admin.listParticipants({ room })
        expect(after.participants.some((p) => p.id === added.id)).toBe(false)
        yield* admin.destroy({ room, secret: "rp" })
      })
    )

    it.scoped("events seen live: Moderation and DisplayChanged reach the other participants", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const admin = yield* VideoRoom.attach(session)
        const alice = yield* VideoRoom.attach(session)
        const room = yield* freshId
        yield* admin.create({ room, secret: "ev", dummy_publisher: true })
        const joined = yield* alice.joinPublisher({ room, display: "alice" })
        const feed = joined.publishers.find((p) => p.dummy === true)!.id
        const seen = yield* recordEvents(alice)
        yield* admin.moderate({ room, secret: "ev", id: feed, mid: "0", mute: true })
        expect(yield* seen.waitFor("Moderation")).toMatchObject({ room, id: feed, mid: "0", moderation: "muted" })
        yield* admin.moderate({ room, secret: "ev", id: feed, mid: "0", mute: false })
        yield* seen.waitFor("Moderation", (e) => e.moderation === "unmuted")

        const bob = yield* VideoRoom.attach(session)
        const bobJoined = yield* bob.joinPublisher({ room, display: "bob" })
        yield* bob.configurePublisher({ display: "bobby" })
        expect(yield* seen.waitFor("DisplayChanged", (e) => e.id === bobJoined.id)).toMatchObject({ display: "bobby" })
        yield* admin.destroy({ room, secret: "ev" })
      })
    )

    it.scoped("reattach wraps the same handle id without a new attach", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const original = yield* VideoRoom.attach(session)
        const room = yield* freshId
        yield* original.create({ room })
        const joined = yield* original.joinPublisher({ room, display: "kept" })
        const again = yield* VideoRoom.reattach(session, original.handle.id, { onClose: "abandon" })
        expect(again.handle.id).toBe(original.handle.id)
        // The plugin still knows this handle as the publisher that joined.
        const error = yield* Effect.flip(again.joinPublisher({ room }))
        expect(plain(error)).toMatchObject({ code: VideoRoom.ErrorCode.AlreadyJoined })
        expect((yield* again.listParticipants({ room })).participants.map((p) => p.id)).toEqual([joined.id])
        yield* original.destroy({ room })
      })
    )
  })
})
