/**
 * Media page (bundled by `bundle.ts`, run in Chromium by test/media.janus.test.ts). Query: `?flow=raw&url=<ws URL>`.
 * Reports on `window.effectJanus`; `window.inboundRtp()` answers the inbound RTP packet counts from `getStats()`.
 */
import { Socket } from "@effect/platform"
import { BrowserRuntime } from "@effect/platform-browser"
import { Session } from "@effect-janus/core"
import { EchoTest } from "@effect-janus/plugins"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Cause, Effect, Layer, Stream } from "effect"

declare global {
  interface Window {
    effectJanusMedia?: unknown
    inboundRtp?: () => Promise<Record<string, number>>
  }
}

const report = (value: unknown) =>
  Effect.sync(() => {
    window.effectJanusMedia = value
    const pre = document.getElementById("report")
    if (pre !== null) pre.textContent = JSON.stringify(value, null, 2)
  })

const params = new URL(window.location.href).searchParams
const url = params.get("url") ?? ""

const inbound = (pc: RTCPeerConnection) => async () => {
  const stats = await pc.getStats()
  const counts: Record<string, number> = {}
  stats.forEach((s) => {
    if (s.type === "inbound-rtp") counts[s.kind] = (counts[s.kind] ?? 0) + s.packetsReceived
  })
  return counts
}

const program = Effect.gen(function* () {
  yield* report({ status: "running" })
  const session = yield* Session.make()
  const echo = yield* EchoTest.attach(session)
  const media = yield* Effect.promise(() => navigator.mediaDevices.getUserMedia({ audio: true, video: true }))
  const pc = new RTCPeerConnection()
  for (const track of media.getTracks()) pc.addTrack(track, media)
  const negotiate = (iceRestart: boolean) =>
    Effect.gen(function* () {
      const offer = yield* Effect.promise(() => pc.createOffer({ iceRestart }))
      yield* Effect.promise(() => pc.setLocalDescription(offer))
      yield* Effect.async<void>((resume) => {
        if (pc.iceGatheringState === "complete") return resume(Effect.void)
        pc.addEventListener("icegatheringstatechange", () => {
          if (pc.iceGatheringState === "complete") resume(Effect.void)
        })
      })
      const local = pc.localDescription!
      const ok = yield* echo.message({ audio: true, video: true }, { type: "offer", sdp: local.sdp })
      yield* Effect.promise(() => pc.setRemoteDescription({ type: "answer", sdp: ok.jsep!.sdp! }))
      return ok
    })
  yield* negotiate(false)
  window.inboundRtp = inbound(pc)
  yield* report({ status: "ready" })
  const reclaimed = yield* session.state.changes.pipe(
    Stream.tap((state) => Effect.sync(() => console.log("session state", JSON.stringify(state)))),
    Stream.filter((state) => state._tag === "Reclaimed"),
    Stream.take(1),
    Stream.runHead
  )
  yield* report({ status: "reclaimed", state: reclaimed })
  yield* negotiate(true)
  yield* report({ status: "restarted" })
  yield* Effect.never
}).pipe(
  Effect.scoped,
  Effect.tapErrorCause((cause) => report({ status: "failed", error: Cause.pretty(cause) })),
  Effect.provide(WebSocketTransport.layer({ url }).pipe(Layer.provide(Socket.layerWebSocketConstructorGlobal)))
)

BrowserRuntime.runMain(program)
