/**
 * Typed wrappers for the Janus plugins: one module per plugin, each with Schemas of its requests, answers and
 * events, typed operations on a handle, and `attach` / `layer` / `layerReattach` constructors.
 *
 * @since 0.1.0
 */

/** AudioBridge plugin (`janus.plugin.audiobridge`). @since 0.1.0 */
export * as AudioBridge from "./AudioBridge.js"
/** Shared building blocks: ids, `WithJsep`, the `Unknown` / `Error` event members, request errors. @since 0.1.0 */
export * as Common from "./Common.js"
/** The error of an answer that does not match its schema. @since 0.1.0 */
export { PluginRequestBodyError, type PluginRequestError, PluginResponseError } from "./Common.js"
/** EchoTest plugin (`janus.plugin.echotest`). @since 0.1.0 */
export * as EchoTest from "./EchoTest.js"
/** NoSIP plugin (`janus.plugin.nosip`). @since 0.1.0 */
export * as NoSip from "./NoSip.js"
/** Record&Play plugin (`janus.plugin.recordplay`). @since 0.1.0 */
export * as RecordPlay from "./RecordPlay.js"
/** SIP plugin (`janus.plugin.sip`). @since 0.1.0 */
export * as Sip from "./Sip.js"
/** Streaming plugin (`janus.plugin.streaming`). @since 0.1.0 */
export * as Streaming from "./Streaming.js"
/** TextRoom plugin (`janus.plugin.textroom`). @since 0.1.0 */
export * as TextRoom from "./TextRoom.js"
/** VideoCall plugin (`janus.plugin.videocall`). @since 0.1.0 */
export * as VideoCall from "./VideoCall.js"
/** VideoRoom plugin (`janus.plugin.videoroom`): rooms, publishers, multistream subscribers. @since 0.1.0 */
export * as VideoRoom from "./VideoRoom.js"
