/**
 * Schemas of the SIP plugin's events (Janus docs: SIP plugin › SIP Plugin API; janus_sip.c, Janus 1.1.x). Every
 * event is `{ "sip": "event", "call_id"?: …, "result": { "event": <name>, … } }`; `headers` holds the incoming
 * headers matching the `incoming_header_prefixes` of `register`.
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"
import { CallForwarder, callAnswers } from "../internal/calls.js"
import { answers, Bool, eventUnion, Num, opt, optional, resultEvent, Str } from "../internal/schema.js"
import { Headers, Srtp } from "./requests.js"

/** The answers and events of this plugin: `sip: <value>` and their fields. */
const answer = answers("sip")

export {
  /**
   * One RTP forwarder of the current call as listed by `listforwarders` (**needs Janus ≥ 1.4.0**): `stream_id`,
   * `type` (audio, video, peer_audio, peer_video), `host`, `port`, `media`, `ssrc`, `pt`, `srtp`. Shared with NoSIP.
   *
   * @since 0.2.0
   * @category models
   */
  CallForwarder
}

const callId = { call_id: opt(Str) }
const ev = <const Tag extends string, const Name extends string, const Fields extends Schema.Struct.Fields = {}>(
  tag: Tag,
  name: Name | readonly [Name, ...ReadonlyArray<Name>],
  fields: Fields = {} as Fields
) => resultEvent(tag, "sip", name, fields, callId)

/** SIP response fields of a failure (`registration_failed`, `hangup`, …): `code` and `reason`. */
const sipStatus = { code: Num, reason: opt(Str), headers: opt(Headers) }

/**
 * `registering`: answer to `register` when a REGISTER is sent; the registrar's verdict (`Registered` or
 * `RegistrationFailed`) follows on `events`.
 *
 * @since 0.1.0
 * @category events
 */
export const Registering = ev("Registering", "registering")
/**
 * The decoded type of {@link Registering}.
 *
 * @since 0.1.0
 * @category events
 */
export type Registering = typeof Registering.Type
/**
 * `registered`: the registrar said 200 (or, with `register_sent: false`, the answer to a guest/helper `register`).
 * `master_id` identifies this session for helpers.
 *
 * @since 0.1.0
 * @category events
 */
export const Registered = ev("Registered", "registered", {
  username: Str,
  ...optional({ register_sent: Bool, master_id: Num, headers: Headers })
})
/**
 * The decoded type of {@link Registered}.
 *
 * @since 0.1.0
 * @category events
 */
export type Registered = typeof Registered.Type
/**
 * `registration_failed`: a definitive REGISTER failure, e.g. `code` 403 for wrong credentials.
 *
 * @since 0.1.0
 * @category events
 */
export const RegistrationFailed = ev("RegistrationFailed", "registration_failed", sipStatus)
/**
 * The decoded type of {@link RegistrationFailed}.
 *
 * @since 0.1.0
 * @category events
 */
export type RegistrationFailed = typeof RegistrationFailed.Type
/**
 * `unregistering`: answer to `unregister`.
 *
 * @since 0.1.0
 * @category events
 */
export const Unregistering = ev("Unregistering", "unregistering")
/**
 * The decoded type of {@link Unregistering}.
 *
 * @since 0.1.0
 * @category events
 */
export type Unregistering = typeof Unregistering.Type
/**
 * `unregistered`: the registrar accepted the REGISTER with `Expires: 0` that `unregister` sent; `username` is the
 * user part of the URI. Arrives on `events` after `Unregistering`.
 *
 * @since 0.1.0
 * @category events
 */
export const Unregistered = ev("Unregistered", "unregistered", { username: opt(Str), register_sent: opt(Bool) })
/**
 * The decoded type of {@link Unregistered}.
 *
 * @since 0.1.0
 * @category events
 */
export type Unregistered = typeof Unregistered.Type
/**
 * `calling`: answer to `call` — the INVITE went out; `Ringing` / `Progress` / `Accepted` or `Hangup` follow on
 * `events`.
 *
 * @since 0.1.0
 * @category events
 */
export const Calling = ev("Calling", "calling")
/**
 * The decoded type of {@link Calling}.
 *
 * @since 0.1.0
 * @category events
 */
export type Calling = typeof Calling.Type
/**
 * `ringing`: the callee answered the INVITE with 180 Ringing (`headers`: the matching incoming headers).
 *
 * @since 0.1.0
 * @category events
 */
export const Ringing = ev("Ringing", "ringing", { headers: opt(Headers) })
/**
 * The decoded type of {@link Ringing}.
 *
 * @since 0.1.0
 * @category events
 */
export type Ringing = typeof Ringing.Type
/**
 * `proceeding`: another provisional response (`code`).
 *
 * @since 0.1.0
 * @category events
 */
export const Proceeding = ev("Proceeding", "proceeding", { code: opt(Num) })
/**
 * The decoded type of {@link Proceeding}.
 *
 * @since 0.1.0
 * @category events
 */
export type Proceeding = typeof Proceeding.Type
/**
 * `progress`: 183 early media, with the callee's SDP in `jsep`.
 *
 * @since 0.1.0
 * @category events
 */
export const Progress = ev("Progress", "progress", { username: opt(Str), headers: opt(Headers) })
/**
 * The decoded type of {@link Progress}.
 *
 * @since 0.1.0
 * @category events
 */
export type Progress = typeof Progress.Type
/**
 * `accepted`: the call is up (callee's SDP in `jsep` unless it came with `progress`); also answers `accept`.
 *
 * @since 0.1.0
 * @category events
 */
export const Accepted = ev("Accepted", "accepted", { username: opt(Str), headers: opt(Headers) })
/**
 * The decoded type of {@link Accepted}.
 *
 * @since 0.1.0
 * @category events
 */
export type Accepted = typeof Accepted.Type
/**
 * `accepting`: answer to `accept` of an offerless INVITE (our offer sent; `accepted` follows).
 *
 * @since 0.1.0
 * @category events
 */
export const Accepting = ev("Accepting", "accepting")
/**
 * The decoded type of {@link Accepting}.
 *
 * @since 0.1.0
 * @category events
 */
export type Accepting = typeof Accepting.Type

const incoming = {
  username: Str,
  ...optional({ displayname: Str, callee: Str, referred_by: Str, replaces: Str, srtp: Srtp, headers: Headers })
}
/**
 * `incomingcall`: an INVITE from `username`; its SDP offer (if any) in `jsep`.
 *
 * @since 0.1.0
 * @category events
 */
export const IncomingCall = ev("IncomingCall", "incomingcall", incoming)
/**
 * The decoded type of {@link IncomingCall}.
 *
 * @since 0.1.0
 * @category events
 */
export type IncomingCall = typeof IncomingCall.Type
/**
 * `updatingcall`: a re-INVITE; answer it with `update`.
 *
 * @since 0.1.0
 * @category events
 */
export const UpdatingCall = ev("UpdatingCall", "updatingcall", incoming)
/**
 * The decoded type of {@link UpdatingCall}.
 *
 * @since 0.1.0
 * @category events
 */
export type UpdatingCall = typeof UpdatingCall.Type
/**
 * `missed_call`: an INVITE while busy (answered 486).
 *
 * @since 0.1.0
 * @category events
 */
export const MissedCall = ev("MissedCall", "missed_call", { caller: Str, displayname: opt(Str), callee: opt(Str) })
/**
 * The decoded type of {@link MissedCall}.
 *
 * @since 0.1.0
 * @category events
 */
export type MissedCall = typeof MissedCall.Type
/**
 * `updating` / `updated`: answer to `update` (an offer sent / an answer given).
 *
 * @since 0.1.0
 * @category events
 */
export const Updating = ev("Updating", "updating")
/**
 * The decoded type of {@link Updating}.
 *
 * @since 0.1.0
 * @category events
 */
export type Updating = typeof Updating.Type
/**
 * `updated`: the peer answered the re-INVITE that our `update` sent (its SDP, if any, in `jsep`); the call goes on
 * with the renegotiated media.
 *
 * @since 0.1.0
 * @category events
 */
export const Updated = ev("Updated", "updated")
/**
 * The decoded type of {@link Updated}.
 *
 * @since 0.1.0
 * @category events
 */
export type Updated = typeof Updated.Type
/**
 * `declining`: answer to `decline`.
 *
 * @since 0.1.0
 * @category events
 */
export const Declining = ev("Declining", "declining", { code: opt(Num) })
/**
 * The decoded type of {@link Declining}.
 *
 * @since 0.1.0
 * @category events
 */
export type Declining = typeof Declining.Type
/**
 * `holding`: answer to `hold`.
 *
 * @since 0.1.0
 * @category events
 */
export const Holding = ev("Holding", "holding")
/**
 * The decoded type of {@link Holding}.
 *
 * @since 0.1.0
 * @category events
 */
export type Holding = typeof Holding.Type
/**
 * `resuming`: answer to `unhold`.
 *
 * @since 0.1.0
 * @category events
 */
export const Resuming = ev("Resuming", "resuming")
/**
 * The decoded type of {@link Resuming}.
 *
 * @since 0.1.0
 * @category events
 */
export type Resuming = typeof Resuming.Type
/**
 * `hangingup`: answer to `hangup` — the BYE (or CANCEL) went out; `Hangup` follows on `events` when the call is
 * over.
 *
 * @since 0.1.0
 * @category events
 */
export const HangingUp = ev("HangingUp", "hangingup")
/**
 * The decoded type of {@link HangingUp}.
 *
 * @since 0.1.0
 * @category events
 */
export type HangingUp = typeof HangingUp.Type
/**
 * `hangup`: the call (or attempt) is over, with the SIP `code` and `reason` (200 "BYE" for a normal hangup) and
 * the Reason header's parts when present.
 *
 * @since 0.1.0
 * @category events
 */
export const Hangup = ev("Hangup", "hangup", {
  ...sipStatus,
  ...optional({ reason_header: Str, reason_header_protocol: Str, reason_header_cause: Str })
})
/**
 * The decoded type of {@link Hangup}.
 *
 * @since 0.1.0
 * @category events
 */
export type Hangup = typeof Hangup.Type
/**
 * `messagesent`: answer to `message`. `result.call_id` is the MESSAGE's Call-ID (the request's `call_id`, or one the
 * plugin made up), which the later `messagedelivery` carries as its top-level `call_id`.
 *
 * @since 0.1.0
 * @category events
 */
export const MessageSent = ev("MessageSent", "messagesent", { call_id: opt(Str) })
/**
 * The decoded type of {@link MessageSent}.
 *
 * @since 0.1.0
 * @category events
 */
export type MessageSent = typeof MessageSent.Type
/**
 * `messagedelivery`: the SIP response (`code`, `reason`) to our MESSAGE.
 *
 * @since 0.1.0
 * @category events
 */
export const MessageDelivery = ev("MessageDelivery", "messagedelivery", { code: Num, reason: opt(Str) })
/**
 * The decoded type of {@link MessageDelivery}.
 *
 * @since 0.1.0
 * @category events
 */
export type MessageDelivery = typeof MessageDelivery.Type
/** What an incoming SIP MESSAGE or INFO carries: its `sender` (and `displayname`), `content` and `headers`. */
const received = { sender: Str, content: Str, ...optional({ displayname: Str, headers: Headers }) }
/**
 * `message`: an incoming SIP MESSAGE.
 *
 * @since 0.1.0
 * @category events
 */
export const Message = ev("Message", "message", { ...received, content_type: opt(Str) })
/**
 * The decoded type of {@link Message}.
 *
 * @since 0.1.0
 * @category events
 */
export type Message = typeof Message.Type
/**
 * `infosent`: answer to `info`.
 *
 * @since 0.1.0
 * @category events
 */
export const InfoSent = ev("InfoSent", "infosent")
/**
 * The decoded type of {@link InfoSent}.
 *
 * @since 0.1.0
 * @category events
 */
export type InfoSent = typeof InfoSent.Type
/**
 * `info`: an incoming SIP INFO.
 *
 * @since 0.1.0
 * @category events
 */
export const Info = ev("Info", "info", { ...received, type: opt(Str) })
/**
 * The decoded type of {@link Info}.
 *
 * @since 0.1.0
 * @category events
 */
export type Info = typeof Info.Type
/**
 * `dtmfsent`: answer to `dtmf_info`.
 *
 * @since 0.1.0
 * @category events
 */
export const DtmfSent = ev("DtmfSent", "dtmfsent")
/**
 * The decoded type of {@link DtmfSent}.
 *
 * @since 0.1.0
 * @category events
 */
export type DtmfSent = typeof DtmfSent.Type
/**
 * `subscribing`: answer to `subscribe`.
 *
 * @since 0.1.0
 * @category events
 */
export const Subscribing = ev("Subscribing", "subscribing")
/**
 * The decoded type of {@link Subscribing}.
 *
 * @since 0.1.0
 * @category events
 */
export type Subscribing = typeof Subscribing.Type
/**
 * `subscribe_succeeded`: the SUBSCRIBE was accepted (`expires` in s).
 *
 * @since 0.1.0
 * @category events
 */
export const SubscribeSucceeded = ev("SubscribeSucceeded", "subscribe_succeeded", { ...sipStatus, expires: opt(Num) })
/**
 * The decoded type of {@link SubscribeSucceeded}.
 *
 * @since 0.1.0
 * @category events
 */
export type SubscribeSucceeded = typeof SubscribeSucceeded.Type
/**
 * `subscribe_failed`: the SUBSCRIBE of `subscribe` was refused or timed out; `code` and `reason` are the SIP status
 * (e.g. 489 Bad Event), `headers` the matching incoming headers.
 *
 * @since 0.1.0
 * @category events
 */
export const SubscribeFailed = ev("SubscribeFailed", "subscribe_failed", sipStatus)
/**
 * The decoded type of {@link SubscribeFailed}.
 *
 * @since 0.1.0
 * @category events
 */
export type SubscribeFailed = typeof SubscribeFailed.Type
/**
 * `unsubscribing`: answer to `unsubscribe`.
 *
 * @since 0.1.0
 * @category events
 */
export const Unsubscribing = ev("Unsubscribing", "unsubscribing")
/**
 * The decoded type of {@link Unsubscribing}.
 *
 * @since 0.1.0
 * @category events
 */
export type Unsubscribing = typeof Unsubscribing.Type
/**
 * `notify`: an incoming NOTIFY for a subscription (or a REFER).
 *
 * @since 0.1.0
 * @category events
 */
export const Notify = ev("Notify", "notify", {
  ...optional({ notify: Str, substate: Str, "content-type": Str, content: Str, headers: Headers })
})
/**
 * The decoded type of {@link Notify}.
 *
 * @since 0.1.0
 * @category events
 */
export type Notify = typeof Notify.Type
/**
 * `transferring`: answer to `transfer`.
 *
 * @since 0.1.0
 * @category events
 */
export const Transferring = ev("Transferring", "transferring")
/**
 * The decoded type of {@link Transferring}.
 *
 * @since 0.1.0
 * @category events
 */
export type Transferring = typeof Transferring.Type
/**
 * `transfer`: an incoming REFER; `call` with `refer_id` to follow it.
 *
 * @since 0.1.0
 * @category events
 */
export const Transfer = ev("Transfer", "transfer", {
  refer_id: Num,
  refer_to: Str,
  ...optional({ referred_by: Str, replaces: Str, headers: Headers })
})
/**
 * The decoded type of {@link Transfer}.
 *
 * @since 0.1.0
 * @category events
 */
export type Transfer = typeof Transfer.Type
/**
 * `recordingupdated`: answer to `recording`.
 *
 * @since 0.1.0
 * @category events
 */
export const RecordingUpdated = ev("RecordingUpdated", "recordingupdated")
/**
 * The decoded type of {@link RecordingUpdated}.
 *
 * @since 0.1.0
 * @category events
 */
export type RecordingUpdated = typeof RecordingUpdated.Type

/**
 * `reset`: answer to `reset`.
 *
 * @since 0.2.0
 * @category events
 */
export const Reset = ev("Reset", "reset")
/**
 * The decoded type of {@link Reset}.
 *
 * @since 0.2.0
 * @category events
 */
export type Reset = typeof Reset.Type

/**
 * `progressing` / `progressed` (**needs Janus ≥ 1.3.1**): answer to `progress` (the doc comment says
 * `progressing`, the source sends `progressed`).
 *
 * @since 0.2.0
 * @category responses
 */
export const Progressing = ev("Progressing", ["progressing", "progressed"])
/**
 * The decoded type of {@link Progressing}.
 *
 * @since 0.2.0
 * @category responses
 */
export type Progressing = typeof Progressing.Type

/**
 * The answer to `send_ringing` (**needs Janus ≥ 1.3.3**): a bare `{"sip":"event","call_id":…}` without `result`.
 *
 * @since 0.2.0
 * @category responses
 */
export const RingingSent = answer("RingingSent", "event", callId)
/**
 * The decoded type of {@link RingingSent}.
 *
 * @since 0.2.0
 * @category responses
 */
export type RingingSent = typeof RingingSent.Type

/**
 * The answers to the requests of newer Janus versions (not in 1.1.2): `keyframe` (`KeyframeSent`, ≥ 1.3.1),
 * `rtp_forward` (`RtpForwarded`, the new `forwarders`), `stop_rtp_forward` (`RtpForwardStopped`) and
 * `listforwarders` (`Forwarders`), all ≥ 1.4.0.
 *
 * @since 0.2.0
 * @category responses
 */
export const { KeyframeSent, RtpForwarded, RtpForwardStopped, Forwarders } = callAnswers("sip", callId)
/**
 * The decoded type of {@link KeyframeSent}.
 *
 * @since 0.2.0
 * @category responses
 */
export type KeyframeSent = typeof KeyframeSent.Type
/**
 * The decoded type of {@link RtpForwarded}.
 *
 * @since 0.2.0
 * @category responses
 */
export type RtpForwarded = typeof RtpForwarded.Type
/**
 * The decoded type of {@link RtpForwardStopped}.
 *
 * @since 0.2.0
 * @category responses
 */
export type RtpForwardStopped = typeof RtpForwardStopped.Type
/**
 * The decoded type of {@link Forwarders}.
 *
 * @since 0.2.0
 * @category responses
 */
export type Forwarders = typeof Forwarders.Type

/**
 * The schema of everything a SIP handle's `events` carries, decoded from the plugin's `plugindata.data` into one
 * union tagged by `_tag`: the `Error` member (an unsolicited `error_code`) first, the plugin's own answers and
 * events, then `Unknown` for anything no member matches, so decoding never fails. Match on `_tag` (e.g. with
 * `Match.tag`).
 *
 * @since 0.1.0
 * @category events
 */
export const Event = eventUnion(
  "sip",
  [Registering, Registered, RegistrationFailed, Unregistering, Unregistered, Calling, Ringing],
  [Proceeding, Progress, Accepted, Accepting, IncomingCall, UpdatingCall, MissedCall, Updating],
  [Updated, Declining, Holding, Resuming, HangingUp, Hangup, MessageSent, MessageDelivery, Message],
  [InfoSent, Info, DtmfSent, Subscribing, SubscribeSucceeded, SubscribeFailed, Unsubscribing],
  [Notify, Transferring, Transfer, RecordingUpdated, Reset, KeyframeSent, RtpForwarded],
  [RtpForwardStopped, Forwarders]
)
/**
 * The decoded type of {@link Event}.
 *
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type
