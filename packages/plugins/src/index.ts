/**
 * Typed wrappers for the Janus plugins: one module per plugin, each with Schemas of its requests, answers and
 * events, typed operations on a handle, and `attach` / `layer` / `layerReattach` constructors.
 *
 * @since 0.1.0
 */

/**
 * The AudioBridge plugin (`janus.plugin.audiobridge`, Janus docs "AudioBridge plugin"): audio conference rooms
 * mixed by the server — room management (`create`, `edit`, `destroy`, `list`, `allowed`, `kick`, muting,
 * recording, RTP forwarders, file announcements) and a participant's `join` / `configure` / `changeroom` /
 * `leave`, with the room's events (`joined`, `leaving`, `talking`, …) on `events`.
 *
 * @since 0.1.0
 */
export * as AudioBridge from "./AudioBridge.js"
/**
 * What every plugin wrapper shares: room and participant ids (`Id`, number or string), `WithJsep` (an answer with
 * the plugin's SDP), the `Unknown` / `Error` members of every event union, the request errors
 * (`PluginRequestError`), request and attach options, and the `PluginService` shape of a typed handle.
 *
 * @since 0.1.0
 */
export * as Common from "./Common.js"
export {
  /**
   * A typed request's parameters do not match its request schema (only when the static types were bypassed);
   * nothing was sent. The same class as `Common.PluginRequestBodyError`.
   *
   * @since 0.2.0
   * @category errors
   */
  PluginRequestBodyError,
  /**
   * Everything a typed plugin request can fail with: `PluginError` (the plugin's `error_code`),
   * `PluginResponseError`, `PluginRequestBodyError`, `JanusApiError`, `TransportError` and `SessionClosedError`.
   * The same type as `Common.PluginRequestError`.
   *
   * @since 0.1.0
   * @category errors
   */
  type PluginRequestError,
  /**
   * A plugin's answer does not match the wrapper's schema of it; the request did reach the plugin and ran. The
   * same class as `Common.PluginResponseError`.
   *
   * @since 0.1.0
   * @category errors
   */
  PluginResponseError
} from "./Common.js"
/**
 * The EchoTest plugin (`janus.plugin.echotest`, Janus docs "EchoTest plugin"): sends a peer's media back to it;
 * one `message` toggles audio / video, caps the bitrate, records, and selects simulcast / SVC layers.
 *
 * @since 0.1.0
 */
export * as EchoTest from "./EchoTest.js"
/**
 * The NoSIP plugin (`janus.plugin.nosip`, Janus docs "NoSIP plugin"): turns WebRTC into plain RTP and back for an
 * application that does its own signalling — `generate` an SDP for the legacy side, `process` the other side's,
 * hold, recording, keyframes.
 *
 * @since 0.1.0
 */
export * as NoSip from "./NoSip.js"
/**
 * The Record&Play plugin (`janus.plugin.recordplay`, Janus docs "Record&Play plugin"): records a peer's media to
 * `.mjr` files on the server and plays recordings back (`list`, `record`, `play`, `start`, `stop`).
 *
 * @since 0.1.0
 */
export * as RecordPlay from "./RecordPlay.js"
/**
 * The SIP plugin (`janus.plugin.sip`, Janus docs "SIP plugin"): a SIP user agent on behalf of a WebRTC peer —
 * register, call, accept, hold, transfer, DTMF, MESSAGE / INFO, SUBSCRIBE, recording; the SIP side's events
 * (`registered`, `incomingcall`, `hangup`, …) arrive on `events`.
 *
 * @since 0.1.0
 */
export * as Sip from "./Sip.js"
/**
 * The Streaming plugin (`janus.plugin.streaming`, Janus docs "Streaming plugin"): mountpoints that relay RTP, RTSP
 * or files to WebRTC viewers — mountpoint management (`create`, `edit`, `destroy`, `list`, `info`, recording,
 * enabling) and a viewer's `watch` / `start` / `pause` / `switch` / `stop`.
 *
 * @since 0.1.0
 */
export * as Streaming from "./Streaming.js"
/**
 * The TextRoom plugin (`janus.plugin.textroom`, Janus docs "TextRoom plugin"): text chat rooms over a WebRTC data
 * channel — room management over the Janus API, and `join` / `leave` / `message` / `announcement` over the data
 * channel (`channel()`), matched by transaction.
 *
 * @since 0.1.0
 */
export * as TextRoom from "./TextRoom.js"
/**
 * The VideoCall plugin (`janus.plugin.videocall`, Janus docs "VideoCall plugin"): one-to-one calls between users
 * registered by name on the same Janus — `register`, `call`, `accept`, `set` (bitrate, recording, simulcast),
 * `hangup`, `list`.
 *
 * @since 0.1.0
 */
export * as VideoCall from "./VideoCall.js"
/**
 * The VideoRoom plugin (`janus.plugin.videoroom`, Janus docs "VideoRoom plugin"): an SFU — room management,
 * publishers (`join`, `publish`, `configure`, `unpublish`), multistream subscribers (`join`, `start`,
 * `subscribe`, `unsubscribe`, `switch`), RTP forwarders and remote publishers, with the room's events on `events`.
 *
 * @since 0.1.0
 */
export * as VideoRoom from "./VideoRoom.js"
