import type * as Socket from "@effect/platform/Socket"
import { type Connection, TransportError } from "@effect-janus/core"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"

/** `WebSocket.OPEN` (the constant is not on every constructor `Socket.WebSocketConstructor` may return). */
const OPEN = 1
const decoder = new TextDecoder()

/** The OS-level code behind a connection failure (`ECONNREFUSED`, `ENOTFOUND`, a TLS error code), if any. */
const osCode = (error: unknown, depth = 0): string | undefined => {
  if (depth > 8 || typeof error !== "object" || error === null) return undefined
  const record = error as { readonly code?: unknown; readonly cause?: unknown; readonly error?: unknown }
  if (typeof record.code === "string" && record.code.length > 0) return record.code
  return osCode(record.cause, depth + 1) ?? osCode(record.error, depth + 1)
}

/** What a link needs to know to open. */
export interface LinkOptions {
  readonly url: string
  readonly protocol: string
  readonly openTimeout: Duration.Duration
}

/** A close event's fields, as the cause of the `closed` error. */
export interface CloseCause {
  readonly code: number
  readonly reason: string
}

/**
 * One WebSocket as a `Connection.Link`, directly on the `WebSocketConstructor` (the same constructor
 * `@effect/platform`'s Socket uses: `ws` under Node, the global `WebSocket` in browsers).
 *
 * Why not `Socket.makeWebSocket`: opening and closing one through it measured ~1.3 ms of client CPU more than the
 * raw socket (an `acquireRelease`, a `FiberSet` and its runtime, a scope, the open wait raced against the set — three
 * fibers — and a latch), 2.8× the socket itself, paid twice per reclaim (BENCHMARKS.md, "Fifth wave"). Here: the
 * socket is made and its listeners added at once, the open is one `Effect.async` bounded on the Clock by
 * `openTimeout`, frames go to `receiver.receive` from the `message` listener (no fiber per frame), a `close` or
 * `error` after the open is reported once to `receiver.closed`, and the scope's finalizer removes the listeners and
 * closes the socket with 1000. Fails with `TransportError` `connect` when the socket cannot be made, reports an
 * error or a close before it opens, or does not open within `openTimeout`; a write that throws fails with `write`.
 */
export const openLink = (
  construct: Context.Tag.Service<typeof Socket.WebSocketConstructor>,
  options: LinkOptions,
  receiver: Connection.Receiver
): Effect.Effect<Connection.Link, TransportError, Scope.Scope> =>
  Effect.flatMap(Effect.scope, (scope) =>
    Effect.suspend(() => {
      const connectError = (detail: string, cause: unknown) => {
        const code = osCode(cause)
        return new TransportError({
          reason: "connect",
          message: `cannot open WebSocket ${options.url}${code === undefined ? "" : ` (${code})`}${detail}`,
          cause
        })
      }
      let ws: globalThis.WebSocket
      try {
        ws = construct(options.url, options.protocol)
      } catch (cause) {
        return Effect.fail(connectError("", cause))
      }
      ws.binaryType = "arraybuffer"
      let opened = false
      /** Set once the socket is done for the link (closed, failed or released): nothing is reported after it. */
      let done = false
      /** Why the socket could not open, once known. */
      let failed: TransportError | undefined
      /** Settles the open wait, while it runs. */
      let settleOpen: ((error: TransportError | undefined) => void) | undefined

      const onMessage = (event: { readonly data: unknown }) => {
        const data: unknown = event.data
        receiver.receive(typeof data === "string" ? data : decoder.decode(data as ArrayBuffer))
      }
      const end = (cause: unknown) => {
        if (done) return
        done = true
        ws.removeEventListener("message", onMessage)
        if (!opened) {
          failed = connectError("", cause)
          settleOpen?.(failed)
        } else
          receiver.closed(new TransportError({ reason: "closed", message: `WebSocket ${options.url} closed`, cause }))
      }
      const onClose = (event: { readonly code: number; readonly reason: string }) =>
        end({ code: event.code, reason: event.reason } satisfies CloseCause)
      // Kept for the socket's whole life (a `ws` socket closed while connecting emits `error`: with no listener,
      // Node would throw it).
      const onError = (event: unknown) => end(event)
      const onOpen = () => {
        opened = true
        settleOpen?.(undefined)
      }
      ws.addEventListener("message", onMessage)
      ws.addEventListener("close", onClose)
      ws.addEventListener("error", onError)
      ws.addEventListener("open", onOpen)

      const release = Effect.sync(() => {
        done = true
        ws.removeEventListener("message", onMessage)
        ws.removeEventListener("close", onClose)
        ws.removeEventListener("open", onOpen)
        if (ws.readyState <= OPEN) ws.close(1000)
      })
      const link: Connection.Link = {
        write: (frame) =>
          Effect.try({
            try: () => ws.send(frame),
            catch: (cause) => new TransportError({ reason: "write", message: "WebSocket write failed", cause })
          })
      }
      const waitOpen = Effect.async<void, TransportError>((resume) => {
        if (ws.readyState === OPEN) opened = true
        if (opened) return resume(Effect.void)
        if (failed !== undefined) return resume(Effect.fail(failed))
        settleOpen = (error) => {
          settleOpen = undefined
          resume(error === undefined ? Effect.void : Effect.fail(error))
        }
        return Effect.sync(() => {
          settleOpen = undefined
        })
      }).pipe(
        Effect.timeoutFail({
          duration: options.openTimeout,
          onTimeout: () =>
            connectError(`: not open within ${Duration.format(options.openTimeout)}`, "timeout waiting for open")
        })
      )
      return Effect.zipRight(Scope.addFinalizer(scope, release), Effect.as(waitOpen, link))
    })
  )
