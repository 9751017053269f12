import * as fs from "node:fs"
import * as path from "node:path"

/**
 * Resolves the library packages (packages/*, not private) to their sources in the workspace, as Effect's v3
 * repository does in its vitest.shared.ts: a package's `exports` point at `dist/` (what consumers get), and tests run
 * from `src/` without a build. `TEST_DIST=1` runs them against the built `dist/` instead (`pnpm build` first).
 * tsc does the same through `paths` in tsconfig.base.json.
 */
const packagesDir = path.join(import.meta.dirname, "packages")
const target = process.env.TEST_DIST !== undefined ? "dist" : "src"
const extension = target === "dist" ? ".js" : ".ts"

export const alias = fs
  .readdirSync(packagesDir)
  .map((dir) => path.join(packagesDir, dir, "package.json"))
  .filter((file) => fs.existsSync(file))
  .map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as { name: string; private?: boolean })
  .filter((pkg) => pkg.private !== true)
  .flatMap((pkg) => {
    const dir = path.join(packagesDir, pkg.name.replace("@effect-janus/", ""), target)
    const escaped = pkg.name.replace(/[/.-]/g, "\\$&")
    return [
      { find: new RegExp(`^${escaped}$`), replacement: path.join(dir, `index${extension}`) },
      { find: new RegExp(`^${escaped}/(.+)$`), replacement: path.join(dir, `$1${extension}`) }
    ]
  })
