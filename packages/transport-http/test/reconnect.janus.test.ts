import { describe, expect, layer } from "@effect/vitest"
import type { ConnectionState, PluginHandle, Session } from "@effect-janus/core"
import { Admin, JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { Chunk, Effect, Fiber, Layer, Schedule, Stream } from "effect"
import { sessionOn } from "./conformance/support.js"
import { countedTransport } from "./support.js"

// Over HTTP a session lives until session_timeout (30 s here) whatever happens to the network: the window to reclaim.
const server = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ sessionTimeout: 30 })))
const echotest = "janus.plugin.echotest"

const echo = (handle: PluginHandle, body: Record<string, unknown>) =>
  Effect.map(handle.message(body), (answer) => expect(answer.data).toMatchObject({ echotest: "event", result: "ok" }))

/** Records the values of `changes` (the current one first) until `done`, in a fiber. */
const record = <A>(changes: Stream.Stream<A>, done: (value: A) => boolean) =>
  changes.pipe(
    Stream.takeUntil(done),
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray),
    Effect.timeout("40 seconds"),
    Effect.fork
  )

describe("automatic reconnect over HTTP through a TCP proxy, on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "90 seconds", excludeTestServices: true })((it) => {
    it.scoped(
      "Janus unreachable for a few seconds: the transport probes and reconnects, the session is reclaimed, the long poll runs again and the same handle answers, also what was sent during the outage",
      () =>
        Effect.gen(function* () {
          const janus = yield* JanusServer.JanusServer
          const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.httpPort })
          const { polls, transport } = yield* countedTransport({
            url: `http://127.0.0.1:${proxy.port}/janus`,
            reconnect: Schedule.spaced("500 millis")
          })
          const session = yield* sessionOn(transport, { keepAlive: "1 second" })
          const handle = yield* session.attach(echotest)
          yield* echo(handle, { audio: true })
          const connection = yield* record(
            transport.connection.changes,
            (state: ConnectionState) => state._tag === "Connected" && state.generation === 2
          )
          const states = yield* record(
            session.state.changes,
            (state: Session.SessionState) =>
              state._tag !== "Active" && state._tag !== "Disconnected" && state._tag !== "Reclaiming"
          )

          yield* proxy.setRefusing(true)
          yield* proxy.cut
          // The next keep-alive (or the long poll) finds Janus unreachable.
          yield* session.state.changes.pipe(
            Stream.filter((state) => state._tag === "Disconnected"),
            Stream.runHead,
            Effect.timeout("10 seconds")
          )
          const pollsBefore = yield* polls.started
          const during = yield* Effect.fork(
            Effect.forEach([1, 2, 3, 4, 5], (n) => echo(handle, { audio: true, during: n }), {
              concurrency: "unbounded"
            })
          )
          yield* Effect.sleep("3 seconds") // Janus stays unreachable for a few seconds
          yield* proxy.setRefusing(false)

          const seenConnection = yield* Fiber.join(connection)
          expect(seenConnection[0]).toMatchObject({ _tag: "Connected", generation: 1 })
          expect(seenConnection[1]).toMatchObject({
            _tag: "Disconnected",
            generation: 1,
            cause: { _tag: "TransportError" }
          })
          const probes = seenConnection.filter((state) => state._tag === "Reconnecting")
          expect(probes.length).toBeGreaterThanOrEqual(2) // refused probes every 500 ms for 3 s
          expect(seenConnection[seenConnection.length - 1]).toMatchObject({ _tag: "Connected", generation: 2 })
          const seen = yield* Fiber.join(states)
          expect(seen.map((state) => state._tag)).toEqual(["Active", "Disconnected", "Reclaiming", "Reclaimed"])
          expect(seen[3]).toMatchObject({ _tag: "Reclaimed", generation: 2 })

          // Sent during the outage, answered after it (within their 10 s request timeout). Their events come through the
          // long poll of the new link; Janus 1.1.2 orphans a poll that was already waiting when the `claim` arrived
          // (`janus_http_session_claimed` gives the session a new event queue), so that poll must start after the claim.
          yield* Fiber.join(during).pipe(Effect.timeout("15 seconds"))
          // EchoTest's answers come through the long poll: it runs again, on the new link.
          yield* echo(handle, { audio: true, after: true })
          expect(yield* polls.started).toBeGreaterThan(pollsBefore)
          expect(yield* Admin.listSessions).toContain(session.id)
          expect(yield* Admin.listHandles(session.id)).toEqual([handle.id])
        })
    )
  })
})
