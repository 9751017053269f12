import { describe, expect, it } from "@effect/vitest"
import { Sip } from "@effect-janus/plugins"
import { JanusServer, MediaJanus, Sipp } from "@effect-janus/testing-janus"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect } from "effect"
import * as Connect from "../src/Connect.js"
import * as Events from "../src/Events.js"
import * as Media from "../src/Media.js"
import * as SipUser from "../src/SipUser.js"

/**
 * Janus with media over loopback, a sipp registrar, a session and a SIP handle registered as `user`, with its
 * plugin events (`sipEvents`) recorded.
 */
const registered = (user: string) =>
  Effect.gen(function* () {
    const janus = yield* MediaJanus.make()
    const registrar = yield* Sipp.registrar
    const session = yield* Connect.session(yield* Connect.connect(janus.wsUrl))
    const sip = yield* Sip.attach(session)
    const sipEvents = yield* Events.record(sip.events)
    yield* SipUser.register(sip, registrar.uri, user)
    const contact = yield* registrar.contactOf(user)
    expect(contact).toMatchObject({ user, host: "127.0.0.1" })
    return { sip, sipEvents, contact }
  })

describe("SIP plugin with a real SIP peer (sipp)", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive("an incoming call from sipp is declined with 486; sipp gets 486 Busy Here", () =>
    Effect.gen(function* () {
      const { contact, sip, sipEvents } = yield* registered("alice")
      const caller = yield* Sipp.call(contact, "declined")
      const incoming = yield* sipEvents.waitFor("incomingcall", SipUser.is("IncomingCall"))
      expect(incoming.result.callee).toBe(`sip:alice@127.0.0.1:${contact.port}`)
      expect(incoming.jsep?.type).toBe("offer")

      const answer = yield* sip.decline({ code: 486 })
      expect(answer).toMatchObject({ _tag: "Declining", result: { code: 486 } })
      const hangup = yield* sipEvents.waitFor("hangup", SipUser.is("Hangup"))
      expect(hangup).toMatchObject({ call_id: incoming.call_id, result: { code: 486 } })
      // The scenario expects exactly 486 Busy Here (then ACKs it): exit code 0.
      yield* Sipp.expectSuccess(caller)
    })
  )

  it.scopedLive(
    "an incoming call is accepted with a werift SDP answer; RTP flows to sipp and back; sipp's BYE ends it",
    () =>
      Effect.gen(function* () {
        const { contact, sip, sipEvents } = yield* registered("bob")
        const caller = yield* Sipp.call(contact, "answered")
        const incoming = yield* sipEvents.waitFor("incomingcall", SipUser.is("IncomingCall"))
        // Janus's offer (made from sipp's SDP) answered by werift with accept.
        const { peer, tracks } = yield* Media.sendrecv(sip.handle, ["audio"], Media.pcmuOnly)
        expect(yield* Sip.acceptCall(sip, peer, incoming)).toMatchObject({ _tag: "Accepted" })
        const remote = yield* Media.established(peer, ["audio"])

        // RTP: werift → Janus (SRTP) → sipp (plain RTP, echoed with -rtp_echo) → Janus → werift.
        expect(yield* Werift.rtpEcho(tracks.audio, remote.audio, "sip-audio")).toBeGreaterThanOrEqual(25)

        // Tell sipp to hang up (a SIP INFO in the dialog); it sends BYE, which janus_sip.c reports as hangup 200.
        expect(yield* sip.info(Sipp.hangUpSignal)).toMatchObject({ _tag: "InfoSent" })
        const hangup = yield* sipEvents.waitFor("hangup", SipUser.is("Hangup"))
        expect(hangup).toMatchObject({ call_id: incoming.call_id, result: { code: 200 } })
        // sipp saw 200 OK with an audio answer, sent ACK, got the INFO, sent BYE and got 200 OK to it: exit code 0.
        yield* Sipp.expectSuccess(caller)
        const log = yield* caller.readLog
        expect(log).toContain("ANSWERED m=audio")
        expect(log).toContain(`INFO ${Sipp.hangUpSignal.content}`)
      })
  )
})
