/**
 * Bundles a test page's program (src/app.ts, src/media.ts) with esbuild, as an app would: ESM for browsers,
 * minified. The workspace packages resolve to their sources through the `paths` of tsconfig.base.json (esbuild reads
 * them); an app that installed the packages from npm bundles their `dist/` the same way.
 */

import * as path from "node:path"
import * as zlib from "node:zlib"
import * as esbuild from "esbuild"

/** The bundled page: its script, and the script's size minified and gzipped (bytes). */
export interface Bundle {
  readonly script: string
  readonly bytes: number
  readonly gzipBytes: number
}

/** The page that loads the bundle (`/app.js`). */
export const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>effect-janus in the browser</title></head>
<body><pre id="report">loading</pre><script type="module" src="./app.js"></script></body></html>
`

/** Bundles `entry` (a file name in src/, `app.ts` by default). */
export const bundle = async (entry = "app.ts"): Promise<Bundle> => {
  const result = await esbuild.build({
    entryPoints: [path.join(import.meta.dirname, entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent"
  })
  const output = result.outputFiles[0]
  if (output === undefined) throw new Error("esbuild produced no output")
  const script = output.text
  return {
    script,
    bytes: output.contents.byteLength,
    gzipBytes: zlib.gzipSync(output.contents, { level: 9 }).byteLength
  }
}
