import { describe, expect, it } from "@effect/vitest"
import { InMemoryTransport, JanusTransport, type Protocol, Session } from "@effect-janus/core"
import { Effect, Either, Option, Ref, Schedule, SubscriptionRef, TestClock } from "effect"
import {
  AudioBridge,
  type Common,
  type PluginRequestError,
  Sip,
  Streaming,
  TextRoom,
  VideoCall,
  VideoRoom
} from "../src/index.js"

type Data = Record<string, unknown>

/**
 * A fake Janus whose plugins answer by `answer` (a plugin message gets the frames `answer` returns: a synchronous
 * `success`, or `ack` + events), and that can "forget" its sessions: every later `claim` is refused with 458, as
 * after a Janus restart (a re-created session then gets a new id).
 */
const fakeServer = (answer: (body: Data, reply: Replies) => ReadonlyArray<unknown>) => {
  const janus = InMemoryTransport.fakeJanus()
  let forgotten = false
  return {
    forget: Effect.sync(() => {
      forgotten = true
    }),
    handler: (request: Protocol.WireRequest) =>
      request.janus === "claim" && forgotten
        ? Effect.succeed([
            {
              janus: "error",
              session_id: request.session_id,
              transaction: request.transaction,
              error: { code: 458, reason: "No such session" }
            }
          ])
        : Effect.map(janus(request), (frames) => {
            // Core requests, and messages to an unknown session or handle, as the fake Janus answers them.
            if (request.janus !== "message" || (frames[0] as { janus?: string }).janus === "error") return frames
            const base = { session_id: request.session_id, sender: request.handle_id, transaction: request.transaction }
            const plugindata = (data: Data) => ({ plugin: "janus.plugin.test", data })
            return answer(request.body as Data, {
              sync: (data) => [{ janus: "success", ...base, plugindata: plugindata(data) }],
              events: (...events) => [
                { janus: "ack", session_id: request.session_id, transaction: request.transaction },
                ...events.map((data) => ({ janus: "event", ...base, plugindata: plugindata(data) }))
              ]
            })
          })
  }
}

interface Replies {
  /** A synchronous plugin answer (`success` with `plugindata`), as for `listparticipants` or `info`. */
  readonly sync: (data: Data) => ReadonlyArray<unknown>
  /** `ack`, then one `event` per value with the request's transaction, as for `register` or VideoCall `list`. */
  readonly events: (...events: ReadonlyArray<Data>) => ReadonlyArray<unknown>
}

/** Reconnects once a second; no liveness pings. */
const policy = { reconnect: Schedule.spaced("1 second"), liveness: false } as const

/** An in-memory transport with reconnects, served by `server`, and a session on it. */
const setup = (server: ReturnType<typeof fakeServer>, options?: Session.SessionOptions) =>
  Effect.gen(function* () {
    const mem = yield* InMemoryTransport.make(policy)
    yield* mem.server.serve(server.handler)
    const session = yield* Session.make({ keepAlive: false, ...options }).pipe(
      Effect.provideService(JanusTransport, mem.transport)
    )
    return { ...mem, session }
  })

/** Drops the link and lets the reconnect policy open a new one: the session claims itself and re-syncs. */
const cutAndReclaim = (server: InMemoryTransport.InMemoryServer) =>
  Effect.zipRight(server.drop, TestClock.adjust("1 second"))

/** The app's side: every `Resynced` value a plugin's `resync` hands over, in order. */
const collector = <A, E = PluginRequestError>() =>
  Effect.map(Ref.make<ReadonlyArray<Common.Resynced<A, E>>>([]), (seen) => ({
    seen,
    onResync: (resynced: Common.Resynced<A, E>) => Ref.update(seen, (all) => [...all, resynced])
  }))

const messagesOf = (server: InMemoryTransport.InMemoryServer) =>
  Effect.map(server.requests, (requests) => requests.flatMap((r) => (r.janus === "message" ? [r.body] : [])))

describe("plugins' re-sync after a reclaim (in-memory transport, TestClock)", () => {
  it.scoped(
    "VideoRoom: listparticipants after each reclaim shows who joined during the gap, in a SubscriptionRef",
    () =>
      Effect.gen(function* () {
        const participants: Array<Data> = [{ id: 1, display: "alice", publisher: true }]
        const server = fakeServer((body, reply) =>
          body.request === "listparticipants"
            ? reply.sync({ videoroom: "participants", room: body.room, participants: [...participants] })
            : reply.events({ videoroom: "event" })
        )
        const mem = yield* setup(server)
        const latest = yield* SubscriptionRef.make(Option.none<Common.Resynced<VideoRoom.Participants>>())
        yield* VideoRoom.attach(mem.session, {
          resync: VideoRoom.resync({ room: 1234 }, (resynced) => SubscriptionRef.set(latest, Option.some(resynced)))
        })
        expect(Option.isNone(yield* SubscriptionRef.get(latest))).toBe(true) // nothing runs before a recovery
        expect(yield* messagesOf(mem.server)).toEqual([])

        yield* mem.server.drop
        participants.push({ id: 2, display: "bob", publisher: false }) // Janus had a `joined` for us: dropped
        yield* TestClock.adjust("1 second")
        const first = Option.getOrThrow(yield* SubscriptionRef.get(latest))
        expect(first.recovery).toMatchObject({ _tag: "Reclaimed", gap: 1000 })
        expect(first.result).toEqual(
          Either.right({ _tag: "Participants", videoroom: "participants", room: 1234, participants })
        )
        const order = (yield* mem.server.requests).map((r) => r.janus)
        expect(order.slice(order.lastIndexOf("claim"))).toEqual(["claim", "message"])

        participants.shift()
        yield* cutAndReclaim(mem.server)
        const second = Option.getOrThrow(yield* SubscriptionRef.get(latest))
        expect(second.recovery).toMatchObject({ _tag: "Reclaimed", generation: 3 })
        expect(Either.getOrThrow(second.result).participants.map((p) => p.display)).toEqual(["bob"])
        expect(yield* messagesOf(mem.server)).toEqual([
          { request: "listparticipants", room: 1234 },
          { request: "listparticipants", room: 1234 }
        ])
      })
  )

  it.scoped("VideoRoom: a room destroyed during the gap reaches the app as Left PluginError 426", () =>
    Effect.gen(function* () {
      const server = fakeServer((_, reply) =>
        reply.sync({ videoroom: "event", error_code: 426, error: "No such room (1234)" })
      )
      const mem = yield* setup(server)
      const app = yield* collector<VideoRoom.Participants>()
      yield* VideoRoom.attach(mem.session, { resync: VideoRoom.resync({ room: 1234 }, app.onResync) })
      yield* cutAndReclaim(mem.server)
      const [resynced] = yield* Ref.get(app.seen)
      expect(resynced?.recovery._tag).toBe("Reclaimed")
      const error = Either.getLeft(resynced!.result)
      expect(Option.map(error, (e) => ({ _tag: e._tag, code: (e as { code?: number }).code }))).toEqual(
        Option.some({ _tag: "PluginError", code: 426 })
      )
      // The session carries on: a failed re-sync is logged, never fatal.
      expect((yield* mem.session.state.get)._tag).toBe("Reclaimed")
    })
  )

  it.scoped(
    "AudioBridge, TextRoom, Streaming (re-attached) and VideoCall: each re-reads its state after a reclaim",
    () =>
      Effect.gen(function* () {
        const server = fakeServer((body, reply) => {
          switch (body.request) {
            case "listparticipants":
              return body.room === 1
                ? reply.sync({ audiobridge: "participants", room: body.room, participants: [{ id: 7, muted: true }] })
                : reply.sync({ room: body.room, participants: [{ username: "carol" }] })
            case "info":
              return reply.sync({ streaming: "info", info: { id: body.id, enabled: false, viewers: 2 } })
            default:
              return reply.events({ videocall: "event", result: { list: ["dave", "erin"] } })
          }
        })
        const mem = yield* setup(server)
        const audio = yield* collector<AudioBridge.Participants>()
        const text = yield* collector<TextRoom.Participants>()
        const stream = yield* collector<Streaming.Info>()
        const call = yield* collector<VideoCall.List>()
        yield* AudioBridge.attach(mem.session, { resync: AudioBridge.resync({ room: 1 }, audio.onResync) })
        yield* TextRoom.attach(mem.session, { resync: TextRoom.resync({ room: 2 }, text.onResync) })
        const watched = yield* Streaming.attach(mem.session)
        yield* Streaming.reattach(mem.session, watched.handle.id, {
          resync: Streaming.resync({ id: 3 }, stream.onResync)
        })
        yield* VideoCall.attach(mem.session, { resync: VideoCall.resync(call.onResync) })
        yield* cutAndReclaim(mem.server)

        const only = <A>(seen: ReadonlyArray<Common.Resynced<A>>) => {
          expect(seen).toHaveLength(1)
          expect(seen[0]!.recovery._tag).toBe("Reclaimed")
          return Either.getOrThrow(seen[0]!.result)
        }
        expect(only(yield* Ref.get(audio.seen))).toMatchObject({ room: 1, participants: [{ id: 7, muted: true }] })
        expect(only(yield* Ref.get(text.seen))).toMatchObject({ room: 2, participants: [{ username: "carol" }] })
        expect(only(yield* Ref.get(stream.seen))).toMatchObject({ info: { id: 3, enabled: false, viewers: 2 } })
        expect(only(yield* Ref.get(call.seen)).result.list).toEqual(["dave", "erin"])
      })
  )

  it.scoped(
    "Sip: re-registers with refresh after a reclaim, from scratch after a re-creation; the verdict reaches the app",
    () =>
      Effect.gen(function* () {
        const server = fakeServer((body, reply) =>
          reply.events(
            { sip: "event", result: { event: "registering" } },
            { sip: "event", result: { event: "registered", username: String(body.username).slice(4, 9) } }
          )
        )
        const mem = yield* setup(server, { onLost: "recreate" })
        const app = yield* collector<Sip.Registered | Sip.RegistrationFailed, unknown>()
        const credentials = { username: "sip:alice@example.com", secret: "s3cret" }
        yield* Sip.attach(mem.session, { resync: Sip.resync(credentials, app.onResync) })

        yield* cutAndReclaim(mem.server)
        yield* server.forget
        yield* cutAndReclaim(mem.server)

        const seen = yield* Ref.get(app.seen)
        expect(seen.map((r) => r.recovery._tag)).toEqual(["Reclaimed", "Recreated"])
        for (const resynced of seen) {
          expect(Either.getOrThrow(resynced.result)).toMatchObject({
            _tag: "Registered",
            result: { username: "alice" }
          })
        }
        expect(yield* messagesOf(mem.server)).toEqual([
          { request: "register", ...credentials, refresh: true },
          { request: "register", ...credentials }
        ])
      })
  )
})
