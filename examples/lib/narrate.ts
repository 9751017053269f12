/**
 * Narration helpers for the examples: numbered steps, and a transport wrapper that prints every keep-alive.
 */
import type { JanusTransport } from "@effect-janus/core"
import { Console, Effect } from "effect"

const started = Date.now()
const clock = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`

/** Prints a numbered step. */
export const step = (n: number, text: string) => Effect.suspend(() => Console.log(`\n[${clock()}] ${n}. ${text}`))

/** Prints a detail line under the current step. */
export const say = (text: string) => Effect.suspend(() => Console.log(`[${clock()}]    ${text}`))

/** Wraps a transport so that each keep-alive and its answer are printed: the heartbeat made visible. */
export const showKeepAlives = (transport: JanusTransport): JanusTransport => ({
  ...transport,
  send: (request, options) =>
    transport
      .send(request, options)
      .pipe(
        Effect.tap((reply) =>
          request.janus === "keepalive"
            ? say(`♥ keepalive for session ${request.session_id} → ${reply.janus}`)
            : Effect.void
        )
      )
})
