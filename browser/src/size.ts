/** `pnpm --filter @effect-janus/browser-test size`: prints the test page's bundle size (minified, and gzipped). */
import { bundle } from "./bundle.js"

const { bytes, gzipBytes } = await bundle()
console.log(
  `browser test app (core, both transports, EchoTest, platform-browser): ${(bytes / 1024).toFixed(1)} KiB minified, ${(gzipBytes / 1024).toFixed(1)} KiB gzipped`
)
