/**
 * A werift `RTCPeerConnection` confined to the loopback interface, and Effect adapters for werift's events.
 *
 * Loopback only: werift binds its ICE sockets to 127.0.0.1 (`iceInterfaceAddresses`), adds 127.0.0.1 as a
 * host address (it skips loopback interfaces otherwise), keeps only candidate pairs between 127.0.0.1 and
 * 127.0.0.1, and {@link setLocal} hands out only 127.0.0.1 candidates and strips all candidates from the SDP
 * (they go through `trickle`). Its STUN server is a {@link LocalStun} on 127.0.0.1 (werift's default is a
 * public one). Janus, started by `MediaJanus`, gathers 127.0.0.1 candidates only. So no packet is ever
 * addressed outside the machine. ("Real media over loopback" in JANUS-FACTS.md.)
 *
 * werift is plain TypeScript with callbacks and Promises; this module is the seam that wraps them in Effect.
 *
 * @since 0.1.0
 */
import type { Protocol } from "@effect-janus/core"
import { LocalStun } from "@effect-janus/testing-janus"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import {
  type PeerConfig,
  type RTCIceCandidate,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  type Event as WeriftEvent
} from "werift"

/**
 * A werift call failed (its Promise rejected).
 *
 * @since 0.1.0
 */
export class PeerError extends Data.TaggedError("PeerError")<{ readonly operation: string; readonly cause: unknown }> {
  override get message(): string {
    return `werift ${this.operation} failed: ${String(this.cause)}`
  }
}

/** The address every candidate we use must have. */
export const loopback = "127.0.0.1"

/**
 * PCMU (payload type 0), what sipp offers; and Opus and VP8 for the EchoTest.
 *
 * @since 0.1.0
 */
export const codecs = {
  pcmu: new RTCRtpCodecParameters({ mimeType: "audio/PCMU", clockRate: 8000, channels: 1, payloadType: 0 }),
  opus: new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2 }),
  vp8: new RTCRtpCodecParameters({ mimeType: "video/VP8", clockRate: 90000 })
}

/** The IP of an ICE candidate line (`candidate:F C udp P 127.0.0.1 5000 typ host`). */
export const candidateAddress = (candidate: string): string | undefined => candidate.replace(/^a=/, "").split(" ")[4]

/** Removes every `a=candidate` and `a=end-of-candidates` line from an SDP. */
export const stripCandidates = (sdp: string): string =>
  sdp
    .split("\r\n")
    .filter((line) => !line.startsWith("a=candidate:") && line !== "a=end-of-candidates")
    .join("\r\n")

/**
 * Codecs of a peer: what its audio and video transceivers may negotiate.
 *
 * @since 0.1.0
 */
export interface Codecs {
  readonly audio: ReadonlyArray<RTCRtpCodecParameters>
  readonly video: ReadonlyArray<RTCRtpCodecParameters>
}

/**
 * The peer configuration: IPv4 on 127.0.0.1 only, the given codecs, and `stunPort` (a {@link LocalStun}
 * server) as STUN server — werift would otherwise query a public one.
 *
 * @since 0.1.0
 */
export const loopbackConfig = (codecs: Codecs, stunPort: number): Partial<PeerConfig> => ({
  codecs: { audio: [...codecs.audio], video: [...codecs.video] },
  iceServers: [{ urls: `stun:${loopback}:${stunPort}` }],
  iceUseIpv4: true,
  iceUseIpv6: false,
  iceInterfaceAddresses: { udp4: loopback },
  iceAdditionalHostAddresses: [loopback],
  iceFilterCandidatePair: (pair) => pair.localCandidate.host === loopback && pair.remoteCandidate.host === loopback
})

/**
 * A peer connection confined to loopback (see {@link loopbackConfig}), with its own local STUN server;
 * both closed with the scope.
 *
 * @since 0.1.0
 */
export const make = (codecs: Codecs): Effect.Effect<RTCPeerConnection, never, Scope.Scope> =>
  Effect.gen(function* () {
    const stunPort = yield* LocalStun.make
    return yield* Effect.acquireRelease(
      Effect.sync(() => new RTCPeerConnection(loopbackConfig(codecs, stunPort))),
      (pc) => Effect.promise(() => pc.close()).pipe(Effect.timeout("5 seconds"), Effect.ignore)
    )
  })

/** Runs a werift Promise, mapping a rejection to `PeerError`. */
export const call = <A>(operation: string, run: () => Promise<A>): Effect.Effect<A, PeerError> =>
  Effect.tryPromise({ try: run, catch: (cause) => new PeerError({ operation, cause }) })

/**
 * Subscribes to a werift event now and returns a queue of its emissions (the argument tuples); unsubscribed
 * when the scope closes. Subscribing before acting means nothing is missed.
 *
 * @since 0.1.0
 */
export const listen = <T extends Array<unknown>>(
  event: WeriftEvent<T>
): Effect.Effect<Queue.Dequeue<T>, never, Scope.Scope> =>
  Effect.gen(function* () {
    const queue = yield* Queue.unbounded<T>()
    yield* Effect.acquireRelease(
      Effect.sync(() => event.subscribe((...args) => Queue.unsafeOffer(queue, args))),
      (subscription) => Effect.sync(() => subscription.unSubscribe())
    )
    return queue
  })

/**
 * Takes from a queue until an item satisfies `predicate`, and returns that item.
 *
 * @since 0.1.0
 */
export const takeUntil = <T>(queue: Queue.Dequeue<T>, predicate: (item: T) => boolean): Effect.Effect<T> =>
  Effect.flatMap(Queue.take(queue), (item) => (predicate(item) ? Effect.succeed(item) : takeUntil(queue, predicate)))

/**
 * The local description after gathering: `sdp` without candidates (so they can be trickled), and the
 * 127.0.0.1 host candidates in `trickle` form.
 *
 * @since 0.1.0
 */
export interface LocalDescription {
  readonly type: "offer" | "answer"
  readonly sdp: string
  readonly candidates: ReadonlyArray<Protocol.Candidate>
}

const toCandidate = (candidate: RTCIceCandidate): Protocol.Candidate => ({
  candidate: candidate.candidate,
  ...(candidate.sdpMid === undefined ? {} : { sdpMid: candidate.sdpMid }),
  ...(candidate.sdpMLineIndex === undefined ? {} : { sdpMLineIndex: candidate.sdpMLineIndex })
})

/**
 * Creates the offer (or the answer, when a remote offer is set), sets it as local description, waits for
 * gathering (werift gathers inside `setLocalDescription`) and returns it with its loopback candidates.
 *
 * @since 0.1.0
 */
export const setLocal = (pc: RTCPeerConnection): Effect.Effect<LocalDescription, PeerError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const gathered = yield* listen(pc.onIceCandidate)
      const description = yield* call("create description", () =>
        pc.signalingState === "have-remote-offer" ? pc.createAnswer() : pc.createOffer()
      )
      yield* call("setLocalDescription", () => pc.setLocalDescription(description))
      const all = yield* Queue.takeAll(gathered)
      const candidates = [...all]
        .map(([candidate]) => candidate)
        .filter((candidate): candidate is RTCIceCandidate => candidate !== undefined)
        .filter(
          (candidate) => candidateAddress(candidate.candidate) === loopback && / typ host/.test(candidate.candidate)
        )
        .map(toCandidate)
      const local = pc.localDescription
      if (local === undefined) return yield* new PeerError({ operation: "localDescription", cause: "missing" })
      return { type: description.type as "offer" | "answer", sdp: stripCandidates(local.sdp), candidates }
    })
  )
