import * as net from "node:net"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import { describe, expect, it } from "@effect/vitest"
import type { Connection, TransportError } from "@effect-janus/core"
import { Duration, Effect, Exit, Fiber, FastCheck as fc, Scope, TestClock } from "effect"
import { openLink } from "../src/internal/link.js"
import * as WebSocketTransport from "../src/WebSocketTransport.js"

/** A stand-in for the WebSocket a `WebSocketConstructor` returns: the test fires its events. */
class FakeSocket {
  readyState = 0
  binaryType = "blob"
  readonly sent: Array<string> = []
  readonly closes: Array<number | undefined> = []
  readonly listeners = new Map<string, Set<(event: unknown) => void>>()
  failSend = false
  constructor(
    readonly url: string,
    readonly protocols: string | Array<string> | undefined
  ) {}
  addEventListener(type: string, listener: (event: unknown) => void) {
    const set = this.listeners.get(type) ?? new Set()
    set.add(listener)
    this.listeners.set(type, set)
  }
  removeEventListener(type: string, listener: (event: unknown) => void) {
    this.listeners.get(type)?.delete(listener)
  }
  emit(type: string, event: unknown) {
    if (type === "open") this.readyState = 1
    if (type === "close") this.readyState = 3
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener(event)
  }
  count(type: string) {
    return this.listeners.get(type)?.size ?? 0
  }
  send(frame: string) {
    if (this.failSend) throw new Error("send failed")
    this.sent.push(frame)
  }
  close(code?: number) {
    this.closes.push(code)
    this.readyState = 2
  }
}

/** A constructor that records the sockets it made. */
const fakeConstructor = () => {
  const made: Array<FakeSocket> = []
  const construct = (url: string, protocols?: string | Array<string>) => {
    const socket = new FakeSocket(url, protocols)
    made.push(socket)
    return socket as unknown as globalThis.WebSocket
  }
  return { made, construct }
}

/** A receiver that records what the link reports. */
const recorder = () => {
  const received: Array<unknown> = []
  const closed: Array<TransportError> = []
  const receiver: Connection.Receiver = {
    receive: (data) => void received.push(data),
    failed: () => {},
    gone: () => {},
    closed: (error) => void closed.push(error)
  }
  return { received, closed, receiver }
}

const options = { url: "ws://janus.test:8188", protocol: "janus-protocol", openTimeout: Duration.millis(100) }
const encoder = new TextEncoder()

type Incoming =
  | { readonly _tag: "text"; readonly text: string }
  | { readonly _tag: "binary"; readonly text: string }
  | { readonly _tag: "close"; readonly code: number }
  | { readonly _tag: "error" }

const incoming: fc.Arbitrary<Incoming> = fc.oneof(
  fc.record({ _tag: fc.constant("text" as const), text: fc.string() }),
  fc.record({ _tag: fc.constant("binary" as const), text: fc.string() }),
  fc.record({ _tag: fc.constant("close" as const), code: fc.integer({ min: 1000, max: 4999 }) }),
  fc.record({ _tag: fc.constant("error" as const) })
)

describe("WebSocket link (internal, on the WebSocketConstructor)", () => {
  it.scoped.prop(
    "after the open: frames reach the receiver in order, the first close or error is reported once, nothing after the scope closes",
    { events: fc.array(incoming, { maxLength: 20 }), releaseAt: fc.nat({ max: 20 }) },
    ({ events, releaseAt }) =>
      Effect.gen(function* () {
        const { made, construct } = fakeConstructor()
        const { received, closed, receiver } = recorder()
        const scope = yield* Scope.make()
        const opening = yield* Effect.fork(Scope.extend(openLink(construct, options, receiver), scope))
        yield* Effect.yieldNow()
        const socket = made[0]!
        expect(socket.protocols).toBe("janus-protocol")
        socket.emit("open", {})
        yield* Fiber.join(opening)
        const expected: Array<string> = []
        let ended = false
        let released = false
        /** A close event came while the link was not yet released (the socket is then closed already). */
        let closedFirst = false
        for (const [index, event] of events.entries()) {
          if (index === releaseAt) {
            yield* Scope.close(scope, Exit.void)
            released = true
          }
          if (event._tag === "close" && !released) closedFirst = true
          const live = !ended && !released
          if (event._tag === "text" || event._tag === "binary") {
            const data = event._tag === "text" ? event.text : encoder.encode(event.text).buffer
            socket.emit("message", { data })
            if (live) expected.push(event.text)
          } else {
            socket.emit(event._tag, event._tag === "close" ? { code: event.code, reason: "" } : { error: {} })
            if (live) ended = true
          }
        }
        if (!released) yield* Scope.close(scope, Exit.void)
        expect(received).toEqual(expected)
        expect(closed.length).toBe(ended ? 1 : 0)
        for (const error of closed) expect(error.reason).toBe("closed")
        // Released: the socket is closed with 1000 (unless it had closed already), no message or close listener left.
        expect(socket.closes).toEqual(closedFirst ? [] : [1000])
        expect(socket.count("message")).toBe(0)
        expect(socket.count("close")).toBe(0)
      }),
    { fastCheck: { numRuns: 100 } }
  )

  it.scoped.prop(
    "before the open: an open within openTimeout gives the link; an error, a close or the timeout fail with connect and close the socket",
    {
      outcome: fc.constantFrom("open", "error", "close", "nothing"),
      at: fc.oneof(fc.integer({ min: 0, max: 150 }), fc.constantFrom(0, 99, 100, 101))
    },
    ({ outcome, at }) =>
      Effect.gen(function* () {
        const { made, construct } = fakeConstructor()
        const { closed, receiver } = recorder()
        const scope = yield* Scope.make()
        const opening = yield* Effect.fork(Scope.extend(openLink(construct, options, receiver), scope))
        yield* Effect.yieldNow()
        const socket = made[0]!
        yield* TestClock.adjust(Duration.millis(at))
        const inTime = at < 100
        // Also when late: an open after the timeout must not revive the attempt.
        if (outcome !== "nothing") {
          if (outcome === "error") socket.emit("error", { error: { code: "ECONNREFUSED" } })
          else socket.emit(outcome, { code: 1006, reason: "" })
        }
        yield* TestClock.adjust(Duration.millis(200))
        const exit = yield* Fiber.await(opening)
        if (inTime && outcome === "open") {
          expect(Exit.isSuccess(exit)).toBe(true)
          expect(socket.closes).toEqual([])
        } else {
          expect(Exit.isFailure(exit)).toBe(true)
          const error = Exit.isFailure(exit) ? (exit.cause as { readonly error?: TransportError }).error : undefined
          expect(error?._tag).toBe("TransportError")
          expect(error?.reason).toBe("connect")
          if (inTime && outcome === "error") expect(error?.message).toContain("(ECONNREFUSED)")
          if (!inTime || outcome === "nothing") expect(error?.message).toContain("not open within 100ms")
        }
        yield* Scope.close(scope, Exit.void)
        // Whatever happened, closing the scope leaves the socket closed (or closing) and reports no drop.
        expect(socket.readyState).toBeGreaterThanOrEqual(2)
        expect(closed).toEqual([])
      }),
    { fastCheck: { numRuns: 60 } }
  )

  it.scoped("a constructor that throws fails with connect; a write that throws fails with write", () =>
    Effect.gen(function* () {
      const { receiver } = recorder()
      const thrown = yield* Effect.flip(
        openLink(
          () => {
            throw new SyntaxError("invalid url")
          },
          options,
          receiver
        )
      )
      expect(thrown.reason).toBe("connect")
      expect(thrown.cause).toBeInstanceOf(SyntaxError)

      const { made, construct } = fakeConstructor()
      const opening = yield* Effect.fork(openLink(construct, options, receiver))
      yield* Effect.yieldNow()
      made[0]!.emit("open", {})
      const link = yield* Fiber.join(opening)
      yield* link.write("{}", { janus: "keepalive", session_id: 1, transaction: "t" } as never)
      expect(made[0]!.sent).toEqual(["{}"])
      made[0]!.failSend = true
      const failed = yield* Effect.flip(
        link.write("{}", { janus: "keepalive", session_id: 1, transaction: "u" } as never)
      )
      expect(failed.reason).toBe("write")
    })
  )
})

describe("WebSocketTransport.make on a real socket, nobody listening", () => {
  /** A loopback port that was just free: a server bound to it is closed at once. */
  const freePort = Effect.async<number>((resume) => {
    const server = net.createServer()
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resume(Effect.succeed(port)))
    })
  })

  it.scoped("fails with TransportError connect naming the OS cause; a malformed URL fails with connect too", () =>
    Effect.gen(function* () {
      const port = yield* freePort
      const refused = yield* Effect.flip(WebSocketTransport.make({ url: `ws://127.0.0.1:${port}` }))
      expect(refused.reason).toBe("connect")
      expect(refused.message).toBe(`cannot open WebSocket ws://127.0.0.1:${port} (ECONNREFUSED)`)
      const malformed = yield* Effect.flip(WebSocketTransport.make({ url: "not a url" }))
      expect(malformed.reason).toBe("connect")
    }).pipe(Effect.provide(NodeSocket.layerWebSocketConstructor))
  )
})
