import { describe, expect, it } from "@effect/vitest"
import { Streaming } from "@effect-janus/plugins"
import { JanusServer, MediaJanus, TcpProxy } from "@effect-janus/testing-janus"
import { Peer } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect, Stream } from "effect"
import * as Connect from "../src/Connect.js"
import * as Media from "../src/Media.js"
import * as RtpFeeder from "../src/RtpFeeder.js"

describe("Streaming: a viewer of an RTP mountpoint the test feeds (werift over loopback)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive(
    "watch → Janus's offer → our answer in start → RTP from the mountpoint arrives; after a cut and the reclaim, ICE restarts (watch with restart) and it keeps coming",
    () =>
      Effect.gen(function* () {
        const janus = yield* MediaJanus.make({ reclaimTimeout: 30 })
        // The session's WebSocket goes through a proxy the test can cut.
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })
        const session = yield* Connect.session(yield* Connect.connect(`ws://127.0.0.1:${proxy.port}`))
        const streaming = yield* Streaming.attach(session)

        // An RTP mountpoint with an audio and a video stream, each on a port Janus picks; the test is the source.
        const created = yield* streaming.create({
          type: "rtp",
          media: [
            { type: "audio", mid: "a", port: 0, pt: 111, codec: "opus" },
            { type: "video", mid: "v", port: 0, pt: 96, codec: "vp8" }
          ]
        })
        const portOf = (mid: string) => created.stream.ports?.find((p) => p.mid === mid)?.port ?? 0
        expect(portOf("a")).toBeGreaterThan(0)
        expect(portOf("v")).toBeGreaterThan(0)
        yield* RtpFeeder.feed(portOf("a"), { payloadType: 111, tag: "audio" })
        yield* RtpFeeder.feed(portOf("v"), { payloadType: 96, timestampStep: 3000, tag: "video" })

        // The viewer: Janus offers in the answer to watch, we answer in start.
        const peer = yield* Media.peer(streaming.handle)
        const id = created.stream.id
        const starting = yield* Streaming.watchPeer(streaming, peer, { id })
        expect(starting).toMatchObject({ _tag: "Status", result: { status: "starting" } })
        yield* Peer.awaitUp(peer)
        const tracks = yield* Werift.remoteTracks(peer, ["audio", "video"])
        const before = yield* Werift.countRtp(tracks)
        expect(before.audio).toBeGreaterThan(10)
        expect(before.video).toBeGreaterThan(10)

        // ICE restart where Janus offers, after every reclaim: watch again with restart: true → a new offer with fresh
        // ICE credentials, our answer in start. A real cut: the transport reconnects and the session claims itself.
        yield* Peer.restartIceOnReclaim(peer, session.state, Streaming.iceRestart(streaming, { id }))
        const ufrags = Media.iceUfrags(peer)
        expect(yield* proxy.cut).toBeGreaterThan(0)
        yield* peer.mediaState.changes.pipe(
          Stream.filter((state) => state.iceRestarts === 1),
          Stream.runHead,
          Effect.timeout("30 seconds")
        )
        expect((yield* session.state.get)._tag).toBe("Reclaimed")
        const restarted = Media.iceUfrags(peer)
        expect(restarted.remote).toBeDefined()
        expect(restarted.remote).not.toBe(ufrags.remote)
        expect(restarted.local).not.toBe(ufrags.local)
        yield* Peer.awaitUp(peer)
        const after = yield* Werift.countRtp(tracks)
        expect(after.audio).toBeGreaterThan(10)
        expect(after.video).toBeGreaterThan(10)
      })
  )
})
