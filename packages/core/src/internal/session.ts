import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import * as PubSub from "effect/PubSub"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Take from "effect/Take"
import { type HandleId, isHandleId, isSessionId, type SessionId } from "../Ids.js"
import { JanusApiError, SessionClosedError, SessionReclaimError, TransportError } from "../JanusError.js"
import type { JanusTransport, SendOptions } from "../JanusTransport.js"
import * as Plugin from "../Plugin.js"
import type * as Protocol from "../Protocol.js"
import type { AttachOptions, JanusSession, ReattachOptions, SessionOptions } from "../Session.js"
import { directEvents } from "./correlator.js"
import { type Deadlines, makeDeadlines } from "./deadlines.js"
import {
  attachRequest,
  type HandleHost,
  type HandleListener,
  type HandleRoute,
  type Hub,
  makeHandle
} from "./handle.js"

type SessionTake = Take.Take<Protocol.AsyncMessage, SessionClosedError>

const toClosed = (sessionId: SessionId, error: TransportError | SessionClosedError): SessionClosedError =>
  error._tag === "SessionClosedError"
    ? error
    : new SessionClosedError({ sessionId, reason: "connection-lost", cause: error })

/** Sends `create` or `claim` and returns the session id. */
const open = (
  transport: JanusTransport,
  options: SessionOptions | undefined
): Effect.Effect<SessionId, SessionReclaimError | JanusApiError | TransportError> => {
  const wanted = options?.sessionId
  if (wanted === undefined) {
    return Effect.flatMap(
      transport.send({ janus: "create" }),
      (reply): Effect.Effect<SessionId, JanusApiError | TransportError> => {
        if (reply.janus === "success" && isSessionId(reply.data?.id)) return Effect.succeed(reply.data.id)
        if (reply.janus === "error") {
          return Effect.fail(
            new JanusApiError({ request: "create", code: reply.error.code, reason: reply.error.reason })
          )
        }
        return Effect.fail(
          new TransportError({ reason: "decode", message: `unexpected ${reply.janus} reply to create` })
        )
      }
    )
  }
  if (!isSessionId(wanted)) {
    // Janus ids are positive safe integers: no session has this id, as Janus itself would answer.
    return Effect.fail(
      new SessionReclaimError({ sessionId: wanted, code: 458, reason: `${wanted} is not a Janus session id` })
    )
  }
  const sessionId = wanted
  return Effect.flatMap(
    transport.send({ janus: "claim", session_id: sessionId }),
    (reply): Effect.Effect<SessionId, SessionReclaimError | TransportError> => {
      // Decided by `janus`: a refused claim still carries `session_id`; a successful one has no `data`.
      if (reply.janus === "success") return Effect.succeed(sessionId)
      if (reply.janus === "error") {
        return Effect.fail(new SessionReclaimError({ sessionId, code: reply.error.code, reason: reply.error.reason }))
      }
      return Effect.fail(new TransportError({ reason: "decode", message: `unexpected ${reply.janus} reply to claim` }))
    }
  )
}

/** Creates or claims a session and runs its event pump and keep-alive in the current scope. */
export const makeSession = Effect.fnUntraced(function* (transport: JanusTransport, options?: SessionOptions) {
  const scope = yield* Effect.scope
  const id = yield* open(transport, options)
  const claimed = options?.sessionId !== undefined
  const eventTimeout = Duration.decode(options?.eventTimeout ?? "30 seconds")
  const hub = yield* PubSub.unbounded<SessionTake>()
  const handles = new Map<number, HandleRoute & { refs: number }>()
  const ended = yield* Deferred.make<SessionClosedError | undefined>()
  let over = false
  /** What ended the session (`undefined` while it runs, and when it was destroyed or its scope closed). */
  let endedWith: SessionClosedError | undefined
  let closedError: SessionClosedError | undefined
  /** The error requests fail with once the session is over; built on first use (a schema error costs ~50 µs). */
  const closedWith = (): SessionClosedError | undefined => {
    if (!over) return undefined
    if (endedWith !== undefined) return endedWith
    if (closedError === undefined) closedError = new SessionClosedError({ sessionId: id, reason: "closed" })
    return closedError
  }
  let keepAliveFiber: Fiber.RuntimeFiber<unknown, unknown> | undefined

  // Ending and dispatching are synchronous (an unbounded hub takes `unsafeOffer`), so that frame transports can
  // deliver in the receiving fiber, without a pump fiber per session or a fiber per frame.

  /** Ends the session once: every stream ends (or fails), later requests fail, the keep-alive stops. */
  const endNow = (error: SessionClosedError | undefined): void => {
    if (over) return
    over = true
    endedWith = error
    const take: Take.Take<never, SessionClosedError> = error === undefined ? Take.end : Take.fail(error)
    const entries = [...handles.values()]
    handles.clear()
    for (const entry of entries) {
      for (const listener of entry.listeners) listener.onEnd(error)
      entry.hub.unsafeOffer(take)
    }
    hub.unsafeOffer(take)
    keepAliveFiber?.unsafeInterruptAsFork(FiberId.none)
    Deferred.unsafeDone(ended, Exit.succeed(error))
  }
  const end = (error: SessionClosedError | undefined) => Effect.sync(() => endNow(error))

  const dispatch = (message: Protocol.AsyncMessage): void => {
    if (message.janus === "timeout") {
      hub.unsafeOffer(Take.of(message))
      endNow(new SessionClosedError({ sessionId: id, reason: "timeout" }))
      return
    }
    const entry = handles.get(message.sender)
    if (entry !== undefined) {
      const detached = message.janus === "detached"
      for (const listener of entry.listeners) {
        listener.onMessage(message)
        if (detached) listener.onEnd(undefined)
      }
      entry.hub.unsafeOffer(Take.of(message))
      if (detached) entry.hub.unsafeOffer(Take.end)
    }
    hub.unsafeOffer(Take.of(message))
  }

  // Frame transports (WebSocket, in-memory) hand messages over directly; others (HTTP) give a Stream to pump.
  const direct = directEvents(transport)
  const pump =
    direct !== undefined
      ? yield* Effect.as(Scope.extend(direct(id, { onMessage: dispatch, onEnd: endNow }), scope), undefined)
      : yield* transport.sessionEvents(id).pipe(
          Stream.runForEach((message) => Effect.sync(() => dispatch(message))),
          Effect.matchEffect({
            onFailure: (error) => end(toClosed(id, error)),
            onSuccess: () => end(undefined)
          }),
          Effect.forkIn(scope)
        )

  const request = (
    req: Protocol.Request,
    sendOptions?: SendOptions
  ): Effect.Effect<Protocol.Reply, TransportError | SessionClosedError> =>
    Effect.suspend((): Effect.Effect<Protocol.Reply, TransportError | SessionClosedError> => {
      const error = closedWith()
      return error !== undefined ? Effect.fail(error) : transport.send(req, sendOptions)
    })

  const keepAlive = options?.keepAlive ?? "25 seconds"
  if (keepAlive !== false) {
    const beat = transport.send({ janus: "keepalive", session_id: id }).pipe(
      Effect.flatMap((reply) =>
        reply.janus === "error" && reply.error.code === 458
          ? end(new SessionClosedError({ sessionId: id, reason: "not-found" })).pipe(Effect.zipRight(Effect.interrupt))
          : reply.janus === "error"
            ? Effect.logWarning(
                `effect-janus: keepalive of session ${id} refused: ${reply.error.code} ${reply.error.reason}`
              )
            : Effect.void
      ),
      Effect.catchTag("TransportError", (error) =>
        error.reason === "closed"
          ? Effect.interrupt
          : Effect.logWarning(`effect-janus: keepalive of session ${id} failed: ${error.message}`)
      )
    )
    // `endNow` interrupts it (no watcher fiber); the scope's closing does at the latest.
    keepAliveFiber = yield* Effect.schedule(beat, Schedule.spaced(keepAlive)).pipe(Effect.forkIn(scope))
  }

  // Event timeouts of `handle.message`: started on the first message that waits, so idle sessions have no such fiber.
  let deadlines: Deadlines | undefined
  const getDeadlines: Effect.Effect<Deadlines> = Effect.suspend(() =>
    deadlines !== undefined
      ? Effect.succeed(deadlines)
      : Effect.map(Scope.extend(makeDeadlines, scope), (made) => (deadlines ??= made))
  )

  const host: HandleHost = {
    sessionId: id,
    eventTimeout,
    request,
    deadlines: getDeadlines,
    register: (handleId: HandleId) =>
      Effect.suspend((): Effect.Effect<HandleRoute, SessionClosedError> => {
        const error = closedWith()
        if (error !== undefined) return Effect.fail(error)
        const existing = handles.get(handleId)
        if (existing !== undefined) {
          existing.refs++
          return Effect.succeed(existing)
        }
        return Effect.map(PubSub.unbounded<Take.Take<Protocol.HandleMessage, SessionClosedError>>(), (h) => {
          const route = { hub: h, listeners: new Set<HandleListener>(), refs: 1 }
          handles.set(handleId, route)
          return route
        })
      }),
    unregister: (handleId: HandleId) =>
      Effect.sync(() => {
        const entry = handles.get(handleId)
        if (entry === undefined || --entry.refs > 0) return
        handles.delete(handleId)
        // The last reference is gone (detached or abandoned): end the handle's streams, which `end` no longer reaches.
        for (const listener of entry.listeners) listener.onEnd(undefined)
        entry.hub.unsafeOffer(Take.end)
      }),
    subscribe: (h: Hub) =>
      Effect.flatMap(PubSub.subscribe(h), (queue) => {
        // Subscribed first, then checked: a close after this point reaches the queue, one before it is seen here.
        const error = closedWith()
        return error !== undefined ? Effect.fail(error) : Effect.succeed(queue)
      })
  }

  const detachOnClose = (handleOption: "detach" | "abandon" | undefined) =>
    (handleOption ?? (options?.onClose === "abandon" ? "abandon" : "detach")) === "detach"

  const attach = (plugin: Plugin.PluginLike, attachOptions?: AttachOptions) =>
    Effect.gen(function* () {
      const name = Plugin.nameOf(plugin)
      const reply = yield* request(attachRequest(id, name, attachOptions?.opaqueId))
      if (reply.janus === "error") {
        return yield* Effect.fail(
          new JanusApiError({ request: "attach", code: reply.error.code, reason: reply.error.reason })
        )
      }
      if (reply.janus !== "success" || !isHandleId(reply.data?.id)) {
        return yield* Effect.fail(
          new TransportError({ reason: "decode", message: `unexpected ${reply.janus} reply to attach` })
        )
      }
      return yield* makeHandle(host, name, reply.data.id, detachOnClose(attachOptions?.onClose))
    })

  const reattach = (plugin: Plugin.PluginLike, handleId: HandleId | number, reattachOptions?: ReattachOptions) =>
    makeHandle(host, Plugin.nameOf(plugin), handleId as HandleId, detachOnClose(reattachOptions?.onClose))

  const destroy = Effect.suspend(() => {
    if (over) return Effect.void
    return transport.send({ janus: "destroy", session_id: id }).pipe(
      Effect.flatMap((reply) =>
        reply.janus === "error" && reply.error.code !== 458
          ? Effect.fail(new JanusApiError({ request: "destroy", code: reply.error.code, reason: reply.error.reason }))
          : Effect.void
      ),
      Effect.zipRight(end(undefined)),
      // Over HTTP the long-poll may hold a GET for up to 30 s: stop it now rather than when the scope closes.
      Effect.zipRight(pump === undefined ? Effect.void : Fiber.interruptFork(pump))
    )
  })

  yield* Effect.addFinalizer(() =>
    (options?.onClose === "abandon" ? Effect.void : destroy).pipe(
      Effect.catchAllCause((cause) => Effect.logDebug(`effect-janus: destroy of session ${id} on close failed`, cause)),
      Effect.zipRight(end(undefined))
    )
  )

  const events: Stream.Stream<Protocol.AsyncMessage, SessionClosedError> = Stream.unwrapScoped(
    Effect.map(PubSub.subscribe(hub), (queue) =>
      endedWith !== undefined && endedWith.reason !== "closed"
        ? Stream.fail(endedWith)
        : over
          ? Stream.empty
          : Stream.flattenTake(Stream.fromQueue(queue))
    )
  )

  const session: JanusSession = {
    id,
    claimed,
    transport,
    attach,
    reattach,
    events,
    destroy,
    awaitClosed: Deferred.await(ended)
  }
  return session
})
