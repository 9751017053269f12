import { describe, expect, it } from "@effect/vitest"
import type { JanusSession } from "@effect-janus/core"
import { type Common, VideoCall } from "@effect-janus/plugins"
import { JanusServer, MediaJanus } from "@effect-janus/testing-janus"
import { Peer } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect, Fiber } from "effect"
import * as Connect from "../src/Connect.js"
import * as Events from "../src/Events.js"
import * as Media from "../src/Media.js"

/** A registered VideoCall user with a peer that sends and receives audio and video, its events recorded. */
const user = (session: JanusSession, username: string) =>
  Effect.gen(function* () {
    const videoCall = yield* VideoCall.attach(session)
    const events = yield* Events.record(videoCall.events)
    yield* videoCall.register({ username })
    const { peer, tracks } = yield* Media.sendrecv(videoCall.handle, ["audio", "video"])
    return { videoCall, events, peer, tracks }
  })

/** Janus, one session, alice and bob registered; alice calls bob (`VideoCall.placeCall`, forked: its verdict). */
const aliceCallsBob = Effect.gen(function* () {
  const janus = yield* MediaJanus.make()
  const session = yield* Connect.session(yield* Connect.connect(janus.wsUrl))
  const alice = yield* user(session, "alice")
  const bob = yield* user(session, "bob")
  const placed = yield* Effect.fork(VideoCall.placeCall(alice.videoCall, alice.peer, { username: "bob" }))
  return { alice, bob, placed }
})

describe("VideoCall: a call between two users with media (werift over loopback)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive(
    "alice calls with an offer, bob accepts with an answer; RTP flows both ways, also after an ICE restart; hangup reaches bob",
    () =>
      Effect.gen(function* () {
        // alice's offer goes with call; bob gets it in incomingcall and answers with accept; alice's accepted
        // carries bob's answer.
        const { alice, bob, placed } = yield* aliceCallsBob
        const incoming = yield* bob.events.waitFor(
          "incomingcall",
          (event): event is Common.WithJsep<VideoCall.IncomingCall> => event._tag === "IncomingCall"
        )
        expect(incoming).toMatchObject({
          result: { event: "incomingcall", username: "alice" },
          jsep: { type: "offer" }
        })
        const accepted = yield* VideoCall.acceptCall(bob.videoCall, bob.peer, incoming)
        expect(accepted).toMatchObject({ _tag: "Accepted" })
        const verdict = yield* Fiber.join(placed)
        expect(verdict).toMatchObject({ _tag: "Accepted", result: { username: "bob" }, jsep: { type: "answer" } })
        yield* Effect.all([Peer.awaitUp(alice.peer), Peer.awaitUp(bob.peer)], { concurrency: 2 })

        // Janus relays each side's RTP to the other as it is.
        yield* Werift.sendRtp([alice.tracks.audio, alice.tracks.video, bob.tracks.audio, bob.tracks.video])
        const atBob = yield* Werift.countRtp(yield* Werift.remoteTracks(bob.peer, ["audio", "video"]))
        const atAlice = yield* Werift.countRtp(yield* Werift.remoteTracks(alice.peer, ["audio", "video"]))
        expect(atBob.audio).toBeGreaterThan(10)
        expect(atBob.video).toBeGreaterThan(10)
        expect(atAlice.audio).toBeGreaterThan(10)
        expect(atAlice.video).toBeGreaterThan(10)

        // ICE restart by alice: a fresh-ICE offer with set, forwarded to bob as update; bob answers it with set, and
        // the answer reaches alice as her own update. New ICE credentials on both of alice's descriptions; RTP again.
        yield* VideoCall.answerUpdates(bob.videoCall, bob.peer)
        const before = Media.iceUfrags(alice.peer)
        yield* alice.peer.restartIce(VideoCall.iceRestart(alice.videoCall))
        const after = Media.iceUfrags(alice.peer)
        expect(after.local).not.toBe(before.local)
        expect(after.remote).not.toBe(before.remote)
        yield* Peer.awaitUp(alice.peer).pipe(Effect.timeout("20 seconds"))
        const restarted = yield* Werift.countRtp(yield* Werift.remoteTracks(bob.peer, ["audio", "video"]))
        expect(restarted.audio).toBeGreaterThan(10)
        expect(restarted.video).toBeGreaterThan(10)

        expect(yield* alice.videoCall.hangup()).toMatchObject({ _tag: "Hangup" })
        expect(yield* bob.events.waitFor("hangup", (event) => event._tag === "Hangup")).toMatchObject({
          result: { event: "hangup" }
        })
      })
  )

  it.scopedLive("bob declines: the call resolves with Hangup, and no answer is applied to alice's peer", () =>
    Effect.gen(function* () {
      const { alice, bob, placed } = yield* aliceCallsBob
      yield* bob.events.waitFor("incomingcall", (event) => event._tag === "IncomingCall")
      expect(yield* bob.videoCall.hangup()).toMatchObject({ _tag: "Hangup" })
      const verdict = yield* Fiber.join(placed)
      expect(verdict).toMatchObject({ _tag: "Hangup", result: { event: "hangup" } })
      expect(verdict.jsep).toBeUndefined()
      expect(alice.peer.connection.signalingState).toBe("have-local-offer")
    })
  )
})
