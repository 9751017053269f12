import { describe, expect, layer } from "@effect/vitest"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect, Fiber, Option, Stream } from "effect"
import { type Common, VideoCall } from "../src/index.js"
import { answerFor, offer } from "./sdp.js"
import { openSession, plain } from "./support.js"

describe("VideoCall on a real Janus", () => {
  JanusServer.printLogOnFailure()

  /** The first event of `tag` on `peer`, listened for before the caller triggers it. */
  const firstEvent = <T extends VideoCall.Event["_tag"]>(peer: VideoCall.VideoCall, tag: T) =>
    peer.events.pipe(
      Stream.filter((event): event is Common.WithJsep<Extract<VideoCall.Event, { _tag: T }>> => event._tag === tag),
      Stream.runHead,
      Effect.map(Option.getOrThrow),
      Effect.timeout("10 seconds"),
      Effect.fork,
      Effect.tap(() => Effect.sleep("50 millis"))
    )

  layer(JanusServer.layer(), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("list and register, with the errors of taken and repeated usernames", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const alice = yield* VideoCall.attach(session)
        const bob = yield* VideoCall.attach(session)
        const before = yield* alice.list()
        expect(before).toMatchObject({ _tag: "List", videocall: "event" })
        expect(before.result.list).not.toContain("alice")

        const registered = yield* alice.register({ username: "alice" })
        expect(registered).toMatchObject({ _tag: "Registered", result: { event: "registered", username: "alice" } })
        yield* bob.register({ username: "bob" })
        expect([...(yield* bob.list()).result.list].sort()).toEqual(["alice", "bob"])

        const taken = yield* Effect.flip(
          VideoCall.attach(session).pipe(Effect.flatMap((h) => h.register({ username: "alice" })))
        )
        expect(plain(taken)).toMatchObject({ _tag: "PluginError", code: VideoCall.ErrorCode.UsernameTaken })
        const twice = yield* Effect.flip(alice.register({ username: "alice2" }))
        expect(plain(twice)).toMatchObject({ _tag: "PluginError", code: VideoCall.ErrorCode.AlreadyRegistered })
      })
    )

    it.scoped("a call between two handles: calling, incomingcall (offer), accept (answer), set, hangup", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const dave = yield* VideoCall.attach(session)
        const erin = yield* VideoCall.attach(session)
        yield* dave.register({ username: "dave" })
        yield* erin.register({ username: "erin" })

        const incoming = yield* firstEvent(erin, "IncomingCall")
        const calling = yield* dave.call({ username: "erin" }, offer("audio", "video"))
        expect(calling).toMatchObject({ _tag: "Calling", result: { event: "calling" } })
        const call = yield* Fiber.join(incoming)
        expect(call).toMatchObject({ _tag: "IncomingCall", result: { event: "incomingcall", username: "dave" } })
        expect(call.jsep?.type).toBe("offer")

        const accepted = yield* firstEvent(dave, "Accepted")
        expect(yield* erin.accept(answerFor(call.jsep!.sdp))).toMatchObject({ _tag: "Accepted" })
        const daveSees = yield* Fiber.join(accepted)
        expect(daveSees).toMatchObject({ _tag: "Accepted", result: { event: "accepted", username: "erin" } })
        expect(daveSees.jsep?.type).toBe("answer")

        expect(yield* dave.set({ bitrate: 128000, audio: true })).toMatchObject({
          _tag: "Set",
          result: { event: "set" }
        })

        const hungUp = yield* firstEvent(erin, "Hangup")
        expect(yield* dave.hangup()).toMatchObject({ _tag: "Hangup", result: { event: "hangup" } })
        expect(yield* Fiber.join(hungUp)).toMatchObject({ _tag: "Hangup", result: { event: "hangup" } })
      })
    )

    it.scoped("call errors: register first (473), no such username (478); hangup without a call", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const carol = yield* VideoCall.attach(session)
        const unregistered = yield* Effect.flip(carol.call({ username: "nobody" }, offer("audio")))
        expect(plain(unregistered)).toMatchObject({ _tag: "PluginError", code: VideoCall.ErrorCode.RegisterFirst })
        // A fresh handle: a second offer on a handle whose first negotiation failed may be refused by the core.
        const frank = yield* VideoCall.attach(session)
        yield* frank.register({ username: "frank" })
        const unknown = yield* Effect.flip(frank.call({ username: "nobody" }, offer("audio")))
        expect(plain(unknown)).toMatchObject({ _tag: "PluginError", code: VideoCall.ErrorCode.NoSuchUsername })
        const hangup = yield* frank.hangup()
        expect(hangup).toMatchObject({ _tag: "Hangup", result: { event: "hangup", username: "frank" } })
      })
    )
  })
})
