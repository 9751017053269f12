/**
 * What every media test needs around a `Peer` of `@effect-janus/webrtc`: the werift layer confined to 127.0.0.1,
 * the remote tracks by kind (as werift tracks, to count their RTP), and the wait until media is up on both sides.
 *
 * @since 0.2.0
 */
import type { PluginHandle } from "@effect-janus/core"
import { MediaState, Peer, type WebRtc } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { MediaStreamTrack } from "werift"

/**
 * Media did not come up, or a remote track did not arrive, in time.
 *
 * @since 0.2.0
 */
export class MediaTimeout extends Data.TaggedError("MediaTimeout")<{ readonly message: string }> {}

/**
 * The `WebRtc` service for the tests: werift with ICE on 127.0.0.1 only (Janus is a `MediaJanus`).
 *
 * @since 0.2.0
 */
export const webRtc = Werift.layer({ loopback: true })

/**
 * A `Peer` for `handle` on the loopback werift layer (`configuration`, e.g. `{ codecs }`, merged over the layer's),
 * closed with the scope.
 *
 * @since 0.2.0
 */
export const peer = (handle: PluginHandle, configuration?: WebRtc.RtcConfiguration) =>
  Peer.make(handle, { configuration }).pipe(Effect.provide(webRtc))

/**
 * PCMU only: what sipp offers and answers.
 *
 * @since 0.2.0
 */
export const pcmuOnly: WebRtc.RtcConfiguration = { codecs: { audio: [Werift.codecs.pcmu], video: [] } }

/**
 * A {@link peer} with one werift track of each kind in `kinds`, added `sendrecv` (write RTP to them with
 * `Werift.sendRtp` / `Werift.rtpEcho`); negotiate it with a plugin's media flow.
 *
 * @since 0.2.0
 */
export const sendrecv = <K extends "audio" | "video">(
  handle: PluginHandle,
  kinds: ReadonlyArray<K>,
  configuration?: WebRtc.RtcConfiguration
) =>
  Effect.map(peer(handle, configuration), (made) => {
    const tracks = {} as Record<K, MediaStreamTrack>
    for (const kind of kinds) {
      tracks[kind] = Werift.makeTrack(kind)
      made.connection.addTransceiver(tracks[kind], { direction: "sendrecv" })
    }
    return { peer: made, tracks }
  })

/**
 * Waits (10 s at most) until the peer has a remote track of each kind in `kinds`, and returns them by kind.
 *
 * @since 0.2.0
 */
export const remoteTracks = <K extends "audio" | "video">(
  peer: Peer.Peer,
  kinds: ReadonlyArray<K>
): Effect.Effect<Record<K, MediaStreamTrack>, MediaTimeout> =>
  peer.tracks.pipe(
    Stream.filterMap((event) => Option.fromNullable(Werift.track(event.track))),
    Stream.scan({} as Partial<Record<string, MediaStreamTrack>>, (found, track) => ({ [track.kind]: track, ...found })),
    Stream.filter((found) => kinds.every((kind) => found[kind] !== undefined)),
    Stream.runHead,
    Effect.flatten,
    Effect.map((found) => found as Record<K, MediaStreamTrack>),
    Effect.timeoutFail({
      duration: "10 seconds",
      onTimeout: () => new MediaTimeout({ message: `no remote ${kinds.join(" and ")} track` })
    }),
    Effect.catchTag("NoSuchElementException", () => new MediaTimeout({ message: "the peer's tracks ended" }))
  )

/**
 * Waits (20 s at most) until media is up: our connection `connected` and Janus's `webrtcup` (`MediaState.isUp`).
 *
 * @since 0.2.0
 */
export const up = (peer: Peer.Peer): Effect.Effect<MediaState.MediaState, MediaTimeout> =>
  peer.mediaState.changes.pipe(
    Stream.filter(MediaState.isUp),
    Stream.runHead,
    Effect.flatten,
    Effect.timeoutFail({
      duration: "20 seconds",
      onTimeout: () => new MediaTimeout({ message: "media not up (connected + webrtcup)" })
    }),
    Effect.catchTag("NoSuchElementException", () => new MediaTimeout({ message: "the media state ended" }))
  )

/**
 * Once a plugin's media flow has negotiated: waits until media is up ({@link up}), then for the remote tracks of
 * `kinds` ({@link remoteTracks}), and returns them.
 *
 * @since 0.2.0
 */
export const established = <K extends "audio" | "video">(peer: Peer.Peer, kinds: ReadonlyArray<K>) =>
  Effect.zipRight(up(peer), remoteTracks(peer, kinds))
