/**
 * The TextRoom plugin (`janus.plugin.textroom`): text chat rooms over a data channel. Room management (`list`,
 * `listparticipants`, `create`, `edit`, `destroy`, `exists`, `allowed`, `kick`, `announcement`) goes through the
 * Janus API and is typed here (the plugin copies `request` into the `textroom` field it reads). Joining, leaving and messaging happen on the data channel negotiated with `setup` / `ack`:
 * {@link channel} gives typed `join` / `leave` / `message` operations over it, matched to their replies by
 * `transaction` (`DataChannelEvent` and `decodeDataChannelFrame` decode what arrives).
 * Follows Janus docs "TextRoom plugin" and the API comment at the top of `src/plugins/janus_textroom.c` (1.1.x).
 *
 * @since 0.1.0
 */
import { type Plugin, PluginError, type PluginHandle, TransportError } from "@effect-janus/core"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as PubSub from "effect/PubSub"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import {
  type OnResync,
  PluginRequestBodyError,
  type PluginRequestError,
  type PluginService,
  type RequestOptions,
  type Resync
} from "./Common.js"
import { type AnswerOp, type Bare, define, makeOps, type Op, timeoutAs } from "./internal/plugin.js"
import { type RoomAdmin, roomAdmin } from "./internal/rooms.js"
import * as Req from "./textroom/requests.js"
import * as Res from "./textroom/responses.js"

/**
 * The TextRoom request schemas (`…Request`, the body Janus expects, `request` literal included) and their
 * parameter types (`…Params`, what the operations of a handle take), from `./textroom/requests.ts`.
 *
 * @since 0.1.0
 * @category requests
 */
export * from "./textroom/requests.js"
/**
 * The TextRoom answer and event schemas (decoded into values tagged by `_tag`) and their types, from
 * `./textroom/responses.ts`; `Event` is the union of what arrives on a handle's `events`.
 *
 * @since 0.1.0
 * @category responses
 */
export * from "./textroom/responses.js"

/**
 * Error codes of the TextRoom (`JANUS_TEXTROOM_ERROR_*`): 411 no message, 412 invalid JSON, 413 missing element,
 * 414 invalid element, 415 invalid request, 416 already set up, 417 no such room, 418 room exists,
 * 419 unauthorized (wrong secret / pin / admin key), 420 username exists, 421 already in room, 422 not in room,
 * 423 no such user, 499 unknown error.
 *
 * @since 0.1.0
 * @category constants
 */
export const ErrorCode = {
  NoMessage: 411,
  InvalidJson: 412,
  MissingElement: 413,
  InvalidElement: 414,
  InvalidRequest: 415,
  AlreadySetup: 416,
  NoSuchRoom: 417,
  RoomExists: 418,
  Unauthorized: 419,
  UsernameExists: 420,
  AlreadyInRoom: 421,
  NotInRoom: 422,
  NoSuchUser: 423,
  UnknownError: 499
} as const

/**
 * A TextRoom handle with typed requests (Janus docs: TextRoom plugin). Every request fails with `PluginError`
 * (see {@link ErrorCode}: 417 no such room, 419 wrong secret, …) or the other {@link PluginRequestError}s.
 *
 * @since 0.1.0
 * @category models
 */
export interface TextRoom extends PluginService<Res.Event>, RoomAdmin<typeof Req, typeof Res> {
  /** Kicks `username` out of the room (everyone gets `kicked`); 423 for an unknown username. */
  readonly kick: Op<Req.KickParams, Res.Success>
  /** Sends `text` to the room as the room itself (everyone gets `announcement`). 417, 419. */
  readonly announcement: Op<Req.AnnouncementParams, Res.Success>
  /** Asks the plugin for a data-channel offer: `Ok` with the offer in `jsep` (answer it with {@link TextRoom.ack}). */
  readonly setup: Bare<Res.Ok>
  /** Sends our JSEP answer to the `setup` offer: `Ok`; the data channel opens. */
  readonly ack: AnswerOp<Res.Ok>
  /** Asks for an ICE-restart offer (janus_textroom.c): `Ok` with it in `jsep`. */
  readonly restart: Bare<Res.Ok>
}

/**
 * Wraps a raw `PluginHandle` already attached to `janus.plugin.textroom` into the typed TextRoom service. Pure:
 * sends nothing and checks nothing. `attach` / `layer` are the usual way in; `make` is for a handle obtained
 * otherwise (e.g. from `JanusSession.reattach`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (handle: PluginHandle): TextRoom => {
  const ops = makeOps(handle, "TextRoom")
  return {
    handle,
    ...ops.events(Res.Event),
    ...roomAdmin(ops, Req, Res),
    kick: ops.params(Req.KickRequest, Res.Success),
    announcement: ops.params(Req.AnnouncementRequest, Res.Success),
    setup: ops.bare(Req.SetupRequest, Res.Ok, { name: "setup" }),
    ack: ops.bareWithJsep(Req.SetupRequest, Res.Ok, { name: "ack" }),
    restart: ops.bare(Req.SetupRequest, Res.Ok, { name: "restart" })
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Over the data channel
// ---------------------------------------------------------------------------------------------------------------

/**
 * The data channel that `setup` / `ack` opened, as the application holds it (a browser `RTCDataChannel`, werift's,
 * …): `send` writes one text frame, `frames` are the text frames received (read once, from when {@link channel}
 * starts).
 *
 * @since 0.2.0
 * @category models
 */
export interface DataChannel {
  readonly send: (frame: string) => Effect.Effect<void>
  readonly frames: Stream.Stream<string>
}

/**
 * The errors of a data-channel request: `PluginError` (the plugin answered `textroom: "error"`, codes as
 * {@link ErrorCode}: 417 no such room, 419 wrong pin, 420 username taken, 421 already in the room, 422 not in the
 * room), `PluginRequestBodyError` (nothing was sent), `TransportError` `timeout` (no reply within
 * `options.timeout`, default 10 s) or `closed` (the channel's frames ended first).
 *
 * @since 0.2.0
 * @category errors
 */
export type ChannelRequestError = PluginError | PluginRequestBodyError | TransportError

/**
 * Typed participation over a TextRoom data channel. Each request carries a fresh `transaction` and resolves with
 * the plugin's `success` reply for it.
 *
 * @since 0.2.0
 * @category models
 */
export interface Channel {
  /** Joins `room` as `username` (unique in the room): the reply lists the `participants`. 417, 419, 420, 421. */
  readonly join: (
    params: Omit<Req.JoinRequest, "textroom" | "transaction">,
    options?: RequestOptions
  ) => Effect.Effect<Res.SuccessReply, ChannelRequestError>
  /** Leaves `room` (the others get `leave`). 417, 422. */
  readonly leave: (
    params: Omit<Req.LeaveRequest, "textroom" | "transaction">,
    options?: RequestOptions
  ) => Effect.Effect<Res.SuccessReply, ChannelRequestError>
  /**
   * Sends `text` to `room` (to everyone, or whispers to `to` / `tos`). Resolves with the plugin's ack, or with
   * `undefined` at once when `ack: false` (the plugin then sends no reply). 417, 422, 423 (unknown recipient).
   */
  readonly message: (
    params: Omit<Req.MessageRequest, "textroom" | "transaction">,
    options?: RequestOptions
  ) => Effect.Effect<Res.SuccessReply | undefined, ChannelRequestError>
  /** Every frame decoded (`DataChannelEvent`), from each run's start on: joins, leaves, messages, replies. */
  readonly events: Stream.Stream<Res.DataChannelEvent>
  /** Subscribes **now** (in the current scope) and returns the decoded frames from this moment on. */
  readonly subscribe: Effect.Effect<Stream.Stream<Res.DataChannelEvent>, never, Scope.Scope>
}

/**
 * Reads `dataChannel`'s frames in the current scope and gives the typed {@link Channel} over it. Sends nothing
 * by itself.
 *
 * @since 0.2.0
 * @category constructors
 */
export const channel = (dataChannel: DataChannel): Effect.Effect<Channel, never, Scope.Scope> =>
  Effect.gen(function* () {
    const hub = yield* PubSub.unbounded<Res.DataChannelEvent | "end">()
    const ended = yield* Deferred.make<void>()
    yield* dataChannel.frames.pipe(
      Stream.map(Res.decodeDataChannelFrame),
      Stream.runForEach((event) => PubSub.publish(hub, event)),
      Effect.zipRight(Deferred.succeed(ended, undefined)),
      Effect.zipRight(PubSub.publish(hub, "end")),
      Effect.forkScoped
    )
    const closed = (name: string) =>
      new TransportError({ reason: "closed", message: `data channel closed before the ${name} reply` })
    const prefix = (yield* Random.nextIntBetween(0, 2 ** 31)).toString(36)
    const counter = yield* Ref.make(0)
    const request = <R extends Schema.Schema.AnyNoContext>(schema: R, name: string, awaitReply = true) =>
      Effect.fn(`TextRoom.channel.${name}`)(function* (params: object, options?: RequestOptions) {
        const transaction = `${prefix}-${yield* Ref.updateAndGet(counter, (n) => n + 1)}`
        const frame = yield* Schema.encode(schema, { onExcessProperty: "preserve" })({
          ...params,
          textroom: name,
          transaction
        }).pipe(
          Effect.mapError(
            (error) =>
              new PluginRequestBodyError({
                plugin: plugin.name,
                request: name,
                message: ParseResult.TreeFormatter.formatErrorSync(error)
              })
          )
        )
        return yield* Effect.scoped(
          Effect.gen(function* () {
            const replies = yield* PubSub.subscribe(hub)
            if (yield* Deferred.isDone(ended)) return yield* Effect.fail(closed(name))
            yield* dataChannel.send(JSON.stringify(frame))
            if (!awaitReply) return undefined
            const reply = yield* Stream.fromQueue(replies).pipe(
              Stream.filter(
                (event) =>
                  event === "end" ||
                  (event._tag !== "Unknown" && "transaction" in event && event.transaction === transaction)
              ),
              Stream.runHead,
              timeoutAs(options?.timeout ?? "10 seconds", `TextRoom reply to ${name}`)
            )
            if (reply._tag === "None" || reply.value === "end") return yield* Effect.fail(closed(name))
            const value = reply.value
            if (value._tag === "Error") {
              return yield* new PluginError({
                plugin: plugin.name,
                code: value.error_code ?? 0,
                reason: value.error ?? ""
              })
            }
            return value as Res.SuccessReply
          })
        )
      }) as (
        params: object,
        options?: RequestOptions
      ) => Effect.Effect<Res.SuccessReply | undefined, ChannelRequestError>
    const subscribe = Effect.map(PubSub.subscribe(hub), (queue) =>
      Stream.fromQueue(queue).pipe(Stream.takeWhile((event): event is Res.DataChannelEvent => event !== "end"))
    )
    const join = request(Req.JoinRequest, "join")
    const leave = request(Req.LeaveRequest, "leave")
    const acked = request(Req.MessageRequest, "message")
    const unacked = request(Req.MessageRequest, "message", false)
    return {
      // A join or leave always awaits its reply: never `undefined`.
      join: (params, options) => join(params, options) as Effect.Effect<Res.SuccessReply, ChannelRequestError>,
      leave: (params, options) => leave(params, options) as Effect.Effect<Res.SuccessReply, ChannelRequestError>,
      message: (params, options) => (params.ack === false ? unacked : acked)(params, options),
      events: Stream.unwrapScoped(subscribe),
      subscribe
    } satisfies Channel
  })

const definition = define("TextRoom", "janus.plugin.textroom", make)

/**
 * The plugin's package name, `janus.plugin.textroom`, as a core `Plugin`: what `JanusSession.attach` / `reattach`
 * take to attach a raw `PluginHandle` to this plugin (the typed `attach` / `layer` of this module use it). Attaching
 * fails with `JanusApiError` 460 when the server has not loaded the plugin.
 *
 * @since 0.1.0
 * @category models
 */
export const plugin: Plugin.Plugin = definition.plugin

/**
 * The `TextRoom` Tag and the constructors of a TextRoom handle, all scoped (the handle is detached when the scope
 * closes, unless `onClose: "abandon"`):
 * - `attach(session, options?)` attaches a new handle (each call an independent one); fails as
 *   `JanusSession.attach`: `JanusApiError` (460 when the plugin is not loaded), `TransportError`,
 *   `SessionClosedError`;
 * - `reattach(session, handleId, options?)` wraps an existing handle by id without sending anything: the
 *   re-attach after a `claim` (the plugin still holds the handle's state; an unknown id fails the first request
 *   with `JanusApiError` 459);
 * - `layer(options?)` and `layerReattach(handleId, options?)` do the same as Layers over the `JanusSession` in
 *   context, providing the `TextRoom` Tag.
 *
 * @since 0.1.0
 * @category constructors
 */
export const { tag: TextRoom, attach, reattach, layer, layerReattach } = definition

/**
 * The usual re-sync of a TextRoom handle, to pass as `resync` in the options of `attach` / `reattach` / `layer` /
 * `layerReattach`: after each reclaim or re-creation of the session it sends `listparticipants` for `params.room`
 * (over the Janus API, not the data channel) and hands the outcome to `onResync` (see `Common.Resynced`): who is in
 * the room now (`username`, `display`).
 *
 * The room's traffic (`message`, `join`, `leave`, announcements) goes over the data channel, which stays up while
 * no connection owns the session, so a reclaim loses none of it; the re-sync confirms the room and its people. A room
 * destroyed during the gap comes back as `Left` with `PluginError` 417 (no such room). After a `Recreated` the handle
 * is a new one without a PeerConnection: set up the data channel and join again.
 *
 * @since 0.2.0
 * @category re-sync
 */
export const resync = (params: Req.ListParticipantsParams, onResync: OnResync<Res.Participants>): Resync =>
  definition.resyncWith((textroom) => textroom.listParticipants(params), onResync)
