/**
 * A scriptable stand-in for a WebRTC stack, for unit tests of the negotiation logic (the integration tests use
 * werift against a real Janus): records every call, and lets the test fire the connection's events.
 */
import type * as Layer from "effect/Layer"
import * as WebRtc from "../src/WebRtc.js"

type Listener = (event: never) => void

/** A fake `RTCPeerConnection`: `calls` lists what was called, `fire` dispatches an event to the listeners. */
export class FakePeerConnection implements WebRtc.RtcPeerConnection {
  connectionState: WebRtc.RtcConnectionState = "new"
  signalingState = "stable"
  localDescription: WebRtc.RtcSessionDescription | undefined = undefined
  remoteDescription: WebRtc.RtcSessionDescription | undefined = undefined
  readonly calls: Array<string> = []
  readonly listeners = new Map<string, Set<Listener>>()
  /** Run inside `setLocalDescription`, as werift gathers its candidates there. */
  onSetLocal: (pc: FakePeerConnection) => void = () => {}
  closed = false

  createOffer(options?: { readonly iceRestart?: boolean }) {
    this.calls.push(options?.iceRestart === true ? "createOffer(iceRestart)" : "createOffer")
    return Promise.resolve({ type: "offer", sdp: "v=0\r\na=candidate:1 1 udp 1 10.0.0.1 9 typ host\r\nm=audio\r\n" })
  }
  createAnswer() {
    this.calls.push("createAnswer")
    return Promise.resolve({ type: "answer", sdp: "v=0\r\nm=audio\r\n" })
  }
  setLocalDescription(description: WebRtc.RtcSessionDescription) {
    this.calls.push(`setLocalDescription(${description.type})`)
    this.localDescription = description
    this.onSetLocal(this)
    return Promise.resolve()
  }
  setRemoteDescription(description: WebRtc.RtcSessionDescription) {
    this.calls.push(`setRemoteDescription(${description.type})`)
    if (description.sdp === "bad") return Promise.reject(new Error("unparsable SDP"))
    this.remoteDescription = description
    return Promise.resolve()
  }
  addIceCandidate(candidate: WebRtc.RtcIceCandidate) {
    this.calls.push(`addIceCandidate(${candidate.candidate})`)
    return Promise.resolve()
  }
  addTransceiver(trackOrKind: WebRtc.RtcTrack | "audio" | "video") {
    this.calls.push(`addTransceiver(${typeof trackOrKind === "string" ? trackOrKind : trackOrKind.kind})`)
    return { mid: null, direction: "sendrecv" }
  }
  addTrack(track: WebRtc.RtcTrack) {
    this.calls.push(`addTrack(${track.kind})`)
    return {}
  }
  createDataChannel(label: string): WebRtc.RtcDataChannel {
    this.calls.push(`createDataChannel(${label})`)
    const channel: WebRtc.RtcDataChannel = {
      label,
      readyState: "connecting",
      send: () => {},
      close: () => {}
    }
    return channel
  }
  getTransceivers() {
    return []
  }
  getStats() {
    return Promise.resolve(new Map())
  }
  addEventListener(type: string, listener: Listener) {
    const set = this.listeners.get(type) ?? new Set()
    set.add(listener)
    this.listeners.set(type, set)
  }
  removeEventListener(type: string, listener: Listener) {
    this.listeners.get(type)?.delete(listener)
  }
  close() {
    this.closed = true
  }
  /** Dispatches `event` to the `type` listeners. */
  fire(type: string, event: unknown) {
    for (const listener of this.listeners.get(type) ?? []) (listener as (event: unknown) => void)(event)
  }
  /** Fires a local candidate (`null`: the end of gathering). */
  candidate(candidate: string | null) {
    this.fire("icecandidate", { candidate: candidate === null ? null : { candidate, sdpMid: "0", sdpMLineIndex: 0 } })
  }
}

/**
 * A `WebRtc` layer whose peer connections are the given fakes, in order; only candidates without `skip` in them are
 * trickled.
 */
export const layer = (...pcs: ReadonlyArray<FakePeerConnection>): Layer.Layer<WebRtc.WebRtc> => {
  const queue = [...pcs]
  return WebRtc.layer({
    create: () => {
      const pc = queue.shift()
      if (pc === undefined) throw new Error("no more fake peer connections")
      return pc
    },
    acceptsCandidate: (candidate) => !candidate.includes("skip")
  })
}
