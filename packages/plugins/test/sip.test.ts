import { describe, expect, layer } from "@effect/vitest"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect, Fiber, Option, Stream } from "effect"
import { Sip } from "../src/index.js"
import { runSipp, scenario, sipOnLoopback } from "./sipp.js"
import { openSession, plain } from "./support.js"

/** Starts a sipp registrar with `scenarioFile` and registers alice at it with `secret`; returns the verdict. */
const registerAlice = (scenarioFile: string, secret: string) =>
  Effect.gen(function* () {
    const sipp = yield* runSipp(scenario(scenarioFile))
    const port = sipp.port
    const session = yield* openSession
    const sip = yield* Sip.attach(session)
    const verdict = yield* sip.registerAndAwait({
      username: "sip:alice@127.0.0.1",
      secret,
      proxy: `sip:127.0.0.1:${port}`
    })
    return { sipp, verdict }
  })

describe("SIP on a real Janus with sipp as the registrar", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer({ configure: sipOnLoopback }), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("register against a plain registrar: registering, then registered (200 OK)", () =>
      Effect.gen(function* () {
        // The plugin wants a secret even when the registrar asks for none.
        const { sipp, verdict } = yield* registerAlice("registrar-200.xml", "unused")
        expect(verdict).toMatchObject({
          _tag: "Registered",
          sip: "event",
          result: { event: "registered", username: "alice", register_sent: true }
        })
        expect(yield* sipp.process.exitCode).toBe(0)
        expect(yield* sipp.messages).toContain("REGISTER sip:127.0.0.1")
      })
    )

    it.scoped("register with a digest challenge: 401, then the credentialed REGISTER is accepted", () =>
      Effect.gen(function* () {
        const { sipp, verdict } = yield* registerAlice("registrar-digest.xml", "secret")
        expect(verdict).toMatchObject({ _tag: "Registered", result: { event: "registered", username: "alice" } })
        expect(yield* sipp.process.exitCode).toBe(0)
        const messages = yield* sipp.messages
        expect(messages).toContain("SIP/2.0 401 Unauthorized")
        expect(messages).toContain('Authorization: Digest username="alice"')
        expect(messages).toContain("SIP/2.0 200 OK")
      })
    )

    it.scoped("register with a wrong password: the registrar answers 403 and the verdict is registration_failed", () =>
      Effect.gen(function* () {
        const { sipp, verdict } = yield* registerAlice("registrar-digest.xml", "wrong")
        expect(verdict).toMatchObject({
          _tag: "RegistrationFailed",
          result: { event: "registration_failed", code: 403, reason: "Forbidden" }
        })
        expect(yield* sipp.process.exitCode).toBe(0)
        expect(yield* sipp.messages).toContain("SIP/2.0 403 Forbidden")
      })
    )

    it.scoped("unregister: unregistering, then unregistered when the registrar accepts Expires: 0", () =>
      Effect.gen(function* () {
        const sipp = yield* runSipp(scenario("registrar-unregister.xml"))
        const port = sipp.port
        const session = yield* openSession
        const sip = yield* Sip.attach(session)
        yield* sip.registerAndAwait({ username: "sip:bob@127.0.0.1", secret: "x", proxy: `sip:127.0.0.1:${port}` })
        const unregistered = yield* sip.events.pipe(
          Stream.filter((event) => event._tag === "Unregistered"),
          Stream.runHead,
          Effect.timeout("10 seconds"),
          Effect.fork
        )
        yield* Effect.sleep("50 millis")
        expect(yield* sip.unregister()).toMatchObject({ _tag: "Unregistering", result: { event: "unregistering" } })
        expect(Option.getOrThrow(yield* Fiber.join(unregistered))).toMatchObject({
          _tag: "Unregistered",
          result: { event: "unregistered", username: "bob" }
        })
        expect(yield* sipp.process.exitCode).toBe(0)
        // sipp received the REGISTER and the un-REGISTER.
        expect((yield* sipp.messages).match(/^REGISTER sip:/gm)).toHaveLength(2)
      })
    )

    it.scoped("a guest register sends no REGISTER: Registered with register_sent false at once", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const sip = yield* Sip.attach(session)
        const registered = yield* sip.register({ username: "sip:guest@127.0.0.1", type: "guest" })
        expect(registered).toMatchObject({ _tag: "Registered", result: { register_sent: false } })
      })
    )

    it.scoped("errors: 443 no secret, 446 invalid SIP URI, 442 unknown request; hangup without a call is ignored", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const sip = yield* Sip.attach(session)
        const noSecret = yield* Effect.flip(sip.register({ username: "sip:alice@127.0.0.1", proxy: "sip:127.0.0.1" }))
        expect(plain(noSecret)).toMatchObject({ _tag: "PluginError", code: Sip.ErrorCode.MissingElement })
        const bad = yield* Effect.flip(sip.register({ username: "not a uri", secret: "x" }))
        expect(plain(bad)).toMatchObject({ _tag: "PluginError", code: Sip.ErrorCode.InvalidAddress })
        // Janus drops a hangup outside a call without any answer: the typed request times out.
        const noCall = yield* Effect.flip(sip.hangup(undefined, { timeout: "1 second" }))
        expect(plain(noCall)).toMatchObject({ _tag: "TransportError", reason: "timeout" })
        const unknown = yield* Effect.flip(sip.handle.message({ request: "dance" }))
        expect(plain(unknown)).toMatchObject({ _tag: "PluginError", code: Sip.ErrorCode.InvalidRequest })
      })
    )
  })
})
