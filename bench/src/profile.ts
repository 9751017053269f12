/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and prints the functions with the most self time, and
 * optionally the heaviest callers of a function. Usage:
 *
 *   pnpm bench:build
 *   node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof bench/build/main.js --short --clients=effect-ws --workloads=w1-echo
 *   node bench/build/profile.js /tmp/prof/CPU.*.cpuprofile [--top=40] [--callers=functionName [--depth=N]] [--inclusive=regex]
 */
import { readFileSync } from "node:fs"

interface Frame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}
interface Node {
  readonly id: number
  readonly callFrame: Frame
  readonly children?: ReadonlyArray<number>
}
interface Profile {
  readonly nodes: ReadonlyArray<Node>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const args = process.argv.slice(2)
const files = args.filter((a) => !a.startsWith("--"))
const top = Number(args.find((a) => a.startsWith("--top="))?.slice(6) ?? 40)
const callersOf = args.find((a) => a.startsWith("--callers="))?.slice(10)
const inclusive = args.find((a) => a.startsWith("--inclusive="))?.slice(12)
const depth = Number(args.find((a) => a.startsWith("--depth="))?.slice(8) ?? 1)

const label = (frame: Frame) => {
  const file = frame.url.replace(/^file:\/\//, "").replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")
  const short = file.startsWith(`${process.cwd()}/`) ? file.slice(process.cwd().length + 1) : file
  return `${frame.functionName || "(anonymous)"} ${short}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<number, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    self.set(id, (self.get(id) ?? 0) + dt)
    total += dt
  })
  const byLabel = new Map<string, number>()
  const callers = new Map<string, number>()
  for (const [id, us] of self) {
    const node = byId.get(id)!
    const name = label(node.callFrame)
    byLabel.set(name, (byLabel.get(name) ?? 0) + us)
    if (callersOf !== undefined) {
      // Attribute the self time below the first frame named `callersOf` to that frame's caller.
      let cur: number | undefined = id
      while (cur !== undefined) {
        const n = byId.get(cur)!
        if (n.callFrame.functionName === callersOf) {
          const chain: Array<string> = []
          for (let p = parent.get(cur); p !== undefined && chain.length < depth; p = parent.get(p)) {
            chain.push(label(byId.get(p)!.callFrame))
          }
          const caller = chain.length === 0 ? "(root)" : chain.join("\n         < ")
          callers.set(caller, (callers.get(caller) ?? 0) + us)
          break
        }
        cur = parent.get(cur)
      }
    }
  }
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`)
  if (inclusive !== undefined) {
    // Time of every sample whose stack holds a frame matching the pattern, once per distinct label per sample.
    const pattern = new RegExp(inclusive)
    const incl = new Map<string, number>()
    profile.samples.forEach((id, i) => {
      const dt = profile.timeDeltas[i] ?? 0
      const seen = new Set<string>()
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const name = label(byId.get(cur)!.callFrame)
        if (pattern.test(name) && !seen.has(name)) {
          seen.add(name)
          incl.set(name, (incl.get(name) ?? 0) + dt)
        }
      }
    })
    for (const [name, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(
        `incl ${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`
      )
    }
    console.log("")
  }
  const byPackage = new Map<string, number>()
  for (const [name, us] of byLabel) {
    const where = name.slice(name.indexOf(" ") + 1)
    const pkg = where.startsWith("node:")
      ? "node internals"
      : where.startsWith(":")
        ? name.slice(0, name.indexOf(" "))
        : where.startsWith("packages/") || where.startsWith("bench/")
          ? where.split("/").slice(0, 2).join("/")
          : where.split("/")[0]!.startsWith("@")
            ? where.split("/").slice(0, 2).join("/")
            : where.split("/")[0]!
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us)
  }
  for (const [name, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 14)) {
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(1).padStart(8)} ms  [${name}]`)
  }
  console.log("")
  const rows = [...byLabel].sort((a, b) => b[1] - a[1]).slice(0, top)
  for (const [name, us] of rows)
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`)
  if (callersOf !== undefined) {
    console.log(`\ncallers of ${callersOf} (time spent inside it):`)
    for (const [name, us] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
      console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
    }
  }
}
