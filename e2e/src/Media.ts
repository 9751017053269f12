/**
 * What every media test needs around a `Peer` of `@effect-janus/webrtc`: the werift layer confined to 127.0.0.1, a
 * peer with send-and-receive tracks, and the wait until media is up and the remote tracks are there.
 *
 * @since 0.2.0
 */
import type { PluginHandle } from "@effect-janus/core"
import { LocalStun } from "@effect-janus/testing-janus"
import { Peer, type WebRtc } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import * as Effect from "effect/Effect"

/**
 * A `Peer` for `handle` on werift with ICE on 127.0.0.1 only (Janus is a `MediaJanus`) and a STUN server of its own
 * on 127.0.0.1 (`LocalStun`: werift waits for a STUN answer while it gathers); `configuration`, e.g. `{ codecs }`, is
 * merged over the layer's. The peer and its STUN server close with the scope.
 *
 * @since 0.2.0
 */
export const peer = (handle: PluginHandle, configuration?: WebRtc.RtcConfiguration) =>
  Effect.flatMap(LocalStun.make, (stunPort) =>
    Peer.make(handle, { configuration }).pipe(Effect.provide(Werift.layer({ loopback: true, stunPort })))
  )

/**
 * PCMU only: what sipp offers and answers.
 *
 * @since 0.2.0
 */
export const pcmuOnly: WebRtc.RtcConfiguration = { codecs: { audio: [Werift.codecs.pcmu], video: [] } }

/**
 * A {@link peer} with one werift track of each kind in `kinds`, added `sendrecv` (`Werift.addTracks`; write RTP to
 * them with `Werift.sendRtp` / `Werift.rtpEcho`); negotiate it with a plugin's media flow.
 *
 * @since 0.2.0
 */
export const sendrecv = <K extends "audio" | "video">(
  handle: PluginHandle,
  kinds: ReadonlyArray<K>,
  configuration?: WebRtc.RtcConfiguration
) =>
  Effect.gen(function* () {
    const made = yield* peer(handle, configuration)
    return { peer: made, tracks: yield* Werift.addTracks(made, kinds) }
  })

/**
 * Once a plugin's media flow has negotiated: waits until media is up (`Peer.awaitUp`), then for the remote tracks of
 * `kinds` (`Werift.remoteTracks`), and returns them; 20 s at most (`TimeoutException`).
 *
 * @since 0.2.0
 */
export const established = <K extends "audio" | "video">(peer: Peer.Peer, kinds: ReadonlyArray<K>) =>
  Effect.zipRight(Peer.awaitUp(peer), Werift.remoteTracks(peer, kinds)).pipe(Effect.timeout("20 seconds"))

/**
 * The `a=ice-ufrag` of the peer's local and remote descriptions: both change with every ICE restart.
 *
 * @since 0.2.0
 */
export const iceUfrags = (
  peer: Peer.Peer
): { readonly local?: string | undefined; readonly remote?: string | undefined } => {
  const ufrag = (description: { readonly sdp?: string | undefined } | null | undefined) =>
    description?.sdp?.match(/a=ice-ufrag:(\S+)/)?.[1]
  return { local: ufrag(peer.connection.localDescription), remote: ufrag(peer.connection.remoteDescription) }
}
