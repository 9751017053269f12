#!/usr/bin/env bash
# Prepares a machine to build and test effect-janus. Written for a fresh Debian 12 with Node 20
# (run as root, or as a user with sudo), and safe to run again: every step checks first.
#
#   1. apt: janus (the server the integration tests start), sip-tester (sipp, the SIP peer), gcc and
#      libc6-dev (e2e/ compiles its LD_PRELOAD loopback shim for media tests),
#      iproute2 (`ip`, for network-namespace media tests), and python3/make/g++ (node-gyp: the
#      lockfile builds unix-dgram, a native dependency of janode used by bench/), chromium (the browser test in
#      browser/ drives Debian's Chromium with playwright-core; no browser is ever downloaded). `apt-get update`
#      runs once, and only when something is missing (a fresh image has empty apt lists).
#   2. pnpm 10.34.8 (the version in package.json "packageManager") via `npm install -g`.
#   3. `pnpm install --frozen-lockfile`.
#
# Scripts that run pnpm after this one must put "$(npm prefix -g)/bin" on PATH themselves
# (test.sh and demo.sh do): a PATH change made here does not reach the parent shell.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PNPM_VERSION=10.34.8
APT_PACKAGES=(janus sip-tester iproute2 python3 make gcc g++ libc6-dev chromium)

log() { printf '[setup] %s\n' "$*"; }
die() {
  printf '[setup] error: %s\n' "$*" >&2
  exit 1
}

# --- Node -------------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "node is not installed (Node.js 20 or newer is required)"
command -v npm >/dev/null 2>&1 || die "npm is not installed (it ships with Node.js)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || die "Node.js $(node --version) is too old: 20 or newer is required"
log "node $(node --version), npm $(npm --version 2>/dev/null)"

# --- apt packages -----------------------------------------------------------------------------
installed() { [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]; }

missing=()
for package in "${APT_PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  log "apt packages already installed: ${APT_PACKAGES[*]}"
else
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and apt-get is not available (Debian 12 expected)"
  sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}: run as root or install sudo"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Keep the Debian janus service (stock config, stock ports) from starting during the install:
  # tests and the demo start their own Janus. policy-rc.d exit 101 = "action forbidden".
  policy=/usr/sbin/policy-rc.d
  added_policy=false
  if [[ ! -e $policy ]] && [[ " ${missing[*]} " == *" janus "* ]]; then
    log "temporarily adding $policy so that the janus service is not started"
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    added_policy=true
  fi
  remove_policy() { if [[ $added_policy == true ]]; then "${sudo[@]}" rm -f "$policy"; fi; }
  trap remove_policy EXIT

  log "apt-get update"
  "${sudo[@]}" apt-get update -q
  log "apt-get install ${missing[*]}"
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  remove_policy
  added_policy=false
fi
log "janus: $(command -v janus || echo 'not on PATH'), sipp: $(command -v sipp || echo 'not on PATH')"

# --- pnpm -------------------------------------------------------------------------------------
npm_bin="$(npm prefix -g 2>/dev/null)/bin"
export PATH="$npm_bin:$PATH"
current=$(pnpm --version 2>/dev/null || true)
if [[ $current == "$PNPM_VERSION" ]]; then
  log "pnpm $PNPM_VERSION already installed ($(command -v pnpm))"
else
  log "installing pnpm $PNPM_VERSION with npm (found: ${current:-none})"
  # --force only as a fallback: it replaces a pnpm binary npm didn't install (e.g. a corepack shim).
  npm install -g "pnpm@$PNPM_VERSION" || npm install -g --force "pnpm@$PNPM_VERSION"
  hash -r
  current=$(pnpm --version 2>/dev/null || true)
  [[ $current == "$PNPM_VERSION" ]] ||
    die "pnpm --version says '${current:-nothing}' after installing $PNPM_VERSION (PATH: $PATH)"
  log "pnpm $current installed ($(command -v pnpm))"
fi

# --- workspace dependencies -------------------------------------------------------------------
log "pnpm install --frozen-lockfile"
pnpm install --frozen-lockfile --config.confirmModulesPurge=false
log "done"
