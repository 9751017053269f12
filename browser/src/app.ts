/**
 * The test page's program (bundled with esbuild by `bundle.ts`, run in Chromium by test/browser.test.ts). Query:
 * `?transport=ws|http&url=<Janus URL>[&propagation=off]`. With nothing stored for the transport in `localStorage` it creates a
 * session and attaches EchoTest; with a stored session (after a reload) it claims it and re-attaches the same
 * handle by id. Either way it sends one EchoTest message, stores the ids, and reports on `window.effectJanus`
 * (and in `<pre id="report">`). The session is opened with `onClose: "abandon"`: when the page goes away
 * (BrowserRuntime interrupts the program on `beforeunload`) it stays on the server for the next load to claim.
 * `window.effectJanusDestroy()` destroys it and reports `destroyed`.
 */
import { FetchHttpClient, KeyValueStore, Socket } from "@effect/platform"
import { BrowserKeyValueStore, BrowserRuntime } from "@effect/platform-browser"
import { Session } from "@effect-janus/core"
import { EchoTest } from "@effect-janus/plugins"
import { HttpTransport } from "@effect-janus/transport-http"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Cause, Deferred, Effect, Layer, Option, Schema } from "effect"

/** What the page reports on `window.effectJanus`. */
export type Report =
  | { readonly status: "running" }
  | {
      readonly status: "ready" | "destroyed"
      readonly transport: string
      readonly claimed: boolean
      readonly sessionId: number
      readonly handleId: number
      readonly result: string
    }
  | { readonly status: "failed"; readonly error: string }

declare global {
  interface Window {
    effectJanus?: Report
    effectJanusDestroy?: () => void
  }
}

const report = (value: Report) =>
  Effect.sync(() => {
    window.effectJanus = value
    const pre = document.getElementById("report")
    if (pre !== null) pre.textContent = JSON.stringify(value, null, 2)
  })

const params = new URL(window.location.href).searchParams
const transport = params.get("transport") ?? "ws"
const url = params.get("url") ?? ""
const key = `effect-janus:${transport}`

const Stored = Schema.parseJson(Schema.Struct({ sessionId: Schema.Number, handleId: Schema.Number }))

// `tracePropagation: false` leaves out the trace headers (`traceparent`, `b3`) that @effect/platform's HttpClient
// adds to every request: on a cross-origin page they make even the long-poll GET a CORS preflight.
const JanusLive =
  transport === "http"
    ? HttpTransport.layer({ url, tracePropagation: params.get("propagation") !== "off" }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
    : WebSocketTransport.layer({ url }).pipe(Layer.provide(Socket.layerWebSocketConstructorGlobal))

const program = Effect.gen(function* () {
  yield* report({ status: "running" })
  const store = (yield* KeyValueStore.KeyValueStore).forSchema(Stored)
  const stored = yield* store.get(key)
  const ids = Option.getOrUndefined(stored)
  const session = yield* Session.make({ sessionId: ids?.sessionId, onClose: "abandon" })
  const echo = ids === undefined ? yield* EchoTest.attach(session) : yield* EchoTest.reattach(session, ids.handleId)
  const ok = yield* echo.message({ audio: true, video: false })
  yield* store.set(key, { sessionId: session.id, handleId: echo.handle.id })
  const done = {
    transport,
    claimed: session.claimed,
    sessionId: session.id,
    handleId: echo.handle.id,
    result: ok.result
  } as const
  yield* report({ status: "ready", ...done })
  const destroy = yield* Deferred.make<void>()
  window.effectJanusDestroy = () => Deferred.unsafeDone(destroy, Effect.void)
  yield* Deferred.await(destroy)
  yield* session.destroy
  return done
}).pipe(
  Effect.scoped,
  Effect.tap((done) => report({ status: "destroyed", ...done })),
  Effect.tapErrorCause((cause) => report({ status: "failed", error: Cause.pretty(cause) })),
  Effect.provide([JanusLive, BrowserKeyValueStore.layerLocalStorage])
)

BrowserRuntime.runMain(program)
