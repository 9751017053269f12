import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Stream } from "effect"
import * as DataChannel from "../src/DataChannel.js"
import type * as WebRtc from "../src/WebRtc.js"

/** A scriptable `RTCDataChannel`: the test sets `readyState` and calls the handlers the wrapper installed. */
const fakeChannel = () => {
  const sent: Array<string | Uint8Array> = []
  const channel: { -readonly [K in keyof WebRtc.RtcDataChannel]: WebRtc.RtcDataChannel[K] } = {
    label: "chat",
    readyState: "connecting",
    binaryType: "blob",
    send: (data) => {
      sent.push(data)
    },
    close: () => {}
  }
  return { channel, sent }
}

describe("DataChannel (a scripted RTCDataChannel)", () => {
  it.scoped("awaitOpen, send, messages as text and bytes; the handlers are released with the scope", () =>
    Effect.gen(function* () {
      const { channel, sent } = fakeChannel()
      const wrapped = yield* DataChannel.make(channel)
      expect(channel.binaryType).toBe("arraybuffer")
      const refused = yield* Effect.flip(wrapped.send("too early"))
      expect(refused).toMatchObject({ _tag: "WebRtcError", reason: "data-channel" })

      const opened = yield* Effect.fork(wrapped.awaitOpen)
      channel.readyState = "open"
      channel.onopen?.()
      yield* Fiber.join(opened)
      expect(yield* wrapped.state.get).toBe("open")

      const messages = yield* wrapped.subscribe
      yield* wrapped.send("hello")
      expect(sent).toEqual(["hello"])
      channel.onmessage?.({ data: "text" })
      channel.onmessage?.({ data: new Uint8Array([1, 2]).buffer })
      const received = yield* messages.pipe(Stream.take(2), Stream.runCollect)
      expect([...received]).toEqual(["text", new Uint8Array([1, 2])])
    })
  )

  it.scoped("awaitOpen fails when the channel closes before it opens", () =>
    Effect.gen(function* () {
      const { channel } = fakeChannel()
      const wrapped = yield* DataChannel.make(channel)
      const opened = yield* Effect.fork(Effect.flip(wrapped.awaitOpen))
      channel.readyState = "closed"
      channel.onclose?.()
      expect(yield* Fiber.join(opened)).toMatchObject({ _tag: "WebRtcError", reason: "data-channel" })
      expect(yield* wrapped.state.get).toBe("closed")
    })
  )

  it.scoped("closing the scope takes the handlers back", () =>
    Effect.gen(function* () {
      const { channel } = fakeChannel()
      yield* Effect.scoped(DataChannel.make(channel))
      expect([channel.onopen, channel.onclose, channel.onmessage]).toEqual([null, null, null])
    })
  )
})
