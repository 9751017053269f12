/**
 * The AudioBridge plugin (`janus.plugin.audiobridge`): an audio conference mixer (Opus, G.711). Room management,
 * moderation, forwarders and file playback are synchronous; `join`, `configure`, `changeroom`, `leave`, `hangup`
 * answer with an event. Follows Janus docs "AudioBridge plugin" and the API comment at the top of
 * `src/plugins/janus_audiobridge.c` (Janus 1.1.x).
 *
 * @example
 * ```ts
 * import type { JanusSession, Protocol } from "@effect-janus/core"
 * import { AudioBridge } from "@effect-janus/plugins"
 * import { Effect } from "effect"
 *
 * // `offer` is the WebRTC peer's (e.g. a browser's) SDP offer.
 * const standup = (session: JanusSession, offer: Protocol.Jsep) =>
 *   Effect.gen(function* () {
 *     const bridge = yield* AudioBridge.attach(session)
 *     const { room } = yield* bridge.create({ description: "standup" })
 *     yield* bridge.join({ room, display: "alice", muted: true })
 *     const configured = yield* bridge.configure({ muted: false }, offer)
 *     return configured.jsep // the SDP answer
 *   })
 * ```
 *
 * @since 0.1.0
 */
import type { Plugin, PluginHandle } from "@effect-janus/core"
import * as Req from "./audiobridge/requests.js"
import * as Res from "./audiobridge/responses.js"
import type { OnResync, PluginRequestError, PluginService, Resync } from "./Common.js"
import { type Bare, define, type JsepOp, makeOps, type Op, type OptionalJsepOp } from "./internal/plugin.js"
import { type RoomAdmin, roomAdmin } from "./internal/rooms.js"

/**
 * Joining a room with audio on a `Peer` of `@effect-janus/webrtc` — `joinPeer`, `iceRestart` — from
 * `./audiobridge/media.ts`.
 *
 * @since 0.2.0
 * @category media
 */
export * from "./audiobridge/media.js"
/**
 * The AudioBridge request schemas (`…Request`, the body Janus expects, `request` literal included) and their
 * parameter types (`…Params`, what the operations of a handle take), from `./audiobridge/requests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "./audiobridge/requests.js"
/**
 * The AudioBridge answer and event schemas (decoded into values tagged by `_tag`) and their types, from
 * `./audiobridge/responses.ts`; `Event` is the union of what arrives on a handle's `events`.
 *
 * @since 0.1.0
 * @category responses
 */
export * from "./audiobridge/responses.js"

/**
 * Error codes of the AudioBridge (`JANUS_AUDIOBRIDGE_ERROR_*`): 480 no message, 481 invalid JSON, 482 invalid
 * request, 483 missing element, 484 invalid element, 485 no such room, 486 room exists, 487 not joined,
 * 488 libopus error, 489 unauthorized (wrong secret / pin / token), 490 id exists, 491 already joined, 492 no such
 * user, 493 invalid SDP, 494 no such group, 499 unknown error.
 *
 * @since 0.1.0
 * @category constants
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

/**
 * An AudioBridge handle with typed requests (Janus docs: AudioBridge plugin). Every request fails with
 * `PluginError` (see {@link ErrorCode}: 485 no such room, 489 unauthorized, 492 no such user, …) or the other
 * {@link PluginRequestError}s. Room management answers at once; `join`, `configure`, `changeroom`, `leave` and
 * `hangup` wait for the plugin's event (`options.timeout`).
 *
 * @since 0.1.0
 * @category models
 */
export interface AudioBridge extends PluginService<Res.Event>, RoomAdmin<typeof Req, typeof Res> {
  /** Starts or stops recording the room's mix to a .wav (`record_file` / `record_dir`). */
  readonly enableRecording: Op<Req.EnableRecordingParams, Res.Success>
  /** Starts or stops recording each participant to its own .mjr (`mjrs_dir`). */
  readonly enableMjrs: Op<Req.EnableMjrsParams, Res.Success>

  /** Kicks participant `id` out of the room (everyone gets `Kicked`); 492 for an unknown id. */
  readonly kick: Op<Req.KickParams, Res.Success>
  /** Kicks every participant out of the room (one `KickedAll` event each). */
  readonly kickAll: Op<Req.KickAllParams, Res.Success>

  /** Mutes participant `id` as room admin (the room gets `ParticipantsUpdated`); 492 for an unknown id. */
  readonly mute: Op<Req.MuteParams, Res.Success>
  /** Unmutes participant `id` as room admin; 492 for an unknown id. */
  readonly unmute: Op<Req.MuteParams, Res.Success>
  /** Mutes the whole room (everyone gets `RoomMuted` with `muted: true`). */
  readonly muteRoom: Op<Req.MuteRoomParams, Res.Success>
  /** Unmutes the whole room (`RoomMuted` with `muted: false`). */
  readonly unmuteRoom: Op<Req.MuteRoomParams, Res.Success>
  /** Recreates this handle's participant's Opus decoder (after a glitch); 487 when not joined. */
  readonly resetDecoder: Bare<Res.Success>
  /** Forwards the room's mix (or a group's) as RTP to `host`:`port`; answers the forwarder's `stream_id`. */
  readonly rtpForward: Op<Req.RtpForwardParams, Res.RtpForward>
  /** Stops RTP forwarder `stream_id`. */
  readonly stopRtpForward: Op<Req.StopRtpForwardParams, Res.Success>
  /** The room's RTP forwarders. 489 without the room's `secret`. */
  readonly listForwarders: Op<Req.ListForwardersParams, Res.Forwarders>
  /** Plays an Opus file into the room (the room gets `Announcement` started / stopped); answers its `file_id`. */
  readonly playFile: Op<Req.PlayFileParams, Res.FilePlayback>
  /** Whether playback `file_id` is still playing. */
  readonly isPlaying: Op<Req.IsPlayingParams, Res.IsPlaying>
  /** Stops playback `file_id` (success even when it is not playing). */
  readonly stopFile: Op<Req.StopFileParams, Res.FilePlayback>
  /** Suspends participant `id` (out of the mix, still in the room). **Needs Janus ≥ 1.2.1, not tested here.** */
  readonly suspend: Op<Req.SuspendParams, Res.Success>
  /** Resumes suspended participant `id`. **Needs Janus ≥ 1.2.1, not tested here.** */
  readonly resume: Op<Req.ResumeParams, Res.Success>
  /** Turns RNNoise denoising of participant `id` on. **Needs Janus ≥ 1.2.3, not tested here.** */
  readonly denoiseEnable: Op<Req.DenoiseParams, Res.Success>
  /** Turns RNNoise denoising of participant `id` off. **Needs Janus ≥ 1.2.3, not tested here.** */
  readonly denoiseDisable: Op<Req.DenoiseParams, Res.Success>
  /** The room's playbacks. **Needs Janus ≥ 1.2.4, not tested here.** */
  readonly listAnnouncements: Op<Req.ListAnnouncementsParams, Res.Announcements>
  /** Stops every playback of the room. **Needs Janus ≥ 1.3.2, not tested here.** */
  readonly stopAllFiles: Op<Req.StopAllFilesParams, Res.FilesStopped>
  /**
   * Joins a room, optionally with a JSEP offer (or `generate_offer`, or plain `rtp`): our `Joined` (with `id` and
   * the other participants). 485 no such room, 489 wrong pin or token, 490 id taken, 491 already joined here.
   */
  readonly join: JsepOp<Req.JoinParams, Res.Joined>
  /**
   * Changes our participation (`muted`, `display`, bitrate in bps, `quality` 0–10, `volume` %, …), optionally with
   * a JSEP offer or answer (the answer comes back in `jsep`): `ConfigureOk`. 487 when not joined.
   */
  readonly configure: OptionalJsepOp<Req.ConfigureParams, Res.ConfigureOk>
  /** Moves to another room keeping the PeerConnection: `RoomChanged`. 485, 489, 487 when not joined. */
  readonly changeRoom: Op<Req.ChangeRoomParams, Res.RoomChanged>
  /** Leaves the room (the PeerConnection closes): `Left`. */
  readonly leave: Bare<Res.Left>
  /** Closes the PeerConnection, staying in the room (janus_audiobridge.c): `HangingUp`. */
  readonly hangup: Bare<Res.HangingUp>
}

/**
 * Wraps a raw `PluginHandle` already attached to `janus.plugin.audiobridge` into the typed AudioBridge service.
 * Pure: sends nothing and checks nothing. `attach` / `layer` are the usual way in; `make` is for a handle obtained
 * otherwise (e.g. from `JanusSession.reattach`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handle: PluginHandle): AudioBridge => {
  const ops = makeOps(handle, "AudioBridge")
  const configure = ops.withJsep(Req.ConfigureRequest, Res.ConfigureOk)
  return {
    handle,
    ...ops.events(Res.Event),
    ...roomAdmin(ops, Req, Res),
    enableRecording: ops.params(Req.EnableRecordingRequest, Res.Success),
    enableMjrs: ops.params(Req.EnableMjrsRequest, Res.Success),
    kick: ops.params(Req.KickRequest, Res.Success),
    kickAll: ops.params(Req.KickAllRequest, Res.Success),
    mute: ops.params(Req.MuteRequest, Res.Success, { name: "mute" }),
    unmute: ops.params(Req.MuteRequest, Res.Success, { name: "unmute" }),
    muteRoom: ops.params(Req.MuteRoomRequest, Res.Success, { name: "mute_room" }),
    unmuteRoom: ops.params(Req.MuteRoomRequest, Res.Success, { name: "unmute_room" }),
    resetDecoder: ops.bare(Req.ResetDecoderRequest, Res.Success),
    rtpForward: ops.params(Req.RtpForwardRequest, Res.RtpForward),
    stopRtpForward: ops.params(Req.StopRtpForwardRequest, Res.Success),
    listForwarders: ops.params(Req.ListForwardersRequest, Res.Forwarders),
    playFile: ops.params(Req.PlayFileRequest, Res.FilePlayback),
    isPlaying: ops.params(Req.IsPlayingRequest, Res.IsPlaying),
    stopFile: ops.params(Req.StopFileRequest, Res.FilePlayback),
    suspend: ops.params(Req.SuspendRequest, Res.Success),
    resume: ops.params(Req.ResumeRequest, Res.Success),
    denoiseEnable: ops.params(Req.DenoiseRequest, Res.Success, { name: "denoise_enable" }),
    denoiseDisable: ops.params(Req.DenoiseRequest, Res.Success, { name: "denoise_disable" }),
    listAnnouncements: ops.params(Req.ListAnnouncementsRequest, Res.Announcements),
    stopAllFiles: ops.params(Req.StopAllFilesRequest, Res.FilesStopped),
    join: ops.withJsep(Req.JoinRequest, Res.Joined),
    configure: (params, jsep, options) => configure(params ?? {}, jsep, options),
    changeRoom: ops.params(Req.ChangeRoomRequest, Res.RoomChanged),
    leave: ops.bare(Req.LeaveRequest, Res.Left),
    hangup: ops.bare(Req.HangupRequest, Res.HangingUp)
  }
}

const definition = define("AudioBridge", "janus.plugin.audiobridge", make)

/**
 * The plugin's package name, `janus.plugin.audiobridge`, as a core `Plugin`: what `JanusSession.attach` / `reattach`
 * take to attach a raw `PluginHandle` to this plugin (the typed `attach` / `layer` of this module use it). Attaching
 * fails with `JanusApiError` 460 when the server has not loaded the plugin.
 *
 * @since 0.1.0
 * @category models
 */
export const plugin: Plugin.Plugin = definition.plugin

/**
 * The `AudioBridge` Tag and the constructors of a AudioBridge handle, all scoped (the handle is detached when the scope
 * closes, unless `onClose: "abandon"`):
 * - `attach(session, options?)` attaches a new handle (each call an independent one); fails as
 *   `JanusSession.attach`: `JanusApiError` (460 when the plugin is not loaded), `TransportError`,
 *   `SessionClosedError`;
 * - `reattach(session, handleId, options?)` wraps an existing handle by id without sending anything: the
 *   re-attach after a `claim` (the plugin still holds the handle's state; an unknown id fails the first request
 *   with `JanusApiError` 459);
 * - `layer(options?)` and `layerReattach(handleId, options?)` do the same as Layers over the `JanusSession` in
 *   context, providing the `AudioBridge` Tag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const { tag: AudioBridge, attach, reattach, layer, layerReattach } = definition

/**
 * The usual re-sync of an AudioBridge handle, to pass as `resync` in the options of `attach` / `reattach` / `layer`
 * / `layerReattach`: after each reclaim or re-creation of the session it sends `listparticipants` for `params.room`
 * and hands the outcome to `onResync` (see `Common.Resynced`): who is in the room now, each with `display`,
 * `setup` (PeerConnection up), `muted`, `talking` and `spatial_position`.
 *
 * What Janus does not give back: the events it dropped during the gap (`joined`, `leaving`, participants' mute
 * changes, `kicked`, room `muted`, announcements started or stopped) are never replayed; the mix itself kept
 * flowing on the PeerConnection. A room destroyed during the gap comes back as `Left` with `PluginError` 485 (no
 * `destroyed` event was sent). After a `Recreated` the handle is a new one that joined nothing: join again.
 *
 * @since 0.2.0
 * @category re-sync
 */
export const resync = (params: Req.ListParticipantsParams, onResync: OnResync<Res.Participants>): Resync =>
  definition.resyncWith((audiobridge) => audiobridge.listParticipants(params), onResync)
