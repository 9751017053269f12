/**
 * A video call in the browser that survives a cut connection.
 *
 *   Janus (WebRTC media on 127.0.0.1) behind a cuttable TCP link → a small static server with the page
 *   (examples/browser/page.ts, bundled with esbuild) → headless Chromium (fake camera and microphone) opens it: one
 *   session, a VideoRoom publisher sending the camera, a subscriber receiving it back through Janus → the page's
 *   button "Cut the connection" cuts the WebSocket's TCP link → the transport reconnects, the session claims
 *   itself, both peers restart ICE by themselves → the subscriber's inbound RTP (`getStats()`) rises again.
 *
 * Run: `pnpm example:browser` (headless; `-- --screenshot <file.png>` saves what the page shows at the end), or
 * `pnpm example:browser -- --serve` to keep the page up and open it yourself in Chromium started with
 * `--allow-loopback-in-peer-connection` (Janus here gathers 127.0.0.1 candidates only; see the printed command).
 * Needs `janus`, a C compiler (the harness's loopback ICE shim) and Debian's `chromium` (`CHROMIUM_BIN` to use
 * another). Starts its own Janus unless `JANUS_URL` is set — that one must run on this machine with ICE on 127.0.0.1
 * and `reclaim_session_timeout` > 0.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as path from "node:path"
import { TcpProxy } from "@effect-janus/testing-janus"
import { Duration, Effect, Option, Schedule } from "effect"
import * as esbuild from "esbuild"
import { chromium, type Page } from "playwright-core"
import type { CallState } from "./browser/page.js"
import { findJanus } from "./lib/localJanus.js"
import { say, step } from "./lib/narrate.js"
import { ExampleFailure, runExample } from "./lib/run.js"

/** Chromium with a fake camera and microphone, ICE on loopback, plain host addresses (no mDNS names), quiet. */
const CHROMIUM_FLAGS = [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
  "--autoplay-policy=no-user-gesture-required",
  "--no-first-run",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>effect-janus: a video call that survives a cut connection</title>
<style>
  body { font: 15px system-ui, sans-serif; margin: 20px; background: #f6f7f9; color: #1d2330; }
  h1 { font-size: 18px; margin: 0 0 12px; }
  .videos { display: flex; gap: 16px; }
  figure { margin: 0; } figcaption { font-size: 13px; color: #555; margin-top: 4px; }
  video { width: 320px; height: 240px; background: #222; border-radius: 6px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 14px 0; }
  dt { font-weight: 600; } dd { margin: 0; font-family: ui-monospace, monospace; }
  button { font-size: 15px; padding: 6px 14px; } #error { color: #b00020; white-space: pre-wrap; }
</style></head>
<body><h1>effect-janus: a VideoRoom call that survives a cut connection</h1>
<div class="videos">
  <figure><video id="local" autoplay muted playsinline></video><figcaption>camera → Janus (publisher)</figcaption></figure>
  <figure><video id="remote" autoplay muted playsinline></video><figcaption>Janus → page (subscriber)</figcaption></figure>
</div>
<dl><dt>Session</dt><dd id="session">—</dd><dt>Publisher</dt><dd id="publisher">—</dd>
<dt>Subscriber</dt><dd id="subscriber">—</dd><dt>Inbound RTP</dt><dd id="inbound">—</dd></dl>
<button id="cut">Cut the connection</button><pre id="error"></pre>
<script type="module" src="./app.js"></script></body></html>
`

/** Serves the page and its bundled script on 127.0.0.1; `POST /cut` runs `cut` (closed with the scope). */
const serve = (script: string, cut: () => void) =>
  Effect.acquireRelease(
    Effect.async<http.Server>((resume) => {
      const server = http.createServer((request, response) => {
        if (request.method === "POST" && request.url === "/cut") {
          cut()
          response.writeHead(204).end()
          return
        }
        const isScript = request.url === "/app.js"
        response.writeHead(200, { "content-type": isScript ? "text/javascript" : "text/html" })
        response.end(isScript ? script : html)
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`))

/** The page's state (`window.exampleCall`) once `ready` holds for it; fails when the page failed or after 30 s. */
const callState = (page: Page, what: string, ready: (state: CallState) => boolean) =>
  Effect.promise(() => page.evaluate(() => window.exampleCall)).pipe(
    Effect.filterOrFail(
      (state): state is CallState => state !== undefined && (state.status === "failed" || ready(state)),
      () => new ExampleFailure({ message: `the page never got to: ${what}` })
    ),
    Effect.retry(Schedule.spaced("200 millis").pipe(Schedule.upTo("30 seconds"))),
    Effect.filterOrFail(
      (state) => state.status !== "failed",
      (state) => new ExampleFailure({ message: `the page failed: ${state.error}` })
    )
  )

const flag = (name: string) => process.argv.indexOf(name)

const program = Effect.gen(function* () {
  yield* step(0, "Janus (WebRTC media on 127.0.0.1), a cuttable link and the page's server")
  const janus = yield* findJanus({ sessionTimeout: 20, reclaimTimeout: 30, media: true })
  const proxy = yield* TcpProxy.make({ host: janus.wsHost, port: janus.wsPort })
  const linkUrl = `ws://127.0.0.1:${proxy.port}`
  yield* say(`a cuttable TCP link ${linkUrl} → ${janus.wsUrl} stands in for the network`)
  const built = yield* Effect.promise(() =>
    esbuild.build({
      entryPoints: [path.join(import.meta.dirname, "browser", "page.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      minify: true,
      write: false,
      logLevel: "silent"
    })
  )
  const script = built.outputFiles[0]?.text ?? ""
  yield* say(`the page (examples/browser/page.ts) bundled with esbuild: ${(script.length / 1024).toFixed(0)} KiB`)
  const cuts: Array<number> = []
  const site = yield* serve(script, () => Effect.runFork(Effect.map(proxy.cut, (n) => cuts.push(n))))
  const pageUrl = `${site}?url=${encodeURIComponent(linkUrl)}`
  yield* say(`serving ${pageUrl}`)

  if (flag("--serve") >= 0) {
    yield* say("open it in Chromium started like this (with a camera of your own, only the loopback flag is needed;")
    yield* say("Ctrl-C ends the example):")
    yield* say(`  chromium ${CHROMIUM_FLAGS.slice(0, 4).join(" ")} '${pageUrl}'`)
    return yield* Effect.never
  }

  yield* step(1, "Headless Chromium opens the page: publish the camera, subscribe to it")
  const browser = yield* Effect.acquireRelease(
    Effect.promise(() =>
      chromium.launch({
        executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", ...CHROMIUM_FLAGS]
      })
    ),
    (browser) => Effect.promise(() => browser.close())
  )
  const page = yield* Effect.promise(() => browser.newPage({ viewport: { width: 720, height: 480 } }))
  yield* Effect.promise(() => page.goto(pageUrl))
  const up = yield* callState(page, "media up", (state) => state.status === "up" && (state.inbound.video ?? 0) > 50)
  yield* say(`session: ${up.session}; publisher: ${up.publisher}; subscriber: ${up.subscriber}`)
  yield* say(`the subscriber received ${up.inbound.audio} audio and ${up.inbound.video} video RTP packets`)

  yield* step(2, "The page's button \"Cut the connection\": the WebSocket's TCP link is cut")
  yield* Effect.promise(() => page.click("#cut"))
  const cut = yield* Effect.sync(() => cuts[0]).pipe(
    Effect.filterOrFail((n) => n !== undefined),
    Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("5 seconds"))),
    Effect.orElseFail(() => new ExampleFailure({ message: "the server never cut the link" }))
  )
  yield* say(`cut ${cut} connection(s)`)

  yield* step(3, "The session claims itself on a new link; both peers restart ICE by themselves")
  const restarted = yield* callState(
    page,
    "reclaimed, two ICE restarts",
    (state) => state.iceRestarts >= 2 && state.session.startsWith("Reclaimed")
  )
  yield* say(`session: ${restarted.session}`)
  yield* say(`publisher: ${restarted.publisher}; subscriber: ${restarted.subscriber}`)

  yield* step(4, "The call carries on")
  const before = restarted.inbound
  const after = yield* callState(page, "inbound RTP rising", (state) =>
    ["audio", "video"].every((kind) => (state.inbound[kind] ?? 0) > (before[kind] ?? 0) + 50)
  )
  yield* say(
    `after the restart: inbound RTP rose from ${before.audio} to ${after.inbound.audio} audio and from ${before.video} to ${after.inbound.video} video packets`
  )
  const shot = flag("--screenshot")
  if (shot >= 0) {
    const file = process.argv[shot + 1] ?? "screenshot.png"
    yield* Effect.promise(() => page.screenshot({ path: file }))
    yield* say(`screenshot: ${file}`)
  }
  if (Option.isSome(janus.server)) yield* say(`Janus log: ${janus.server.value.logFile}`)
  yield* step(5, "Done")
})

// `--serve` runs until Ctrl-C; the headless run is done within a minute or two.
runExample(program, flag("--serve") >= 0 ? Duration.infinity : "150 seconds")
