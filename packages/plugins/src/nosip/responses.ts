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

/**
 * `generated`: the barebone SDP (`type` offer/answer, `sdp`) for the legacy peer.
 *
 * @since 0.1.0
 * @category events
 */
export const Generated = resultEvent("Generated", "nosip", "generated", {
  type: Schema.Literal("offer", "answer"),
  sdp: Str,
  update: opt(Bool)
})
/**
 * The decoded type of {@link Generated}.
 *
 * @since 0.1.0
 * @category events
 */
export type Generated = typeof Generated.Type

/**
 * `processed`: the peer's SDP was accepted; the JSEP for the WebRTC side is in `jsep`.
 *
 * @since 0.1.0
 * @category events
 */
export const Processed = resultEvent("Processed", "nosip", "processed", { srtp: opt(Srtp), update: opt(Bool) })
/**
 * The decoded type of {@link Processed}.
 *
 * @since 0.1.0
 * @category events
 */
export type Processed = typeof Processed.Type

/**
 * `hangingup`: answer to `hangup` — the plugin tears the PeerConnection and the RTP session down; the core `hangup`
 * event follows on the handle.
 *
 * @since 0.1.0
 * @category events
 */
export const HangingUp = resultEvent("HangingUp", "nosip", "hangingup")
/**
 * The decoded type of {@link HangingUp}.
 *
 * @since 0.1.0
 * @category events
 */
export type HangingUp = typeof HangingUp.Type

/**
 * `recordingupdated`: answer to `recording`.
 *
 * @since 0.1.0
 * @category events
 */
export const RecordingUpdated = resultEvent("RecordingUpdated", "nosip", "recordingupdated")
/**
 * The decoded type of {@link RecordingUpdated}.
 *
 * @since 0.1.0
 * @category events
 */
export type RecordingUpdated = typeof RecordingUpdated.Type

/**
 * The answers to the requests of newer Janus versions (not in 1.1.2): `keyframe` (`KeyframeSent`, ≥ 1.3.1),
 * `rtp_forward` (`RtpForwarded`, the new `forwarders`), `stop_rtp_forward` (`RtpForwardStopped`) and
 * `listforwarders` (`Forwarders`), all ≥ 1.4.0.
 *
 * @since 0.2.0
 * @category responses
 */
export const { KeyframeSent, RtpForwarded, RtpForwardStopped, Forwarders } = callAnswers("nosip")
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
 * The schema of everything a NoSIP handle's `events` carries, decoded from the plugin's `plugindata.data` into one
 * union tagged by `_tag`: the `Error` member (an unsolicited `error_code`) first, the plugin's own answers and
 * events, then `Unknown` for anything no member matches, so decoding never fails. Match on `_tag` (e.g. with
 * `Match.tag`).
 *
 * @since 0.1.0
 * @category events
 */
export const Event = eventUnion(
  "nosip",
  [Generated, Processed, HangingUp, RecordingUpdated, KeyframeSent, RtpForwarded, RtpForwardStopped],
  [Forwarders]
)
/**
 * The decoded type of {@link Event}.
 *
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type
