/** `pnpm --filter @effect-janus/browser-test size`: prints the test pages' bundle sizes (minified, and gzipped). */
import { bundle } from "./bundle.js"

const pages = [
  ["app.ts", "browser test app (core, both transports, EchoTest, platform-browser)"],
  ["media.ts", "media test page (core, WebSocket, EchoTest, VideoRoom, webrtc, platform-browser)"]
] as const
for (const [entry, what] of pages) {
  const { bytes, gzipBytes } = await bundle(entry)
  console.log(`${what}: ${(bytes / 1024).toFixed(1)} KiB minified, ${(gzipBytes / 1024).toFixed(1)} KiB gzipped`)
}
