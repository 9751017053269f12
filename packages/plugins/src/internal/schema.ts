import * as Schema from "effect/Schema"
import { errorEvent, Id, UnknownEvent } from "../Common.js"

/** A struct that decodes with a `_tag` added (and drops it when encoding). Excess properties are ignored. */
export const tagged = <const Tag extends string, Fields extends Schema.Struct.Fields>(tag: Tag, fields: Fields) =>
  Schema.Struct(fields).pipe(Schema.attachPropertySignature("_tag", tag))

/** One or several literal values: `"x"` or `["x", "y"]`. */
type Names<V extends string> = V | readonly [V, ...ReadonlyArray<V>]

/** The field `key` whose value is the literal `value` (or one of `value`'s names). */
export const keyed = <const K extends string, const V extends string>(key: K, value: Names<V>) =>
  ({ [key]: Schema.Literal(...(typeof value === "string" ? [value] : value)) }) as {
    readonly [P in K]: Schema.Literal<[V]>
  }

/**
 * A request schema: a struct whose `request` field is the literal `name` (or one of several names, for a schema
 * that serves several requests, e.g. `["mute", "unmute"]`), with `fields`.
 */
export const request = <const Name extends string, const Fields extends Schema.Struct.Fields = {}>(
  name: Names<Name>,
  fields: Fields = {} as Fields
) => Schema.Struct({ ...keyed("request", name), ...fields })

/**
 * The answers and events of the plugin whose messages carry `key` (e.g. `videoroom`): `answer(tag, value, fields)`
 * is a struct with `key: value` (a literal, or one of several) and `fields`, decoded with `_tag` = `tag`.
 */
export const answers =
  <const K extends string>(key: K) =>
  <const Tag extends string, const V extends string, const Fields extends Schema.Struct.Fields = {}>(
    tag: Tag,
    value: Names<V>,
    fields: Fields = {} as Fields
  ) =>
    tagged(tag, { ...keyed(key, value), ...fields })

/**
 * A `{ <key>: "event", …extra, result: { <disc>: <name>, …fields } }` message, decoded with `_tag`; `name` may be
 * several names.
 */
const resultWith = <
  const Tag extends string,
  const Key extends string,
  const Disc extends string,
  const Name extends string,
  const Fields extends Schema.Struct.Fields,
  const Extra extends Schema.Struct.Fields
>(
  tag: Tag,
  key: Key,
  disc: Disc,
  name: Names<Name>,
  fields: Fields,
  extra: Extra
) => answers(key)(tag, "event", { ...extra, result: Schema.Struct({ ...fields, ...keyed(disc, name) }) })

/**
 * A `{ <plugin>: "event", result: { event: <name>, …fields } }` message (SIP, VideoCall, NoSIP style), with the
 * top-level `extra` fields (e.g. SIP's `call_id`), decoded with `_tag`. `name` may be several names.
 */
export const resultEvent = <
  const Tag extends string,
  const Key extends string,
  const Name extends string,
  const Fields extends Schema.Struct.Fields = {},
  const Extra extends Schema.Struct.Fields = {}
>(
  tag: Tag,
  key: Key,
  name: Names<Name>,
  fields: Fields = {} as Fields,
  extra: Extra = {} as Extra
) => resultWith(tag, key, "event", name, fields, extra)

/**
 * A `{ <plugin>: "event", result: { status: <name>, …fields } }` message (Streaming, Record&Play style), decoded
 * with `_tag`. `name` may be several names.
 */
export const statusEvent = <
  const Tag extends string,
  const Key extends string,
  const Name extends string,
  const Fields extends Schema.Struct.Fields = {}
>(
  tag: Tag,
  key: Key,
  name: Names<Name>,
  fields: Fields = {} as Fields
) => resultWith(tag, key, "status", name, fields, {})

/** An optional field. */
export const opt = Schema.optional

/**
 * Optional fields: each of `fields` wrapped in `Schema.optional` (a key that may be missing). Most fields of a Janus
 * request or answer are optional; the required ones are listed next to the group.
 */
export const optional = <const F extends { readonly [name: string]: Schema.Schema.All }>(
  fields: F
): { readonly [K in keyof F]: Schema.optional<F[K]> } =>
  Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, opt(schema)])) as {
    readonly [K in keyof F]: Schema.optional<F[K]>
  }

/** Shorthands for the usual field types. */
export const Str = Schema.String
export const Num = Schema.Number
export const Bool = Schema.Boolean
/** A list of strings. */
export const Strings = Schema.Array(Schema.String)

/** `room` and the room's `secret` (needed when the room was created with one). */
export const roomSecret = { room: Id, secret: opt(Str) }

/** Participant `id` of `room`, with the room's `secret`: the target of a room administrator's request. */
export const roomParticipant = { ...roomSecret, id: Id }

type Member<K extends string, G extends ReadonlyArray<ReadonlyArray<Schema.Schema.AnyNoContext>>> =
  | ReturnType<typeof errorEvent<K>>
  | G[number][number]
  | typeof UnknownEvent

/**
 * A plugin's event union: its `Error` member (`error_code` under `key`) first, so an error is never mistaken for
 * another member, then `members` in order (the first that matches wins; the groups only keep the list readable),
 * then `Unknown`, so decoding never fails.
 */
export const eventUnion = <
  const K extends string,
  const G extends ReadonlyArray<ReadonlyArray<Schema.Schema.AnyNoContext>>
>(
  key: K,
  ...members: G
) =>
  Schema.Union(errorEvent(key), ...members.flat(), UnknownEvent) as unknown as Schema.Schema<
    Schema.Schema.Type<Member<K, G>>,
    Schema.Schema.Encoded<Member<K, G>>
  >

/** SRTP of an RTP stream Janus sends: `srtp_suite` (32 or 80: the authentication tag length) and `srtp_crypto`
 * (the base64 SDES key). */
export const srtpFields = { srtp_suite: opt(Num), srtp_crypto: opt(Str) }

/**
 * An RTP forwarder as Janus lists it (VideoRoom `listforwarders`; SIP and NoSIP in newer Janus, all built on the
 * core's rtpfwd.c): its `stream_id`, the forwarded media `type`, `host`:`port`, `ssrc`, payload type `pt` and
 * whether it is SRTP (`srtp`).
 */
export const listedForwarder = optional({
  stream_id: Num,
  type: Str,
  host: Str,
  port: Num,
  ssrc: Num,
  pt: Num,
  srtp: Bool
})

/** The address family a `host` is resolved with: `ipv4` or `ipv6`. */
export const HostFamily = Schema.Literal("ipv4", "ipv6")

/** The host Janus sends RTP to: `host`, resolved as `host_family` when given. */
export const rtpHost = { host: Str, host_family: opt(HostFamily) }

/** Where Janus sends RTP: the {@link rtpHost} and `port`. */
export const rtpTarget = { ...rtpHost, port: Num }

/** The kind of a media stream (an SDP m-line): `audio`, `video` or `data`. */
export const MediaKind = Schema.Literal("audio", "video", "data")

/** The simulcast (`substream`, `temporal`) and SVC (`spatial_layer`, `temporal_layer`) layers of a video stream. */
export const layerFields = optional({ substream: Num, temporal: Num, spatial_layer: Num, temporal_layer: Num })

/**
 * What a subscriber picks for a stream: `send` on/off, the layers ({@link layerFields}), `fallback` (µs without
 * packets before a lower substream is used, default 250000) and the playout delay (`min_delay`, `max_delay`, in
 * 10 ms units).
 */
export const receiveFields = {
  ...optional({ send: Bool, fallback: Num, min_delay: Num, max_delay: Num }),
  ...layerFields
}

/** A layer-change event carries at least one of the {@link layerFields}. */
export const changesLayer = (event: { readonly [K in keyof typeof layerFields]?: number | undefined }): boolean =>
  event.substream !== undefined ||
  event.temporal !== undefined ||
  event.spatial_layer !== undefined ||
  event.temporal_layer !== undefined

/** Recording of a participant's (or peer's) media: `record` on or off, to `filename` (the .mjr files' base name). */
export const recording = optional({ record: Bool, filename: Str })

/**
 * What a relaying plugin (EchoTest, VideoCall) lets a peer set: relay `audio` / `video` on or off, cap the
 * `bitrate` (bps, sent as REMB), `record` to `filename`, pick the simulcast `substream` / `temporal` layer (0–2)
 * and how long (`fallback`, µs, default 250000) a layer may stay silent before a lower one is used.
 */
export const relayFields = {
  ...optional({ audio: Bool, video: Bool, bitrate: Num, substream: Num, temporal: Num, fallback: Num }),
  ...recording
}
