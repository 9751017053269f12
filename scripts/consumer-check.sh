#!/usr/bin/env bash
# The library as a user gets it: builds every library package (packages/*, not private), checks what `npm pack`
# would publish (dist/, package.json, README.md and LICENSE only), packs each with `pnpm pack` (workspace: ranges
# become versions), installs the tarballs with npm into a fresh folder outside the workspace together with the
# pinned Effect packages, then
#   (a) type-checks a consumer program (scripts/consumer/app.ts) with tsc under strict consumer flags
#       (scripts/consumer/tsconfig.consumer.json: nodenext, noPropertyAccessFromIndexSignature,
#       exactOptionalPropertyTypes, skipLibCheck false);
#   (b) runs a plain `node` ESM program (scripts/consumer/app.mjs, no tsx, no bundler) against a real Janus started
#       with the project's config (testing/janus-server/src/serve.ts, reclaim_session_timeout 30 s): create, attach
#       EchoTest, message, abandon; a second process claims the session over WebSocket, re-attaches the handle by
#       id, messages and abandons it again; a third claims it over HTTP, re-attaches, messages and destroys it.
# Prints "[consumer] …" lines; exits non-zero on the first failure. Needs network access to the npm registry
# (the Effect packages; npm's cache is used when it has them). KEEP_CONSUMER_DIR=1 keeps the folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

# What a Node consumer installs beside the tarballs. @types/ws and the "dom" lib (tsconfig.consumer.json) are asked for
# by @effect/platform(-node)'s own declarations once skipLibCheck is false, not by ours.
EFFECT_PACKAGES=(effect@3.22.4 @effect/platform@0.97.2 @effect/platform-node@0.108.2
  typescript@5.9.3 @types/node@20.19.43 @types/ws@8.18.2)

log() { printf '[consumer] %s\n' "$*"; }
fail() {
  printf '[consumer] FAILED: %s\n' "$*" >&2
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/effect-janus-consumer.XXXXXX")
janus_pid=""
cleanup() {
  if [[ -n $janus_pid ]]; then
    kill -TERM "$janus_pid" 2>/dev/null || true
    wait "$janus_pid" 2>/dev/null || true
  fi
  if [[ ${KEEP_CONSUMER_DIR:-} == 1 ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# --- build ------------------------------------------------------------------------------------------
log "build: exports in step with src/, then tsc -b tsconfig.build.json"
node scripts/package-exports.mjs --check || fail "package.json exports or package files (see above)"
pnpm exec tsc -b tsconfig.build.json || fail "build"

mapfile -t packages < <(node --input-type=module -e '
  import { libraryPackages } from "./scripts/package-exports.mjs"
  for (const { dir } of libraryPackages()) console.log(dir)')
((${#packages[@]} > 0)) || fail "no library package found under packages/"

# --- what a tarball holds -----------------------------------------------------------------------------
mkdir -p "$work/tarballs" "$work/app"
for dir in "${packages[@]}"; do
  name=$(node -p 'require(process.argv[1]).name' "$dir/package.json")
  unexpected=$(cd "$dir" && npm pack --dry-run --json 2>/dev/null | node -e '
    const [pack] = JSON.parse(require("fs").readFileSync(0, "utf8"))
    const allowed = (path) => path.startsWith("dist/") || ["package.json", "README.md", "LICENSE"].includes(path)
    const paths = pack.files.map((file) => file.path)
    for (const path of paths.filter((path) => !allowed(path))) console.log(path)
    for (const needed of ["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"])
      if (!paths.includes(needed)) console.log(`(missing) ${needed}`)')
  [[ -z $unexpected ]] || fail "npm pack of $name would publish:"$'\n'"$unexpected"
  (cd "$dir" && pnpm pack --pack-destination "$work/tarballs" >/dev/null) || fail "pnpm pack of $name"
  log "packed $name (dist/, package.json, README.md, LICENSE)"
done

# --- a fresh consumer project ----------------------------------------------------------------------------
cd "$work/app"
printf '{ "name": "consumer", "private": true, "type": "module" }\n' >package.json
cp "$root/scripts/consumer/app.mjs" "$root/scripts/consumer/app.ts" .
cp "$root/scripts/consumer/tsconfig.consumer.json" tsconfig.json
log "npm install into $work/app: the tarballs + ${EFFECT_PACKAGES[*]}"
npm install --no-audit --no-fund --loglevel=error --prefer-offline "$work"/tarballs/*.tgz "${EFFECT_PACKAGES[@]}" ||
  fail "npm install"
if grep -rl '"workspace:' node_modules/@effect-janus/*/package.json; then fail "a workspace: range was published"; fi

log "tsc (strict, nodenext, noPropertyAccessFromIndexSignature, exactOptionalPropertyTypes, skipLibCheck false)"
./node_modules/.bin/tsc -p tsconfig.json || fail "the consumer program does not type-check against the packages"
log "tsc: clean"

# --- a real Janus, and plain node -------------------------------------------------------------------------
log "starting Janus (janus/conf, reclaim_session_timeout 30 s)"
coproc JANUS { cd "$root" && exec node --import tsx testing/janus-server/src/serve.ts --reclaim-timeout=30; }
janus_pid=$JANUS_PID
read -r -t 60 servers <&"${JANUS[0]}" || fail "Janus did not start (testing/janus-server/src/serve.ts)"
ws_url=$(node -p 'JSON.parse(process.argv[1]).wsUrl' "$servers")
http_url=$(node -p 'JSON.parse(process.argv[1]).httpUrl' "$servers")
log "Janus at $ws_url and $http_url"

# run STEP ARGS…: `node app.mjs ARGS…`; its last stdout line is the step's JSON report, which must say result "ok".
run() {
  local step=$1
  shift
  local out
  out=$(node app.mjs "$@") || fail "node app.mjs $* (exit code $?)"
  report=$(tail -n 1 <<<"$out")
  [[ $(node -p 'JSON.parse(process.argv[1]).result' "$report" 2>/dev/null) == ok ]] ||
    fail "node app.mjs $*: expected an EchoTest answer, got: $out"
  log "$step: $report"
}

run "node (1) create, attach EchoTest, message, abandon" create "$ws_url"
session_id=$(node -p 'JSON.parse(process.argv[1]).sessionId' "$report")
handle_id=$(node -p 'JSON.parse(process.argv[1]).handleId' "$report")
run "node (2) claim over WebSocket, re-attach by id, message, abandon" claim "$ws_url" "$session_id" "$handle_id" abandon
run "node (3) claim over HTTP, re-attach by id, message, destroy" claim "$http_url" "$session_id" "$handle_id" destroy
log "passed: ${#packages[@]} packages packed, installed, type-checked and run from plain node"
