// Reads a vitest JSON report (`--reporter=json --outputFile=…`) and prints, as its LAST line,
//   tests: N passed, N failed, N skipped
// which is what CI reads. Details (failed files, skipped tests) go to stderr before that line.
//
// Exit code 1 when anything failed, when any test was skipped or todo (forbidden in this project),
// or when no test ran; 0 otherwise.
//
// Counting: every test case is passed, failed, or skipped (skipped, pending, todo, disabled).
// A test file that failed without any failed test (an import or collection error, a failing
// file-level hook) counts as one failure; so does a failing suite hook when no test failed.
//
// Usage: node scripts/summary.mjs <vitest.json>
import { readFileSync } from "node:fs"

const file = process.argv[2]
const line = (passed, failed, skipped) => `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`

const load = () => {
  if (!file) return { error: "usage: node scripts/summary.mjs <vitest.json>" }
  try {
    return { report: JSON.parse(readFileSync(file, "utf8")) }
  } catch (error) {
    return { error: `cannot read the vitest report ${file}: ${error instanceof Error ? error.message : error}` }
  }
}

const { report, error } = load()
if (report === undefined || !Array.isArray(report.testResults)) {
  console.error(`[summary] ${error ?? `${file} is not a vitest JSON report`}`)
  console.log(line(0, 0, 0))
  process.exitCode = 1
} else {
  let passed = 0
  let failed = 0
  let skipped = 0
  const problems = []
  for (const result of report.testResults) {
    const tests = Array.isArray(result.assertionResults) ? result.assertionResults : []
    let failedHere = 0
    for (const test of tests) {
      if (test.status === "passed") passed++
      else if (test.status === "failed") {
        failed++
        failedHere++
      } else {
        skipped++
        problems.push(`${test.status} (not allowed): ${result.name} > ${test.fullName ?? test.title}`)
      }
    }
    if (result.status === "failed" && failedHere === 0) {
      failed++
      problems.push(
        `failed outside any test: ${result.name}: ${result.message || "(no message: probably a failing beforeAll/afterAll hook)"}`
      )
    }
  }
  if (failed === 0 && (report.success === false || report.numFailedTestSuites > 0)) {
    failed = Math.max(1, report.numFailedTestSuites ?? 0)
    problems.push("a suite failed outside any test (e.g. a beforeAll/afterAll hook or a layer that did not build)")
  }
  if (passed + failed === 0) problems.push("no test ran")
  for (const problem of problems) console.error(`[summary] ${problem}`)
  console.log(line(passed, failed, skipped))
  process.exitCode = failed > 0 || skipped > 0 || passed + failed === 0 ? 1 : 0
}
