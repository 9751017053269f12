/**
 * The Janus Admin API as a typed client: one operation per Admin request of Janus 1.1.2, over HTTP
 * (`POST /admin`, `/admin/{session}`, `/admin/{session}/{handle}`) or over WebSocket (subprotocol
 * `janus-admin-protocol`). Follows the Janus docs page "Admin/Monitor API" and
 * `janus_process_incoming_admin_request` in `src/janus.c` (v1.1.2), which this module's schemas were read from.
 *
 * Every request is described once by an {@link AdminRequest}: its name, a params schema (TypeScript names in
 * camelCase, encoded to Janus's wire names: `minNackQueue` → `min_nack_queue`, `sessionId` → `session_id`) and a
 * reply schema (Janus's own field names, as the docs spell them: `public_ip`, `nack-optimizations`). Where Janus
 * sends open-ended data (`handle_info`'s `info`, `info`, a plugin's `response`) the known fields are typed and
 * every other field is kept as an unknown value. Requests whose success carries nothing (`custom_event`,
 * `remove_token`, the captures) succeed with `void`.
 *
 * Every operation fails with one error, {@link AdminError}, whose `reason` says what went wrong: invalid params
 * (`encode`, nothing sent), no answer (`transport`, `timeout`), an unreadable answer (`decode`) or Janus's refusal
 * (`janus`, with Janus's `code`). `info` and `ping` need no `admin_secret`; every other request does (403 without).
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { JanusAdmin } from "@effect-janus/admin"
 * import { Effect, Layer } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const admin = yield* JanusAdmin.JanusAdmin
 *   const { sessions } = yield* admin.listSessions()
 *   for (const sessionId of sessions) {
 *     const { handles } = yield* admin.listHandles({ sessionId })
 *     yield* Effect.log(`session ${sessionId}: ${handles.length} handles`)
 *   }
 * })
 *
 * const AdminLive = JanusAdmin.layerHttp({ url: "http://127.0.0.1:7088/admin", adminSecret: "janusoverlord" })
 * program.pipe(Effect.provide(AdminLive.pipe(Layer.provide(FetchHttpClient.layer))))
 * ```
 *
 * @since 0.2.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as Socket from "@effect/platform/Socket"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { handleId, Id, Json, NonNegativeInt, open, optionalWire, sessionId, Token, wire } from "./internal/fields.js"
import * as Wire from "./internal/wire.js"

// ---------------------------------------------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------------------------------------------

/**
 * Why an Admin request failed:
 * - `encode`: the params are invalid (e.g. an id that is not a positive safe integer); nothing was sent;
 * - `transport`: no answer: the HTTP request failed or its status was not 200, the WebSocket could not be opened
 *   or closed before the reply;
 * - `timeout`: no reply within the request timeout (the request may still have run);
 * - `decode`: the reply was not JSON or not the shape this request answers;
 * - `janus`: Janus answered `{"janus":"error"}`; `code` holds its error code (`src/apierror.h`: 403 wrong or missing
 *   `admin_secret`, 456 missing mandatory element, 457 unhandled request at this path, 458 no such session, 459 no
 *   such handle, 460 no such plugin / transport / event handler / logger, 467 invalid element type, 470 token not
 *   found, 490 other errors, e.g. "Stored-Token based authentication disabled").
 *
 * @since 0.2.0
 * @category errors
 */
export const AdminErrorReason = Schema.Literal("encode", "transport", "timeout", "decode", "janus")

/**
 * The decoded type of {@link AdminErrorReason}.
 *
 * @since 0.2.0
 * @category errors
 */
export type AdminErrorReason = typeof AdminErrorReason.Type

/**
 * The one error of the Admin client; see {@link AdminErrorReason}. `request` names the Admin request
 * (`list_handles`, …); `code` is Janus's error code when `reason` is `janus`.
 *
 * @since 0.2.0
 * @category errors
 */
export class AdminError extends Schema.TaggedError<AdminError>("@effect-janus/admin/AdminError")("AdminError", {
  reason: AdminErrorReason,
  request: Schema.String,
  code: Schema.optional(Schema.Number),
  message: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {}

// ---------------------------------------------------------------------------------------------------------------
// requests
// ---------------------------------------------------------------------------------------------------------------

/**
 * One Admin API request: its name (the `janus` field), the schema of its params (TypeScript → wire body, ids
 * included) and the schema of its success reply. The session and handle ids of the params pick the path:
 * `/admin`, `/admin/{session_id}` or `/admin/{session_id}/{handle_id}` over HTTP, body fields over WebSocket.
 *
 * @since 0.2.0
 * @category models
 */
export interface AdminRequest<Name extends string, Params extends Schema.Schema.Any, Reply extends Schema.Schema.Any> {
  readonly name: Name
  readonly params: Params
  readonly reply: Reply
}

/**
 * Any {@link AdminRequest}.
 *
 * @since 0.2.0
 * @category models
 */
export type AnyAdminRequest = AdminRequest<string, Schema.Schema.Any, Schema.Schema.Any>

/**
 * The params an {@link AdminRequest} takes, e.g. `Params<typeof SetLogLevel>` is `{ readonly level: number }`.
 *
 * @since 0.2.0
 * @category models
 */
export type Params<R extends AnyAdminRequest> = Schema.Schema.Type<R["params"]>

/**
 * The decoded success reply of an {@link AdminRequest}.
 *
 * @since 0.2.0
 * @category models
 */
export type Reply<R extends AnyAdminRequest> = Schema.Schema.Type<R["reply"]>

const request = <Name extends string, P extends Schema.Struct.Fields, R extends Schema.Schema.Any>(
  name: Name,
  params: P,
  reply: R
): AdminRequest<Name, Schema.Struct<P>, R> => ({ name, params: Schema.Struct(params), reply })

/** A success with nothing in it: the operation succeeds with `void`. */
const Empty = Schema.transform(Schema.Unknown, Schema.Void, {
  strict: true,
  decode: () => undefined,
  encode: () => ({})
})
const SessionReply = Schema.Struct({ session_id: Id })
const handleTarget = { sessionId, handleId }
const QueryReply = Schema.Struct({
  /** What the plugin, transport, event handler or logger answered (its own errors are inside: `error_code`, `error`). */
  response: Json
})
const TokenPluginsReply = Schema.Struct({ data: Schema.Struct({ plugins: Schema.Array(Schema.String) }) })

// --- sessions and handles -------------------------------------------------------------------------------------

/**
 * `list_sessions` (`POST /admin`): ids of every session alive on the server.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListSessions = request("list_sessions", {}, Schema.Struct({ sessions: Schema.Array(Id) }))

/**
 * `list_handles` (`POST /admin/{session}`): ids of a session's handles. 458 for an unknown session.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListHandles = request(
  "list_handles",
  { sessionId },
  Schema.Struct({ session_id: Id, handles: Schema.Array(Id) })
)

/**
 * `info` of a `handle_info` reply. Typed: the session and handle, their plugin and transport, the WebRTC flags and
 * SDPs, the capture state; everything else Janus sends (`webrtc` with ICE/DTLS/stream stats, …) is kept as unknown
 * values. Times are monotonic microseconds (`created`, `current_time`, `session_last_activity`).
 *
 * @since 0.2.0
 * @category models
 */
export const HandleInfo = open({
  session_id: Id,
  session_last_activity: Schema.Number,
  /** Seconds (the global `session_timeout` unless set per session). */
  session_timeout: Schema.Number,
  /** Transport that owns the session, e.g. `janus.transport.websockets`; absent while nobody owns it. */
  session_transport: Schema.optional(Schema.String),
  handle_id: Id,
  opaque_id: Schema.optional(Schema.String),
  token: Schema.optional(Schema.String),
  "loop-running": Schema.Boolean,
  created: Schema.Number,
  current_time: Schema.Number,
  /** Package of the attached plugin, e.g. `janus.plugin.echotest`. */
  plugin: Schema.optional(Schema.String),
  /** The plugin's own `query_session` answer. */
  plugin_specific: Schema.optional(Json),
  /** WebRTC flags (`got-offer`, `negotiated`, `ready`, `has-audio`, …); absent with `pluginOnly`. */
  flags: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Boolean })),
  /** `profile`, `local` and `remote` SDPs once negotiated; absent with `pluginOnly`. */
  sdps: Schema.optional(
    Schema.Struct({
      profile: Schema.optional(Schema.String),
      local: Schema.optional(Schema.String),
      remote: Schema.optional(Schema.String)
    })
  ),
  "dump-to-pcap": Schema.optional(Schema.Boolean),
  "pcap-file": Schema.optional(Schema.String),
  "dump-to-text2pcap": Schema.optional(Schema.Boolean),
  "text2pcap-file": Schema.optional(Schema.String)
})

/**
 * The decoded {@link HandleInfo}.
 *
 * @since 0.2.0
 * @category models
 */
export type HandleInfo = typeof HandleInfo.Type

/**
 * `handle_info` (`POST /admin/{session}/{handle}`): everything Janus knows of a handle. `pluginOnly: true` limits
 * `info` to the ids, times and the plugin's part. 458 / 459 for unknown ids.
 *
 * @since 0.2.0
 * @category requests
 */
export const HandleInfoRequest = request(
  "handle_info",
  { ...handleTarget, pluginOnly: optionalWire("plugin_only", Schema.Boolean) },
  Schema.Struct({ session_id: Id, handle_id: Id, info: HandleInfo })
)

/**
 * `destroy_session` (`POST /admin/{session}`): destroys a session and its handles; its transport is told. 458 for
 * an unknown session.
 *
 * @since 0.2.0
 * @category requests
 */
export const DestroySession = request("destroy_session", { sessionId }, SessionReply)

/**
 * `detach_handle` (`POST /admin/{session}/{handle}`): detaches a handle from its plugin, as the owner's `detach`
 * would. 458 / 459 for unknown ids.
 *
 * @since 0.2.0
 * @category requests
 */
export const DetachHandle = request("detach_handle", handleTarget, SessionReply)

/**
 * `hangup_webrtc` (`POST /admin/{session}/{handle}`): closes the handle's PeerConnection (reason "Admin API"); the
 * handle stays attached. Succeeds on a handle without a PeerConnection too.
 *
 * @since 0.2.0
 * @category requests
 */
export const HangupWebrtc = request("hangup_webrtc", handleTarget, SessionReply)

/**
 * `set_session_timeout`: with `sessionId` (`POST /admin/{session}`), that session's timeout in seconds (`0` never
 * times out, `-1` back to the global value); without (`POST /admin`), the global `session_timeout` (≥ 0). The
 * reply echoes `timeout`. 467 for a value out of range.
 *
 * @since 0.2.0
 * @category requests
 */
export const SetSessionTimeout = request(
  "set_session_timeout",
  { sessionId: optionalWire("session_id", Id), timeout: Schema.Int },
  Schema.Struct({ timeout: Schema.Int, session_id: Schema.optional(Id) })
)

// --- server ------------------------------------------------------------------------------------------------------

/**
 * The `server_info` answer to `info` (the same as the Janus API's `info`): typed fields for the version, the
 * timeouts (seconds), the ICE settings and what is loaded (`plugins`, `transports`, `events`, `loggers`: package →
 * `{ name, version, version_string, … }`); every other field kept as an unknown value.
 *
 * @since 0.2.0
 * @category models
 */
export const ServerInfo = open({
  name: Schema.String,
  version: Schema.Number,
  version_string: Schema.String,
  author: Schema.String,
  "server-name": Schema.String,
  "session-timeout": Schema.Number,
  "reclaim-session-timeout": Schema.Number,
  "candidates-timeout": Schema.Number,
  "accepting-new-sessions": Schema.Boolean,
  "local-ip": Schema.String,
  data_channels: Schema.Boolean,
  "ice-lite": Schema.Boolean,
  "ice-tcp": Schema.Boolean,
  "full-trickle": Schema.Boolean,
  "min-nack-queue": Schema.Number,
  "nack-optimizations": Schema.Boolean,
  "static-event-loops": Schema.Number,
  api_secret: Schema.Boolean,
  auth_token: Schema.Boolean,
  event_handlers: Schema.Boolean,
  plugins: Schema.Record({ key: Schema.String, value: Json }),
  transports: Schema.Record({ key: Schema.String, value: Json }),
  events: Schema.Record({ key: Schema.String, value: Json }),
  loggers: Schema.Record({ key: Schema.String, value: Json })
})

/**
 * The decoded {@link ServerInfo}.
 *
 * @since 0.2.0
 * @category models
 */
export type ServerInfo = typeof ServerInfo.Type

/**
 * `info` (`POST /admin`, no `admin_secret` needed): the server's description, see {@link ServerInfo}.
 *
 * @since 0.2.0
 * @category requests
 */
export const Info = request("info", {}, ServerInfo)

/**
 * `ping` (`POST /admin`, no `admin_secret` needed): answered `{"janus":"pong"}`; a liveness probe.
 *
 * @since 0.2.0
 * @category requests
 */
export const Ping = request("ping", {}, Schema.Struct({ janus: Schema.Literal("pong") }))

/**
 * The `status` of a `get_status` reply: the settings the `set_*` requests change. Timeouts in seconds,
 * `no_media_timer` in seconds, `slowlink_threshold` in lost packets per second, `min_nack_queue` in milliseconds.
 *
 * @since 0.2.0
 * @category models
 */
export const Status = Schema.Struct({
  token_auth: Schema.Boolean,
  session_timeout: Schema.Number,
  reclaim_session_timeout: Schema.Number,
  candidates_timeout: Schema.Number,
  log_level: Schema.Number,
  log_timestamps: Schema.Boolean,
  log_colors: Schema.Boolean,
  locking_debug: Schema.Boolean,
  refcount_debug: Schema.Boolean,
  libnice_debug: Schema.Boolean,
  min_nack_queue: Schema.Number,
  "nack-optimizations": Schema.Boolean,
  no_media_timer: Schema.Number,
  slowlink_threshold: Schema.Number
})

/**
 * The decoded {@link Status}.
 *
 * @since 0.2.0
 * @category models
 */
export type Status = typeof Status.Type

/**
 * `get_status` (`POST /admin`): the current settings, see {@link Status}.
 *
 * @since 0.2.0
 * @category requests
 */
export const GetStatus = request("get_status", {}, Schema.Struct({ status: Status }))

/**
 * `loops_info` (`POST /admin`): the static event loops (`general.event_loops`) and how many handles each serves;
 * an empty list when static loops are off (the default).
 *
 * @since 0.2.0
 * @category requests
 */
export const LoopsInfo = request(
  "loops_info",
  {},
  Schema.Struct({ loops: Schema.Array(Schema.Struct({ id: Schema.Number, handles: Schema.Number })) })
)

/**
 * `set_log_level` (`POST /admin`): the log level, 0 (none) … 7 (huge); 467 outside that range.
 *
 * @since 0.2.0
 * @category requests
 */
export const SetLogLevel = request("set_log_level", { level: Schema.Int }, Schema.Struct({ level: Schema.Int }))

/**
 * `set_locking_debug` (`POST /admin`): logs every lock and unlock (very verbose).
 *
 * @since 0.2.0
 * @category requests
 */
export const SetLockingDebug = request(
  "set_locking_debug",
  { debug: Schema.Boolean },
  Schema.Struct({ locking_debug: Schema.Boolean })
)

/**
 * `set_refcount_debug` (`POST /admin`): logs every reference count change (very verbose).
 *
 * @since 0.2.0
 * @category requests
 */
export const SetRefcountDebug = request(
  "set_refcount_debug",
  { debug: Schema.Boolean },
  Schema.Struct({ refcount_debug: Schema.Boolean })
)

/**
 * `set_log_timestamps` (`POST /admin`): prefixes log lines with a timestamp.
 *
 * @since 0.2.0
 * @category requests
 */
export const SetLogTimestamps = request(
  "set_log_timestamps",
  { timestamps: Schema.Boolean },
  Schema.Struct({ log_timestamps: Schema.Boolean })
)

/**
 * `set_log_colors` (`POST /admin`): ANSI colours in log lines.
 *
 * @since 0.2.0
 * @category requests
 */
export const SetLogColors = request(
  "set_log_colors",
  { colors: Schema.Boolean },
  Schema.Struct({ log_colors: Schema.Boolean })
)

/**
 * `set_libnice_debug` (`POST /admin`): libnice's own debug messages in the log.
 *
 * @since 0.2.0
 * @category requests
 */
export const SetLibniceDebug = request(
  "set_libnice_debug",
  { debug: Schema.Boolean },
  Schema.Struct({ libnice_debug: Schema.Boolean })
)

/**
 * `set_min_nack_queue` (`POST /admin`): the minimum retransmission buffer per stream, in milliseconds (≥ 0).
 *
 * @since 0.2.0
 * @category requests
 */
export const SetMinNackQueue = request(
  "set_min_nack_queue",
  { minNackQueue: wire("min_nack_queue", NonNegativeInt) },
  Schema.Struct({ min_nack_queue: Schema.Number })
)

/**
 * `set_nack_optimizations` (`POST /admin`): skip retransmitting packets that would arrive too late.
 *
 * @since 0.2.0
 * @category requests
 */
export const SetNackOptimizations = request(
  "set_nack_optimizations",
  { nackOptimizations: wire("nack_optimizations", Schema.Boolean) },
  Schema.Struct({ "nack-optimizations": Schema.Boolean })
)

/**
 * `set_no_media_timer` (`POST /admin`): seconds without media before Janus reports a medium as gone (≥ 0).
 *
 * @since 0.2.0
 * @category requests
 */
export const SetNoMediaTimer = request(
  "set_no_media_timer",
  { noMediaTimer: wire("no_media_timer", NonNegativeInt) },
  Schema.Struct({ no_media_timer: Schema.Number })
)

/**
 * `set_slowlink_threshold` (`POST /admin`): lost packets per second that trigger a `slowlink` event (0 = off).
 *
 * @since 0.2.0
 * @category requests
 */
export const SetSlowlinkThreshold = request(
  "set_slowlink_threshold",
  { slowlinkThreshold: wire("slowlink_threshold", NonNegativeInt) },
  Schema.Struct({ slowlink_threshold: Schema.Number })
)

/**
 * `accept_new_sessions` (`POST /admin`): `false` makes Janus refuse `create` (472), e.g. to drain a server; existing
 * sessions carry on.
 *
 * @since 0.2.0
 * @category requests
 */
export const AcceptNewSessions = request(
  "accept_new_sessions",
  { accept: Schema.Boolean },
  Schema.Struct({ accept: Schema.Boolean })
)

/**
 * `query_eventhandler` (`POST /admin`): sends `request` to an event handler (by package, e.g.
 * `janus.eventhandler.sampleevh`) and returns its `response`. 460 when it is not loaded.
 *
 * @since 0.2.0
 * @category requests
 */
export const QueryEventhandler = request(
  "query_eventhandler",
  { handler: Schema.String, request: Schema.optional(Json) },
  QueryReply
)

/**
 * `query_transport` (`POST /admin`): sends `request` to a transport (e.g. `janus.transport.http` with
 * `{ request: "connections" }`) and returns its `response`. 460 when it is not loaded.
 *
 * @since 0.2.0
 * @category requests
 */
export const QueryTransport = request(
  "query_transport",
  { transport: Schema.String, request: Schema.optional(Json) },
  QueryReply
)

/**
 * `query_logger` (`POST /admin`): sends `request` to an external logger (e.g. `janus.logger.jsonlog` with
 * `{ request: "info" }`) and returns its `response`. 460 when it is not loaded.
 *
 * @since 0.2.0
 * @category requests
 */
export const QueryLogger = request(
  "query_logger",
  { logger: Schema.String, request: Schema.optional(Json) },
  QueryReply
)

/**
 * `resolve_address` (`POST /admin`): resolves a host name on the server; `elapsed` in microseconds. 490 when it
 * cannot be resolved.
 *
 * @since 0.2.0
 * @category requests
 */
export const ResolveAddress = request(
  "resolve_address",
  { address: Schema.String },
  Schema.Struct({ ip: Schema.String, elapsed: Schema.Number })
)

/**
 * `test_stun` (`POST /admin`): sends a STUN Binding request from the server to `address`:`port` (from local UDP
 * port `localPort`, default any) and returns the mapped address; `elapsed` in microseconds. Janus waits up to 5 s
 * for the answer, then 490 "STUN request failed".
 *
 * @since 0.2.0
 * @category requests
 */
export const TestStun = request(
  "test_stun",
  { address: Schema.String, port: Schema.Int, localPort: optionalWire("localport", NonNegativeInt) },
  Schema.Struct({ public_ip: Schema.String, public_port: Schema.Number, elapsed: Schema.Number })
)

/**
 * `custom_event` (`POST /admin`): hands `data` to the event handlers as an external event (type 4) under
 * `schema`. Succeeds with no event handler too (nothing is sent then).
 *
 * @since 0.2.0
 * @category requests
 */
export const CustomEvent = request("custom_event", { schema: Schema.String, data: Json }, Empty)

/**
 * `custom_logline` (`POST /admin`): writes `line` to the server's log at `level` (0 … 7, default 4 = info).
 *
 * @since 0.2.0
 * @category requests
 */
export const CustomLogline = request(
  "custom_logline",
  { line: Schema.String, level: Schema.optional(Schema.Int) },
  Empty
)

// --- tokens (stored-token authentication, `general.token_auth = true`) --------------------------------------------

/**
 * `add_token` (`POST /admin`): adds a token valid for the Janus API, for the given plugin packages (default: all);
 * the reply lists the plugins it may use. 490 when stored-token authentication is off.
 *
 * @since 0.2.0
 * @category requests
 */
export const AddToken = request(
  "add_token",
  { token: Token, plugins: Schema.optional(Schema.Array(Schema.String)) },
  TokenPluginsReply
)

/**
 * `allow_token` (`POST /admin`): lets a token use more plugins (a non-empty list); the reply lists all it may use.
 * 470 for an unknown token, 467 for an unknown plugin or an empty list.
 *
 * @since 0.2.0
 * @category requests
 */
export const AllowToken = request(
  "allow_token",
  { token: Token, plugins: Schema.Array(Schema.String) },
  TokenPluginsReply
)

/**
 * `disallow_token` (`POST /admin`): takes plugins away from a token; the reply lists what it may still use.
 * 470 for an unknown token.
 *
 * @since 0.2.0
 * @category requests
 */
export const DisallowToken = request(
  "disallow_token",
  { token: Token, plugins: Schema.Array(Schema.String) },
  TokenPluginsReply
)

/**
 * `list_tokens` (`POST /admin`): every stored token (as `Redacted`) with the plugins it may use; tokens allowed no
 * plugin are not listed. 490 when stored-token authentication is off.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListTokens = request(
  "list_tokens",
  {},
  Schema.Struct({
    data: Schema.Struct({
      tokens: Schema.Array(
        Schema.Struct({ token: Schema.Redacted(Schema.String), allowed_plugins: Schema.Array(Schema.String) })
      )
    })
  })
)

/**
 * `remove_token` (`POST /admin`): invalidates a token. 490 when it is unknown or stored-token authentication is off.
 *
 * @since 0.2.0
 * @category requests
 */
export const RemoveToken = request("remove_token", { token: Token }, Empty)

// --- captures ------------------------------------------------------------------------------------------------------

const captureParams = {
  ...handleTarget,
  /** Folder of the capture file (default: the working directory of Janus). */
  folder: Schema.optional(Schema.String),
  /** File name (default: generated from the handle id and a timestamp). */
  filename: Schema.optional(Schema.String),
  /** Bytes kept of each packet (0 = whole packets). */
  truncate: Schema.optional(NonNegativeInt)
}

/**
 * `start_pcap` (`POST /admin/{session}/{handle}`): dumps the handle's unencrypted RTP/RTCP to a pcap file
 * (`handle_info` then shows `dump-to-pcap` and `pcap-file`). 490 when a capture already runs or the file cannot be
 * created.
 *
 * @since 0.2.0
 * @category requests
 */
export const StartPcap = request("start_pcap", captureParams, Empty)

/**
 * `stop_pcap` (`POST /admin/{session}/{handle}`): stops the handle's capture. 490 "Capture not started" when none
 * runs.
 *
 * @since 0.2.0
 * @category requests
 */
export const StopPcap = request("stop_pcap", handleTarget, Empty)

/**
 * `start_text2pcap` (`POST /admin/{session}/{handle}`): as {@link StartPcap}, to a text file for `text2pcap`.
 *
 * @since 0.2.0
 * @category requests
 */
export const StartText2pcap = request("start_text2pcap", captureParams, Empty)

/**
 * `stop_text2pcap` (`POST /admin/{session}/{handle}`): as {@link StopPcap}.
 *
 * @since 0.2.0
 * @category requests
 */
export const StopText2pcap = request("stop_text2pcap", handleTarget, Empty)

// --- plugins -----------------------------------------------------------------------------------------------------

/**
 * `message_plugin` (`POST /admin`): sends `request` to a plugin's Admin hook (by package) and returns its
 * `response` (EchoTest echoes the request; VideoRoom, AudioBridge, Streaming, TextRoom take their room requests
 * there, authenticated by their `admin_key`). 460 for an unknown plugin.
 *
 * @since 0.2.0
 * @category requests
 */
export const MessagePlugin = request(
  "message_plugin",
  { plugin: Schema.String, request: Schema.optional(Json) },
  QueryReply
)

// ---------------------------------------------------------------------------------------------------------------
// service
// ---------------------------------------------------------------------------------------------------------------

/**
 * The typed call of an {@link AdminRequest}: params in, decoded reply out; requests without params take none.
 *
 * @since 0.2.0
 * @category models
 */
export type Operation<R extends AnyAdminRequest> =
  {} extends Params<R>
    ? (params?: Params<R>) => Effect.Effect<Reply<R>, AdminError>
    : (params: Params<R>) => Effect.Effect<Reply<R>, AdminError>

/**
 * The Admin API client: one operation per Admin request of Janus 1.1.2 (each documented on its
 * {@link AdminRequest}), plus `execute` for any {@link AdminRequest} and `raw` for requests this module does not
 * type (a newer Janus).
 *
 * @since 0.2.0
 * @category models
 */
export interface JanusAdmin {
  /** Sends any described request. */
  readonly execute: <R extends AnyAdminRequest>(request: R, params: Params<R>) => Effect.Effect<Reply<R>, AdminError>
  /**
   * Sends an untyped request (`janus` = its name; `body` = its fields, with `session_id` / `handle_id` to target a
   * session or handle) and returns the whole success reply.
   */
  readonly raw: (
    janus: string,
    body?: Readonly<Record<string, unknown>>
  ) => Effect.Effect<Readonly<Record<string, unknown>>, AdminError>
  /** {@link ListSessions} */
  readonly listSessions: Operation<typeof ListSessions>
  /** {@link ListHandles} */
  readonly listHandles: Operation<typeof ListHandles>
  /** {@link HandleInfoRequest} */
  readonly handleInfo: Operation<typeof HandleInfoRequest>
  /** {@link DestroySession} */
  readonly destroySession: Operation<typeof DestroySession>
  /** {@link DetachHandle} */
  readonly detachHandle: Operation<typeof DetachHandle>
  /** {@link HangupWebrtc} */
  readonly hangupWebrtc: Operation<typeof HangupWebrtc>
  /** {@link SetSessionTimeout} */
  readonly setSessionTimeout: Operation<typeof SetSessionTimeout>
  /** {@link Info} */
  readonly info: Operation<typeof Info>
  /** {@link Ping} */
  readonly ping: Operation<typeof Ping>
  /** {@link GetStatus} */
  readonly getStatus: Operation<typeof GetStatus>
  /** {@link LoopsInfo} */
  readonly loopsInfo: Operation<typeof LoopsInfo>
  /** {@link SetLogLevel} */
  readonly setLogLevel: Operation<typeof SetLogLevel>
  /** {@link SetLockingDebug} */
  readonly setLockingDebug: Operation<typeof SetLockingDebug>
  /** {@link SetRefcountDebug} */
  readonly setRefcountDebug: Operation<typeof SetRefcountDebug>
  /** {@link SetLogTimestamps} */
  readonly setLogTimestamps: Operation<typeof SetLogTimestamps>
  /** {@link SetLogColors} */
  readonly setLogColors: Operation<typeof SetLogColors>
  /** {@link SetLibniceDebug} */
  readonly setLibniceDebug: Operation<typeof SetLibniceDebug>
  /** {@link SetMinNackQueue} */
  readonly setMinNackQueue: Operation<typeof SetMinNackQueue>
  /** {@link SetNackOptimizations} */
  readonly setNackOptimizations: Operation<typeof SetNackOptimizations>
  /** {@link SetNoMediaTimer} */
  readonly setNoMediaTimer: Operation<typeof SetNoMediaTimer>
  /** {@link SetSlowlinkThreshold} */
  readonly setSlowlinkThreshold: Operation<typeof SetSlowlinkThreshold>
  /** {@link AcceptNewSessions} */
  readonly acceptNewSessions: Operation<typeof AcceptNewSessions>
  /** {@link QueryEventhandler} */
  readonly queryEventhandler: Operation<typeof QueryEventhandler>
  /** {@link QueryTransport} */
  readonly queryTransport: Operation<typeof QueryTransport>
  /** {@link QueryLogger} */
  readonly queryLogger: Operation<typeof QueryLogger>
  /** {@link ResolveAddress} */
  readonly resolveAddress: Operation<typeof ResolveAddress>
  /** {@link TestStun} */
  readonly testStun: Operation<typeof TestStun>
  /** {@link CustomEvent} */
  readonly customEvent: Operation<typeof CustomEvent>
  /** {@link CustomLogline} */
  readonly customLogline: Operation<typeof CustomLogline>
  /** {@link AddToken} */
  readonly addToken: Operation<typeof AddToken>
  /** {@link AllowToken} */
  readonly allowToken: Operation<typeof AllowToken>
  /** {@link DisallowToken} */
  readonly disallowToken: Operation<typeof DisallowToken>
  /** {@link ListTokens} */
  readonly listTokens: Operation<typeof ListTokens>
  /** {@link RemoveToken} */
  readonly removeToken: Operation<typeof RemoveToken>
  /** {@link StartPcap} */
  readonly startPcap: Operation<typeof StartPcap>
  /** {@link StopPcap} */
  readonly stopPcap: Operation<typeof StopPcap>
  /** {@link StartText2pcap} */
  readonly startText2pcap: Operation<typeof StartText2pcap>
  /** {@link StopText2pcap} */
  readonly stopText2pcap: Operation<typeof StopText2pcap>
  /** {@link MessagePlugin} */
  readonly messagePlugin: Operation<typeof MessagePlugin>
}

/**
 * Context Tag of the Admin client.
 *
 * @since 0.2.0
 * @category tags
 */
export const JanusAdmin: Context.Tag<JanusAdmin, JanusAdmin> = Context.GenericTag<JanusAdmin>(
  "@effect-janus/admin/JanusAdmin"
)

/**
 * Every request of Janus 1.1.2's Admin API, by operation name (what {@link JanusAdmin} offers).
 *
 * @since 0.2.0
 * @category requests
 */
export const requests = {
  listSessions: ListSessions,
  listHandles: ListHandles,
  handleInfo: HandleInfoRequest,
  destroySession: DestroySession,
  detachHandle: DetachHandle,
  hangupWebrtc: HangupWebrtc,
  setSessionTimeout: SetSessionTimeout,
  info: Info,
  ping: Ping,
  getStatus: GetStatus,
  loopsInfo: LoopsInfo,
  setLogLevel: SetLogLevel,
  setLockingDebug: SetLockingDebug,
  setRefcountDebug: SetRefcountDebug,
  setLogTimestamps: SetLogTimestamps,
  setLogColors: SetLogColors,
  setLibniceDebug: SetLibniceDebug,
  setMinNackQueue: SetMinNackQueue,
  setNackOptimizations: SetNackOptimizations,
  setNoMediaTimer: SetNoMediaTimer,
  setSlowlinkThreshold: SetSlowlinkThreshold,
  acceptNewSessions: AcceptNewSessions,
  queryEventhandler: QueryEventhandler,
  queryTransport: QueryTransport,
  queryLogger: QueryLogger,
  resolveAddress: ResolveAddress,
  testStun: TestStun,
  customEvent: CustomEvent,
  customLogline: CustomLogline,
  addToken: AddToken,
  allowToken: AllowToken,
  disallowToken: DisallowToken,
  listTokens: ListTokens,
  removeToken: RemoveToken,
  startPcap: StartPcap,
  stopPcap: StopPcap,
  startText2pcap: StartText2pcap,
  stopText2pcap: StopText2pcap,
  messagePlugin: MessagePlugin
} as const

/**
 * Options shared by both wires.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /**
   * The Admin endpoint: over HTTP the base path, e.g. `http://127.0.0.1:7088/admin` (Janus's default Admin port
   * and `admin_base_path`); over WebSocket the server, e.g. `ws://127.0.0.1:7188` (`admin_ws_port`).
   */
  readonly url: string
  /** `admin_secret` (janus.jcfg `general.admin_secret`); a plain string is wrapped in `Redacted`. */
  readonly adminSecret?: Redacted.Redacted<string> | string | undefined
  /** How long a request waits for its reply (default 10 s; measured on the `Clock`), then `timeout`. */
  readonly requestTimeout?: Duration.DurationInput | undefined
}

/**
 * Options of {@link makeWebSocket} / {@link layerWebSocket}.
 *
 * @since 0.2.0
 * @category models
 */
export interface WebSocketOptions extends Options {
  /** How long to wait for the socket to open (default 10 s), then the layer fails with `transport`. */
  readonly openTimeout?: Duration.DurationInput | undefined
}

const Envelope = Schema.Struct({
  janus: Schema.String,
  error: Schema.optional(Schema.Struct({ code: Schema.Number, reason: Schema.String }))
})
const decodeEnvelope = Schema.decodeUnknownEither(Envelope)

/** The client over a wire: secret, transaction, timeout, the error reply, the reply schema. */
const fromWire = Effect.fnUntraced(function* (send: Wire.Send, options: Options) {
  const secret =
    options.adminSecret === undefined
      ? undefined
      : Redacted.isRedacted(options.adminSecret)
        ? options.adminSecret
        : Redacted.make(options.adminSecret)
  const timeout = Duration.decode(options.requestTimeout ?? Duration.seconds(10))
  const prefix = (yield* Random.nextIntBetween(36 ** 7, 36 ** 8)).toString(36)
  let counter = 0

  const raw = (janus: string, body: Readonly<Record<string, unknown>> = {}) =>
    Effect.suspend(() => {
      const fail = (reason: AdminErrorReason, message: string, cause?: unknown, code?: number) =>
        new AdminError({ reason, request: janus, message: `Admin ${janus}: ${message}`, code, cause })
      const transaction = `${prefix}${(counter++).toString(36)}`
      const frame: Wire.Frame = {
        ...body,
        janus,
        transaction,
        ...(secret === undefined ? {} : { admin_secret: Redacted.value(secret) })
      }
      return send(frame, fail).pipe(
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () => fail("timeout", `no reply in ${Duration.format(timeout)}`)
        }),
        Effect.flatMap((reply) => {
          const envelope = decodeEnvelope(reply)
          if (envelope._tag === "Left")
            return Effect.fail(fail("decode", "the reply is not a Janus message", envelope.left))
          const { error } = envelope.right
          if (envelope.right.janus === "error" || error !== undefined) {
            return Effect.fail(fail("janus", `${error?.code} ${error?.reason}`, undefined, error?.code))
          }
          return Effect.succeed(reply as Readonly<Record<string, unknown>>)
        }),
        Effect.withSpan(`JanusAdmin.${janus}`, {
          kind: "client",
          attributes: {
            "janus.admin.request": janus,
            "janus.transaction": transaction,
            ...(frame.session_id === undefined ? {} : { "janus.session_id": frame.session_id }),
            ...(frame.handle_id === undefined ? {} : { "janus.handle_id": frame.handle_id })
          }
        })
      )
    })

  const execute = <R extends AnyAdminRequest>(request: R, params: Params<R>): Effect.Effect<Reply<R>, AdminError> =>
    Schema.encode(request.params as Schema.Schema<Params<R>, unknown>)(params).pipe(
      Effect.mapError(
        (error) => new AdminError({ reason: "encode", request: request.name, message: error.message, cause: error })
      ),
      Effect.flatMap((body) => raw(request.name, body as Record<string, unknown>)),
      Effect.flatMap((reply) =>
        Schema.decodeUnknown(request.reply as Schema.Schema<Reply<R>, unknown>)(reply).pipe(
          Effect.mapError(
            (error) =>
              new AdminError({
                reason: "decode",
                request: request.name,
                message: `Admin ${request.name}: unexpected reply: ${error.message}`,
                cause: error
              })
          )
        )
      )
    )

  const operations = Object.fromEntries(
    Object.entries(requests).map(([name, request]) => [
      name,
      (params: Record<string, unknown> = {}) => execute(request as AnyAdminRequest, params)
    ])
  ) as unknown as Omit<JanusAdmin, "execute" | "raw">
  return JanusAdmin.of({ ...operations, execute, raw })
})

/**
 * The client over HTTP: every request is a `POST` to `options.url` (plus `/{session_id}[/{handle_id}]`) through
 * the `HttpClient` in context. Nothing is opened in advance.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeHttp = (options: Options): Effect.Effect<JanusAdmin, never, HttpClient.HttpClient> =>
  Effect.flatMap(HttpClient.HttpClient, (client) =>
    fromWire(Wire.http(options.url.replace(/\/+$/, ""), client), options)
  )

/**
 * The client over one WebSocket (subprotocol `janus-admin-protocol`), opened now and closed with the scope; replies
 * are matched by `transaction`. When the socket closes, pending and later requests fail with `transport` (no
 * reconnect: build a new client). Fails with `transport` when the socket does not open within `openTimeout`.
 * Needs a `Socket.WebSocketConstructor` (`NodeSocket.layerWebSocketConstructor` under Node,
 * `Socket.layerWebSocketConstructorGlobal` where `WebSocket` is global).
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeWebSocket = (
  options: WebSocketOptions
): Effect.Effect<JanusAdmin, AdminError, Socket.WebSocketConstructor | Scope.Scope> =>
  Wire.webSocket(options.url, options.openTimeout ?? Duration.seconds(10)).pipe(
    Effect.mapError(
      (closed) =>
        new AdminError({ reason: "transport", request: "connect", message: closed.message, cause: closed.cause })
    ),
    Effect.flatMap((send) => fromWire(send, options))
  )

/**
 * {@link makeHttp} as a Layer.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerHttp = (options: Options): Layer.Layer<JanusAdmin, never, HttpClient.HttpClient> =>
  Layer.effect(JanusAdmin, makeHttp(options))

/**
 * {@link makeWebSocket} as a Layer: the socket lives as long as the layer.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerWebSocket = (
  options: WebSocketOptions
): Layer.Layer<JanusAdmin, AdminError, Socket.WebSocketConstructor> => Layer.scoped(JanusAdmin, makeWebSocket(options))

const config = Config.all({
  url: Config.string("JANUS_ADMIN_URL"),
  adminSecret: Config.option(Config.redacted("JANUS_ADMIN_SECRET")),
  requestTimeout: Config.option(Config.duration("JANUS_ADMIN_TIMEOUT"))
}).pipe(
  Config.map(
    ({ adminSecret, requestTimeout, url }): Options => ({
      url,
      adminSecret: Option.getOrUndefined(adminSecret),
      requestTimeout: Option.getOrUndefined(requestTimeout)
    })
  )
)

/**
 * {@link layerHttp} configured through `Config`: `JANUS_ADMIN_URL` (required, e.g. `http://127.0.0.1:7088/admin`),
 * `JANUS_ADMIN_SECRET` (optional, redacted), `JANUS_ADMIN_TIMEOUT` (optional duration, e.g. `"5 seconds"`).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerConfig: Layer.Layer<JanusAdmin, ConfigError.ConfigError, HttpClient.HttpClient> = Layer.unwrapEffect(
  Effect.map(config, layerHttp)
)

/**
 * {@link layerWebSocket} configured through `Config`, with the same variables as {@link layerConfig}
 * (`JANUS_ADMIN_URL` then names the WebSocket server, e.g. `ws://127.0.0.1:7188`).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerConfigWebSocket: Layer.Layer<
  JanusAdmin,
  AdminError | ConfigError.ConfigError,
  Socket.WebSocketConstructor
> = Layer.unwrapEffect(Effect.map(config, layerWebSocket))
