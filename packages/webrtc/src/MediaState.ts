/**
 * The media state of one peer connection with Janus, in one value: the connection state of our side
 * (`RTCPeerConnection.connectionState`) folded with what Janus says about its side on the handle — `webrtcup` (ICE
 * and DTLS are up), `media` (Janus started or stopped receiving a medium), `slowlink` (many NACKs) and `hangup` (Janus
 * closed its PeerConnection). Janus docs: "The Janus API › WebRTC-related events"; `janus_ice.c` sends them.
 *
 * @since 0.2.0
 */
import type { Protocol } from "@effect-janus/core"
import * as Option from "effect/Option"
import type { RtcConnectionState } from "./WebRtc.js"

/**
 * A `slowlink` report: `uplink` true when Janus is the one losing packets (it receives from us badly), false when we
 * are (what it sends us is NACKed); the medium (`media` / `mid`) and the `lost` packet count of the last second.
 *
 * @since 0.2.0
 * @category models
 */
export interface Slowlink {
  readonly uplink: boolean
  readonly media?: string | undefined
  readonly mid?: string | undefined
  readonly lost?: number | undefined
}

/**
 * The folded state:
 * - `connection`: our `RTCPeerConnection.connectionState`;
 * - `webrtcUp`: Janus sent `webrtcup` and no `hangup` since;
 * - `receiving`: whether Janus receives each medium, from its `media` events, keyed by `mid` (or by `type` —
 *   `audio` / `video` — when the event carries no mid);
 * - `slowlink`: the last `slowlink` report, if any since the last `webrtcup`;
 * - `hangup`: Janus hung the PeerConnection up, with its reason (e.g. `"DTLS alert"`, `"ICE failed"`), if it did
 *   since the last `webrtcup`;
 * - `iceRestarts`: how many ICE restarts (`Peer.restartIce`) completed so far.
 *
 * @since 0.2.0
 * @category models
 */
export interface MediaState {
  readonly connection: RtcConnectionState
  readonly webrtcUp: boolean
  readonly receiving: Readonly<Record<string, boolean>>
  readonly slowlink: Option.Option<Slowlink>
  readonly hangup: Option.Option<string>
  readonly iceRestarts: number
}

/**
 * The state of a new peer connection: nothing negotiated, nothing heard from Janus.
 *
 * @since 0.2.0
 * @category constructors
 */
export const initial: MediaState = {
  connection: "new",
  webrtcUp: false,
  receiving: {},
  slowlink: Option.none(),
  hangup: Option.none(),
  iceRestarts: 0
}

/**
 * Folds one handle message into the state: `webrtcup` sets `webrtcUp` and clears `hangup` and `slowlink`; `media`
 * sets `receiving[mid ?? type]`; `slowlink` records the report; `hangup` clears `webrtcUp` and `receiving` and
 * records the reason (`"hangup"` when Janus gives none). Any other message (plugin events, `trickle`, `detached`)
 * leaves the state as it is.
 *
 * @since 0.2.0
 * @category utils
 */
export const fold = (state: MediaState, message: Protocol.HandleMessage): MediaState => {
  switch (message.janus) {
    case "webrtcup":
      return { ...state, webrtcUp: true, hangup: Option.none(), slowlink: Option.none() }
    case "media": {
      const key = message.mid ?? message.type
      return key === undefined ? state : { ...state, receiving: { ...state.receiving, [key]: message.receiving } }
    }
    case "slowlink":
      return {
        ...state,
        slowlink: Option.some({
          uplink: message.uplink ?? false,
          media: message.media,
          mid: message.mid,
          lost: message.lost
        })
      }
    case "hangup":
      return { ...state, webrtcUp: false, receiving: {}, hangup: Option.some(message.reason ?? "hangup") }
    default:
      return state
  }
}

/**
 * Records our peer connection's new `connectionState`.
 *
 * @since 0.2.0
 * @category utils
 */
export const withConnection = (state: MediaState, connection: RtcConnectionState): MediaState =>
  state.connection === connection ? state : { ...state, connection }

/**
 * Counts one more completed ICE restart.
 *
 * @since 0.2.0
 * @category utils
 */
export const restarted = (state: MediaState): MediaState => ({ ...state, iceRestarts: state.iceRestarts + 1 })

/**
 * Whether media can flow: our side is `connected` and Janus said `webrtcup` without a `hangup` since.
 *
 * @since 0.2.0
 * @category utils
 */
export const isUp = (state: MediaState): boolean => state.connection === "connected" && state.webrtcUp
