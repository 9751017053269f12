/**
 * Narration helpers for the examples: numbered steps, the heartbeat made visible, and the transport's and a
 * session's state changes printed as they happen.
 */
import { ConnectionState, type JanusSession, type JanusTransport, SessionState } from "@effect-janus/core"
import { Console, Effect, Stream } from "effect"

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

/** One line for a connection state. */
export const describeConnection = (state: ConnectionState): string =>
  ConnectionState.$match(state, {
    Connecting: () => "Connecting…",
    Connected: ({ generation }) => `Connected (link generation ${generation})`,
    Disconnected: ({ cause, generation }) => `Disconnected (link generation ${generation}): ${cause.message}`,
    Reconnecting: ({ attempt, elapsed }) => `Reconnecting… (attempt ${attempt} failed, ${elapsed} ms after the drop)`,
    Closed: ({ cause }) => `Closed${cause === undefined ? "" : `: ${cause.message}`}`
  })

/** One line for a session state. */
export const describeSession = (state: SessionState): string =>
  SessionState.$match(state, {
    Active: () => "Active",
    Disconnected: ({ cause }) => `Disconnected (${cause.reason}): requests wait for the reclaim`,
    Reclaiming: ({ generation }) => `Reclaiming (claim on link generation ${generation})`,
    Reclaimed: ({ gap, generation }) => `Reclaimed on link generation ${generation} after a gap of ${gap} ms`,
    Recreated: ({ newId, oldId }) => `Recreated: session ${oldId} is now ${newId}`,
    Lost: ({ error }) => `Lost: ${error.message}`,
    Closed: () => "Closed"
  })

/** Prints every change of the transport's connection state (the current one first) for the life of the scope. */
export const watchConnection = (transport: JanusTransport) =>
  transport.connection.changes.pipe(
    Stream.runForEach((state) => say(`⇄ transport: ${describeConnection(state)}`)),
    Effect.forkScoped
  )

/** Prints every change of the session's state (the current one first) for the life of the scope. */
export const watchSession = (session: JanusSession) =>
  session.state.changes.pipe(
    Stream.runForEach((state) => say(`⇄ session ${session.id}: ${describeSession(state)}`)),
    Effect.forkScoped
  )
