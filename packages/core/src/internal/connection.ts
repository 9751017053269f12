import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ExecutionStrategy from "effect/ExecutionStrategy"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"
import type * as Tracer from "effect/Tracer"
import type { Options as ConnectionOptions, Link, Receiver } from "../Connection.js"
import { isSessionId, type SessionId } from "../Ids.js"
import type { SessionClosedError, TransportError } from "../JanusError.js"
import { ConnectionState, type JanusTransport, type SendOptions, type SessionSink } from "../JanusTransport.js"
import * as Protocol from "../Protocol.js"
import * as Transaction from "../Transaction.js"
import { type Deadline, makeDeadlines } from "./deadlines.js"
import { sessionClosed, transportError } from "./errors.js"
import { fastIncoming } from "./incoming.js"
import { periodOrOff } from "./interval.js"
import { makeKeepAlives, transportKeepAlives } from "./keepAlive.js"
import { transportRegistrations } from "./registration.js"
import { secretValue } from "./secret.js"
import { detached, requestSpan, runForkOutsideSpans } from "./tracing.js"

type Answer = Protocol.Reply | Protocol.PluginEvent
type AnswerExit = Exit.Exit<Answer, TransportError>

interface Pending {
  readonly transaction: string
  readonly request: Protocol.Request
  /** The session the request names, if any. */
  readonly sessionId: number | undefined
  /** With `awaitEvent`: how long to wait for the event after the ack. */
  readonly eventTimeout: Duration.Duration | undefined
  written: boolean
  acked: boolean
  exit: AnswerExit | undefined
  resume: ((exit: AnswerExit) => void) | undefined
  timer: Deadline | undefined
  /** The span the request was made in (its `janus.<request>` span), handed to `Link.write`. */
  readonly span: Tracer.AnySpan | undefined
}

interface Mailbox {
  /** Messages that came before a sink attached. */
  buffered: Array<Protocol.AsyncMessage> | undefined
  sink: SessionSink | undefined
  /** The server said it does not know the session before a sink attached. */
  gone: SessionClosedError | undefined
  /** Requests of the session held while it is being reclaimed (`undefined`: not held). */
  held: Array<Pending> | undefined
  poll: Fiber.RuntimeFiber<unknown, unknown> | undefined
}

/**
 * The reconnect window reported by the server's `info`: min(`session-timeout`, `reclaim-session-timeout`) plus the
 * 2 s watchdog tick (and a little slack) over WebSocket when reclaiming is on; `session-timeout` otherwise.
 */
export const reclaimWindow = (info: Protocol.Reply | undefined, kind: string): Duration.Duration => {
  const fields = info !== undefined && info.janus === "server_info" ? (info as Record<string, unknown>) : {}
  const positive = (value: unknown) => (typeof value === "number" && value > 0 ? value : undefined)
  const session = positive(fields["session-timeout"])
  const reclaim = positive(fields["reclaim-session-timeout"])
  if (kind !== "http" && reclaim !== undefined) return Duration.seconds(Math.min(reclaim, session ?? reclaim) + 3)
  return Duration.seconds(session ?? 60)
}

/**
 * The default reconnect policy: 100 ms, doubling, capped at 2 s, with jitter, for as long as `window` lasts.
 */
export const defaultReconnect = (window: Duration.DurationInput): Schedule.Schedule<unknown, TransportError> =>
  Schedule.exponential("100 millis").pipe(
    Schedule.union(Schedule.spaced("2 seconds")),
    Schedule.jittered,
    Schedule.upTo(window)
  )

/** How many interrupted requests' transactions a connection remembers, to drop their replies quietly. */
const maxAbandoned = 1024

const closedError = (cause: TransportError | undefined, message: string) =>
  transportError({ reason: "closed", message, cause })

/** Builds a transport on a driver's `connect`: correlation, routing, generations, reconnects and liveness. */
export const makeConnection = Effect.fnUntraced(function* (options: ConnectionOptions) {
  const scope = yield* Effect.scope
  // Links open under a scope made now: closing the transport's scope closes them in the transport's turn, not
  // (as scopes forked later would) before the sessions and handles opened after the transport.
  const links = yield* Scope.fork(scope, ExecutionStrategy.sequential)
  // Logs of the reader (bad frames) run in the caller's runtime (its logger) but outside its span.
  const runtime = yield* Effect.runtime<never>()
  const runFork = runForkOutsideSpans(runtime)
  const clock = yield* Effect.clock
  const pending = new Map<string, Pending>()
  const mailboxes = new Map<number, Mailbox>()
  const outbox: Array<Pending> = []
  /** Transactions answered by their plugin event before their ack came (the ack is then expected, not unknown). */
  const answeredEarly = new Set<string>()
  /**
   * Transactions whose request was interrupted after its frame went out (a keep-alive of a session being closed, a
   * caller's timeout): their reply is expected and dropped without a warning. Bounded: a reply that never comes
   * leaves its entry until {@link maxAbandoned} newer ones push it out.
   */
  const abandoned = new Set<string>()
  const abandon = (transaction: string) => {
    abandoned.add(transaction)
    if (abandoned.size > maxAbandoned) abandoned.delete(abandoned.values().next().value as string)
  }
  const state = yield* SubscriptionRef.make<ConnectionState>(ConnectionState.Connecting())
  const nextTransaction = yield* Transaction.makeGenerator
  const deadlines = yield* makeDeadlines
  const defaultTimeout = Duration.decode(options.requestTimeout ?? "10 seconds")
  const apisecret = secretValue(options.apiSecret)
  const token = secretValue(options.token)
  // A zero bound is off, as `false`: it would declare every link dead.
  const liveness = periodOrOff(options.liveness, "40 seconds")
  let link: Link | undefined
  let linkScope: Scope.CloseableScope | undefined
  let generation = 0
  let lastReceived = clock.unsafeCurrentTimeMillis()
  /** Set once the transport is closed for good, with the drop that closed it (if any). */
  let closed: { readonly cause: TransportError | undefined } | undefined
  let closedWithError: TransportError | undefined
  /** The error of a closed transport, built on first use (a schema-checked error per closed transport is not free). */
  const closedWith = () =>
    (closedWithError ??= closedError(closed?.cause, `the transport to ${options.server} is closed`))
  let dropped: ((error: TransportError) => void) | undefined

  const settle = (entry: Pending, exit: AnswerExit) => {
    if (pending.get(entry.transaction) === entry) pending.delete(entry.transaction)
    if (entry.timer !== undefined) deadlines.cancel(entry.timer)
    if (entry.exit !== undefined) return
    entry.exit = exit
    entry.resume?.(exit)
  }

  /** Fails `entry` with `TransportError` `timeout` ("<what> within <timeout>") once `timeout` has passed. */
  const arm = (entry: Pending, timeout: Duration.Duration, what: string) => {
    entry.timer = deadlines.schedule(timeout, () =>
      settle(
        entry,
        Exit.fail(transportError({ reason: "timeout", message: `${what} within ${Duration.format(timeout)}` }))
      )
    )
  }

  // --- the writer: one fiber per link takes requests from the outbox ------------------------------------------
  let writerWake: (() => void) | undefined
  const wakeWriter = () => writerWake?.()
  const writerIdle = Effect.async<void>((resume) => {
    writerWake = () => {
      writerWake = undefined
      resume(Effect.void)
    }
    return Effect.sync(() => {
      writerWake = undefined
    })
  })
  const encode = (entry: Pending): Protocol.WireRequest => {
    const wire: Record<string, unknown> = { ...entry.request, transaction: entry.transaction }
    if (apisecret !== undefined) wire.apisecret = apisecret
    if (token !== undefined) wire.token = token
    return wire as Protocol.WireRequest
  }
  const writeNext = (current: Link): Effect.Effect<void> =>
    Effect.suspend(() => {
      const entry = outbox.shift()
      if (entry === undefined) return writerIdle
      if (entry.exit !== undefined) return Effect.void
      entry.written = true
      const wire = encode(entry)
      return Effect.catchAll(current.write(JSON.stringify(wire), wire, entry.span), (error) =>
        Effect.sync(() => settle(entry, Exit.fail(error)))
      )
    })

  // --- sessions ---------------------------------------------------------------------------------------------
  const mailbox = (sessionId: number): Mailbox => {
    let box = mailboxes.get(sessionId)
    if (box === undefined) {
      box = { buffered: [], sink: undefined, gone: undefined, held: undefined, poll: undefined }
      mailboxes.set(sessionId, box)
    }
    return box
  }
  /** Fails the held requests of `box`; the error is built only when there is one (a schema error is not free). */
  const failHeld = (box: Mailbox, error: TransportError | (() => TransportError)) => {
    const held = box.held
    box.held = undefined
    if (held === undefined || held.length === 0) return
    const failure = Exit.fail(typeof error === "function" ? error() : error)
    for (const entry of held) settle(entry, failure)
  }
  const release = (box: Mailbox) => {
    const held = box.held
    box.held = undefined
    if (held === undefined || held.length === 0) return
    outbox.push(...held)
    wakeWriter()
  }
  /** Fails the requests that wait for a plugin event of this session (or of one handle of it). */
  const failAwaiting = (sessionId: number, handleId: number | undefined, message: string) => {
    let error: TransportError | undefined
    for (const entry of pending.values()) {
      if (entry.eventTimeout === undefined || entry.sessionId !== sessionId) continue
      if (handleId !== undefined && (entry.request as { readonly handle_id?: number }).handle_id !== handleId) continue
      error ??= closedError(undefined, message)
      settle(entry, Exit.fail(error))
    }
  }
  const gone = (sessionId: number, error: SessionClosedError) => {
    const box = mailboxes.get(sessionId)
    if (box === undefined) return
    failHeld(box, () => closedError(undefined, `session ${sessionId} no longer exists on the server: request not sent`))
    failAwaiting(sessionId, undefined, `session ${sessionId} no longer exists on the server`)
    if (box.sink !== undefined) box.sink.onGone(error)
    else box.gone = error
  }

  // --- incoming ---------------------------------------------------------------------------------------------
  const resolve = (reply: Protocol.Reply): Effect.Effect<void> => {
    const entry = reply.transaction === undefined ? undefined : pending.get(reply.transaction)
    if (entry === undefined) {
      // The ack of a request whose plugin event came first is expected: the event settled the request.
      if (reply.janus === "ack" && reply.transaction !== undefined && answeredEarly.delete(reply.transaction)) {
        return Effect.void
      }
      // The reply to a request its caller gave up on after sending it.
      if (reply.transaction !== undefined && abandoned.delete(reply.transaction)) {
        return Effect.logDebug("effect-janus: reply to an interrupted request dropped", reply)
      }
      return Effect.logWarning("effect-janus: reply for an unknown transaction dropped", reply)
    }
    if (reply.janus === "ack" && entry.eventTimeout !== undefined) {
      // The request stays pending for its event; the deadline now counts from the ack.
      entry.acked = true
      if (entry.timer !== undefined) deadlines.cancel(entry.timer)
      arm(entry, entry.eventTimeout, `no plugin event for the ${entry.request.janus}`)
      return Effect.void
    }
    // The request gets its own reply first; what the reply means for its session comes after.
    settle(entry, Exit.succeed(reply))
    const sessionId = entry.request.janus === "create" ? reply.janus === "success" && reply.data?.id : entry.sessionId
    if (isSessionId(sessionId)) {
      if (reply.janus === "success") {
        if (entry.request.janus === "create") mailbox(sessionId)
        else if (entry.request.janus === "claim") {
          const box = mailbox(sessionId)
          release(box)
          if (box.sink !== undefined) return startPoll(sessionId, box)
        }
      } else if (reply.janus === "error" && reply.error.code === 458) {
        const box = mailboxes.get(sessionId)
        if (entry.request.janus === "claim") {
          if (box !== undefined)
            failHeld(box, () => closedError(undefined, `session ${sessionId} could not be reclaimed`))
        } else if (entry.request.janus !== "destroy") {
          gone(sessionId, sessionClosed({ sessionId, reason: "not-found" }))
        }
      }
    }
    return Effect.void
  }

  /** The transaction of a (malformed) reply to a pending request, if the frame names one. */
  const pendingReplyOf = (json: unknown): Pending | undefined => {
    if (typeof json !== "object" || json === null) return undefined
    const { janus, transaction } = json as { readonly janus?: unknown; readonly transaction?: unknown }
    if (typeof transaction !== "string" || typeof janus !== "string" || !Protocol.replyTags.has(janus)) return undefined
    return pending.get(transaction)
  }

  const receiveEffect = (data: unknown): Effect.Effect<void> => {
    lastReceived = clock.unsafeCurrentTimeMillis()
    let json: unknown = data
    if (typeof data === "string") {
      try {
        json = JSON.parse(data)
      } catch (cause) {
        return Effect.logWarning(
          "effect-janus: undecodable frame dropped",
          transportError({ reason: "decode", message: "frame is not JSON", cause })
        )
      }
    }
    const fast = fastIncoming(json)
    const decoded = fast === undefined ? Protocol.decodeIncoming(json) : Either.right(fast)
    if (Either.isLeft(decoded)) {
      const error = transportError({
        reason: "decode",
        message: "frame does not match the Janus protocol",
        cause: decoded.left
      })
      // A malformed reply that names a pending request fails that request now rather than at its timeout.
      const entry = pendingReplyOf(json)
      if (entry !== undefined) settle(entry, Exit.fail(error))
      return Effect.logWarning("effect-janus: undecodable frame dropped", error)
    }
    const message = decoded.right
    if (Protocol.isReply(message)) return resolve(message)
    if (message.janus === "event" && message.transaction !== undefined) {
      const entry = pending.get(message.transaction)
      if (entry !== undefined && entry.eventTimeout !== undefined) {
        if (!entry.acked) answeredEarly.add(entry.transaction)
        settle(entry, Exit.succeed(message))
      }
    } else if (message.janus === "detached") {
      failAwaiting(message.session_id, message.sender, "handle detached before the plugin answered")
    } else if (message.janus === "timeout") {
      failAwaiting(message.session_id, undefined, `session ${message.session_id} timed out before the plugin answered`)
    }
    const box = mailboxes.get(message.session_id)
    if (box === undefined) {
      return Effect.logDebug("effect-janus: message for a session without a listener dropped", message)
    }
    if (box.sink !== undefined) box.sink.onMessage(message)
    else box.buffered?.push(message)
    return Effect.void
  }

  // --- links and generations --------------------------------------------------------------------------------
  const startPoll = (sessionId: number, box: Mailbox): Effect.Effect<void> =>
    Effect.suspend(() => {
      const current = link
      const currentScope = linkScope
      if (current?.poll === undefined || currentScope === undefined || box.poll !== undefined) return Effect.void
      return current.poll(sessionId as SessionId).pipe(
        Effect.catchAll((error) => Effect.sync(() => dropped?.(error))),
        Effect.ensuring(
          Effect.sync(() => {
            box.poll = undefined
          })
        ),
        detached,
        Effect.forkIn(currentScope),
        Effect.tap((fiber) =>
          Effect.sync(() => {
            box.poll = fiber
          })
        ),
        Effect.asVoid
      )
    })

  /**
   * Liveness: every eighth of the bound, look at how long the link has been silent. Silent for half the bound: send
   * a `ping` (its `pong`, like any frame, counts as a sign of life). Silent for the whole bound: the link is dead.
   * A dead link is so declared between 1 and 1.125 × the bound after its last frame.
   */
  const pinger = (bound: Duration.Duration): Effect.Effect<never> => {
    const boundMillis = Duration.toMillis(bound)
    const step = Duration.millis(Math.max(1, boundMillis / 8))
    let pinging = false
    const ping = send({ janus: "ping" }, { timeout: bound }).pipe(
      Effect.ignore,
      Effect.ensuring(
        Effect.sync(() => {
          pinging = false
        })
      )
    )
    const check = Effect.suspend(() => {
      const silence = clock.unsafeCurrentTimeMillis() - lastReceived
      if (silence >= boundMillis) {
        dropped?.(
          transportError({
            reason: "timeout",
            message: `nothing from ${options.server} for ${Duration.format(bound)}: the link is dead`
          })
        )
        return Effect.void
      }
      if (silence < boundMillis / 2 || pinging) return Effect.void
      pinging = true
      return Effect.asVoid(Effect.fork(ping))
    })
    return Effect.forever(Effect.zipRight(clock.sleep(step), check))
  }

  /** Opens one link and runs it until it drops; returns why it dropped, or fails when it could not open. */
  const runLink = (onOpen: Effect.Effect<void>) =>
    Effect.gen(function* () {
      const ownScope = yield* Scope.fork(links, ExecutionStrategy.sequential)
      const drop = yield* Deferred.make<TransportError>()
      const receiver: Receiver = {
        receive: (data) => {
          const effect = receiveEffect(data)
          if (effect !== Effect.void) runFork(effect)
        },
        failed: (transaction, error) => {
          const entry = pending.get(transaction)
          if (entry !== undefined) settle(entry, Exit.fail(error))
        },
        gone: (sessionId, cause) => gone(sessionId, sessionClosed({ sessionId, reason: "not-found", cause })),
        closed: (error) => Deferred.unsafeDone(drop, Exit.succeed(error))
      }
      const opened = yield* Effect.exit(Scope.extend(options.connect(receiver), ownScope))
      if (Exit.isFailure(opened)) {
        yield* Effect.uninterruptible(Scope.close(ownScope, Exit.void))
        return yield* Effect.failCause(opened.cause)
      }
      const current = opened.value
      link = current
      linkScope = ownScope
      lastReceived = clock.unsafeCurrentTimeMillis()
      dropped = (error) => Deferred.unsafeDone(drop, Exit.succeed(error))
      generation++
      yield* Effect.forkIn(detached(Effect.forever(writeNext(current))), ownScope)
      if (liveness !== undefined) yield* Effect.forkIn(detached(pinger(liveness)), ownScope)
      yield* SubscriptionRef.set(state, ConnectionState.Connected({ generation }))
      // A session held for its reclaim polls only once its claim succeeded: Janus 1.1.2 gives a claimed session a
      // new event queue, and a poll already waiting would never see it (janus_http_session_claimed).
      for (const [sessionId, box] of mailboxes) {
        if (box.sink !== undefined && box.held === undefined) yield* startPoll(sessionId, box)
      }
      wakeWriter()
      yield* onOpen
      const cause = yield* Deferred.await(drop)
      link = undefined
      linkScope = undefined
      dropped = undefined
      yield* Effect.uninterruptible(Scope.close(ownScope, Exit.void))
      return cause
    })

  /** After a drop: requests already written fail; sessions are held until they are reclaimed. */
  const onDrop = (cause: TransportError) =>
    Effect.suspend(() => {
      const error = closedError(cause, `the link to ${options.server} dropped before the reply: ${cause.message}`)
      answeredEarly.clear()
      abandoned.clear()
      for (const entry of [...pending.values()]) if (entry.written) settle(entry, Exit.fail(error))
      const waiting = outbox.splice(0)
      for (const entry of waiting) {
        const box = entry.sessionId === undefined ? undefined : mailboxes.get(entry.sessionId)
        if (box !== undefined && entry.request.janus !== "claim") {
          box.held ??= []
          box.held.push(entry)
        } else outbox.push(entry)
      }
      for (const box of mailboxes.values()) {
        box.held ??= []
        box.sink?.onDisconnect(cause)
      }
      return SubscriptionRef.set(state, ConnectionState.Disconnected({ generation, cause }))
    })

  /** Closes for good: every request fails, every session ends. */
  const closeAll = (cause: TransportError | undefined) =>
    Effect.suspend(() => {
      if (closed !== undefined) return Effect.void
      closed = { cause }
      if (pending.size > 0) {
        const failure = Exit.fail(closedWith())
        for (const entry of [...pending.values()]) settle(entry, failure)
      }
      outbox.length = 0
      const boxes = [...mailboxes]
      mailboxes.clear()
      for (const [sessionId, box] of boxes) {
        failHeld(box, closedWith)
        box.sink?.onEnd(
          sessionClosed({ sessionId: sessionId as SessionId, reason: "connection-lost", cause: closedWith() })
        )
      }
      return SubscriptionRef.set(state, ConnectionState.Closed({ cause }))
    })

  const reconnectAll = (gen: number) =>
    Effect.sync(() => {
      for (const box of mailboxes.values()) box.sink?.onReconnect(gen)
    })

  const send = (request: Protocol.Request, sendOptions?: SendOptions): Effect.Effect<Answer, TransportError> =>
    Effect.withFiberRuntime((fiber) => {
      if (closed !== undefined) return Effect.fail(closedWith())
      const transaction = nextTransaction()
      // The request's span (`janus.<request>`, opened by the session or handle) gets its transaction.
      const span = fiber.currentSpan
      if (span?._tag === "Span") span.attribute("janus.transaction", transaction)
      const sessionId = "session_id" in request ? request.session_id : undefined
      const entry: Pending = {
        transaction,
        request,
        sessionId,
        eventTimeout: sendOptions?.awaitEvent === undefined ? undefined : Duration.decode(sendOptions.awaitEvent),
        written: false,
        acked: false,
        exit: undefined,
        resume: undefined,
        timer: undefined,
        span
      }
      pending.set(transaction, entry)
      const timeout = sendOptions?.timeout === undefined ? defaultTimeout : Duration.decode(sendOptions.timeout)
      arm(entry, timeout, `no reply to ${request.janus}`)
      const box = sessionId === undefined ? undefined : mailboxes.get(sessionId)
      if (box?.held !== undefined && request.janus !== "claim") box.held.push(entry)
      else {
        outbox.push(entry)
        wakeWriter()
      }
      return Effect.async<Answer, TransportError>((resume) => {
        if (entry.exit !== undefined) return resume(entry.exit)
        entry.resume = resume
        return Effect.sync(() => {
          // Interrupted: forget the request (its frame is not written if it is still waiting; if it was, its reply
          // is expected).
          entry.resume = undefined
          if (entry.written && !entry.acked && entry.exit === undefined) abandon(entry.transaction)
          settle(entry, Exit.interrupt(FiberId.none))
        })
      })
    })

  /** Releases a session's registration (if it is still `sink`'s). */
  const unlisten = (sessionId: SessionId, sink: SessionSink) =>
    Effect.suspend(() => {
      const box = mailboxes.get(sessionId)
      if (box === undefined || box.sink !== sink) return Effect.void
      mailboxes.delete(sessionId)
      failHeld(box, () => closedError(undefined, `session ${sessionId} is closed: request not sent`))
      failAwaiting(sessionId, undefined, `session ${sessionId} closed before the plugin answered`)
      return box.poll === undefined ? Effect.void : Fiber.interruptFork(box.poll)
    })

  /** Registers `sink` for the session's messages, uninterruptibly; undone by `unlisten`. */
  const register = (sessionId: SessionId, sink: SessionSink): Effect.Effect<void> =>
    Effect.uninterruptible(
      Effect.suspend(() => {
        if (closed !== undefined) {
          sink.onEnd(sessionClosed({ sessionId, reason: "connection-lost", cause: closedWith() }))
          return Effect.void
        }
        const box = mailbox(sessionId)
        const buffered = box.buffered ?? []
        box.buffered = undefined
        box.sink = sink
        for (const message of buffered) sink.onMessage(message)
        if (box.gone !== undefined) sink.onGone(box.gone)
        return startPoll(sessionId, box)
      })
    )

  // The release is added to the scope first (it does nothing before the sink is registered), then the sink is
  // registered: as `acquireRelease`, without its copy of the caller's FiberRefs per session.
  const listen = (sessionId: SessionId, sink: SessionSink): Effect.Effect<void, never, Scope.Scope> =>
    Effect.scopeWith((scope) =>
      Effect.zipRight(
        Scope.addFinalizerExit(scope, () => unlisten(sessionId, sink)),
        register(sessionId, sink)
      )
    )

  const sessionEvents = (sessionId: SessionId): Stream.Stream<Protocol.AsyncMessage, SessionClosedError> =>
    Stream.asyncScoped<Protocol.AsyncMessage, SessionClosedError>(
      (emit) =>
        listen(sessionId, {
          onMessage: (message) => void emit.single(message),
          onDisconnect: () => {},
          onReconnect: () => {},
          onGone: (error) => void emit.fail(error),
          onEnd: (error) => void emit.fail(error)
        }),
      "unbounded"
    )

  // --- the first link, then the supervisor that reconnects ---------------------------------------------------
  const firstOpen = yield* Deferred.make<void, TransportError>()
  const supervisor = Effect.gen(function* () {
    const firstDrop = yield* Effect.either(runLink(Deferred.succeed(firstOpen, undefined)))
    if (Either.isLeft(firstDrop)) {
      yield* Deferred.fail(firstOpen, firstDrop.left)
      return yield* closeAll(firstDrop.left)
    }
    let cause = firstDrop.right
    const policy =
      options.reconnect === false
        ? undefined
        : (options.reconnect ?? defaultReconnect(yield* Deferred.await(windowKnown)))
    while (true) {
      yield* onDrop(cause)
      if (policy === undefined) return yield* closeAll(cause)
      const driver = yield* Schedule.driver(policy)
      const since = clock.unsafeCurrentTimeMillis()
      let attempt = 0
      let next: TransportError | undefined
      while (next === undefined) {
        const waited = yield* Effect.either(driver.next(cause))
        if (Either.isLeft(waited)) return yield* closeAll(cause)
        const gen = generation + 1
        const result = yield* Effect.either(runLink(reconnectAll(gen)))
        if (Either.isRight(result)) next = result.right
        else {
          attempt++
          cause = result.left
          yield* SubscriptionRef.set(
            state,
            ConnectionState.Reconnecting({ attempt, elapsed: clock.unsafeCurrentTimeMillis() - since, cause })
          )
        }
      }
      cause = next
    }
  })
  const windowKnown = yield* Deferred.make<Duration.Duration>()
  yield* Effect.addFinalizer(() => closeAll(undefined))
  yield* Effect.forkIn(detached(supervisor), scope)
  yield* Deferred.await(firstOpen)
  // The reconnect window comes from the server (`info`) unless a policy was given.
  // Asked in the background: `make` does not wait for it (a reconnect that comes first waits for the answer, or
  // for its failure, and then uses the 60 s default).
  if (options.reconnect === undefined && options.serverInfo !== false) {
    yield* send({ janus: "info" }).pipe(
      requestSpan("info", {}),
      Effect.option,
      Effect.flatMap((info) =>
        Deferred.succeed(windowKnown, reclaimWindow(Option.getOrUndefined(info) as Protocol.Reply, options.kind))
      ),
      detached,
      Effect.forkIn(scope)
    )
  } else yield* Deferred.succeed(windowKnown, reclaimWindow(undefined, options.kind))

  const transport: JanusTransport = {
    kind: options.kind,
    server: options.server,
    send,
    listen,
    sessionEvents,
    connection: state
  }
  transportKeepAlives.set(transport, makeKeepAlives(deadlines, clock))
  transportRegistrations.set(transport, { register, unregister: unlisten })
  return transport
})
