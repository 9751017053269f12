import { fileURLToPath } from "node:url"
import * as FileSystem from "@effect/platform/FileSystem"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { describe, expect, it } from "@effect/vitest"
import { Sip } from "@effect-janus/plugins"
import { JanusServer, MediaJanus, Sipp } from "@effect-janus/testing-janus"
import { Peer } from "@effect-janus/webrtc"
import * as Werift from "@effect-janus/webrtc/Werift"
import { Effect } from "effect"
import * as Connect from "../src/Connect.js"
import * as Events from "../src/Events.js"
import * as Media from "../src/Media.js"
import * as SipUser from "../src/SipUser.js"

const scenario = (name: string) => fileURLToPath(new URL(`../sipp/${name}`, import.meta.url))

/**
 * Janus with media over loopback, a session and a SIP handle with a guest account `user` (no REGISTER: a guest
 * may call any URI), its plugin events (`sipEvents`) recorded.
 */
const guest = (user: string) =>
  Effect.gen(function* () {
    const janus = yield* MediaJanus.make()
    const session = yield* Connect.session(yield* Connect.connect(janus.wsUrl))
    const sip = yield* Sip.attach(session)
    const sipEvents = yield* Events.record(sip.events)
    const registered = yield* sip.register({ username: `sip:${user}@127.0.0.1`, type: "guest" })
    expect(registered).toMatchObject({ _tag: "Registered", result: { register_sent: false } })
    return { janus, sip, sipEvents }
  })

/**
 * Calls `uri` with a werift PCMU audio offer (`Sip.placeCall`): sipp's answer in `accepted` applied, media up, the
 * remote audio track. The peer closes with the scope.
 */
const placeCall = (sip: Sip.Sip, uri: string) =>
  Effect.gen(function* () {
    const { peer, tracks } = yield* Media.sendrecv(sip.handle, ["audio"], Media.pcmuOnly)
    const accepted = yield* Sip.placeCall(sip, peer, { uri })
    if (accepted._tag !== "Accepted") return yield* Effect.dieMessage(`the callee hung up: ${JSON.stringify(accepted)}`)
    const remote = yield* Media.established(peer, ["audio"])
    return { peer, accepted, audio: tracks.audio, remoteAudio: remote.audio }
  })

/** How many times `text` occurs in `bytes`. */
const occurrences = (bytes: Uint8Array, text: string) => Buffer.from(bytes).toString("latin1").split(text).length - 1

describe("SIP plugin: calls placed by Janus to a sipp callee, with werift media", () => {
  JanusServer.printLogOnFailure()

  it.scopedLive(
    "call → ringing, accepted with an SDP answer, RTP echo; recording, dtmf_info, in-dialog message, hold/unhold, hangup",
    () =>
      Effect.gen(function* () {
        const { janus, sip, sipEvents } = yield* guest("alice")
        const callee = yield* Sipp.serve(scenario("callee-features.xml"), { rtpEcho: true })
        const uri = `sip:sipp@127.0.0.1:${callee.port}`

        // call: INVITE with the werift offer made plain RTP; sipp rings, then answers 200 OK with PCMU.
        const call = yield* placeCall(sip, uri)
        const calling = yield* sipEvents.waitFor("calling", SipUser.is("Calling"))
        expect(calling).toMatchObject({ result: { event: "calling" } })
        const callId = calling.call_id
        expect(callId).toEqual(expect.any(String))
        expect(yield* sipEvents.waitFor("ringing", SipUser.is("Ringing"))).toMatchObject({ call_id: callId })
        expect(yield* sipEvents.waitFor("proceeding", SipUser.is("Proceeding"))).toMatchObject({
          result: { code: 180 }
        })
        expect(call.accepted).toMatchObject({ call_id: callId, result: { event: "accepted", username: uri } })
        expect(call.accepted.jsep?.sdp).toContain("a=rtpmap:0 PCMU/8000")
        expect(yield* Sipp.waitForLog(callee, "CALLED")).toContain("m=audio")
        yield* Sipp.waitForLog(callee, "CALL UP")
        // RTP: werift → Janus (SRTP) → sipp (plain RTP, echoed with -rtp_echo) → Janus → werift. Each round continues
        // the sequence numbers of the last (SRTP drops replays).
        expect(yield* Werift.rtpEcho(call.audio, call.remoteAudio, "call")).toBeGreaterThanOrEqual(25)

        // recording: our audio and the peer's, into the harness's recordings folder.
        const base = `${janus.recordingsDir}/sip-call`
        const started = yield* sip.recording({ action: "start", audio: true, peer_audio: true, filename: base })
        expect(started).toMatchObject({ _tag: "RecordingUpdated", result: { event: "recordingupdated" } })
        expect(yield* Werift.rtpEcho(call.audio, call.remoteAudio, "recorded", 50, 50)).toBeGreaterThanOrEqual(25)
        const stopped = yield* sip.recording({ action: "stop", audio: true, peer_audio: true })
        expect(stopped).toMatchObject({ _tag: "RecordingUpdated" })
        const fs = yield* Effect.provide(FileSystem.FileSystem, NodeFileSystem.layer)
        const files = yield* fs.readDirectory(janus.recordingsDir)
        expect([...files].sort()).toEqual(["sip-call-peer-audio.mjr", "sip-call-user-audio.mjr"])
        for (const file of files) {
          const bytes = yield* fs.readFile(`${janus.recordingsDir}/${file}`)
          // A Janus recording (MJR00002) of PCMU whose packets are ours: sent by werift, echoed back by sipp.
          expect(Buffer.from(bytes.subarray(0, 8)).toString()).toBe("MJR00002")
          expect(Buffer.from(bytes).toString("latin1")).toContain('"c": "pcmu"')
          expect(occurrences(bytes, "recorded-")).toBeGreaterThanOrEqual(25)
          expect(occurrences(bytes, "call-")).toBe(0)
        }

        // dtmf_info: a SIP INFO with application/dtmf-relay.
        expect(yield* sip.dtmfInfo({ digit: "5", duration: 250 })).toMatchObject({ _tag: "DtmfSent" })
        const dtmf = yield* Sipp.waitForLog(callee, "DTMF")
        expect(dtmf).toContain("Signal=5 (application/dtmf-relay)")

        // message without uri: a MESSAGE within the dialog, and its delivery receipt.
        const sent = yield* sip.message({ content: "in-dialog hello" })
        expect(sent).toMatchObject({ _tag: "MessageSent", result: { call_id: callId } })
        const delivery = yield* sipEvents.waitFor("messagedelivery", SipUser.is("MessageDelivery"))
        expect(delivery).toMatchObject({ call_id: callId, result: { code: 200 } })
        expect(yield* Sipp.waitForLog(callee, "MESSAGE")).toContain("in-dialog hello")

        // hold / unhold: re-INVITEs with a=sendonly, then a=sendrecv again; sipp answers both.
        expect(yield* sip.hold()).toMatchObject({ _tag: "Holding", result: { event: "holding" } })
        yield* Sipp.waitForLog(callee, "HELD")
        expect(yield* sip.unhold()).toMatchObject({ _tag: "Resuming", result: { event: "resuming" } })
        yield* Sipp.waitForLog(callee, "RESUMED")
        expect(yield* Werift.rtpEcho(call.audio, call.remoteAudio, "resumed", 50, 100)).toBeGreaterThanOrEqual(25)
        // The answers to our own hold/unhold re-INVITEs are not passed on: still the one accepted event.
        expect((yield* sipEvents.all).filter(SipUser.is("Accepted"))).toHaveLength(1)

        // hangup: BYE; sipp answers 200 OK and the plugin reports the end of the call.
        expect(yield* sip.hangup()).toMatchObject({ _tag: "HangingUp", result: { event: "hangingup" } })
        const hangup = yield* sipEvents.waitFor("hangup", SipUser.is("Hangup"))
        // The call ended with the 200 OK to our BYE.
        expect(hangup).toMatchObject({ call_id: callId, result: { event: "hangup", code: 200, reason: "to BYE" } })
        yield* Sipp.waitForLog(callee, "BYE")
        // sipp saw every request it expected, in order: exit code 0.
        yield* Sipp.expectSuccess(callee)
      })
  )

  it.scopedLive(
    "update: a renegotiation offer → updating, a re-INVITE to sipp, accepted with its answer; media goes on",
    () =>
      Effect.gen(function* () {
        const { sip, sipEvents } = yield* guest("bob")
        const callee = yield* Sipp.serve(scenario("callee-update.xml"), { rtpEcho: true })
        const call = yield* placeCall(sip, `sip:sipp@127.0.0.1:${callee.port}`)
        yield* Sipp.waitForLog(callee, "CALL UP")
        expect(yield* Werift.rtpEcho(call.audio, call.remoteAudio, "before")).toBeGreaterThanOrEqual(25)

        // A new werift offer on the connected PeerConnection: Janus passes it to the plugin as an update, the plugin
        // re-INVITEs sipp with it and hands sipp's answer back in a second accepted event.
        const renegotiated = yield* Sip.updateCall(sip, call.peer)
        expect(yield* sipEvents.waitFor("updating", SipUser.is("Updating"))).toMatchObject({
          result: { event: "updating" }
        })
        expect(renegotiated).toMatchObject({ call_id: call.accepted.call_id, result: { event: "accepted" } })
        expect(renegotiated.jsep?.sdp).toContain("a=rtpmap:0 PCMU/8000")
        const update = yield* Sipp.waitForLog(callee, "UPDATE OFFER")
        expect(update).toContain("m=audio")
        yield* Sipp.waitForLog(callee, "UPDATED")
        expect(yield* Werift.rtpEcho(call.audio, call.remoteAudio, "after", 50, 50)).toBeGreaterThanOrEqual(25)

        expect(yield* sip.hangup()).toMatchObject({ _tag: "HangingUp" })
        expect(yield* sipEvents.waitFor("hangup", SipUser.is("Hangup"))).toMatchObject({ result: { code: 200 } })
        yield* Sipp.expectSuccess(callee)
      })
  )

  it.scopedLive(
    "ICE restart: an offer with fresh ICE credentials through update → a re-INVITE, accepted; media goes on",
    () =>
      Effect.gen(function* () {
        const { sip, sipEvents } = yield* guest("dave")
        const callee = yield* Sipp.serve(scenario("callee-update.xml"), { rtpEcho: true })
        const call = yield* placeCall(sip, `sip:sipp@127.0.0.1:${callee.port}`)
        yield* Sipp.waitForLog(callee, "CALL UP")
        expect(yield* Werift.rtpEcho(call.audio, call.remoteAudio, "before")).toBeGreaterThanOrEqual(25)

        // Both sides' ICE credentials change; the SIP side gets a re-INVITE and answers it.
        const before = Media.iceUfrags(call.peer)
        yield* call.peer.restartIce(Sip.iceRestart(sip))
        const after = Media.iceUfrags(call.peer)
        expect(after.local).not.toBe(before.local)
        expect(after.remote).not.toBe(before.remote)
        yield* Sipp.waitForLog(callee, "UPDATED")
        yield* Peer.awaitUp(call.peer).pipe(Effect.timeout("20 seconds"))
        expect(yield* Werift.rtpEcho(call.audio, call.remoteAudio, "after", 50, 50)).toBeGreaterThanOrEqual(25)

        expect(yield* sip.hangup()).toMatchObject({ _tag: "HangingUp" })
        expect(yield* sipEvents.waitFor("hangup", SipUser.is("Hangup"))).toMatchObject({ result: { code: 200 } })
        yield* Sipp.expectSuccess(callee)
      })
  )

  it.scopedLive("transfer: transferring, REFER answered 202, the transferee's NOTIFYs as notify events, its BYE", () =>
    Effect.gen(function* () {
      const { sip, sipEvents } = yield* guest("carol")
      const callee = yield* Sipp.serve(scenario("callee-transfer.xml"), { rtpEcho: true })
      const call = yield* placeCall(sip, `sip:sipp@127.0.0.1:${callee.port}`)
      yield* Sipp.waitForLog(callee, "CALL UP")
      expect(yield* Werift.rtpEcho(call.audio, call.remoteAudio, "before-transfer")).toBeGreaterThanOrEqual(25)

      // A blind transfer: REFER with Refer-To: <sip:dave@127.0.0.1> in the dialog.
      const transferring = yield* sip.transfer({ uri: "sip:dave@127.0.0.1" })
      expect(transferring).toMatchObject({ _tag: "Transferring", result: { event: "transferring" } })
      expect(yield* Sipp.waitForLog(callee, "REFER")).toContain("REFER sip:dave@127.0.0.1")
      // The REFER's implicit subscription: sipp reports the new call's progress (message/sipfrag).
      const trying = yield* sipEvents.waitFor("notify (100 Trying)", SipUser.is("Notify"))
      expect(trying).toMatchObject({
        call_id: call.accepted.call_id,
        result: { event: "notify", notify: "refer", substate: "active", "content-type": "message/sipfrag" }
      })
      expect(trying.result.content?.trim()).toBe("SIP/2.0 100 Trying")
      const done = yield* sipEvents.waitFor(
        "notify (terminated)",
        (event) => event._tag === "Notify" && event.result.substate === "terminated"
      )
      expect(done).toMatchObject({ result: { notify: "refer" } })
      expect(done._tag === "Notify" && done.result.content?.trim()).toBe("SIP/2.0 200 OK")
      yield* Sipp.waitForLog(callee, "NOTIFIED")

      // The transferee leaves: its BYE ends the call.
      const hangup = yield* sipEvents.waitFor("hangup", SipUser.is("Hangup"))
      // janus_sip.c reports a BYE from the peer as 200 "Session Terminated" (our own BYE: 200 "to BYE").
      expect(hangup).toMatchObject({
        call_id: call.accepted.call_id,
        result: { event: "hangup", code: 200, reason: "Session Terminated" }
      })
      yield* Sipp.expectSuccess(callee)
    })
  )
})
