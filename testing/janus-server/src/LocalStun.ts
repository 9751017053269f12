/**
 * A STUN server on 127.0.0.1 for tests: it answers every Binding request (RFC 5389) with a Binding success
 * response carrying the sender's address as `XOR-MAPPED-ADDRESS`, and ignores everything else. Enough for
 * Janus's Admin `test_stun` (`janus_ice_test_stun_server` in `src/ice.c`, which validates the answer with libnice's
 * STUN agent) and for ICE agents that want a server-reflexive candidate, without leaving the machine.
 *
 * @since 0.1.0
 */

import * as Dgram from "node:dgram"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

const magicCookie = 0x2112a442
const bindingRequest = 0x0001
const bindingSuccess = 0x0101
const xorMappedAddress = 0x0020

/** The Binding success response to `request` (already checked to be a Binding request) from `address`:`port`. */
const bindingResponse = (request: Buffer, address: string, port: number): Buffer => {
  const response = Buffer.alloc(32)
  response.writeUInt16BE(bindingSuccess, 0)
  response.writeUInt16BE(12, 2)
  request.copy(response, 4, 4, 20) // magic cookie + transaction id
  response.writeUInt16BE(xorMappedAddress, 20)
  response.writeUInt16BE(8, 22)
  response.writeUInt8(0, 24)
  response.writeUInt8(0x01, 25) // IPv4
  response.writeUInt16BE(port ^ (magicCookie >>> 16), 26)
  const ip = address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0)
  response.writeUInt32BE((ip ^ magicCookie) >>> 0, 28)
  return response
}

const isBindingRequest = (data: Buffer): boolean =>
  data.length >= 20 && data.readUInt16BE(0) === bindingRequest && data.readUInt32BE(4) === magicCookie

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
        if (isBindingRequest(data))
          socket.send(bindingResponse(data, remote.address, remote.port), remote.port, remote.address)
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
