/**
 * The AudioBridge plugin (`janus.plugin.audiobridge`): an audio conference mixer (Opus, G.711). Room management,
 * moderation, forwarders and file playback are synchronous; `join`, `configure`, `changeroom`, `leave`, `hangup`
 * answer with an event. Follows Janus docs "AudioBridge plugin" and the API comment at the top of
 * `src/plugins/janus_audiobridge.c` (Janus 1.1.x).
 *
 * ```ts
 * const bridge = yield* AudioBridge.attach(session)
 * const { room } = yield* bridge.create({ description: "standup" })
 * const joined = yield* bridge.join({ room, display: "alice", muted: true })
 * yield* bridge.configure({ muted: false }, offer)      // answer in `jsep`
 * ```
 *
 * @since 0.1.0
 */
import { Plugin, type PluginHandle, type Protocol } from "@effect-janus/core"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Req from "./audiobridge/requests.js"
import {
  errorEvent,
  Id,
  type PluginRequestError,
  type PluginService,
  type RequestOptions,
  UnknownEvent,
  type WithJsep
} from "./Common.js"
import { makeOps } from "./internal/client.js"
import { Bool, Num, opt, Str, Strings, tagged } from "./internal/schema.js"
import { constructors as makeConstructors } from "./internal/service.js"

export * from "./audiobridge/requests.js"

/**
 * The plugin: `janus.plugin.audiobridge`.
 *
 * @since 0.1.0
 */
export const plugin = Plugin.make("janus.plugin.audiobridge")

/**
 * Error codes of the AudioBridge (`JANUS_AUDIOBRIDGE_ERROR_*`): 480 no message, 481 invalid JSON, 482 invalid
 * request, 483 missing element, 484 invalid element, 485 no such room, 486 room exists, 487 not joined,
 * 488 libopus error, 489 unauthorized (wrong secret / pin / token), 490 id exists, 491 already joined, 492 no such
 * user, 493 invalid SDP, 494 no such group, 499 unknown error.
 *
 * @since 0.1.0
 */
export const ErrorCode = {
  NoMessage: 480,
  InvalidJson: 481,
  InvalidRequest: 482,
  MissingElement: 483,
  InvalidElement: 484,
  NoSuchRoom: 485,
  RoomExists: 486,
  NotJoined: 487,
  LibopusError: 488,
  Unauthorized: 489,
  IdExists: 490,
  AlreadyJoined: 491,
  NoSuchUser: 492,
  InvalidSdp: 493,
  NoSuchGroup: 494,
  UnknownError: 499
} as const

// ---------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------

const key = { audiobridge: Schema.Literal("success") }

/** The answer to `create`. @since 0.1.0 */
export const Created = tagged("Created", { audiobridge: Schema.Literal("created"), room: Id, permanent: opt(Bool) })
/** @since 0.1.0 */
export type Created = typeof Created.Type

/** The answer to `edit`. @since 0.1.0 */
export const Edited = tagged("Edited", { audiobridge: Schema.Literal("edited"), room: Id, permanent: opt(Bool) })
/** @since 0.1.0 */
export type Edited = typeof Edited.Type

/** The answer to `destroy`, and the event participants get when their room is destroyed. @since 0.1.0 */
export const Destroyed = tagged("Destroyed", {
  audiobridge: Schema.Literal("destroyed"),
  room: Id,
  permanent: opt(Bool)
})
/** @since 0.1.0 */
export type Destroyed = typeof Destroyed.Type

/**
 * `{"audiobridge":"success", …}`: the answer to `kick`, `kick_all`, `mute`, `unmute`, `mute_room`,
 * `unmute_room`, `resetdecoder`, `enable_recording` (`record`), `enable_mjrs` (`mjrs`), `stop_rtp_forward`
 * (`stream_id`). Fields not listed here are dropped.
 *
 * @since 0.1.0
 */
export const Success = tagged("Success", {
  ...key,
  room: opt(Id),
  record: opt(Bool),
  mjrs: opt(Bool),
  stream_id: opt(Num)
})
/** @since 0.1.0 */
export type Success = typeof Success.Type

/** The answer to `exists`. @since 0.1.0 */
export const Exists = tagged("Exists", { ...key, room: Id, exists: Bool })
/** @since 0.1.0 */
export type Exists = typeof Exists.Type

/** The answer to `allowed`: the complete token list (for `enable`, `add`, `remove`). @since 0.1.0 */
export const Allowed = tagged("Allowed", { ...key, room: Id, allowed: opt(Strings) })
/** @since 0.1.0 */
export type Allowed = typeof Allowed.Type

/** A room of `list`. @since 0.1.0 */
export const RoomInfo = Schema.Struct({
  room: Id,
  description: opt(Str),
  pin_required: opt(Bool),
  sampling_rate: opt(Num),
  spatial_audio: opt(Bool),
  record: opt(Bool),
  num_participants: opt(Num),
  muted: opt(Bool)
})
/** @since 0.1.0 */
export type RoomInfo = typeof RoomInfo.Type

/** The answer to `list`. @since 0.1.0 */
export const RoomList = tagged("RoomList", { ...key, list: Schema.Array(RoomInfo) })
/** @since 0.1.0 */
export type RoomList = typeof RoomList.Type

/**
 * A participant: `setup` (PeerConnection up), `muted`, `talking` (with audio levels), `spatial_position` (0–100).
 *
 * @since 0.1.0
 */
export const Participant = Schema.Struct({
  id: Id,
  display: opt(Str),
  setup: opt(Bool),
  muted: opt(Bool),
  talking: opt(Bool),
  spatial_position: opt(Num)
})
/** @since 0.1.0 */
export type Participant = typeof Participant.Type

/** The answer to `listparticipants`. @since 0.1.0 */
export const Participants = tagged("Participants", {
  audiobridge: Schema.Literal("participants"),
  room: Id,
  participants: Schema.Array(Participant)
})
/** @since 0.1.0 */
export type Participants = typeof Participants.Type

/** The answer to `rtp_forward`: the new forwarder's `stream_id`. @since 0.1.0 */
export const RtpForward = tagged("RtpForward", {
  ...key,
  room: Id,
  group: opt(Str),
  stream_id: Num,
  host: opt(Str),
  port: opt(Num)
})
/** @since 0.1.0 */
export type RtpForward = typeof RtpForward.Type

/** A forwarder of `listforwarders`. @since 0.1.0 */
export const Forwarder = Schema.Struct({
  stream_id: Num,
  group: opt(Str),
  ip: opt(Str),
  port: opt(Num),
  ssrc: opt(Num),
  codec: opt(Str),
  ptype: opt(Num),
  srtp: opt(Bool),
  always_on: opt(Bool)
})
/** @since 0.1.0 */
export type Forwarder = typeof Forwarder.Type

/** The answer to `listforwarders`. @since 0.1.0 */
export const Forwarders = tagged("Forwarders", {
  audiobridge: Schema.Literal("forwarders"),
  room: Id,
  rtp_forwarders: Schema.Array(Forwarder)
})
/** @since 0.1.0 */
export type Forwarders = typeof Forwarders.Type

/** The answer to `play_file` and `stop_file`. @since 0.1.0 */
export const FilePlayback = tagged("FilePlayback", { ...key, room: Id, file_id: Str })
/** @since 0.1.0 */
export type FilePlayback = typeof FilePlayback.Type

/** The answer to `is_playing`. @since 0.1.0 */
export const IsPlaying = tagged("IsPlaying", { ...key, room: Id, file_id: Str, playing: Bool })
/** @since 0.1.0 */
export type IsPlaying = typeof IsPlaying.Type

// ---------------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------------

/**
 * `joined`: the answer to our `join` (with our `id`, the other `participants`, and `rtp` for a plain-RTP join),
 * or the event that `participants[0]` joined (no `id`).
 *
 * @since 0.1.0
 */
export const Joined = tagged("Joined", {
  audiobridge: Schema.Literal("joined"),
  room: Id,
  id: opt(Id),
  display: opt(Str),
  participants: Schema.Array(Participant),
  rtp: opt(Schema.Struct({ ip: opt(Str), port: opt(Num), payload_type: opt(Num) }))
})
/** @since 0.1.0 */
export type Joined = typeof Joined.Type

/** `roomchanged`: the answer to `changeroom`, shaped like our `joined`. @since 0.1.0 */
export const RoomChanged = tagged("RoomChanged", {
  audiobridge: Schema.Literal("roomchanged"),
  room: Id,
  id: Id,
  display: opt(Str),
  participants: Schema.Array(Participant)
})
/** @since 0.1.0 */
export type RoomChanged = typeof RoomChanged.Type

/** `{"audiobridge":"event","result":"ok"}`: the answer to `configure` (SDP in `jsep` when negotiating). @since 0.1.0 */
export const ConfigureOk = tagged("ConfigureOk", {
  audiobridge: Schema.Literal("event"),
  room: opt(Id),
  result: Schema.Literal("ok")
})
/** @since 0.1.0 */
export type ConfigureOk = typeof ConfigureOk.Type

/** `left`: the answer to our `leave`. @since 0.1.0 */
export const Left = tagged("Left", { audiobridge: Schema.Literal("left"), room: Id, id: Id })
/** @since 0.1.0 */
export type Left = typeof Left.Type

/** `hangingup`: the answer to `hangup`. @since 0.1.0 */
export const HangingUp = tagged("HangingUp", { audiobridge: Schema.Literal("hangingup") })
/** @since 0.1.0 */
export type HangingUp = typeof HangingUp.Type

/** `{"audiobridge":"event","leaving":<id>}`: participant `leaving` left the room. @since 0.1.0 */
export const Leaving = tagged("Leaving", { audiobridge: Schema.Literal("event"), room: Id, leaving: Id })
/** @since 0.1.0 */
export type Leaving = typeof Leaving.Type

/**
 * `{"audiobridge":"event","kicked":<id>}`: participant `kicked` was kicked (we were, when it is our id). @since 0.1.0
 */
export const Kicked = tagged("Kicked", { audiobridge: Schema.Literal("event"), room: Id, kicked: Id })
/** @since 0.1.0 */
export type Kicked = typeof Kicked.Type

/**
 * `{"audiobridge":"event","kicked_all":<id>}`: a `kick_all` removed participant `kicked_all` (one event per
 * participant). @since 0.1.0
 */
export const KickedAll = tagged("KickedAll", {
  audiobridge: Schema.Literal("event"),
  room: Id,
  kicked_all: Id
})
/** @since 0.1.0 */
export type KickedAll = typeof KickedAll.Type

/** `{"audiobridge":"event","participants":[…]}`: participants changed (muted, display, …). @since 0.1.0 */
export const ParticipantsUpdated = tagged("ParticipantsUpdated", {
  audiobridge: Schema.Literal("event"),
  room: Id,
  participants: Schema.Array(Participant)
})
/** @since 0.1.0 */
export type ParticipantsUpdated = typeof ParticipantsUpdated.Type

/** `{"audiobridge":"event","muted":…}`: the whole room was muted or unmuted (`mute_room`). @since 0.1.0 */
export const RoomMuted = tagged("RoomMuted", { audiobridge: Schema.Literal("event"), room: Id, muted: Bool })
/** @since 0.1.0 */
export type RoomMuted = typeof RoomMuted.Type

/** `talking` / `stopped-talking` (rooms with `audiolevel_event`). @since 0.1.0 */
export const Talking = tagged("Talking", {
  audiobridge: Schema.Literal("talking", "stopped-talking"),
  room: Id,
  id: Id,
  "audio-level-dBov-avg": opt(Num)
})
/** @since 0.1.0 */
export type Talking = typeof Talking.Type

/** `announcement-started` / `announcement-stopped`: a `play_file` playback began or ended. @since 0.1.0 */
export const Announcement = tagged("Announcement", {
  audiobridge: Schema.Literal("announcement-started", "announcement-stopped"),
  room: Id,
  file_id: Str
})
/** @since 0.1.0 */
export type Announcement = typeof Announcement.Type

/**
 * Every AudioBridge event, tagged by `_tag`.
 *
 * @since 0.1.0
 */
export const Event = Schema.Union(
  errorEvent("audiobridge"),
  Joined,
  RoomChanged,
  ConfigureOk,
  Left,
  HangingUp,
  Leaving,
  Kicked,
  KickedAll,
  ParticipantsUpdated,
  RoomMuted,
  Talking,
  Announcement,
  Destroyed,
  UnknownEvent
)
/** @since 0.1.0 */
export type Event = typeof Event.Type

// ---------------------------------------------------------------------------------------------------------------
// Service
// ---------------------------------------------------------------------------------------------------------------

type Op<P, A> = (params: P, options?: RequestOptions) => Effect.Effect<WithJsep<A>, PluginRequestError>

/**
 * An AudioBridge handle with typed requests (Janus docs: AudioBridge plugin › <request>). All fail with
 * `PluginError` (see {@link ErrorCode}: 485 no such room, 489 unauthorized, …) or the other
 * {@link PluginRequestError}s.
 *
 * @since 0.1.0
 */
export interface AudioBridge extends PluginService<Event> {
  /** `create` (Janus docs: AudioBridge plugin › create); 486 when the room exists. */
  readonly create: (
    params?: Req.CreateParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Created>, PluginRequestError>
  /** `edit` (Janus docs: AudioBridge plugin › edit). */
  readonly edit: Op<Req.EditParams, Edited>
  /** `destroy` (Janus docs: AudioBridge plugin › destroy). */
  readonly destroy: Op<Req.DestroyParams, Destroyed>
  /** `enable_recording` (Janus docs: AudioBridge plugin › enable_recording). */
  readonly enableRecording: Op<Req.EnableRecordingParams, Success>
  /** `enable_mjrs` (Janus docs: AudioBridge plugin › enable_mjrs). */
  readonly enableMjrs: Op<Req.EnableMjrsParams, Success>
  /** `exists` (Janus docs: AudioBridge plugin › exists). */
  readonly exists: Op<Req.ExistsParams, Exists>
  /** `allowed` (Janus docs: AudioBridge plugin › allowed). */
  readonly allowed: Op<Req.AllowedParams, Allowed>
  /** `kick` (Janus docs: AudioBridge plugin › kick). */
  readonly kick: Op<Req.KickParams, Success>
  /** `kick_all` (Janus docs: AudioBridge plugin › kick_all). */
  readonly kickAll: Op<Req.KickAllParams, Success>
  /** `list` (Janus docs: AudioBridge plugin › list). */
  readonly list: (
    params?: Req.ListParams,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<RoomList>, PluginRequestError>
  /** `listparticipants` (Janus docs: AudioBridge plugin › listparticipants). */
  readonly listParticipants: Op<Req.ListParticipantsParams, Participants>
  /** `mute` (Janus docs: AudioBridge plugin › mute) (participant `id`). */
  readonly mute: Op<Req.MuteParams, Success>
  /** `unmute` (Janus docs: AudioBridge plugin › unmute) (participant `id`). */
  readonly unmute: Op<Req.MuteParams, Success>
  /** `mute_room` (Janus docs: AudioBridge plugin › mute_room). */
  readonly muteRoom: Op<Req.MuteRoomParams, Success>
  /** `unmute_room` (Janus docs: AudioBridge plugin › unmute_room). */
  readonly unmuteRoom: Op<Req.MuteRoomParams, Success>
  /** `resetdecoder` (Janus docs: AudioBridge plugin › resetdecoder) (this handle's participant). */
  readonly resetDecoder: (options?: RequestOptions) => Effect.Effect<WithJsep<Success>, PluginRequestError>
  /** `rtp_forward` (Janus docs: AudioBridge plugin › rtp_forward). */
  readonly rtpForward: Op<Req.RtpForwardParams, RtpForward>
  /** `stop_rtp_forward` (Janus docs: AudioBridge plugin › stop_rtp_forward). */
  readonly stopRtpForward: Op<Req.StopRtpForwardParams, Success>
  /** `listforwarders` (Janus docs: AudioBridge plugin › listforwarders). */
  readonly listForwarders: Op<Req.ListForwardersParams, Forwarders>
  /** `play_file` (Janus docs: AudioBridge plugin › play_file). */
  readonly playFile: Op<Req.PlayFileParams, FilePlayback>
  /** `is_playing` (Janus docs: AudioBridge plugin › is_playing). */
  readonly isPlaying: Op<Req.IsPlayingParams, IsPlaying>
  /** `stop_file` (Janus docs: AudioBridge plugin › stop_file). */
  readonly stopFile: Op<Req.StopFileParams, FilePlayback>
  /**
   * `join` (Janus docs: AudioBridge plugin › join), optionally with a JSEP offer: our `Joined` (with `id`); 491 when
   * already joined on this handle.
   */
  readonly join: (
    params: Req.JoinParams,
    jsep?: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<Joined>, PluginRequestError>
  /**
   * `configure` (Janus docs: AudioBridge plugin › configure), optionally with a JSEP offer or answer (the answer
   * comes back in `jsep`); 487 when not joined.
   */
  readonly configure: (
    params?: Req.ConfigureParams,
    jsep?: Protocol.Jsep,
    options?: RequestOptions
  ) => Effect.Effect<WithJsep<ConfigureOk>, PluginRequestError>
  /** `changeroom` (Janus docs: AudioBridge plugin › changeroom). */
  readonly changeRoom: Op<Req.ChangeRoomParams, RoomChanged>
  /** `leave` (Janus docs: AudioBridge plugin › leave). */
  readonly leave: (options?: RequestOptions) => Effect.Effect<WithJsep<Left>, PluginRequestError>
  /**
   * `hangup` (Janus docs: AudioBridge plugin › hangup) (janus_audiobridge.c): close the PeerConnection, staying in
   * the room.
   */
  readonly hangup: (options?: RequestOptions) => Effect.Effect<WithJsep<HangingUp>, PluginRequestError>
}

/**
 * The `AudioBridge` Tag, provided by {@link layer} and {@link layerReattach}.
 *
 * @since 0.1.0
 */
export const AudioBridge: Context.Tag<AudioBridge, AudioBridge> = Context.GenericTag<AudioBridge>(
  "@effect-janus/plugins/AudioBridge"
)

/**
 * Wraps an AudioBridge handle. Pure: sends nothing.
 *
 * @since 0.1.0
 */
export const make = (handle: PluginHandle): AudioBridge => {
  const ops = makeOps(handle, "AudioBridge")
  const resetDecoder = ops.optional<{}, Success, typeof Success.Encoded>("resetdecoder", Success, "resetDecoder")
  const leave = ops.optional<{}, Left, typeof Left.Encoded>("leave", Left)
  const hangup = ops.optional<{}, HangingUp, typeof HangingUp.Encoded>("hangup", HangingUp)
  return {
    handle,
    events: ops.events(Event),
    create: ops.optional("create", Created),
    edit: ops.params("edit", Edited),
    destroy: ops.params("destroy", Destroyed),
    enableRecording: ops.params("enable_recording", Success, "enableRecording"),
    enableMjrs: ops.params("enable_mjrs", Success, "enableMjrs"),
    exists: ops.params("exists", Exists),
    allowed: ops.params("allowed", Allowed),
    kick: ops.params("kick", Success),
    kickAll: ops.params("kick_all", Success, "kickAll"),
    list: ops.optional("list", RoomList),
    listParticipants: ops.params("listparticipants", Participants, "listParticipants"),
    mute: ops.params("mute", Success),
    unmute: ops.params("unmute", Success),
    muteRoom: ops.params("mute_room", Success, "muteRoom"),
    unmuteRoom: ops.params("unmute_room", Success, "unmuteRoom"),
    resetDecoder: (options) => resetDecoder({}, options),
    rtpForward: ops.params("rtp_forward", RtpForward, "rtpForward"),
    stopRtpForward: ops.params("stop_rtp_forward", Success, "stopRtpForward"),
    listForwarders: ops.params("listforwarders", Forwarders, "listForwarders"),
    playFile: ops.params("play_file", FilePlayback, "playFile"),
    isPlaying: ops.params("is_playing", IsPlaying, "isPlaying"),
    stopFile: ops.params("stop_file", FilePlayback, "stopFile"),
    join: ops.withJsep("join", Joined),
    configure: ops.optionalWithJsep("configure", ConfigureOk),
    changeRoom: ops.params("changeroom", RoomChanged, "changeRoom"),
    leave: (options) => leave({}, options),
    hangup: (options) => hangup({}, options)
  }
}

const constructors = makeConstructors(plugin, AudioBridge, make)

/**
 * Attaches a new AudioBridge handle to `session` in the current scope; each call gives an independent handle
 * (one per room joined at the same time).
 *
 * @since 0.1.0
 */
export const attach = constructors.attach

/**
 * Wraps an existing AudioBridge handle by id without sending anything (re-attach after a `claim`).
 *
 * @since 0.1.0
 */
export const reattach = constructors.reattach

/**
 * A Layer attaching an AudioBridge handle to the `JanusSession` in context and providing {@link AudioBridge}.
 *
 * @since 0.1.0
 */
export const layer = constructors.layer

/**
 * A Layer providing {@link AudioBridge} for an existing handle id, without sending `attach`.
 *
 * @since 0.1.0
 */
export const layerReattach = constructors.layerReattach
