/**
 * Building blocks shared by the typed plugin wrappers: ids, the `jsep` that rides along a decoded answer, the
 * `Unknown` and `Error` members of every event union, and the errors of a typed request.
 *
 * @since 0.1.0
 */
import type {
  HandleRequestError,
  JanusSession,
  MessageOptions,
  PluginError,
  PluginHandle,
  Protocol,
  Session,
  SessionClosedError
} from "@effect-janus/core"
import type * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"

/**
 * A room, mountpoint or participant id. Janus uses positive integers by default; a plugin configured with
 * `string_ids = true` (VideoRoom, AudioBridge, Streaming, TextRoom) uses strings instead, so both are accepted
 * and passed through unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export const Id = Schema.Union(Schema.Number, Schema.String)
/**
 * The decoded type of {@link Id}.
 *
 * @since 0.1.0
 * @category models
 */
export type Id = typeof Id.Type

/**
 * Free-form JSON object (plugin data the wrappers do not model, custom headers, …).
 *
 * @since 0.1.0
 * @category models
 */
export const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })
/**
 * The decoded type of {@link JsonObject}.
 *
 * @since 0.1.0
 * @category models
 */
export type JsonObject = typeof JsonObject.Type

/**
 * A decoded plugin answer or event, with the SDP that came with it (`jsep`: the plugin's offer or answer), if any.
 *
 * @since 0.1.0
 * @category models
 */
export type WithJsep<A> = A & { readonly jsep?: Protocol.Jsep | undefined }

/**
 * The `Unknown` member of every plugin event union: a plugin event the wrapper has no schema for (a newer Janus,
 * an undocumented event), or one whose fields do not match the schema. `data` is the event's `plugindata.data`
 * as sent. Decoding an event therefore never fails.
 *
 * @since 0.1.0
 * @category events
 */
export const UnknownEvent = Schema.transform(
  JsonObject,
  Schema.Struct({ _tag: Schema.Literal("Unknown"), data: JsonObject }),
  {
    strict: true,
    decode: (data) => ({ _tag: "Unknown" as const, data }),
    encode: (event) => event.data
  }
)
/**
 * The decoded type of {@link UnknownEvent}.
 *
 * @since 0.1.0
 * @category events
 */
export type UnknownEvent = typeof UnknownEvent.Type

/**
 * The `Error` member of every plugin event union: an unsolicited plugin event carrying `error_code` and `error`
 * (answers to a request with an `error_code` fail the request with `PluginError` instead).
 *
 * @since 0.1.0
 * @category events
 */
export interface ErrorEvent {
  readonly _tag: "Error"
  readonly error_code: number
  readonly error?: string | undefined
}

/**
 * The schema of {@link ErrorEvent} for one plugin: `{ <key>: "event", error_code, error }` (e.g. key
 * `videoroom`). Each event union lists it first, so an error event is never mistaken for another member.
 *
 * @since 0.1.0
 * @category constructors
 */
export const errorEvent = <const Key extends string>(
  key: Key
): Schema.Schema<
  ErrorEvent & { readonly [K in Key]: "event" },
  { readonly [K in Key]: "event" } & { readonly error_code: number; readonly error?: string | undefined }
> =>
  Schema.Struct({
    [key]: Schema.Literal("event"),
    error_code: Schema.Number,
    error: Schema.optional(Schema.String)
  }).pipe(Schema.attachPropertySignature("_tag", "Error")) as never

/**
 * A plugin answered a typed request with data that does not match the wrapper's schema of the answer (e.g. an
 * unexpected `videoroom` value, or a field of the wrong type). The request did reach Janus and the plugin did
 * act on it; only its answer could not be read. `data` is the answer's `plugindata.data` as sent, `message`
 * explains which field did not match.
 *
 * Chosen over `TransportError` "decode" because the wire and the Janus protocol were fine: the mismatch is
 * between the plugin's answer and this wrapper.
 *
 * @since 0.1.0
 * @category errors
 */
export class PluginResponseError extends Schema.TaggedError<PluginResponseError>(
  "@effect-janus/plugins/PluginResponseError"
)("PluginResponseError", {
  /** The plugin package name, e.g. `janus.plugin.videoroom`. */
  plugin: Schema.String,
  /** The request whose answer could not be decoded, e.g. `create`. */
  request: Schema.String,
  message: Schema.String,
  data: Schema.Unknown
}) {}

/**
 * A typed request's parameters do not match its request schema (only possible when the static types were
 * bypassed, e.g. a value cast from `unknown`): nothing was sent. `message` explains which field did not match.
 *
 * @since 0.2.0
 * @category errors
 */
export class PluginRequestBodyError extends Schema.TaggedError<PluginRequestBodyError>(
  "@effect-janus/plugins/PluginRequestBodyError"
)("PluginRequestBodyError", {
  /** The plugin package name, e.g. `janus.plugin.videoroom`. */
  plugin: Schema.String,
  /** The request whose body could not be encoded, e.g. `create`. */
  request: Schema.String,
  message: Schema.String
}) {}

/**
 * The errors of every typed plugin request:
 * - `PluginError`: the plugin answered with `error_code` / `error` (codes are the plugin's own, see each module);
 * - `PluginResponseError`: the answer could not be decoded;
 * - `PluginRequestBodyError`: the parameters do not match the request schema (nothing was sent);
 * - `JanusApiError`: Janus refused the message (e.g. 459 no such handle, 458 no such session);
 * - `TransportError`: the wire failed, or no event arrived within the timeout (`reason: "timeout"`);
 * - `SessionClosedError`: the session ended meanwhile.
 *
 * @since 0.1.0
 * @category models
 */
export type PluginRequestError = PluginError | PluginResponseError | PluginRequestBodyError | HandleRequestError

/**
 * Options of one typed request: `timeout` bounds the wait for an asynchronous plugin's `event` (default: the
 * session's `eventTimeout`, 30 s).
 *
 * @since 0.1.0
 * @category models
 */
export type RequestOptions = MessageOptions

/**
 * Options of a plugin wrapper's `attach` / `layer`: `opaqueId` and what closing the scope does (`onClose`),
 * as in `JanusSession.attach`.
 *
 * @since 0.1.0
 * @category models
 */
export type AttachOptions = Parameters<JanusSession["attach"]>[1]

/**
 * Options of a plugin wrapper's `reattach` / `layerReattach` (as in `JanusSession.reattach`): what closing the scope
 * does with a handle that was attached by someone else, e.g. another process before a hand-over.
 *
 * @since 0.1.0
 * @category models
 */
export type ReattachOptions = Parameters<JanusSession["reattach"]>[2]

/**
 * A re-sync effect, as `attach` / `reattach` / `layer` / `layerReattach` take it in their options (`resync`): the
 * core runs it after each reclaim or re-creation of the session, once its requests flow again (its failure is
 * logged, never fatal). Each plugin module with a usual re-sync offers one as `<Plugin>.resync(params, onResync)`,
 * `params` being those of the request it sends again: `VideoRoom`, `AudioBridge`, `TextRoom` (`listparticipants`),
 * `Streaming` (`info`), `Sip` (`register`), and `VideoCall.resync(onResync)` (`list`, which takes none). Write your
 * own for anything else: `(handle, recovery) => Effect` (wrap the handle with the plugin's `make`).
 *
 * @since 0.2.0
 * @category models
 */
export type Resync = (handle: PluginHandle, recovery: Session.Recovery) => Effect.Effect<unknown, unknown>

/**
 * What a plugin's `resync` hands to the app after each recovery: the `recovery` (the session's `Reclaimed` or
 * `Recreated` state, with the gap in ms and, for a re-creation, the new ids) and the `result` of the request it
 * sent again — `Right` with the plugin's answer, or `Left` with the request's error (e.g. `PluginError` "no such
 * room" when the room was destroyed during the gap: Janus never sent the `destroyed` event).
 *
 * @since 0.2.0
 * @category models
 */
export interface Resynced<A, E = PluginRequestError> {
  readonly recovery: Session.Recovery
  readonly result: Either.Either<A, E>
}

/**
 * Where a plugin's `resync` publishes each {@link Resynced}: an effect of the app's, e.g.
 * `(resynced) => SubscriptionRef.set(latest, Option.some(resynced))`. Its failures and defects are logged by the
 * core, like the re-sync's own.
 *
 * @since 0.2.0
 * @category models
 */
export type OnResync<A, E = PluginRequestError> = (resynced: Resynced<A, E>) => Effect.Effect<unknown, unknown>

/**
 * What every plugin service has: its handle (for `trickle`, `hangup`, `detach`, raw `message` and the core events
 * `webrtcup`, `media`, `hangup`, …) and the stream of its plugin events decoded into the plugin's event union.
 *
 * @since 0.1.0
 * @category models
 */
export interface PluginService<Event> {
  /** The underlying core handle. */
  readonly handle: PluginHandle
  /**
   * The handle's plugin events (`janus: "event"`), decoded into the plugin's event union, with their `jsep`.
   * Events the schema does not know arrive as `{ _tag: "Unknown", data }`; decoding never fails. Answers to this
   * handle's own asynchronous requests show up here too. Each run sees the events from its start on; ends when
   * the handle is detached and fails with `SessionClosedError` when the session ends.
   */
  readonly events: Stream.Stream<WithJsep<Event>, SessionClosedError>
  /**
   * Subscribes **now** (in the current scope) and returns the decoded plugin events from this moment on, as
   * `handle.subscribe` does for raw messages: subscribe, send a request, then read what it caused without missing
   * anything in between. Ends and fails as `events`. (Named so because `subscribe` is a request of the VideoRoom
   * and SIP plugins.)
   *
   * @since 0.2.0
   */
  readonly subscribeEvents: Effect.Effect<
    Stream.Stream<WithJsep<Event>, SessionClosedError>,
    SessionClosedError,
    Scope.Scope
  >
}
