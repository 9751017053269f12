/**
 * Plain RTP into a Streaming mountpoint: a UDP socket (`node:dgram`, bound to 127.0.0.1) that sends one RTP packet
 * every 20 ms to the port an RTP mountpoint bound (`Streaming.create` answers it in `stream.ports`), as a real
 * source (an encoder, ffmpeg, GStreamer) would. The Streaming plugin relays the packets to its viewers without
 * decoding them (`janus_streaming.c`, `janus_streaming_relay_thread`), so the payload is text: `<tag>-<n>`.
 *
 * @since 0.2.0
 */
import * as Dgram from "node:dgram"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"

/**
 * What to send: the payload type the mountpoint expects (`pt` in its `media` entry), the RTP clock step per packet
 * (960 for 20 ms of 48 kHz Opus, 3000 for 90 kHz video at ~30 fps), the SSRC, and a text tag for the payloads.
 *
 * @since 0.2.0
 */
export interface Options {
  readonly payloadType: number
  readonly timestampStep?: number | undefined
  readonly ssrc?: number | undefined
  readonly tag?: string | undefined
}

/**
 * One RTP packet (RFC 3550 §5.1: version 2, no padding, extension or CSRC; marker set), with a text payload.
 *
 * @since 0.2.0
 */
export const packet = (options: Options, sequence: number): Buffer => {
  const header = Buffer.alloc(12)
  header[0] = 0x80
  header[1] = 0x80 | (options.payloadType & 0x7f)
  header.writeUInt16BE(sequence % 65536, 2)
  header.writeUInt32BE((sequence * (options.timestampStep ?? 960)) % 2 ** 32, 4)
  header.writeUInt32BE(options.ssrc ?? 0x1234_5678, 8)
  return Buffer.concat([header, Buffer.from(`${options.tag ?? "rtp"}-${sequence}`)])
}

/**
 * Sends RTP to `127.0.0.1:port` every 20 ms from a fiber of the current scope; the socket closes and the sending
 * stops with the scope. Returns how many packets went out so far.
 *
 * @since 0.2.0
 */
export const feed = (port: number, options: Options): Effect.Effect<Effect.Effect<number>, never, Scope.Scope> =>
  Effect.gen(function* () {
    const socket = yield* Effect.acquireRelease(
      Effect.async<Dgram.Socket>((resume) => {
        const socket = Dgram.createSocket("udp4")
        socket.bind(0, "127.0.0.1", () => resume(Effect.succeed(socket)))
      }),
      (socket) => Effect.sync(() => socket.close())
    )
    const sent = yield* Ref.make(0)
    const sendOne = Effect.flatMap(
      Ref.getAndUpdate(sent, (n) => n + 1),
      (sequence) => Effect.sync(() => socket.send(packet(options, sequence), port, "127.0.0.1"))
    )
    yield* sendOne.pipe(Effect.repeat(Schedule.spaced("20 millis")), Effect.forkScoped)
    return Ref.get(sent)
  })
