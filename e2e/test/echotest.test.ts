import { describe, expect, it } from "@effect/vitest"
import type { PluginHandle, Protocol } from "@effect-janus/core"
import { JanusServer, LocalStun, MediaJanus, TcpProxy } from "@effect-janus/testing-janus"
import { type DataChannel, Peer } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect, Exit, Layer, Option, Schema, Scope, Stream } from "effect"
import * as Connect from "../src/Connect.js"
import * as Events from "../src/Events.js"

const echotest = "janus.plugin.echotest"
const isWebrtcUp = (message: Protocol.HandleMessage) => message.janus === "webrtcup"

/** werift on 127.0.0.1, with a STUN server of its own there. */
const webRtc = Layer.unwrapScoped(Effect.map(LocalStun.make, (stunPort) => Werift.layer({ loopback: true, stunPort })))

/**
 * An EchoTest call on a raw `handle` with the library's `Peer`: werift audio and video tracks and a data channel,
 * our offer in `message`, the answer applied, our candidates trickled.
 */
const echoCall = (handle: PluginHandle) =>
  Effect.gen(function* () {
    const peer = yield* Peer.make(handle)
    const tracks = yield* Werift.addTracks(peer, ["audio", "video"])
    const channel = yield* peer.createDataChannel("effect-janus-e2e")
    const answer = yield* peer.offer((jsep) => handle.message({ audio: true, video: true }, jsep))
    return { peer, tracks, channel, answer }
  })

/** Sends `text` on the data channel and returns the EchoTest's reply (within 5 s). */
const dataEcho = (channel: DataChannel.DataChannel, text: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const replies = yield* channel.subscribe
      yield* channel.send(text)
      const reply = yield* replies.pipe(
        Stream.filter((data) => String(data).endsWith(text)),
        Stream.runHead
      )
      return String(Option.getOrUndefined(reply))
    })
  ).pipe(Effect.timeout("5 seconds"))

const candidateLines = (sdp: string) => sdp.split("\r\n").filter((line) => line.startsWith("a=candidate:"))

/** The parts of an Admin `handle_info` that show how ICE went (`janus_ice.c`, `janus_admin_handle_info`). */
const IceInfo = Schema.Struct({
  flags: Schema.Struct({ trickle: Schema.Boolean, "all-trickles": Schema.Boolean }),
  sdps: Schema.Struct({ remote: Schema.String }),
  webrtc: Schema.Struct({
    ice: Schema.Struct({
      "remote-candidates": Schema.Array(Schema.String),
      "selected-pair": Schema.String
    })
  })
})

describe("EchoTest with real WebRTC media (werift over loopback)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive("offer/answer through the handle, trickle, webrtcup, data-channel echo and RTP echo", () =>
    Effect.gen(function* () {
      const janus = yield* MediaJanus.make()
      const session = yield* Connect.session(yield* Connect.connect(janus.wsUrl))
      const handle = yield* session.attach(echotest)
      const events = yield* Events.record(handle.events)

      const call = yield* echoCall(handle)
      expect(call.answer).toMatchObject({ kind: "event", plugin: echotest, data: { echotest: "event", result: "ok" } })
      // Janus answered with host candidates on 127.0.0.1 only: the shim and ice_enforce_list are in effect.
      const candidates = candidateLines(call.answer.jsep?.sdp ?? "")
      expect(candidates.length).toBeGreaterThan(0)
      for (const line of candidates) expect(line).toMatch(/ 127\.0\.0\.1 \d+ typ host/)

      yield* events.waitFor("webrtcup", isWebrtcUp)
      // Janus got our candidates by trickle (the offer had none), and the end-of-candidates marker; the pair
      // in use is 127.0.0.1 on both sides.
      const admin = yield* Connect.admin(janus)
      const ice = yield* Schema.decodeUnknown(IceInfo)(yield* admin.handleInfo(session.id, handle.id))
      expect(ice.flags).toMatchObject({ trickle: true, "all-trickles": true })
      expect(candidateLines(ice.sdps.remote)).toEqual([])
      const known = ice.webrtc.ice["remote-candidates"]
      expect(known.length).toBeGreaterThan(0)
      for (const candidate of known) expect(candidate).toMatch(/ 127\.0\.0\.1 \d+ typ host/)
      expect(ice.webrtc.ice["selected-pair"]).toMatch(
        /^127\.0\.0\.1:\d+ \[host,udp\] <-> 127\.0\.0\.1:\d+ \[host,udp\]$/
      )

      yield* call.channel.awaitOpen
      expect(yield* dataEcho(call.channel, "hello from werift")).toBe(
        "Janus EchoTest here! You wrote: hello from werift"
      )
      const remote = yield* Werift.remoteTracks(call.peer, ["audio", "video"])
      expect(yield* Werift.rtpEcho(call.tracks.audio, remote.audio, "audio-a")).toBeGreaterThanOrEqual(25)
      expect(yield* Werift.rtpEcho(call.tracks.video, remote.video, "video-a")).toBeGreaterThanOrEqual(25)
      yield* events.waitFor("media (receiving audio)", (m) => m.janus === "media" && m.type === "audio" && m.receiving)
    }).pipe(Effect.provide(webRtc))
  )

  it.scopedLive(
    "the WebSocket is cut for real: claim from a new connection, re-attach, media keeps flowing and the handle answers",
    () =>
      Effect.gen(function* () {
        const janus = yield* MediaJanus.make({ reclaimTimeout: 30 })
        const admin = yield* Connect.admin(janus)
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })

        // First connection, through the proxy; the session is abandoned (not destroyed) when its scope closes.
        const first = yield* Scope.make()
        const { handle, session } = yield* Effect.gen(function* () {
          // The manual mode: no reconnect, so the cut ends the session here and a new connection claims it.
          const transport = yield* Connect.connect(`ws://127.0.0.1:${proxy.port}`, { reconnect: false })
          const session = yield* Connect.session(transport, { onClose: "abandon", keepAlive: "5 seconds" })
          const handle = yield* session.attach(echotest)
          return { handle, session }
        }).pipe(Scope.extend(first))
        const events = yield* Events.record(handle.events)
        // The peer connection lives in the test's scope: it must outlive the first connection.
        const call = yield* echoCall(handle)
        yield* events.waitFor("webrtcup", isWebrtcUp)
        yield* call.channel.awaitOpen
        expect(yield* dataEcho(call.channel, "before the cut")).toBe("Janus EchoTest here! You wrote: before the cut")

        // Cut the TCP connection: no close handshake, the client learns it from the socket.
        expect(yield* proxy.cut).toBe(1)
        const closed = yield* session.awaitClosed.pipe(Effect.timeout("10 seconds"))
        expect(closed).toMatchObject({ _tag: "SessionClosedError", reason: "connection-lost", sessionId: session.id })
        yield* Scope.close(first, Exit.void)

        // Nobody owns the session now; Janus keeps it (reclaim window) and the PeerConnection carries on.
        expect(yield* admin.listHandles(session.id)).toEqual([handle.id])
        expect(yield* dataEcho(call.channel, "while nobody owns the session")).toBe(
          "Janus EchoTest here! You wrote: while nobody owns the session"
        )

        // Claim from a new connection (straight to Janus) and re-attach the handle by id: nothing is attached.
        const claimed = yield* Connect.session(yield* Connect.connect(janus.wsUrl), {
          sessionId: session.id,
          keepAlive: "5 seconds"
        })
        expect(claimed.claimed).toBe(true)
        expect(claimed.id).toBe(session.id)
        const reattached = yield* claimed.reattach(echotest, handle.id)
        expect(reattached.id).toBe(handle.id)

        // The handle answers on the new connection, and media keeps flowing without renegotiation.
        const answer = yield* reattached.message({ bitrate: 128000 })
        expect(answer).toMatchObject({ kind: "event", plugin: echotest, data: { echotest: "event", result: "ok" } })
        expect(yield* dataEcho(call.channel, "after the claim")).toBe("Janus EchoTest here! You wrote: after the claim")
        const remote = yield* Werift.remoteTracks(call.peer, ["audio", "video"])
        expect(yield* Werift.rtpEcho(call.tracks.audio, remote.audio, "audio-after-claim")).toBeGreaterThanOrEqual(25)
        expect(call.peer.connection.connectionState).toBe("connected")
        expect(yield* admin.listHandles(session.id)).toEqual([handle.id])
        const info = yield* admin.handleInfo(session.id, handle.id)
        expect(info.session_transport).toBe("janus.transport.websockets")
      }).pipe(Effect.provide(webRtc))
  )
})
