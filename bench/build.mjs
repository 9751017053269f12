/**
 * Bundles the benchmark (`bench/src/main.ts`, `profile.ts`, `primitives.ts`, `sessionHeap.ts`, `connectCost.ts`) for plain `node`, so that it measures the
 * library as users run it: the built `dist` of @effect-janus/core, transport-ws and transport-http (run
 * `pnpm build` first). Every package is left external and imported from its own built files (resolved to real paths,
 * so every package shares one copy of `effect`); only the bench's own sources and the private test harness
 * (@effect-janus/testing-janus, which ships TypeScript) are bundled.
 */
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as esbuild from "esbuild"

const here = path.dirname(fileURLToPath(import.meta.url))
const bundled = new Set(["@effect-janus/testing-janus"])

/** Bare imports (other than the harness) become external imports of the file they resolve to. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === "inner" || args.path.startsWith("node:") || bundled.has(args.path)) return undefined
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: "inner"
      })
      if (resolved.errors.length > 0) return { errors: resolved.errors }
      // Built-ins resolve to themselves.
      if (!path.isAbsolute(resolved.path)) return { path: args.path, external: true }
      return { path: resolved.path, external: true }
    })
  }
}

await esbuild.build({
  entryPoints: ["main", "profile", "primitives", "sessionHeap", "connectCost"].map((name) =>
    path.join(here, `src/${name}.ts`)
  ),
  outdir: path.join(here, "build"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // No `paths`: @effect-janus/* resolve through node_modules to their `dist`, not to their sources.
  tsconfigRaw: {},
  conditions: ["import"],
  logLevel: "warning",
  plugins: [externalPackages]
})
