import type * as Clock from "effect/Clock"
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
import { periodOrOff } from "./interval.js"
import { type Beater, type Beating, transportKeepAlives } from "./keepAlive.js"
import { transportRegistrations } from "./registration.js"
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

type Recovering = SessionClosedError | SessionReclaimError

/** `SessionOptions.eventTimeout` when not given (decoded once: parsing "30 seconds" per session is not free). */
const defaultEventTimeout = Duration.seconds(30)

/**
 * A session: a class, so that its behaviour lives on the prototype — as a closure over its state it was ~30
 * closures and their contexts, most of a session's memory. It is the session's value (`JanusSession`), its sink
 * (the transport routes its messages and link changes here) and its handles' host. `attach` and `reattach` stay
 * per-instance functions (callers may pass them around unbound); the Effects (`destroy`, `handles`, `awaitClosed`)
 * are built on access, `state` and `events` on first access.
 */
class SessionImpl implements JanusSession, SessionSink, HandleHost, Beater {
  readonly eventTimeout: Duration.Duration
  /** Handles by id, reference-counted. */
  private readonly entries = new Map<number, HandleEntry>()
  /** The session's message hub, made by the first `events` subscriber. */
  private hub: PubSub.PubSub<SessionTake> | undefined = undefined
  private ended: Deferred.Deferred<SessionClosedError | undefined> | undefined = undefined
  private current: SessionState = SessionState.Active()
  private stateRef: SubscriptionRef.SubscriptionRef<SessionState> | undefined = undefined
  private stateView: Subscribable.Subscribable<SessionState> | undefined = undefined
  private eventsView: Stream.Stream<Protocol.AsyncMessage, SessionClosedError> | undefined = undefined
  /** Reclaims and re-creations run here: interrupted when the session's scope closes. */
  private runInSet: ((effect: Effect.Effect<unknown, unknown>) => unknown) | undefined = undefined
  private over = false
  /** Set while the session's link is down, until it is reclaimed. */
  private disconnectedSince: number | undefined = undefined
  /** Set while a loss is being handled (ending or re-creating), so that two reports of it act once. */
  private recovering = false
  /** What ended the session (`undefined` while it runs, and when it was destroyed or its scope closed). */
  private endedWith: SessionClosedError | undefined = undefined
  private closedError: SessionClosedError | undefined = undefined
  /** The session's keep-alive (stopped when the session ends). */
  stopKeepAlive: Beating | undefined = undefined
  /** Stored handles not re-bound yet (resume): kept in the record until an `attach` takes them. */
  private readonly adoptable: Array<StoredHandle> | undefined
  /**
   * The registration with a transport that has no `Registration` (a re-created session registers again in a new
   * one); with one, the session registers and unregisters directly.
   */
  private listening: Scope.CloseableScope | undefined = undefined

  constructor(
    private sessionId_: SessionId,
    readonly claimed: boolean,
    readonly transport: JanusTransport,
    private readonly scope: Scope.Scope,
    private readonly clock: Clock.Clock,
    private readonly forkRuntime: Runtime.Runtime<never>,
    private readonly options: SessionOptions | undefined,
    private readonly persistence: Persistence | undefined
  ) {
    this.eventTimeout =
      options?.eventTimeout === undefined ? defaultEventTimeout : Duration.decode(options.eventTimeout)
    this.adoptable = persistence === undefined ? undefined : [...persistence.adopt]
  }

  // --- JanusSession -------------------------------------------------------------------------------------------
  get id(): SessionId {
    return this.sessionId_
  }

  readonly attach = (plugin: Plugin.PluginLike, attachOptions?: AttachOptions) => this.attachWith(plugin, attachOptions)

  readonly reattach = (plugin: Plugin.PluginLike, handleId: HandleId | number, reattachOptions?: ReattachOptions) =>
    this.reattachWith(plugin, handleId, reattachOptions)

  get handles(): Effect.Effect<ReadonlyArray<PluginHandle>> {
    return Effect.sync(() => {
      const open: Array<PluginHandle> = []
      for (const entry of this.entries.values()) if (entry.handle !== undefined) open.push(entry.handle)
      return open
    })
  }

  get state(): Subscribable.Subscribable<SessionState> {
    // Built on first access (as `events`: a Stream's description alone is a few hundred bytes).
    this.stateView ??= Subscribable.make({
      get: Effect.sync(() => this.current),
      changes: Stream.unwrap(Effect.map(this.makeStateRef(), (ref) => ref.changes))
    })
    return this.stateView
  }

  get events(): Stream.Stream<Protocol.AsyncMessage, SessionClosedError> {
    this.eventsView ??= Stream.unwrapScoped(
      Effect.map(
        Effect.suspend(() => {
          if (this.hub !== undefined) return PubSub.subscribe(this.hub)
          return Effect.flatMap(PubSub.unbounded<SessionTake>(), (made) => {
            this.hub ??= made
            return PubSub.subscribe(this.hub)
          })
        }),
        (queue) =>
          this.endedWith !== undefined && this.endedWith.reason !== "closed"
            ? Stream.fail(this.endedWith)
            : this.over
              ? Stream.empty
              : Stream.flattenTake(Stream.fromQueue(queue))
      )
    )
    return this.eventsView
  }

  get destroy(): Effect.Effect<void, JanusApiError | TransportError> {
    return Effect.suspend(() => this.destroyNow())
  }

  get awaitClosed(): Effect.Effect<SessionClosedError | undefined> {
    return Effect.suspend(() => {
      if (this.over) return Effect.succeed(this.endedWith)
      this.ended ??= Deferred.unsafeMake(FiberId.none)
      return Deferred.await(this.ended)
    })
  }

  // --- HandleHost ---------------------------------------------------------------------------------------------
  sessionId(): SessionId {
    return this.sessionId_
  }

  request(
    req: Protocol.Request,
    sendOptions?: SendOptions
  ): Effect.Effect<Protocol.Reply | Protocol.PluginEvent, TransportError | SessionClosedError> {
    return Effect.suspend(() => {
      const error = this.closedWith()
      if (error !== undefined) return Effect.fail(error)
      return Effect.catchAll(this.transport.send(req, sendOptions), (failure) =>
        Effect.fail(this.closedWith() ?? failure)
      )
    })
  }

  release(entry: HandleEntry, kept: boolean): Effect.Effect<void> {
    return Effect.suspend(() => {
      if (--entry.refs > 0) return Effect.void
      if (this.entries.get(entry.id) === entry) this.entries.delete(entry.id)
      // An abandoned handle stays in the record, to be re-bound by a later resume.
      if (kept && this.adoptable !== undefined) this.adoptable.push(stored(entry))
      // The last reference is gone (detached or abandoned): end the handle's streams.
      entry.hub?.unsafeOffer(Take.end)
      return this.over ? Effect.void : this.persist()
    })
  }

  subscribe(entry: HandleEntry) {
    return Effect.flatMap(
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
        const error = this.closedWith()
        return error !== undefined ? Effect.fail(error) : Effect.succeed(queue)
      }
    )
  }

  // --- SessionSink --------------------------------------------------------------------------------------------
  onMessage(message: Protocol.AsyncMessage): void {
    if (message.janus === "timeout") {
      this.hub?.unsafeOffer(Take.of(message))
      this.lost(sessionClosed({ sessionId: this.sessionId_, reason: "timeout" }))
      return
    }
    const entry = this.entries.get(message.sender)
    if (entry?.hub !== undefined) {
      entry.hub.unsafeOffer(Take.of(message))
      if (message.janus === "detached") entry.hub.unsafeOffer(Take.end)
    }
    this.hub?.unsafeOffer(Take.of(message))
  }

  onDisconnect(cause: TransportError): void {
    if (this.over) return
    this.disconnectedSince ??= this.clock.unsafeCurrentTimeMillis()
    const since = this.disconnectedSince
    this.run(this.setState(SessionState.Disconnected({ since, cause })))
  }

  onReconnect(generation: number): void {
    if (!this.over) this.run(this.reclaim(generation))
  }

  onGone(error: SessionClosedError): void {
    this.lost(error)
  }

  onEnd(error: SessionClosedError): void {
    if (this.over) return
    this.run(this.fail(error, error))
  }

  // --- state --------------------------------------------------------------------------------------------------
  private makeStateRef(): Effect.Effect<SubscriptionRef.SubscriptionRef<SessionState>> {
    return Effect.suspend(() =>
      this.stateRef !== undefined
        ? Effect.succeed(this.stateRef)
        : Effect.map(SubscriptionRef.make(this.current), (made) => (this.stateRef ??= made))
    )
  }

  private setState(next: SessionState): Effect.Effect<void> {
    return Effect.suspend(() => {
      this.current = next
      return this.stateRef === undefined ? Effect.void : SubscriptionRef.set(this.stateRef, next)
    })
  }

  /** The error requests fail with once the session is over; built on first use (a schema error costs ~50 µs). */
  private closedWith(): SessionClosedError | undefined {
    if (!this.over) return undefined
    if (this.endedWith !== undefined) return this.endedWith
    this.closedError ??= sessionClosed({ sessionId: this.sessionId_, reason: "closed" })
    return this.closedError
  }

  /** Ends the session once: every stream ends (or fails), later requests fail, the keep-alive stops. */
  endNow(error: SessionClosedError | undefined): void {
    if (this.over) return
    this.over = true
    this.endedWith = error
    const take: Take.Take<never, SessionClosedError> = error === undefined ? Take.end : Take.fail(error)
    const entries = [...this.entries.values()]
    this.entries.clear()
    for (const entry of entries) entry.hub?.unsafeOffer(take)
    this.hub?.unsafeOffer(take)
    this.stopKeepAlive?.stop()
    if (this.ended !== undefined) Deferred.unsafeDone(this.ended, Exit.succeed(error))
  }

  persist(): Effect.Effect<void> {
    const persistence = this.persistence
    if (persistence === undefined) return Effect.void
    return Effect.suspend(() => {
      const handles: Array<StoredHandle> = [...(this.adoptable ?? [])]
      for (const entry of this.entries.values()) handles.push(stored(entry))
      return persistence.save({ server: this.transport.server, sessionId: this.sessionId_, handles })
    })
  }

  private unpersist(): Effect.Effect<void> {
    return this.persistence === undefined ? Effect.void : this.persistence.remove
  }

  // --- registration -------------------------------------------------------------------------------------------
  /** Registers the session (its current id) with the transport. */
  listen(): Effect.Effect<void> {
    const registration = transportRegistrations.get(this.transport)
    if (registration !== undefined) return registration.register(this.sessionId_, this)
    // Any other transport: `listen` in a plain scope of its own (a forked one would add a finalizer to its parent).
    return Effect.flatMap(Scope.make(ExecutionStrategy.sequential), (listening) => {
      this.listening = listening
      return Scope.extend(this.transport.listen(this.sessionId_, this), listening)
    })
  }

  /** Releases the registration (idempotent). */
  unlisten(exit: Exit.Exit<unknown, unknown>): Effect.Effect<void> {
    const registration = transportRegistrations.get(this.transport)
    if (registration !== undefined) return registration.unregister(this.sessionId_, this)
    return this.listening === undefined ? Effect.void : Scope.close(this.listening, exit)
  }

  // --- recovery -----------------------------------------------------------------------------------------------
  /** Forks a recovery step into the session's scope: outside any caller's span, its logs annotated with the id. */
  private run<A, E>(effect: Effect.Effect<A, E>): void {
    this.runInSet ??= Runtime.runSync(this.forkRuntime)(Scope.extend(FiberSet.makeRuntime<never>(), this.scope))
    this.runInSet(detached(Effect.suspend(() => annotated({ sessionId: this.sessionId_ })(effect))))
  }

  private resyncAll(recovery: Recovery): Effect.Effect<void> {
    return Effect.forEach(
      [...this.entries.values()],
      (entry) =>
        entry.resync === undefined || entry.handle === undefined
          ? Effect.void
          : entry
              .resync(entry.handle, recovery)
              .pipe(
                Effect.catchAllCause((cause) =>
                  Effect.logWarning("effect-janus: re-sync after recovery failed", cause).pipe(
                    Effect.annotateLogs({ "janus.session_id": this.sessionId_, "janus.handle_id": entry.id })
                  )
                )
              ),
      { concurrency: "unbounded", discard: true }
    )
  }

  /** Ends the session for good with `error` (the default `onLost`). */
  private fail(error: SessionClosedError, cause: Recovering): Effect.Effect<void> {
    return this.setState(SessionState.Lost({ error: cause })).pipe(
      Effect.zipRight(Effect.sync(() => this.endNow(error))),
      // The server no longer knows it: nothing to resume (a transport that closed for good leaves the record).
      Effect.zipRight(error.reason === "connection-lost" ? Effect.void : this.unpersist())
    )
  }

  /** `onLost: "recreate"`: a new session, every handle attached again, the same values. */
  private recreateNow(error: SessionClosedError, cause: Recovering): Effect.Effect<void> {
    const self = this
    return Effect.gen(function* () {
      const oldId = self.sessionId_
      const since = self.disconnectedSince ?? self.clock.unsafeCurrentTimeMillis()
      const newId = yield* create(self.transport)
      const moved: Array<{ readonly plugin: string; readonly oldId: HandleId; readonly newId: HandleId }> = []
      const entries = [...self.entries.values()]
      for (const entry of entries) {
        const handleId = yield* attachId(self.transport, newId, entry.plugin, entry.opaqueId)
        moved.push({ plugin: entry.plugin, oldId: entry.id, newId: handleId })
      }
      yield* self.unlisten(Exit.void)
      self.sessionId_ = newId
      self.entries.clear()
      entries.forEach((entry, i) => {
        entry.id = moved[i]!.newId
        self.entries.set(entry.id, entry)
      })
      yield* self.listen()
      self.disconnectedSince = undefined
      const recovery = SessionState.Recreated({
        oldId,
        newId,
        gap: self.clock.unsafeCurrentTimeMillis() - since,
        handles: moved
      })
      yield* self.setState(recovery)
      yield* self.persist()
      yield* Effect.logInfo("effect-janus: session re-created").pipe(
        Effect.annotateLogs({ "janus.session_id": newId, "janus.old_session_id": oldId })
      )
      yield* self.resyncAll(recovery)
    }).pipe(
      Effect.catchAll((failure) =>
        Effect.zipRight(
          Effect.logWarning("effect-janus: re-creating the session failed", failure),
          this.fail(error, cause)
        )
      ),
      Effect.ensuring(
        Effect.sync(() => {
          this.recovering = false
        })
      )
    )
  }

  /** The server no longer knows the session: end it, or re-create it with `onLost: "recreate"`. */
  private lost(error: SessionClosedError, cause: Recovering = error): void {
    if (this.over || this.recovering) return
    this.recovering = true
    const recreate = this.options?.onLost === "recreate" && error.reason !== "connection-lost"
    this.run(recreate ? this.recreateNow(error, cause) : this.fail(error, cause))
  }

  private reclaim(generation: number): Effect.Effect<void> {
    const self = this
    return Effect.gen(function* () {
      if (self.over || self.recovering) return
      yield* self.setState(SessionState.Reclaiming({ generation }))
      // A claim that times out on a live link is sent again (a few times); one cut by a new drop is left to the
      // next link's reclaim.
      const outcome = yield* Effect.either(
        claim(self.transport, self.sessionId_).pipe(
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
          return self.lost(sessionClosed({ sessionId: self.sessionId_, reason: "not-found", cause: failure }), failure)
        }
        // The new link failed too: the next generation claims again.
        return yield* Effect.logDebug("effect-janus: reclaim failed", failure).pipe(
          Effect.annotateLogs({ "janus.session_id": self.sessionId_ })
        )
      }
      const now = self.clock.unsafeCurrentTimeMillis()
      const gap = now - (self.disconnectedSince ?? now)
      self.disconnectedSince = undefined
      const recovery = SessionState.Reclaimed({ generation, gap })
      yield* self.setState(recovery)
      yield* self.resyncAll(recovery)
    })
  }

  // --- keep-alive and close -----------------------------------------------------------------------------------
  /** One keep-alive: skipped while the link is down (the reclaim refreshes the session). */
  beat(): Effect.Effect<void> {
    if (this.disconnectedSince !== undefined) return Effect.void
    const id = this.sessionId_
    return this.transport.send({ janus: "keepalive", session_id: id }).pipe(
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
  }

  private destroyNow(): Effect.Effect<void, JanusApiError | TransportError> {
    if (this.over) return Effect.void
    const id = this.sessionId_
    return this.transport.send({ janus: "destroy", session_id: id }).pipe(
      requestSpan("destroy", { sessionId: id }),
      Effect.flatMap((reply) =>
        reply.janus === "error" && reply.error.code !== 458 ? Effect.fail(apiError("destroy", reply)) : Effect.void
      ),
      Effect.zipRight(Effect.sync(() => this.endNow(undefined))),
      Effect.zipRight(this.setState(SessionState.Closed())),
      Effect.zipRight(this.unpersist()),
      // Over HTTP the long poll may hold a GET for up to 30 s: stop it now rather than when the scope closes.
      Effect.zipRight(Effect.suspend(() => this.unlisten(Exit.void)))
    )
  }

  /** What closing the session's scope does: destroy (or abandon), then end. */
  close(): Effect.Effect<void> {
    // A session whose link is down is abandoned: waiting for a reconnect here would hang the scope's closing.
    const abandon = this.options?.onClose === "abandon" || this.disconnectedSince !== undefined
    return (abandon ? Effect.void : this.destroyNow()).pipe(
      Effect.catchAllCause((cause) =>
        Effect.logDebug(`effect-janus: destroy of session ${this.sessionId_} on close failed`, cause)
      ),
      Effect.zipRight(Effect.sync(() => this.endNow(undefined))),
      Effect.zipRight(
        Effect.suspend(() => (this.current._tag === "Lost" ? Effect.void : this.setState(SessionState.Closed())))
      )
    )
  }

  // --- handles ------------------------------------------------------------------------------------------------
  private detachOnClose(handleOption: "detach" | "abandon" | undefined): boolean {
    return (handleOption ?? (this.options?.onClose === "abandon" ? "abandon" : "detach")) === "detach"
  }

  /** Registers a handle id (reference-counted) and builds a handle on it in the caller's scope. */
  private bind(
    plugin: string,
    handleId: HandleId,
    opaqueId: string | undefined,
    handleOptions: AttachOptions | ReattachOptions | undefined
  ): Effect.Effect<PluginHandle, SessionClosedError, Scope.Scope> {
    return Effect.suspend(() => {
      const error = this.closedWith()
      if (error !== undefined) return Effect.fail(error)
      let entry = this.entries.get(handleId)
      let added = false
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
        this.entries.set(handleId, entry)
        added = true
      } else if (handleOptions?.resync !== undefined) entry.resync = handleOptions.resync
      const bound = entry
      const make = Effect.suspend(() => {
        bound.refs++
        return Effect.map(makeHandle(this, bound, this.detachOnClose(handleOptions?.onClose)), (handle) => {
          bound.handle ??= handle
          return handle
        })
      })
      return added ? Effect.zipRight(this.persist(), make) : make
    })
  }

  private attachWith(
    plugin: Plugin.PluginLike,
    attachOptions: AttachOptions | undefined
  ): Effect.Effect<PluginHandle, JanusApiError | TransportError | SessionClosedError, Scope.Scope> {
    return Effect.suspend(() => {
      const name = Plugin.nameOf(plugin)
      // A resumed session re-binds a stored handle of the same plugin and opaque id instead of attaching.
      const adoptable = this.adoptable
      const index = adoptable?.findIndex((h) => h.plugin === name && h.opaqueId === attachOptions?.opaqueId) ?? -1
      if (adoptable !== undefined && index >= 0) {
        const [taken] = adoptable.splice(index, 1)
        return this.bind(name, taken!.handleId, taken!.opaqueId, attachOptions)
      }
      const id = this.sessionId_
      return this.request(attachRequest(id, name, attachOptions?.opaqueId)).pipe(
        Effect.flatMap((reply): Effect.Effect<HandleId, JanusApiError | TransportError> => {
          if (reply.janus === "success" && isHandleId(reply.data?.id)) return Effect.succeed(reply.data.id)
          if (reply.janus === "error") return Effect.fail(apiError("attach", reply))
          return Effect.fail(unexpected(reply, "attach"))
        }),
        Effect.tap((handleId) => Effect.annotateCurrentSpan("janus.handle_id", handleId)),
        requestSpan("attach", { sessionId: id, plugin: name }),
        Effect.flatMap((handleId) => this.bind(name, handleId, attachOptions?.opaqueId, attachOptions))
      )
    })
  }

  private reattachWith(
    plugin: Plugin.PluginLike,
    handleId: HandleId | number,
    reattachOptions: ReattachOptions | undefined
  ): Effect.Effect<PluginHandle, SessionClosedError | JanusApiError, Scope.Scope> {
    const wanted: unknown = handleId
    if (!isHandleId(wanted)) {
      // Janus ids are positive safe integers: the server would answer 459 for this one.
      return Effect.fail(
        new JanusApiError({ request: "reattach", code: 459, reason: `${String(wanted)} is not a Janus handle id` })
      )
    }
    return this.bind(Plugin.nameOf(plugin), wanted, undefined, reattachOptions)
  }
}

/** A handle as the session store keeps it. */
const stored = (entry: HandleEntry): StoredHandle =>
  entry.opaqueId === undefined
    ? { plugin: entry.plugin, handleId: entry.id }
    : { plugin: entry.plugin, handleId: entry.id, opaqueId: entry.opaqueId }

/** Creates or claims a session, registers its sink with the transport and runs its keep-alive in the current scope. */
export const makeSession = Effect.fnUntraced(function* (
  transport: JanusTransport,
  runtime: Runtime.Runtime<never>,
  options?: SessionOptions,
  persistence?: Persistence
) {
  const scope = yield* Effect.scope
  const clock = yield* Effect.clock
  const id = yield* open(transport, options)
  // Shared with the other sessions made from the same place (see `sessionRuntime`): outside any span, interruptible.
  const forkRuntime = sessionRuntime(transport, runtime)
  const session = new SessionImpl(
    id,
    options?.sessionId !== undefined,
    transport,
    scope,
    clock,
    forkRuntime,
    options,
    persistence
  )
  // The session's registration with the transport is released by a finalizer added now, so that it is released in
  // the session's turn, after the handles opened later.
  yield* Scope.addFinalizerExit(scope, (exit) => session.unlisten(exit))
  yield* session.listen()
  yield* session.persist()

  // A zero interval is off, as `false`: it would beat back to back.
  const interval = periodOrOff(options?.keepAlive, "25 seconds")
  if (interval !== undefined) {
    const keepAlives = transportKeepAlives.get(transport)
    if (keepAlives === undefined) {
      const beat = Effect.suspend(() => session.beat())
      const fiber = yield* Effect.forkIn(detached(Effect.schedule(beat, Schedule.spaced(interval))), scope)
      session.stopKeepAlive = { stop: () => fiber.unsafeInterruptAsFork(FiberId.none) }
    } else {
      // On the connection's keep-alive: one fiber for all its sessions, started when a first beat is due.
      session.stopKeepAlive = keepAlives.start(interval, session, forkRuntime)
    }
  }

  // On the scope itself rather than `Effect.addFinalizer`, which keeps a copy of the creating fiber's FiberRefs
  // (with the `Session.make` span) per session and patches them in and out when it runs: the destroy on close is a
  // span of the fiber that closes the scope.
  yield* Scope.addFinalizerExit(scope, () => session.close())
  return session as JanusSession
})
