import { describe, expect, it } from "@effect/vitest"
import {
  Ids,
  InMemoryTransport,
  JanusTransport,
  type PluginHandle,
  type Protocol,
  Session,
  SessionState
} from "@effect-janus/core"
import { Effect, Option, Queue, Schedule, Stream, SubscriptionRef } from "effect"
import * as MediaState from "../src/MediaState.js"
import * as Peer from "../src/Peer.js"
import * as Fake from "./FakePeerConnection.js"

type Wire = Protocol.WireRequest
type Trickle = Extract<Wire, { readonly janus: "trickle" }>
type Message = Extract<Wire, { readonly janus: "message" }>

const host = (name: string) => `candidate:${name} 1 udp 2130706431 127.0.0.1 5000 typ host`

/**
 * The in-memory fake Janus, plus: a `message` with an SDP offer is answered with an SDP answer, one whose body says
 * `offerMe` with an SDP offer; `trickle` and `message` requests are also put on queues for the test to take.
 */
const fakeJanus = Effect.gen(function* () {
  const trickles = yield* Queue.unbounded<Trickle>()
  const messages = yield* Queue.unbounded<Message>()
  const janus = InMemoryTransport.fakeJanus()
  const handler = (request: Wire) => {
    if (request.janus === "trickle") Queue.unsafeOffer(trickles, request)
    if (request.janus !== "message") return janus(request)
    Queue.unsafeOffer(messages, request)
    const jsep =
      request.jsep?.type === "offer"
        ? { type: "answer", sdp: "v=0\r\nanswer\r\n" }
        : request.body.offerMe === true
          ? { type: "offer", sdp: "v=0\r\noffer\r\n" }
          : undefined
    return Effect.map(janus(request), (frames) =>
      frames.map((frame) =>
        jsep !== undefined && (frame as { janus: string }).janus === "event" ? { ...(frame as object), jsep } : frame
      )
    )
  }
  return { trickles, messages, handler }
})

/** A session on an in-memory transport served by {@link fakeJanus}, an EchoTest handle, and a Peer on `pc`. */
const setup = (pc: Fake.FakePeerConnection, options?: InMemoryTransport.InMemoryOptions) =>
  Effect.gen(function* () {
    const { server, transport } = yield* InMemoryTransport.make(options)
    const janus = yield* fakeJanus
    yield* server.serve(janus.handler)
    const session = yield* Session.make({ keepAlive: false }).pipe(Effect.provideService(JanusTransport, transport))
    const handle = yield* session.attach("janus.plugin.echotest")
    const peer = yield* Peer.make(handle).pipe(Effect.provide(Fake.layer(pc)))
    return { server, session, handle, peer, ...janus }
  })

/** Pushes a handle message from "Janus". */
const push = (server: InMemoryTransport.InMemoryServer, handle: PluginHandle, message: Record<string, unknown>) =>
  server.push({ session_id: handle.sessionId, sender: handle.id, ...message })

/**
 * Pushes `media` for `mid` and waits until the peer's media state shows it: the peer handles the handle's messages
 * in order, so everything pushed before has been handled too.
 */
const sync = (
  server: InMemoryTransport.InMemoryServer,
  handle: PluginHandle,
  peer: Peer.Peer,
  mid: string,
  receiving = true
) =>
  Effect.zipRight(
    push(server, handle, { janus: "media", mid, receiving }),
    peer.mediaState.changes.pipe(
      Stream.filter((state) => state.receiving[mid] === receiving),
      Stream.runHead
    )
  )

describe("Peer: negotiation through a handle (in-memory Janus, fake WebRTC stack)", () => {
  it.scopedLive("offer: the SDP goes without candidates; they follow by trickle, batched, then end-of-candidates", () =>
    Effect.gen(function* () {
      const pc = new Fake.FakePeerConnection()
      // As werift does: every candidate is gathered inside setLocalDescription.
      pc.onSetLocal = (pc) => {
        pc.candidate(host("a"))
        pc.candidate(`${host("b")} skip`)
        pc.candidate(host("c"))
        // A browser ends a generation with an empty candidate, then gathering with null: one end marker.
        pc.candidate("")
        pc.candidate(null)
      }
      const { peer, handle, trickles, messages, server } = yield* setup(pc)

      const reply = yield* peer.offer((jsep) => handle.message({ audio: true }, jsep))
      expect(reply.jsep).toEqual({ type: "answer", sdp: "v=0\r\nanswer\r\n" })
      const sent = yield* Queue.take(messages)
      expect(sent.jsep).toEqual({ type: "offer", sdp: "v=0\r\nm=audio\r\n", trickle: true })
      expect(pc.calls).toEqual(["createOffer", "setLocalDescription(offer)", "setRemoteDescription(answer)"])

      // All that was gathered by then in one request (the filtered one left out), then the end marker.
      const first = yield* Queue.take(trickles)
      expect(first.candidates).toEqual([
        { candidate: host("a"), sdpMid: "0", sdpMLineIndex: 0 },
        { candidate: host("c"), sdpMid: "0", sdpMLineIndex: 0 }
      ])
      expect((yield* Queue.take(trickles)).candidate).toEqual({ completed: true })
      const order = (yield* server.requests).map((request) => request.janus)
      expect(order.indexOf("message")).toBeLessThan(order.indexOf("trickle"))

      // A late candidate goes alone.
      pc.candidate(host("d"))
      expect((yield* Queue.take(trickles)).candidate).toEqual({ candidate: host("d"), sdpMid: "0", sdpMLineIndex: 0 })
    })
  )

  it.scopedLive("candidates gathered before the description is sent wait for it (none trickled before)", () =>
    Effect.gen(function* () {
      const pc = new Fake.FakePeerConnection()
      const { peer, handle, trickles, server } = yield* setup(pc)
      pc.candidate(host("early"))
      yield* peer.offer((jsep) => handle.message({}, jsep))
      expect((yield* Queue.take(trickles)).candidate).toEqual({
        candidate: host("early"),
        sdpMid: "0",
        sdpMLineIndex: 0
      })
      const order = (yield* server.requests).map((request) => request.janus)
      expect(order.filter((janus) => janus === "message" || janus === "trickle")).toEqual(["message", "trickle"])
    })
  )

  it.scopedLive("answer: Janus's candidates are held until its offer is applied, then added; later ones at once", () =>
    Effect.gen(function* () {
      const pc = new Fake.FakePeerConnection()
      const { peer, handle, server } = yield* setup(pc)
      yield* push(server, handle, { janus: "trickle", candidate: { candidate: host("r1"), sdpMid: "0" } })
      yield* push(server, handle, { janus: "trickle", candidate: { completed: true } })
      yield* sync(server, handle, peer, "0")
      expect(pc.calls).toEqual([])

      const offer = yield* handle.message({ offerMe: true })
      const started = yield* peer.answer(offer.jsep, (jsep) => handle.message({ request: "start" }, jsep))
      expect(started.data).toEqual({ echo: { request: "start" } })
      expect(pc.calls).toEqual([
        "setRemoteDescription(offer)",
        `addIceCandidate(${host("r1")})`,
        "createAnswer",
        "setLocalDescription(answer)"
      ])

      yield* push(server, handle, { janus: "trickle", candidate: { candidate: host("r2"), sdpMLineIndex: 0 } })
      yield* sync(server, handle, peer, "1")
      expect(pc.calls.at(-1)).toBe(`addIceCandidate(${host("r2")})`)
    })
  )

  it.scopedLive("a reply without the expected SDP, or one the stack refuses, fails with WebRtcError", () =>
    Effect.gen(function* () {
      const pc = new Fake.FakePeerConnection()
      const { peer, handle } = yield* setup(pc)
      const none = yield* Effect.flip(peer.offer(() => Effect.succeed({})))
      expect(none).toMatchObject({ _tag: "WebRtcError", reason: "missing-jsep" })
      const later = yield* peer.offer(() => Effect.succeed({ later: true, jsep: undefined }), { expectAnswer: false })
      expect(later).toEqual({ later: true, jsep: undefined })
      const bad = yield* Effect.flip(peer.setRemote({ type: "answer", sdp: "bad" }))
      expect(bad).toMatchObject({ _tag: "WebRtcError", reason: "set-remote" })
      const wrong = yield* Effect.flip(peer.answer({ type: "answer", sdp: "v=0" }, (jsep) => handle.message({}, jsep)))
      expect(wrong).toMatchObject({ _tag: "WebRtcError", reason: "missing-jsep" })
    })
  )

  it.scopedLive("the media state folds webrtcup, media, slowlink, hangup and the connection state", () =>
    Effect.gen(function* () {
      const pc = new Fake.FakePeerConnection()
      const { peer, handle, server } = yield* setup(pc)
      expect(yield* peer.mediaState.get).toEqual(MediaState.initial)

      pc.connectionState = "connected"
      pc.fire("connectionstatechange", {})
      expect(yield* peer.connectionState.get).toBe("connected")
      yield* push(server, handle, { janus: "webrtcup" })
      yield* push(server, handle, { janus: "slowlink", uplink: true, mid: "1", media: "video", lost: 12 })
      yield* sync(server, handle, peer, "0")
      const up = yield* peer.mediaState.get
      expect(up).toEqual({
        connection: "connected",
        webrtcUp: true,
        receiving: { "0": true },
        slowlink: Option.some({ uplink: true, media: "video", mid: "1", lost: 12 }),
        hangup: Option.none(),
        iceRestarts: 0
      })
      expect(MediaState.isUp(up)).toBe(true)
      expect(yield* Peer.awaitUp(peer)).toEqual(up)

      yield* push(server, handle, { janus: "hangup", reason: "DTLS alert" })
      const down = yield* peer.mediaState.changes.pipe(
        Stream.filter((state) => Option.isSome(state.hangup)),
        Stream.runHead
      )
      expect(down).toEqual(Option.some({ ...up, webrtcUp: false, receiving: {}, hangup: Option.some("DTLS alert") }))
    })
  )

  it.scopedLive("restartIce: a client offer with iceRestart, or Janus's restart offer answered", () =>
    Effect.gen(function* () {
      const pc = new Fake.FakePeerConnection()
      const { peer, handle, messages } = yield* setup(pc)
      yield* peer.offer((jsep) => handle.message({}, jsep))
      yield* peer.restartIce(Peer.clientOffers((jsep) => handle.message({ restart: "client" }, jsep)))
      yield* peer.restartIce(
        Peer.janusOffers(handle.message({ offerMe: true }), (jsep) => handle.message({ request: "start" }, jsep))
      )
      expect(pc.calls).toEqual([
        "createOffer",
        "setLocalDescription(offer)",
        "setRemoteDescription(answer)",
        "createOffer(iceRestart)",
        "setLocalDescription(offer)",
        "setRemoteDescription(answer)",
        "setRemoteDescription(offer)",
        "createAnswer",
        "setLocalDescription(answer)"
      ])
      const sent = yield* Queue.takeAll(messages)
      expect([...sent].map((message) => [message.body, message.jsep?.type])).toEqual([
        [{}, "offer"],
        [{ restart: "client" }, "offer"],
        [{ offerMe: true }, undefined],
        [{ request: "start" }, "answer"]
      ])
      expect((yield* peer.mediaState.get).iceRestarts).toBe(2)
    })
  )

  it.scopedLive(
    "answerEach: every offer on the stream is answered in turn; the rest skipped, a failure not fatal",
    () =>
      Effect.gen(function* () {
        const pc = new Fake.FakePeerConnection()
        const { peer, handle, messages } = yield* setup(pc)
        const offer = { type: "offer", sdp: "v=0\r\noffer\r\n" }
        const offers = Stream.make(
          { jsep: offer },
          { jsep: undefined },
          { jsep: { type: "answer", sdp: "v=0" } },
          { jsep: { type: "offer", sdp: "bad" } },
          { jsep: offer }
        )
        yield* Peer.answerEach(peer, offers, (jsep) => handle.message({ request: "start" }, jsep), "test")
        const answers = [yield* Queue.take(messages), yield* Queue.take(messages)]
        expect(answers.map((message) => message.jsep?.type)).toEqual(["answer", "answer"])
        expect(pc.calls.filter((call) => call.startsWith("setRemoteDescription"))).toEqual([
          "setRemoteDescription(offer)",
          "setRemoteDescription(offer)",
          "setRemoteDescription(offer)"
        ])
      })
  )

  it.scopedLive("restartIceOnReclaim: the connection to Janus drops, the session is reclaimed, ICE restarts", () =>
    Effect.gen(function* () {
      const pc = new Fake.FakePeerConnection()
      const { peer, handle, messages, server, session } = yield* setup(pc, { reconnect: Schedule.spaced("10 millis") })
      yield* peer.offer((jsep) => handle.message({}, jsep))
      yield* Peer.restartIceOnReclaim(
        peer,
        session.state,
        Peer.clientOffers((jsep) => handle.message({ restart: true }, jsep))
      )
      yield* Queue.take(messages)

      yield* server.drop
      const restart = yield* Queue.take(messages)
      expect(restart.body).toEqual({ restart: true })
      expect(restart.jsep?.type).toBe("offer")
      expect(pc.calls).toContain("createOffer(iceRestart)")
      expect((yield* session.state.get)._tag).toBe("Reclaimed")
    })
  )

  it.scopedLive("restartIceOnReclaim: once per new reclaim; not for an earlier one, a repeat, or a re-creation", () =>
    Effect.gen(function* () {
      const pc = new Fake.FakePeerConnection()
      const { peer, handle, messages } = yield* setup(pc)
      yield* peer.offer((jsep) => handle.message({}, jsep))
      yield* Queue.take(messages)
      const state = yield* SubscriptionRef.make<SessionState>(SessionState.Reclaimed({ generation: 1, gap: 10 }))
      let restarts = 0
      // Each restart says how many there were so far, and the generation of the state when it was sent.
      const restart = Peer.clientOffers((jsep) =>
        Effect.flatMap(state.get, (now) =>
          handle.message({ restart: ++restarts, generation: now._tag === "Reclaimed" ? now.generation : 0 }, jsep)
        )
      )
      yield* Peer.restartIceOnReclaim(peer, state, restart)

      const reclaimed = (generation: number) => SessionState.Reclaimed({ generation, gap: 10 })
      const recreated = SessionState.Recreated({
        oldId: Ids.SessionId.make(1),
        newId: Ids.SessionId.make(2),
        gap: 10,
        handles: []
      })
      const nextRestart = Effect.flatMap(Queue.take(messages), (message) => Effect.succeed(message.body))
      yield* SubscriptionRef.set(state, reclaimed(2))
      expect(yield* nextRestart).toEqual({ restart: 1, generation: 2 })
      // None of these but the last is a new reclaim; the states are handled in order.
      for (const next of [recreated, reclaimed(2), SessionState.Active(), reclaimed(3)]) {
        yield* SubscriptionRef.set(state, next)
      }
      expect(yield* nextRestart).toEqual({ restart: 2, generation: 3 })
      yield* SubscriptionRef.set(state, reclaimed(99))
      expect(yield* nextRestart).toEqual({ restart: 3, generation: 99 })
      expect(pc.calls.filter((call) => call === "createOffer(iceRestart)")).toHaveLength(3)
    })
  )
})
