import { describe, expect, it } from "@effect/vitest"
import { type JanusSession, PluginError, type Protocol } from "@effect-janus/core"
import { TextRoom } from "@effect-janus/plugins"
import { JanusServer, MediaJanus } from "@effect-janus/testing-janus"
import { Effect, Queue, Stream } from "effect"
import type { RTCDataChannel } from "werift"
import * as Connect from "../src/Connect.js"
import * as EchoCall from "../src/EchoCall.js"
import * as Events from "../src/Events.js"
import * as Peer from "../src/Peer.js"

const isWebrtcUp = (message: Protocol.HandleMessage) => message.janus === "webrtcup"
type Frame = TextRoom.DataChannelEvent
const is =
  <T extends Frame["_tag"]>(tag: T, predicate: (frame: Extract<Frame, { _tag: T }>) => boolean = () => true) =>
  (frame: Frame): frame is Extract<Frame, { _tag: T }> =>
    frame._tag === tag && predicate(frame as Extract<Frame, { _tag: T }>)

/**
 * A TextRoom participant over a real data channel: `setup` (the plugin's offer), a werift answer with a data
 * channel of ours in `ack`, our candidates trickled, `webrtcup`, the channel open; then the typed `TextRoom.channel` over it, with what it
 * receives recorded from then on.
 */
const participant = (session: JanusSession) =>
  Effect.gen(function* () {
    const textroom = yield* TextRoom.attach(session)
    const handleEvents = yield* Events.record(textroom.handle.events)
    const setup = yield* textroom.setup()
    expect(setup).toMatchObject({ _tag: "Ok", result: "ok" })
    const offer = setup.jsep
    if (offer?.type !== "offer") return yield* Effect.dieMessage(`setup without an offer: ${JSON.stringify(setup)}`)
    const pc = yield* Peer.make({ audio: [], video: [] })
    yield* Peer.call("setRemoteDescription", () => pc.setRemoteDescription({ type: "offer", sdp: offer.sdp }))
    // The plugin offers an SCTP association; the channel itself is opened by us (as janus.js does).
    const dataChannel = pc.createDataChannel("effect-janus-textroom")
    // Janus answers on a channel of its own (its default label): read every channel the peer gets too.
    const received = yield* Queue.unbounded<string>()
    const forward = (channel: RTCDataChannel) =>
      Effect.acquireRelease(
        Effect.sync(() => channel.onMessage.subscribe((data) => Queue.unsafeOffer(received, String(data)))),
        (subscription) => Effect.sync(() => subscription.unSubscribe())
      )
    yield* forward(dataChannel)
    const remoteChannels = yield* Peer.listen(pc.onDataChannel)
    yield* Stream.fromQueue(remoteChannels).pipe(
      Stream.runForEach(([remote]) => forward(remote)),
      Effect.forkScoped
    )
    const answer = yield* Peer.setLocal(pc)
    expect(yield* textroom.ack({ type: "answer", sdp: answer.sdp, trickle: true })).toMatchObject({ _tag: "Ok" })
    yield* textroom.handle.trickle(answer.candidates)
    yield* textroom.handle.trickle(null)
    yield* handleEvents.waitFor("webrtcup", isWebrtcUp)
    yield* EchoCall.channelOpen(dataChannel)
    const channel = yield* TextRoom.channel({
      send: (frame) => Effect.sync(() => dataChannel.send(frame)),
      frames: Stream.fromQueue(received)
    })
    const frames = yield* Events.record(yield* channel.subscribe)
    return { textroom, channel, frames }
  })

describe("TextRoom over a real data channel (werift over loopback)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive(
    "join, message (public, whisper, unacknowledged), leave and the errors, with the events others see; announcement, kick and destroy reach the room; restart offers",
    () =>
      Effect.gen(function* () {
        const janus = yield* MediaJanus.make()
        const session = yield* Connect.session(yield* Connect.connect(janus.wsUrl))
        const alice = yield* participant(session)
        const bob = yield* participant(session)
        const room = 4_200_000 + Math.floor(Math.random() * 1_000_000)
        yield* alice.textroom.create({ room, secret: "tr" })

        const aliceJoined = yield* alice.channel.join({ room, username: "alice", display: "Alice" })
        expect(aliceJoined).toMatchObject({ _tag: "Success", textroom: "success", participants: [] })
        const bobJoined = yield* bob.channel.join({ room, username: "bob" })
        expect(bobJoined.participants).toEqual([{ username: "alice", display: "Alice" }])
        expect(
          yield* alice.frames.waitFor(
            "bob's join",
            is("Join", (j) => j.username === "bob")
          )
        ).toMatchObject({ room })
        expect((yield* alice.textroom.listParticipants({ room })).participants.map((p) => p.username).sort()).toEqual([
          "alice",
          "bob"
        ])

        expect(yield* bob.channel.message({ room, text: "hello room" })).toMatchObject({ _tag: "Success" })
        expect(
          yield* alice.frames.waitFor(
            "message",
            is("Message", (m) => m.text === "hello room")
          )
        ).toMatchObject({
          room,
          from: "bob"
        })
        yield* bob.channel.message({ room, text: "psst", to: "alice" })
        expect(
          yield* alice.frames.waitFor(
            "whisper",
            is("Message", (m) => m.text === "psst")
          )
        ).toMatchObject({
          from: "bob",
          whisper: true
        })
        // Without an ack the plugin sends no reply: the request resolves once the frame is out.
        expect(yield* bob.channel.message({ room, text: "no ack", ack: false })).toBeUndefined()
        yield* alice.frames.waitFor(
          "unacknowledged message",
          is("Message", (m) => m.text === "no ack")
        )

        const twice = yield* Effect.flip(bob.channel.join({ room, username: "bob" }))
        expect(twice).toBeInstanceOf(PluginError)
        expect(twice).toMatchObject({ code: TextRoom.ErrorCode.AlreadyInRoom })
        const elsewhere = yield* Effect.flip(bob.channel.message({ room: room + 1, text: "x" }))
        expect(elsewhere).toMatchObject({ _tag: "PluginError", code: TextRoom.ErrorCode.NoSuchRoom })

        expect(yield* bob.channel.leave({ room })).toMatchObject({ _tag: "Success" })
        expect(
          yield* alice.frames.waitFor(
            "bob's leave",
            is("Leave", (l) => l.username === "bob")
          )
        ).toMatchObject({
          room
        })

        // Room administration through the Janus API reaches the participants over their data channels.
        yield* bob.channel.join({ room, username: "bob" })
        yield* alice.textroom.announcement({ room, secret: "tr", text: "maintenance at noon" })
        expect(yield* bob.frames.waitFor("announcement", is("Announcement"))).toMatchObject({
          room,
          text: "maintenance at noon"
        })
        yield* alice.textroom.kick({ room, secret: "tr", username: "bob" })
        expect(yield* alice.frames.waitFor("kicked", is("Kicked"))).toMatchObject({ room, username: "bob" })
        yield* alice.textroom.destroy({ room, secret: "tr" })
        expect(yield* alice.frames.waitFor("destroyed", is("Destroyed"))).toMatchObject({ room })
        // restart: an ICE-restart offer for the established PeerConnection.
        const restarted = yield* alice.textroom.restart()
        expect(restarted).toMatchObject({ _tag: "Ok", result: "ok" })
        expect(restarted.jsep?.type).toBe("offer")
      }),
    { timeout: 60_000 }
  )
})
