import { describe, expect, layer } from "@effect/vitest"
import { JanusSession, PluginError } from "@effect-janus/core"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect, Fiber, Stream } from "effect"
import { EchoTest, PluginRequestBodyError } from "../src/index.js"
import { offer } from "./sdp.js"
import { openSession, plain } from "./support.js"

describe("EchoTest on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer(), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("a plain message is answered with the Ok event", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const echo = yield* EchoTest.attach(session)
        const ok = yield* echo.message({ audio: true, video: false, bitrate: 128000 })
        expect(ok).toEqual({ _tag: "Ok", echotest: "event", result: "ok" })
        expect(ok.jsep).toBeUndefined()
      })
    )

    it.scoped("fallback, opusred, min_delay, max_delay: accepted; Janus checks their types (413 otherwise)", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const echo = yield* EchoTest.attach(session)
        const ok = yield* echo.message(
          { audio: true, video: true, opusred: true, fallback: 500000, min_delay: 0, max_delay: 10 },
          offer("audio", "video")
        )
        expect(ok._tag).toBe("Ok")
        expect(ok.jsep?.type).toBe("answer")
        // Janus validates each of these fields: the wrong type is refused, so the plugin does read them.
        for (const wrong of [{ fallback: "x" }, { opusred: "x" }, { min_delay: "x" }, { max_delay: "x" }]) {
          const error = yield* Effect.flip(echo.handle.message(wrong))
          expect(plain(error)).toMatchObject({ _tag: "PluginError", code: EchoTest.ErrorCode.InvalidElement })
        }
      })
    )

    it.scoped("the answer also arrives on the decoded event stream", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const echo = yield* EchoTest.attach(session)
        const first = yield* echo.events.pipe(Stream.take(1), Stream.runCollect, Effect.fork)
        yield* Effect.sleep("50 millis")
        yield* echo.message({ record: false })
        const events = yield* Fiber.join(first)
        expect([...events].map((event) => event._tag)).toEqual(["Ok"])
      })
    )

    it.scoped("a field of the wrong type: the typed request refuses it unsent, Janus answers 413", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const echo = yield* EchoTest.attach(session)
        // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input, as a JavaScript caller could send
        const refused = yield* Effect.flip(echo.message({ audio: "yes" as any }))
        expect(refused).toBeInstanceOf(PluginRequestBodyError)
        expect(plain(refused)).toMatchObject({ plugin: "janus.plugin.echotest", request: "message" })
        const error = yield* Effect.flip(echo.handle.message({ audio: "yes" }))
        expect(error).toBeInstanceOf(PluginError)
        expect(error).toMatchObject({
          _tag: "PluginError",
          plugin: "janus.plugin.echotest",
          code: EchoTest.ErrorCode.InvalidElement
        })
      })
    )

    it.scoped("a message with a JSEP offer is answered with Ok and the plugin's SDP answer", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const echo = yield* EchoTest.attach(session)
        const ok = yield* echo.message({ audio: true, video: true }, offer("audio", "video"))
        expect(ok._tag).toBe("Ok")
        expect(ok.jsep?.type).toBe("answer")
        expect(ok.jsep?.sdp).toContain("m=audio")
        expect(ok.jsep?.sdp).toContain("m=video")
      })
    )

    it.scoped("an empty message fails with PluginError 413 (no supported attributes)", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const echo = yield* EchoTest.attach(session)
        const error = yield* Effect.flip(echo.message())
        expect(plain(error)).toMatchObject({ _tag: "PluginError", code: 413 })
      })
    )

    it.scoped("the layer provides the EchoTest service for the session in context", () =>
      Effect.gen(function* () {
        const echo = yield* EchoTest.EchoTest
        const ok = yield* echo.message({ video: true })
        expect(ok._tag).toBe("Ok")
        expect(echo.handle.plugin).toBe("janus.plugin.echotest")
      }).pipe(Effect.provide(EchoTest.layer()), Effect.provideServiceEffect(JanusSession, openSession))
    )
  })
})
