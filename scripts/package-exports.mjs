// Keeps the `exports` of every library package (packages/*, not private) in step with its modules, the way
// Effect's build-utils does for its packages: one subpath per top-level module in src/ (`@effect-janus/core/Session`
// → dist/Session.js + dist/Session.d.ts), "." for src/index.ts, nothing for src/internal/ or sub-folders.
// Consumers get dist/; the workspace resolves the same names to src/ through tsconfig.base.json `paths` and the
// vitest aliases, so these entries are only read by Node and tsc outside the workspace.
//
//   node scripts/package-exports.mjs          rewrite the `exports` of each package.json
//   node scripts/package-exports.mjs --check  fail (exit 1) when one is out of date, or a package lacks README.md,
//                                             LICENSE, tsconfig.build.json, docgen.json, its tsconfig.base.json
//                                             paths or its reference in the root tsconfig.build.json
//
// A new library package: copy packages/transport-ws's package.json (name, description, dependencies),
// tsconfig.json, tsconfig.build.json, docgen.json, LICENSE and a README; add its two `paths` to tsconfig.base.json
// and its reference to tsconfig.build.json; run this script. vitest, the consumer check and `pnpm docgen` find
// it by themselves.
import * as fs from "node:fs"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "..")
const check = process.argv.includes("--check")
const entry = (name) => ({ types: `./dist/${name}.d.ts`, import: `./dist/${name}.js` })
const readJson = (file) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"))
const basePaths = readJson("tsconfig.base.json").compilerOptions.paths ?? {}
const buildReferences = readJson("tsconfig.build.json").references.map((reference) => reference.path)

/** The library packages: every packages/* whose package.json is not private. */
export const libraryPackages = () =>
  fs
    .readdirSync(path.join(root, "packages"))
    .map((name) => path.join(root, "packages", name))
    .filter((dir) => fs.existsSync(path.join(dir, "package.json")))
    .map((dir) => ({ dir, json: JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) }))
    .filter(({ json }) => json.private !== true)

const expectedExports = (dir) => {
  const modules = fs
    .readdirSync(path.join(dir, "src"))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && file !== "index.ts")
    .map((file) => file.slice(0, -3))
    .sort()
  return {
    "./package.json": "./package.json",
    ".": entry("index"),
    ...Object.fromEntries(modules.map((name) => [`./${name}`, entry(name)]))
  }
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  const problems = []
  for (const { dir, json } of libraryPackages()) {
    const rel = path.relative(root, dir)
    for (const file of ["README.md", "LICENSE", "tsconfig.build.json", "docgen.json"]) {
      if (!fs.existsSync(path.join(dir, file))) problems.push(`${rel}: ${file} is missing`)
    }
    for (const key of [json.name, `${json.name}/*`]) {
      if (basePaths[key] === undefined) problems.push(`tsconfig.base.json: compilerOptions.paths lacks "${key}"`)
    }
    if (!buildReferences.includes(`${rel}/tsconfig.build.json`)) {
      problems.push(`tsconfig.build.json: references lack { "path": "${rel}/tsconfig.build.json" }`)
    }
    const exports = expectedExports(dir)
    if (JSON.stringify(json.exports) === JSON.stringify(exports)) continue
    if (check) {
      problems.push(`${rel}/package.json: "exports" is out of date (run: node scripts/package-exports.mjs)`)
    } else {
      json.exports = exports
      fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(json, null, 2)}\n`)
      console.log(`${rel}/package.json: exports updated`)
    }
  }
  for (const problem of problems) console.error(`[package-exports] ${problem}`)
  if (problems.length > 0) process.exit(1)
}
