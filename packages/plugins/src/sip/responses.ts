/**
 * Schemas of the SIP plugin's events (Janus docs: SIP plugin › SIP Plugin API; janus_sip.c, Janus 1.1.x). Every
 * event is `{ "sip": "event", "call_id"?: …, "result": { "event": <name>, … } }`; `headers` holds the incoming
 * headers matching the `incoming_header_prefixes` of `register`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { CallForwarder, callAnswers } from "../internal/calls.js"
import { Bool, eventUnion, Num, opt, resultEvent, Str, tagged } from "../internal/schema.js"
import { Headers, Srtp } from "./requests.js"

export { CallForwarder }

const callId = { call_id: opt(Str) }
const ev = <const Tag extends string, const Name extends string, Fields extends Schema.Struct.Fields>(
  tag: Tag,
  name: Name,
  fields: Fields
) => resultEvent(tag, "sip", name, fields, callId)

/** SIP response fields of a failure (`registration_failed`, `hangup`, …): `code` and `reason`. */
const sipStatus = { code: Num, reason: opt(Str), headers: opt(Headers) }

/** `registering`: answer to `register` when a REGISTER is sent. @since 0.1.0 */
export const Registering = ev("Registering", "registering", {})
/** @since 0.1.0 */
export type Registering = typeof Registering.Type
/**
 * `registered`: the registrar said 200 (or, with `register_sent: false`, the answer to a guest/helper `register`).
 * `master_id` identifies this session for helpers.
 *
 * @since 0.1.0
 */
export const Registered = ev("Registered", "registered", {
  username: Str,
  register_sent: opt(Bool),
  master_id: opt(Num),
  headers: opt(Headers)
})
/** @since 0.1.0 */
export type Registered = typeof Registered.Type
/** `registration_failed`: a definitive REGISTER failure, e.g. `code` 403 for wrong credentials. @since 0.1.0 */
export const RegistrationFailed = ev("RegistrationFailed", "registration_failed", sipStatus)
/** @since 0.1.0 */
export type RegistrationFailed = typeof RegistrationFailed.Type
/** `unregistering`: answer to `unregister`. @since 0.1.0 */
export const Unregistering = ev("Unregistering", "unregistering", {})
/** @since 0.1.0 */
export type Unregistering = typeof Unregistering.Type
/** `unregistered`. @since 0.1.0 */
export const Unregistered = ev("Unregistered", "unregistered", { username: opt(Str), register_sent: opt(Bool) })
/** @since 0.1.0 */
export type Unregistered = typeof Unregistered.Type
/** `calling`: answer to `call`. @since 0.1.0 */
export const Calling = ev("Calling", "calling", {})
/** @since 0.1.0 */
export type Calling = typeof Calling.Type
/** `ringing`: 180 Ringing. @since 0.1.0 */
export const Ringing = ev("Ringing", "ringing", { headers: opt(Headers) })
/** @since 0.1.0 */
export type Ringing = typeof Ringing.Type
/** `proceeding`: another provisional response (`code`). @since 0.1.0 */
export const Proceeding = ev("Proceeding", "proceeding", { code: opt(Num) })
/** @since 0.1.0 */
export type Proceeding = typeof Proceeding.Type
/** `progress`: 183 early media, with the callee's SDP in `jsep`. @since 0.1.0 */
export const Progress = ev("Progress", "progress", { username: opt(Str), headers: opt(Headers) })
/** @since 0.1.0 */
export type Progress = typeof Progress.Type
/**
 * `accepted`: the call is up (callee's SDP in `jsep` unless it came with `progress`); also answers `accept`. @since
 * 0.1.0
 */
export const Accepted = ev("Accepted", "accepted", { username: opt(Str), headers: opt(Headers) })
/** @since 0.1.0 */
export type Accepted = typeof Accepted.Type
/** `accepting`: answer to `accept` of an offerless INVITE (our offer sent; `accepted` follows). @since 0.1.0 */
export const Accepting = ev("Accepting", "accepting", {})
/** @since 0.1.0 */
export type Accepting = typeof Accepting.Type

const incoming = {
  username: Str,
  displayname: opt(Str),
  callee: opt(Str),
  referred_by: opt(Str),
  replaces: opt(Str),
  srtp: opt(Srtp),
  headers: opt(Headers)
}
/** `incomingcall`: an INVITE from `username`; its SDP offer (if any) in `jsep`. @since 0.1.0 */
export const IncomingCall = ev("IncomingCall", "incomingcall", incoming)
/** @since 0.1.0 */
export type IncomingCall = typeof IncomingCall.Type
/** `updatingcall`: a re-INVITE; answer it with `update`. @since 0.1.0 */
export const UpdatingCall = ev("UpdatingCall", "updatingcall", incoming)
/** @since 0.1.0 */
export type UpdatingCall = typeof UpdatingCall.Type
/** `missed_call`: an INVITE while busy (answered 486). @since 0.1.0 */
export const MissedCall = ev("MissedCall", "missed_call", { caller: Str, displayname: opt(Str), callee: opt(Str) })
/** @since 0.1.0 */
export type MissedCall = typeof MissedCall.Type
/** `updating` / `updated`: answer to `update` (an offer sent / an answer given). @since 0.1.0 */
export const Updating = ev("Updating", "updating", {})
/** @since 0.1.0 */
export type Updating = typeof Updating.Type
/** `updated`. @since 0.1.0 */
export const Updated = ev("Updated", "updated", {})
/** @since 0.1.0 */
export type Updated = typeof Updated.Type
/** `declining`: answer to `decline`. @since 0.1.0 */
export const Declining = ev("Declining", "declining", { code: opt(Num) })
/** @since 0.1.0 */
export type Declining = typeof Declining.Type
/** `holding`: answer to `hold`. @since 0.1.0 */
export const Holding = ev("Holding", "holding", {})
/** @since 0.1.0 */
export type Holding = typeof Holding.Type
/** `resuming`: answer to `unhold`. @since 0.1.0 */
export const Resuming = ev("Resuming", "resuming", {})
/** @since 0.1.0 */
export type Resuming = typeof Resuming.Type
/** `hangingup`: answer to `hangup`. @since 0.1.0 */
export const HangingUp = ev("HangingUp", "hangingup", {})
/** @since 0.1.0 */
export type HangingUp = typeof HangingUp.Type
/**
 * `hangup`: the call (or attempt) is over, with the SIP `code` and `reason` (200 "BYE" for a normal hangup) and
 * the Reason header's parts when present.
 *
 * @since 0.1.0
 */
export const Hangup = ev("Hangup", "hangup", {
  ...sipStatus,
  reason_header: opt(Str),
  reason_header_protocol: opt(Str),
  reason_header_cause: opt(Str)
})
/** @since 0.1.0 */
export type Hangup = typeof Hangup.Type
/**
 * `messagesent`: answer to `message`. `result.call_id` is the MESSAGE's Call-ID (the request's `call_id`, or one the
 * plugin made up), which the later `messagedelivery` carries as its top-level `call_id`. @since 0.1.0
 */
export const MessageSent = ev("MessageSent", "messagesent", { call_id: opt(Str) })
/** @since 0.1.0 */
export type MessageSent = typeof MessageSent.Type
/** `messagedelivery`: the SIP response (`code`, `reason`) to our MESSAGE. @since 0.1.0 */
export const MessageDelivery = ev("MessageDelivery", "messagedelivery", { code: Num, reason: opt(Str) })
/** @since 0.1.0 */
export type MessageDelivery = typeof MessageDelivery.Type
/** `message`: an incoming SIP MESSAGE. @since 0.1.0 */
export const Message = ev("Message", "message", {
  sender: Str,
  displayname: opt(Str),
  content_type: opt(Str),
  content: Str,
  headers: opt(Headers)
})
/** @since 0.1.0 */
export type Message = typeof Message.Type
/** `infosent`: answer to `info`. @since 0.1.0 */
export const InfoSent = ev("InfoSent", "infosent", {})
/** @since 0.1.0 */
export type InfoSent = typeof InfoSent.Type
/** `info`: an incoming SIP INFO. @since 0.1.0 */
export const Info = ev("Info", "info", {
  sender: Str,
  displayname: opt(Str),
  type: opt(Str),
  content: Str,
  headers: opt(Headers)
})
/** @since 0.1.0 */
export type Info = typeof Info.Type
/** `dtmfsent`: answer to `dtmf_info`. @since 0.1.0 */
export const DtmfSent = ev("DtmfSent", "dtmfsent", {})
/** @since 0.1.0 */
export type DtmfSent = typeof DtmfSent.Type
/** `subscribing`: answer to `subscribe`. @since 0.1.0 */
export const Subscribing = ev("Subscribing", "subscribing", {})
/** @since 0.1.0 */
export type Subscribing = typeof Subscribing.Type
/** `subscribe_succeeded`: the SUBSCRIBE was accepted (`expires` in s). @since 0.1.0 */
export const SubscribeSucceeded = ev("SubscribeSucceeded", "subscribe_succeeded", { ...sipStatus, expires: opt(Num) })
/** @since 0.1.0 */
export type SubscribeSucceeded = typeof SubscribeSucceeded.Type
/** `subscribe_failed`. @since 0.1.0 */
export const SubscribeFailed = ev("SubscribeFailed", "subscribe_failed", sipStatus)
/** @since 0.1.0 */
export type SubscribeFailed = typeof SubscribeFailed.Type
/** `unsubscribing`: answer to `unsubscribe`. @since 0.1.0 */
export const Unsubscribing = ev("Unsubscribing", "unsubscribing", {})
/** @since 0.1.0 */
export type Unsubscribing = typeof Unsubscribing.Type
/** `notify`: an incoming NOTIFY for a subscription (or a REFER). @since 0.1.0 */
export const Notify = ev("Notify", "notify", {
  notify: opt(Str),
  substate: opt(Str),
  "content-type": opt(Str),
  content: opt(Str),
  headers: opt(Headers)
})
/** @since 0.1.0 */
export type Notify = typeof Notify.Type
/** `transferring`: answer to `transfer`. @since 0.1.0 */
export const Transferring = ev("Transferring", "transferring", {})
/** @since 0.1.0 */
export type Transferring = typeof Transferring.Type
/** `transfer`: an incoming REFER; `call` with `refer_id` to follow it. @since 0.1.0 */
export const Transfer = ev("Transfer", "transfer", {
  refer_id: Num,
  refer_to: Str,
  referred_by: opt(Str),
  replaces: opt(Str),
  headers: opt(Headers)
})
/** @since 0.1.0 */
export type Transfer = typeof Transfer.Type
/** `recordingupdated`: answer to `recording`. @since 0.1.0 */
export const RecordingUpdated = ev("RecordingUpdated", "recordingupdated", {})
/** @since 0.1.0 */
export type RecordingUpdated = typeof RecordingUpdated.Type

/** `reset`: answer to `reset`. @since 0.2.0 */
export const Reset = ev("Reset", "reset", {})
/** @since 0.2.0 */
export type Reset = typeof Reset.Type

/**
 * `progressing` / `progressed` (**needs Janus ≥ 1.3.1**): answer to `progress` (the doc comment says
 * `progressing`, the source sends `progressed`).
 *
 * @since 0.2.0
 */
export const Progressing = tagged("Progressing", {
  sip: Schema.Literal("event"),
  ...callId,
  result: Schema.Struct({ event: Schema.Literal("progressing", "progressed") })
})
/** @since 0.2.0 */
export type Progressing = typeof Progressing.Type

/**
 * The answer to `send_ringing` (**needs Janus ≥ 1.3.3**): a bare `{"sip":"event","call_id":…}` without `result`.
 *
 * @since 0.2.0
 */
export const RingingSent = tagged("RingingSent", { sip: Schema.Literal("event"), call_id: opt(Str) })
/** @since 0.2.0 */
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
/** @since 0.2.0 */
export type KeyframeSent = typeof KeyframeSent.Type
/** @since 0.2.0 */
export type RtpForwarded = typeof RtpForwarded.Type
/** @since 0.2.0 */
export type RtpForwardStopped = typeof RtpForwardStopped.Type
/** @since 0.2.0 */
export type Forwarders = typeof Forwarders.Type

/**
 * Every SIP event, tagged by `_tag`.
 *
 * @since 0.1.0
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
/** @since 0.1.0 */
export type Event = typeof Event.Type
