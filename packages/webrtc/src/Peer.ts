/**
 * A peer connection negotiated through a Janus plugin handle (Janus docs: "The Janus API › Plugin handles" and
 * "Trickle ICE"; janus.js's `createOffer` / `createAnswer` / `handleRemoteJsep` do the same for browsers):
 *
 * - `offer`: our offer (`createOffer`, `setLocalDescription`) goes to the plugin in the request you send (e.g.
 *   `handle.message(body, jsep)` or a plugin wrapper's `publish(params, jsep)`); the SDP answer in its reply is
 *   applied;
 * - `answer`: the plugin's offer (e.g. VideoRoom subscriber `join`, Streaming `watch`, SIP `incomingcall`) is applied
 *   and our answer goes in the request you send (e.g. `start`, `accept`);
 * - our ICE candidates are trickled to the handle once the first description is sent — batched: each `trickle`
 *   request carries everything gathered by then — and the end of gathering as `{"completed": true}`; Janus's
 *   `trickle` messages are added to the connection (held until the remote description is set);
 * - remote tracks, data channels the other side opens, and the connection state are Streams; the handle's
 *   `webrtcup`, `media`, `slowlink` and `hangup` are folded with the connection state into one {@link MediaState};
 * - `restartIce`: a new negotiation with fresh ICE credentials (see {@link Restart}), by hand or after every reclaim
 *   of the session ({@link restartIceOnReclaim}).
 *
 * @since 0.2.0
 */
import { type PluginHandle, type Protocol, type SessionClosedError, SessionState } from "@effect-janus/core"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as PubSub from "effect/PubSub"
import * as Queue from "effect/Queue"
import * as Ref from "effect/Ref"
import * as Runtime from "effect/Runtime"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Subscribable from "effect/Subscribable"
import * as SubscriptionRef from "effect/SubscriptionRef"
import * as DataChannel from "./DataChannel.js"
import * as trickle from "./internal/trickle.js"
import * as MediaState from "./MediaState.js"
import {
  type RtcConfiguration,
  type RtcConnectionState,
  type RtcDataChannel,
  type RtcDataChannelInit,
  type RtcIceCandidate,
  type RtcPeerConnection,
  type RtcSessionDescription,
  type RtcTrackEvent,
  WebRtc
} from "./WebRtc.js"
import { WebRtcError, type WebRtcErrorReason } from "./WebRtcError.js"

/**
 * Anything that may carry a `jsep`: a core `PluginResponse`, or a plugin wrapper's `WithJsep<A>` answer.
 *
 * @since 0.2.0
 * @category models
 */
export interface JsepCarrier {
  readonly jsep?: Protocol.Jsep | undefined
}

/**
 * Options of `offer`: `iceRestart` makes the offer with fresh ICE credentials (`createOffer({ iceRestart: true })`);
 * `expectAnswer` (default true) fails the offer with `WebRtcError` `missing-jsep` when the reply carries no SDP
 * answer — set it to false where the answer comes later in its own event (e.g. SIP `call`, answered by
 * `accepted`), then pass that to `setRemote`.
 *
 * @since 0.2.0
 * @category models
 */
export interface OfferOptions {
  readonly iceRestart?: boolean | undefined
  readonly expectAnswer?: boolean | undefined
}

/**
 * How to restart ICE on this handle (JANUS-FACTS.md, "ICE restart"):
 * - `ClientOffers` (EchoTest, VideoRoom publisher, SIP, VideoCall): a new offer with fresh ICE credentials, sent with
 *   `send` (e.g. EchoTest `{}` or VideoRoom `configure`), whose reply carries the answer;
 * - `JanusOffers` (VideoRoom subscriber, Streaming): `request` asks Janus for a restart offer (VideoRoom `configure`
 *   with `restart: true`, Streaming `watch` with `restart: true`), and our answer goes with `send` (`start`).
 *
 * @since 0.2.0
 * @category models
 */
export type Restart<E, R> =
  | {
      readonly _tag: "ClientOffers"
      readonly send: (jsep: Protocol.Jsep) => Effect.Effect<JsepCarrier, E, R>
    }
  | {
      readonly _tag: "JanusOffers"
      readonly request: Effect.Effect<JsepCarrier, E, R>
      readonly send: (jsep: Protocol.Jsep) => Effect.Effect<unknown, E, R>
    }

/**
 * A {@link Restart} where we offer: `send` carries the restart offer to the plugin and returns its reply (with the
 * answer).
 *
 * @since 0.2.0
 * @category constructors
 */
export const clientOffers = <E, R>(send: (jsep: Protocol.Jsep) => Effect.Effect<JsepCarrier, E, R>): Restart<E, R> => ({
  _tag: "ClientOffers",
  send
})

/**
 * A {@link Restart} where Janus offers: `request` asks the plugin for a restart offer, `send` carries our answer.
 *
 * @since 0.2.0
 * @category constructors
 */
export const janusOffers = <E, R>(
  request: Effect.Effect<JsepCarrier, E, R>,
  send: (jsep: Protocol.Jsep) => Effect.Effect<unknown, E, R>
): Restart<E, R> => ({ _tag: "JanusOffers", request, send })

/**
 * A peer connection bound to a plugin handle (see the module docs):
 * - `connection`: the platform's `RTCPeerConnection` — add transceivers and tracks to it before `offer`;
 * - `offer(send, options)`: makes and sends our offer, applies the answer in `send`'s reply; returns the reply;
 * - `answer(offer, send)`: applies the plugin's offer (`undefined` fails with `missing-jsep`), makes and sends our
 *   answer with `send`; returns its reply;
 * - `setRemote(jsep)`: applies a remote description that came on its own (e.g. SIP `accepted`, a renegotiation);
 * - `restartIce(restart)`: restarts ICE (see {@link Restart}); counted in `mediaState.iceRestarts` when done;
 * - `createDataChannel(label, init)`: opens a data channel (before the first offer for it to be negotiated);
 * - `tracks` / `dataChannels`: the remote tracks (`track` events, as the platform fires them: werift fires again for
 *   the m-lines it already had on each renegotiation, so tell tracks apart by `transceiver.mid`) and the data
 *   channels opened by the other side, every one since the peer was made, then the new ones;
 * - `connectionState` and `mediaState`: the connection state, and the {@link MediaState} fold.
 *
 * Negotiations (`offer`, `answer`, `setRemote`, `restartIce`) run one at a time. They fail with `WebRtcError` (the
 * WebRTC step that failed) or with what `send` fails with.
 *
 * @since 0.2.0
 * @category models
 */
export interface Peer {
  readonly handle: PluginHandle
  readonly connection: RtcPeerConnection
  readonly offer: <A extends JsepCarrier, E, R>(
    send: (jsep: Protocol.Jsep) => Effect.Effect<A, E, R>,
    options?: OfferOptions
  ) => Effect.Effect<A, E | WebRtcError, R>
  readonly answer: <A, E, R>(
    offer: Protocol.Jsep | undefined,
    send: (jsep: Protocol.Jsep) => Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | WebRtcError, R>
  readonly setRemote: (jsep: Protocol.Jsep | undefined) => Effect.Effect<void, WebRtcError>
  readonly restartIce: <E, R>(restart: Restart<E, R>) => Effect.Effect<void, E | WebRtcError, R>
  readonly createDataChannel: (
    label: string,
    init?: RtcDataChannelInit
  ) => Effect.Effect<DataChannel.DataChannel, WebRtcError>
  readonly tracks: Stream.Stream<RtcTrackEvent>
  readonly dataChannels: Stream.Stream<DataChannel.DataChannel>
  readonly connectionState: Subscribable.Subscribable<RtcConnectionState>
  readonly mediaState: Subscribable.Subscribable<MediaState.MediaState>
}

/**
 * Options of {@link make}: the peer connection's `configuration` (merged over the `WebRtc` layer's), and the
 * `trickleRetry` schedule for a `trickle` request that fails (e.g. while the connection to Janus is down; default:
 * exponential from 100 ms, 8 times) — after that the candidates are dropped with a warning.
 *
 * @since 0.2.0
 * @category models
 */
export interface PeerOptions {
  readonly configuration?: RtcConfiguration | undefined
  readonly trickleRetry?: Schedule.Schedule<unknown, unknown> | undefined
}

/** Removes the candidate lines from an SDP: every candidate goes through `trickle`. */
const stripCandidates = (sdp: string): string =>
  sdp
    .split("\r\n")
    .filter((line) => !line.startsWith("a=candidate:") && line !== "a=end-of-candidates")
    .join("\r\n")

const step = <A>(reason: WebRtcErrorReason, what: string, run: () => Promise<A>): Effect.Effect<A, WebRtcError> =>
  Effect.tryPromise({
    try: run,
    catch: (cause) => new WebRtcError({ reason, message: `${what} failed: ${String(cause)}`, cause })
  })

const missingJsep = (message: string) => new WebRtcError({ reason: "missing-jsep", message })

/**
 * Opens a peer connection (with the `WebRtc` service) for `handle`, and starts listening to both: the handle's
 * messages (subscribed now, so nothing that answers a later request is missed) and the connection's events. All of
 * it closes with the scope (the connection is closed; the handle is left as it is — `hangup` it if Janus should
 * close its side too). Fails with `WebRtcError` when the connection cannot be made, `SessionClosedError` when the
 * handle's session is already over.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (
  handle: PluginHandle,
  options: PeerOptions = {}
): Effect.Effect<Peer, WebRtcError | SessionClosedError, WebRtc | Scope.Scope> =>
  Effect.gen(function* () {
    const webRtc = yield* WebRtc
    const scope = yield* Effect.scope
    const runSync = Runtime.runSync(yield* Effect.runtime<never>())
    const pc = yield* webRtc.open(options.configuration)

    const media = yield* SubscriptionRef.make(MediaState.withConnection(MediaState.initial, pc.connectionState))
    const tracks = yield* PubSub.unbounded<RtcTrackEvent>({ replay: Number.MAX_SAFE_INTEGER })
    const channels = yield* PubSub.unbounded<DataChannel.DataChannel>({ replay: Number.MAX_SAFE_INTEGER })
    const locals = yield* Queue.unbounded<trickle.Local>()
    const described = yield* Deferred.make<void>()
    const remote = yield* Ref.make<{ readonly set: boolean; readonly pending: ReadonlyArray<RtcIceCandidate> }>({
      set: false,
      pending: []
    })
    const lock = yield* Effect.makeSemaphore(1)

    // The connection's events, bridged synchronously into Effect values.
    const listeners: ReadonlyArray<readonly [string, (event: never) => void]> = [
      [
        "icecandidate",
        (event: { readonly candidate?: RtcIceCandidate | null }) => {
          const local = trickle.fromEvent(event.candidate)
          if (local === "end" || (local !== undefined && webRtc.acceptsCandidate(local.candidate))) {
            Queue.unsafeOffer(locals, local)
          }
        }
      ],
      ["track", (event: RtcTrackEvent) => runSync(PubSub.publish(tracks, event))],
      [
        "datachannel",
        (event: { readonly channel: RtcDataChannel }) =>
          runSync(
            DataChannel.make(event.channel).pipe(
              Scope.extend(scope),
              Effect.flatMap((channel) => PubSub.publish(channels, channel))
            )
          )
      ],
      [
        "connectionstatechange",
        () => runSync(SubscriptionRef.update(media, (state) => MediaState.withConnection(state, pc.connectionState)))
      ]
    ]
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        for (const [type, listener] of listeners) pc.addEventListener(type, listener)
      }),
      () =>
        Effect.sync(() => {
          for (const [type, listener] of listeners) pc.removeEventListener(type, listener)
        })
    )

    // Janus's messages on the handle: its candidates, and what the media state folds.
    const addRemoteCandidate = (candidate: RtcIceCandidate) =>
      step("add-candidate", "addIceCandidate", () => pc.addIceCandidate(candidate)).pipe(
        Effect.catchAll((error) => Effect.logWarning("effect-janus/webrtc: a remote candidate was refused", error))
      )
    const onMessage = (message: Protocol.HandleMessage) => {
      if (message.janus !== "trickle") return SubscriptionRef.update(media, (state) => MediaState.fold(state, message))
      const candidate = message.candidate
      // End-of-candidates from Janus needs no action: ICE completes with the pairs it has.
      if (!("candidate" in candidate)) return Effect.void
      return Effect.flatten(
        Ref.modify(remote, (now) =>
          now.set
            ? [addRemoteCandidate(candidate), now]
            : [Effect.void, { ...now, pending: [...now.pending, candidate] }]
        )
      )
    }
    const messages = yield* handle.subscribe
    yield* messages.pipe(
      Stream.runForEach(onMessage),
      Effect.catchAll(() => Effect.void),
      Effect.forkScoped
    )

    // Our candidates, once the first description is sent.
    const retry = options.trickleRetry ?? Schedule.intersect(Schedule.exponential("100 millis"), Schedule.recurs(8))
    yield* Deferred.await(described).pipe(
      Effect.zipRight(
        trickle.run(locals, (input) =>
          handle.trickle(input).pipe(
            Effect.retry(retry),
            Effect.catchAll((error) =>
              Effect.logWarning("effect-janus/webrtc: candidates could not be trickled", error)
            )
          )
        )
      ),
      Effect.forkScoped
    )

    const setRemote = (jsep: Protocol.Jsep | undefined, type: "offer" | "answer") =>
      Effect.gen(function* () {
        if (jsep?.type !== type) {
          return yield* missingJsep(
            jsep === undefined ? `expected an SDP ${type}, got none` : `expected an SDP ${type}, got ${jsep.type}`
          )
        }
        yield* step("set-remote", "setRemoteDescription", () => pc.setRemoteDescription({ type, sdp: jsep.sdp }))
        const pending = yield* Ref.getAndSet(remote, { set: true, pending: [] })
        yield* Effect.forEach(pending.pending, addRemoteCandidate, { discard: true })
      })

    const describe = (make: () => Promise<RtcSessionDescription>, type: "offer" | "answer") =>
      Effect.gen(function* () {
        const description = yield* step(type === "offer" ? "create-offer" : "create-answer", `create ${type}`, make)
        yield* step("set-local", "setLocalDescription", () => pc.setLocalDescription(description))
        const sdp = pc.localDescription?.sdp ?? description.sdp ?? ""
        return { type, sdp: stripCandidates(sdp), trickle: true } satisfies Protocol.Jsep
      })

    const sent = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.tap(effect, () => Deferred.succeed(described, undefined))

    const offerUnlocked = <A extends JsepCarrier, E, R>(
      send: (jsep: Protocol.Jsep) => Effect.Effect<A, E, R>,
      offerOptions: OfferOptions = {}
    ) =>
      Effect.gen(function* () {
        const jsep = yield* describe(
          () => pc.createOffer(offerOptions.iceRestart === true ? { iceRestart: true } : {}),
          "offer"
        )
        const reply = yield* sent(send(jsep))
        if (reply.jsep !== undefined || offerOptions.expectAnswer !== false) yield* setRemote(reply.jsep, "answer")
        return reply
      })

    const answerUnlocked = <A, E, R>(
      offer: Protocol.Jsep | undefined,
      send: (jsep: Protocol.Jsep) => Effect.Effect<A, E, R>
    ) =>
      Effect.gen(function* () {
        yield* setRemote(offer, "offer")
        const jsep = yield* describe(() => pc.createAnswer(), "answer")
        return yield* sent(send(jsep))
      })

    const locked = lock.withPermits(1)
    const connectionState = Subscribable.make({
      get: Effect.map(media.get, (state) => state.connection),
      changes: Stream.changes(Stream.map(media.changes, (state) => state.connection))
    })
    return {
      handle,
      connection: pc,
      offer: (send, offerOptions) => locked(offerUnlocked(send, offerOptions)),
      answer: (offer, send) => locked(answerUnlocked(offer, send)),
      setRemote: (jsep) =>
        locked(
          jsep?.type === "offer" || jsep?.type === "answer"
            ? setRemote(jsep, jsep.type)
            : Effect.fail(missingJsep(`expected an SDP offer or answer, got ${jsep?.type ?? "none"}`))
        ),
      restartIce: (restart) =>
        locked(
          restart._tag === "ClientOffers"
            ? offerUnlocked(restart.send, { iceRestart: true })
            : Effect.flatMap(restart.request, (reply) => answerUnlocked(reply.jsep, restart.send))
        ).pipe(Effect.zipRight(SubscriptionRef.update(media, MediaState.restarted))),
      createDataChannel: (label, init) =>
        Effect.try({
          try: () => pc.createDataChannel(label, init),
          catch: (cause) =>
            new WebRtcError({
              reason: "data-channel",
              message: `createDataChannel("${label}") failed: ${String(cause)}`,
              cause
            })
        }).pipe(Effect.flatMap((channel) => Scope.extend(DataChannel.make(channel), scope))),
      tracks: Stream.fromPubSub(tracks),
      dataChannels: Stream.fromPubSub(channels),
      connectionState,
      mediaState: media
    } satisfies Peer
  })

/**
 * Answers, in a fiber of the current scope, every SDP offer that arrives on `offers` — each item whose `jsep` is an
 * offer: the renegotiations a plugin starts with an event (e.g. VideoRoom `updated`, VideoCall `update`) — with
 * `peer.answer(jsep, send)`. Items without an offer are skipped. A failed answer is logged (with `label`), never
 * fatal; the fiber ends with the stream (a stream failure ends it too, quietly).
 *
 * @since 0.2.0
 * @category utils
 */
export const answerEach = <A extends JsepCarrier, E, R, E2, R2>(
  peer: Peer,
  offers: Stream.Stream<A, E, R>,
  send: (jsep: Protocol.Jsep) => Effect.Effect<unknown, E2, R2>,
  label: string
): Effect.Effect<void, never, Scope.Scope | R | R2> =>
  offers.pipe(
    Stream.filter((item) => item.jsep?.type === "offer"),
    Stream.runForEach((item) =>
      peer
        .answer(item.jsep, send)
        .pipe(
          Effect.catchAllCause((cause) =>
            Effect.logWarning(`effect-janus/webrtc: ${label}: a renegotiation offer could not be answered`, cause)
          )
        )
    ),
    Effect.catchAllCause(() => Effect.void),
    Effect.forkScoped,
    Effect.asVoid
  )

/**
 * Waits until media can flow on `peer` ({@link MediaState.isUp}: our connection is `connected` and Janus said
 * `webrtcup`) and returns that state. Fails with `WebRtcError` `closed` when the connection fails or closes, or Janus
 * hangs up, first. Waits as long as it takes: add `Effect.timeout` for a deadline.
 *
 * @since 0.2.0
 * @category utils
 */
export const awaitUp = (peer: Peer): Effect.Effect<MediaState.MediaState, WebRtcError> =>
  peer.mediaState.changes.pipe(
    Stream.filter(
      (state) =>
        MediaState.isUp(state) ||
        state.connection === "failed" ||
        state.connection === "closed" ||
        Option.isSome(state.hangup)
    ),
    Stream.runHead,
    Effect.flatMap((state) =>
      Option.isSome(state) && MediaState.isUp(state.value)
        ? Effect.succeed(state.value)
        : Effect.fail(
            new WebRtcError({
              reason: "closed",
              message: `media did not come up: ${JSON.stringify(Option.getOrUndefined(state))}`
            })
          )
    )
  )

/**
 * One entry of a `getStats()` report (W3C "Identifiers for WebRTC's Statistics API"): its `id`, `type`
 * (`inbound-rtp`, `outbound-rtp`, `candidate-pair`, …) and the fields of that type.
 *
 * @since 0.2.0
 * @category models
 */
export interface Stats {
  readonly id: string
  readonly type: string
  readonly [field: string]: unknown
}

/**
 * The peer connection's statistics (`getStats()`), as a list. Fails with `WebRtcError` `get-stats`.
 *
 * @since 0.2.0
 * @category utils
 */
export const stats = (peer: Peer): Effect.Effect<ReadonlyArray<Stats>, WebRtcError> =>
  step("get-stats", "getStats", () => peer.connection.getStats()).pipe(
    // A report is a maplike `RTCStatsReport` (werift's is a `Map`): its values are the entries.
    Effect.map((report) => [...(report as { values(): Iterable<Stats> }).values()])
  )

/**
 * The RTP packets received so far, by kind (`audio`, `video`): the sum of `packetsReceived` over the `inbound-rtp`
 * entries of `getStats()` — browsers and werift both report them. Counters only grow: compare two readings to see
 * media flowing. Fails with `WebRtcError` `get-stats`.
 *
 * @since 0.2.0
 * @category utils
 */
export const packetsReceived = (peer: Peer): Effect.Effect<Readonly<Record<string, number>>, WebRtcError> =>
  Effect.map(stats(peer), (entries) => {
    const counts: Record<string, number> = {}
    for (const entry of entries) {
      const kind = entry.kind ?? entry.mediaType
      if (entry.type !== "inbound-rtp" || typeof kind !== "string" || typeof entry.packetsReceived !== "number")
        continue
      counts[kind] = (counts[kind] ?? 0) + entry.packetsReceived
    }
    return counts
  })

/**
 * Restarts ICE on `peer` after every reclaim of its session, in a fiber that stops with the scope: each time
 * `state` (the session's `state`) becomes `Reclaimed` on a newer link generation than before, `peer.restartIce(restart)`
 * runs (once per reclaim; a reclaim that happened before the call restarts nothing). A failed restart is logged,
 * never fatal.
 *
 * Why the session's state and not the transport's connection: Janus routes a session's events to the connection
 * that last claimed it, and drops those sent while none did (JANUS-FACTS.md). Only after `Reclaimed` does the
 * restart's reply — the answer, or Janus's restart offer — come back to us. A `Recreated` session is a new one: the
 * old PeerConnection is gone with the old handle on the server, so an ICE restart cannot help there; negotiate
 * anew (a new `Peer`) instead.
 *
 * @since 0.2.0
 * @category utils
 */
export const restartIceOnReclaim = <E, R>(
  peer: Peer,
  state: Subscribable.Subscribable<SessionState>,
  restart: Restart<E, R>
): Effect.Effect<void, never, R | Scope.Scope> =>
  Effect.gen(function* () {
    // A reclaim counts when its link generation is newer than the last one seen: the state as it is now (an earlier
    // reclaim) and repeated emissions of one reclaim restart nothing.
    const now = yield* state.get
    const seen = now._tag === "Reclaimed" ? now.generation : Number.NEGATIVE_INFINITY
    yield* state.changes.pipe(
      Stream.filter(SessionState.$is("Reclaimed")),
      Stream.mapAccum(seen, (last, reclaimed) =>
        reclaimed.generation > last ? [reclaimed.generation, Option.some(reclaimed)] : [last, Option.none()]
      ),
      Stream.filter(Option.isSome),
      Stream.runForEach(() =>
        peer
          .restartIce(restart)
          .pipe(
            Effect.catchAllCause((cause) =>
              Effect.logWarning("effect-janus/webrtc: ICE restart after a reclaim failed", cause)
            )
          )
      ),
      Effect.forkScoped
    )
  })
