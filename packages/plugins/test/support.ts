import { NodeSocket } from "@effect/platform-node"
import type { SessionClosedError } from "@effect-janus/core"
import { JanusTransport, Session } from "@effect-janus/core"
import { JanusServer } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Effect, Option, type Scope, Stream, SubscriptionRef } from "effect"

/**
 * Opens a WebSocket transport to the test's Janus and a session on it, both in the current scope (the session is
 * destroyed and the socket closed when the scope closes).
 */
export const openSession = Effect.gen(function* () {
  const server = yield* JanusServer.JanusServer
  const transport = yield* WebSocketTransport.make({ url: server.wsUrl, requestTimeout: "10 seconds" }).pipe(
    Effect.provide(NodeSocket.layerWebSocketConstructor)
  )
  return yield* Session.make({ keepAlive: "10 seconds", eventTimeout: "10 seconds" }).pipe(
    Effect.provideService(JanusTransport, transport)
  )
})

/** A room / mountpoint id unlikely to clash between tests of one server. */
export const freshId = Effect.sync(() => 100_000 + Math.floor(Math.random() * 1_000_000_000))

/**
 * A plain copy of a failure's own fields (`_tag`, `code`, `reason`, …). Effect attaches the current span to a
 * failure through a Proxy; comparing the proxy itself makes vitest's diff recurse into the span on a mismatch.
 */
export const plain = (error: object): Record<string, unknown> => ({ ...error })

/**
 * Records a plugin service's decoded events from now on (`subscribeEvents`: subscribed before this returns);
 * `waitFor` gives the first recorded event with `tag` (and matching `predicate`), whenever it arrived, within 10 s —
 * dying with every event seen otherwise; `all` gives every event recorded so far.
 */
export const recordEvents = <E extends { readonly _tag: string }>(service: {
  readonly subscribeEvents: Effect.Effect<Stream.Stream<E, SessionClosedError>, SessionClosedError, Scope.Scope>
}) =>
  Effect.gen(function* () {
    const seen = yield* SubscriptionRef.make<ReadonlyArray<E>>([])
    const events = yield* service.subscribeEvents
    yield* events.pipe(
      Stream.runForEach((event) => SubscriptionRef.update(seen, (all) => [...all, event])),
      Effect.forkScoped
    )
    const waitFor = <T extends E["_tag"]>(
      tag: T,
      predicate: (event: Extract<E, { readonly _tag: T }>) => boolean = () => true
    ) => {
      const find = (all: ReadonlyArray<E>) =>
        all.find(
          (event): event is Extract<E, { readonly _tag: T }> =>
            event._tag === tag && predicate(event as Extract<E, { readonly _tag: T }>)
        )
      return seen.changes.pipe(
        Stream.filterMap((all) => Option.fromNullable(find(all))),
        Stream.runHead,
        Effect.flatten,
        Effect.timeout("10 seconds"),
        Effect.catchAll(() =>
          Effect.flatMap(SubscriptionRef.get(seen), (all) =>
            Effect.dieMessage(`no ${tag} event; seen: ${JSON.stringify(all)}`)
          )
        )
      )
    }
    /** Every event recorded so far, in order. */
    const all = SubscriptionRef.get(seen)
    return { waitFor, all }
  })
