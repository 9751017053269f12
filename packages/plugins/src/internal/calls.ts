/**
 * The answers and operations the SIP and NoSIP plugins share (newer Janus: keyframe requests and RTP forwarders of
 * the current call), typed from the upstream docs.
 */
import * as Schema from "effect/Schema"
import {
  type KeyframeParams,
  KeyframeRequest,
  ListForwardersRequest,
  type RtpForwardParams,
  RtpForwardRequest,
  type StopRtpForwardParams,
  StopRtpForwardRequest
} from "./callRequests.js"
import type { Bare, Op, Ops } from "./plugin.js"
import { Bool, listedForwarder, Num, opt, optional, resultEvent, Str } from "./schema.js"

/**
 * A forwarder of a call (**needs Janus ≥ 1.4.0**): `stream_id`, `type` (audio, video, peer_audio, peer_video),
 * `host`, `port`, `media`, `ssrc`, `pt`, `srtp`.
 *
 * @since 0.2.0
 * @category models
 */
export const CallForwarder = Schema.Struct({ ...listedForwarder, media: opt(Str) })
/**
 * The decoded type of {@link CallForwarder}.
 *
 * @since 0.2.0
 * @category models
 */
export type CallForwarder = typeof CallForwarder.Type

/**
 * The answers of the shared requests for the plugin whose events carry `key`, with its top-level `extra` fields.
 *
 * @since 0.1.0
 */
export const callAnswers = <const K extends string, const Extra extends Schema.Struct.Fields = {}>(
  key: K,
  extra: Extra = {} as Extra
) => ({
  KeyframeSent: resultEvent("KeyframeSent", key, "keyframesent", {}, extra),
  RtpForwarded: resultEvent("RtpForwarded", key, "rtp_forward", { forwarders: Schema.Array(CallForwarder) }, extra),
  RtpForwardStopped: resultEvent("RtpForwardStopped", key, "stop_rtp_forward", { stream_id: Num }, extra),
  Forwarders: resultEvent("Forwarders", key, "forwarders", { rtp_forwarders: Schema.Array(CallForwarder) }, extra)
})

interface CallAnswerSchemas {
  readonly KeyframeSent: Schema.Schema.AnyNoContext
  readonly RtpForwarded: Schema.Schema.AnyNoContext
  readonly RtpForwardStopped: Schema.Schema.AnyNoContext
  readonly Forwarders: Schema.Schema.AnyNoContext
}
type Answer<Res extends CallAnswerSchemas, K extends keyof CallAnswerSchemas> = Schema.Schema.Type<Res[K]>

/**
 * Keyframe requests and RTP forwarders of the current call (SIP) or session (NoSIP), typed from the plugin's
 * `responses` module. **Newer Janus: not in 1.1.2** (`keyframe` needs ≥ 1.3.1, the forwarders ≥ 1.4.0); typed
 * from the upstream docs, not tested here. Janus 1.1.2 answers them with the plugin's "invalid request" code (442
 * in both plugins).
 *
 * @since 0.1.0
 * @category models
 */
export interface CallForwarding<Res extends CallAnswerSchemas> {
  /** Asks the WebRTC `user` and/or the other `peer` for a keyframe: `KeyframeSent`. **Needs Janus ≥ 1.3.1.** */
  readonly keyframe: Op<KeyframeParams, Answer<Res, "KeyframeSent">>
  /** Forwards media of the call as RTP, one forwarder per `streams` entry: `RtpForwarded`. **Needs Janus ≥ 1.4.0.** */
  readonly rtpForward: Op<RtpForwardParams, Answer<Res, "RtpForwarded">>
  /** Stops forwarder `stream_id`: `RtpForwardStopped`. **Needs Janus ≥ 1.4.0.** */
  readonly stopRtpForward: Op<StopRtpForwardParams, Answer<Res, "RtpForwardStopped">>
  /** The call's RTP forwarders: `Forwarders`. **Needs Janus ≥ 1.4.0.** */
  readonly listForwarders: Bare<Answer<Res, "Forwarders">>
}

/**
 * The {@link CallForwarding} operations of a handle, from its plugin's `responses` module.
 *
 * @since 0.1.0
 */
export const callForwarding = <Res extends CallAnswerSchemas>(ops: Ops, res: Res): CallForwarding<Res> => ({
  keyframe: ops.params(KeyframeRequest, res.KeyframeSent),
  rtpForward: ops.params(RtpForwardRequest, res.RtpForwarded),
  stopRtpForward: ops.params(StopRtpForwardRequest, res.RtpForwardStopped),
  listForwarders: ops.bare(ListForwardersRequest, res.Forwarders)
})

/**
 * The fields of SIP's and NoSIP's `recording`: `start` / `stop` recording our `audio` / `video` and the peer's
 * `peer_audio` / `peer_video` to .mjr files named after `filename`.
 *
 * @since 0.1.0
 */
export const recordingFields = {
  action: Schema.Literal("start", "stop"),
  ...optional({ audio: Bool, video: Bool, peer_audio: Bool, peer_video: Bool, filename: Str })
}
