import { describe, expect, it } from "@effect/vitest"
import { JanusServer, MediaJanus } from "@effect-janus/testing-janus"
import { Effect, Option, Stream } from "effect"
import * as MediaState from "../src/MediaState.js"
import * as Peer from "../src/Peer.js"
import * as Werift from "../src/Werift.js"
import * as Support from "./support.js"

const echoPrefix = "Janus EchoTest here! You wrote: "

describe("Peer with the EchoTest (werift over loopback, real Janus)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive("offer through the handle, trickle, webrtcup; the data channel and RTP come back", () =>
    Effect.gen(function* () {
      const janus = yield* MediaJanus.make()
      const session = yield* Support.session(janus.wsUrl)
      const handle = yield* session.attach("janus.plugin.echotest")
      const peer = yield* Peer.make(handle)
      const { audio, video } = yield* Werift.addTracks(peer, ["audio", "video"])
      const channel = yield* peer.createDataChannel("effect-janus-test")

      const reply = yield* peer.offer((jsep) => handle.message({ audio: true, video: true }, jsep))
      expect(reply).toMatchObject({
        kind: "event",
        data: { echotest: "event", result: "ok" },
        jsep: { type: "answer" }
      })

      expect(MediaState.isUp(yield* Peer.awaitUp(peer))).toBe(true)

      yield* channel.awaitOpen
      const replies = yield* channel.subscribe
      yield* channel.send("hello")
      const echoed = yield* replies.pipe(Stream.runHead)
      expect(echoed).toEqual(Option.some(`${echoPrefix}hello`))

      const remote = yield* Werift.remoteTracks(peer, ["audio", "video"])
      yield* Werift.sendRtp([audio, video])
      const counts = yield* Werift.countRtp(remote)
      expect(counts.audio).toBeGreaterThan(10)
      expect(counts.video).toBeGreaterThan(10)
    }).pipe(Effect.provide(Support.webRtc))
  )
})
