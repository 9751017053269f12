/**
 * Streaming answers and events (Janus docs: Streaming plugin; janus_streaming.c, Janus 1.1.x): the answers to the
 * synchronous mountpoint requests and a viewer's events, decoded into values tagged by `_tag`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id, JsonObject } from "../Common.js"
import {
  answers,
  Bool,
  changesLayer,
  eventUnion,
  layerFields,
  Num,
  opt,
  optional,
  resultEvent,
  Str,
  statusEvent,
  tagged
} from "../internal/schema.js"

/** The answers and events of this plugin: `streaming: <value>` and their fields. */
const answer = answers("streaming")

/**
 * A stream of a mountpoint as `list` and `info` describe it; other fields (`pt`, `codec`, `rtpmap`, …) are kept.
 *
 * @since 0.1.0
 * @category models
 */
export const StreamInfo = Schema.Struct(
  optional({ mid: Str, mindex: Num, type: Str, label: Str, msid: Str, age_ms: Num }),
  JsonObject
)
/**
 * The decoded type of {@link StreamInfo}.
 *
 * @since 0.1.0
 * @category models
 */
export type StreamInfo = typeof StreamInfo.Type

/**
 * A mountpoint of `list`: `type` is `live` or `on demand`.
 *
 * @since 0.1.0
 * @category models
 */
export const MountpointSummary = Schema.Struct({
  id: Id,
  type: Str,
  ...optional({ description: Str, metadata: Str, enabled: Bool, media: Schema.Array(StreamInfo) })
})
/**
 * The decoded type of {@link MountpointSummary}.
 *
 * @since 0.1.0
 * @category models
 */
export type MountpointSummary = typeof MountpointSummary.Type

/**
 * The answer to `list`: `{"streaming":"list","list":[…]}`, one {@link MountpointSummary} per public mountpoint
 * (private ones too with `admin_key`); empty when there are none.
 *
 * @since 0.1.0
 * @category responses
 */
export const List = answer("List", "list", { list: Schema.Array(MountpointSummary) })
/**
 * The decoded type of {@link List}.
 *
 * @since 0.1.0
 * @category responses
 */
export type List = typeof List.Type

/**
 * A mountpoint as `info` describes it; `secret`, `pin`, `is_private` and the ports only with the right secret.
 * Fields not listed are kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export const MountpointInfo = Schema.Struct(
  {
    id: Id,
    ...optional({
      name: Str,
      description: Str,
      metadata: Str,
      secret: Str,
      pin: Str,
      is_private: Bool,
      viewers: Num,
      enabled: Bool,
      type: Str,
      media: Schema.Array(StreamInfo)
    })
  },
  JsonObject
)
/**
 * The decoded type of {@link MountpointInfo}.
 *
 * @since 0.1.0
 * @category models
 */
export type MountpointInfo = typeof MountpointInfo.Type

/**
 * The answer to `info`: `{"streaming":"info","info":{…}}`, the mountpoint's details ({@link MountpointInfo}); more
 * of them (ports, secrets) when the request carried the mountpoint's `secret`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Info = answer("Info", "info", { info: MountpointInfo })
/**
 * The decoded type of {@link Info}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Info = typeof Info.Type

/**
 * A port an RTP mountpoint bound, in the answer to `create`.
 *
 * @since 0.1.0
 * @category models
 */
export const BoundPort = Schema.Struct(
  optional({ type: Str, mid: Str, msid: Str, port: Num, rtcp_port: Num }),
  JsonObject
)
/**
 * The decoded type of {@link BoundPort}.
 *
 * @since 0.1.0
 * @category models
 */
export type BoundPort = typeof BoundPort.Type

/**
 * The answer to `create`: the mountpoint's `name` (Janus 1.1.x sends it as `created`; the doc comment says
 * `create`), whether it was saved (`permanent`), and `stream` with its `id`, `type` and, for RTP, the bound `ports`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Created = answer("Created", "created", {
  stream: Schema.Struct(
    { id: Id, ...optional({ type: Str, description: Str, is_private: Bool, ports: Schema.Array(BoundPort) }) },
    JsonObject
  ),
  ...optional({ created: Str, create: Str, permanent: Bool })
})
/**
 * The decoded type of {@link Created}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Created = typeof Created.Type

/**
 * The answer to `edit`: `{"streaming":"edited","id":…}`, with `permanent` true when the change was saved to the
 * plugin's config file.
 *
 * @since 0.1.0
 * @category responses
 */
export const Edited = answer("Edited", "edited", { id: Id, permanent: opt(Bool) })
/**
 * The decoded type of {@link Edited}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Edited = typeof Edited.Type

/**
 * The answer to `destroy`: the mountpoint id is in `destroyed` (the doc comment says `id`).
 *
 * @since 0.1.0
 * @category responses
 */
export const Destroyed = answer("Destroyed", "destroyed", { destroyed: Id })
/**
 * The decoded type of {@link Destroyed}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Destroyed = typeof Destroyed.Type

/**
 * `{"streaming":"ok"}`: the answer to `enable`, `disable` and `recording`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Ok = answer("Ok", "ok")
/**
 * The decoded type of {@link Ok}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Ok = typeof Ok.Type

/**
 * `{"streaming":"kicked_all"}`: the answer to `kick_all`.
 *
 * @since 0.1.0
 * @category responses
 */
export const KickedAll = answer("KickedAll", "kicked_all")
/**
 * The decoded type of {@link KickedAll}.
 *
 * @since 0.1.0
 * @category responses
 */
export type KickedAll = typeof KickedAll.Type

/**
 * A viewer's status: `preparing` (answer to `watch`, with the offer in `jsep`; `updating` on an ICE restart),
 * `starting` / `started` (answer to `start`; `started` also arrives when media starts flowing), `pausing`,
 * `stopping`, `stopped` (mountpoint gone), `kicked_all`, `switching`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Status = statusEvent("Status", "streaming", [
  "preparing",
  "updating",
  "starting",
  "started",
  "pausing",
  "stopping",
  "stopped",
  "kicked_all",
  "switching"
])
/**
 * The decoded type of {@link Status}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Status = typeof Status.Type

/**
 * `{"result":{"event":"configured"}}`: the answer to `configure`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Configured = resultEvent("Configured", "streaming", "configured")
/**
 * The decoded type of {@link Configured}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Configured = typeof Configured.Type

/**
 * `{"result":{"switched":"ok","id":…}}`: the answer to `switch`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Switched = answer("Switched", "event", {
  result: Schema.Struct({ switched: Schema.Literal("ok"), id: Id })
})
/**
 * The decoded type of {@link Switched}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Switched = typeof Switched.Type

/**
 * A simulcast or SVC layer change for stream `mid`.
 *
 * @since 0.1.0
 * @category events
 */
export const LayerChange = answer("LayerChange", "event", {
  result: Schema.Struct({ mid: opt(Str), ...layerFields }).pipe(Schema.filter(changesLayer))
})
/**
 * The decoded type of {@link LayerChange}.
 *
 * @since 0.1.0
 * @category events
 */
export type LayerChange = typeof LayerChange.Type

/**
 * `{"event":"edited","id":…,"metadata":…}` (no `streaming` key): the mountpoint's metadata changed (an `edit`
 * with `edited_event: true`).
 *
 * @since 0.1.0
 * @category events
 */
export const MetadataEdited = tagged("MetadataEdited", { event: Schema.Literal("edited"), id: Id, metadata: opt(Str) })
/**
 * The decoded type of {@link MetadataEdited}.
 *
 * @since 0.1.0
 * @category events
 */
export type MetadataEdited = typeof MetadataEdited.Type

/**
 * The schema of everything a Streaming handle's `events` carries, decoded from the plugin's `plugindata.data` into
 * one union tagged by `_tag`: the `Error` member (an unsolicited `error_code`) first, the plugin's own answers and
 * events, then `Unknown` for anything no member matches, so decoding never fails. Match on `_tag` (e.g. with
 * `Match.tag`).
 *
 * @since 0.1.0
 * @category events
 */
export const Event = eventUnion("streaming", [Status, Configured, Switched, LayerChange, MetadataEdited])
/**
 * The decoded type of {@link Event}.
 *
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type
