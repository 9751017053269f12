import type { Protocol, TrickleInput } from "@effect-janus/core"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import type { RtcIceCandidate } from "../WebRtc.js"

/** A local ICE event: a candidate to trickle, or the end of gathering (`null` from `icecandidate`). */
export type Local = Protocol.Candidate | "end"

/**
 * The `icecandidate` event's candidate as a local ICE event: `null` / `undefined` is the end of gathering; the empty
 * candidate (how browsers mark the end of one generation, just before the `null`) is nothing to send.
 */
export const fromEvent = (candidate: RtcIceCandidate | null | undefined): Local | undefined =>
  candidate === null || candidate === undefined
    ? "end"
    : candidate.candidate === ""
      ? undefined
      : {
          candidate: candidate.candidate,
          ...(typeof candidate.sdpMid === "string" ? { sdpMid: candidate.sdpMid } : {}),
          ...(typeof candidate.sdpMLineIndex === "number" ? { sdpMLineIndex: candidate.sdpMLineIndex } : {})
        }

/**
 * Splits what was queued into the `trickle` requests that carry it, in order: the candidates up to each end of
 * gathering in one request (`candidate` for one, `candidates` for several), each end as `{completed: true}`.
 */
export const batches = (locals: Iterable<Local>): ReadonlyArray<TrickleInput> => {
  const out: Array<TrickleInput> = []
  let pending: Array<Protocol.Candidate> = []
  const flush = () => {
    if (pending.length === 1) out.push(pending[0]!)
    else if (pending.length > 1) out.push(pending)
    pending = []
  }
  for (const local of locals) {
    if (local === "end") {
      flush()
      out.push({ completed: true })
    } else pending.push(local)
  }
  flush()
  return out
}

/**
 * Sends what arrives on `queue` with `send`, batched: each round takes everything queued by then (at least one),
 * so candidates gathered while a `trickle` request is in flight go together in the next one.
 */
export const run = <E, R>(
  queue: Queue.Dequeue<Local>,
  send: (input: TrickleInput) => Effect.Effect<void, E, R>
): Effect.Effect<never, E, R> =>
  Queue.takeBetween(queue, 1, Number.MAX_SAFE_INTEGER).pipe(
    Effect.flatMap((locals) => Effect.forEach(batches(locals), send, { discard: true })),
    Effect.forever
  )
