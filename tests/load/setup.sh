#!/usr/bin/env bash
# Installs what the load tests need (Artillery 2.0.21 in this workspace package, ~590 MB) and
# checks it runs. Idempotent; the root `pnpm install` installs it too.
#
#   tests/load/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if (( node_major < 20 )); then
  echo "Node >= 20 is required (found $(node -v))." >&2
  exit 1
fi

export COREPACK_INTEGRITY_KEYS=0
# Artillery depends on Playwright (for its browser engine, unused here): skip its browser download.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Artillery otherwise phones home and hangs ~12 s at exit.
export ARTILLERY_DISABLE_TELEMETRY=true

if [[ ! -x "$here/node_modules/.bin/artillery" ]]; then
  echo "Installing @roadcall/load-tests (Artillery 2.0.21)..."
  (cd "$root" && corepack pnpm install --filter @roadcall/load-tests --frozen-lockfile)
fi

version="$("$here/node_modules/.bin/artillery" version 2>/dev/null | sed -n 's/^Artillery: *//p')"
if [[ "$version" != "2.0.21" ]]; then
  echo "Expected Artillery 2.0.21, found '${version:-nothing}' (newer 2.0.x need Node 22.18)." >&2
  exit 1
fi
mkdir -p "$here/reports"
echo "Artillery $version ready. Run: pnpm loadtest <full|incidents|light|medium|heavy|ramp|spike>"
