import { describe, expect, layer } from "@effect/vitest"
import { JanusServer, MediaJanus, TcpProxy } from "@effect-janus/testing-janus"
import { Effect, Layer, Schedule } from "effect"
import { Chromium, chromiumLayer, MEDIA_FLAGS, newPage, reportOf, servePage } from "./chromium.js"

describe("media in Chromium", () => {
  layer(Layer.merge(MediaJanus.layer({ reclaimTimeout: 30 }), chromiumLayer(MEDIA_FLAGS)), {
    timeout: "60 seconds",
    excludeTestServices: true
  })((it) => {
    it.scoped("raw RTCPeerConnection: EchoTest echoes audio and video", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const pageUrl = yield* servePage("media.ts")
        const browser = yield* Chromium
        const { page } = yield* newPage(browser)
        page.on("console", (m) => console.log(`console ${m.type()}: ${m.text()}`))
        page.on("pageerror", (e) => console.log(`pageerror: ${e.message}`))
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })
        yield* Effect.promise(() =>
          page.goto(`${pageUrl}?flow=raw&url=${encodeURIComponent(`ws://127.0.0.1:${proxy.port}`)}`)
        )
        const ready = yield* reportOf<{ status: string; offer?: string; answer?: string; error?: string }>(
          page,
          "ready",
          "effectJanusMedia"
        )
        console.log(JSON.stringify(ready, null, 2))
        expect(ready.status).toBe("ready")
        const counts = yield* Effect.promise(() => page.evaluate(() => window.inboundRtp!())).pipe(
          Effect.filterOrFail((c) => (c.audio ?? 0) > 50 && (c.video ?? 0) > 50),
          Effect.retry({ schedule: Schedule.spaced("500 millis"), times: 60 }),
          Effect.orElse(() => Effect.promise(() => page.evaluate(() => window.inboundRtp!())))
        )
        console.log(counts)
        expect(counts.audio).toBeGreaterThan(50)
        console.log("cut", yield* proxy.cut)
        console.log(yield* reportOf(page, "restarted", "effectJanusMedia"))
        const before = yield* Effect.promise(() => page.evaluate(() => window.inboundRtp!()))
        const after = yield* Effect.promise(() => page.evaluate(() => window.inboundRtp!())).pipe(
          Effect.filterOrFail((c) => (c.audio ?? 0) > before.audio! + 50 && (c.video ?? 0) > before.video! + 50),
          Effect.retry({ schedule: Schedule.spaced("500 millis"), times: 60 }),
          Effect.orElse(() => Effect.promise(() => page.evaluate(() => window.inboundRtp!())))
        )
        console.log(before, after)
        expect(after.audio).toBeGreaterThan(before.audio! + 50)
      })
    )
  })
})
