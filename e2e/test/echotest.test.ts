import { describe, expect, it } from "@effect/vitest"
import type { Protocol } from "@effect-janus/core"
import { JanusServer, MediaJanus, TcpProxy } from "@effect-janus/testing-janus"
import { Effect, Exit, Schema, Scope } from "effect"
import * as Connect from "../src/Connect.js"
import * as EchoCall from "../src/EchoCall.js"
import * as Events from "../src/Events.js"

const echotest = "janus.plugin.echotest"
const isWebrtcUp = (message: Protocol.HandleMessage) => message.janus === "webrtcup"
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

      const call = yield* EchoCall.start(handle)
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
      const trickled = call.trickled.map((c) => c.candidate.replace(/^candidate:/, ""))
      const known = ice.webrtc.ice["remote-candidates"]
      expect(known.some((candidate) => trickled.includes(candidate))).toBe(true)
      for (const candidate of known) expect(candidate).toContain(" 127.0.0.1 ")
      expect(ice.webrtc.ice["selected-pair"]).toMatch(
        /^127\.0\.0\.1:\d+ \[host,udp\] <-> 127\.0\.0\.1:\d+ \[host,udp\]$/
      )

      yield* EchoCall.channelOpen(call.channel)
      expect(yield* EchoCall.dataEcho(call.channel, "hello from werift")).toBe(
        "Janus EchoTest here! You wrote: hello from werift"
      )
      const remote = yield* call.remote
      expect(yield* EchoCall.rtpEcho(call.audio, remote.audio, "audio-a")).toBeGreaterThanOrEqual(25)
      expect(yield* EchoCall.rtpEcho(call.video, remote.video, "video-a")).toBeGreaterThanOrEqual(25)
      yield* events.waitFor("media (receiving audio)", (m) => m.janus === "media" && m.type === "audio" && m.receiving)
    })
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
        const call = yield* EchoCall.start(handle)
        yield* events.waitFor("webrtcup", isWebrtcUp)
        yield* EchoCall.channelOpen(call.channel)
        expect(yield* EchoCall.dataEcho(call.channel, "before the cut")).toBe(
          "Janus EchoTest here! You wrote: before the cut"
        )

        // Cut the TCP connection: no close handshake, the client learns it from the socket.
        expect(yield* proxy.cut).toBe(1)
        const closed = yield* session.awaitClosed.pipe(Effect.timeout("10 seconds"))
        expect(closed).toMatchObject({ _tag: "SessionClosedError", reason: "connection-lost", sessionId: session.id })
        yield* Scope.close(first, Exit.void)

        // Nobody owns the session now; Janus keeps it (reclaim window) and the PeerConnection carries on.
        expect(yield* admin.listHandles(session.id)).toEqual([handle.id])
        expect(yield* EchoCall.dataEcho(call.channel, "while nobody owns the session")).toBe(
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
        expect(yield* EchoCall.dataEcho(call.channel, "after the claim")).toBe(
          "Janus EchoTest here! You wrote: after the claim"
        )
        const remote = yield* call.remote
        expect(yield* EchoCall.rtpEcho(call.audio, remote.audio, "audio-after-claim")).toBeGreaterThanOrEqual(25)
        expect(call.pc.connectionState).toBe("connected")
        expect(yield* admin.listHandles(session.id)).toEqual([handle.id])
        const info = yield* admin.handleInfo(session.id, handle.id)
        expect(info.session_transport).toBe("janus.transport.websockets")
      })
  )
})
