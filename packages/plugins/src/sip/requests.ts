/**
 * Schemas of the SIP plugin's requests (Janus docs: SIP plugin › SIP Plugin API; janus_sip.c, Janus 1.1.x).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Srtp } from "../internal/callRequests.js"
import { recordingFields } from "../internal/calls.js"
import type { ParamsOf } from "../internal/plugin.js"
import { Bool, Num, opt, optional, request, Str, Strings } from "../internal/schema.js"

/**
 * Custom SIP headers to add: header name → value.
 *
 * @since 0.1.0
 * @category models
 */
export const Headers = Schema.Record({ key: Schema.String, value: Schema.String })
/**
 * The decoded type of {@link Headers}.
 *
 * @since 0.1.0
 * @category models
 */
export type Headers = typeof Headers.Type

/**
 * `register` (Janus docs: SIP plugin › register): `username` is the SIP URI to register (`sip:alice@host`);
 * `proxy` the registrar (`sip:host:port`); `secret` (or `ha1_secret`) and `authuser` answer 401/407 challenges
 * automatically. `type: "guest"` (or `send_register: false`) sends no REGISTER; `type: "helper"` with
 * `master_id` adds a helper for parallel calls. Also: `force_udp` / `force_tcp`, `sips`, `rfc2543_cancel`,
 * `display_name`, `user_agent`, `outbound_proxy`, `headers`, `contact_params` (an object in 1.1.x),
 * `incoming_header_prefixes`, `refresh`, `register_ttl` (s).
 *
 * @since 0.1.0
 * @category requests
 */
export const RegisterRequest = request("register", {
  username: Str,
  ...optional({
    type: Schema.Literal("guest", "helper"),
    send_register: Bool,
    force_udp: Bool,
    force_tcp: Bool,
    sips: Bool,
    rfc2543_cancel: Bool,
    secret: Str,
    ha1_secret: Str,
    authuser: Str,
    display_name: Str,
    user_agent: Str,
    proxy: Str,
    outbound_proxy: Str,
    headers: Headers,
    contact_params: Headers,
    incoming_header_prefixes: Strings,
    refresh: Bool,
    master_id: Num,
    register_ttl: Num
  })
})
/**
 * The parameters of {@link RegisterRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type RegisterParams = ParamsOf<typeof RegisterRequest>

/**
 * `unregister` (Janus docs: SIP plugin › unregister): a REGISTER with expiry 0 for the registered account;
 * `unregistering`, then `unregistered` when the registrar accepts.
 *
 * @since 0.1.0
 * @category requests
 */
export const UnregisterRequest = request("unregister")

/**
 * `call` (Janus docs: SIP plugin › call), with a JSEP offer: INVITE `uri`; `call_id`, `refer_id` (following a
 * `transfer` event), `headers`, `srtp` / `srtp_profile`, credentials for guests (`secret`, `ha1_secret`,
 * `authuser`), `autoaccept_reinvites` (default true).
 *
 * @since 0.1.0
 * @category requests
 */
export const CallRequest = request("call", {
  uri: Str,
  ...optional({
    call_id: Str,
    refer_id: Num,
    headers: Headers,
    srtp: Srtp,
    srtp_profile: Str,
    secret: Str,
    ha1_secret: Str,
    authuser: Str,
    autoaccept_reinvites: Bool
  })
})
/**
 * The parameters of {@link CallRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type CallParams = ParamsOf<typeof CallRequest>

/**
 * `accept` (Janus docs: SIP plugin › accept), with a JSEP answer (or offer for an offerless INVITE).
 *
 * @since 0.1.0
 * @category requests
 */
export const AcceptRequest = request("accept", optional({ srtp: Srtp, headers: Headers, autoaccept_reinvites: Bool }))
/**
 * The parameters of {@link AcceptRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type AcceptParams = ParamsOf<typeof AcceptRequest>

/**
 * `decline` (Janus docs: SIP plugin › decline): SIP `code` (default 486), `headers`, `refer_id`.
 *
 * @since 0.1.0
 * @category requests
 */
export const DeclineRequest = request("decline", { code: opt(Num), headers: opt(Headers), refer_id: opt(Num) })
/**
 * The parameters of {@link DeclineRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type DeclineParams = ParamsOf<typeof DeclineRequest>

/**
 * `update` (Janus docs: SIP plugin › update): a re-INVITE (or its answer) with a new JSEP.
 *
 * @since 0.1.0
 * @category requests
 */
export const UpdateRequest = request("update")

/**
 * `hold` (Janus docs: SIP plugin › hold): `direction` sendonly (default), recvonly or inactive.
 *
 * @since 0.1.0
 * @category requests
 */
export const HoldRequest = request("hold", { direction: opt(Schema.Literal("sendonly", "recvonly", "inactive")) })
/**
 * The parameters of {@link HoldRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type HoldParams = ParamsOf<typeof HoldRequest>

/**
 * `unhold` (Janus docs: SIP plugin › unhold): a re-INVITE restoring the media direction before `hold`; answered
 * `resuming`. Ignored outside a call.
 *
 * @since 0.1.0
 * @category requests
 */
export const UnholdRequest = request("unhold")

/**
 * `hangup` (Janus docs: SIP plugin › hangup): BYE or CANCEL, with extra `headers`.
 *
 * @since 0.1.0
 * @category requests
 */
export const HangupRequest = request("hangup", { headers: opt(Headers) })
/**
 * The parameters of {@link HangupRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type HangupParams = ParamsOf<typeof HangupRequest>

/**
 * `message` (Janus docs: SIP plugin › message): a SIP MESSAGE in dialog, or out of dialog to `uri`.
 *
 * @since 0.1.0
 * @category requests
 */
export const MessageRequest = request("message", {
  content: Str,
  ...optional({ content_type: Str, uri: Str, call_id: Str, headers: Headers })
})
/**
 * The parameters of {@link MessageRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type MessageParams = ParamsOf<typeof MessageRequest>

/**
 * `info` (Janus docs: SIP plugin › info): a SIP INFO with content `type` and `content`.
 *
 * @since 0.1.0
 * @category requests
 */
export const InfoRequest = request("info", { type: Str, content: Str, headers: opt(Headers) })
/**
 * The parameters of {@link InfoRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type InfoParams = ParamsOf<typeof InfoRequest>

/**
 * `dtmf_info` (Janus docs: SIP plugin › dtmf_info): a DTMF `digit` as SIP INFO, `duration` in ms.
 *
 * @since 0.1.0
 * @category requests
 */
export const DtmfInfoRequest = request("dtmf_info", { digit: Str, duration: opt(Num), headers: opt(Headers) })
/**
 * The parameters of {@link DtmfInfoRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type DtmfInfoParams = ParamsOf<typeof DtmfInfoRequest>

/**
 * `subscribe` (Janus docs: SIP plugin › subscribe): SUBSCRIBE to `event` (e.g. `message-summary`), `to`, `accept`,
 * `subscribe_ttl` (s), `call_id`, `headers`.
 *
 * @since 0.1.0
 * @category requests
 */
export const SubscribeRequest = request("subscribe", {
  event: Str,
  ...optional({ to: Str, accept: Str, subscribe_ttl: Num, call_id: Str, headers: Headers })
})
/**
 * The parameters of {@link SubscribeRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type SubscribeParams = ParamsOf<typeof SubscribeRequest>

/**
 * `unsubscribe` (Janus docs: SIP plugin › unsubscribe): end the subscription to `event`.
 *
 * @since 0.1.0
 * @category requests
 */
export const UnsubscribeRequest = request("unsubscribe", { event: Str, call_id: opt(Str) })
/**
 * The parameters of {@link UnsubscribeRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type UnsubscribeParams = ParamsOf<typeof UnsubscribeRequest>

/**
 * `transfer` (Janus docs: SIP plugin › transfer): REFER to `uri`; `replace` a call for an attended transfer.
 *
 * @since 0.1.0
 * @category requests
 */
export const TransferRequest = request("transfer", { uri: Str, replace: opt(Str), call_id: opt(Str) })
/**
 * The parameters of {@link TransferRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type TransferParams = ParamsOf<typeof TransferRequest>

/**
 * `recording` (Janus docs: SIP plugin › recording): `start` / `stop` recording our and the peer's audio/video.
 *
 * @since 0.1.0
 * @category requests
 */
export const RecordingRequest = request("recording", { ...recordingFields, send_peer_pli: opt(Bool) })
/**
 * The parameters of {@link RecordingRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type RecordingParams = ParamsOf<typeof RecordingRequest>

/**
 * `reset` (janus_sip.c, not in the 1.1.x doc comment): clears a stale "call in progress" flag of an idle handle, so
 * that incoming calls are not refused with 486 Busy any more. Does nothing during a call. Answered with `Reset`.
 *
 * @since 0.2.0
 * @category requests
 */
export const ResetRequest = request("reset")

/**
 * The requests shared by the SIP and NoSIP plugins: `keyframe` (ask the WebRTC user and/or the SIP peer for a
 * keyframe; needs Janus ≥ 1.3.1), `rtp_forward` / `stop_rtp_forward` / `listforwarders` (RTP forwarders of the
 * current call; need Janus ≥ 1.4.0; not in Janus 1.1.2, not tested here), `CallForwardStream` (one stream of a
 * forwarder) and `Srtp` (the SDES-SRTP policy of a call), defined once in `internal/callRequests.ts`.
 *
 * @since 0.2.0
 * @category requests
 */
export * from "../internal/callRequests.js"

// ---------------------------------------------------------------------------------------------------------------
// Newer Janus: typed from the upstream docs (janus-gateway master), not in 1.1.2, not tested here
// ---------------------------------------------------------------------------------------------------------------

/**
 * `progress` (**needs Janus ≥ 1.3.1, not tested here**): answers an incoming call with 183 Session Progress and
 * early media, with a JSEP answer (or offer, for an offerless INVITE); the call is not accepted yet. Same fields as
 * `accept`.
 *
 * @since 0.2.0
 * @category requests
 */
export const ProgressRequest = request("progress", {
  ...optional({ srtp: Srtp, srtp_profile: Str, headers: Headers, autoaccept_reinvites: Bool })
})
/**
 * The parameters of {@link ProgressRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type ProgressParams = ParamsOf<typeof ProgressRequest>

/**
 * `send_ringing` (**needs Janus ≥ 1.3.3, not tested here**): sends 180 Ringing for the incoming call (error code
 * 0 "Wrong state" when no call is ringing).
 *
 * @since 0.2.0
 * @category requests
 */
export const SendRingingRequest = request("send_ringing")
