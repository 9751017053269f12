import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as WebRtc from "../src/WebRtc.js"
import { FakePeerConnection } from "./FakePeerConnection.js"

describe("WebRtc service", () => {
  it.scoped("open merges the configuration over the defaults; the connection closes with its scope", () =>
    Effect.gen(function* () {
      const seen: Array<WebRtc.RtcConfiguration> = []
      const pc = new FakePeerConnection()
      const service = WebRtc.make({
        create: (configuration) => {
          seen.push(configuration)
          return pc
        },
        defaults: { iceServers: [{ urls: "stun:a" }], bundlePolicy: "max-bundle" }
      })
      yield* Effect.scoped(service.open({ iceServers: [{ urls: "stun:b" }] }))
      expect(seen).toEqual([{ iceServers: [{ urls: "stun:b" }], bundlePolicy: "max-bundle" }])
      expect(pc.closed).toBe(true)
      expect(service.acceptsCandidate("candidate:1 1 udp 1 10.0.0.1 9 typ host")).toBe(true)
    })
  )

  it.scoped("open fails with create-peer when the constructor throws", () =>
    Effect.gen(function* () {
      const service = WebRtc.make({
        create: () => {
          throw new Error("bad configuration")
        }
      })
      const error = yield* Effect.flip(service.open())
      expect(error).toMatchObject({ _tag: "WebRtcError", reason: "create-peer" })
    })
  )

  it.scoped("layerBrowser: the global RTCPeerConnection, or unsupported where there is none", () =>
    Effect.gen(function* () {
      const missing = yield* Effect.flip(Layer.build(WebRtc.layerBrowser()))
      expect(missing).toMatchObject({ _tag: "WebRtcError", reason: "unsupported" })

      const made: Array<unknown> = []
      const global = globalThis as { RTCPeerConnection?: unknown }
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          global.RTCPeerConnection = class extends FakePeerConnection {
            constructor(configuration: unknown) {
              super()
              made.push(configuration)
            }
          }
        }),
        () => Effect.sync(() => delete global.RTCPeerConnection)
      )
      const context = yield* Layer.build(WebRtc.layerBrowser({ iceServers: [{ urls: "stun:x" }] }))
      const pc = yield* Effect.scoped(WebRtc.WebRtc.pipe(Effect.flatMap((service) => service.open()))).pipe(
        Effect.provide(context)
      )
      expect(pc).toBeInstanceOf(FakePeerConnection)
      expect(made).toEqual([{ iceServers: [{ urls: "stun:x" }] }])
    })
  )
})
