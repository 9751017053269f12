import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, FastCheck as fc, Inspectable, LogLevel, Redacted, TestClock } from "effect"
import { InMemoryTransport } from "../src/index.js"
import {
  awaitNow,
  captureLogs,
  decodeWarnings,
  errorOf,
  generous,
  linesWith,
  memory,
  openSession,
  runs,
  sessionOn
} from "./support.js"

// Distinctive values, so that finding one in a log line cannot be a coincidence.
const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `apisecret-${s}`)
const token = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `token-${s}`)

const render = (value: unknown): string => {
  if (typeof value === "string") return value
  if (Cause.isCause(value)) return Cause.pretty(value, { renderErrorCause: true })
  return `${String(value)} ${Inspectable.format(value)} ${value instanceof Error ? (value.stack ?? "") : ""}`
}

describe("apisecret and token", generous, () => {
  it.scoped.prop(
    "every request on the wire carries them; no log line or error shows them",
    { apiSecret: secret, token },
    ({ apiSecret, token }) => {
      const logs = captureLogs(LogLevel.All)
      return Effect.gen(function* () {
        const redactedSecret = Redacted.make(apiSecret)
        const redactedToken = Redacted.make(token)
        for (const redacted of [redactedSecret, redactedToken]) {
          expect(String(redacted)).toBe("<redacted>")
          expect(JSON.stringify({ redacted })).toBe('{"redacted":"<redacted>"}')
          expect(Inspectable.format(redacted)).not.toContain(Redacted.value(redacted))
        }

        const { server, transport } = yield* memory({
          apiSecret: redactedSecret,
          token: redactedToken,
          requestTimeout: "5 seconds"
        })
        const errors: Array<unknown> = []
        yield* server.serve(InMemoryTransport.fakeJanus())
        yield* Effect.gen(function* () {
          const session = yield* sessionOn(transport, { keepAlive: "10 seconds" })
          const handle = yield* session.attach("janus.plugin.echotest", { opaqueId: "secrets" })
          yield* handle.message({ audio: true })
          yield* handle.trickle(null)
          yield* handle.hangup
          yield* TestClock.adjust("20 seconds")
          errors.push(
            errorOf(
              yield* Effect.exit(
                session
                  .reattach("janus.plugin.echotest", 999, { onClose: "abandon" })
                  .pipe(Effect.flatMap((h) => h.message({})))
              )
            )
          )
          yield* handle.detach
        }).pipe(Effect.scoped)

        const requests = yield* server.requests
        expect(requests.map((r) => r.janus)).toEqual([
          "create",
          "attach",
          "message",
          "trickle",
          "hangup",
          "keepalive",
          "keepalive",
          "message",
          "detach",
          "destroy"
        ])
        for (const request of requests) {
          expect(request).toMatchObject({ apisecret: apiSecret, token })
        }

        // Errors and warnings from a refused claim, an unanswered keep-alive, a timed-out request, a bad frame.
        errors.push(errorOf(yield* Effect.exit(sessionOn(transport, { sessionId: 424242 }).pipe(Effect.scoped))))
        const other = yield* memory({ apiSecret: redactedSecret, token: redactedToken, requestTimeout: "5 seconds" })
        yield* Effect.gen(function* () {
          yield* openSession(other, 9, { keepAlive: "1 second", onClose: "abandon" })
          const create = yield* Effect.fork(other.transport.send({ janus: "create" }))
          yield* TestClock.adjust("1 second")
          yield* TestClock.adjust("5 seconds")
          errors.push(errorOf(yield* awaitNow(create)))
        }).pipe(Effect.scoped)
        yield* other.server.push("not json")
        expect(errors.map((e) => (e as { _tag?: string })._tag)).toEqual([
          "JanusApiError",
          "SessionReclaimError",
          "TransportError"
        ])
        expect(linesWith(logs.entries, "WARN", "keepalive of session 9 failed")).toHaveLength(1)
        expect(decodeWarnings(logs.entries)).toHaveLength(1)
        const otherRequests = yield* other.server.requests
        expect(otherRequests.map((r) => r.janus)).toEqual(["create", "create", "keepalive"])
        for (const request of otherRequests) {
          expect(request).toMatchObject({ apisecret: apiSecret, token })
        }

        const rendered = [
          ...errors.map(render),
          ...logs.entries.flatMap((entry) => [...entry.parts.map(render), render(entry.cause)])
        ]
        for (const text of rendered) {
          expect(text).not.toContain(apiSecret)
          expect(text).not.toContain(token)
        }
      }).pipe(Effect.provide(logs.layer))
    },
    runs(15)
  )

  it.scoped("without secrets, requests carry neither field", () =>
    Effect.gen(function* () {
      const { server, transport } = yield* memory()
      yield* server.serve(InMemoryTransport.fakeJanus())
      yield* sessionOn(transport, { keepAlive: false }).pipe(Effect.scoped)
      const requests = yield* server.requests
      expect(requests.map((r) => r.janus)).toEqual(["create", "destroy"])
      for (const request of requests) {
        expect("apisecret" in request).toBe(false)
        expect("token" in request).toBe(false)
      }
    })
  )
})
