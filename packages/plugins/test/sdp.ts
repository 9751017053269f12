/**
 * Synthetic WebRTC SDP offers for signalling tests: well-formed enough for Janus to negotiate (ICE credentials,
 * DTLS fingerprint, rtcp-mux, BUNDLE), without any real media or ICE behind them. No PeerConnection ever comes up.
 */
const fingerprint = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).padStart(2, "0").toUpperCase()).join(
  ":"
)

const section = (kind: "audio" | "video" | "application", mid: string): Array<string> => {
  const common = [
    "c=IN IP4 0.0.0.0",
    "a=ice-ufrag:EfJk",
    "a=ice-pwd:Yx6Qm1bS3r9Zp0Lk2Vw8Tn4c",
    "a=ice-options:trickle",
    `a=fingerprint:sha-256 ${fingerprint}`,
    "a=setup:actpass",
    `a=mid:${mid}`
  ]
  switch (kind) {
    case "audio":
      return [
        "m=audio 9 UDP/TLS/RTP/SAVPF 111",
        ...common,
        "a=sendrecv",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=ssrc:1001 cname:effect-janus"
      ]
    case "video":
      return [
        "m=video 9 UDP/TLS/RTP/SAVPF 96",
        ...common,
        "a=sendrecv",
        "a=rtcp-mux",
        "a=rtpmap:96 VP8/90000",
        "a=rtcp-fb:96 nack",
        "a=rtcp-fb:96 nack pli",
        "a=ssrc:2002 cname:effect-janus"
      ]
    case "application":
      return ["m=application 9 UDP/DTLS/SCTP webrtc-datachannel", ...common, "a=sctp-port:5000"]
  }
}

/** A JSEP offer with the given m-lines (mids "0", "1", …). */
export const offer = (...kinds: ReadonlyArray<"audio" | "video" | "application">) => {
  const mids = kinds.map((_, i) => String(i))
  const lines = [
    "v=0",
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    `a=group:BUNDLE ${mids.join(" ")}`,
    "a=msid-semantic: WMS",
    ...kinds.flatMap((kind, i) => section(kind, String(i)))
  ]
  return { type: "offer", sdp: `${lines.join("\r\n")}\r\n` }
}

/**
 * A JSEP answer to an offer from Janus (a VideoRoom subscription, a Streaming `watch`, …): every m-line accepted
 * `recvonly` with its first payload type, and our own (fake) ICE credentials and fingerprint.
 */
export const answerFor = (offerSdp: string) => {
  const sections = offerSdp.split(/\r\n(?=m=)/)
  const media = sections.slice(1).map((block) => {
    const lines = block.split("\r\n").filter((line) => line !== "")
    const [m, ...rest] = lines
    const [kind, , proto, ...formats] = (m ?? "").slice(2).split(" ")
    const mid = rest.find((line) => line.startsWith("a=mid:"))?.slice(6) ?? "0"
    const common = [
      "c=IN IP4 0.0.0.0",
      "a=ice-ufrag:EfJk",
      "a=ice-pwd:Yx6Qm1bS3r9Zp0Lk2Vw8Tn4c",
      `a=fingerprint:sha-256 ${fingerprint}`,
      "a=setup:active",
      `a=mid:${mid}`
    ]
    if (kind === "application") return [`m=application 9 ${proto} ${formats.join(" ")}`, ...common, "a=sctp-port:5000"]
    const pt = formats[0] ?? "0"
    const keep = rest.filter((line) => line.startsWith(`a=rtpmap:${pt} `) || line.startsWith(`a=fmtp:${pt} `))
    return [`m=${kind} 9 ${proto} ${pt}`, ...common, "a=recvonly", "a=rtcp-mux", ...keep]
  })
  const mids = media.map((lines) => lines.find((line) => line.startsWith("a=mid:"))?.slice(6))
  const lines = [
    "v=0",
    "o=- 4611731400430051337 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    `a=group:BUNDLE ${mids.join(" ")}`,
    "a=msid-semantic: WMS",
    ...media.flat()
  ]
  return { type: "answer", sdp: `${lines.join("\r\n")}\r\n` }
}
