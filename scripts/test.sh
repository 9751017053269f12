#!/usr/bin/env bash
# What CI runs (through .ci/run): set-up, type-check, lint, the API docs, the consumer check, every vitest project,
# then the short benchmark. Ends with exactly one line "tests: N passed, N failed, N skipped" (scripts/summary.mjs),
# which CI reads. Exits non-zero when set-up fails (at once), or when type-check, lint, the API docs or any test
# fails, a test is skipped or todo, or no test ran (the remaining steps still run, so the summary is complete).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
export PATH="$(npm prefix -g 2>/dev/null)/bin:$PATH" # where setup.sh's `npm install -g` put pnpm

# Janus 1.1.2 sometimes aborts while exiting; the harness runs it in a temp dir that is removed
# afterwards, but there is no point in writing core files at all.
ulimit -c 0 2>/dev/null || true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed_steps=()

step() {
  local name=$1
  shift
  printf '[test] %s\n' "$name"
  local status=0
  "$@" || status=$?
  if ((status != 0)); then
    printf '[test] %s failed (exit code %d)\n' "$name" "$status" >&2
    failed_steps+=("$name")
  fi
}

step "pnpm check" pnpm check
step "pnpm lint" pnpm lint
# API docs: docgen fails on an export without a description or @since and on an @example that does not type-check
# or run; doc-tags on an export without @category (docgen cannot require it). Output in packages/*/docs, not committed.
step "pnpm docgen" pnpm docgen
step "doc tags" node scripts/doc-tags.mjs --check
# The packages as a user installs them: built, packed, npm-installed outside the workspace, type-checked and run
# from plain node against a real Janus (scripts/consumer-check.sh).
step "consumer check" bash scripts/consumer-check.sh
step "vitest" pnpm exec vitest run --reporter=default --reporter=json --outputFile="$work/vitest.json"
# The benchmark is a program, not a test: its short mode runs here so that it cannot rot (it fails only on errors,
# never on a missed target). Full figures: `pnpm bench`, see BENCHMARKS.md.
step "pnpm bench:short" pnpm bench:short

if ((${#failed_steps[@]} > 0)); then
  printf '[test] failed steps: %s\n' "${failed_steps[*]}" >&2
fi
summary_status=0
node scripts/summary.mjs "$work/vitest.json" || summary_status=$?
if ((${#failed_steps[@]} > 0 || summary_status != 0)); then
  exit 1
fi
