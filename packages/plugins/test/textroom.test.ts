import { describe, expect, it, layer } from "@effect/vitest"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect } from "effect"
import { TextRoom } from "../src/index.js"
import { answerFor } from "./sdp.js"
import { freshId, openSession, plain } from "./support.js"

describe("TextRoom on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer(), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("create, exists, list, edit, listparticipants, allowed, announcement, destroy", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const textroom = yield* TextRoom.attach(session)
        const room = yield* freshId
        const created = yield* textroom.create({ room, description: "chat", secret: "trs", history: 5 })
        expect(created).toMatchObject({ _tag: "Created", textroom: "created", room, permanent: false })
        expect(yield* textroom.exists({ room })).toMatchObject({ _tag: "Exists", room, exists: true })

        const listed = yield* textroom.list()
        expect(listed.list.find((info) => info.room === room)).toMatchObject({
          description: "chat",
          pin_required: false,
          num_participants: 0,
          history: 5
        })
        expect(listed.list.some((info) => info.room === 1234)).toBe(true)

        expect(yield* textroom.edit({ room, secret: "trs", new_description: "renamed", new_pin: "1" })).toMatchObject({
          _tag: "Edited",
          room
        })
        expect((yield* textroom.list()).list.find((info) => info.room === room)).toMatchObject({
          description: "renamed",
          pin_required: true
        })

        expect(yield* textroom.listParticipants({ room })).toMatchObject({
          _tag: "Participants",
          room,
          participants: []
        })
        const allowed = yield* textroom.allowed({ room, secret: "trs", action: "add", allowed: ["a", "b"] })
        expect([...(allowed.allowed ?? [])].sort()).toEqual(["a", "b"])
        expect(yield* textroom.announcement({ room, secret: "trs", text: "hello" })).toMatchObject({ _tag: "Success" })

        expect(yield* textroom.destroy({ room, secret: "trs" })).toMatchObject({ _tag: "Destroyed", room })
        expect(yield* textroom.exists({ room })).toMatchObject({ exists: false })
      })
    )

    it.scoped("errors: 417 no such room, 418 room exists, 419 wrong secret, 423 no such user", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const textroom = yield* TextRoom.attach(session)
        const missing = yield* Effect.flip(textroom.listParticipants({ room: 999_999_999 }))
        expect(plain(missing)).toMatchObject({ _tag: "PluginError", code: TextRoom.ErrorCode.NoSuchRoom })
        const room = yield* freshId
        yield* textroom.create({ room, secret: "right" })
        expect(plain(yield* Effect.flip(textroom.create({ room })))).toMatchObject({
          code: TextRoom.ErrorCode.RoomExists
        })
        expect(plain(yield* Effect.flip(textroom.destroy({ room, secret: "wrong" })))).toMatchObject({
          code: TextRoom.ErrorCode.Unauthorized
        })
        expect(plain(yield* Effect.flip(textroom.kick({ room, secret: "right", username: "ghost" })))).toMatchObject({
          code: TextRoom.ErrorCode.NoSuchUser
        })
        yield* textroom.destroy({ room, secret: "right" })
      })
    )

    it.scoped("setup answers Ok with the plugin's data-channel offer (416 when repeated); ack takes our answer", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const textroom = yield* TextRoom.attach(session)
        const ok = yield* textroom.setup()
        expect(ok).toMatchObject({ _tag: "Ok", textroom: "event", result: "ok" })
        expect(ok.jsep?.type).toBe("offer")
        expect(ok.jsep?.sdp).toContain("m=application")
        const again = yield* Effect.flip(textroom.setup())
        expect(plain(again)).toMatchObject({ _tag: "PluginError", code: TextRoom.ErrorCode.AlreadySetup })
        expect(yield* textroom.ack(answerFor(ok.jsep!.sdp))).toMatchObject({ _tag: "Ok", result: "ok" })
      })
    )
  })
})

describe("TextRoom data-channel frames", () => {
  it("decodes participation events and never throws on garbage", () => {
    expect(
      TextRoom.decodeDataChannelFrame(
        JSON.stringify({ textroom: "message", room: 1, from: "a", date: "d", text: "hi", whisper: false })
      )
    ).toEqual({ _tag: "Message", textroom: "message", room: 1, from: "a", date: "d", text: "hi", whisper: false })
    expect(TextRoom.decodeDataChannelFrame(JSON.stringify({ textroom: "join", room: "r", username: "u" }))).toEqual({
      _tag: "Join",
      textroom: "join",
      room: "r",
      username: "u"
    })
    expect(TextRoom.decodeDataChannelFrame("not json")).toEqual({ _tag: "Unknown", data: { text: "not json" } })
    expect(TextRoom.decodeDataChannelFrame(JSON.stringify({ textroom: "weird", x: 1 }))).toEqual({
      _tag: "Unknown",
      data: { textroom: "weird", x: 1 }
    })
  })
})
