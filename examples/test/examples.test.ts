/**
 * Runs every example as its own process, the way a user does (`node --import tsx examples/X.ts` from the
 * repository root), without `JANUS_URL` so each starts its own Janus, and checks that it exits with 0, printed
 * the lines that show it did what it says, and left no process behind: every child process inherits a marker
 * in its environment, and none may be alive once the example has exited.
 */
import * as Fs from "node:fs"
import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import * as NodeCommandExecutor from "@effect/platform-node/NodeCommandExecutor"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { describe, expect, it } from "@effect/vitest"
import { type Duration, Effect, Layer, Schedule, Stream } from "effect"

const root = fileURLToPath(new URL("../..", import.meta.url))

/** Runs processes (not `NodeContext.layer`: its Terminal would touch stdin). */
const processes = NodeCommandExecutor.layer.pipe(Layer.provide(NodeFileSystem.layer))

/** A child's stdout or stderr as text. */
const text = <E>(stream: Stream.Stream<Uint8Array, E>) =>
  stream.pipe(
    Stream.decodeText(),
    Stream.mkString,
    Effect.orElseSucceed(() => "")
  )

/** Pids of live processes whose environment holds `marker` (Linux `/proc`; zombies have none). */
const processesWith = (marker: string) =>
  Effect.sync(() =>
    Fs.readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          return Fs.readFileSync(`/proc/${pid}/environ`, "latin1").includes(marker)
        } catch {
          return false
        }
      })
  )

/** Runs `examples/<name>.ts` to its end (killed after `limit`); returns its exit code and output. */
const runExample = (name: string, limit: Duration.DurationInput = "170 seconds") =>
  Effect.gen(function* () {
    const marker = `EFFECT_JANUS_EXAMPLE_RUN=${name}-${process.pid}-${Date.now()}`
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && key !== "JANUS_URL") env[key] = value
    }
    const [markerKey, markerValue] = marker.split("=") as [string, string]
    env[markerKey] = markerValue
    const command = Command.make(process.execPath, "--import", "tsx", `examples/${name}.ts`).pipe(
      Command.workingDirectory(root),
      Command.env(env, { extendEnv: false })
    )
    const run = Effect.scoped(
      Effect.gen(function* () {
        const proc = yield* Command.start(command)
        const [stdout, stderr, exitCode] = yield* Effect.all([text(proc.stdout), text(proc.stderr), proc.exitCode], {
          concurrency: 3
        })
        return { exitCode: Number(exitCode), stdout, stderr }
      })
    ).pipe(Effect.timeoutFail({ duration: limit, onTimeout: () => new Error(`${name} did not finish in time`) }))
    const result = yield* run
    // Every process the example started must be gone (Janus is given its SIGTERM grace period).
    const left = yield* processesWith(marker).pipe(
      Effect.filterOrFail((pids) => pids.length === 0),
      Effect.retry({ schedule: Schedule.spaced("250 millis"), times: 20 }),
      Effect.catchAll(() => processesWith(marker))
    )
    return { ...result, left }
  }).pipe(Effect.provide(processes))

/** Runs the example and checks the exit code, the leftovers and that every `expected` line was printed. */
const check = (name: string, expected: ReadonlyArray<string | RegExp>) =>
  Effect.gen(function* () {
    const { exitCode, left, stderr, stdout } = yield* runExample(name)
    const output = `${stdout}\n--- stderr ---\n${stderr}`
    expect(exitCode, output).toBe(0)
    for (const line of expected) {
      if (typeof line === "string") expect(stdout, output).toContain(line)
      else expect(stdout, output).toMatch(line)
    }
    expect(left, `processes left behind by ${name}`).toEqual([])
  })

describe("the examples run end to end against a Janus they start", () => {
  it.live("reconnect-demo: reclaimed by itself after a cut and a freeze; then the manual claim + re-attach", () =>
    check("reconnect-demo", [
      "⇄ transport: Connected (link generation 1)",
      /⇄ transport: Disconnected \(link generation 1\)/,
      /⇄ session \d+: Reclaimed on link generation 2 after a gap of \d+ ms/,
      /the same handle value answered: ok/,
      /⇄ transport: Disconnected \(link generation 2\): .*the link is dead/,
      /⇄ session \d+: Reclaimed on link generation 3/,
      /reclaimed after \d+ ms; the same handle answered: ok/,
      /session \d+ is alive, handle \d+ answered: ok/,
      "the one original handle: no new session, no new attach",
      /with no reconnect policy the session ends: .*connection-lost/,
      /claimed: true/,
      /EchoTest\.reattach\(session, \d+\) \(nothing sent\) → the handle answered: ok/,
      "6. Done"
    ])
  )

  it.live("error-handling: every typed error provoked for real", () =>
    check("error-handling", [
      "→ TransportError: cannot open WebSocket",
      "→ SessionReclaimError: Could not reclaim session 1234567: 458",
      "→ JanusApiError: Janus refused attach: 460",
      /→ JanusApiError: .*459/,
      "→ PluginError: janus.plugin.videoroom error 426",
      "→ TransportError: no reply to info",
      /→ SessionClosedError: .*connection-lost/,
      /→ SessionClosedError: .*timeout/,
      "→ JanusApiError: Janus refused create: 403",
      "10. Done"
    ])
  )

  it.live("tracing: every Janus request exported as a span with its Janus ids (OpenTelemetry, console)", () =>
    check("tracing", [
      /span janus\.create \(.*janus\.session_id=\d+/,
      /span janus\.attach \(.*janus\.plugin=janus\.plugin\.echotest.*janus\.handle_id=\d+/,
      /span janus\.message \(.*janus\.handle_id=\d+ janus\.plugin=janus\.plugin\.echotest janus\.transaction=\w+/,
      /span janus\.destroy \(/,
      /spans exported: \d+/
    ])
  )

  it.live("sip-handoff: a first process registers and exits, the second claims, re-attaches and declines a call", () =>
    check("sip-handoff", [
      /the first process exited with code 0; it left session \d+ and handle \d+/,
      "claimed: true",
      "re-attached without a new attach",
      /incomingcall from sip:sipp@127\.0\.0\.1/,
      "hangup: 486",
      "its scenario passed"
    ])
  )

  it.live("voip-reconnect: a SIP registration survives a network outage by itself; the next call is accepted", () =>
    check("voip-reconnect", [
      /registered: sip:erin@127\.0\.0\.1/,
      /⇄ transport: Disconnected \(link generation 1\)/,
      /⇄ transport: Reconnecting… \(attempt 1 failed/,
      "sipp got 180 Ringing, sent CANCEL, got 487",
      /⇄ session \d+: Reclaimed on link generation 2/,
      "re-sync: register {refresh: true} → registered",
      "no incomingcall or hangup of the missed call arrived after the reclaim",
      "the same handle, no new attach",
      "call_status idle",
      /incomingcall from sip:sipp@127\.0\.0\.1/,
      "accepted with werift's SDP answer; webrtcup",
      /RTP: \d+ packets in 1 s went werift → Janus → sipp → Janus → werift/,
      "hangup: 200",
      "8. Done"
    ])
  )

  it.live("videoroom-recovery: publisher and subscriber carry on by themselves after a network outage", () =>
    check("videoroom-recovery", [
      "published with werift's offer",
      /subscribed: the subscriber received \d+ audio and \d+ video RTP packets/,
      /⇄ transport: Disconnected \(link generation 1\)/,
      /no owner: the subscriber received \d+ audio and \d+ video RTP packets/,
      /⇄ session \d+: Reclaimed on link generation 2/,
      /re-sync: listparticipants → alice, bob/,
      /ICE restarted on both PeerConnections \(publisher 1, subscriber 1 restart\)/,
      "no joining event for bob arrived after the reclaim",
      /"carol" joins now: alice's handle gets Joining/,
      /listparticipants\(\d+\) = .*alice \(publishing\)/,
      "the same two handles",
      /after the reclaim: the subscriber received \d+ audio and \d+ video RTP packets/,
      "configured: ok",
      "paused: ok",
      "started: ok",
      /resumed: the subscriber received \d+ audio and \d+ video RTP packets/,
      "8. Done"
    ])
  )

  it.live(
    "browser-call: a VideoRoom call in headless Chromium survives a cut connection (ICE restarts by itself)",
    () =>
      check("browser-call", [
        /the subscriber received \d+ audio and \d+ video RTP packets/,
        "cut 1 connection(s)",
        /session: Reclaimed on link 2 after \d+ ms/,
        /publisher: connected, webrtcup, ICE restarts: 1; subscriber: connected, webrtcup, ICE restarts: 1/,
        /after the restart: inbound RTP rose from \d+ to \d+ audio and from \d+ to \d+ video packets/,
        "5. Done"
      ])
  )
})
