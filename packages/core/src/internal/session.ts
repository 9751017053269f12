import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ExecutionStrategy from "effect/ExecutionStrategy"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as FiberSet from "effect/FiberSet"
import * as PubSub from "effect/PubSub"
import * as Runtime from "effect/Runtime"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Subscribable from "effect/Subscribable"
import * as SubscriptionRef from "effect/SubscriptionRef"
import * as Take from "effect/Take"
import { type HandleId, isHandleId, isSessionId, type SessionId } from "../Ids.js"
import { JanusApiError, type SessionClosedError, SessionReclaimError, type TransportError } from "../JanusError.js"
import type { JanusTransport, SendOptions, SessionSink } from "../JanusTransport.js"
import * as Plugin from "../Plugin.js"
import type { PluginHandle } from "../PluginHandle.js"
import type * as Protocol from "../Protocol.js"
import {
  type AttachOptions,
  type JanusSession,
  type ReattachOptions,
  type Recovery,
  type SessionOptions,
  SessionState
} from "../Session.js"
import type { StoredHandle, StoredSession } from "../SessionStore.js"
import { sessionClosed, transportError } from "./errors.js"
import { apiError, attachRequest, type HandleEntry, type HandleHost, makeHandle } from "./handle.js"
import { transportKeepAlives } from "./keepAlive.js"
import { sessionRuntime } from "./sharedRuntime.js"
import { annotated, detached, requestSpan } from "./tracing.js"

type SessionTake = Take.Take<Protocol.AsyncMessage, SessionClosedError>

const unexpected = (reply: { readonly janus: string }, request: string) =>
  transportError({ reason: "decode", message: `unexpected ${reply.janus} reply to ${request}` })

/** Sends `create` and returns the new session id. */
const create = (transport: JanusTransport): Effect.Effect<SessionId, JanusApiError | TransportError> =>
  transport.send({ janus: "create" }).pipe(
    Effect.flatMap((reply): Effect.Effect<SessionId, JanusApiError | TransportError> => {
      if (reply.janus === "success" && isSessionId(reply.data?.id)) return Effect.succeed(reply.data.id)
      if (reply.janus === "error") return Effect.fail(apiError("create", reply))
      return Effect.fail(unexpected(reply, "create"))
    }),
    Effect.tap((id) => Effect.annotateCurrentSpan("janus.session_id", id)),
    requestSpan("create", {})
  )

/** Sends `claim`; decided by `janus`: a refused claim still carries `session_id`, a successful one has no `data`. */
const claim = (
  transport: JanusTransport,
  sessionId: SessionId
): Effect.Effect<SessionId, SessionReclaimError | TransportError> =>
  transport.send({ janus: "claim", session_id: sessionId }).pipe(
    Effect.flatMap((reply): Effect.Effect<SessionId, SessionReclaimError | TransportError> => {
      if (reply.janus === "success") return Effect.succeed(sessionId)
      if (reply.janus === "error") {
        return Effect.fail(new SessionReclaimError({ sessionId, code: reply.error.code, reason: reply.error.reason }))
      }
      return Effect.fail(unexpected(reply, "claim"))
    }),
    requestSpan("claim", { sessionId })
  )

/** Sends `attach` and returns the new handle id. */
const attachId = (
  transport: JanusTransport,
  sessionId: SessionId,
  plugin: string,
  opaqueId: string | undefined
): Effect.Effect<HandleId, JanusApiError | TransportError> =>
  transport.send(attachRequest(sessionId, plugin, opaqueId)).pipe(
    Effect.flatMap((reply): Effect.Effect<HandleId, JanusApiError | TransportError> => {
      if (reply.janus === "success" && isHandleId(reply.data?.id)) return Effect.succeed(reply.data.id)
      if (reply.janus === "error") return Effect.fail(apiError("attach", reply))
      return Effect.fail(unexpected(reply, "attach"))
    }),
    Effect.tap((handleId) => Effect.annotateCurrentSpan("janus.handle_id", handleId)),
    requestSpan("attach", { sessionId, plugin })
  )

/** Sends `create` or `claim` and returns the session id. */
const open = (
  transport: JanusTransport,
  options: SessionOptions | undefined
): Effect.Effect<SessionId, SessionReclaimError | JanusApiError | TransportError> => {
  const wanted: unknown = options?.sessionId
  if (wanted === undefined) return create(transport)
  if (!isSessionId(wanted)) {
    // Janus ids are positive safe integers: no session has this id, as Janus itself would answer.
    return Effect.fail(
      new SessionReclaimError({ sessionId: wanted, code: 458, reason: `${String(wanted)} is not a Janus session id` })
    )
  }
  return claim(transport, wanted)
}

/** What `Session.resume` adds to the options: where to keep the session, and the stored handles to re-bind. */
export interface Persistence {
  /** Writes the current record (server, session id, handles). */
  readonly save: (record: StoredSession) => Effect.Effect<void>
  /** Removes the record (the session was destroyed or lost). */
  readonly remove: Effect.Effect<void>
  /** Handles stored by an earlier process, re-bound on the first `attach` of the same plugin and opaque id. */
  readonly adopt: ReadonlyArray<StoredHandle>
}

/** Creates or claims a session, registers its sink with the transport and runs its keep-alive in the current scope. */
export const makeSession = Effect.fnUntraced(function* (
  transport: JanusTransport,
  runtime: Runtime.Runtime<never>,
  options?: SessionOptions,
  persistence?: Persistence
) {
  const scope = yield* Effect.scope
  const clock = yield* Effect.clock
  // Shared with the other sessions made from the same place (see `sessionRuntime`): outside any span, interruptible.
  const forkRuntime = sessionRuntime(transport, runtime)
  let id = yield* open(transport, options)
  const claimed = options?.sessionId !== undefined
  const eventTimeout = Duration.decode(options?.eventTimeout ?? "30 seconds")
  const recreate = options?.onLost === "recreate"
  // Hubs, the state's SubscriptionRef, the `ended` Deferred and the recoveries' FiberSet are made on first use:
  // most sessions never need them, and together they were most of a session's memory and set-up time.
  /** The session's message hub, made by the first `events` subscriber. */
  let hub: PubSub.PubSub<SessionTake> | undefined
  const handles = new Map<number, HandleEntry>()
  let ended: Deferred.Deferred<SessionClosedError | undefined> | undefined
  let current: SessionState = SessionState.Active()
  let stateRef: SubscriptionRef.SubscriptionRef<SessionState> | undefined
  const makeStateRef = Effect.suspend(() =>
    stateRef !== undefined
      ? Effect.succeed(stateRef)
      : Effect.map(SubscriptionRef.make(current), (made) => (stateRef ??= made))
  )
  /** `session.state`, built on first access (as `events`: a Stream's description alone is a few hundred bytes). */
  let state: Subscribable.Subscribable<SessionState> | undefined
  const makeState = () =>
    Subscribable.make({
      get: Effect.sync(() => current),
      changes: Stream.unwrap(Effect.map(makeStateRef, (ref) => ref.changes))
    })
  /** Reclaims and re-creations run here: interrupted when the session's scope closes. */
  let runInSet: ((effect: Effect.Effect<unknown, unknown>) => unknown) | undefined
  /** Forks a recovery step into the session's scope: outside any caller's span, its logs annotated with the id. */
  const run = <A, E>(effect: Effect.Effect<A, E>) => {
    runInSet ??= Runtime.runSync(forkRuntime)(Scope.extend(FiberSet.makeRuntime<never>(), scope))
    runInSet(detached(Effect.suspend(() => annotated({ sessionId: id })(effect))))
  }
  let over = false
  /** Set while the session's link is down, until it is reclaimed. */
  let disconnectedSince: number | undefined
  /** Set while a loss is being handled (ending or re-creating), so that two reports of it act once. */
  let recovering = false
  /** What ended the session (`undefined` while it runs, and when it was destroyed or its scope closed). */
  let endedWith: SessionClosedError | undefined
  let closedError: SessionClosedError | undefined
  /** The error requests fail with once the session is over; built on first use (a schema error costs ~50 µs). */
  const closedWith = (): SessionClosedError | undefined => {
    if (!over) return undefined
    if (endedWith !== undefined) return endedWith
    if (closedError === undefined) closedError = sessionClosed({ sessionId: id, reason: "closed" })
    return closedError
  }
  let stopKeepAlive: (() => void) | undefined
  const setState = (next: SessionState) =>
    Effect.suspend(() => {
      current = next
      return stateRef === undefined ? Effect.void : SubscriptionRef.set(stateRef, next)
    })
  /** Stored handles not re-bound yet (resume): kept in the record until an `attach` takes them. */
  const adoptable: Array<StoredHandle> = [...(persistence?.adopt ?? [])]
  const persist: Effect.Effect<void> =
    persistence === undefined
      ? Effect.void
      : Effect.suspend(() => {
          const stored: Array<StoredHandle> = [...adoptable]
          for (const entry of handles.values()) {
            stored.push(
              entry.opaqueId === undefined
                ? { plugin: entry.plugin, handleId: entry.id }
                : { plugin: entry.plugin, handleId: entry.id, opaqueId: entry.opaqueId }
            )
          }
          return persistence.save({ server: transport.server, sessionId: id, handles: stored })
        })
  const unpersist = persistence === undefined ? Effect.void : persistence.remove

  /** Ends the session once: every stream ends (or fails), later requests fail, the keep-alive stops. */
  const endNow = (error: SessionClosedError | undefined): void => {
    if (over) return
    over = true
    endedWith = error
    const take: Take.Take<never, SessionClosedError> = error === undefined ? Take.end : Take.fail(error)
    const entries = [...handles.values()]
    handles.clear()
    for (const entry of entries) entry.hub?.unsafeOffer(take)
    hub?.unsafeOffer(take)
    stopKeepAlive?.()
    if (ended !== undefined) Deferred.unsafeDone(ended, Exit.succeed(error))
  }

  const dispatch = (message: Protocol.AsyncMessage): void => {
    if (message.janus === "timeout") {
      hub?.unsafeOffer(Take.of(message))
      lost(sessionClosed({ sessionId: id, reason: "timeout" }))
      return
    }
    const entry = handles.get(message.sender)
    if (entry?.hub !== undefined) {
      entry.hub.unsafeOffer(Take.of(message))
      if (message.janus === "detached") entry.hub.unsafeOffer(Take.end)
    }
    hub?.unsafeOffer(Take.of(message))
  }

  // --- recovery -----------------------------------------------------------------------------------------------
  const resyncAll = (recovery: Recovery) =>
    Effect.forEach(
      [...handles.values()],
      (entry) =>
        entry.resync === undefined || entry.handle === undefined
          ? Effect.void
          : entry
              .resync(entry.handle, recovery)
              .pipe(
                Effect.catchAllCause((cause) =>
                  Effect.logWarning("effect-janus: re-sync after recovery failed", cause).pipe(
                    Effect.annotateLogs({ "janus.session_id": id, "janus.handle_id": entry.id })
                  )
                )
              ),
      { concurrency: "unbounded", discard: true }
    )

  /** Ends the session for good with `error` (the default `onLost`). */
  const fail = (error: SessionClosedError, cause: SessionClosedError | SessionReclaimError) =>
    setState(SessionState.Lost({ error: cause })).pipe(
      Effect.zipRight(Effect.sync(() => endNow(error))),
      // The server no longer knows it: nothing to resume (a transport that closed for good leaves the record).
      Effect.zipRight(error.reason === "connection-lost" ? Effect.void : unpersist)
    )

  /** `onLost: "recreate"`: a new session, every handle attached again, the same values. */
  const recreateNow = (error: SessionClosedError, cause: SessionClosedError | SessionReclaimError) =>
    Effect.gen(function* () {
      const oldId = id
      const since = disconnectedSince ?? clock.unsafeCurrentTimeMillis()
      const newId = yield* create(transport)
      const moved: Array<{ readonly plugin: string; readonly oldId: HandleId; readonly newId: HandleId }> = []
      const entries = [...handles.values()]
      for (const entry of entries) {
        const handleId = yield* attachId(transport, newId, entry.plugin, entry.opaqueId)
        moved.push({ plugin: entry.plugin, oldId: entry.id, newId: handleId })
      }
      yield* Scope.close(listening, Exit.void)
      id = newId
      handles.clear()
      entries.forEach((entry, i) => {
        entry.id = moved[i]!.newId
        handles.set(entry.id, entry)
      })
      listening = yield* Scope.make(ExecutionStrategy.sequential)
      yield* Scope.extend(transport.listen(newId, sink), listening)
      disconnectedSince = undefined
      const recovery = SessionState.Recreated({
        oldId,
        newId,
        gap: clock.unsafeCurrentTimeMillis() - since,
        handles: moved
      })
      yield* setState(recovery)
      yield* persist
      yield* Effect.logInfo("effect-janus: session re-created").pipe(
        Effect.annotateLogs({ "janus.session_id": newId, "janus.old_session_id": oldId })
      )
      yield* resyncAll(recovery)
    }).pipe(
      Effect.catchAll((failure) =>
        Effect.zipRight(Effect.logWarning("effect-janus: re-creating the session failed", failure), fail(error, cause))
      ),
      Effect.ensuring(
        Effect.sync(() => {
          recovering = false
        })
      )
    )

  /** The server no longer knows the session: end it, or re-create it with `onLost: "recreate"`. */
  const lost = (error: SessionClosedError, cause: SessionClosedError | SessionReclaimError = error): void => {
    if (over || recovering) return
    recovering = true
    run(recreate && error.reason !== "connection-lost" ? recreateNow(error, cause) : fail(error, cause))
  }

  const reclaim = (generation: number) =>
    Effect.gen(function* () {
      if (over || recovering) return
      yield* setState(SessionState.Reclaiming({ generation }))
      // A claim that times out on a live link is sent again (a few times); one cut by a new drop is left to the
      // next link's reclaim.
      const outcome = yield* Effect.either(
        claim(transport, id).pipe(
          Effect.retry({
            schedule: Schedule.spaced("500 millis"),
            times: 3,
            while: (error) => error._tag === "TransportError" && error.reason === "timeout"
          })
        )
      )
      if (outcome._tag === "Left") {
        const failure = outcome.left
        if (failure._tag === "SessionReclaimError") {
          return lost(sessionClosed({ sessionId: id, reason: "not-found", cause: failure }), failure)
        }
        // The new link failed too: the next generation claims again.
        return yield* Effect.logDebug("effect-janus: reclaim failed", failure).pipe(
          Effect.annotateLogs({ "janus.session_id": id })
        )
      }
      const gap = clock.unsafeCurrentTimeMillis() - (disconnectedSince ?? clock.unsafeCurrentTimeMillis())
      disconnectedSince = undefined
      const recovery = SessionState.Reclaimed({ generation, gap })
      yield* setState(recovery)
      yield* resyncAll(recovery)
    })

  const sink: SessionSink = {
    onMessage: dispatch,
    onDisconnect: (cause) => {
      if (over) return
      disconnectedSince ??= clock.unsafeCurrentTimeMillis()
      run(setState(SessionState.Disconnected({ since: disconnectedSince, cause })))
    },
    onReconnect: (generation) => {
      if (!over) run(reclaim(generation))
    },
    onGone: (error) => lost(error),
    onEnd: (error) => {
      if (over) return
      run(fail(error, error))
    }
  }
  // The session's registration with the transport lives in a scope of its own (a re-created session registers again
  // in a new one), closed by a finalizer added now so that it closes in the session's turn, after the handles opened
  // later. One plain scope rather than two forked ones: a forked scope is a Scope plus a finalizer in its parent.
  let listening = yield* Scope.make(ExecutionStrategy.sequential)
  yield* Scope.addFinalizerExit(scope, (exit) => Scope.close(listening, exit))
  yield* Scope.extend(transport.listen(id, sink), listening)
  yield* persist

  const request = (
    req: Protocol.Request,
    sendOptions?: SendOptions
  ): Effect.Effect<Protocol.Reply | Protocol.PluginEvent, TransportError | SessionClosedError> =>
    Effect.suspend(() => {
      const error = closedWith()
      if (error !== undefined) return Effect.fail(error)
      return Effect.catchAll(transport.send(req, sendOptions), (failure) => Effect.fail(closedWith() ?? failure))
    })

  const keepAlive = options?.keepAlive ?? "25 seconds"
  if (keepAlive !== false) {
    const beat = Effect.suspend(() =>
      disconnectedSince !== undefined
        ? Effect.void // the reclaim refreshes the session; held keep-alives would only pile up
        : transport.send({ janus: "keepalive", session_id: id }).pipe(
            requestSpan("keepalive", { sessionId: id }),
            Effect.flatMap((reply) =>
              // 458 reaches the session through the transport (`onGone`); other refusals are only logged.
              reply.janus === "error" && reply.error.code !== 458
                ? Effect.logWarning(
                    `effect-janus: keepalive of session ${id} refused: ${reply.error.code} ${reply.error.reason}`
                  )
                : Effect.void
            ),
            Effect.catchAll((error) =>
              error.reason === "closed"
                ? Effect.void
                : Effect.logWarning(`effect-janus: keepalive of session ${id} failed: ${error.message}`)
            )
          )
    )
    const keepAlives = transportKeepAlives.get(transport)
    const interval = Duration.decode(keepAlive)
    if (keepAlives === undefined) {
      const fiber = yield* Effect.forkIn(detached(Effect.schedule(beat, Schedule.spaced(interval))), scope)
      stopKeepAlive = () => fiber.unsafeInterruptAsFork(FiberId.none)
    } else {
      // On the connection's keep-alive: one fiber for all its sessions, started when a first beat is due.
      stopKeepAlive = keepAlives.start(interval, beat, forkRuntime).stop
    }
  }

  const host: HandleHost = {
    sessionId: () => id,
    eventTimeout,
    request,
    release: (entry, kept) =>
      Effect.suspend(() => {
        if (--entry.refs > 0) return Effect.void
        if (handles.get(entry.id) === entry) handles.delete(entry.id)
        // An abandoned handle stays in the record, to be re-bound by a later resume.
        if (kept && persistence !== undefined) {
          adoptable.push(
            entry.opaqueId === undefined
              ? { plugin: entry.plugin, handleId: entry.id }
              : { plugin: entry.plugin, handleId: entry.id, opaqueId: entry.opaqueId }
          )
        }
        // The last reference is gone (detached or abandoned): end the handle's streams.
        entry.hub?.unsafeOffer(Take.end)
        return over ? Effect.void : persist
      }),
    subscribe: (entry) =>
      Effect.flatMap(
        Effect.suspend(() =>
          entry.hub !== undefined
            ? PubSub.subscribe(entry.hub)
            : Effect.flatMap(PubSub.unbounded<Take.Take<Protocol.HandleMessage, SessionClosedError>>(), (made) => {
                entry.hub ??= made
                return PubSub.subscribe(entry.hub)
              })
        ),
        (queue) => {
          // Subscribed first, then checked: a close after this point reaches the queue, one before it is seen here.
          const error = closedWith()
          return error !== undefined ? Effect.fail(error) : Effect.succeed(queue)
        }
      )
  }

  const detachOnClose = (handleOption: "detach" | "abandon" | undefined) =>
    (handleOption ?? (options?.onClose === "abandon" ? "abandon" : "detach")) === "detach"

  /** Registers a handle id (reference-counted) and builds a handle on it in the caller's scope. */
  const bind = (
    plugin: string,
    handleId: HandleId,
    opaqueId: string | undefined,
    handleOptions: AttachOptions | ReattachOptions | undefined
  ) =>
    Effect.gen(function* () {
      const error = closedWith()
      if (error !== undefined) return yield* Effect.fail(error)
      let entry = handles.get(handleId)
      if (entry === undefined) {
        entry = {
          id: handleId,
          plugin,
          opaqueId,
          hub: undefined,
          refs: 0,
          resync: handleOptions?.resync,
          handle: undefined
        }
        handles.set(handleId, entry)
        yield* persist
      } else if (handleOptions?.resync !== undefined) entry.resync = handleOptions.resync
      entry.refs++
      const handle = yield* makeHandle(host, entry, detachOnClose(handleOptions?.onClose))
      entry.handle ??= handle
      return handle
    })

  const attach = (plugin: Plugin.PluginLike, attachOptions?: AttachOptions) =>
    Effect.gen(function* () {
      const name = Plugin.nameOf(plugin)
      // A resumed session re-binds a stored handle of the same plugin and opaque id instead of attaching.
      const stored = adoptable.findIndex((h) => h.plugin === name && h.opaqueId === attachOptions?.opaqueId)
      if (stored >= 0) {
        const [taken] = adoptable.splice(stored, 1)
        return yield* bind(name, taken!.handleId, taken!.opaqueId, attachOptions)
      }
      const handleId = yield* request(attachRequest(id, name, attachOptions?.opaqueId)).pipe(
        Effect.flatMap((reply): Effect.Effect<HandleId, JanusApiError | TransportError> => {
          if (reply.janus === "success" && isHandleId(reply.data?.id)) return Effect.succeed(reply.data.id)
          if (reply.janus === "error") return Effect.fail(apiError("attach", reply))
          return Effect.fail(unexpected(reply, "attach"))
        }),
        Effect.tap((handleId) => Effect.annotateCurrentSpan("janus.handle_id", handleId)),
        requestSpan("attach", { sessionId: id, plugin: name })
      )
      return yield* bind(name, handleId, attachOptions?.opaqueId, attachOptions)
    })

  const reattach = (plugin: Plugin.PluginLike, handleId: HandleId | number, reattachOptions?: ReattachOptions) =>
    Effect.suspend((): Effect.Effect<PluginHandle, SessionClosedError | JanusApiError, Scope.Scope> => {
      const wanted: unknown = handleId
      if (!isHandleId(wanted)) {
        // Janus ids are positive safe integers: the server would answer 459 for this one.
        return Effect.fail(
          new JanusApiError({ request: "reattach", code: 459, reason: `${String(wanted)} is not a Janus handle id` })
        )
      }
      return bind(Plugin.nameOf(plugin), wanted, undefined, reattachOptions)
    })

  const destroy = Effect.suspend(() => {
    if (over) return Effect.void
    return transport.send({ janus: "destroy", session_id: id }).pipe(
      requestSpan("destroy", { sessionId: id }),
      Effect.flatMap((reply) =>
        reply.janus === "error" && reply.error.code !== 458 ? Effect.fail(apiError("destroy", reply)) : Effect.void
      ),
      Effect.zipRight(Effect.sync(() => endNow(undefined))),
      Effect.zipRight(setState(SessionState.Closed())),
      Effect.zipRight(unpersist),
      // Over HTTP the long poll may hold a GET for up to 30 s: stop it now rather than when the scope closes.
      Effect.zipRight(Scope.close(listening, Exit.void))
    )
  })

  // On the scope itself rather than `Effect.addFinalizer`, which keeps a copy of the creating fiber's FiberRefs
  // (with the `Session.make` span) per session and patches them in and out when it runs: the destroy on close is a
  // span of the fiber that closes the scope.
  yield* Scope.addFinalizerExit(scope, () =>
    // A session whose link is down is abandoned: waiting for a reconnect here would hang the scope's closing.
    (options?.onClose === "abandon" || disconnectedSince !== undefined ? Effect.void : destroy).pipe(
      Effect.catchAllCause((cause) => Effect.logDebug(`effect-janus: destroy of session ${id} on close failed`, cause)),
      Effect.zipRight(Effect.sync(() => endNow(undefined))),
      Effect.zipRight(Effect.suspend(() => (current._tag === "Lost" ? Effect.void : setState(SessionState.Closed()))))
    )
  )

  let events: Stream.Stream<Protocol.AsyncMessage, SessionClosedError> | undefined
  const makeEvents = (): Stream.Stream<Protocol.AsyncMessage, SessionClosedError> =>
    Stream.unwrapScoped(
      Effect.map(
        Effect.suspend(() =>
          hub !== undefined
            ? PubSub.subscribe(hub)
            : Effect.flatMap(PubSub.unbounded<SessionTake>(), (made) => {
                hub ??= made
                return PubSub.subscribe(hub)
              })
        ),
        (queue) =>
          endedWith !== undefined && endedWith.reason !== "closed"
            ? Stream.fail(endedWith)
            : over
              ? Stream.empty
              : Stream.flattenTake(Stream.fromQueue(queue))
      )
    )

  const session: JanusSession = {
    get id() {
      return id
    },
    claimed,
    transport,
    attach,
    reattach,
    handles: Effect.sync(() => {
      const open: Array<PluginHandle> = []
      for (const entry of handles.values()) if (entry.handle !== undefined) open.push(entry.handle)
      return open
    }),
    get state() {
      state ??= makeState()
      return state
    },
    get events() {
      events ??= makeEvents()
      return events
    },
    destroy,
    awaitClosed: Effect.suspend(() => {
      if (over) return Effect.succeed(endedWith)
      ended ??= Deferred.unsafeMake(FiberId.none)
      return Deferred.await(ended)
    })
  }
  return session
})
