/**
 * This library over HTTP: `HttpTransport` (REST requests, long-poll events) on `FetchHttpClient` — the same global
 * `fetch` as the raw client it is compared with. W1 and W2 only.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type { JanusTransport } from "@effect-janus/core"
import { HttpTransport } from "@effect-janus/transport-http"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type { Driver, Target } from "../driver.js"
import { effectDriver } from "./effectWs.js"

const fetchClient = Effect.runSync(Effect.scoped(Layer.build(FetchHttpClient.layer)))

/** This library over HTTP, with `fetch`. */
export const effectHttp = (target: Target): Driver =>
  effectDriver(
    "effect-http",
    "http",
    HttpTransport.make({ url: target.httpUrl }).pipe(Effect.provide(fetchClient)) as Effect.Effect<
      JanusTransport,
      unknown,
      Scope.Scope
    >,
    ["keepalives", "echoes", "throughput"]
  )
