#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test mcpgw.
# Idempotent: packages already present are skipped; safe to run again.
# Needs root (or sudo) for apt-get. The conformance suite's Node 22 comes from npm into
# tests/conformance/node_modules (the machine's Node 20 stays as it is).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git curl ca-certificates
  libboost1.81-dev nlohmann-json3-dev libssl-dev libpq-dev libmariadb-dev libhiredis-dev
  libfmt-dev libyaml-cpp-dev libsqlite3-dev libre2-dev libgtest-dev googletest
  libpg-query-dev sqlite3 json-schema-test-suite wrk clang-format
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Test-only servers for the integration fixtures (tests/servers).
if [ "${MCPGW_SETUP_TEST_DEPS:-0}" = 1 ]; then
  for p in postgresql mariadb-server mariadb-client redis-server redis-tools prometheus python3 openssl; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
# Node and npm: use what the machine has (do not apt-get install npm over it).
if ! command -v npm >/dev/null 2>&1 && [ "${MCPGW_SETUP_TEST_DEPS:-0}" = 1 ]; then
  missing+=(nodejs npm)
fi

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${MCPGW_SETUP_TEST_DEPS:-0}" = 1 ]; then
  # The official conformance suite (pinned by package-lock.json) and Node 22 for it.
  if [ ! -x tests/conformance/node_modules/.bin/conformance ] || [ tests/conformance/package-lock.json -nt tests/conformance/node_modules ]; then
    (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error)
  fi
  # The official TypeScript SDK client, the Inspector CLI and Node 22 for tests/sdk (pinned).
  if [ ! -x tests/sdk/node_modules/.bin/inspector ] || [ tests/sdk/package-lock.json -nt tests/sdk/node_modules ]; then
    (cd tests/sdk && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
echo "setup: done"
