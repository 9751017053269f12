/**
 * Schemas of the Janus core API messages (Janus docs: "The Janus API", `src/janus.c`).
 *
 * Requests are what a client sends; replies answer one request (correlated by `transaction`); async messages
 * arrive on their own, routed by `session_id` and, for handles, by `sender`. Unknown extra fields are kept
 * where they carry data (`server_info`, `jsep`, `plugindata.data`) and otherwise ignored, so a newer Janus that
 * adds fields never makes decoding fail.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { HandleId, SessionId } from "./Ids.js"

const Open = Schema.Record({ key: Schema.String, value: Schema.Unknown })

// ---------------------------------------------------------------------------------------------------------------
// Shared parts
// ---------------------------------------------------------------------------------------------------------------

/**
 * A WebRTC session description as Janus carries it in `jsep`: `type` (`offer` / `answer`), `sdp`, and optional
 * flags such as `trickle` (false when candidates are all in the SDP), `e2ee`, `simulcast`. Unknown fields are kept.
 *
 * @since 0.1.0
 */
export const Jsep = Schema.Struct(
  { type: Schema.String, sdp: Schema.String, trickle: Schema.optional(Schema.Boolean) },
  Open
)
/** @since 0.1.0 */
export type Jsep = typeof Jsep.Type

/**
 * One ICE candidate as sent in a `trickle` request or received in a `trickle` message
 * (Janus docs: "The Janus API › Trickle ICE").
 *
 * @since 0.1.0
 */
export const Candidate = Schema.Struct({
  candidate: Schema.String,
  sdpMid: Schema.optional(Schema.String),
  sdpMLineIndex: Schema.optional(Schema.Number)
})
/** @since 0.1.0 */
export type Candidate = typeof Candidate.Type

/**
 * The end-of-candidates marker `{"completed": true}`.
 *
 * @since 0.1.0
 */
export const CandidatesCompleted = Schema.Struct({ completed: Schema.Literal(true) })
/** @since 0.1.0 */
export type CandidatesCompleted = typeof CandidatesCompleted.Type

/**
 * A plugin's answer: `{ plugin: "janus.plugin.x", data: {...} }`. Plugin-level errors are inside `data`
 * (`error_code`, `error`).
 *
 * @since 0.1.0
 */
export const PluginData = Schema.Struct({ plugin: Schema.String, data: Open })
/** @since 0.1.0 */
export type PluginData = typeof PluginData.Type

/**
 * The `error` member of an error reply: a code from `src/apierror.h` and a reason.
 *
 * @since 0.1.0
 */
export const ErrorBody = Schema.Struct({ code: Schema.Number, reason: Schema.String })

// ---------------------------------------------------------------------------------------------------------------
// Requests (client → Janus). `transaction`, `apisecret` and `token` are added by the transport.
// ---------------------------------------------------------------------------------------------------------------

const req = <Tag extends string, Fields extends Schema.Struct.Fields>(janus: Tag, fields: Fields) =>
  Schema.Struct({ janus: Schema.Literal(janus), ...fields })

/** `create`: a new session; `id` asks for a specific id (Janus may refuse with 468). @since 0.1.0 */
export const CreateRequest = req("create", { id: Schema.optional(SessionId) })
/** `claim`: take over an existing session from another (or no) connection. @since 0.1.0 */
export const ClaimRequest = req("claim", { session_id: SessionId })
/** `destroy`: end a session and its handles. @since 0.1.0 */
export const DestroyRequest = req("destroy", { session_id: SessionId })
/** `keepalive`: refresh a session's `session_timeout`. @since 0.1.0 */
export const KeepaliveRequest = req("keepalive", { session_id: SessionId })
/** `attach`: a new plugin handle; `opaque_id` tags it for admin/event handlers. @since 0.1.0 */
export const AttachRequest = req("attach", {
  session_id: SessionId,
  plugin: Schema.String,
  opaque_id: Schema.optional(Schema.String),
  loop_index: Schema.optional(Schema.Number)
})
/** `detach`: close a plugin handle. @since 0.1.0 */
export const DetachRequest = req("detach", { session_id: SessionId, handle_id: HandleId })
/** `message`: a request for the plugin (`body`), optionally with an SDP (`jsep`). @since 0.1.0 */
export const MessageRequest = req("message", {
  session_id: SessionId,
  handle_id: HandleId,
  body: Open,
  jsep: Schema.optional(Jsep)
})
/** `trickle`: one candidate, several, or `{completed:true}`. @since 0.1.0 */
export const TrickleRequest = req("trickle", {
  session_id: SessionId,
  handle_id: HandleId,
  candidate: Schema.optional(Schema.Union(Candidate, CandidatesCompleted)),
  candidates: Schema.optional(Schema.Array(Candidate))
})
/** `hangup`: close the handle's PeerConnection. @since 0.1.0 */
export const HangupRequest = req("hangup", { session_id: SessionId, handle_id: HandleId })
/** `info`: server information, answered with `server_info`. @since 0.1.0 */
export const InfoRequest = req("info", {})
/** `ping`: answered with `pong`. @since 0.1.0 */
export const PingRequest = req("ping", {})

/**
 * Any core API request, before the transport adds `transaction`, `apisecret` and `token`.
 *
 * @since 0.1.0
 */
export const Request = Schema.Union(
  CreateRequest,
  ClaimRequest,
  DestroyRequest,
  KeepaliveRequest,
  AttachRequest,
  DetachRequest,
  MessageRequest,
  TrickleRequest,
  HangupRequest,
  InfoRequest,
  PingRequest
)
/** @since 0.1.0 */
export type Request = typeof Request.Type

/**
 * A request as it goes on the wire: with its `transaction` and, when configured, `apisecret` and `token`.
 *
 * @since 0.1.0
 */
export const WireRequest = Schema.extend(
  Request,
  Schema.Struct({
    transaction: Schema.String,
    apisecret: Schema.optional(Schema.String),
    token: Schema.optional(Schema.String)
  })
)
/** @since 0.1.0 */
export type WireRequest = typeof WireRequest.Type

// ---------------------------------------------------------------------------------------------------------------
// Replies (Janus → client, one per request, correlated by `transaction`)
// ---------------------------------------------------------------------------------------------------------------

/**
 * `success`: `data.id` for `create` and `attach`; `plugindata` for synchronous plugin requests; nothing else
 * for `claim` (its id is in `session_id`), `destroy`, `detach`, `hangup`, `trickle`.
 *
 * @since 0.1.0
 */
export const Success = Schema.Struct({
  janus: Schema.Literal("success"),
  transaction: Schema.String,
  session_id: Schema.optional(SessionId),
  sender: Schema.optional(HandleId),
  data: Schema.optional(Schema.Struct({ id: Schema.optional(Schema.Number) })),
  plugindata: Schema.optional(PluginData)
})
/** @since 0.1.0 */
export type Success = typeof Success.Type

/**
 * `error`: the request failed. Carries `session_id` when the request named one — also for a refused `claim`,
 * so success is decided by `janus`, never by the presence of `session_id`.
 *
 * @since 0.1.0
 */
export const ErrorReply = Schema.Struct({
  janus: Schema.Literal("error"),
  transaction: Schema.optional(Schema.String),
  session_id: Schema.optional(Schema.Number),
  error: ErrorBody
})
/** @since 0.1.0 */
export type ErrorReply = typeof ErrorReply.Type

/**
 * `ack`: the request was accepted; for a plugin `message` the answer follows as an `event` with the same
 * transaction (which can arrive before the ack). `ack` is the final reply to `keepalive` and `trickle`.
 *
 * @since 0.1.0
 */
export const Ack = Schema.Struct({
  janus: Schema.Literal("ack"),
  transaction: Schema.String,
  session_id: Schema.optional(Schema.Number),
  hint: Schema.optional(Schema.String)
})
/** @since 0.1.0 */
export type Ack = typeof Ack.Type

/**
 * `server_info`: the answer to `info` — name, version, plugins, transports and settings. Fields are kept as sent.
 *
 * @since 0.1.0
 */
export const ServerInfo = Schema.Struct(
  {
    janus: Schema.Literal("server_info"),
    transaction: Schema.String,
    name: Schema.optional(Schema.String),
    version: Schema.optional(Schema.Number),
    version_string: Schema.optional(Schema.String),
    plugins: Schema.optional(Open),
    transports: Schema.optional(Open)
  },
  Open
)
/** @since 0.1.0 */
export type ServerInfo = typeof ServerInfo.Type

/** `pong`: the answer to `ping`. @since 0.1.0 */
export const Pong = Schema.Struct({ janus: Schema.Literal("pong"), transaction: Schema.String })
/** @since 0.1.0 */
export type Pong = typeof Pong.Type

/**
 * Any reply to a request.
 *
 * @since 0.1.0
 */
export const Reply = Schema.Union(Success, ErrorReply, Ack, ServerInfo, Pong)
/** @since 0.1.0 */
export type Reply = typeof Reply.Type

// ---------------------------------------------------------------------------------------------------------------
// Async messages (Janus → client, routed by session_id and sender)
// ---------------------------------------------------------------------------------------------------------------

/**
 * `event`: a plugin event, with the `transaction` of the request it answers (if any) and an optional `jsep`.
 *
 * @since 0.1.0
 */
export const PluginEvent = Schema.Struct({
  janus: Schema.Literal("event"),
  session_id: SessionId,
  sender: HandleId,
  transaction: Schema.optional(Schema.String),
  plugindata: PluginData,
  jsep: Schema.optional(Jsep)
})
/** @since 0.1.0 */
export type PluginEvent = typeof PluginEvent.Type

/** `webrtcup`: the handle's PeerConnection is up (ICE and DTLS done). @since 0.1.0 */
export const WebrtcUp = Schema.Struct({ janus: Schema.Literal("webrtcup"), session_id: SessionId, sender: HandleId })
/** @since 0.1.0 */
export type WebrtcUp = typeof WebrtcUp.Type

/** `media`: Janus started or stopped receiving a medium (`type` audio/video, `mid`). @since 0.1.0 */
export const Media = Schema.Struct({
  janus: Schema.Literal("media"),
  session_id: SessionId,
  sender: HandleId,
  type: Schema.optional(Schema.String),
  mid: Schema.optional(Schema.String),
  receiving: Schema.Boolean,
  seconds: Schema.optional(Schema.Number)
})
/** @since 0.1.0 */
export type Media = typeof Media.Type

/** `slowlink`: many NACKs on a medium; `uplink` true when Janus is the one losing packets. @since 0.1.0 */
export const Slowlink = Schema.Struct({
  janus: Schema.Literal("slowlink"),
  session_id: SessionId,
  sender: HandleId,
  uplink: Schema.optional(Schema.Boolean),
  media: Schema.optional(Schema.String),
  mid: Schema.optional(Schema.String),
  lost: Schema.optional(Schema.Number)
})
/** @since 0.1.0 */
export type Slowlink = typeof Slowlink.Type

/** `hangup`: the handle's PeerConnection closed, with a `reason` (e.g. "DTLS alert"). @since 0.1.0 */
export const Hangup = Schema.Struct({
  janus: Schema.Literal("hangup"),
  session_id: SessionId,
  sender: HandleId,
  reason: Schema.optional(Schema.String)
})
/** @since 0.1.0 */
export type Hangup = typeof Hangup.Type

/** `detached`: the handle is gone (after our `detach`, or closed by the plugin). @since 0.1.0 */
export const Detached = Schema.Struct({ janus: Schema.Literal("detached"), session_id: SessionId, sender: HandleId })
/** @since 0.1.0 */
export type Detached = typeof Detached.Type

/** `trickle`: a candidate from Janus (`candidate` or `{completed:true}`). @since 0.1.0 */
export const TrickleIn = Schema.Struct({
  janus: Schema.Literal("trickle"),
  session_id: SessionId,
  sender: HandleId,
  candidate: Schema.Union(Candidate, CandidatesCompleted)
})
/** @since 0.1.0 */
export type TrickleIn = typeof TrickleIn.Type

/**
 * `timeout`: the session expired (no keep-alive within `session_timeout`). No transaction; Janus keeps the
 * socket open and answers 458 afterwards.
 *
 * @since 0.1.0
 */
export const Timeout = Schema.Struct({ janus: Schema.Literal("timeout"), session_id: SessionId })
/** @since 0.1.0 */
export type Timeout = typeof Timeout.Type

/**
 * An async message of one plugin handle (it carries `sender`).
 *
 * @since 0.1.0
 */
export const HandleMessage = Schema.Union(PluginEvent, WebrtcUp, Media, Slowlink, Hangup, Detached, TrickleIn)
/** @since 0.1.0 */
export type HandleMessage = typeof HandleMessage.Type

/**
 * Any async message for a session.
 *
 * @since 0.1.0
 */
export const AsyncMessage = Schema.Union(PluginEvent, WebrtcUp, Media, Slowlink, Hangup, Detached, TrickleIn, Timeout)
/** @since 0.1.0 */
export type AsyncMessage = typeof AsyncMessage.Type

/**
 * Anything Janus sends to a client: a reply or an async message.
 *
 * @since 0.1.0
 */
export const Incoming = Schema.Union(
  Success,
  ErrorReply,
  Ack,
  ServerInfo,
  Pong,
  PluginEvent,
  WebrtcUp,
  Media,
  Slowlink,
  Hangup,
  Detached,
  TrickleIn,
  Timeout
)
/** @since 0.1.0 */
export type Incoming = typeof Incoming.Type

/**
 * The `janus` values of replies (`success`, `error`, `ack`, `server_info`, `pong`).
 *
 * @since 0.1.0
 */
export const replyTags: ReadonlySet<string> = new Set(["success", "error", "ack", "server_info", "pong"])

/**
 * True for replies (`success`, `error`, `ack`, `server_info`, `pong`), false for async messages.
 *
 * @since 0.1.0
 */
export const isReply = (message: Incoming): message is Reply => replyTags.has(message.janus)

/**
 * Decodes one parsed JSON value into an {@link Incoming} message, as an `Either`. Never throws.
 *
 * @since 0.1.0
 */
export const decodeIncoming = Schema.decodeUnknownEither(Incoming)
