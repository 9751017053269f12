/**
 * The Record&Play plugin's answers and events (Janus docs: Record&Play plugin; janus_recordplay.c, Janus 1.1.x),
 * decoded into values tagged by `_tag`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { answers, Bool, eventUnion, Num, opt, optional, Str, statusEvent } from "../internal/schema.js"

/** The answers and events of this plugin: `recordplay: <value>` and their fields. */
const answer = answers("recordplay")

/**
 * One recording of `list`. In Janus 1.1.x `audio`, `video` and `data` are booleans (the doc comment says file
 * names), so both are accepted.
 *
 * @since 0.1.0
 * @category models
 */
export const Recording = Schema.Struct({
  id: Num,
  name: Str,
  date: Str,
  ...optional({
    audio: Schema.Union(Bool, Str),
    video: Schema.Union(Bool, Str),
    data: Schema.Union(Bool, Str),
    audio_codec: Str,
    video_codec: Str,
    audio_red: Bool
  })
})
/**
 * The decoded type of {@link Recording}.
 *
 * @since 0.1.0
 * @category models
 */
export type Recording = typeof Recording.Type

/**
 * The answer to `list`: `{"recordplay":"list","list":[…]}`.
 *
 * @since 0.1.0
 * @category responses
 */
export const List = answer("List", "list", { list: Schema.Array(Recording) })
/**
 * The decoded type of {@link List}.
 *
 * @since 0.1.0
 * @category responses
 */
export type List = typeof List.Type

/**
 * The answer to `update`: `{"recordplay":"ok"}`.
 *
 * @since 0.1.0
 * @category responses
 */
export const Ok = answer("Ok", "ok")
/**
 * The decoded type of {@link Ok}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Ok = typeof Ok.Type

/**
 * The answer to `configure`: the handle's `settings` now in force.
 *
 * @since 0.1.0
 * @category responses
 */
export const Configured = answer("Configured", "configure", {
  status: Str,
  settings: Schema.Struct({ "video-keyframe-interval": opt(Num), "video-bitrate-max": opt(Num) })
})
/**
 * The decoded type of {@link Configured}.
 *
 * @since 0.1.0
 * @category responses
 */
export type Configured = typeof Configured.Type

/**
 * `recording`: answer to `record` (JSEP answer in `jsep`); `id` of the new recording.
 *
 * @since 0.1.0
 * @category events
 */
export const RecordingStatus = statusEvent("Recording", "recordplay", "recording", { id: Num })
/**
 * The decoded type of {@link RecordingStatus}.
 *
 * @since 0.1.0
 * @category events
 */
export type RecordingStatus = typeof RecordingStatus.Type

/**
 * `preparing` (or `restarting` on an ICE restart): answer to `play`, with the plugin's offer in `jsep`.
 *
 * @since 0.1.0
 * @category events
 */
export const Preparing = statusEvent("Preparing", "recordplay", "preparing", { id: Num, warning: opt(Str) })
/**
 * The decoded type of {@link Preparing}.
 *
 * @since 0.1.0
 * @category events
 */
export type Preparing = typeof Preparing.Type

/**
 * `restarting`: answer to `play` with `restart: true`.
 *
 * @since 0.1.0
 * @category events
 */
export const Restarting = statusEvent("Restarting", "recordplay", "restarting", { id: Num, warning: opt(Str) })
/**
 * The decoded type of {@link Restarting}.
 *
 * @since 0.1.0
 * @category events
 */
export type Restarting = typeof Restarting.Type

/**
 * `playing`: answer to `start`.
 *
 * @since 0.1.0
 * @category events
 */
export const Playing = statusEvent("Playing", "recordplay", "playing", { id: opt(Num) })
/**
 * The decoded type of {@link Playing}.
 *
 * @since 0.1.0
 * @category events
 */
export type Playing = typeof Playing.Type

/**
 * `stopped`: answer to `stop` (with the recording's `id` when there was one).
 *
 * @since 0.1.0
 * @category events
 */
export const Stopped = statusEvent("Stopped", "recordplay", "stopped", { id: opt(Num) })
/**
 * The decoded type of {@link Stopped}.
 *
 * @since 0.1.0
 * @category events
 */
export type Stopped = typeof Stopped.Type

/**
 * `paused`: answer to `pause` while recording.
 *
 * @since 0.1.0
 * @category events
 */
export const Paused = statusEvent("Paused", "recordplay", "paused", { id: Num })
/**
 * The decoded type of {@link Paused}.
 *
 * @since 0.1.0
 * @category events
 */
export type Paused = typeof Paused.Type

/**
 * `resumed`: answer to `resume` while recording.
 *
 * @since 0.1.0
 * @category events
 */
export const Resumed = statusEvent("Resumed", "recordplay", "resumed", { id: Num })
/**
 * The decoded type of {@link Resumed}.
 *
 * @since 0.1.0
 * @category events
 */
export type Resumed = typeof Resumed.Type

/**
 * `{"recordplay":"event"}` without a `result`: `pause` / `resume` when nothing is being recorded (ignored).
 *
 * @since 0.1.0
 * @category events
 */
export const Ignored = answer("Ignored", "event", { result: opt(Schema.Never), error_code: opt(Schema.Never) })
/**
 * The decoded type of {@link Ignored}.
 *
 * @since 0.1.0
 * @category events
 */
export type Ignored = typeof Ignored.Type

/**
 * `slow_link`: Janus saw many NACKs (packet loss) on `media` of our PeerConnection — a hint to lower the bitrate.
 *
 * @since 0.1.0
 * @category events
 */
export const SlowLink = statusEvent("SlowLink", "recordplay", "slow_link", {
  ...optional({ media: Str, "current-bitrate": Num, uplink: Num })
})
/**
 * The decoded type of {@link SlowLink}.
 *
 * @since 0.1.0
 * @category events
 */
export type SlowLink = typeof SlowLink.Type

/**
 * `{"recordplay":"event","result":"done"}`: the PeerConnection is gone; the session is over.
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
 * The schema of everything a Record&Play handle's `events` carries, decoded from the plugin's `plugindata.data` into
 * one union tagged by `_tag`: the `Error` member (an unsolicited `error_code`) first, the plugin's own answers and
 * events, then `Unknown` for anything no member matches, so decoding never fails. Match on `_tag` (e.g. with
 * `Match.tag`).
 *
 * @since 0.1.0
 * @category events
 */
export const Event = eventUnion(
  "recordplay",
  [RecordingStatus, Preparing, Restarting, Playing, Stopped, Paused, Resumed, SlowLink, Done],
  [Ignored]
)
/**
 * The decoded type of {@link Event}.
 *
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type
