/**
 * Soak (issue 10, "Resilient sessions"): 100 sessions with one EchoTest handle each on ONE WebSocket transport that
 * reaches a real Janus through a `TcpProxy`; for over two minutes the link is cut (reset) and frozen (half-open,
 * noticed by the transport's `liveness` bound), alternately, at least 30 times, while every session keeps sending
 * EchoTest messages. There is no reconnect code here: only the transport's and the sessions' options.
 *
 * A message counts as "outside the gaps" when, at the moment it was sent, the connection was `Connected` on some
 * generation g and its session was `Active` (g = 1) or `Reclaimed` on g, and it was not in flight when link g
 * dropped. The library documents how such a message ends: a request written before a drop fails with
 * `TransportError` `closed` (never re-sent). So a counted message is either answered by the EchoTest plugin, or it
 * failed with `closed` and link g is gone by the end of the run (in flight at a failure); anything else is a miss.
 *
 * At the end: every session `Reclaimed` with its original id; the Admin API lists exactly the original sessions,
 * each with exactly its original handle; heap after GC within 10 % of the heap after the warm-up; the sessions
 * destroyed when their scope closes; and no fiber forked by the transport, the sessions, the handles or this test is
 * left once their scopes are closed.
 */
import * as v8 from "node:v8"
import * as vm from "node:vm"
import { NodeSocket } from "@effect/platform-node"
import { describe, expect, layer } from "@effect/vitest"
import type { JanusSession, JanusTransport, PluginHandle } from "@effect-janus/core"
import { Admin, JanusServer, TcpProxy } from "@effect-janus/testing-janus"
import { Cause, Duration, Effect, ExecutionStrategy, Exit, Layer, Option, Schedule, Scope, Supervisor } from "effect"
import { WebSocketTransport } from "../src/index.js"
import { sessionOn } from "./support.js"

const sessionCount = 100
/** Link failures wanted in the soak phase (after the warm-up), over at least `soakFor`. */
const failuresWanted = 30
const soakFor = Duration.seconds(122)
/** The soak phase goes on past `soakFor` until `failuresWanted` failures, but not past this. */
const soakCap = Duration.seconds(140)
/** Normal traffic between a recovery and the next failure. */
const steady = "1500 millis"
/** Pause between two messages of one session (100 sessions: up to ~300 messages/s). */
const pace = "300 millis"
/** Dead-link bound of the transport: a frozen link is declared dead within about this (+ one check period). */
const liveness = "2 seconds"

// `--expose-gc` for this worker only, without flags on the command line.
v8.setFlagsFromString("--expose-gc")
const gc = vm.runInNewContext("gc") as () => void
const heapAfterGc = Effect.sync(() => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
})
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1)

/** Nearest-rank percentile (p in 0–100). */
const percentile = (values: ReadonlyArray<number>, p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
}
const p50p95 = (values: ReadonlyArray<number>, unit: (n: number) => string) =>
  `${unit(percentile(values, 50))}/${unit(percentile(values, 95))}`

// session_timeout 30 s; reclaim_session_timeout 20 s: far longer than any gap here (a freeze is noticed in ≤ 3 s).
const server = Admin.layer.pipe(Layer.provideMerge(JanusServer.layer({ sessionTimeout: 30, reclaimTimeout: 20 })))

interface Member {
  readonly session: JanusSession
  readonly handle: PluginHandle
  readonly sessionId: number
  readonly handleId: number
}

/** What the traffic saw (counters only: the bookkeeping must not grow the heap). */
interface Tally {
  /** Counted messages that the EchoTest plugin answered. */
  answered: number
  /** Counted messages that failed with `closed`, by the generation of the link they were sent on. */
  readonly closedOn: Map<number, number>
  /** Counted messages that failed otherwise (or got a wrong answer): the first few, described. */
  readonly misses: Array<string>
  missCount: number
  /** Messages sent in a gap (link down, or session not yet reclaimed on the current link). */
  sentInGaps: number
  answeredInGaps: number
}

/** One message of one session, classified by the states at the moment it was sent. */
const oneMessage = (transport: JanusTransport, member: Member, tally: Tally) =>
  Effect.gen(function* () {
    const connection = yield* transport.connection.get
    const state = yield* member.session.state.get
    const generation = connection._tag === "Connected" ? connection.generation : undefined
    const outside =
      generation !== undefined &&
      (state._tag === "Active" ? generation === 1 : state._tag === "Reclaimed" && state.generation === generation)
    const exit = yield* Effect.exit(member.handle.message({ audio: true }))
    const ok = Exit.isSuccess(exit) && exit.value.data.echotest === "event" && exit.value.data.result === "ok"
    if (!outside || generation === undefined) {
      tally.sentInGaps++
      if (ok) tally.answeredInGaps++
      return
    }
    if (ok) {
      tally.answered++
      return
    }
    const error = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
    if (error?._tag === "TransportError" && error.reason === "closed") {
      tally.closedOn.set(generation, (tally.closedOn.get(generation) ?? 0) + 1)
      return
    }
    tally.missCount++
    if (tally.misses.length < 10) {
      const what = Exit.isSuccess(exit)
        ? `answer ${JSON.stringify(exit.value.data)}`
        : error === undefined
          ? Cause.pretty(exit.cause)
          : `${error._tag} ${"reason" in error ? String(error.reason) : ""}: ${error.message}`
      tally.misses.push(`session ${member.sessionId} (sent on generation ${generation}, ${state._tag}): ${what}`)
    }
  })

/**
 * Waits until the link is up on a generation after `after` and every session has reclaimed itself on it; returns
 * that generation and the sessions' gaps (ms).
 */
const allReclaimed = (transport: JanusTransport, members: ReadonlyArray<Member>, after: number) =>
  Effect.gen(function* () {
    const connection = yield* transport.connection.get
    const states = yield* Effect.forEach(members, (m) => m.session.state.get)
    const generation = connection._tag === "Connected" ? connection.generation : undefined
    const gaps: Array<number> = []
    for (const state of states) {
      if (state._tag === "Reclaimed" && state.generation === generation) gaps.push(state.gap)
    }
    if (generation === undefined || generation <= after || gaps.length < members.length) {
      const tags = new Map<string, number>()
      for (const state of states) {
        const tag = state._tag === "Reclaimed" ? `Reclaimed(${state.generation})` : state._tag
        tags.set(tag, (tags.get(tag) ?? 0) + 1)
      }
      const connectionText = connection._tag === "Connected" ? `Connected(${connection.generation})` : connection._tag
      return yield* Effect.fail(
        `not recovered after generation ${after}: connection ${connectionText}, sessions ${JSON.stringify(Object.fromEntries(tags))}`
      )
    }
    return { generation, gaps }
  }).pipe(Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("30 seconds"))))

const currentGeneration = (transport: JanusTransport) =>
  Effect.map(transport.connection.get, (state) => (state._tag === "Connected" ? state.generation : 0))

describe("soak: sessions over one WebSocket transport through cuts and freezes on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(server, { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped(
      `${sessionCount} sessions with a handle each survive ≥ ${failuresWanted} cuts and freezes over ≥ 2 minutes`,
      () =>
        Effect.gen(function* () {
          const janus = yield* JanusServer.JanusServer
          const proxy = yield* TcpProxy.make({ host: "127.0.0.1", port: janus.wsPort })
          const tracker = yield* Supervisor.track
          // Everything the transport, the sessions and the traffic fork is supervised. The transport has its own scope,
          // closed after the sessions' (as `WebSocketTransport.layer` under `Session.layer` would be): the sessions
          // close while the link is up, so they are destroyed on the server rather than abandoned.
          const transportScope = yield* Effect.acquireRelease(Scope.make(), (scope, exit) => Scope.close(scope, exit))
          const scope = yield* Effect.acquireRelease(Scope.make(), (scope, exit) => Scope.close(scope, exit))
          const transport = yield* WebSocketTransport.make({ url: `ws://127.0.0.1:${proxy.port}`, liveness }).pipe(
            Effect.provide(NodeSocket.layerWebSocketConstructor),
            Effect.supervised(tracker),
            Scope.extend(transportScope)
          )
          const tally: Tally = {
            answered: 0,
            closedOn: new Map(),
            misses: [],
            missCount: 0,
            sentInGaps: 0,
            answeredInGaps: 0
          }
          const gaps = { cut: [] as Array<number>, freeze: [] as Array<number> }
          const recoveries = { cut: [] as Array<number>, freeze: [] as Array<number> }

          const run = Effect.gen(function* () {
            const members = yield* Effect.forEach(
              Array.from({ length: sessionCount }),
              () =>
                Effect.gen(function* () {
                  const session = yield* sessionOn(transport)
                  const handle = yield* session.attach("janus.plugin.echotest")
                  const member: Member = { session, handle, sessionId: session.id, handleId: handle.id }
                  return member
                }),
              { concurrency: 10 }
            )
            const traffic = yield* Scope.fork(scope, ExecutionStrategy.sequential)
            yield* Effect.forEach(
              members,
              (member, i) =>
                Effect.sleep(Duration.millis(i * 3)).pipe(
                  Effect.zipRight(
                    Effect.forever(Effect.zipRight(oneMessage(transport, member, tally), Effect.sleep(pace)))
                  ),
                  Effect.forkIn(traffic)
                ),
              { discard: true }
            )

            /** One link failure, then the wait until every session has reclaimed itself on a new link. */
            const fail = (kind: "cut" | "freeze") =>
              Effect.gen(function* () {
                const before = yield* currentGeneration(transport)
                expect(before).toBeGreaterThan(0)
                const t0 = Date.now()
                expect(yield* kind === "cut" ? proxy.cut : proxy.freeze).toBeGreaterThanOrEqual(1)
                const recovered = yield* allReclaimed(transport, members, before)
                recoveries[kind].push(Date.now() - t0)
                gaps[kind].push(...recovered.gaps)
                yield* Effect.sleep(steady)
              })

            // Warm-up: traffic, one cut and one freeze (every recovery path runs once), then the heap baseline.
            yield* Effect.sleep("3 seconds")
            yield* fail("cut")
            yield* fail("freeze")
            const warmHeap = yield* heapAfterGc
            const warmTally = { answered: tally.answered }
            gaps.cut.length = gaps.freeze.length = recoveries.cut.length = recoveries.freeze.length = 0

            const soakStart = Date.now()
            const failures = { cut: 0, freeze: 0 }
            let kind: "cut" | "freeze" = "cut"
            while (true) {
              const elapsed = Date.now() - soakStart
              const done = failures.cut + failures.freeze
              if (elapsed >= Duration.toMillis(soakCap)) break
              if (elapsed >= Duration.toMillis(soakFor) && done >= failuresWanted) break
              yield* fail(kind)
              failures[kind]++
              kind = kind === "cut" ? "freeze" : "cut"
            }
            const soakMs = Date.now() - soakStart
            const endHeap = yield* heapAfterGc
            yield* Scope.close(traffic, Exit.void)

            // Every session reclaimed on the last link, with its original id and handle.
            const finalGeneration = yield* currentGeneration(transport)
            for (const member of members) {
              expect(member.session.id).toBe(member.sessionId)
              expect(member.handle.id).toBe(member.handleId)
              expect(yield* member.session.state.get).toMatchObject({ _tag: "Reclaimed", generation: finalGeneration })
            }
            // Every counted message answered, or failed `closed` on a link that dropped (in flight at a failure).
            expect(tally.misses, `${tally.missCount} counted messages not answered`).toEqual([])
            let inFlightAtDrop = 0
            for (const [generation, count] of tally.closedOn) {
              expect(generation, "a message failed closed on a link that never dropped").toBeLessThan(finalGeneration)
              inFlightAtDrop += count
            }
            expect(failures.cut + failures.freeze).toBeGreaterThanOrEqual(failuresWanted)
            expect(tally.answered - warmTally.answered).toBeGreaterThan(0)

            const injected = 2 + failures.cut + failures.freeze
            const ms = (n: number) => `${Math.round(n)} ms`
            const s = (n: number) => `${(n / 1000).toFixed(1)} s`
            yield* Effect.sync(() =>
              console.log(
                `soak: ${(soakMs / 1000).toFixed(0)} s, ${failures.cut} cuts + ${failures.freeze} freezes ` +
                  `(+1 + 1 in warm-up; drops seen ${finalGeneration - 1}, unplanned ${finalGeneration - 1 - injected}); ` +
                  `${tally.answered} messages answered outside the gaps, 0 missed ` +
                  `(${inFlightAtDrop} in flight at a drop, ${tally.sentInGaps} sent in gaps, ${tally.answeredInGaps} of them answered); ` +
                  `gap p50/p95 cut ${p50p95(gaps.cut, ms)}, freeze ${p50p95(gaps.freeze, ms)}; ` +
                  `drop → all ${sessionCount} reclaimed p50/p95 cut ${p50p95(recoveries.cut, s)}, freeze ${p50p95(recoveries.freeze, s)}; ` +
                  `heap after GC ${mib(warmHeap)} MiB after warm-up, ${mib(endHeap)} MiB at the end`
              )
            )
            expect(Math.abs(endHeap - warmHeap) / warmHeap).toBeLessThanOrEqual(0.1)
            return members
          }).pipe(Effect.supervised(tracker), Scope.extend(scope))
          const members = yield* run

          // The Admin API (the witness, not supervised): exactly the original sessions, each with its original handle.
          const listed = yield* Admin.listSessions
          expect([...listed].sort()).toEqual(members.map((m) => m.sessionId).sort())
          const handles = yield* Effect.forEach(members, (m) => Admin.listHandles(m.sessionId), { concurrency: 10 })
          expect(handles).toEqual(members.map((m) => [m.handleId]))

          // Closing the sessions' scope detaches the handles and destroys the sessions; then the transport closes.
          yield* Scope.close(scope, Exit.void)
          expect(yield* Admin.listSessions).toEqual([])
          yield* Scope.close(transportScope, Exit.void)
          const left = yield* tracker.value.pipe(
            Effect.filterOrFail(
              (fibers) => fibers.length === 0,
              (fibers) => fibers
            ),
            Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("10 seconds"))),
            Effect.merge
          )
          const described = yield* Effect.forEach(left, (fiber) =>
            Effect.map(fiber.status, (status) => `#${fiber.id().id} ${JSON.stringify(status)}`)
          )
          expect(described).toEqual([])
        }),
      175_000
    )
  })
})
