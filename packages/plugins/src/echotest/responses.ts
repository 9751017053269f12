/**
 * The EchoTest plugin's answer and events (Janus docs: EchoTest plugin; janus_echotest.c, Janus 1.1.x).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { answers, eventUnion, Num, opt, Str } from "../internal/schema.js"

/** The answers and events of this plugin: `echotest: <value>` and their fields. */
const answer = answers("echotest")

/**
 * `{"echotest":"event","result":"ok"}`: the request was applied (with the SDP answer in `jsep` if an offer was sent).
 *
 * @since 0.1.0
 * @category responses
 */
export const Ok = answer("Ok", "event", { result: Schema.Literal("ok") })
/**
 * The decoded type of {@link Ok}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Ok = typeof Ok.Type

/**
 * `{"echotest":"event","result":"done"}`: the PeerConnection went away; the echo session is over.
 *
 * @since 0.1.0
 * @category events
 */
export const Done = answer("Done", "event", { result: Schema.Literal("done") })
/**
 * The decoded type of {@link Done}.
 *
 * @since 0.1.0
 * @category events
 */
export type Done = typeof Done.Type

/**
 * A simulcast layer change: `videocodec` and either `substream` or `temporal` (the layer now echoed).
 *
 * @since 0.1.0
 * @category events
 */
export const Simulcast = answer("Simulcast", "event", { videocodec: Str, substream: opt(Num), temporal: opt(Num) })
/**
 * The decoded type of {@link Simulcast}.
 *
 * @since 0.1.0
 * @category events
 */
export type Simulcast = typeof Simulcast.Type

/**
 * `{"echotest":"event","event":"slow_link","media":"audio"|"video","current-bitrate"?}`: many NACKs; the plugin
 * halved the bitrate cap.
 *
 * @since 0.1.0
 * @category events
 */
export const SlowLink = answer("SlowLink", "event", {
  event: Schema.Literal("slow_link"),
  media: Str,
  "current-bitrate": opt(Num)
})
/**
 * The decoded type of {@link SlowLink}.
 *
 * @since 0.1.0
 * @category events
 */
export type SlowLink = typeof SlowLink.Type

/**
 * Every EchoTest event, tagged by `_tag`: `Ok`, `Done`, `Simulcast`, `SlowLink`, `Error`, `Unknown`.
 *
 * @since 0.1.0
 * @category events
 */
export const Event = eventUnion("echotest", [Ok, Done, SlowLink, Simulcast])
/**
 * The decoded type of {@link Event}.
 *
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type
