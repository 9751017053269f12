import { FetchHttpClient } from "@effect/platform"
import { NodeSocket } from "@effect/platform-node"
import { describe, expect, layer } from "@effect/vitest"
import type { Session } from "@effect-janus/core"
import { Admin, JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { Chunk, Clock, Duration, Effect, Exit, Fiber, Layer, Option, Schedule, Scope, Stream } from "effect"
import { WebSocketTransport } from "../src/index.js"
import { sessionOn } from "./support.js"

// The sessions claim themselves with no reconnect code here: only transport options. session_timeout 10 s with
// keep-alives every 2 s; a dropped WebSocket leaves its sessions claimable for reclaim_session_timeout = 6 s.
const janusOptions = { sessionTimeout: 10, reclaimTimeout: 6 } as const
const server = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer(janusOptions)))
const keepAlive = "2 seconds"
const echotest = "janus.plugin.echotest"

/** A WebSocket transport to Janus through a new `TcpProxy`: the test cuts and freezes the link, nothing else. */
const throughProxy = (
  port: number,
  options?: Pick<WebSocketTransport.Options, "reconnect" | "liveness" | "requestTimeout">
) =>
  Effect.gen(function* () {
    const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port })
    const transport = yield* WebSocketTransport.make({ url: `ws://127.0.0.1:${proxy.port}`, ...options }).pipe(
      Effect.provide(NodeSocket.layerWebSocketConstructor)
    )
    return { proxy, transport }
  })

const finalTags = new Set(["Reclaimed", "Recreated", "Lost", "Closed"])

/** Records the session's states (the current one first) up to the first final-for-this-gap one, in a fiber. */
const recordStates = (session: Session.JanusSession) =>
  session.state.changes.pipe(
    Stream.takeUntil((state) => finalTags.has(state._tag)),
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray),
    Effect.timeout("30 seconds"),
    Effect.fork
  )

/** Waits for the first state with `tag` (bounded). */
const awaitState = <Tag extends Session.SessionState["_tag"]>(session: Session.JanusSession, tag: Tag) =>
  session.state.changes.pipe(
    Stream.filter((state): state is Extract<Session.SessionState, { _tag: Tag }> => state._tag === tag),
    Stream.runHead,
    Effect.flatten,
    Effect.timeout("30 seconds")
  )

const tagsOf = (states: ReadonlyArray<Session.SessionState>) => states.map((state) => state._tag)

/** Runs EchoTest's `{audio: true}` and checks Janus's answer. */
const echo = (handle: { readonly message: (body: Record<string, unknown>) => Effect.Effect<{ data: unknown }, unknown> }) =>
  Effect.map(handle.message({ audio: true }), (answer) =>
    expect(answer.data).toMatchObject({ echotest: "event", result: "ok" })
  )

describe("automatic reconnect over WebSocket through a TCP proxy, on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "120 seconds", excludeTestServices: true })((it) => {
    it.scoped("a cut while idle: the same session and handle answer again, Admin shows the original handle", () =>
      Effect.gen(function* () {
        const janus = yield* JanusServer.JanusServer
        const { proxy, transport } = yield* throughProxy(janus.wsPort)
        const session = yield* sessionOn(transport, { keepAlive })
        const handle = yield* session.attach(echotest)
        yield* echo(handle)
        const events = yield* handle.subscribe
        const afterGap = yield* events.pipe(Stream.take(1), Stream.runCollect, Effect.timeout("30 seconds"), Effect.fork)
        const states = yield* recordStates(session)

        expect(yield* proxy.cut).toBe(1)
        const seen = yield* Fiber.join(states)
        expect(tagsOf(seen)).toEqual(["Active", "Disconnected", "Reclaiming", "Reclaimed"])
        expect(seen[1]).toMatchObject({ _tag: "Disconnected", cause: { _tag: "TransportError", reason: "closed" } })
        const reclaimed = seen[3] as Extract<Session.SessionState, { _tag: "Reclaimed" }>
        expect(reclaimed.generation).toBe(2)
        expect(reclaimed.gap).toBeGreaterThanOrEqual(0)
        console.log(`idle cut: reclaimed after a gap of ${reclaimed.gap} ms`)

        yield* echo(handle)
        const delivered = Chunk.toReadonlyArray(yield* Fiber.join(afterGap))
        expect(delivered).toHaveLength(1)
        expect(delivered[0]).toMatchObject({ janus: "event", sender: handle.id })
        expect(Option.isNone(yield* Fiber.poll(yield* Effect.fork(session.awaitClosed)))).toBe(true)
        expect(yield* Admin.listSessions).toContain(session.id)
        expect(yield* Admin.listHandles(session.id)).toEqual([handle.id])
      })
    )
  })
})

void Duration
void Clock
void Exit
void Schedule
void Scope
void FetchHttpClient
