/**
 * This library over WebSocket, used the way its docs tell users to: `WebSocketTransport` + `Session.make` +
 * `session.attach` + `handle.message`, scopes for teardown (the handle's scope detaches, the session's scope
 * destroys), default keep-alive unless the workload says otherwise.
 */
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import { JanusTransport, Session } from "@effect-janus/core"
import { TcpProxy } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { type Driver, echoBody, echotest, type Target, type Workloads } from "../driver.js"
import { cyclesEffect, poolEffect, scaleEffect, sequentialEffect } from "../measure.js"

const wsConstructor = Effect.runSync(Effect.scoped(Layer.build(NodeSocket.layerWebSocketConstructor)))

/** `Session.make` on a given transport. */
const sessionOn = (transport: JanusTransport, options?: Session.SessionOptions) =>
  Session.make(options).pipe(Effect.provideService(JanusTransport, transport))

/** Opens a WebSocket transport in the current scope. */
const connect = (url: string) =>
  WebSocketTransport.make({ url }).pipe(Effect.provide(wsConstructor)) as Effect.Effect<
    JanusTransport,
    unknown,
    Scope.Scope
  >

/** The workloads every transport of the library runs (W6 is the WebSocket driver's own). */
type Common = Omit<Workloads, "recovery">

/** The library as a driver for any transport, given how to open one in the current scope. */
export const effectDriver = (
  name: string,
  transport: "ws" | "http",
  open: Effect.Effect<JanusTransport, unknown, Scope.Scope>,
  only?: ReadonlyArray<keyof Common>
): Driver => {
  const withSession = <A, E>(
    options: Session.SessionOptions,
    f: (session: Session.JanusSession) => Effect.Effect<A, E, Scope.Scope>
  ) => Effect.scoped(Effect.flatMap(open, (t) => Effect.flatMap(sessionOn(t, options), f)))

  const all: Common = {
    keepalives: (n, warmup) =>
      withSession({ keepAlive: false }, (session) =>
        sequentialEffect(
          n,
          warmup,
          Effect.filterOrFail(
            session.transport.send({ janus: "keepalive", session_id: session.id }),
            (reply) => reply.janus === "ack",
            (reply) => new Error(`keepalive answered ${reply.janus}`)
          )
        )
      ),
    echoes: (n, warmup) =>
      withSession({ keepAlive: false }, (session) =>
        Effect.flatMap(session.attach(echotest), (handle) => sequentialEffect(n, warmup, handle.message(echoBody)))
      ),
    throughput: (total, inflight, warmup) =>
      withSession({ keepAlive: false }, (session) =>
        Effect.flatMap(session.attach(echotest), (handle) =>
          poolEffect(total, inflight, warmup, handle.message(echoBody))
        )
      ),
    churn: (n, concurrency, warmup) =>
      Effect.scoped(
        Effect.flatMap(open, (t) =>
          poolEffect(
            n,
            concurrency,
            warmup,
            Effect.scoped(Effect.flatMap(sessionOn(t), (session) => session.attach(echotest)))
          )
        )
      ),
    scale: (sessions, idleMs, keepAliveMs) =>
      Effect.scoped(
        Effect.flatMap(open, (t) =>
          scaleEffect(
            sessions,
            idleMs,
            Effect.forEach(
              Array.from({ length: sessions }),
              () => Effect.flatMap(sessionOn(t, { keepAlive: keepAliveMs }), (session) => session.attach(echotest)),
              { concurrency: 20, discard: true }
            )
          )
        )
      ),
    reclaim: (n, warmup) =>
      cyclesEffect(n, warmup, (time) =>
        Effect.gen(function* () {
          // Connection A: a session and a handle, left on the server when A goes away.
          const first = yield* Scope.make()
          const { handleId, sessionId } = yield* Effect.gen(function* () {
            const t = yield* open
            const session = yield* sessionOn(t, { onClose: "abandon", keepAlive: false })
            const handle = yield* session.attach(echotest)
            return { sessionId: session.id, handleId: handle.id }
          }).pipe(Scope.extend(first))
          yield* Scope.close(first, Exit.void)
          // Connection B, timed: connect, claim, re-use the handle by id, first answer.
          yield* Effect.scoped(
            time(
              Effect.gen(function* () {
                const t = yield* open
                const session = yield* sessionOn(t, { sessionId })
                const handle = yield* session.reattach(echotest, handleId)
                return yield* handle.message(echoBody)
              })
            )
          )
        })
      )
  }
  const workloads: Partial<Workloads> =
    only === undefined ? all : Object.fromEntries(only.map((key) => [key, all[key]]))
  return { name, transport, baseline: false, workloads }
}

/**
 * W6 with the library's automatic mode: the transport reconnects on its default policy and the session claims itself
 * — no recovery code here. The timed section is the drop and then one `handle.message`, sent again while it fails
 * because its frame went out on the dead link (`closed`, or `write` when the socket was already going): the first
 * answer can only come over the new link, after the reclaim.
 */
const recovery =
  (target: Target): Workloads["recovery"] =>
  (kind, n, warmup, livenessMs) =>
    Effect.scoped(
      Effect.gen(function* () {
        const janus = new URL(target.wsUrl)
        const proxy = yield* TcpProxy.make({ host: janus.hostname, port: Number(janus.port) })
        const transport = yield* WebSocketTransport.make({
          url: `ws://127.0.0.1:${proxy.port}`,
          liveness: Duration.millis(livenessMs)
        }).pipe(Effect.provide(wsConstructor))
        // The session in an inner scope: it is destroyed (not abandoned) while the transport is still up.
        return yield* Effect.scoped(
          Effect.gen(function* () {
            const session = yield* sessionOn(transport)
            const handle = yield* session.attach(echotest)
            const answered = handle.message(echoBody).pipe(
              Effect.retry({
                while: (e) => e._tag === "TransportError" && (e.reason === "closed" || e.reason === "write")
              })
            )
            return yield* cyclesEffect(n, warmup, (time) =>
              // Untimed: one answer first, so that the link is up and the session reclaimed when the drop comes.
              Effect.zipRight(
                handle.message(echoBody),
                time(Effect.zipRight(kind === "cut" ? proxy.cut : proxy.freeze, answered))
              )
            )
          })
        )
      })
    )

/** This library over WebSocket. */
export const effectWs = (target: Target): Driver => {
  const driver = effectDriver("effect-ws", "ws", connect(target.wsUrl))
  return { ...driver, workloads: { ...driver.workloads, recovery: recovery(target) } }
}

/**
 * This library over WebSocket with Effect's tracer turned off (`Effect.withTracerEnabled(false)`), for W1 and W2:
 * the difference to `effect-ws` is what the request spans (`janus.message`, …) cost.
 */
export const effectWsUntraced = (target: Target): Driver => {
  const traced = effectDriver("effect-ws-notrace", "ws", connect(target.wsUrl), ["keepalives", "echoes", "throughput"])
  const w = traced.workloads
  const workloads: Partial<Workloads> = {
    ...(w.keepalives && { keepalives: (n, warmup) => Effect.withTracerEnabled(w.keepalives!(n, warmup), false) }),
    ...(w.echoes && { echoes: (n, warmup) => Effect.withTracerEnabled(w.echoes!(n, warmup), false) }),
    ...(w.throughput && {
      throughput: (total, inflight, warmup) => Effect.withTracerEnabled(w.throughput!(total, inflight, warmup), false)
    })
  }
  return { ...traced, workloads }
}
