import { describe, expect, it } from "@effect/vitest"
import { SessionState } from "@effect-janus/core"
import { JanusServer, MediaJanus, TcpProxy } from "@effect-janus/testing-janus"
import { Effect, Stream } from "effect"
import * as MediaState from "../src/MediaState.js"
import * as Peer from "../src/Peer.js"
import * as Werift from "../src/Werift.js"
import * as Support from "./support.js"

/** The `a=ice-ufrag` of an SDP: ICE restarted when it changes. */
const ufrag = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? "")?.[1]

describe("ICE restart after a reclaim (werift over loopback, real Janus, a cut WebSocket)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive("the WebSocket is cut; the session reclaims itself; ICE restarts on both sides; RTP keeps coming", () =>
    Effect.gen(function* () {
      const janus = yield* MediaJanus.make({ reclaimTimeout: 30 })
      const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })
      const session = yield* Support.session(`ws://127.0.0.1:${proxy.port}`)
      const handle = yield* session.attach("janus.plugin.echotest")
      const peer = yield* Peer.make(handle)
      const { audio, video } = yield* Werift.addTracks(peer, ["audio", "video"])

      yield* peer.offer((jsep) => handle.message({ audio: true, video: true }, jsep))
      yield* Peer.restartIceOnReclaim(
        peer,
        session.state,
        Peer.clientOffers((jsep) => handle.message({ audio: true, video: true }, jsep))
      )
      yield* Peer.awaitUp(peer)
      const incoming = yield* Werift.remoteTracks(peer, ["audio", "video"])
      yield* Werift.sendRtp([audio, video])
      const before = yield* Werift.countRtp(incoming)
      expect(before.audio).toBeGreaterThan(10)
      expect(before.video).toBeGreaterThan(10)
      const ours = ufrag(peer.connection.localDescription?.sdp)
      const theirs = ufrag(peer.connection.remoteDescription?.sdp)

      // A real cut: the proxy closes the WebSocket's TCP connection. The transport reconnects by itself and the
      // session claims itself back, which triggers the restart.
      expect(yield* proxy.cut).toBeGreaterThan(0)
      const reclaimed = yield* session.state.changes.pipe(Stream.filter(SessionState.$is("Reclaimed")), Stream.runHead)
      expect(reclaimed._tag).toBe("Some")
      yield* peer.mediaState.changes.pipe(
        Stream.filter((state) => state.iceRestarts === 1),
        Stream.runHead
      )
      // Fresh ICE credentials on both sides: ours in the restart offer, Janus's in its answer.
      expect(ufrag(peer.connection.localDescription?.sdp)).not.toBe(ours)
      expect(ufrag(peer.connection.remoteDescription?.sdp)).not.toBe(theirs)

      const atRestart = yield* Peer.packetsReceived(peer)
      const after = yield* Werift.countRtp(incoming)
      // The same seen through getStats(): inbound-rtp packetsReceived rises after the restart.
      const later = yield* Peer.packetsReceived(peer)
      expect(later.audio).toBeGreaterThan(atRestart.audio ?? 0)
      expect(later.video).toBeGreaterThan(atRestart.video ?? 0)
      expect(after.audio).toBeGreaterThan(10)
      expect(after.video).toBeGreaterThan(10)
      expect(MediaState.isUp(yield* peer.mediaState.get)).toBe(true)
    }).pipe(Effect.provide(Support.webRtc))
  )
})
