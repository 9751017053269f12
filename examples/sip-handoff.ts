/**
 * Hand-off between processes (the manual mode): a SIP registration survives the process that made it.
 *
 *   first process: create a session (onClose "abandon") + attach the SIP plugin + REGISTER → print the ids →
 *   exit (its WebSocket closes, Janus keeps the session for reclaim_session_timeout) → this process: claim the
 *   session (`Session.make({ sessionId })`) + re-attach the SIP handle by id (`Sip.reattach`) → a SIP peer calls →
 *   this process gets `incomingcall` and declines it with 486 Busy Here.
 *
 * Run: `pnpm example:handoff`. Needs `janus` and `sipp` (Debian: janus, sip-tester). The SIP peer (registrar and
 * caller) is sipp on 127.0.0.1, started by the test harness (`Sipp` of `@effect-janus/testing-janus`). Uses the
 * Janus at `JANUS_URL` when set — it must run on this machine with `reclaim_session_timeout` > 0 and its SIP plugin
 * on 127.0.0.1 (`local_ip`) — otherwise starts a local one with the project's config for as long as the demo runs.
 */
import { fileURLToPath } from "node:url"
import { Command } from "@effect/platform"
import { NodeCommandExecutor, NodeFileSystem, NodeSocket } from "@effect/platform-node"
import { JanusTransport, Session } from "@effect-janus/core"
import { Sip } from "@effect-janus/plugins"
import { JanusServer, MediaJanus, Sipp } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { Config, Effect, Layer, Option, Schema, Stream } from "effect"
import { is, nextMatching } from "./lib/events.js"
import { say, step } from "./lib/narrate.js"
import { ExampleFailure, runExample } from "./lib/run.js"

const user = "dave"

/** The Janus at `JANUS_URL`, or a local one (reclaim window 30 s, SIP plugin on 127.0.0.1) for the scope. */
const janusUrl = Effect.gen(function* () {
  const configured = yield* Config.option(Config.string("JANUS_URL"))
  if (Option.isSome(configured)) {
    yield* say(`using the Janus at ${configured.value} (JANUS_URL)`)
    return configured.value
  }
  const server = yield* JanusServer.make({ reclaimTimeout: 30, configure: MediaJanus.configureSip })
  yield* say(`no JANUS_URL: started a local Janus at ${server.wsUrl} (reclaim_session_timeout 30 s)`)
  return server.wsUrl
})

const Ids = Schema.parseJson(Schema.Struct({ sessionId: Schema.Number, handleId: Schema.Number }))

/** Runs `lib/sip-handoff-owner.ts` as its own process to its end: its output, exit code and the ids it left. */
const firstProcess = (env: Record<string, string>) =>
  Effect.gen(function* () {
    const file = fileURLToPath(new URL("./lib/sip-handoff-owner.ts", import.meta.url))
    const command = Command.make(process.execPath, "--import", "tsx", file).pipe(
      Command.env(env),
      Command.stderr("inherit")
    )
    const proc = yield* Command.start(command)
    const [output, exitCode] = yield* Effect.all(
      [proc.stdout.pipe(Stream.decodeText(), Stream.mkString), proc.exitCode],
      { concurrency: 2 }
    )
    const lines = output.trimEnd().split("\n")
    const last = lines.at(-1) ?? ""
    if (exitCode !== 0 || !last.startsWith("ids ")) {
      return yield* new ExampleFailure({ message: `the first process failed (exit code ${exitCode}):\n${output}` })
    }
    return { narration: lines.slice(0, -1), exitCode, ids: yield* Schema.decode(Ids)(last.slice(4)) }
  }).pipe(Effect.scoped, Effect.provide(NodeCommandExecutor.layer.pipe(Layer.provide(NodeFileSystem.layer))))

const program = Effect.gen(function* () {
  yield* step(0, "Janus and a SIP registrar (sipp)")
  const wsUrl = yield* janusUrl
  const registrar = yield* Sipp.registrar
  yield* say(`registrar at ${registrar.uri}`)

  yield* step(1, "A first process creates the session, attaches SIP, registers, prints the ids and exits")
  const first = yield* firstProcess({ HANDOFF_JANUS_URL: wsUrl, HANDOFF_REGISTRAR: registrar.uri, HANDOFF_USER: user })
  yield* Effect.forEach(first.narration, (line) => Effect.sync(() => console.log(line)))
  const { handleId, sessionId } = first.ids
  yield* say(
    `the first process exited with code ${first.exitCode}; it left session ${sessionId} and handle ${handleId}`
  )

  yield* step(2, `This process claims session ${sessionId} and re-attaches handle ${handleId}`)
  const transport = yield* WebSocketTransport.make({ url: wsUrl }).pipe(
    Effect.provide(NodeSocket.layerWebSocketConstructor)
  )
  const session = yield* Session.make({ sessionId }).pipe(Effect.provideService(JanusTransport, transport))
  yield* say(`claimed: ${session.claimed} (no new session was created)`)
  const sip = yield* Sip.reattach(session, handleId)
  yield* say(`handle ${sip.handle.id} re-attached without a new attach; its events now come to this process`)

  yield* step(3, `sipp calls ${user}; this process declines with 486 Busy Here`)
  const incomingCall = yield* nextMatching(sip.events, "incomingcall", is("IncomingCall"))
  const hungUp = yield* nextMatching(sip.events, "hangup", is("Hangup"))
  const contact = yield* registrar.contactOf(user)
  const caller = yield* Sipp.call(contact, "declined")
  yield* say(`INVITE sent to sip:${user}@${contact.host}:${contact.port} (the port the first process's handle bound)`)
  const incoming = yield* incomingCall
  yield* say(`incomingcall from ${incoming.result.username} (call ${incoming.call_id})`)
  const answer = yield* sip.decline({ code: 486 })
  yield* say(`decline answered: ${answer.result.event}`)
  const hangup = yield* hungUp
  yield* say(`hangup: ${hangup.result.code} ${hangup.result.reason ?? ""}`)
  yield* Sipp.expectSuccess(caller)
  yield* say("sipp got 486 Busy Here and sent ACK: its scenario passed")

  yield* step(4, "Done: the registration made by the first process served a call taken by this one")
})

runExample(program, "120 seconds")
