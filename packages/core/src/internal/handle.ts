import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as PubSub from "effect/PubSub"
import type * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Take from "effect/Take"
import type { HandleId, SessionId } from "../Ids.js"
import { JanusApiError, PluginError, type SessionClosedError, TransportError } from "../JanusError.js"
import type { SendOptions } from "../JanusTransport.js"
import type { HandleRequestError, MessageOptions, PluginHandle, PluginResponse, TrickleInput } from "../PluginHandle.js"
import type * as Protocol from "../Protocol.js"
import type { Deadline, Deadlines } from "./deadlines.js"

/** The per-handle message hub of a session: every subscriber sees the handle's messages from then on. */
export type Hub = PubSub.PubSub<Take.Take<Protocol.HandleMessage, SessionClosedError>>

/** What a handle needs from its session. */
export interface HandleHost {
  readonly sessionId: SessionId
  readonly eventTimeout: Duration.Duration
  /** Sends a request of this session; fails with `SessionClosedError` once the session is over. */
  readonly request: (
    request: Protocol.Request,
    options?: SendOptions
  ) => Effect.Effect<Protocol.Reply, TransportError | SessionClosedError>
  /**
   * Registers a handle id (reference-counted) and returns its hub and its listeners: the session calls each
   * listener synchronously and in order for each of the handle's messages, before the hub's subscribers see it.
   */
  readonly register: (handleId: HandleId) => Effect.Effect<HandleRoute, SessionClosedError>
  /** Drops one reference to the handle; the last one removes its route and ends its streams. */
  readonly unregister: (handleId: HandleId) => Effect.Effect<void>
  /** The session's deadlines, for event timeouts (started on first use, in the session's scope). */
  readonly deadlines: Effect.Effect<Deadlines>
  /** Subscribes to a hub, failing at once when the session is already over. */
  readonly subscribe: (
    hub: Hub
  ) => Effect.Effect<
    Queue.Dequeue<Take.Take<Protocol.HandleMessage, SessionClosedError>>,
    SessionClosedError,
    Scope.Scope
  >
}

const apiError = (request: string, reply: Protocol.ErrorReply) =>
  new JanusApiError({ request, code: reply.error.code, reason: reply.error.reason })

/** Fails with `PluginError` when plugindata carries `error_code`, else builds the response. */
const toResponse = (
  kind: PluginResponse["kind"],
  plugindata: Protocol.PluginData,
  jsep: Protocol.Jsep | undefined
): Effect.Effect<PluginResponse, PluginError> => {
  const code = plugindata.data.error_code
  if (typeof code === "number") {
    const reason = plugindata.data.error
    return Effect.fail(
      new PluginError({ plugin: plugindata.plugin, code, reason: typeof reason === "string" ? reason : String(reason) })
    )
  }
  return Effect.succeed(
    jsep === undefined
      ? { kind, plugin: plugindata.plugin, data: plugindata.data }
      : { kind, plugin: plugindata.plugin, data: plugindata.data, jsep }
  )
}

/** Expects a plain `ack` or `success`; maps `error` to `JanusApiError`. */
const expectOk = (request: string) => (reply: Protocol.Reply) =>
  reply.janus === "error" ? Effect.fail(apiError(request, reply)) : Effect.void

/** Where the session delivers one handle's messages: its hub (streams) and its listeners (`message` waiters). */
export interface HandleRoute {
  readonly hub: Hub
  readonly listeners: Set<HandleListener>
}

/**
 * A synchronous observer of one handle's messages, called by the session as each message is dispatched.
 * `onEnd` marks the end of the handle's stream: `undefined` after `detached`, `detach`, the handle's release or
 * the session's destruction; the session's error when it failed.
 */
export interface HandleListener {
  readonly onMessage: (message: Protocol.HandleMessage) => void
  readonly onEnd: (error: SessionClosedError | undefined) => void
}

type EventExit = Exit.Exit<Protocol.PluginEvent, SessionClosedError | TransportError>

/**
 * One `message` waiting for its plugin event. It listens from before the request is sent, because the event
 * can arrive before the `ack` that tells its transaction: until then, events that carry a transaction are kept.
 */
interface Waiter {
  transaction: string | undefined
  early: Array<Protocol.PluginEvent> | undefined
  /** The end of the handle's stream, when it came before the transaction was known. */
  endedEarly: EventExit | undefined
  exit: EventExit | undefined
  resume: ((exit: EventExit) => void) | undefined
  timer: Deadline | undefined
}

const detachedBeforeAnswer = () =>
  new TransportError({ reason: "closed", message: "handle detached before the plugin answered" })

/**
 * Builds a handle on a registered id. The handle's scope finalizer detaches it when `detachOnClose` is true.
 */
export const makeHandle = Effect.fnUntraced(function* (
  host: HandleHost,
  plugin: string,
  handleId: HandleId,
  detachOnClose: boolean
) {
  const ids = { session_id: host.sessionId, handle_id: handleId } as const
  // Set once the handle is detached or its scope released it: later `events` runs end at once.
  let detached = false

  // `message` waits for its event through a listener and a deadline rather than a hub subscription and
  // `Effect.timeoutFail`: a scoped subscription and a two-fiber race per message were most of its cost.
  // The listener is in the route only while a message waits, like the hub subscription it replaces.
  const waiters = new Set<Waiter>()
  let deadlinesInUse: Deadlines | undefined
  const forget = (waiter: Waiter) => {
    if (waiters.delete(waiter) && waiters.size === 0) listeners.delete(listener)
  }
  const complete = (waiter: Waiter, exit: EventExit) => {
    if (waiter.exit !== undefined) return
    waiter.exit = exit
    waiter.early = undefined
    forget(waiter)
    if (waiter.timer !== undefined) deadlinesInUse?.cancel(waiter.timer)
    waiter.resume?.(exit)
  }
  const listener: HandleListener = {
    onMessage: (message) => {
      if (message.janus !== "event" || message.transaction === undefined) return
      for (const waiter of waiters) {
        if (waiter.transaction === message.transaction) complete(waiter, Exit.succeed(message))
        else if (waiter.transaction === undefined && waiter.endedEarly === undefined) {
          if (waiter.early === undefined) waiter.early = [message]
          else waiter.early.push(message)
        }
      }
    },
    onEnd: (error) => {
      if (waiters.size === 0) return
      const exit: EventExit = Exit.fail(error ?? detachedBeforeAnswer())
      for (const waiter of waiters) {
        if (waiter.transaction !== undefined) complete(waiter, exit)
        else waiter.endedEarly ??= exit
      }
    }
  }
  const { hub, listeners } = yield* host.register(handleId)

  /** Waits for the event of `transaction` (which may have come already), up to `timeout`. */
  const awaitEvent = (waiter: Waiter, transaction: string, timeout: Duration.Duration) =>
    Effect.suspend((): Effect.Effect<Protocol.PluginEvent, SessionClosedError | TransportError> => {
      waiter.transaction = transaction
      const early = waiter.early?.find((event) => event.transaction === transaction)
      if (early !== undefined) complete(waiter, Exit.succeed(early))
      else if (waiter.endedEarly !== undefined) complete(waiter, waiter.endedEarly)
      waiter.early = undefined
      if (waiter.exit !== undefined) return waiter.exit
      return Effect.flatMap(host.deadlines, (deadlines) =>
        Effect.async<Protocol.PluginEvent, SessionClosedError | TransportError>((resume) => {
          if (waiter.exit !== undefined) return resume(waiter.exit)
          deadlinesInUse = deadlines
          waiter.resume = resume
          waiter.timer = deadlines.schedule(timeout, () =>
            complete(
              waiter,
              Exit.fail(
                new TransportError({
                  reason: "timeout",
                  message: `no ${plugin} event for the message within ${Duration.format(timeout)}`
                })
              )
            )
          )
          return Effect.sync(() => {
            waiter.resume = undefined
            if (waiter.timer !== undefined) deadlines.cancel(waiter.timer)
          })
        })
      )
    })

  const message = (body: Readonly<Record<string, unknown>>, jsep?: Protocol.Jsep, options?: MessageOptions) =>
    Effect.suspend(() => {
      // Listening starts before the request is sent: the event can come before the ack.
      const waiter: Waiter = {
        transaction: undefined,
        early: undefined,
        endedEarly: undefined,
        exit: undefined,
        resume: undefined,
        timer: undefined
      }
      waiters.add(waiter)
      listeners.add(listener)
      return host
        .request(
          jsep === undefined
            ? { janus: "message", ...ids, body: body as Record<string, unknown> }
            : { janus: "message", ...ids, body: body as Record<string, unknown>, jsep }
        )
        .pipe(
          Effect.flatMap((reply): Effect.Effect<PluginResponse, PluginError | HandleRequestError> => {
            switch (reply.janus) {
              case "error":
                return Effect.fail(apiError("message", reply))
              case "success":
                if (reply.plugindata === undefined) return Effect.succeed({ kind: "success", plugin, data: {} })
                return toResponse("success", reply.plugindata, undefined)
              case "ack": {
                const timeout = options?.timeout === undefined ? host.eventTimeout : Duration.decode(options.timeout)
                return Effect.flatMap(awaitEvent(waiter, reply.transaction, timeout), (event) =>
                  toResponse("event", event.plugindata, event.jsep)
                )
              }
              default:
                return Effect.fail(
                  new TransportError({ reason: "decode", message: `unexpected ${reply.janus} reply to a message` })
                )
            }
          }),
          Effect.ensuring(Effect.sync(() => forget(waiter)))
        )
    })

  const trickle = (input: TrickleInput) => {
    const request: Protocol.Request =
      input === null
        ? { janus: "trickle", ...ids, candidate: { completed: true } }
        : Array.isArray(input)
          ? { janus: "trickle", ...ids, candidates: input as ReadonlyArray<Protocol.Candidate> }
          : { janus: "trickle", ...ids, candidate: input as Protocol.Candidate | Protocol.CandidatesCompleted }
    return Effect.flatMap(host.request(request), expectOk("trickle"))
  }

  const hangup = Effect.flatMap(host.request({ janus: "hangup", ...ids }), expectOk("hangup"))

  const detachWith = (sendOptions?: SendOptions) =>
    Effect.suspend(() => {
      if (detached) return Effect.void
      return host.request({ janus: "detach", ...ids }, sendOptions).pipe(
        Effect.flatMap((reply) =>
          // 459: the server already dropped the handle (e.g. `detached` came first); the goal is reached.
          reply.janus === "error" && reply.error.code !== 459 ? Effect.fail(apiError("detach", reply)) : Effect.void
        ),
        Effect.zipRight(
          Effect.sync(() => {
            detached = true
            for (const l of listeners) l.onEnd(undefined)
            hub.unsafeOffer(Take.end)
          })
        )
      )
    })
  const detach = detachWith()

  const subscribe = Effect.map(host.subscribe(hub), (queue) =>
    detached ? Stream.empty : Stream.flattenTake(Stream.fromQueue(queue))
  )
  const events: Stream.Stream<Protocol.HandleMessage, SessionClosedError> = Stream.unwrapScoped(subscribe)

  yield* Effect.addFinalizer(() =>
    (detachOnClose
      ? // Bounded by the request's own 5 s deadline rather than `Effect.timeout` (which forks two fibers).
        detachWith({ timeout: "5 seconds" }).pipe(
          Effect.catchAllCause((cause) => Effect.logDebug("effect-janus: detach on scope close failed", cause))
        )
      : Effect.void
    ).pipe(
      Effect.zipRight(
        Effect.sync(() => {
          detached = true
        })
      ),
      Effect.zipRight(host.unregister(handleId))
    )
  )

  const handle: PluginHandle = {
    id: handleId,
    sessionId: host.sessionId,
    plugin,
    message: (body, jsep, options) => message(body, jsep, options),
    trickle,
    hangup,
    detach,
    events,
    subscribe
  }
  return handle
})

/** Exposed for `Session.attach`. */
export const attachRequest = (sessionId: SessionId, plugin: string, opaqueId: string | undefined): Protocol.Request =>
  opaqueId === undefined
    ? { janus: "attach", session_id: sessionId, plugin }
    : { janus: "attach", session_id: sessionId, plugin, opaque_id: opaqueId }
