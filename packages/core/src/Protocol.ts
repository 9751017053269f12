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
 * @category models
 */
export const Jsep = Schema.Struct(
  { type: Schema.String, sdp: Schema.String, trickle: Schema.optional(Schema.Boolean) },
  Open
)
/**
 * The decoded type of {@link Jsep}.
 *
 * @since 0.1.0
 * @category models
 */
export type Jsep = typeof Jsep.Type

/**
 * One ICE candidate as sent in a `trickle` request or received in a `trickle` message
 * (Janus docs: "The Janus API › Trickle ICE").
 *
 * @since 0.1.0
 * @category models
 */
export const Candidate = Schema.Struct({
  candidate: Schema.String,
  sdpMid: Schema.optional(Schema.String),
  sdpMLineIndex: Schema.optional(Schema.Number)
})
/**
 * The decoded type of {@link Candidate}.
 *
 * @since 0.1.0
 * @category models
 */
export type Candidate = typeof Candidate.Type

/**
 * The end-of-candidates marker `{"completed": true}`: sent as `candidate` of a `trickle` request when the client has
 * no more ICE candidates, and received in a `trickle` message when Janus has none (Janus docs: "The Janus API ›
 * Trickle ICE").
 *
 * @since 0.1.0
 * @category models
 */
export const CandidatesCompleted = Schema.Struct({ completed: Schema.Literal(true) })
/**
 * The decoded type of {@link CandidatesCompleted}.
 *
 * @since 0.1.0
 * @category models
 */
export type CandidatesCompleted = typeof CandidatesCompleted.Type

/**
 * A plugin's answer: `{ plugin: "janus.plugin.x", data: {...} }`. Plugin-level errors are inside `data`
 * (`error_code`, `error`).
 *
 * @since 0.1.0
 * @category models
 */
export const PluginData = Schema.Struct({ plugin: Schema.String, data: Open })
/**
 * The decoded type of {@link PluginData}.
 *
 * @since 0.1.0
 * @category models
 */
export type PluginData = typeof PluginData.Type

/**
 * The `error` member of an error reply: a code from `src/apierror.h` and a reason.
 *
 * @since 0.1.0
 * @category models
 */
export const ErrorBody = Schema.Struct({ code: Schema.Number, reason: Schema.String })

// ---------------------------------------------------------------------------------------------------------------
// Requests (client → Janus). `transaction`, `apisecret` and `token` are added by the transport.
// ---------------------------------------------------------------------------------------------------------------

const req = <Tag extends string, Fields extends Schema.Struct.Fields>(janus: Tag, fields: Fields) =>
  Schema.Struct({ janus: Schema.Literal(janus), ...fields })

/**
 * `create`: a new session; `id` asks for a specific id (Janus may refuse with 468).
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateRequest = req("create", { id: Schema.optional(SessionId) })
/**
 * `claim`: take over an existing session from another (or no) connection.
 *
 * @since 0.1.0
 * @category requests
 */
export const ClaimRequest = req("claim", { session_id: SessionId })
/**
 * `destroy`: ends session `session_id` on the server, detaching every handle of it (their PeerConnections close).
 * Answered `success`; 458 when the session does not exist.
 *
 * @since 0.1.0
 * @category requests
 */
export const DestroyRequest = req("destroy", { session_id: SessionId })
/**
 * `keepalive`: resets the `session_timeout` timer of `session_id` (60 s by default in janus.jcfg) so the session is
 * not reaped. Answered `ack`; 458 when the session is gone.
 *
 * @since 0.1.0
 * @category requests
 */
export const KeepaliveRequest = req("keepalive", { session_id: SessionId })
/**
 * `attach`: a new plugin handle; `opaque_id` tags it for admin/event handlers.
 *
 * @since 0.1.0
 * @category requests
 */
export const AttachRequest = req("attach", {
  session_id: SessionId,
  plugin: Schema.String,
  opaque_id: Schema.optional(Schema.String),
  loop_index: Schema.optional(Schema.Number)
})
/**
 * `detach`: closes plugin handle `handle_id` of `session_id` (its PeerConnection too); Janus then sends `detached`.
 * Answered `success`; 459 when the handle does not exist.
 *
 * @since 0.1.0
 * @category requests
 */
export const DetachRequest = req("detach", { session_id: SessionId, handle_id: HandleId })
/**
 * `message`: a request for the plugin (`body`), optionally with an SDP (`jsep`).
 *
 * @since 0.1.0
 * @category requests
 */
export const MessageRequest = req("message", {
  session_id: SessionId,
  handle_id: HandleId,
  body: Open,
  jsep: Schema.optional(Jsep)
})
/**
 * `trickle`: hands Janus ICE candidates for the handle's PeerConnection — `candidate` (one, or {@link
 * CandidatesCompleted}) or `candidates` (several). Answered `ack`; candidates sent before the SDP are queued by Janus.
 *
 * @since 0.1.0
 * @category requests
 */
export const TrickleRequest = req("trickle", {
  session_id: SessionId,
  handle_id: HandleId,
  candidate: Schema.optional(Schema.Union(Candidate, CandidatesCompleted)),
  candidates: Schema.optional(Schema.Array(Candidate))
})
/**
 * `hangup`: closes the PeerConnection of handle `handle_id` but keeps the handle attached; Janus sends a `hangup`
 * event. Answered `success`.
 *
 * @since 0.1.0
 * @category requests
 */
export const HangupRequest = req("hangup", { session_id: SessionId, handle_id: HandleId })
/**
 * `info`: no session needed; answered with {@link ServerInfo} (`server_info`: name, version, plugins, transports and
 * settings such as `session-timeout` and `reclaim-session-timeout`).
 *
 * @since 0.1.0
 * @category requests
 */
export const InfoRequest = req("info", {})
/**
 * `ping`: no session needed; answered with {@link Pong}. The transports use it as a liveness probe of a silent link.
 *
 * @since 0.1.0
 * @category requests
 */
export const PingRequest = req("ping", {})

/**
 * Any core API request, before the transport adds `transaction`, `apisecret` and `token`.
 *
 * @since 0.1.0
 * @category requests
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
/**
 * The decoded type of {@link Request}.
 *
 * @since 0.1.0
 * @category requests
 */
export type Request = typeof Request.Type

/**
 * A request as it goes on the wire: with its `transaction` and, when configured, `apisecret` and `token`.
 *
 * @since 0.1.0
 * @category requests
 */
export const WireRequest = Schema.extend(
  Request,
  Schema.Struct({
    transaction: Schema.String,
    apisecret: Schema.optional(Schema.String),
    token: Schema.optional(Schema.String)
  })
)
/**
 * The decoded type of {@link WireRequest}.
 *
 * @since 0.1.0
 * @category requests
 */
export type WireRequest = typeof WireRequest.Type

// ---------------------------------------------------------------------------------------------------------------
// Replies (Janus → client, one per request, correlated by `transaction`)
// ---------------------------------------------------------------------------------------------------------------

/**
 * `success`: `data.id` for `create` and `attach`; `plugindata` for synchronous plugin requests; nothing else
 * for `claim` (its id is in `session_id`), `destroy`, `detach`, `hangup`, `trickle`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Success = Schema.Struct({
  janus: Schema.Literal("success"),
  transaction: Schema.String,
  session_id: Schema.optional(SessionId),
  sender: Schema.optional(HandleId),
  data: Schema.optional(Schema.Struct({ id: Schema.optional(Schema.Number) })),
  plugindata: Schema.optional(PluginData)
})
/**
 * The decoded type of {@link Success}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Success = typeof Success.Type

/**
 * `error`: the request failed. Carries `session_id` when the request named one — also for a refused `claim`,
 * so success is decided by `janus`, never by the presence of `session_id`.
 *
 * @since 0.1.0
 * @category responses
 */
export const ErrorReply = Schema.Struct({
  janus: Schema.Literal("error"),
  transaction: Schema.optional(Schema.String),
  session_id: Schema.optional(Schema.Number),
  error: ErrorBody
})
/**
 * The decoded type of {@link ErrorReply}.
 *
 * @since 0.1.0
 * @category responses
 */
export type ErrorReply = typeof ErrorReply.Type

/**
 * `ack`: the request was accepted; for a plugin `message` the answer follows as an `event` with the same
 * transaction (which can arrive before the ack). `ack` is the final reply to `keepalive` and `trickle`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Ack = Schema.Struct({
  janus: Schema.Literal("ack"),
  transaction: Schema.String,
  session_id: Schema.optional(Schema.Number),
  hint: Schema.optional(Schema.String)
})
/**
 * The decoded type of {@link Ack}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Ack = typeof Ack.Type

/**
 * `server_info`: the answer to `info` — name, version, plugins, transports and settings. Fields are kept as sent.
 *
 * @since 0.1.0
 * @category responses
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
/**
 * The decoded type of {@link ServerInfo}.
 *
 * @since 0.1.0
 * @category responses
 */
export type ServerInfo = typeof ServerInfo.Type

/**
 * `pong`: the answer to `ping`, `{"janus":"pong","transaction":…}`; its arrival proves the link is alive.
 *
 * @since 0.1.0
 * @category responses
 */
export const Pong = Schema.Struct({ janus: Schema.Literal("pong"), transaction: Schema.String })
/**
 * The decoded type of {@link Pong}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Pong = typeof Pong.Type

/**
 * Any reply to a request, matched to it by `transaction`: {@link Success}, {@link ErrorReply}, {@link Ack}, {@link
 * ServerInfo} or {@link Pong}. A plugin `event` that answers a `message` is not a reply but an {@link AsyncMessage}
 * carrying the same transaction.
 *
 * @since 0.1.0
 * @category responses
 */
export const Reply = Schema.Union(Success, ErrorReply, Ack, ServerInfo, Pong)
/**
 * The decoded type of {@link Reply}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Reply = typeof Reply.Type

// ---------------------------------------------------------------------------------------------------------------
// Async messages (Janus → client, routed by session_id and sender)
// ---------------------------------------------------------------------------------------------------------------

/**
 * `event`: a plugin event, with the `transaction` of the request it answers (if any) and an optional `jsep`.
 *
 * @since 0.1.0
 * @category events
 */
export const PluginEvent = Schema.Struct({
  janus: Schema.Literal("event"),
  session_id: SessionId,
  sender: HandleId,
  transaction: Schema.optional(Schema.String),
  plugindata: PluginData,
  jsep: Schema.optional(Jsep)
})
/**
 * The decoded type of {@link PluginEvent}.
 *
 * @since 0.1.0
 * @category events
 */
export type PluginEvent = typeof PluginEvent.Type

/**
 * `webrtcup`: the handle's PeerConnection is up (ICE and DTLS done).
 *
 * @since 0.1.0
 * @category events
 */
export const WebrtcUp = Schema.Struct({ janus: Schema.Literal("webrtcup"), session_id: SessionId, sender: HandleId })
/**
 * The decoded type of {@link WebrtcUp}.
 *
 * @since 0.1.0
 * @category events
 */
export type WebrtcUp = typeof WebrtcUp.Type

/**
 * `media`: Janus started or stopped receiving a medium (`type` audio/video, `mid`).
 *
 * @since 0.1.0
 * @category events
 */
export const Media = Schema.Struct({
  janus: Schema.Literal("media"),
  session_id: SessionId,
  sender: HandleId,
  type: Schema.optional(Schema.String),
  mid: Schema.optional(Schema.String),
  receiving: Schema.Boolean,
  seconds: Schema.optional(Schema.Number)
})
/**
 * The decoded type of {@link Media}.
 *
 * @since 0.1.0
 * @category events
 */
export type Media = typeof Media.Type

/**
 * `slowlink`: many NACKs on a medium; `uplink` true when Janus is the one losing packets.
 *
 * @since 0.1.0
 * @category events
 */
export const Slowlink = Schema.Struct({
  janus: Schema.Literal("slowlink"),
  session_id: SessionId,
  sender: HandleId,
  uplink: Schema.optional(Schema.Boolean),
  media: Schema.optional(Schema.String),
  mid: Schema.optional(Schema.String),
  lost: Schema.optional(Schema.Number)
})
/**
 * The decoded type of {@link Slowlink}.
 *
 * @since 0.1.0
 * @category events
 */
export type Slowlink = typeof Slowlink.Type

/**
 * `hangup`: the handle's PeerConnection closed, with a `reason` (e.g. "DTLS alert").
 *
 * @since 0.1.0
 * @category events
 */
export const Hangup = Schema.Struct({
  janus: Schema.Literal("hangup"),
  session_id: SessionId,
  sender: HandleId,
  reason: Schema.optional(Schema.String)
})
/**
 * The decoded type of {@link Hangup}.
 *
 * @since 0.1.0
 * @category events
 */
export type Hangup = typeof Hangup.Type

/**
 * `detached`: the handle is gone (after our `detach`, or closed by the plugin).
 *
 * @since 0.1.0
 * @category events
 */
export const Detached = Schema.Struct({ janus: Schema.Literal("detached"), session_id: SessionId, sender: HandleId })
/**
 * The decoded type of {@link Detached}.
 *
 * @since 0.1.0
 * @category events
 */
export type Detached = typeof Detached.Type

/**
 * `trickle`: a candidate from Janus (`candidate` or `{completed:true}`).
 *
 * @since 0.1.0
 * @category events
 */
export const TrickleIn = Schema.Struct({
  janus: Schema.Literal("trickle"),
  session_id: SessionId,
  sender: HandleId,
  candidate: Schema.Union(Candidate, CandidatesCompleted)
})
/**
 * The decoded type of {@link TrickleIn}.
 *
 * @since 0.1.0
 * @category events
 */
export type TrickleIn = typeof TrickleIn.Type

/**
 * `timeout`: the session expired (no keep-alive within `session_timeout`). No transaction; Janus keeps the
 * socket open and answers 458 afterwards.
 *
 * @since 0.1.0
 * @category events
 */
export const Timeout = Schema.Struct({ janus: Schema.Literal("timeout"), session_id: SessionId })
/**
 * The decoded type of {@link Timeout}.
 *
 * @since 0.1.0
 * @category events
 */
export type Timeout = typeof Timeout.Type

/**
 * An async message of one plugin handle (it carries `sender`).
 *
 * @since 0.1.0
 * @category events
 */
export const HandleMessage = Schema.Union(PluginEvent, WebrtcUp, Media, Slowlink, Hangup, Detached, TrickleIn)
/**
 * The decoded type of {@link HandleMessage}.
 *
 * @since 0.1.0
 * @category events
 */
export type HandleMessage = typeof HandleMessage.Type

/**
 * Any message Janus sends for a session on its own (not as a reply): the handle messages of {@link HandleMessage} plus
 * the session's `timeout`. Routed by `session_id` and, for handles, by `sender`.
 *
 * @since 0.1.0
 * @category events
 */
export const AsyncMessage = Schema.Union(PluginEvent, WebrtcUp, Media, Slowlink, Hangup, Detached, TrickleIn, Timeout)
/**
 * The decoded type of {@link AsyncMessage}.
 *
 * @since 0.1.0
 * @category events
 */
export type AsyncMessage = typeof AsyncMessage.Type

/**
 * Anything Janus sends to a client: a reply or an async message.
 *
 * @since 0.1.0
 * @category events
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
/**
 * The decoded type of {@link Incoming}.
 *
 * @since 0.1.0
 * @category events
 */
export type Incoming = typeof Incoming.Type

/**
 * The `janus` values of replies (`success`, `error`, `ack`, `server_info`, `pong`).
 *
 * @since 0.1.0
 * @category utils
 */
export const replyTags: ReadonlySet<string> = new Set(["success", "error", "ack", "server_info", "pong"])

/**
 * True for replies (`success`, `error`, `ack`, `server_info`, `pong`), false for async messages.
 *
 * @since 0.1.0
 * @category guards
 */
export const isReply = (message: Incoming): message is Reply => replyTags.has(message.janus)

/**
 * Decodes one parsed JSON value into an {@link Incoming} message, as an `Either`. Never throws.
 *
 * @since 0.1.0
 * @category utils
 */
export const decodeIncoming = Schema.decodeUnknownEither(Incoming)
