/**
 * VideoRoom media with a `Peer` of `@effect-janus/webrtc` (Janus docs: VideoRoom plugin; janus.js's videoroom demos
 * do the same): a publisher offers in `publish`, a subscriber answers the plugin's offer of `join` with `start`,
 * follows the renegotiations of its (multistream) subscription as publishers come and go, and restarts ICE with
 * `configure` + `restart: true`.
 *
 * @since 0.2.0
 */
import type { SessionClosedError } from "@effect-janus/core"
import { Peer, type WebRtcError } from "@effect-janus/webrtc"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { PluginRequestError, WithJsep } from "../Common.js"
import type { VideoRoom } from "../VideoRoom.js"
import type { ConfigurePublisherParams, JoinSubscriberParams, PublishParams } from "./requests.js"
import type { Attached, Configured, Started } from "./responses.js"

/**
 * Publishes what `peer` carries (add its tracks first) on a handle that joined a room as publisher: our offer goes in
 * `publish(params, offer)`, the SDP answer of `Configured` is applied, and `peer` trickles its candidates. Fails with
 * `WebRtcError` or the {@link PluginRequestError}s of `publish` (434 already publishing, 424 not joined).
 *
 * @since 0.2.0
 * @category media
 */
export const publishPeer = (
  room: VideoRoom,
  peer: Peer.Peer,
  params: PublishParams = {}
): Effect.Effect<WithJsep<Configured>, PluginRequestError | WebRtcError> =>
  peer.offer((jsep) => room.publish(params, jsep))

/**
 * How a publisher restarts ICE, for `peer.restartIce` and `Peer.restartIceOnReclaim`: a new offer with fresh ICE
 * credentials in `configure(params, offer)`.
 *
 * @since 0.2.0
 * @category media
 */
export const publisherIceRestart = (
  room: VideoRoom,
  params: ConfigurePublisherParams = {}
): Peer.Restart<PluginRequestError, never> => Peer.clientOffers((jsep) => room.configurePublisher(params, jsep))

/**
 * A subscription negotiated by {@link subscribePeer}: the plugin's `Attached` (with the subscription's `streams`) and
 * the `Started` that answered our SDP answer.
 *
 * @since 0.2.0
 * @category media
 */
export interface Subscription {
  readonly attached: WithJsep<Attached>
  readonly started: WithJsep<Started>
}

/**
 * Subscribes with `peer` (`join` as subscriber with `params`): the plugin's offer in `Attached` is applied, and our
 * answer goes in `start`; `peer` trickles its candidates. The remote tracks arrive on `peer.tracks`. To follow the
 * subscription as it changes, run {@link answerUpdates}. Fails with `WebRtcError` (`missing-jsep` when `Attached`
 * has no offer) or the {@link PluginRequestError}s of `join` / `start` (428 unknown feed, 433 missing `private_id`).
 *
 * @since 0.2.0
 * @category media
 */
export const subscribePeer = (
  room: VideoRoom,
  peer: Peer.Peer,
  params: JoinSubscriberParams
): Effect.Effect<Subscription, PluginRequestError | WebRtcError> =>
  Effect.gen(function* () {
    const attached = yield* room.joinSubscriber(params)
    const started = yield* peer.answer(attached.jsep, (jsep) => room.start(jsep))
    return { attached, started }
  })

/**
 * Answers, in a fiber of the current scope, every renegotiation offer of a multistream subscription: each `Updated`
 * event with an SDP offer — the answer to our own `subscribe` / `unsubscribe` / `update`, or Janus's update when a
 * publisher we receive leaves or unpublishes — is applied to `peer` and answered with `start`. So a subscriber only
 * asks for streams (`room.subscribe({ streams })`) and reads `peer.tracks`; it must not answer those offers itself.
 * Listens from now on (subscribe first, then change the subscription). A failed answer is logged, never fatal.
 * Fails with `SessionClosedError` when the session is already over.
 *
 * @since 0.2.0
 * @category media
 */
export const answerUpdates = (room: VideoRoom, peer: Peer.Peer): Effect.Effect<void, SessionClosedError, Scope.Scope> =>
  Effect.flatMap(room.subscribeEvents, (events) =>
    Peer.answerEach(
      peer,
      Stream.filter(events, (event) => event._tag === "Updated"),
      (jsep) => room.start(jsep),
      "VideoRoom subscription update"
    )
  )

/**
 * How a subscriber restarts ICE, for `peer.restartIce` and `Peer.restartIceOnReclaim`: `configure` with
 * `restart: true` makes Janus send a new offer with fresh ICE credentials, which `peer` answers with `start`.
 *
 * @since 0.2.0
 * @category media
 */
export const subscriberIceRestart = (room: VideoRoom): Peer.Restart<PluginRequestError, never> =>
  Peer.janusOffers(room.configureSubscriber({ restart: true }), (jsep) => room.start(jsep))
