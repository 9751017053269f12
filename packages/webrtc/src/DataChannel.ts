/**
 * A WebRTC data channel as Effect values: its state as a `Subscribable`, its incoming messages as a Stream, `send`,
 * and `awaitOpen`. Janus relays data channels over SCTP (the EchoTest echoes each message back prefixed with
 * `"Janus EchoTest here! You wrote: "`, `janus_echotest.c`; the VideoRoom relays a publisher's data to its
 * subscribers).
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as PubSub from "effect/PubSub"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Subscribable from "effect/Subscribable"
import * as SubscriptionRef from "effect/SubscriptionRef"
import type { RtcDataChannel, RtcDataChannelState } from "./WebRtc.js"
import { WebRtcError } from "./WebRtcError.js"

/**
 * A message received on a data channel: text, or bytes (a browser's `ArrayBuffer` is turned into a `Uint8Array`;
 * werift gives a `Buffer`, which is one).
 *
 * @since 0.2.0
 * @category models
 */
export type Message = string | Uint8Array

/**
 * A data channel:
 * - `channel`: the platform's `RTCDataChannel`;
 * - `state`: its `readyState`, now and as a Stream of changes;
 * - `messages`: the messages that arrive from the moment a run of the stream starts (run it before you `send` what
 *   it answers, or use `subscribe`);
 * - `subscribe`: subscribes now (in the current scope) and returns the stream of the messages from this moment on;
 * - `send`: sends text or bytes; fails with `WebRtcError` `data-channel` when the channel is not open or refuses;
 * - `awaitOpen`: waits until the channel is open; fails with `WebRtcError` `data-channel` if it closes first.
 *
 * @since 0.2.0
 * @category models
 */
export interface DataChannel {
  readonly channel: RtcDataChannel
  readonly label: string
  readonly state: Subscribable.Subscribable<RtcDataChannelState>
  readonly messages: Stream.Stream<Message>
  readonly subscribe: Effect.Effect<Stream.Stream<Message>, never, Scope.Scope>
  readonly send: (data: string | Uint8Array) => Effect.Effect<void, WebRtcError>
  readonly awaitOpen: Effect.Effect<void, WebRtcError>
}

const toMessage = (data: unknown): Message =>
  typeof data === "string"
    ? data
    : data instanceof Uint8Array
      ? data
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : String(data)

/**
 * Wraps a platform data channel. Takes over its `onopen`, `onclose` and `onmessage` handlers (cleared when the scope
 * closes) and asks for `ArrayBuffer` binary messages where the platform has `binaryType`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (channel: RtcDataChannel): Effect.Effect<DataChannel, never, Scope.Scope> =>
  Effect.gen(function* () {
    const runtime = yield* Effect.runtime<never>()
    const runSync = Runtime.runSync(runtime)
    const state = yield* SubscriptionRef.make<RtcDataChannelState>(channel.readyState)
    const incoming = yield* Effect.acquireRelease(PubSub.unbounded<Message>(), PubSub.shutdown)
    const refresh = () => runSync(SubscriptionRef.set(state, channel.readyState))
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        if ("binaryType" in channel) channel.binaryType = "arraybuffer"
        channel.onopen = refresh
        channel.onclose = refresh
        channel.onmessage = (event) => runSync(PubSub.publish(incoming, toMessage(event.data)))
        refresh()
      }),
      () =>
        Effect.sync(() => {
          channel.onopen = null
          channel.onclose = null
          channel.onmessage = null
        })
    )
    const subscribe = Effect.map(PubSub.subscribe(incoming), (queue) => Stream.fromQueue(queue))
    return {
      channel,
      label: channel.label,
      state,
      messages: Stream.unwrapScoped(subscribe),
      subscribe,
      send: (data) =>
        channel.readyState !== "open"
          ? Effect.fail(
              new WebRtcError({
                reason: "data-channel",
                message: `data channel "${channel.label}" is ${channel.readyState}, not open`
              })
            )
          : Effect.try({
              try: () => channel.send(data),
              catch: (cause) =>
                new WebRtcError({
                  reason: "data-channel",
                  message: `data channel "${channel.label}": send failed: ${String(cause)}`,
                  cause
                })
            }),
      awaitOpen: state.changes.pipe(
        Stream.filter((now) => now === "open" || now === "closing" || now === "closed"),
        Stream.runHead,
        Effect.flatMap((now) =>
          now._tag === "Some" && now.value === "open"
            ? Effect.void
            : Effect.fail(
                new WebRtcError({
                  reason: "data-channel",
                  message: `data channel "${channel.label}" closed before it opened`
                })
              )
        )
      )
    } satisfies DataChannel
  })
