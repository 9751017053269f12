#!/usr/bin/env bash
# Runs the reconnection demo (examples/reconnect-demo.ts) after preparing the machine like CI
# does. Extra arguments are passed on to the demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
export PATH="$(npm prefix -g 2>/dev/null)/bin:$PATH" # where setup.sh's `npm install -g` put pnpm

pnpm demo "$@"
