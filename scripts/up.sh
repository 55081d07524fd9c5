#!/usr/bin/env bash
# Roadcall's first command: installs everything a fresh machine with Node 20+ lacks for the
# local stack, then starts it (`pnpm dev`). Safe to run again: every step is idempotent.
#   bash scripts/up.sh            install + start
#   bash scripts/up.sh --no-start install only (CI)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1mroadcall:\033[0m %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  say "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))."
  exit 1
fi

# pnpm through corepack, at the version package.json pins. Some registries' signing keys are
# not known to older corepack releases; retry without the signature check only then.
if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version >/dev/null 2>&1; then
  say "enabling pnpm through corepack"
  corepack enable >/dev/null 2>&1 || sudo corepack enable
  if ! pnpm --version >/dev/null 2>&1; then
    say "corepack could not verify pnpm's signature; retrying with COREPACK_INTEGRITY_KEYS=0"
    export COREPACK_INTEGRITY_KEYS=0
    pnpm --version >/dev/null
  fi
fi

# Redis: REDIS_URL, or a redis-server binary the stack spawns. PostgreSQL needs nothing: an
# embedded server ships in an npm package (or set DATABASE_URL).
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1; }; then
    say "installing redis-server (apt-get)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
    # Debian starts a system service on install; the stack runs its own server on a free port.
  elif command -v brew >/dev/null 2>&1; then
    say "installing redis (brew)"; brew install redis
  else
    say "redis-server is missing: install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) or set REDIS_URL."
    exit 1
  fi
fi

# jq: the docs' walk-throughs (and the test that runs them) read the running stack's state with it.
if ! command -v jq >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1; }; then
    say "installing jq (apt-get)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq jq >/dev/null
  elif command -v brew >/dev/null 2>&1; then
    say "installing jq (brew)"; brew install jq
  else
    say "jq is missing: install it (Debian/Ubuntu: sudo apt-get install -y jq; macOS: brew install jq)."
    exit 1
  fi
fi

# wrk: the load generator of `pnpm bench api` (a C program: the generator must cost far less than
# the servers it measures).
if ! command -v wrk >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1; }; then
    say "installing wrk (apt-get)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
  elif command -v brew >/dev/null 2>&1; then
    say "installing wrk (brew)"; brew install wrk
  else
    say "wrk is missing: install it (Debian/Ubuntu: sudo apt-get install -y wrk; macOS: brew install wrk)."
    exit 1
  fi
fi

# Chromium: the dashboard's browser tests drive it through playwright-core (no browser download).
# CHROMIUM_PATH names another Chromium or Chrome binary (macOS: the app bundle's executable).
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1; }; then
    say "installing chromium (apt-get)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  else
    say "chromium is missing: install it (Debian/Ubuntu: sudo apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium or Chrome executable (macOS: brew install --cask chromium; CHROMIUM_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium)."
    exit 1
  fi
fi

say "installing dependencies (pnpm install)"
pnpm install --frozen-lockfile

if [ "${1:-}" = "--no-start" ]; then exit 0; fi
say "starting the local stack (Ctrl-C stops everything)"
exec pnpm dev
