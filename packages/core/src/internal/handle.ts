import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as PubSub from "effect/PubSub"
import type * as Queue from "effect/Queue"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Take from "effect/Take"
import type { HandleId, SessionId } from "../Ids.js"
import { JanusApiError, PluginError, type SessionClosedError, type TransportError } from "../JanusError.js"
import type { SendOptions } from "../JanusTransport.js"
import type { HandleRequestError, MessageOptions, PluginHandle, PluginResponse, TrickleInput } from "../PluginHandle.js"
import type * as Protocol from "../Protocol.js"
import type { AttachOptions } from "../Session.js"
import { transportError } from "./errors.js"
import { requestSpan } from "./tracing.js"

/** The per-handle message hub of a session: every subscriber sees the handle's messages from then on. */
export type Hub = PubSub.PubSub<Take.Take<Protocol.HandleMessage, SessionClosedError>>

/** A handle as its session routes it; `id` changes only when the session is re-created. */
export interface HandleEntry {
  id: HandleId
  readonly plugin: string
  readonly opaqueId: string | undefined
  /** Made by the first subscriber (`events`, `subscribe`): a handle nobody listens to has none. */
  hub: Hub | undefined
  refs: number
  resync: AttachOptions["resync"]
  handle: PluginHandle | undefined
}

/** What a handle needs from its session. */
export interface HandleHost {
  /** The session's current id. */
  readonly sessionId: () => SessionId
  readonly eventTimeout: Duration.Duration
  /** Sends a request of this session; fails with `SessionClosedError` once the session is over. */
  readonly request: (
    request: Protocol.Request,
    options?: SendOptions
  ) => Effect.Effect<Protocol.Reply | Protocol.PluginEvent, TransportError | SessionClosedError>
  /**
   * Drops one reference to the handle; the last one removes its route and ends its streams. `kept`: the handle
   * was abandoned, not detached (it stays on the server).
   */
  readonly release: (entry: HandleEntry, kept: boolean) => Effect.Effect<void>
  /** Subscribes to the handle's hub (making it on first use), failing at once when the session is already over. */
  readonly subscribe: (
    entry: HandleEntry
  ) => Effect.Effect<
    Queue.Dequeue<Take.Take<Protocol.HandleMessage, SessionClosedError>>,
    SessionClosedError,
    Scope.Scope
  >
}

export const apiError = (request: string, reply: Protocol.ErrorReply) =>
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
const expectOk = (request: string) => (reply: Protocol.Reply | Protocol.PluginEvent) =>
  reply.janus === "error" ? Effect.fail(apiError(request, reply)) : Effect.void

/**
 * A handle: a class, so that its getters and helpers live on the prototype — a session with a handle used to be
 * ~60 closures and their contexts. `message` and `trickle` stay per-instance functions: callers may pass them around
 * unbound. Effects (`hangup`, `detach`, `subscribe`) are built on each access.
 */
class Handle implements PluginHandle {
  /** Set once the handle is detached or its scope released it: later `events` runs end at once. */
  detached = false
  /** Set once a `detach` succeeded. */
  gone = false
  /** Built on first access: most handles are never listened to. */
  private stream: Stream.Stream<Protocol.HandleMessage, SessionClosedError> | undefined
  readonly plugin: string
  constructor(
    readonly host: HandleHost,
    readonly entry: HandleEntry
  ) {
    this.plugin = entry.plugin
  }

  get id() {
    return this.entry.id
  }

  get sessionId() {
    return this.host.sessionId()
  }

  ids() {
    return { session_id: this.host.sessionId(), handle_id: this.entry.id }
  }

  span(request: string) {
    return requestSpan(request, { sessionId: this.host.sessionId(), handleId: this.entry.id, plugin: this.plugin })
  }

  readonly message = (body: Readonly<Record<string, unknown>>, jsep?: Protocol.Jsep, options?: MessageOptions) =>
    Effect.suspend(() => {
      const request: Protocol.Request =
        jsep === undefined
          ? { janus: "message", ...this.ids(), body: body as Record<string, unknown> }
          : { janus: "message", ...this.ids(), body: body as Record<string, unknown>, jsep }
      const awaitEvent = options?.timeout === undefined ? this.host.eventTimeout : Duration.decode(options.timeout)
      const plugin = this.plugin
      // One correlator answers: the `success` of a synchronous request, or the `event` of our transaction (which
      // may come before the `ack`: it is matched either way).
      return Effect.flatMap(
        this.span("message")(this.host.request(request, { awaitEvent })),
        (reply): Effect.Effect<PluginResponse, PluginError | HandleRequestError> => {
          switch (reply.janus) {
            case "error":
              return Effect.fail(apiError("message", reply))
            case "success":
              if (reply.plugindata === undefined) return Effect.succeed({ kind: "success", plugin, data: {} })
              return toResponse("success", reply.plugindata, undefined)
            case "event":
              return toResponse("event", reply.plugindata, reply.jsep)
            default:
              return Effect.fail(
                transportError({ reason: "decode", message: `unexpected ${reply.janus} reply to a message` })
              )
          }
        }
      )
    })

  readonly trickle = (input: TrickleInput) =>
    Effect.suspend(() => {
      const request: Protocol.Request =
        input === null
          ? { janus: "trickle", ...this.ids(), candidate: { completed: true } }
          : Array.isArray(input)
            ? { janus: "trickle", ...this.ids(), candidates: input as ReadonlyArray<Protocol.Candidate> }
            : { janus: "trickle", ...this.ids(), candidate: input as Protocol.Candidate | Protocol.CandidatesCompleted }
      return Effect.flatMap(this.span("trickle")(this.host.request(request)), expectOk("trickle"))
    })

  get hangup() {
    return Effect.suspend(() =>
      Effect.flatMap(this.span("hangup")(this.host.request({ janus: "hangup", ...this.ids() })), expectOk("hangup"))
    )
  }

  detachWith(sendOptions?: SendOptions) {
    return Effect.suspend(() => {
      if (this.detached) return Effect.void
      return this.host.request({ janus: "detach", ...this.ids() }, sendOptions).pipe(
        this.span("detach"),
        Effect.flatMap((reply) =>
          // 459: the server already dropped the handle (e.g. `detached` came first); the goal is reached.
          reply.janus === "error" && reply.error.code !== 459 ? Effect.fail(apiError("detach", reply)) : Effect.void
        ),
        Effect.zipRight(
          Effect.sync(() => {
            this.detached = true
            this.gone = true
            this.entry.hub?.unsafeOffer(Take.end)
          })
        )
      )
    })
  }

  get detach() {
    return this.detachWith()
  }

  get subscribe() {
    return Effect.map(this.host.subscribe(this.entry), (queue) =>
      this.detached ? Stream.empty : Stream.flattenTake(Stream.fromQueue(queue))
    )
  }

  get events() {
    this.stream ??= Stream.unwrapScoped(this.subscribe)
    return this.stream
  }

  /** The scope's finalizer: detaches (when `detachOnClose`), then releases the entry. */
  close(detachOnClose: boolean) {
    return (
      detachOnClose
        ? // Bounded by the request's own 5 s deadline rather than `Effect.timeout` (which forks two fibers).
          this.detachWith({ timeout: "5 seconds" }).pipe(
            Effect.catchAllCause((cause) => Effect.logDebug("effect-janus: detach on scope close failed", cause))
          )
        : Effect.void
    ).pipe(
      Effect.zipRight(
        Effect.sync(() => {
          this.detached = true
        })
      ),
      Effect.zipRight(Effect.suspend(() => this.host.release(this.entry, !this.gone)))
    )
  }
}

/**
 * Builds a handle on a registered entry. The handle's scope finalizer detaches it when `detachOnClose` is true,
 * then releases the entry.
 */
export const makeHandle = (
  host: HandleHost,
  entry: HandleEntry,
  detachOnClose: boolean
): Effect.Effect<PluginHandle, never, Scope.Scope> =>
  Effect.scopeWith((scope) => {
    const handle = new Handle(host, entry)
    // On the scope itself (no copy of the caller's FiberRefs per handle, as `Effect.addFinalizer` keeps): the detach
    // on close is a span of the fiber that closes the scope.
    return Effect.as(
      Scope.addFinalizerExit(scope, () => handle.close(detachOnClose)),
      handle
    )
  })

/** Exposed for `Session.attach` and re-creation. */
export const attachRequest = (sessionId: SessionId, plugin: string, opaqueId: string | undefined): Protocol.Request =>
  opaqueId === undefined
    ? { janus: "attach", session_id: sessionId, plugin }
    : { janus: "attach", session_id: sessionId, plugin, opaque_id: opaqueId }
