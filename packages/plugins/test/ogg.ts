/**
 * A minimal Ogg Opus file for the AudioBridge's `play_file` (RFC 7845): the OpusHead and OpusTags headers, then
 * `frames` 20 ms mono packets that carry no audio data (a lone TOC byte, CELT fullband 20 ms: the decoder
 * outputs silence for them). No encoder is installed on the test machines, so the tests write this one.
 */

/** Ogg's CRC-32 (polynomial 0x04c11db7, no reflection, initial value 0). */
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let r = n << 24
  for (let i = 0; i < 8; i++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1
  return r >>> 0
})
const crc32 = (bytes: Uint8Array): number => {
  let crc = 0
  for (const byte of bytes) crc = ((crc << 8) ^ crcTable[((crc >>> 24) ^ byte) & 0xff]!) >>> 0
  return crc
}

/** One Ogg page holding `packets` (each under 255 bytes) with flags (2 first page, 4 last) and granule position. */
const page = (packets: ReadonlyArray<Uint8Array>, sequence: number, flags: number, granule: number): Uint8Array => {
  const body = packets.reduce((size, packet) => size + packet.length, 0)
  const bytes = new Uint8Array(27 + packets.length + body)
  const view = new DataView(bytes.buffer)
  bytes.set([0x4f, 0x67, 0x67, 0x53], 0) // "OggS"
  view.setUint8(5, flags)
  view.setBigUint64(6, BigInt(granule), true)
  view.setUint32(14, 0x4a414e55, true) // serial number
  view.setUint32(18, sequence, true)
  view.setUint8(26, packets.length)
  let offset = 27 + packets.length
  for (const [i, packet] of packets.entries()) {
    view.setUint8(27 + i, packet.length)
    bytes.set(packet, offset)
    offset += packet.length
  }
  view.setUint32(22, crc32(bytes), true)
  return bytes
}

const ascii = (text: string) => new TextEncoder().encode(text)

/** The file's bytes: about `frames` × 20 ms of silence. */
export const silentOpusFile = (frames: number): Uint8Array => {
  const head = new Uint8Array(19)
  head.set(ascii("OpusHead"), 0)
  const headView = new DataView(head.buffer)
  headView.setUint8(8, 1) // version
  headView.setUint8(9, 1) // channels
  headView.setUint16(10, 312, true) // pre-skip
  headView.setUint32(12, 48000, true) // input sample rate
  const vendor = ascii("effect-janus")
  const tags = new Uint8Array(8 + 4 + vendor.length + 4)
  tags.set(ascii("OpusTags"), 0)
  new DataView(tags.buffer).setUint32(8, vendor.length, true)
  tags.set(vendor, 12)
  const audio = Array.from({ length: frames }, () => Uint8Array.of(0xf8))
  const pages = [page([head], 0, 2, 0), page([tags], 1, 0, 0), page(audio, 2, 4, 960 * frames)]
  const out = new Uint8Array(pages.reduce((size, p) => size + p.length, 0))
  let offset = 0
  for (const p of pages) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}
