import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"
import * as Take from "effect/Take"
import { isSessionId, type SessionId } from "../Ids.js"
import { SessionClosedError, TransportError } from "../JanusError.js"
import type { ConnectionState, JanusTransport, SendOptions } from "../JanusTransport.js"
import * as Protocol from "../Protocol.js"
import * as Transaction from "../Transaction.js"
import { type Deadline, makeDeadlines } from "./deadlines.js"

/** Options shared by every frame-based transport (WebSocket, in-memory). */
export interface FramedOptions {
  readonly kind: string
  readonly apiSecret?: Redacted.Redacted<string> | undefined
  readonly token?: Redacted.Redacted<string> | undefined
  readonly requestTimeout?: Duration.DurationInput | undefined
  /** Writes one text frame. */
  readonly write: (frame: string) => Effect.Effect<void, TransportError>
}

interface Pending {
  readonly janus: string
  /** The session the request names (`claim`, `destroy`, …), if any. */
  readonly sessionId: number | undefined
  /** The wire frame, until the writer fiber takes it. */
  frame: string | undefined
  /** The outcome, once known; the waiting request's callback, once it waits. */
  exit: Exit.Exit<Protocol.Reply, TransportError> | undefined
  resume: ((exit: Exit.Exit<Protocol.Reply, TransportError>) => void) | undefined
  timer: Deadline | undefined
}

type SessionTake = Take.Take<Protocol.AsyncMessage, SessionClosedError>

/**
 * A direct consumer of one session's async messages, called synchronously and in arrival order when a frame is
 * received. The session uses it instead of `sessionEvents` when the transport offers it ({@link directEvents}):
 * a Stream per session costs a fiber, and a queue hop plus a channel run per message.
 */
export interface SessionSink {
  readonly onMessage: (message: Protocol.AsyncMessage) => void
  /** The session's messages are over: `undefined` after `destroy`, else why (`connection-lost`). */
  readonly onEnd: (error: SessionClosedError | undefined) => void
}

/** Key of the direct-delivery capability of frame-based transports (internal to the core, not in the API). */
const DirectEvents: unique symbol = Symbol.for("@effect-janus/core/internal/DirectEvents")

interface DirectEventsCapable {
  readonly [DirectEvents]: (sessionId: SessionId, sink: SessionSink) => Effect.Effect<void, never, Scope.Scope>
}

/**
 * The direct-delivery capability of `transport`, if it has one: attaches a sink to a session for the life of the
 * current scope, handing it first what was buffered since the `create` / `claim` reply. One consumer per session,
 * as with `sessionEvents`.
 */
export const directEvents = (transport: JanusTransport): DirectEventsCapable[typeof DirectEvents] | undefined =>
  (transport as Partial<DirectEventsCapable>)[DirectEvents]

/**
 * Where a session's messages go: buffered until a consumer attaches, then to its sink (the session's direct sink,
 * or the emitter of a `sessionEvents` stream).
 */
interface Mailbox {
  buffered: Array<SessionTake>
  sink: SessionSink | undefined
}

const toSink = (sink: SessionSink, take: SessionTake): void =>
  Take.match(take, {
    onEnd: () => sink.onEnd(undefined),
    onFailure: (cause) => {
      if (cause._tag === "Fail") sink.onEnd(cause.error)
    },
    onSuccess: (messages) => {
      for (const message of messages) sink.onMessage(message)
    }
  })

/** A transport over a duplex of text frames, and the hooks the frame source drives. */
export interface Framed {
  readonly transport: JanusTransport
  /**
   * Handles one incoming frame, synchronously: a reply resolves its request, an async message goes to its
   * session. Returns what is left to run: `Effect.void` (the same value) unless there is something to log.
   */
  readonly receive: (frame: string) => Effect.Effect<void>
  readonly opened: Effect.Effect<void>
  /** Fails every pending request and every session stream; later sends fail at once. */
  readonly closed: (error: TransportError) => Effect.Effect<void>
}

/**
 * Builds the correlation and routing shared by frame-based transports: a Map of pending transactions, one
 * mailbox per session (created when the session's `create` / `claim` succeeds, so nothing is lost before
 * its stream starts), and the connection state.
 *
 * The hot path forks no fiber per request: frames go out through one writer fiber, replies complete an
 * `Effect.async` callback, and timeouts come from one deadline fiber (see `deadlines.ts`).
 */
export const makeFramed = Effect.fnUntraced(function* (options: FramedOptions) {
  const pending = new Map<string, Pending>()
  const mailboxes = new Map<number, Mailbox>()
  const state = yield* SubscriptionRef.make<ConnectionState>("connecting")
  let closedWith: TransportError | undefined
  const nextTransaction = yield* Transaction.makeGenerator
  const defaultTimeout = Duration.decode(options.requestTimeout ?? "10 seconds")
  const apisecret = options.apiSecret === undefined ? undefined : Redacted.value(options.apiSecret)
  const token = options.token === undefined ? undefined : Redacted.value(options.token)
  const deadlines = yield* makeDeadlines

  /** Settles a pending request once: forgets it, cancels its deadline, wakes its waiter. */
  const settle = (transaction: string, entry: Pending, exit: Exit.Exit<Protocol.Reply, TransportError>) => {
    if (pending.get(transaction) === entry) pending.delete(transaction)
    if (entry.timer !== undefined) deadlines.cancel(entry.timer)
    entry.frame = undefined
    if (entry.exit !== undefined) return
    entry.exit = exit
    entry.resume?.(exit)
  }

  // Frames wait here for the writer fiber, so a request never blocks in `write` past its deadline and needs no
  // fiber of its own. A request that ends before its frame is written (timeout, interruption) is not written.
  const outbox: Array<readonly [string, Pending]> = []
  let writerWake: (() => void) | undefined
  const writerIdle = Effect.async<void>((resume) => {
    writerWake = () => {
      writerWake = undefined
      resume(Effect.void)
    }
    return Effect.sync(() => {
      writerWake = undefined
    })
  })
  const writeNext: Effect.Effect<void> = Effect.suspend(() => {
    const next = outbox.shift()
    if (next === undefined) return writerIdle
    const [transaction, entry] = next
    const frame = entry.frame
    if (frame === undefined) return Effect.void
    entry.frame = undefined
    return Effect.catchAll(options.write(frame), (error) =>
      Effect.sync(() => settle(transaction, entry, Exit.fail(error)))
    )
  })
  yield* Effect.forkScoped(Effect.forever(writeNext))

  const mailbox = (sessionId: number): Mailbox => {
    let box = mailboxes.get(sessionId)
    if (box === undefined) {
      // Created synchronously so that no frame can slip between the check and the insert.
      box = { buffered: [], sink: undefined }
      mailboxes.set(sessionId, box)
    }
    return box
  }

  /** Hands one take to the session's consumer, or buffers it until one attaches. */
  const deliver = (box: Mailbox, take: SessionTake): void => {
    if (box.sink !== undefined) toSink(box.sink, take)
    else box.buffered.push(take)
  }

  const resolve = (message: Protocol.Reply) => {
    const entry = message.transaction === undefined ? undefined : pending.get(message.transaction)
    if (entry === undefined) {
      return Effect.logWarning("effect-janus: reply for an unknown transaction dropped", message)
    }
    if (message.janus === "success") {
      // A `create` reply names its session only in `data.id` (no `session_id`); `claim` and `destroy` name theirs.
      const sessionId = entry.janus === "create" ? message.data?.id : (message.session_id ?? entry.sessionId)
      if (isSessionId(sessionId)) {
        if (entry.janus === "create" || entry.janus === "claim") mailbox(sessionId)
        else if (entry.janus === "destroy") endMailbox(sessionId, Take.end)
      }
    }
    settle(message.transaction!, entry, Exit.succeed(message))
    return Effect.void
  }

  const endMailbox = (sessionId: number, take: SessionTake) => {
    const box = mailboxes.get(sessionId)
    if (box !== undefined) {
      mailboxes.delete(sessionId)
      deliver(box, take)
    }
  }

  /** The transaction of a (malformed) reply to a pending request, if the frame names one. */
  const pendingReplyOf = (json: unknown): string | undefined => {
    if (typeof json !== "object" || json === null) return undefined
    const { janus, transaction } = json as { readonly janus?: unknown; readonly transaction?: unknown }
    if (typeof transaction !== "string" || typeof janus !== "string" || !Protocol.replyTags.has(janus)) return undefined
    return pending.has(transaction) ? transaction : undefined
  }

  const receive = (frame: string): Effect.Effect<void> => {
    let json: unknown
    try {
      json = JSON.parse(frame)
    } catch (cause) {
      return Effect.logWarning(
        "effect-janus: undecodable frame dropped",
        new TransportError({ reason: "decode", message: "frame is not JSON", cause })
      )
    }
    const decoded = Protocol.decodeIncoming(json)
    if (Either.isLeft(decoded)) {
      const error = new TransportError({
        reason: "decode",
        message: "frame does not match the Janus protocol",
        cause: decoded.left
      })
      // A malformed reply that names a pending request fails that request now rather than at its timeout.
      const transaction = pendingReplyOf(json)
      return Effect.logWarning("effect-janus: undecodable frame dropped", error).pipe(
        Effect.zipRight(
          Effect.sync(() => {
            const entry = transaction === undefined ? undefined : pending.get(transaction)
            if (entry !== undefined) settle(transaction!, entry, Exit.fail(error))
          })
        )
      )
    }
    const message = decoded.right
    if (Protocol.isReply(message)) return resolve(message)
    const box = mailboxes.get(message.session_id)
    if (box === undefined) {
      return Effect.logDebug("effect-janus: message for a session without a listener dropped", message)
    }
    deliver(box, Take.of(message))
    return Effect.void
  }

  const send = (request: Protocol.Request, sendOptions?: SendOptions): Effect.Effect<Protocol.Reply, TransportError> =>
    Effect.suspend(() => {
      if (closedWith !== undefined) return Effect.fail(closedWith)
      const transaction = nextTransaction()
      const wire: Record<string, unknown> = { ...request, transaction }
      if (apisecret !== undefined) wire.apisecret = apisecret
      if (token !== undefined) wire.token = token
      const sessionId = "session_id" in request ? request.session_id : undefined
      const entry: Pending = {
        janus: request.janus,
        sessionId,
        frame: JSON.stringify(wire),
        exit: undefined,
        resume: undefined,
        timer: undefined
      }
      pending.set(transaction, entry)
      const timeout = sendOptions?.timeout === undefined ? defaultTimeout : Duration.decode(sendOptions.timeout)
      // The deadline covers the write too, as `timeoutFail` around write + await did.
      entry.timer = deadlines.schedule(timeout, () =>
        settle(
          transaction,
          entry,
          Exit.fail(
            new TransportError({
              reason: "timeout",
              message: `no reply to ${request.janus} within ${Duration.format(timeout)}`
            })
          )
        )
      )
      outbox.push([transaction, entry])
      writerWake?.()
      return Effect.async<Protocol.Reply, TransportError>((resume) => {
        if (entry.exit !== undefined) return resume(entry.exit)
        entry.resume = resume
        return Effect.sync(() => {
          // Interrupted: forget the request (its frame is not written if it is still waiting).
          entry.resume = undefined
          settle(transaction, entry, Exit.interrupt(FiberId.none))
        })
      })
    })

  const attachSink = (sessionId: SessionId, sink: SessionSink): Effect.Effect<void, never, Scope.Scope> =>
    Effect.acquireRelease(
      Effect.sync(() => {
        if (closedWith !== undefined) {
          return sink.onEnd(new SessionClosedError({ sessionId, reason: "connection-lost", cause: closedWith }))
        }
        const box = mailbox(sessionId)
        const buffered = box.buffered
        box.buffered = []
        box.sink = sink
        for (const take of buffered) toSink(sink, take)
      }),
      () =>
        Effect.sync(() => {
          if (mailboxes.get(sessionId)?.sink === sink) mailboxes.delete(sessionId)
        })
    )

  // The one way to consume a session's messages; `sessionEvents` is the same sink behind a Stream.
  const sessionEvents = (sessionId: SessionId): Stream.Stream<Protocol.AsyncMessage, SessionClosedError> =>
    Stream.asyncScoped<Protocol.AsyncMessage, SessionClosedError>(
      (emit) =>
        attachSink(sessionId, {
          onMessage: (message) => void emit.single(message),
          onEnd: (error) => void (error === undefined ? emit.end() : emit.fail(error))
        }),
      "unbounded"
    )

  const closed = (error: TransportError) =>
    Effect.suspend(() => {
      if (closedWith !== undefined) return Effect.void
      closedWith = error
      const waiting = [...pending]
      const boxes = [...mailboxes]
      mailboxes.clear()
      for (const [sessionId, box] of boxes) {
        deliver(
          box,
          Take.fail(
            new SessionClosedError({ sessionId: sessionId as SessionId, reason: "connection-lost", cause: error })
          )
        )
      }
      for (const [transaction, entry] of waiting) settle(transaction, entry, Exit.fail(error))
      return SubscriptionRef.set(state, "closed")
    })

  const transport: JanusTransport & DirectEventsCapable = {
    kind: options.kind,
    send,
    sessionEvents,
    connection: state,
    [DirectEvents]: attachSink
  }
  const framed: Framed = {
    transport,
    receive,
    opened: SubscriptionRef.update(state, (s) => (s === "connecting" ? "connected" : s)),
    closed
  }
  return framed
})
