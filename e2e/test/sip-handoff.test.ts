import { describe, expect, it } from "@effect/vitest"
import { Sip } from "@effect-janus/plugins"
import { JanusServer, MediaJanus, Sipp } from "@effect-janus/testing-janus"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect } from "effect"
import * as Connect from "../src/Connect.js"
import * as Events from "../src/Events.js"
import * as Handoff from "../src/Handoff.js"
import * as Media from "../src/Media.js"
import * as SipUser from "../src/SipUser.js"

describe("SIP hand-off from a worker thread to the main thread", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive(
    "a worker registers and exits without destroying; the main thread claims, re-attaches and answers a call",
    () =>
      Effect.gen(function* () {
        const janus = yield* MediaJanus.make({ reclaimTimeout: 30 })
        const admin = yield* Connect.admin(janus)
        const registrar = yield* Sipp.registrar

        // The worker: session + SIP handle + REGISTER, then it reports the ids and exits.
        const worker = yield* Handoff.run(new URL("./sip-handoff.worker.ts", import.meta.url), {
          wsUrl: janus.wsUrl,
          registrarUri: registrar.uri,
          user: "carol"
        })
        expect(worker.exitCode).toBe(0)
        if (worker.report._tag !== "Registered") return expect.fail(`worker failed: ${worker.report.message}`)
        const { handleId, sessionId } = worker.report

        // Its connection is gone, but Janus keeps the session and its handle (reclaim window).
        expect(yield* admin.listSessions).toContain(sessionId)
        expect(yield* admin.listHandles(sessionId)).toEqual([handleId])
        const contact = yield* registrar.contactOf("carol")

        // The main thread claims the session and re-attaches the handle (no new attach).
        const session = yield* Connect.session(yield* Connect.connect(janus.wsUrl), { sessionId })
        expect(session.claimed).toBe(true)
        expect(session.id).toBe(sessionId)
        const sip = yield* Sip.reattach(session, handleId)
        const sipEvents = yield* Events.record(sip.events)

        // A call placed after the claim reaches the main thread, which answers it with werift.
        const caller = yield* Sipp.call(contact, "answered")
        const incoming = yield* sipEvents.waitFor("incomingcall", SipUser.is("IncomingCall"))
        expect(incoming.result.callee).toBe(`sip:carol@127.0.0.1:${contact.port}`)
        const { peer, tracks } = yield* Media.sendrecv(sip.handle, ["audio"], Media.pcmuOnly)
        yield* Sip.acceptCall(sip, peer, incoming)
        const remote = yield* Media.established(peer, ["audio"])
        expect(yield* Werift.rtpEcho(tracks.audio, remote.audio, "handoff-audio")).toBeGreaterThanOrEqual(25)
        expect(yield* sip.info(Sipp.hangUpSignal)).toMatchObject({ _tag: "InfoSent" })
        const hangup = yield* sipEvents.waitFor("hangup", SipUser.is("Hangup"))
        expect(hangup).toMatchObject({ call_id: incoming.call_id, result: { code: 200 } })
        yield* Sipp.expectSuccess(caller)

        // Still the one handle the worker attached.
        expect(yield* admin.listHandles(sessionId)).toEqual([handleId])
      })
  )
})
