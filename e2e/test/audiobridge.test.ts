import { describe, expect, it } from "@effect/vitest"
import type { JanusSession } from "@effect-janus/core"
import { AudioBridge } from "@effect-janus/plugins"
import { JanusServer, MediaJanus } from "@effect-janus/testing-janus"
import { Peer } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect, Stream } from "effect"
import * as Connect from "../src/Connect.js"
import * as Media from "../src/Media.js"

/** A participant of `room` with audio: a werift Opus track (sendrecv) offered in `join`, Janus's answer applied. */
const participant = (session: JanusSession, room: AudioBridge.JoinParams["room"], display: string) =>
  Effect.gen(function* () {
    const bridge = yield* AudioBridge.attach(session)
    const { peer, tracks } = yield* Media.sendrecv(bridge.handle, ["audio"])
    const joined = yield* AudioBridge.joinPeer(bridge, peer, { room, display })
    yield* Peer.awaitUp(peer)
    return { bridge, peer, audio: tracks.audio, joined }
  })

describe("AudioBridge: joining a room with audio (werift over loopback)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive(
    "join with an offer → Joined with the answer → webrtcup; Janus receives our audio, we receive the mix, also after an ICE restart",
    () =>
      Effect.gen(function* () {
        const janus = yield* MediaJanus.make()
        const session = yield* Connect.session(yield* Connect.connect(janus.wsUrl))
        const admin = yield* AudioBridge.attach(session)
        const { room } = yield* admin.create({})

        const alice = yield* participant(session, room, "alice")
        expect(alice.joined).toMatchObject({ _tag: "Joined", room, participants: [] })
        expect(alice.joined.jsep?.sdp).toContain("opus/48000")
        const bob = yield* participant(session, room, "bob")
        expect(bob.joined.participants.map((p) => p.display)).toEqual(["alice"])

        // Our RTP reaches the bridge: Janus reports it with a `media` event (receiving: true), folded into mediaState.
        yield* Werift.sendRtp([alice.audio])
        const receiving = yield* alice.peer.mediaState.changes.pipe(
          Stream.filter((state) => Object.values(state.receiving).includes(true)),
          Stream.runHead,
          Effect.timeout("10 seconds")
        )
        expect(receiving._tag).toBe("Some")

        // The mixer sends every participant the mix of the others, every 20 ms.
        const mix = yield* Werift.remoteTracks(bob.peer, ["audio"])
        expect((yield* Werift.countRtp(mix)).audio).toBeGreaterThan(10)

        // ICE restart: a new offer with fresh ICE credentials in configure; the mix keeps arriving.
        const before = Media.iceUfrags(bob.peer)
        yield* bob.peer.restartIce(AudioBridge.iceRestart(bob.bridge))
        const after = Media.iceUfrags(bob.peer)
        expect(after.local).not.toBe(before.local)
        expect(after.remote).not.toBe(before.remote)
        expect((yield* Werift.countRtp(mix)).audio).toBeGreaterThan(10)
        expect((yield* admin.listParticipants({ room })).participants.map((p) => p.display).sort()).toEqual([
          "alice",
          "bob"
        ])
      })
  )
})
