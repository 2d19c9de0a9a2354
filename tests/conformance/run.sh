#!/usr/bin/env bash
# Runs the official MCP conformance suite (pinned in tests/conformance/package.json) against
# a gateway started on a free loopback port with the fixture configuration.
# Usage: tests/conformance/run.sh PATH/TO/mcpgw
# Fails when any check fails OR when the suite reports a WARNING (the CLI exits 0 on those).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gateway="${1:?usage: run.sh PATH/TO/mcpgw [conformance args]}"
shift
tools="${MCPGW_CONFORMANCE_DIR:-$here/node_modules}"
if [ ! -x "$tools/.bin/conformance" ]; then
  echo "conformance suite not installed: run 'npm ci' in $here (scripts/setup.sh does)" >&2
  exit 2
fi
export PATH="$tools/.bin:$PATH"   # node@22 from npm comes first
work="$(mktemp -d)"
log="$work/gateway.log"
"$gateway" serve --config "$here/fixture.yaml" --listen 127.0.0.1:0 2>"$log" &
gw_pid=$!
trap 'kill "$gw_pid" 2>/dev/null || true; wait "$gw_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=""
for _ in $(seq 1 100); do
  port="$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$log" 2>/dev/null | grep -o '"port":[0-9]*' | cut -d: -f2 || true)"
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "gateway did not start:" >&2; cat "$log" >&2; exit 1
fi
out="$work/conformance.out"
set +e
timeout 600 conformance server --url "http://127.0.0.1:$port/mcp" --suite all "$@" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
  echo "conformance: suite failed (exit $rc)" >&2; exit 1
fi
if grep -q "WARNING" "$out"; then
  echo "conformance: the suite reported warnings (treated as failures):" >&2
  grep -n "WARNING" "$out" >&2; exit 1
fi
summary="$(grep -E 'Total: [0-9]+ passed, 0 failed' "$out" | tail -1 || true)"
if [ -z "$summary" ] || echo "$summary" | grep -q 'Total: 0 passed'; then
  echo "conformance: no passing summary line in the suite's output" >&2; exit 1
fi
echo "conformance summary: $summary"
