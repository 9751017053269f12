/**
 * Real WebRTC media between headless Chromium (fake camera and microphone) and a real Janus over 127.0.0.1
 * (`MediaJanus`): the page of src/media.ts negotiates with `@effect-janus/webrtc` and the plugin flows. Media is
 * proven by the browser's own `getStats()`: inbound RTP packet counts that keep rising. Across a cut WebSocket (a
 * `TcpProxy` in front of Janus) the session reclaims itself and the page restarts ICE by itself; the ICE credentials
 * change and RTP keeps rising.
 */
import { describe, expect, layer } from "@effect/vitest"
import { JanusServer, MediaJanus, TcpProxy } from "@effect-janus/testing-janus"
import { Effect, Layer, Schedule } from "effect"
import type { Page } from "playwright-core"
import type { MediaReport } from "../src/media.js"
import { Chromium, chromiumLayer, MEDIA_FLAGS, newPage, reportOf, servePage } from "./chromium.js"

type Up = Extract<MediaReport, { status: "up" }>

/** Opens the media page with `query` in a new context of the file's browser; waits until its media is up. */
const openMedia = (pageUrl: string, query: Record<string, string | number>) =>
  Effect.gen(function* () {
    const { page } = yield* newPage(yield* Chromium)
    const errors: Array<string> = []
    page.on("pageerror", (error) => errors.push(error.message))
    const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]))
    yield* Effect.promise(() => page.goto(`${pageUrl}?${search}`))
    const up = yield* reportOf<MediaReport>(page, "up", "effectJanusMedia")
    expect(up, JSON.stringify(up)).toMatchObject({ status: "up", webrtcUp: true, connection: "connected" })
    return { page, up: up as Up, errors }
  })

/** The page's inbound RTP packets by kind, from `getStats()`. */
const inbound = (page: Page) =>
  Effect.promise(
    (): Promise<Readonly<Record<string, number>>> => page.evaluate(() => window.inboundRtp?.() ?? Promise.resolve({}))
  )

/**
 * Waits until the page has received more than `by` further RTP packets of audio and of video (polling `getStats()`
 * for up to 30 s); answers the counts before and after.
 */
const rtpRises = (page: Page, by = 50) =>
  Effect.gen(function* () {
    const before = yield* inbound(page)
    const rose = (counts: Readonly<Record<string, number>>) =>
      ["audio", "video"].every((kind) => (counts[kind] ?? 0) > (before[kind] ?? 0) + by)
    const after = yield* inbound(page).pipe(
      Effect.filterOrFail(rose),
      Effect.retry({ schedule: Schedule.spaced("250 millis"), times: 120 }),
      Effect.orElse(() => inbound(page))
    )
    expect(after.audio, `audio RTP before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`).toBeGreaterThan(
      (before.audio ?? 0) + by
    )
    expect(after.video, `video RTP before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`).toBeGreaterThan(
      (before.video ?? 0) + by
    )
    return { before, after }
  })

const janus = MediaJanus.layer({ reclaimTimeout: 30 })

describe("media in Chromium", () => {
  layer(Layer.merge(janus, chromiumLayer(MEDIA_FLAGS)), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("EchoTest: the fake camera and microphone come back (inbound audio and video RTP rise)", () =>
      Effect.gen(function* () {
        const server = yield* JanusServer.JanusServer
        const pageUrl = yield* servePage("media.ts")
        const { errors, page } = yield* openMedia(pageUrl, { flow: "echo", url: server.wsUrl })
        yield* rtpRises(page)
        expect(errors).toEqual([])
      })
    )

    it.scoped("VideoRoom: one page publishes, another subscribes (inbound audio and video RTP rise)", () =>
      Effect.gen(function* () {
        const server = yield* JanusServer.JanusServer
        const pageUrl = yield* servePage("media.ts")
        const publisher = yield* openMedia(pageUrl, { flow: "publish", url: server.wsUrl })
        expect(publisher.up.feed).toBeDefined()
        const subscriber = yield* openMedia(pageUrl, {
          flow: "subscribe",
          url: server.wsUrl,
          feed: publisher.up.feed ?? ""
        })
        yield* rtpRises(subscriber.page)
        expect([...publisher.errors, ...subscriber.errors]).toEqual([])
      })
    )

    it.scoped("the WebSocket is cut: the session reclaims itself, the page restarts ICE, inbound RTP rises again", () =>
      Effect.gen(function* () {
        const server = yield* JanusServer.JanusServer
        const pageUrl = yield* servePage("media.ts")
        const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: server.wsPort })
        const { errors, page, up } = yield* openMedia(pageUrl, { flow: "echo", url: `ws://127.0.0.1:${proxy.port}` })
        expect(up.iceRestarts).toBe(0)
        yield* rtpRises(page)

        expect(yield* proxy.cut).toBe(1)
        const restarted = yield* Effect.promise(() =>
          page.waitForFunction(
            () => {
              const report = window.effectJanusMedia
              return report?.status === "failed" || (report?.status === "up" && report.iceRestarts >= 1)
                ? report
                : undefined
            },
            undefined,
            { timeout: 30_000 }
          )
        ).pipe(Effect.flatMap((handle) => Effect.promise(() => handle.jsonValue() as Promise<MediaReport>)))
        expect(restarted).toMatchObject({ status: "up", session: "Reclaimed", iceRestarts: 1 })
        // Fresh ICE credentials: the restart offer has a new username fragment.
        expect(restarted.status === "up" && restarted.iceUfrag).not.toBe(up.iceUfrag)
        // A new link carries the reclaimed session.
        expect(yield* proxy.open).toBe(1)
        yield* rtpRises(page)
        expect(errors).toEqual([])
      })
    )
  })
})
