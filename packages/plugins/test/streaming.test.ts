import { describe, expect, layer } from "@effect/vitest"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect } from "effect"
import { Streaming } from "../src/index.js"
import { freshId, openSession, plain } from "./support.js"

const audioOnly = (mid: string) => ({ type: "audio" as const, mid, port: 0, pt: 111, codec: "opus" })

describe("Streaming on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer(), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("create, list, info, edit, enable, disable, recording, kick_all, destroy", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const streaming = yield* Streaming.attach(session)
        const id = yield* freshId
        const created = yield* streaming.create({
          type: "rtp",
          id,
          name: `mp-${id}`,
          description: "typed mountpoint",
          secret: "mps",
          media: [audioOnly("a"), { type: "video", mid: "v", port: 0, pt: 96, codec: "vp8" }]
        })
        expect(created).toMatchObject({ _tag: "Created", streaming: "created", permanent: false, stream: { id } })
        expect(created.stream.ports?.map((p) => p.mid)).toEqual(["a", "v"])
        expect(created.stream.ports?.every((p) => typeof p.port === "number" && p.port > 0)).toBe(true)

        const list = yield* streaming.list()
        expect(list.list.find((mp) => mp.id === id)).toMatchObject({ description: "typed mountpoint", enabled: true })

        const info = yield* streaming.info({ id, secret: "mps" })
        expect(info).toMatchObject({ _tag: "Info", info: { id, name: `mp-${id}`, secret: "mps", viewers: 0 } })
        expect(info.info.media?.map((m) => m.mid)).toEqual(["a", "v"])
        const publicInfo = yield* streaming.info({ id })
        expect(publicInfo.info.secret).toBeUndefined()

        expect(
          yield* streaming.edit({ id, secret: "mps", new_description: "renamed", new_metadata: "m" })
        ).toMatchObject({
          _tag: "Edited",
          id
        })
        expect((yield* streaming.info({ id })).info).toMatchObject({ description: "renamed", metadata: "m" })

        // The wrapper sends stop_recording: false by default (Janus crashes otherwise when nothing is recorded).
        expect(yield* streaming.disable({ id, secret: "mps" })).toMatchObject({ _tag: "Ok" })
        expect((yield* streaming.info({ id })).info.enabled).toBe(false)
        expect(yield* streaming.enable({ id, secret: "mps" })).toMatchObject({ _tag: "Ok" })
        expect((yield* streaming.info({ id })).info.enabled).toBe(true)

        const server = yield* JanusServer.JanusServer
        const recording = yield* streaming.recording({
          id,
          secret: "mps",
          action: "start",
          media: [{ mid: "a", filename: `${server.recordingsDir}/mp-${id}-a` }]
        })
        expect(recording).toMatchObject({ _tag: "Ok" })
        expect(yield* streaming.recording({ id, secret: "mps", action: "stop", media: [{ mid: "a" }] })).toMatchObject({
          _tag: "Ok"
        })
        // With every stream recorded, disable may stop the recordings itself.
        yield* streaming.recording({
          id,
          secret: "mps",
          action: "start",
          media: [
            { mid: "a", filename: `${server.recordingsDir}/mp-${id}-a2` },
            { mid: "v", filename: `${server.recordingsDir}/mp-${id}-v2` }
          ]
        })
        expect(yield* streaming.disable({ id, secret: "mps", stop_recording: true })).toMatchObject({ _tag: "Ok" })
        expect(yield* streaming.enable({ id, secret: "mps" })).toMatchObject({ _tag: "Ok" })

        expect(yield* streaming.kickAll({ id, secret: "mps" })).toMatchObject({ _tag: "KickedAll" })
        expect(yield* streaming.destroy({ id, secret: "mps" })).toMatchObject({ _tag: "Destroyed", destroyed: id })
        const gone = yield* Effect.flip(streaming.info({ id }))
        expect(plain(gone)).toMatchObject({ _tag: "PluginError", code: Streaming.ErrorCode.NoSuchMountpoint })
      })
    )

    it.scoped("watch (offer in jsep), pause, start, configure, switch; stop before media is ignored by Janus", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const admin = yield* Streaming.attach(session)
        const viewer = yield* Streaming.attach(session)
        const id = yield* freshId
        const other = yield* freshId
        yield* admin.create({ type: "rtp", id, media: [audioOnly("a")] })
        yield* admin.create({ type: "rtp", id: other, media: [audioOnly("a")] })

        const preparing = yield* viewer.watch({ id })
        expect(preparing).toMatchObject({ _tag: "Status", result: { status: "preparing" } })
        expect(preparing.jsep?.type).toBe("offer")
        expect(preparing.jsep?.sdp).toContain("m=audio")
        expect((yield* admin.info({ id })).info.viewers).toBe(1)

        expect(yield* viewer.pause()).toMatchObject({ _tag: "Status", result: { status: "pausing" } })
        expect(yield* viewer.start()).toMatchObject({ _tag: "Status", result: { status: "starting" } })
        expect(yield* viewer.configure({ mid: "a", send: false })).toMatchObject({
          _tag: "Configured",
          result: { event: "configured" }
        })
        expect(yield* viewer.switch({ id: other })).toMatchObject({
          _tag: "Switched",
          result: { switched: "ok", id: other }
        })
        expect((yield* admin.info({ id: other })).info.viewers).toBe(1)

        // No PeerConnection is up, so Janus drops the stop without an event: the request times out, typed.
        const ignored = yield* Effect.flip(viewer.stop({ timeout: "1 second" }))
        expect(plain(ignored)).toMatchObject({ _tag: "TransportError", reason: "timeout" })
        yield* viewer.handle.hangup
        yield* admin.destroy({ id })
        yield* admin.destroy({ id: other })
      })
    )

    it.scoped("errors: 455 no such mountpoint, 457 wrong secret, 456 id taken", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const streaming = yield* Streaming.attach(session)
        const missing = yield* Effect.flip(streaming.watch({ id: 999_999_999 }))
        expect(plain(missing)).toMatchObject({ _tag: "PluginError", code: Streaming.ErrorCode.NoSuchMountpoint })
        const id = yield* freshId
        yield* streaming.create({ type: "rtp", id, secret: "right", media: [audioOnly("a")] })
        const wrong = yield* Effect.flip(streaming.destroy({ id, secret: "wrong" }))
        expect(plain(wrong)).toMatchObject({ _tag: "PluginError", code: Streaming.ErrorCode.Unauthorized })
        const taken = yield* Effect.flip(streaming.create({ type: "rtp", id, media: [audioOnly("a")] }))
        expect(plain(taken)).toMatchObject({ _tag: "PluginError", code: Streaming.ErrorCode.CantCreate })
        yield* streaming.destroy({ id, secret: "right" })
      })
    )
  })
})
