/**
 * The NoSIP plugin's requests (Janus docs: NoSIP plugin; janus_nosip.c, Janus 1.1.x), and the newer ones (keyframe,
 * RTP forwarders) typed from the upstream docs.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Srtp } from "../internal/callRequests.js"
import { recordingFields } from "../internal/calls.js"
import type { ParamsOf } from "../internal/plugin.js"
import { Bool, opt, request, Str } from "../internal/schema.js"

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

const sdpOptions = {
  /** Opaque context string, for the application. */
  info: opt(Str),
  srtp: opt(Srtp),
  /** SRTP profile to negotiate, e.g. `AES_CM_128_HMAC_SHA1_80`. */
  srtp_profile: opt(Str),
  /** True for a renegotiation of an existing session. */
  update: opt(Bool)
}

/**
 * `generate` (Janus docs: NoSIP plugin › generate): with a WebRTC JSEP offer or answer attached, produce the
 * barebone SDP for the legacy peer.
 *
 * @since 0.1.0
 * @category requests
 */
export const GenerateRequest = request("generate", sdpOptions)
/**
 * The parameters of {@link GenerateRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type GenerateParams = ParamsOf<typeof GenerateRequest>

/**
 * `process` (Janus docs: NoSIP plugin › process): the legacy peer's barebone `sdp` (an `offer` or `answer`),
 * turned into a JSEP for the WebRTC side.
 *
 * @since 0.1.0
 * @category requests
 */
export const ProcessRequest = request("process", { type: Schema.Literal("offer", "answer"), sdp: Str, ...sdpOptions })
/**
 * The parameters of {@link ProcessRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type ProcessParams = ParamsOf<typeof ProcessRequest>

/**
 * `hangup` (Janus docs: NoSIP plugin › hangup): close the session.
 *
 * @since 0.1.0
 * @category requests
 */
export const HangupRequest = request("hangup")

/**
 * `recording` (Janus docs: NoSIP plugin › recording): `start` or `stop` recording our `audio` / `video` and the
 * peer's `peer_audio` / `peer_video`, to files prefixed with `filename`.
 *
 * @since 0.1.0
 * @category requests
 */
export const RecordingRequest = request("recording", recordingFields)
/**
 * The parameters of {@link RecordingRequest}: its fields without `request`, which the operation sets.
 *
 * @since 0.1.0
 * @category requests
 */
export type RecordingParams = ParamsOf<typeof RecordingRequest>
