import { describe, expect, layer } from "@effect/vitest"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect } from "effect"
import { NoSip } from "../src/index.js"
import { offer } from "./sdp.js"
import { openSession, plain } from "./support.js"

/** A plain (non-WebRTC) SDP from a legacy peer: audio only, RTP/AVP, PCMU. */
const legacy = (type: "offer" | "answer") =>
  [
    "v=0",
    `o=legacy 1 1 IN IP4 127.0.0.1`,
    "s=legacy",
    "c=IN IP4 127.0.0.1",
    "t=0 0",
    `m=audio ${type === "offer" ? 40000 : 40002} RTP/AVP 0`,
    "a=rtpmap:0 PCMU/8000",
    "a=sendrecv",
    ""
  ].join("\r\n")

describe("NoSIP on a real Janus", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer(), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("generate turns a WebRTC offer into a barebone SDP; process takes the legacy answer", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const nosip = yield* NoSip.attach(session)
        const generated = yield* nosip.generate({ info: "ctx" }, offer("audio"))
        expect(generated).toMatchObject({ _tag: "Generated", result: { event: "generated", type: "offer" } })
        expect(generated.result.sdp).toContain("RTP/AVP")
        expect(generated.result.sdp).not.toContain("a=fingerprint")
        const processed = yield* nosip.process({ type: "answer", sdp: legacy("answer") })
        expect(processed).toMatchObject({ _tag: "Processed", result: { event: "processed" } })
        expect(processed.jsep?.type).toBe("answer")
        expect(yield* nosip.recording({ action: "stop", audio: true })).toMatchObject({ _tag: "RecordingUpdated" })
        expect(yield* nosip.hangup()).toMatchObject({ _tag: "HangingUp", result: { event: "hangingup" } })
      })
    )

    it.scoped("process of a legacy offer yields a JSEP offer for the browser", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const nosip = yield* NoSip.attach(session)
        const processed = yield* nosip.process({ type: "offer", sdp: legacy("offer") })
        expect(processed._tag).toBe("Processed")
        expect(processed.jsep?.type).toBe("offer")
        expect(processed.jsep?.sdp).toContain("m=audio")
      })
    )

    it.scoped("an SDP without media lines fails with PluginError 446 (missing SDP)", () =>
      Effect.gen(function* () {
        const session = yield* openSession
        const nosip = yield* NoSip.attach(session)
        const error = yield* Effect.flip(
          nosip.process({ type: "offer", sdp: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" })
        )
        expect(plain(error)).toMatchObject({ _tag: "PluginError", code: NoSip.ErrorCode.MissingSdp })
      })
    )
  })
})
