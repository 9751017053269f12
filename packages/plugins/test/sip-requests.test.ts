import { describe, expect, layer } from "@effect/vitest"
import { JanusServer } from "@effect-janus/testing-janus"
import { Effect } from "effect"
import { Sip } from "../src/index.js"
import { contactPort, runSipp, runSippClient, scenario, sipOnLoopback } from "./sipp.js"
import { openSession, plain, recordEvents } from "./support.js"

/** A SIP handle with a guest account (no REGISTER): enough for out-of-dialog MESSAGE and SUBSCRIBE. */
const guest = (user: string) =>
  Effect.gen(function* () {
    const session = yield* openSession
    const sip = yield* Sip.attach(session)
    const events = yield* recordEvents(sip)
    const registered = yield* sip.register({ username: `sip:${user}@127.0.0.1`, type: "guest" })
    expect(registered).toMatchObject({ _tag: "Registered", result: { register_sent: false } })
    return { sip, events }
  })

describe("SIP requests that need no media, against sipp", () => {
  JanusServer.printLogOnFailure()

  layer(JanusServer.layer({ configure: sipOnLoopback }), { timeout: "60 seconds", excludeTestServices: true })((it) => {
    it.scoped("message out of dialog: messagesent, sipp gets the MESSAGE, messagedelivery 200 for its Call-ID", () =>
      Effect.gen(function* () {
        const sipp = yield* runSipp(scenario("uas-message.xml"))
        const port = sipp.port
        const { events, sip } = yield* guest("alice")
        const sent = yield* sip.message({
          uri: `sip:sipp@127.0.0.1:${port}`,
          content: "hello from janus",
          content_type: "text/plain",
          headers: { "X-Effect-Janus": "message-test" }
        })
        expect(sent).toMatchObject({ _tag: "MessageSent", sip: "event", result: { event: "messagesent" } })
        const callId = sent.result.call_id
        expect(callId).toEqual(expect.any(String))
        const delivery = yield* events.waitFor("MessageDelivery")
        expect(delivery).toMatchObject({ call_id: callId, result: { event: "messagedelivery", code: 200 } })
        expect(yield* sipp.process.exitCode).toBe(0)
        const messages = yield* sipp.messages
        expect(messages).toContain(`MESSAGE sip:sipp@127.0.0.1:${port} SIP/2.0`)
        expect(messages).toContain(`Call-ID: ${callId}`)
        expect(messages).toContain("X-Effect-Janus: message-test")
        expect(messages).toContain("hello from janus")
      })
    )

    it.scoped("message with a call_id of our own: the MESSAGE and its delivery receipt carry it", () =>
      Effect.gen(function* () {
        const sipp = yield* runSipp(scenario("uas-message.xml"))
        const port = sipp.port
        const { events, sip } = yield* guest("alice")
        const callId = `effect-janus-${port}`
        const sent = yield* sip.message({ uri: `sip:sipp@127.0.0.1:${port}`, content: "hi", call_id: callId })
        expect(sent.result.call_id).toBe(callId)
        const delivery = yield* events.waitFor("MessageDelivery")
        expect(delivery).toMatchObject({ call_id: callId, result: { code: 200 } })
        expect(yield* sipp.process.exitCode).toBe(0)
        const messages = yield* sipp.messages
        expect(messages).toContain(`Call-ID: ${callId}`)
        // The default content type.
        expect(messages).toContain("Content-Type: text/plain")
      })
    )

    it.scoped("an incoming MESSAGE from sipp to a registered handle arrives as the message event", () =>
      Effect.gen(function* () {
        const registrar = yield* runSipp(scenario("registrar-200.xml"))
        const registrarPort = registrar.port
        const session = yield* openSession
        const sip = yield* Sip.attach(session)
        const events = yield* recordEvents(sip)
        yield* sip.registerAndAwait({
          username: "sip:bob@127.0.0.1",
          secret: "x",
          proxy: `sip:127.0.0.1:${registrarPort}`
        })
        expect(yield* registrar.process.exitCode).toBe(0)
        const contact = contactPort(yield* registrar.messages, "bob")
        expect(contact).toEqual(expect.any(Number))

        const sender = yield* runSippClient(scenario("uac-message.xml"), `127.0.0.1:${contact}`, "bob")
        const senderPort = sender.port
        const message = yield* events.waitFor("Message")
        expect(message).toMatchObject({
          sip: "event",
          result: {
            event: "message",
            sender: `sip:sipp@127.0.0.1:${senderPort}`,
            // janus_sip.c passes the display name on with its quotes.
            displayname: '"Sipp Sender"',
            content_type: "text/plain"
          }
        })
        expect(message.result.content.trim()).toBe("hello from sipp")
        // sipp got 200 OK to its MESSAGE: exit code 0.
        expect(yield* sender.process.exitCode).toBe(0)
        expect(yield* sender.messages).toContain("SIP/2.0 200 OK")
      })
    )

    it.scoped("a second INVITE while one rings: missed_call; decline refuses the first; reset answers", () =>
      Effect.gen(function* () {
        const registrar = yield* runSipp(scenario("registrar-200.xml"))
        const session = yield* openSession
        const sip = yield* Sip.attach(session)
        const events = yield* recordEvents(sip)
        yield* sip.registerAndAwait({
          username: "sip:carol@127.0.0.1",
          secret: "x",
          proxy: `sip:127.0.0.1:${registrar.port}`
        })
        const contact = contactPort(yield* registrar.messages, "carol")
        expect(contact).toEqual(expect.any(Number))

        const first = yield* runSippClient(scenario("uac-invite-refused.xml"), `127.0.0.1:${contact}`, "carol")
        expect(yield* events.waitFor("IncomingCall")).toMatchObject({
          result: { event: "incomingcall", username: `sip:sipp@127.0.0.1:${first.port}` }
        })
        // The handle is busy with the first call: Janus answers the second INVITE 486 and tells us.
        const second = yield* runSippClient(scenario("uac-invite-refused.xml"), `127.0.0.1:${contact}`, "carol")
        expect(yield* events.waitFor("MissedCall")).toMatchObject({
          result: { event: "missed_call", caller: `sip:sipp@127.0.0.1:${second.port}` }
        })
        expect(yield* second.process.exitCode).toBe(0)
        expect(yield* second.messages).toContain("SIP/2.0 486 Busy Here")

        expect(yield* sip.decline({ code: 486 })).toMatchObject({ _tag: "Declining", result: { code: 486 } })
        expect(yield* first.process.exitCode).toBe(0)
        yield* events.waitFor("Hangup")
        // reset clears a stale "call in progress" flag; on an idle handle it just answers.
        expect(yield* sip.reset()).toMatchObject({ _tag: "Reset", sip: "event", result: { event: "reset" } })
      })
    )

    it.scoped("subscribe: subscribing, subscribe_succeeded, NOTIFY → notify; unsubscribe: terminated notify", () =>
      Effect.gen(function* () {
        const sipp = yield* runSipp(scenario("uas-subscribe.xml"))
        const port = sipp.port
        const { events, sip } = yield* guest("carol")
        const subscribing = yield* sip.subscribe({
          event: "message-summary",
          to: `sip:sipp@127.0.0.1:${port}`,
          accept: "application/simple-message-summary",
          subscribe_ttl: 600
        })
        expect(subscribing).toMatchObject({ _tag: "Subscribing", result: { event: "subscribing" } })
        const succeeded = yield* events.waitFor("SubscribeSucceeded")
        expect(succeeded).toMatchObject({ result: { event: "subscribe_succeeded", code: 200, expires: 600 } })
        const active = yield* events.waitFor("Notify", (event) => event.result.substate === "active")
        expect(active).toMatchObject({
          call_id: succeeded.call_id,
          result: {
            event: "notify",
            notify: "message-summary",
            substate: "active",
            "content-type": "application/simple-message-summary"
          }
        })
        expect(active.result.content).toContain("Messages-Waiting: yes")

        const unsubscribing = yield* sip.unsubscribe({ event: "message-summary" })
        expect(unsubscribing).toMatchObject({ _tag: "Unsubscribing", result: { event: "unsubscribing" } })
        const terminated = yield* events.waitFor("Notify", (event) => event.result.substate === "terminated")
        expect(terminated).toMatchObject({ call_id: succeeded.call_id, result: { notify: "message-summary" } })
        expect(terminated.result.content).toContain("Messages-Waiting: no")
        // sipp saw the SUBSCRIBE, the un-SUBSCRIBE (Expires: 0) and 200 OK to both NOTIFYs: exit code 0.
        expect(yield* sipp.process.exitCode).toBe(0)
        const messages = yield* sipp.messages
        expect(messages).toContain("Event: message-summary")
        expect(messages).toContain("Accept: application/simple-message-summary")
      })
    )

    it.scoped("subscribe rejected by the peer (489 Bad Event): subscribe_failed with the SIP code", () =>
      Effect.gen(function* () {
        const sipp = yield* runSipp(scenario("uas-subscribe-rejected.xml"))
        const port = sipp.port
        const { events, sip } = yield* guest("erin")
        yield* sip.subscribe({ event: "dialog", to: `sip:sipp@127.0.0.1:${port}` })
        const failed = yield* events.waitFor("SubscribeFailed")
        expect(failed).toMatchObject({ result: { event: "subscribe_failed", code: 489, reason: "Bad Event" } })
        expect(yield* sipp.process.exitCode).toBe(0)
        expect(yield* sipp.messages).toContain("Event: dialog")
      })
    )

    it.scoped("errors: 447 unsubscribe without subscription, 446 bad URI; outside a call: code 0, or no answer", () =>
      Effect.gen(function* () {
        const { sip } = yield* guest("dave")
        const notSubscribed = yield* Effect.flip(sip.unsubscribe({ event: "presence" }))
        expect(plain(notSubscribed)).toMatchObject({ _tag: "PluginError", code: Sip.ErrorCode.WrongState })
        const badUri = yield* Effect.flip(sip.message({ uri: "not a uri", content: "x" }))
        expect(plain(badUri)).toMatchObject({ _tag: "PluginError", code: Sip.ErrorCode.InvalidAddress })
        // janus_sip.c reports some wrong states without setting an error code: error_code 0.
        const wrongState = { _tag: "PluginError", code: 0, reason: "Wrong state (not in a call?)" }
        const noCall = yield* Effect.flip(sip.message({ content: "in dialog, but there is no call" }))
        expect(plain(noCall)).toMatchObject(wrongState)
        expect(plain(yield* Effect.flip(sip.info({ type: "text/plain", content: "x" })))).toMatchObject(wrongState)
        expect(plain(yield* Effect.flip(sip.dtmfInfo({ digit: "1" })))).toMatchObject(wrongState)
        expect(plain(yield* Effect.flip(sip.transfer({ uri: "sip:x@127.0.0.1" })))).toMatchObject(wrongState)
        expect(plain(yield* Effect.flip(sip.recording({ action: "start", audio: true })))).toMatchObject(wrongState)
        // hold / unhold outside a call are dropped without an answer, like hangup: the typed request times out.
        const noHold = yield* Effect.flip(sip.hold(undefined, { timeout: "1 second" }))
        expect(plain(noHold)).toMatchObject({ _tag: "TransportError", reason: "timeout" })
      })
    )
  })
})
