import { describe, expect, it } from "@effect/vitest"
import { InMemoryTransport, JanusTransport, type Protocol, Session } from "@effect-janus/core"
import { Effect, Fiber, Queue, Schema, Stream, TestClock } from "effect"
import { Common, EchoTest, PluginResponseError, Sip, Streaming, TextRoom, VideoRoom } from "../src/index.js"
import { plain } from "./support.js"

type Reply = { readonly data: Record<string, unknown>; readonly jsep?: Protocol.Jsep }

/**
 * fakeJanus, except that plugin messages are answered by `reply`: an ack, then one event per reply, each with the
 * request's transaction (as the SIP plugin does for `registering` and `registered`), all in one go.
 */
const scripted = (reply: (body: Record<string, unknown>) => Reply | ReadonlyArray<Reply>) => {
  const fake = InMemoryTransport.fakeJanus()
  return (request: Protocol.WireRequest) => {
    if (request.janus !== "message") return fake(request)
    const replies = reply(request.body)
    const base = { session_id: request.session_id, sender: request.handle_id, transaction: request.transaction }
    return Effect.succeed([
      { janus: "ack", session_id: request.session_id, transaction: request.transaction },
      ...(Array.isArray(replies) ? replies : [replies as Reply]).map(({ data, jsep }) => ({
        janus: "event",
        ...base,
        plugindata: { plugin: "janus.plugin.test", data },
        ...(jsep ? { jsep } : {})
      }))
    ])
  }
}

/** An in-memory server answering with `reply`, a session on it, and the server side for inspection. */
const setup = (reply: (body: Record<string, unknown>) => Reply | ReadonlyArray<Reply>) =>
  Effect.gen(function* () {
    const { server, transport } = yield* InMemoryTransport.make()
    yield* server.serve(scripted(reply))
    const session = yield* Session.make({ keepAlive: false }).pipe(Effect.provideService(JanusTransport, transport))
    return { server, session }
  })

const sentBodies = (server: InMemoryTransport.InMemoryServer) =>
  Effect.map(server.requests, (requests) => requests.flatMap((r) => (r.janus === "message" ? [r.body] : [])))

describe("typed requests over the in-memory transport", () => {
  it.scoped("an answer that does not match the schema fails with PluginResponseError, data kept", () =>
    Effect.gen(function* () {
      const { session } = yield* setup(() => ({ data: { videoroom: "created", permanent: false } }))
      const videoroom = yield* VideoRoom.attach(session)
      const error = yield* Effect.flip(videoroom.create({ room: 1 }))
      expect(error).toBeInstanceOf(PluginResponseError)
      expect(plain(error)).toMatchObject({
        _tag: "PluginResponseError",
        request: "create",
        data: { videoroom: "created", permanent: false }
      })
      expect((error as PluginResponseError).message).toContain("room")
    })
  )

  it.scoped("the answer's jsep rides along the decoded value", () =>
    Effect.gen(function* () {
      const jsep = { type: "answer", sdp: "v=0\r\n" }
      const { session } = yield* setup(() => ({ data: { echotest: "event", result: "ok" }, jsep }))
      const echo = yield* EchoTest.attach(session)
      expect(yield* echo.message({ audio: true })).toEqual({ _tag: "Ok", echotest: "event", result: "ok", jsep })
    })
  )

  it.scoped("request bodies: names from the request schemas, ptype, EchoTest's unnamed body, disable's default", () =>
    Effect.gen(function* () {
      const { server, session } = yield* setup((body) =>
        body.request === "list"
          ? { data: { textroom: "success", list: [] } }
          : body.request === "disable"
            ? { data: { streaming: "ok" } }
            : body.request === "join"
              ? { data: { videoroom: "attached", room: 1, streams: [] } }
              : { data: { echotest: "event", result: "ok" } }
      )
      yield* Effect.flatMap(TextRoom.attach(session), (t) => t.list())
      yield* Effect.flatMap(Streaming.attach(session), (s) => s.disable({ id: 7 }))
      yield* Effect.flatMap(Streaming.attach(session), (s) => s.disable({ id: 8, stop_recording: true }))
      yield* Effect.flatMap(VideoRoom.attach(session), (v) => v.joinSubscriber({ room: 1, streams: [{ feed: 2 }] }))
      yield* Effect.flatMap(EchoTest.attach(session), (e) => e.message({ video: false }))
      expect(yield* sentBodies(server)).toEqual([
        // janus_textroom.c copies `request` into the `textroom` field it reads.
        { request: "list" },
        { id: 7, stop_recording: false, request: "disable" },
        { id: 8, stop_recording: true, request: "disable" },
        { room: 1, streams: [{ feed: 2 }], ptype: "subscriber", request: "join" },
        { video: false }
      ])
    })
  )

  it.scopedLive("events: known ones tagged, unknown ones as Unknown, errors as Error, jsep attached", () =>
    Effect.gen(function* () {
      const { server, session } = yield* setup(() => ({ data: {} }))
      const videoroom = yield* VideoRoom.attach(session)
      const collected = yield* videoroom.events.pipe(Stream.take(4), Stream.runCollect, Effect.fork)
      yield* Effect.sleep("10 millis")
      const push = (data: Record<string, unknown>, jsep?: Protocol.Jsep) =>
        server.push({
          janus: "event",
          session_id: session.id,
          sender: videoroom.handle.id,
          plugindata: { plugin: "janus.plugin.videoroom", data },
          ...(jsep ? { jsep } : {})
        })
      yield* push({ videoroom: "event", room: 1, leaving: 42 })
      yield* push({ videoroom: "event", room: 1, leaving: "ok", reason: "kicked" })
      yield* push({ videoroom: "event", error_code: 499, error: "boom" })
      yield* push({ videoroom: "brand-new", x: 1 }, { type: "offer", sdp: "v=0\r\n" })
      const events = [...(yield* Fiber.join(collected))]
      expect(events).toEqual([
        { _tag: "Leaving", videoroom: "event", room: 1, leaving: 42 },
        { _tag: "Kicked", videoroom: "event", room: 1, leaving: "ok", reason: "kicked" },
        { _tag: "Error", videoroom: "event", error_code: 499, error: "boom" },
        { _tag: "Unknown", data: { videoroom: "brand-new", x: 1 }, jsep: { type: "offer", sdp: "v=0\r\n" } }
      ])
    })
  )
})

describe("Sip.registerAndAwait", () => {
  const registering = { data: { sip: "event", result: { event: "registering" } } }

  it.scoped("catches a verdict that follows the first answer at once (it listens before sending)", () =>
    Effect.gen(function* () {
      const failed = {
        data: { sip: "event", result: { event: "registration_failed", code: 403, reason: "Forbidden" } }
      }
      const { session } = yield* setup(() => [registering, failed])
      const sip = yield* Sip.attach(session)
      const verdict = yield* sip.registerAndAwait({ username: "sip:a@b", secret: "s" })
      expect(verdict).toEqual({ _tag: "RegistrationFailed", ...failed.data })
    })
  )

  it.scoped("a guest registration is its own verdict", () =>
    Effect.gen(function* () {
      const registered = { sip: "event", result: { event: "registered", username: "a", register_sent: false } }
      const { session } = yield* setup(() => ({ data: registered }))
      const sip = yield* Sip.attach(session)
      expect(yield* sip.registerAndAwait({ username: "sip:a@b", type: "guest" })).toEqual({
        _tag: "Registered",
        ...registered
      })
    })
  )

  it.scoped("no verdict within the timeout fails with TransportError timeout", () =>
    Effect.gen(function* () {
      const { session } = yield* setup(() => registering)
      const sip = yield* Sip.attach(session)
      const fiber = yield* Effect.fork(
        sip.registerAndAwait({ username: "sip:a@b", secret: "s" }, { timeout: "5 seconds" })
      )
      yield* TestClock.adjust("6 seconds")
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(plain(error)).toMatchObject({ _tag: "TransportError", reason: "timeout" })
    })
  )
})

describe("event unions", () => {
  const decodeVideoRoom = Schema.decodeUnknownSync(VideoRoom.Event)

  it.prop("any JSON object decodes to some VideoRoom event (never fails)", [Common.JsonObject], ([data]) => {
    expect(typeof decodeVideoRoom(data)._tag).toBe("string")
  })

  it.prop("every encoded Joined decodes as Joined", [Schema.encodedSchema(VideoRoom.Joined)], ([data]) => {
    expect(decodeVideoRoom(data)._tag).toBe("Joined")
  })

  it.prop("every encoded Attached decodes as Attached", [Schema.encodedSchema(VideoRoom.Attached)], ([data]) => {
    expect(decodeVideoRoom(data)._tag).toBe("Attached")
  })

  it('an own `leaving: "ok"` is LeavingOk, another participant\'s `leaving: <id>` is Leaving', () => {
    expect(decodeVideoRoom({ videoroom: "event", leaving: "ok" })._tag).toBe("LeavingOk")
    expect(decodeVideoRoom({ videoroom: "event", leaving: "alice" })._tag).toBe("Leaving")
    expect(decodeVideoRoom({ videoroom: "event", unpublished: "ok" })._tag).toBe("UnpublishedOk")
    expect(decodeVideoRoom({ videoroom: "event", unpublished: 5 })._tag).toBe("Unpublished")
  })
})

describe("TextRoom.channel over a scripted data channel", () => {
  /** A peer that answers each frame with `answer(frame)` (or nothing), on the same channel. */
  const peer = (answer: (frame: { textroom: string; transaction: string }) => object | undefined) =>
    Effect.gen(function* () {
      const frames = yield* Queue.unbounded<string>()
      const sent: Array<Record<string, unknown>> = []
      const channel = yield* TextRoom.channel({
        send: (frame) =>
          Effect.sync(() => {
            const parsed = JSON.parse(frame)
            sent.push(parsed)
            const reply = answer(parsed)
            if (reply !== undefined) Queue.unsafeOffer(frames, JSON.stringify(reply))
          }),
        frames: Stream.fromQueue(frames)
      })
      return { channel, sent }
    })

  it.scoped("a reply is matched by transaction; an error reply fails with PluginError; ack: false awaits nothing", () =>
    Effect.gen(function* () {
      const { channel, sent } = yield* peer((frame) =>
        frame.textroom === "join"
          ? { textroom: "success", transaction: frame.transaction, participants: [{ username: "x" }] }
          : frame.textroom === "leave"
            ? { textroom: "error", transaction: frame.transaction, error_code: 422, error: "Not in room" }
            : undefined
      )
      expect(yield* channel.join({ room: 1, username: "me" })).toMatchObject({
        _tag: "Success",
        participants: [{ username: "x" }]
      })
      const error = yield* Effect.flip(channel.leave({ room: 1 }))
      expect(plain(error)).toMatchObject({ _tag: "PluginError", code: 422, reason: "Not in room" })
      expect(yield* channel.message({ room: 1, text: "hi", ack: false })).toBeUndefined()
      expect(sent.map((frame) => frame.textroom)).toEqual(["join", "leave", "message"])
      expect(new Set(sent.map((frame) => frame.transaction)).size).toBe(3)
    })
  )

  it.scoped("no reply within the timeout: TransportError timeout; a closed channel: TransportError closed", () =>
    Effect.gen(function* () {
      const silent = yield* peer(() => undefined)
      const fiber = yield* Effect.fork(silent.channel.join({ room: 1, username: "me" }, { timeout: "1 second" }))
      yield* TestClock.adjust("2 seconds")
      expect(plain(yield* Effect.flip(Fiber.join(fiber)))).toMatchObject({ _tag: "TransportError", reason: "timeout" })

      // Whether the end of the frames is seen before or after the request subscribes, the answer is `closed`.
      const closed = yield* TextRoom.channel({ send: () => Effect.void, frames: Stream.empty })
      const error = yield* Effect.flip(closed.join({ room: 1, username: "me" }))
      expect(plain(error)).toMatchObject({ _tag: "TransportError", reason: "closed" })
    })
  )
})
