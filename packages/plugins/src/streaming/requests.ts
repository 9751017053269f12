/**
 * Schemas of the Streaming plugin's requests (Janus docs: Streaming plugin › Streaming API; janus_streaming.c).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import type { ParamsOf } from "../internal/plugin.js"
import { edits, roomProperties } from "../internal/roomFields.js"
import { Bool, MediaKind, Num, opt, optional, receiveFields, request, Str, Strings } from "../internal/schema.js"

export {
  /**
   * The parameters of {@link ListRequest}: `admin_key`, when the plugin is configured with one, to list the
   * private mountpoints too.
   *
   * @since 0.1.0
   * @category requests
   */
  type ListParams,
  /**
   * `list` (Janus docs: Streaming plugin › list): the public mountpoints (private ones too with `admin_key`); an
   * empty list, never an error, when there are none. The same schema as the room plugins' `list`.
   *
   * @since 0.1.0
   * @category requests
   */
  ListRequest
} from "../internal/roomRequests.js"

/**
 * `info` (Janus docs: Streaming plugin › info): details of mountpoint `id`; more with its `secret`.
 *
 * @since 0.1.0
 * @category requests
 */
export const InfoRequest = request("info", { id: Id, secret: opt(Str) })
/**
 * The parameters of {@link InfoRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type InfoParams = ParamsOf<typeof InfoRequest>

/**
 * One stream of an RTP mountpoint's `media` array (Janus docs: Streaming plugin › configuration, multistream):
 * `type` and `mid` (unique), the local `port` to receive on (0 lets the plugin pick one from `rtp_port_range`),
 * `pt` / `codec` / `fmtp` for audio and video, `rtcpport`, `mcast` / `iface`, `label` / `msid`, `skew`;
 * video only: `bufferkf`, `simulcast` with `port2` / `port3`, `svc`; data only: `buffermsg`, `datatype`.
 *
 * @since 0.1.0
 * @category models
 */
export const MediaStream = Schema.Struct({
  type: MediaKind,
  mid: Str,
  ...optional({
    label: Str,
    msid: Str,
    mcast: Str,
    iface: Str,
    rtcpport: Num,
    pt: Num,
    codec: Str,
    fmtp: Str,
    skew: Bool,
    bufferkf: Bool,
    simulcast: Bool,
    port2: Num,
    port3: Num,
    svc: Bool,
    buffermsg: Bool,
    datatype: Schema.Literal("text", "binary")
  }),
  port: Num
})
/**
 * The decoded type of {@link MediaStream}.
 *
 * @since 0.1.0
 * @category models
 */
export type MediaStream = typeof MediaStream.Type

/**
 * `create` (Janus docs: Streaming plugin › create): a new mountpoint of `type` `rtp` (streams in `media`),
 * `live` / `ondemand` (a local `filename`), or `rtsp` (`url`, `rtsp_user`, `rtsp_pwd`, …). `id` and `name` are
 * chosen by the plugin when missing; `admin_key` is needed when configured; `permanent` saves it to the config
 * file. RTP extras: `collision` (ms), `threads`, `srtpsuite` / `srtpcrypto`, `e2ee`, `playoutdelay_ext`.
 * The deprecated single-stream fields (`audioport`, `videopt`, …) are not modelled; use `media`.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateRequest = request("create", {
  type: Schema.Literal("rtp", "live", "ondemand", "rtsp"),
  ...optional({
    admin_key: Str,
    id: Id,
    name: Str,
    metadata: Str,
    permanent: Bool,
    media: Schema.Array(MediaStream),
    collision: Num,
    threads: Num,
    srtpsuite: Num,
    srtpcrypto: Str,
    e2ee: Bool,
    playoutdelay_ext: Bool,
    filename: Str,
    audiocodec: Str,
    audiofmtp: Str,
    audiopt: Num,
    url: Str,
    rtsp_user: Str,
    rtsp_pwd: Str,
    rtsp_reconnect_delay: Num,
    rtsp_session_timeout: Num,
    rtsp_timeout: Num,
    rtsp_conn_timeout: Num,
    rtsp_failcheck: Bool,
    rtspiface: Str,
    videocodec: Str,
    videofmtp: Str,
    videopt: Num,
    videobufferkf: Bool
  }),
  ...roomProperties
})
/**
 * The parameters of {@link CreateRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type CreateParams = ParamsOf<typeof CreateRequest>

/**
 * `edit` (Janus docs: Streaming plugin › edit): the `new_*` properties of mountpoint `id`; `edited_event` tells
 * viewers about a metadata change.
 *
 * @since 0.1.0
 * @category requests
 */
export const EditRequest = request("edit", {
  id: Id,
  ...optional({ secret: Str, permanent: Bool, edited_event: Bool }),
  ...edits({ ...roomProperties, metadata: opt(Str) })
})
/**
 * The parameters of {@link EditRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type EditParams = ParamsOf<typeof EditRequest>

/**
 * `destroy` (Janus docs: Streaming plugin › destroy): removes mountpoint `id` (its viewers are stopped); `permanent`
 * also removes it from the config file. 455 unknown, 457 wrong `secret`.
 *
 * @since 0.1.0
 * @category requests
 */
export const DestroyRequest = request("destroy", { id: Id, secret: opt(Str), permanent: opt(Bool) })
/**
 * The parameters of {@link DestroyRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type DestroyParams = ParamsOf<typeof DestroyRequest>

/**
 * `enable` (Janus docs: Streaming plugin › enable): lets viewers watch mountpoint `id` again. 455 unknown, 457 wrong
 * `secret`.
 *
 * @since 0.1.0
 * @category requests
 */
export const EnableRequest = request("enable", { id: Id, secret: opt(Str) })
/**
 * The parameters of {@link EnableRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type EnableParams = ParamsOf<typeof EnableRequest>

/**
 * `disable` (Janus docs: Streaming plugin › disable): `stop_recording` defaults to true in Janus, to false in
 * this wrapper (see `Streaming.disable`: Janus crashes stopping a stream that is not being recorded).
 *
 * @since 0.1.0
 * @category requests
 */
export const DisableRequest = request("disable", { id: Id, secret: opt(Str), stop_recording: opt(Bool) })
/**
 * The parameters of {@link DisableRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type DisableParams = ParamsOf<typeof DisableRequest>

/**
 * `kick_all` (Janus docs: Streaming plugin › kick_all): remove every viewer (not for on-demand).
 *
 * @since 0.1.0
 * @category requests
 */
export const KickAllRequest = request("kick_all", { id: Id, secret: opt(Str) })
/**
 * The parameters of {@link KickAllRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type KickAllParams = ParamsOf<typeof KickAllRequest>

/**
 * `recording` (Janus docs: Streaming plugin › recording): `start` (each `media` entry with a `mid` and a
 * `filename` base) or `stop` (each entry with a `mid`) recording streams of mountpoint `id`.
 *
 * @since 0.1.0
 * @category requests
 */
export const RecordingRequest = request("recording", {
  action: Schema.Literal("start", "stop"),
  id: Id,
  secret: opt(Str),
  media: opt(Schema.Array(Schema.Struct({ mid: Str, filename: opt(Str) })))
})
/**
 * The parameters of {@link RecordingRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type RecordingParams = ParamsOf<typeof RecordingRequest>

/**
 * `watch` (Janus docs: Streaming plugin › watch): subscribe to mountpoint `id`; `media` lists the mids to
 * receive (all when missing or empty); `restart` asks for an ICE-restart offer. The answer carries the offer.
 *
 * @since 0.1.0
 * @category requests
 */
export const WatchRequest = request("watch", { id: Id, pin: opt(Str), media: opt(Strings), restart: opt(Bool) })
/**
 * The parameters of {@link WatchRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type WatchParams = ParamsOf<typeof WatchRequest>

/**
 * `start` (Janus docs: Streaming plugin › start): with the JSEP answer, or alone to resume.
 *
 * @since 0.1.0
 * @category requests
 */
export const StartRequest = request("start")
/**
 * `pause` (Janus docs: Streaming plugin › pause): stops relaying media to this viewer, keeping the PeerConnection
 * (`start` resumes).
 *
 * @since 0.1.0
 * @category requests
 */
export const PauseRequest = request("pause")
/**
 * `stop` (Janus docs: Streaming plugin › stop): end the subscription and its PeerConnection.
 *
 * @since 0.1.0
 * @category requests
 */
export const StopRequest = request("stop")

/**
 * `configure` (Janus docs: Streaming plugin › configure): for stream `mid`, `send` on/off, simulcast `substream`
 * / `temporal` / `fallback` (µs), SVC `spatial_layer` / `temporal_layer`, playout delay `min_delay` /
 * `max_delay` (10 ms units).
 *
 * @since 0.1.0
 * @category requests
 */
export const ConfigureRequest = request("configure", { mid: opt(Str), ...receiveFields })
/**
 * The parameters of {@link ConfigureRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ConfigureParams = ParamsOf<typeof ConfigureRequest>

/**
 * `switch` (Janus docs: Streaming plugin › switch): move to mountpoint `id` on the same PeerConnection.
 *
 * @since 0.1.0
 * @category requests
 */
export const SwitchRequest = request("switch", { id: Id })
/**
 * The parameters of {@link SwitchRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type SwitchParams = ParamsOf<typeof SwitchRequest>
