/**
 * The library in a real browser: the page of src/app.ts, bundled with esbuild and served from a local static
 * server, runs in headless Chromium (Debian's `chromium`, driven by playwright-core) against a real Janus, over
 * WebSocket and over HTTP. First load: create, attach EchoTest, message. After a reload: claim the session stored
 * in `localStorage`, re-attach the same handle by id, message. Then the page destroys the session. The Admin API is
 * the witness on the server side; what the browser's console showed is printed with the results.
 */

import { describe, expect, layer } from "@effect/vitest"
import { Admin, JanusServer } from "@effect-janus/testing-janus"
import { Effect, Layer } from "effect"
import type { Browser, Page } from "playwright-core"
import type { Report } from "../src/app.js"
import { Chromium, chromiumLayer, newPage, reportOf as reportOfAny, servePage } from "./chromium.js"

/** What the browser showed while the page ran: console lines, uncaught errors, failed requests, CORS preflights. */
interface Observed {
  readonly console: Array<string>
  readonly pageErrors: Array<string>
  readonly failedRequests: Array<string>
  readonly preflights: Array<string>
  /** Per method, the request headers that are not CORS-safelisted (each one asks for a preflight). */
  readonly unsafeHeaders: Map<string, Set<string>>
}

// Headers the page may set without a preflight (the browser adds sec-* itself; those never count).
const SAFELISTED = new Set(["accept", "accept-language", "content-language", "range", "referer", "user-agent"])

/** A page in its own browser context, with everything it shows recorded. */
const openPage = (browser: Browser) =>
  Effect.gen(function* () {
    const { context, page } = yield* newPage(browser)
    const observed: Observed = {
      console: [],
      pageErrors: [],
      failedRequests: [],
      preflights: [],
      unsafeHeaders: new Map()
    }
    page.on("console", (message) => observed.console.push(`${message.type()}: ${message.text()}`))
    page.on("pageerror", (error) => observed.pageErrors.push(error.message))
    page.on("requestfailed", (request) =>
      observed.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`)
    )
    page.on("request", (request) => {
      if (request.resourceType() !== "fetch") return
      const names = observed.unsafeHeaders.get(request.method()) ?? new Set<string>()
      for (const [name, value] of Object.entries(request.headers())) {
        const simpleType = name === "content-type" && /^(text\/plain|application\/x-www-form-urlencoded)/.test(value)
        if (!SAFELISTED.has(name) && !name.startsWith("sec-") && !simpleType) names.add(name)
      }
      observed.unsafeHeaders.set(request.method(), names)
    })
    // Chromium sends CORS preflights itself and logs network errors ("Failed to load resource") to the console
    // without a console API call: only the DevTools protocol shows them.
    const cdp = yield* Effect.promise(() => context.newCDPSession(page))
    cdp.on("Log.entryAdded", ({ entry }) => observed.console.push(`${entry.level} (${entry.source}): ${entry.text}`))
    yield* Effect.promise(() => cdp.send("Log.enable"))
    cdp.on("Network.requestWillBeSent", (event) => {
      if (event.type === "Preflight" || event.request.method === "OPTIONS") {
        observed.preflights.push(`${event.request.method} ${event.request.url}`)
      }
    })
    yield* Effect.promise(() => cdp.send("Network.enable"))
    return { page, observed }
  })

/** Waits until the page reports `status` (or fails), and returns its report. */
const reportOf = (page: Page, status: Report["status"]) => reportOfAny<Report>(page, status)

const server = Admin.layer.pipe(
  Layer.provideMerge(JanusServer.layer({ reclaimTimeout: 30 })),
  Layer.merge(chromiumLayer())
)

describe("browser", () => {
  layer(server, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    const cases = [
      { transport: "ws", propagation: "on" },
      { transport: "http", propagation: "on" },
      { transport: "http", propagation: "off" }
    ] as const
    for (const { transport, propagation } of cases) {
      const name = `${transport}${propagation === "off" ? " without trace headers" : ""}`
      it.scoped(`${name}: create + attach + message; after a reload: claim + re-attach the same handle + message`, () =>
        Effect.gen(function* () {
          const janus = yield* JanusServer.JanusServer
          const admin = yield* Admin.JanusAdmin
          const pageUrl = yield* servePage()
          const browser = yield* Chromium
          const { page, observed } = yield* openPage(browser)
          const janusUrl = transport === "ws" ? janus.wsUrl : janus.httpUrl
          const url = `${pageUrl}?transport=${transport}&url=${encodeURIComponent(janusUrl)}&propagation=${propagation}`

          yield* Effect.promise(() => page.goto(url))
          const first = yield* reportOf(page, "ready")
          expect(first).toMatchObject({ status: "ready", transport, claimed: false, result: "ok" })
          if (first.status !== "ready") return
          expect(yield* admin.listHandles(first.sessionId)).toEqual([first.handleId])

          yield* Effect.promise(() => page.reload())
          const second = yield* reportOf(page, "ready")
          expect(second).toEqual({ ...first, claimed: true })
          // Re-attached, not attached again: the session still has exactly its one handle.
          expect(yield* admin.listHandles(first.sessionId)).toEqual([first.handleId])

          yield* Effect.promise(() => page.evaluate(() => window.effectJanusDestroy?.()))
          expect(yield* reportOf(page, "destroyed")).toEqual({ ...second, status: "destroyed" })
          expect(yield* admin.listSessions).not.toContain(first.sessionId)

          expect(observed.pageErrors).toEqual([])
          if (transport === "http") {
            // Without trace headers the long-poll GET is a simple request: no preflight. POSTs carry JSON and
            // are preflighted either way.
            const getHeaders = [...(observed.unsafeHeaders.get("GET") ?? [])]
            const pollPreflights = observed.preflights.filter((line) => line.includes("maxev="))
            if (propagation === "off") {
              expect(getHeaders).toEqual([])
              expect(pollPreflights).toEqual([])
            } else {
              expect(getHeaders).toEqual(expect.arrayContaining(["traceparent", "b3"]))
              expect(pollPreflights.length).toBeGreaterThan(0)
            }
          }
          console.log(
            [
              `[browser ${name}] session ${first.sessionId}, handle ${first.handleId}`,
              ...[...observed.unsafeHeaders].map(
                ([method, names]) =>
                  `  ${method} headers that are not CORS-safelisted: ${[...names].join(", ") || "none"}`
              ),
              `  CORS preflights: ${observed.preflights.length}`,
              ...observed.preflights.slice(0, 5).map((line) => `    ${line}`),
              `  failed requests: ${observed.failedRequests.length}`,
              ...observed.failedRequests.map((line) => `    ${line}`),
              `  console (${observed.console.length} lines):`,
              ...observed.console.map((line) => `    ${line}`)
            ].join("\n")
          )
        })
      )
    }
  })
})
