/**
 * The page of the browser example (`examples/browser-call.ts` bundles it with esbuild and serves it): a VideoRoom
 * call in one page, on the library's public API and plain Effect. One session over a WebSocket (`?url=`), two
 * handles: a publisher that sends the camera and microphone into room 1234, and a subscriber to that very feed whose
 * video comes back from Janus into the right-hand `<video>`. Each peer restarts ICE by itself after every reclaim
 * of the session (`Peer.restartIceOnReclaim`). The button "Cut the connection" asks the example's server (`POST
 * /cut`) to cut the WebSocket's TCP link; the panel shows the session recover and the media carry on.
 *
 * The page's state is on `window.exampleCall` too, for the example to follow in headless Chromium.
 */
import { Socket } from "@effect/platform"
import { BrowserRuntime } from "@effect/platform-browser"
import { Session, type SessionState } from "@effect-janus/core"
import { VideoRoom } from "@effect-janus/plugins"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { type MediaState, Peer, WebRtc } from "@effect-janus/webrtc"
import { Cause, Effect, Layer, Schedule, Stream, SubscriptionRef } from "effect"

/** What the page shows (and puts on `window.exampleCall`). */
export interface CallState {
  readonly status: "starting" | "up" | "failed"
  readonly session: string
  readonly publisher: string
  readonly subscriber: string
  /** ICE restarts completed by the publisher and the subscriber together. */
  readonly iceRestarts: number
  /** RTP packets the subscriber received, by kind (`getStats()`). */
  readonly inbound: Readonly<Record<string, number>>
  readonly error?: string | undefined
}

declare global {
  interface Window {
    exampleCall?: CallState
  }
}

const room = 1234
const params = new URL(window.location.href).searchParams

const element = <E extends HTMLElement>(id: string) => document.getElementById(id) as E

const describeSession = (state: SessionState): string => {
  switch (state._tag) {
    case "Reclaimed":
      return `Reclaimed on link ${state.generation} after ${state.gap} ms`
    case "Lost":
      return `Lost: ${state.error.message}`
    default:
      return state._tag
  }
}

const describeMedia = (media: MediaState.MediaState) =>
  `${media.connection}${media.webrtcUp ? ", webrtcup" : ""}, ICE restarts: ${media.iceRestarts}`

/** Shows `state` in the panel and on `window.exampleCall`. */
const show = (state: CallState) =>
  Effect.sync(() => {
    window.exampleCall = state
    element("session").textContent = state.session
    element("publisher").textContent = state.publisher
    element("subscriber").textContent = state.subscriber
    element("inbound").textContent = `${state.inbound.audio ?? 0} audio, ${state.inbound.video ?? 0} video`
    element("error").textContent = state.error ?? ""
  })

const program = Effect.gen(function* () {
  const view = yield* SubscriptionRef.make<CallState>({
    status: "starting",
    session: "connecting…",
    publisher: "—",
    subscriber: "—",
    iceRestarts: 0,
    inbound: {}
  })
  yield* view.changes.pipe(Stream.runForEach(show), Effect.forkScoped)
  element("cut").onclick = () => {
    void fetch("/cut", { method: "POST" })
  }

  const session = yield* Session.make()

  // The publisher: the camera and the microphone into the room.
  const publisher = yield* VideoRoom.attach(session)
  const joined = yield* publisher.joinPublisher({ room, display: "browser" })
  const camera = yield* Effect.acquireRelease(
    Effect.promise(() => navigator.mediaDevices.getUserMedia({ audio: true, video: true })),
    (stream) =>
      Effect.sync(() => {
        for (const track of stream.getTracks()) track.stop()
      })
  )
  element<HTMLVideoElement>("local").srcObject = camera
  const sending = yield* Peer.make(publisher.handle)
  for (const track of camera.getTracks()) sending.connection.addTransceiver(track, { direction: "sendonly" })
  yield* VideoRoom.publishPeer(publisher, sending)
  yield* Peer.restartIceOnReclaim(sending, session.state, VideoRoom.publisherIceRestart(publisher))
  // Janus offers a feed to subscribers once its media is up (before that: 428 "No such feed").
  yield* Peer.awaitUp(sending)

  // The subscriber: the same feed, back from Janus.
  const subscriber = yield* VideoRoom.attach(session)
  const receiving = yield* Peer.make(subscriber.handle)
  const remote = new MediaStream()
  element<HTMLVideoElement>("remote").srcObject = remote
  yield* receiving.tracks.pipe(
    Stream.runForEach((event) => Effect.sync(() => remote.addTrack(event.track as MediaStreamTrack))),
    Effect.forkScoped
  )
  yield* VideoRoom.answerUpdates(subscriber, receiving)
  yield* VideoRoom.subscribePeer(subscriber, receiving, { room, streams: [{ feed: joined.id }] })
  yield* Peer.restartIceOnReclaim(receiving, session.state, VideoRoom.subscriberIceRestart(subscriber))
  yield* Peer.awaitUp(receiving)

  // Follow the session, both peers and the subscriber's inbound RTP.
  const update = (patch: Partial<CallState>) => SubscriptionRef.update(view, (state) => ({ ...state, ...patch }))
  yield* Effect.all(
    [
      Stream.runForEach(session.state.changes, (state) => update({ session: describeSession(state) })),
      Stream.runForEach(Stream.zipLatest(sending.mediaState.changes, receiving.mediaState.changes), ([out, back]) =>
        update({
          status: "up",
          publisher: describeMedia(out),
          subscriber: describeMedia(back),
          iceRestarts: out.iceRestarts + back.iceRestarts
        })
      ),
      Peer.packetsReceived(receiving).pipe(
        Effect.flatMap((inbound) => update({ inbound })),
        Effect.repeat(Schedule.spaced("500 millis"))
      )
    ],
    { concurrency: "unbounded", discard: true }
  )
}).pipe(
  Effect.scoped,
  Effect.tapErrorCause((cause) =>
    Effect.sync(() => {
      const error = Cause.pretty(cause)
      window.exampleCall = { ...(window.exampleCall as CallState), status: "failed", error }
      element("error").textContent = error
    })
  ),
  Effect.provide([
    WebSocketTransport.layer({ url: params.get("url") ?? "" }).pipe(
      Layer.provide(Socket.layerWebSocketConstructorGlobal)
    ),
    WebRtc.layerBrowser()
  ])
)

BrowserRuntime.runMain(program)
