/**
 * An in-memory `JanusTransport` with a scriptable server side, for unit tests of code that uses Janus — ours and
 * yours. Frames go through the same JSON encoding, decoding and transaction correlation as the WebSocket
 * transport, so ordering, garbage frames and dropped connections can be tested without a server.
 *
 * @example
 * ```ts
 * import { InMemoryTransport, Session } from "@effect-janus/core"
 * import { Effect } from "effect"
 *
 * // A session and a handle against `fakeJanus`, with no server and no network.
 * const program = Effect.gen(function* () {
 *   const server = yield* InMemoryTransport.InMemoryServer
 *   yield* server.serve(InMemoryTransport.fakeJanus()) // or answer `server.takeRequest` by hand with `server.push`
 *   const session = yield* Session.make()
 *   const handle = yield* session.attach("janus.plugin.echotest")
 *   const answer = yield* handle.message({ audio: true })
 *   assert.deepStrictEqual(answer.data, { echo: { audio: true } })
 *   const sent = yield* server.requests
 *   assert.deepStrictEqual(
 *     sent.map((request) => request.janus),
 *     ["create", "attach", "message"]
 *   )
 * })
 *
 * Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(InMemoryTransport.layer())))
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Queue from "effect/Queue"
import type * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Connection from "./Connection.js"
import { TransportError } from "./JanusError.js"
import { JanusTransport } from "./JanusTransport.js"
import * as Protocol from "./Protocol.js"

/**
 * The server side of an in-memory transport, for tests: read what the client sent (`takeRequest`, `requests`), answer
 * or push any frame (`push`), and break the link on purpose (`drop`, `freeze`, availability) to exercise reconnection
 * without a real Janus or a network.
 *
 * @since 0.1.0
 * @category models
 */
export interface InMemoryServer {
  /** The next request the client sent, decoded (with `transaction`, `apisecret`, `token`). Waits for one. */
  readonly takeRequest: Effect.Effect<Protocol.WireRequest>
  /** Every request the client has sent so far, in order. */
  readonly requests: Effect.Effect<ReadonlyArray<Protocol.WireRequest>>
  /** Sends one frame to the client: a string as is (garbage welcome), anything else JSON-encoded. */
  readonly push: (frame: unknown) => Effect.Effect<void>
  /**
   * Drops the current link, as a reset connection: requests already written fail with `TransportError` `closed`;
   * with `reconnect` the client opens a new link (when the server is {@link InMemoryServer.setAvailable available}),
   * else sessions end with `connection-lost`.
   */
  readonly drop: Effect.Effect<void>
  /**
   * Freezes the current link, as a dead NAT mapping: nothing the client writes arrives and nothing pushed is
   * delivered, and no close is reported — only the client's liveness check can notice. A `drop` ends it.
   */
  readonly freeze: Effect.Effect<void>
  /** Whether new links can open (default true); a refused link fails with `TransportError` `connect`. */
  readonly setAvailable: (available: boolean) => Effect.Effect<void>
  /** How many links the client opened so far (1 before any reconnect). */
  readonly links: Effect.Effect<number>
  /**
   * Answers every request with the frames `handler` returns, in a fiber of the current scope. Requests already
   * taken with `takeRequest` are not seen by it.
   */
  readonly serve: (
    handler: (request: Protocol.WireRequest) => Effect.Effect<ReadonlyArray<unknown>>
  ) => Effect.Effect<void, never, Scope.Scope>
}

/**
 * The `InMemoryServer` Tag, provided by {@link layer} next to the transport.
 *
 * @since 0.1.0
 * @category tags
 */
export const InMemoryServer: Context.Tag<InMemoryServer, InMemoryServer> = Context.GenericTag<InMemoryServer>(
  "@effect-janus/core/InMemoryServer"
)

/**
 * Options of {@link make}: the secrets added to every request (`Redacted` or plain strings), the request timeout
 * (default 10 s), and the connection policies of `Connection.Options` — off by default here, so that a scripted
 * server sees only the requests a test expects: `reconnect` (default `false`) and `liveness` (default `false`).
 *
 * @since 0.1.0
 * @category models
 */
export interface InMemoryOptions {
  readonly apiSecret?: Redacted.Redacted<string> | string | undefined
  readonly token?: Redacted.Redacted<string> | string | undefined
  readonly requestTimeout?: Duration.DurationInput | undefined
  readonly reconnect?: Schedule.Schedule<unknown, TransportError> | false | undefined
  readonly liveness?: Duration.DurationInput | false | undefined
}

const decodeRequest = Schema.decodeUnknownSync(Protocol.WireRequest)

/**
 * Makes a connected in-memory transport and its server side. The connection closes with the scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fn("InMemoryTransport.make")(function* (options?: InMemoryOptions) {
  const inbox = yield* Queue.unbounded<Protocol.WireRequest>()
  const log: Array<Protocol.WireRequest> = []
  let available = true
  let links = 0
  /** The current link's hooks: its receiver, and whether it is frozen. */
  let current: { readonly receiver: Connection.Receiver; frozen: boolean } | undefined
  // The first link always opens (the server starts available), so `make` cannot fail.
  const connection = yield* Effect.orDie(
    Connection.make({
      kind: "memory",
      server: "memory://janus",
      apiSecret: options?.apiSecret,
      token: options?.token,
      requestTimeout: options?.requestTimeout,
      reconnect: options?.reconnect ?? false,
      liveness: options?.liveness ?? false,
      serverInfo: false,
      connect: (receiver) =>
        Effect.suspend(() => {
          if (!available) {
            return Effect.fail(new TransportError({ reason: "connect", message: "in-memory server unavailable" }))
          }
          links++
          const link = { receiver, frozen: false }
          current = link
          return Effect.as(
            Effect.addFinalizer(() =>
              Effect.sync(() => {
                if (current === link) current = undefined
              })
            ),
            {
              write: (frame: string) =>
                Effect.suspend(() => {
                  if (current !== link)
                    return Effect.fail(new TransportError({ reason: "write", message: "link gone" }))
                  if (link.frozen) return Effect.void
                  const request = decodeRequest(JSON.parse(frame))
                  log.push(request)
                  return Queue.offer(inbox, request)
                })
            }
          )
        })
    })
  )
  const drop = Effect.sync(() => {
    current?.receiver.closed(new TransportError({ reason: "closed", message: "in-memory connection dropped" }))
  })

  const push = (frame: unknown) =>
    Effect.sync(() => {
      if (current !== undefined && !current.frozen) {
        current.receiver.receive(typeof frame === "string" ? frame : JSON.stringify(frame))
      }
    })

  const server: InMemoryServer = {
    takeRequest: Queue.take(inbox),
    requests: Effect.sync(() => [...log]),
    push,
    drop,
    freeze: Effect.sync(() => {
      if (current !== undefined) current.frozen = true
    }),
    setAvailable: (value) =>
      Effect.sync(() => {
        available = value
      }),
    links: Effect.sync(() => links),
    serve: (handler) =>
      Queue.take(inbox).pipe(
        Effect.flatMap(handler),
        Effect.flatMap((frames) => Effect.forEach(frames, push, { discard: true })),
        Effect.forever,
        Effect.forkScoped,
        Effect.asVoid
      )
  }
  return { transport: connection, server }
})

/**
 * A Layer providing an in-memory `JanusTransport` and its `InMemoryServer`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: InMemoryOptions): Layer.Layer<JanusTransport | InMemoryServer> =>
  Layer.scopedContext(
    Effect.map(make(options), ({ server, transport }) =>
      Context.make(JanusTransport, transport).pipe(Context.add(InMemoryServer, server))
    )
  )

/**
 * A small stand-in for Janus, to `serve` with: answers `create` (ids from 1), `claim` (458 for unknown ids),
 * `keepalive` (ack), `attach`, `detach` (`detached` then `success`), `destroy`, `hangup`, `trickle`, `info`,
 * `ping`, and `message` with an `ack` followed by an `event` whose data is `{ echo: body }`. State lives in the
 * returned handler. Unknown session → 458, unknown handle → 459.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fakeJanus = (): ((request: Protocol.WireRequest) => Effect.Effect<ReadonlyArray<unknown>>) => {
  const sessions = new Map<number, Map<number, string>>()
  let nextId = 1
  return (request) =>
    Effect.sync(() => {
      const transaction = request.transaction
      const error = (code: number, reason: string, sessionId?: number) => [
        {
          janus: "error",
          transaction,
          ...(sessionId === undefined ? {} : { session_id: sessionId }),
          error: { code, reason }
        }
      ]
      if (request.janus === "create") {
        const id = nextId++
        sessions.set(id, new Map())
        return [{ janus: "success", transaction, data: { id } }]
      }
      if (request.janus === "info") return [{ janus: "server_info", transaction, name: "fake", version: 0 }]
      if (request.janus === "ping") return [{ janus: "pong", transaction }]
      const sessionId = request.session_id
      const handles = sessions.get(sessionId)
      if (handles === undefined) return error(458, `No such session ${sessionId}`, sessionId)
      const session_id = sessionId
      switch (request.janus) {
        case "claim":
          return [{ janus: "success", session_id, transaction }]
        case "keepalive":
          return [{ janus: "ack", session_id, transaction }]
        case "destroy":
          sessions.delete(sessionId)
          return [{ janus: "success", session_id, transaction }]
        case "attach": {
          const id = nextId++
          handles.set(id, request.plugin)
          return [{ janus: "success", session_id, transaction, data: { id } }]
        }
      }
      const handleId = request.handle_id
      const plugin = handles.get(handleId)
      if (plugin === undefined) return error(459, `No such handle ${handleId} in session ${sessionId}`, sessionId)
      const sender = handleId
      switch (request.janus) {
        case "detach":
          handles.delete(handleId)
          return [
            { janus: "detached", session_id, sender },
            { janus: "success", session_id, transaction }
          ]
        case "message":
          return [
            { janus: "ack", session_id, transaction },
            { janus: "event", session_id, sender, transaction, plugindata: { plugin, data: { echo: request.body } } }
          ]
        case "trickle":
          return [{ janus: "ack", session_id, transaction }]
        case "hangup":
          return [{ janus: "success", session_id, transaction }]
      }
    })
}
