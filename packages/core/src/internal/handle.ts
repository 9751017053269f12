import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as PubSub from "effect/PubSub"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Take from "effect/Take"
import type { HandleId, SessionId } from "../Ids.js"
import { JanusApiError, PluginError, type SessionClosedError, TransportError } from "../JanusError.js"
import type { SendOptions } from "../JanusTransport.js"
import type { MessageOptions, PluginHandle, PluginResponse, TrickleInput } from "../PluginHandle.js"
import type * as Protocol from "../Protocol.js"

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
  /** Registers a handle id (reference-counted) and returns its hub. */
  readonly register: (handleId: HandleId) => Effect.Effect<Hub, SessionClosedError>
  /** Drops one reference to the handle; the last one removes its hub. */
  readonly unregister: (handleId: HandleId) => Effect.Effect<void>
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

/** Waits in a subscription for the `event` carrying `transaction`. */
const awaitEvent = (
  queue: Queue.Dequeue<Take.Take<Protocol.HandleMessage, SessionClosedError>>,
  transaction: string
): Effect.Effect<Protocol.PluginEvent, SessionClosedError | TransportError> => {
  const loop: Effect.Effect<Protocol.PluginEvent, SessionClosedError | TransportError> = Effect.flatMap(
    Queue.take(queue),
    (take) =>
      Take.match(take, {
        onEnd: () =>
          Effect.fail(new TransportError({ reason: "closed", message: "handle detached before the plugin answered" })),
        onFailure: (cause) => Effect.failCause(cause),
        onSuccess: (messages) => {
          for (const message of messages) {
            if (message.janus === "event" && message.transaction === transaction) return Effect.succeed(message)
          }
          return loop
        }
      })
  )
  return loop
}

/**
 * Builds a handle on a registered id. The handle's scope finalizer detaches it when `detachOnClose` is true.
 */
export const makeHandle = Effect.fnUntraced(function* (
  host: HandleHost,
  plugin: string,
  handleId: HandleId,
  detachOnClose: boolean
) {
  const hub = yield* host.register(handleId)
  const ids = { session_id: host.sessionId, handle_id: handleId } as const
  // Set once the handle is detached or its scope released it: later `events` runs end at once.
  let detached = false

  const message = (body: Readonly<Record<string, unknown>>, jsep?: Protocol.Jsep, options?: MessageOptions) =>
    Effect.scoped(
      Effect.gen(function* () {
        const queue = yield* host.subscribe(hub)
        const reply = yield* host.request(
          jsep === undefined
            ? { janus: "message", ...ids, body: body as Record<string, unknown> }
            : { janus: "message", ...ids, body: body as Record<string, unknown>, jsep }
        )
        switch (reply.janus) {
          case "error":
            return yield* Effect.fail(apiError("message", reply))
          case "success":
            if (reply.plugindata === undefined) return { kind: "success", plugin, data: {} } satisfies PluginResponse
            return yield* toResponse("success", reply.plugindata, undefined)
          case "ack": {
            const timeout = options?.timeout === undefined ? host.eventTimeout : Duration.decode(options.timeout)
            const event = yield* awaitEvent(queue, reply.transaction).pipe(
              Effect.timeoutFail({
                duration: timeout,
                onTimeout: () =>
                  new TransportError({
                    reason: "timeout",
                    message: `no ${plugin} event for the message within ${Duration.format(timeout)}`
                  })
              })
            )
            return yield* toResponse("event", event.plugindata, event.jsep)
          }
          default:
            return yield* Effect.fail(
              new TransportError({ reason: "decode", message: `unexpected ${reply.janus} reply to a message` })
            )
        }
      })
    )

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

  const detach = Effect.suspend(() => {
    if (detached) return Effect.void
    return host.request({ janus: "detach", ...ids }).pipe(
      Effect.flatMap((reply) =>
        // 459: the server already dropped the handle (e.g. `detached` came first); the goal is reached.
        reply.janus === "error" && reply.error.code !== 459 ? Effect.fail(apiError("detach", reply)) : Effect.void
      ),
      Effect.zipRight(
        Effect.sync(() => {
          detached = true
        })
      ),
      Effect.zipRight(PubSub.publish(hub, Take.end))
    )
  })

  const subscribe = Effect.map(host.subscribe(hub), (queue) =>
    detached ? Stream.empty : Stream.flattenTake(Stream.fromQueue(queue))
  )
  const events: Stream.Stream<Protocol.HandleMessage, SessionClosedError> = Stream.unwrapScoped(subscribe)

  yield* Effect.addFinalizer(() =>
    (detachOnClose
      ? detach.pipe(
          Effect.timeout("5 seconds"),
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
