/**
 * 100,000 garbage frames on an open connection cost bounded memory. The bug class: the connection's reader logs a
 * warning per bad frame, and Effect's tracer keeps every log of a fiber as an event of its current span; a reader
 * running under the span its transport was created in (a span as long-lived as the connection) grows the heap by
 * hundreds of MB. Here the transport is created inside a span, the default logger is replaced by a counting one
 * (the tracer's logger stays), and the heap after GC is compared before and after the flood (with the reader
 * under the caller's span it grew by ~390 MB). Constructing a `TransportError` per frame must not cost memory either:
 * a Schema class whose fields include a transformation (`cause: Schema.Defect`) builds a new type-side AST on each
 * construction, memoized in Effect's global parser WeakMap, whose table V8 does not shrink (~16 MB per 100,000).
 */
import * as v8 from "node:v8"
import * as vm from "node:vm"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber, Logger } from "effect"
import { InMemoryTransport, TransportError } from "../src/index.js"
import { expectRequest } from "./support.js"

v8.setFlagsFromString("--expose-gc")
const gc = vm.runInNewContext("gc") as () => void

/** The heap in use after a full collection, in bytes. */
const heapAfterGc = Effect.sync(() => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
})

const frames = 100_000
const warmUp = 1_000
const limit = 10 * 1024 * 1024

/** Frame `i`: not JSON (even), or JSON that is not a Janus message (odd). */
const badFrame = (i: number): unknown => (i % 2 === 0 ? `garbage ${i} {` : { garbage: i, janus: 42 })

/**
 * A logger that only counts: the warnings for undecodable frames (each must carry a `TransportError` `decode`), and
 * anything else; `done` completes when `expected` warnings were counted.
 */
const countingLogger = (expected: number, done: Deferred.Deferred<void>) => {
  const counts = { undecodable: 0, other: 0 }
  const logger = Logger.make(({ message }) => {
    const parts: ReadonlyArray<unknown> = Array.isArray(message) ? message : [message]
    const decode = parts.some((part) => part instanceof TransportError && part.reason === "decode")
    if (decode && parts[0] === "effect-janus: undecodable frame dropped") {
      if (++counts.undecodable === expected) Deferred.unsafeDone(done, Exit.void)
    } else counts.other++
  })
  return { counts, layer: Logger.replace(Logger.defaultLogger, logger) }
}

const push = (server: InMemoryTransport.InMemoryServer, from: number, count: number) =>
  Effect.gen(function* () {
    for (let i = from; i < from + count; i++) yield* server.push(badFrame(i))
  })

describe("garbage frames and memory", () => {
  it.live(
    `${frames} bad frames on a connection created inside a span: heap bounded, each logged once, still usable`,
    () =>
      Effect.gen(function* () {
        const done = yield* Deferred.make<void>()
        const logs = countingLogger(warmUp + frames, done)
        yield* Effect.gen(function* () {
          const { server, transport } = yield* InMemoryTransport.make()
          // Warm up (schemas, fibers, the logger), then measure the flood alone.
          yield* push(server, 0, warmUp)
          const before = yield* heapAfterGc
          yield* push(server, warmUp, frames)
          yield* Deferred.await(done)
          const after = yield* heapAfterGc
          const growth = after - before
          console.log(`heap growth after ${frames} garbage frames: ${(growth / 1024 / 1024).toFixed(2)} MB`)
          expect(growth).toBeLessThan(limit)

          // The connection still answers a request with its own reply.
          const pending = yield* Effect.fork(transport.send({ janus: "info" }))
          const info = yield* expectRequest(server, "info")
          yield* server.push({ janus: "server_info", transaction: info.transaction, name: "after garbage" })
          expect(yield* Fiber.join(pending)).toMatchObject({ janus: "server_info", name: "after garbage" })
          expect((yield* transport.connection.get)._tag).toBe("Connected")
          // Every bad frame was logged exactly once, and nothing else was.
          expect(logs.counts).toEqual({ undecodable: warmUp + frames, other: 0 })
        }).pipe(Effect.scoped, Effect.withSpan("owner of a long-lived connection"), Effect.provide(logs.layer))
      }),
    { timeout: 120_000 }
  )
})
