/**
 * The EchoTest plugin's request (Janus docs: EchoTest plugin › Echo Test API; janus_echotest.c, Janus 1.1.x).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Bool, Num, optional, relayFields, Str } from "../internal/schema.js"

/**
 * The EchoTest's single, unnamed request. Every field is optional: `audio` / `video` turn echoing of that medium
 * on or off; `bitrate` caps the sender's bitrate via REMB (bps, e.g. 128000); `record` + `filename` record the
 * peer (`-audio.mjr`, `-video.mjr`, `-data.mjr` are appended); `substream` / `temporal` (0–2) pick the simulcast
 * layer to echo and `fallback` is how long (µs, default 250000) a layer may stay silent before a lower one is
 * picked; `min_delay` / `max_delay` set the playout-delay RTP extension of the echoed packets (10 ms units, both
 * needed); `audiocodec`, `videocodec`, `videoprofile` and `opusred` (offer Opus RED) only apply when a
 * PeerConnection is negotiated (an offer is attached).
 *
 * @since 0.1.0
 * @category requests
 */
export const Message = Schema.Struct({
  ...relayFields,
  ...optional({ audiocodec: Str, videocodec: Str, videoprofile: Str, opusred: Bool, min_delay: Num, max_delay: Num })
})
/**
 * The decoded type of {@link Message}.
 *
 * @since 0.1.0
 * @category requests
 */
export type Message = typeof Message.Type
