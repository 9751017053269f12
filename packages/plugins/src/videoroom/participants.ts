/**
 * VideoRoom publisher and subscriber requests (Janus docs: VideoRoom plugin › VideoRoom Publishers and
 * VideoRoom Subscribers; janus_videoroom.c, Janus 1.1.x). All are asynchronous: the answer is an event.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import { Bool, Num, opt, Str } from "../internal/schema.js"

// ---------------------------------------------------------------------------------------------------------------
// Publishers
// ---------------------------------------------------------------------------------------------------------------

/**
 * `join` as a publisher (Janus docs: VideoRoom plugin › VideoRoom Publishers › join): enter `room` as a
 * participant (`id` chosen by the plugin when missing), not yet sending anything. `pin` and `token` when the room
 * requires them.
 *
 * @since 0.1.0
 */
export const JoinPublisherRequest = Schema.Struct({
  request: Schema.Literal("join"),
  ptype: Schema.Literal("publisher"),
  room: Id,
  id: opt(Id),
  display: opt(Str),
  token: opt(Str),
  pin: opt(Str)
})
/** @since 0.1.0 */
export type JoinPublisherParams = Omit<typeof JoinPublisherRequest.Type, "request" | "ptype">

/** A text description of a published stream (e.g. "front camera"). @since 0.1.0 */
export const StreamDescription = Schema.Struct({ mid: Str, description: Str })

const publishFields = {
  audiocodec: opt(Str),
  videocodec: opt(Str),
  bitrate: opt(Num),
  record: opt(Bool),
  filename: opt(Str),
  display: opt(Str),
  audio_level_average: opt(Num),
  audio_active_packets: opt(Num),
  descriptions: opt(Schema.Array(StreamDescription))
}

/**
 * `publish` (Janus docs: VideoRoom plugin › publish), with a JSEP offer: preferred `audiocodec` / `videocodec`,
 * `bitrate` cap (bps), `record` + `filename`, `display`, audio-level overrides, stream `descriptions`.
 *
 * @since 0.1.0
 */
export const PublishRequest = Schema.Struct({ request: Schema.Literal("publish"), ...publishFields })
/** @since 0.1.0 */
export type PublishParams = Omit<typeof PublishRequest.Type, "request">

/** `joinandconfigure` (Janus docs: VideoRoom plugin › joinandconfigure): `join` and `publish` at once. @since 0.1.0 */
export const JoinAndConfigureRequest = Schema.Struct({
  request: Schema.Literal("joinandconfigure"),
  ptype: Schema.Literal("publisher"),
  room: Id,
  id: opt(Id),
  token: opt(Str),
  pin: opt(Str),
  ...publishFields
})
/** @since 0.1.0 */
export type JoinAndConfigureParams = Omit<typeof JoinAndConfigureRequest.Type, "request" | "ptype">

/** Per-stream settings of a publisher `configure`: `send`, `keyframe`, playout delay (10 ms units). @since 0.1.0 */
export const PublisherStreamConfig = Schema.Struct({
  mid: Str,
  keyframe: opt(Bool),
  send: opt(Bool),
  min_delay: opt(Num),
  max_delay: opt(Num)
})

/**
 * `configure` for a publisher (Janus docs: VideoRoom plugin › configure): `bitrate`, `keyframe`, `record` /
 * `filename`, `display`, audio-level overrides, per-stream `streams`, `descriptions`; with a JSEP offer for a
 * renegotiation (`update`, `restart`).
 *
 * @since 0.1.0
 */
export const ConfigurePublisherRequest = Schema.Struct({
  request: Schema.Literal("configure"),
  bitrate: opt(Num),
  keyframe: opt(Bool),
  record: opt(Bool),
  filename: opt(Str),
  display: opt(Str),
  audio_active_packets: opt(Num),
  audio_level_average: opt(Num),
  streams: opt(Schema.Array(PublisherStreamConfig)),
  descriptions: opt(Schema.Array(StreamDescription)),
  update: opt(Bool),
  restart: opt(Bool)
})
/** @since 0.1.0 */
export type ConfigurePublisherParams = Omit<typeof ConfigurePublisherRequest.Type, "request">

/** `unpublish` (Janus docs: VideoRoom plugin › unpublish). @since 0.1.0 */
export const UnpublishRequest = Schema.Struct({ request: Schema.Literal("unpublish") })

/**
 * `leave` (Janus docs: VideoRoom plugin › leave): a publisher leaves the room; a subscriber ends its subscription.
 * @since 0.1.0
 */
export const LeaveRequest = Schema.Struct({ request: Schema.Literal("leave") })

// ---------------------------------------------------------------------------------------------------------------
// Subscribers
// ---------------------------------------------------------------------------------------------------------------

/**
 * A stream to subscribe to: publisher `feed` (all its streams) or one of its streams (`mid`); `crossrefid` to
 * find it again in the answer; optional initial `send`, simulcast (`substream`, `temporal`, `fallback` µs), SVC
 * (`spatial_layer`, `temporal_layer`) and playout-delay (`min_delay`, `max_delay`) settings.
 *
 * @since 0.1.0
 */
export const SubscribeStream = Schema.Struct({
  feed: Id,
  mid: opt(Str),
  crossrefid: opt(Str),
  send: opt(Bool),
  substream: opt(Num),
  temporal: opt(Num),
  fallback: opt(Num),
  spatial_layer: opt(Num),
  temporal_layer: opt(Num),
  min_delay: opt(Num),
  max_delay: opt(Num)
})
/** @since 0.1.0 */
export type SubscribeStream = typeof SubscribeStream.Type

/**
 * What to unsubscribe from: every stream of `feed`, its stream `mid`, or our own m-line `sub_mid`.
 *
 * @since 0.1.0
 */
export const UnsubscribeStream = Schema.Struct({ feed: opt(Id), mid: opt(Str), sub_mid: opt(Str) })
/** @since 0.1.0 */
export type UnsubscribeStream = typeof UnsubscribeStream.Type

/**
 * `join` as a subscriber (Janus docs: VideoRoom plugin › VideoRoom Subscribers › join): subscribe to `streams`
 * of `room` (multistream: from one or several publishers); `private_id` of our publisher (mandatory with
 * `require_pvtid`), `use_msid`, `autoupdate` (default true), `pin`. The answer (`Attached`) carries the offer.
 *
 * @since 0.1.0
 */
export const JoinSubscriberRequest = Schema.Struct({
  request: Schema.Literal("join"),
  ptype: Schema.Literal("subscriber"),
  room: Id,
  streams: Schema.Array(SubscribeStream),
  private_id: opt(Num),
  use_msid: opt(Bool),
  autoupdate: opt(Bool),
  pin: opt(Str)
})
/** @since 0.1.0 */
export type JoinSubscriberParams = Omit<typeof JoinSubscriberRequest.Type, "request" | "ptype">

/**
 * `start` (Janus docs: VideoRoom plugin › start): with the JSEP answer, or alone to resume after `pause`. @since
 * 0.1.0
 */
export const StartRequest = Schema.Struct({ request: Schema.Literal("start") })
/** `pause` (Janus docs: VideoRoom plugin › pause). @since 0.1.0 */
export const PauseRequest = Schema.Struct({ request: Schema.Literal("pause") })

/** `subscribe` (Janus docs: VideoRoom plugin › subscribe): add `streams` to the subscription. @since 0.1.0 */
export const SubscribeRequest = Schema.Struct({
  request: Schema.Literal("subscribe"),
  streams: Schema.Array(SubscribeStream)
})
/** @since 0.1.0 */
export type SubscribeParams = Omit<typeof SubscribeRequest.Type, "request">

/** `unsubscribe` (Janus docs: VideoRoom plugin › unsubscribe). @since 0.1.0 */
export const UnsubscribeRequest = Schema.Struct({
  request: Schema.Literal("unsubscribe"),
  streams: Schema.Array(UnsubscribeStream)
})
/** @since 0.1.0 */
export type UnsubscribeParams = Omit<typeof UnsubscribeRequest.Type, "request">

/**
 * `update` (Janus docs: VideoRoom plugin › update): `subscribe` and `unsubscribe` at once (at least one). @since
 * 0.1.0
 */
export const UpdateRequest = Schema.Struct({
  request: Schema.Literal("update"),
  subscribe: opt(Schema.Array(SubscribeStream)),
  unsubscribe: opt(Schema.Array(UnsubscribeStream))
})
/** @since 0.1.0 */
export type UpdateParams = Omit<typeof UpdateRequest.Type, "request">

/** Per-stream settings of a subscriber `configure`. @since 0.1.0 */
export const SubscriberStreamConfig = Schema.Struct({
  mid: Str,
  send: opt(Bool),
  substream: opt(Num),
  temporal: opt(Num),
  fallback: opt(Num),
  spatial_layer: opt(Num),
  temporal_layer: opt(Num),
  audio_level_average: opt(Num),
  audio_active_packets: opt(Num),
  min_delay: opt(Num),
  max_delay: opt(Num)
})

/**
 * `configure` for a subscriber (Janus docs: VideoRoom plugin › configure, subscribers): per-`mid` settings in
 * `streams`; `restart: true` asks for an ICE-restart offer.
 *
 * @since 0.1.0
 */
export const ConfigureSubscriberRequest = Schema.Struct({
  request: Schema.Literal("configure"),
  streams: opt(Schema.Array(SubscriberStreamConfig)),
  restart: opt(Bool)
})
/** @since 0.1.0 */
export type ConfigureSubscriberParams = Omit<typeof ConfigureSubscriberRequest.Type, "request">

/**
 * `switch` (Janus docs: VideoRoom plugin › switch): feed our m-line `sub_mid` from publisher `feed`'s stream
 * `mid` instead, without renegotiating.
 *
 * @since 0.1.0
 */
export const SwitchRequest = Schema.Struct({
  request: Schema.Literal("switch"),
  streams: Schema.Array(Schema.Struct({ feed: Id, mid: Str, sub_mid: Str }))
})
/** @since 0.1.0 */
export type SwitchParams = Omit<typeof SwitchRequest.Type, "request">
