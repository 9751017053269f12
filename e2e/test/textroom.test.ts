import { describe, expect, it } from "@effect/vitest"
import { type JanusSession, PluginError } from "@effect-janus/core"
import { TextRoom } from "@effect-janus/plugins"
import { JanusServer, MediaJanus } from "@effect-janus/testing-janus"
import { Peer } from "@effect-janus/webrtc"
import { Effect, Stream } from "effect"
import * as Connect from "../src/Connect.js"
import * as Events from "../src/Events.js"
import * as Media from "../src/Media.js"

type Frame = TextRoom.DataChannelEvent
const is =
  <T extends Frame["_tag"]>(tag: T, predicate: (frame: Extract<Frame, { _tag: T }>) => boolean = () => true) =>
  (frame: Frame): frame is Extract<Frame, { _tag: T }> =>
    frame._tag === tag && predicate(frame as Extract<Frame, { _tag: T }>)

/**
 * A TextRoom participant over a real data channel: `setup` (the plugin's offer) answered by a `Peer` in `ack`, with a
 * data channel of ours; media up, the channel open; then the typed `TextRoom.channel` over it, with what it receives
 * recorded from then on.
 */
const participant = (session: JanusSession) =>
  Effect.gen(function* () {
    const textroom = yield* TextRoom.attach(session)
    const peer = yield* Media.peer(textroom.handle)
    // The plugin offers an SCTP association; the channel itself is opened by us (as janus.js does).
    const dataChannel = yield* peer.createDataChannel("effect-janus-textroom")
    const setup = yield* textroom.setup()
    expect(setup).toMatchObject({ _tag: "Ok", result: "ok" })
    expect(yield* peer.answer(setup.jsep, (answer) => textroom.ack(answer))).toMatchObject({ _tag: "Ok" })
    yield* Peer.awaitUp(peer)
    yield* dataChannel.awaitOpen
    // Janus answers on a channel of its own (its default label): read every channel the peer gets too.
    const frames = Stream.merge(
      dataChannel.messages,
      peer.dataChannels.pipe(Stream.flatMap((remote) => remote.messages, { concurrency: "unbounded" }))
    ).pipe(Stream.map((message) => (typeof message === "string" ? message : Buffer.from(message).toString())))
    const channel = yield* TextRoom.channel({ send: (frame) => Effect.orDie(dataChannel.send(frame)), frames })
    const recorded = yield* Events.record(yield* channel.subscribe)
    return { textroom, channel, frames: recorded }
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
