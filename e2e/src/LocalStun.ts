/**
 * A STUN server on 127.0.0.1 that answers Binding requests (RFC 5389) with the sender's address.
 *
 * Why: werift falls back to `stun.l.google.com:19302` when a peer connection is configured without a STUN
 * server (`ice.js`: `stunServer ?? ["stun.l.google.com", 19302]`), which would send traffic off the machine
 * and stall candidate gathering for 5 s where there is no network. Pointing werift at this local server
 * keeps everything on loopback and gathering instant (the server-reflexive candidate it yields is 127.0.0.1
 * again, and is not used).
 *
 * @since 0.1.0
 */

import * as Dgram from "node:dgram"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { classes, Message, methods, parseMessage } from "werift"

/**
 * Starts the server on a free UDP port of 127.0.0.1 and returns the port; closed with the scope.
 *
 * @since 0.1.0
 */
export const make: Effect.Effect<number, never, Scope.Scope> = Effect.map(
  Effect.acquireRelease(
    Effect.async<Dgram.Socket>((resume) => {
      const socket = Dgram.createSocket("udp4")
      socket.on("message", (data, remote) => {
        const request = parseMessage(data)
        if (
          request === undefined ||
          request.messageMethod !== methods.BINDING ||
          request.messageClass !== classes.REQUEST
        ) {
          return
        }
        const response = new Message(methods.BINDING, classes.RESPONSE, request.transactionId).setAttribute(
          "XOR-MAPPED-ADDRESS",
          [remote.address, remote.port]
        )
        socket.send(response.bytes, remote.port, remote.address)
      })
      socket.bind(0, "127.0.0.1", () => resume(Effect.succeed(socket)))
    }),
    (socket) =>
      Effect.async<void>((resume) => {
        socket.close(() => resume(Effect.void))
      })
  ),
  (socket) => socket.address().port
)
