import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberId from "effect/FiberId"
import * as Queue from "effect/Queue"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"
import * as Take from "effect/Take"
import { isSessionId, type SessionId } from "../Ids.js"
import { SessionClosedError, TransportError } from "../JanusError.js"
import type { ConnectionState, JanusTransport, SendOptions } from "../JanusTransport.js"
import * as Protocol from "../Protocol.js"
import * as Transaction from "../Transaction.js"

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
  readonly deferred: Deferred.Deferred<Protocol.Reply, TransportError>
}

type Mailbox = Queue.Queue<Take.Take<Protocol.AsyncMessage, SessionClosedError>>

/** A transport over a duplex of text frames, and the hooks the frame source drives. */
export interface Framed {
  readonly transport: JanusTransport
  /** Handles one incoming frame: a reply resolves its request, an async message goes to its session. */
  readonly receive: (frame: string) => Effect.Effect<void>
  readonly opened: Effect.Effect<void>
  /** Fails every pending request and every session stream; later sends fail at once. */
  readonly closed: (error: TransportError) => Effect.Effect<void>
}

/**
 * Builds the correlation and routing shared by frame-based transports: a Map of pending transactions, one
 * mailbox per session (created when the session's `create` / `claim` succeeds, so nothing is lost before
 * its stream starts), and the connection state.
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

  const mailbox = (sessionId: number): Mailbox => {
    let box = mailboxes.get(sessionId)
    if (box === undefined) {
      // Created synchronously so that no frame can slip between the check and the insert.
      box = Effect.runSync(Queue.unbounded<Take.Take<Protocol.AsyncMessage, SessionClosedError>>())
      mailboxes.set(sessionId, box)
    }
    return box
  }

  const resolve = (message: Protocol.Reply) => {
    const entry = message.transaction === undefined ? undefined : pending.get(message.transaction)
    if (entry === undefined) {
      return Effect.logWarning("effect-janus: reply for an unknown transaction dropped", message)
    }
    pending.delete(message.transaction!)
    if (message.janus === "success") {
      // A `create` reply names its session only in `data.id` (no `session_id`); `claim` and `destroy` name theirs.
      const sessionId = entry.janus === "create" ? message.data?.id : (message.session_id ?? entry.sessionId)
      if (isSessionId(sessionId)) {
        if (entry.janus === "create" || entry.janus === "claim") mailbox(sessionId)
        else if (entry.janus === "destroy") endMailbox(sessionId, Take.end)
      }
    }
    return Deferred.succeed(entry.deferred, message)
  }

  const endMailbox = (sessionId: number, take: Take.Take<Protocol.AsyncMessage, SessionClosedError>) => {
    const box = mailboxes.get(sessionId)
    if (box !== undefined) {
      mailboxes.delete(sessionId)
      Queue.unsafeOffer(box, take)
    }
  }

  const pendingReplyOf = (json: unknown): Pending | undefined => {
    if (typeof json !== "object" || json === null) return undefined
    const { janus, transaction } = json as { readonly janus?: unknown; readonly transaction?: unknown }
    if (typeof transaction !== "string" || typeof janus !== "string" || !Protocol.replyTags.has(janus)) return undefined
    const entry = pending.get(transaction)
    if (entry !== undefined) pending.delete(transaction)
    return entry
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
      const entry = pendingReplyOf(json)
      return Effect.logWarning("effect-janus: undecodable frame dropped", error).pipe(
        Effect.zipRight(entry === undefined ? Effect.void : Deferred.fail(entry.deferred, error))
      )
    }
    const message = decoded.right
    if (Protocol.isReply(message)) return resolve(message)
    const box = mailboxes.get(message.session_id)
    if (box === undefined) {
      return Effect.logDebug("effect-janus: message for a session without a listener dropped", message)
    }
    Queue.unsafeOffer(box, Take.of(message))
    return Effect.void
  }

  const send = (request: Protocol.Request, sendOptions?: SendOptions): Effect.Effect<Protocol.Reply, TransportError> =>
    Effect.suspend(() => {
      if (closedWith !== undefined) return Effect.fail(closedWith)
      const transaction = nextTransaction()
      const wire: Record<string, unknown> = { ...request, transaction }
      if (apisecret !== undefined) wire.apisecret = apisecret
      if (token !== undefined) wire.token = token
      const deferred = Deferred.unsafeMake<Protocol.Reply, TransportError>(FiberId.none)
      const sessionId = "session_id" in request ? request.session_id : undefined
      pending.set(transaction, { janus: request.janus, sessionId, deferred })
      const timeout = sendOptions?.timeout === undefined ? defaultTimeout : Duration.decode(sendOptions.timeout)
      return options.write(JSON.stringify(wire)).pipe(
        Effect.zipRight(Deferred.await(deferred)),
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () =>
            new TransportError({
              reason: "timeout",
              message: `no reply to ${request.janus} within ${Duration.format(timeout)}`
            })
        }),
        Effect.ensuring(Effect.sync(() => pending.delete(transaction)))
      )
    })

  const sessionEvents = (sessionId: SessionId) =>
    Stream.unwrapScoped(
      Effect.acquireRelease(
        Effect.sync(() => {
          if (closedWith !== undefined) {
            return Stream.fail(new SessionClosedError({ sessionId, reason: "connection-lost", cause: closedWith }))
          }
          return Stream.flattenTake(Stream.fromQueue(mailbox(sessionId)))
        }),
        () => Effect.sync(() => mailboxes.delete(sessionId))
      )
    )

  const closed = (error: TransportError) =>
    Effect.suspend(() => {
      if (closedWith !== undefined) return Effect.void
      closedWith = error
      const waiting = [...pending.values()]
      pending.clear()
      for (const [sessionId, box] of mailboxes) {
        Queue.unsafeOffer(
          box,
          Take.fail(
            new SessionClosedError({ sessionId: sessionId as SessionId, reason: "connection-lost", cause: error })
          )
        )
      }
      mailboxes.clear()
      return Effect.forEach(waiting, (p) => Deferred.fail(p.deferred, error), { discard: true }).pipe(
        Effect.zipRight(SubscriptionRef.set(state, "closed"))
      )
    })

  const transport: JanusTransport = {
    kind: options.kind,
    send,
    sessionEvents,
    connection: state
  }
  const framed: Framed = {
    transport,
    receive,
    opened: SubscriptionRef.update(state, (s) => (s === "connecting" ? "connected" : s)),
    closed
  }
  return framed
})
