/**
 * The NoSIP plugin's answers and events (Janus docs: NoSIP plugin; janus_nosip.c, Janus 1.1.x), decoded into
 * values tagged by `_tag`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { callAnswers } from "../internal/calls.js"
import { Bool, eventUnion, opt, resultEvent, Str } from "../internal/schema.js"
import { Srtp } from "./requests.js"

/** `generated`: the barebone SDP (`type` offer/answer, `sdp`) for the legacy peer. @since 0.1.0 */
export const Generated = resultEvent("Generated", "nosip", "generated", {
  type: Schema.Literal("offer", "answer"),
  sdp: Str,
  update: opt(Bool)
})
/** @since 0.1.0 */
export type Generated = typeof Generated.Type

/** `processed`: the peer's SDP was accepted; the JSEP for the WebRTC side is in `jsep`. @since 0.1.0 */
export const Processed = resultEvent("Processed", "nosip", "processed", { srtp: opt(Srtp), update: opt(Bool) })
/** @since 0.1.0 */
export type Processed = typeof Processed.Type

/** `hangingup`: answer to `hangup`. @since 0.1.0 */
export const HangingUp = resultEvent("HangingUp", "nosip", "hangingup", {})
/** @since 0.1.0 */
export type HangingUp = typeof HangingUp.Type

/** `recordingupdated`: answer to `recording`. @since 0.1.0 */
export const RecordingUpdated = resultEvent("RecordingUpdated", "nosip", "recordingupdated", {})
/** @since 0.1.0 */
export type RecordingUpdated = typeof RecordingUpdated.Type

/**
 * The answers to the requests of newer Janus versions (not in 1.1.2): `keyframe` (`KeyframeSent`, ≥ 1.3.1),
 * `rtp_forward` (`RtpForwarded`, the new `forwarders`), `stop_rtp_forward` (`RtpForwardStopped`) and
 * `listforwarders` (`Forwarders`), all ≥ 1.4.0.
 *
 * @since 0.2.0
 * @category responses
 */
export const { KeyframeSent, RtpForwarded, RtpForwardStopped, Forwarders } = callAnswers("nosip", {})
/** @since 0.2.0 */
export type KeyframeSent = typeof KeyframeSent.Type
/** @since 0.2.0 */
export type RtpForwarded = typeof RtpForwarded.Type
/** @since 0.2.0 */
export type RtpForwardStopped = typeof RtpForwardStopped.Type
/** @since 0.2.0 */
export type Forwarders = typeof Forwarders.Type

/**
 * Every NoSIP event, tagged by `_tag`.
 *
 * @since 0.1.0
 */
export const Event = eventUnion(
  "nosip",
  [Generated, Processed, HangingUp, RecordingUpdated, KeyframeSent, RtpForwarded, RtpForwardStopped],
  [Forwarders]
)
/** @since 0.1.0 */
export type Event = typeof Event.Type
