/**
 * Headless Chromium for the browser tests: Debian's `chromium` driven by playwright-core, a local static server for
 * a bundled page, and waiting for what the page reports on `window.effectJanus`.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { Context, Effect, Layer } from "effect"
import { type Browser, chromium, type Page } from "playwright-core"
import { bundle, html } from "../src/bundle.js"

/** Debian's Chromium, with the flags this machine needs (JANUS-FACTS.md): no sandbox as root, no network chatter. */
const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium"
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/**
 * Media over loopback: a fake camera and microphone granted without a prompt, ICE candidates on 127.0.0.1, and host
 * candidates as plain addresses (not mDNS `.local` names, which Chromium uses on pages that did not capture media —
 * a subscriber — and which Janus cannot resolve).
 */
export const MEDIA_FLAGS = [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
  "--autoplay-policy=no-user-gesture-required"
]

/** Bundles `entry` (in src/) and serves it on 127.0.0.1 (its own origin); answers the page's URL. */
export const servePage = (entry?: string) =>
  Effect.gen(function* () {
    const { script } = yield* Effect.promise(() => bundle(entry))
    const server = yield* Effect.acquireRelease(
      Effect.async<http.Server>((resume) => {
        const server = http.createServer((request, response) => {
          const isScript = request.url === "/app.js"
          response.writeHead(200, { "content-type": isScript ? "text/javascript" : "text/html" })
          response.end(isScript ? script : html)
        })
        server.listen(0, "127.0.0.1", () => {
          resume(Effect.succeed(server))
        })
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  })

/** Headless Chromium (with `flags` added); playwright gives it a new, empty user data dir, removed when it closes. */
export const launchChromium = (flags: ReadonlyArray<string> = []) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, ...flags] })
    ),
    (browser) => Effect.promise(() => browser.close())
  )

/** The test file's one browser (Chromium starts once per file, not per test). */
export class Chromium extends Context.Tag("effect-janus/browser-test/Chromium")<Chromium, Browser>() {}

/** {@link launchChromium} as the file's {@link Chromium}. */
export const chromiumLayer = (flags?: ReadonlyArray<string>): Layer.Layer<Chromium> =>
  Layer.scoped(Chromium, launchChromium(flags))

/** A page in its own browser context (closed with the scope). */
export const newPage = (browser: Browser) =>
  Effect.gen(function* () {
    const context = yield* Effect.acquireRelease(
      Effect.promise(() => browser.newContext()),
      (context) => Effect.promise(() => context.close())
    )
    return { context, page: yield* Effect.promise(() => context.newPage()) }
  })

/**
 * Waits until the page's report (`window[key]`, `effectJanus` by default) has `status` (or `"failed"`), and
 * returns it.
 */
export const reportOf = <R extends { readonly status: string }>(page: Page, status: R["status"], key = "effectJanus") =>
  Effect.promise(() =>
    page.waitForFunction(
      ([wanted, key]) => {
        const report = (window as unknown as Record<string, { status: string } | undefined>)[key]
        return report !== undefined && (report.status === wanted || report.status === "failed") ? report : undefined
      },
      [status, key] as const,
      { timeout: 30_000 }
    )
  ).pipe(Effect.flatMap((handle) => Effect.promise(() => handle.jsonValue() as Promise<R>)))
