/**
 * What the SIP and NoSIP plugins' requests share (the SRTP policy; newer Janus: keyframe requests and RTP forwarders
 * of the current call), typed from the upstream docs and re-exported by both plugins' `requests` modules.
 */
import * as Schema from "effect/Schema"
import type { ParamsOf } from "./plugin.js"
import { Bool, Num, opt, request, rtpTarget, srtpFields } from "./schema.js"

/**
 * SRTP policy: `sdes_mandatory` requires SDES-SRTP, `sdes_optional` offers it.
 *
 * @since 0.1.0
 * @category models
 */
export const Srtp = Schema.Literal("sdes_mandatory", "sdes_optional")
/**
 * The decoded type of {@link Srtp}.
 *
 * @since 0.1.0
 * @category models
 */
export type Srtp = typeof Srtp.Type

/**
 * `keyframe` (**needs Janus ≥ 1.3.1, not tested here**): asks for a keyframe from the WebRTC `user` and/or the SIP
 * (or legacy RTP) `peer` (both booleans) during a call.
 *
 * @since 0.2.0
 * @category requests
 */
export const KeyframeRequest = request("keyframe", { user: opt(Bool), peer: opt(Bool) })
/**
 * The parameters of {@link KeyframeRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type KeyframeParams = ParamsOf<typeof KeyframeRequest>

/**
 * One forwarder of a SIP or NoSIP `rtp_forward`: which media (`audio`, `video`, `peer_audio`, `peer_video`) to
 * `host`:`port`, with optional `ssrc`, `pt` and SRTP (`srtp_suite` 32 or 80, `srtp_crypto`).
 *
 * @since 0.2.0
 * @category models
 */
export const CallForwardStream = Schema.Struct({
  type: Schema.Literal("audio", "video", "peer_audio", "peer_video"),
  ...rtpTarget,
  ssrc: opt(Num),
  pt: opt(Num),
  ...srtpFields
})
/**
 * The decoded type of {@link CallForwardStream}.
 *
 * @since 0.2.0
 * @category models
 */
export type CallForwardStream = typeof CallForwardStream.Type

/**
 * `rtp_forward` (**needs Janus ≥ 1.4.0, not tested here**): forwards media of the current call (SIP) or session (NoSIP) as RTP, one
 * forwarder per entry of `streams`; they end with the call.
 *
 * @since 0.2.0
 * @category requests
 */
export const RtpForwardRequest = request("rtp_forward", { streams: Schema.Array(CallForwardStream) })
/**
 * The parameters of {@link RtpForwardRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type RtpForwardParams = ParamsOf<typeof RtpForwardRequest>

/**
 * `stop_rtp_forward` (**needs Janus ≥ 1.4.0, not tested here**): stops forwarder `stream_id` of the current call.
 *
 * @since 0.2.0
 * @category requests
 */
export const StopRtpForwardRequest = request("stop_rtp_forward", { stream_id: Num })
/**
 * The parameters of {@link StopRtpForwardRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.2.0
 * @category requests
 */
export type StopRtpForwardParams = ParamsOf<typeof StopRtpForwardRequest>

/**
 * `listforwarders` (**needs Janus ≥ 1.4.0, not tested here**): the RTP forwarders of the current call.
 *
 * @since 0.2.0
 * @category requests
 */
export const ListForwardersRequest = request("listforwarders")
