#!/usr/bin/env bash
# postgres_query {sql: "SELECT 1"} through the gateway beside pgbench -M extended running
# `SELECT 1` (select1.sql) against the same PostgreSQL, at 1, 16 and 64 connections, in the
# same run. Prints a markdown table: requests/s, p50/p99 (ms), the ratio gateway/pgbench, and
# the gateway's RSS and CPU seconds per run.
#
# Environment: PG_ENV (a tests/servers env file; default: a private server started with
# tests/servers/start.sh and stopped at the end), GATEWAY (default build/bench/server/mcpgw),
# DURATION (seconds, 10), CONNECTIONS ("1 16 64"), PIN=1 (gateway and postgres on CPU 0,
# the load generators on CPU 1).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gateway=${GATEWAY:-$root/build/bench/server/mcpgw}
duration=${DURATION:-10}
connections=${CONNECTIONS:-1 16 64}
tick=$(getconf CLK_TCK)
[ -x "$gateway" ] || { echo "no gateway binary at $gateway (build target mcpgw)" >&2; exit 1; }
command -v wrk >/dev/null && command -v pgbench >/dev/null || { echo "needs wrk and pgbench" >&2; exit 1; }

load_cpu=() server_cpu=()
if [[ ${PIN:-0} == 1 ]]; then
    server_cpu=(taskset -c 0) load_cpu=(taskset -c 1)
fi

tmp=$(mktemp -d)
gw_pid=""
own_server=""
cleanup() {
    [ -n "$gw_pid" ] && kill "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null || true
    [ -n "$own_server" ] && "$root/tests/servers/stop.sh" postgres "$own_server" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

env_file=${PG_ENV:-}
if [ -z "$env_file" ]; then
    own_server=$tmp/pg
    "$root/tests/servers/start.sh" postgres "$own_server" >&2
    env_file=$own_server/postgres.env
fi
value() { sed -n "s/^$1=//p" "$env_file"; }
host=$(value HOST) pg_port=$(value PORT) user=$(value USER) db=$(value DATABASE)
export PGPASSWORD=$(value PASSWORD) MCPGW_BENCH_PG_PASSWORD=$(value PASSWORD)
gw_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

cat > "$tmp/gateway.yaml" <<YAML
listen: {address: 127.0.0.1, port: $gw_port}
log_level: warn
limits: {drain_timeout: 2s}
servers:
  - name: bench
    type: postgres
    host: $host
    port: $pg_port
    user: $user
    password: \${MCPGW_BENCH_PG_PASSWORD}
    database: $db
    access: read_only
    pool: {min: 1, max: 64, max_waiters: 1024}
YAML
"${server_cpu[@]}" "$gateway" serve --config "$tmp/gateway.yaml" 2>"$tmp/gateway.log" &
gw_pid=$!
for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$gw_port/healthz" && break
    sleep 0.1
done
session=$(curl -s -D - -o /dev/null -X POST "http://127.0.0.1:$gw_port/mcp" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' |
    tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')
[ -n "$session" ] || { echo "no MCP session; gateway log:" >&2; cat "$tmp/gateway.log" >&2; exit 1; }
curl -s -o /dev/null -X POST "http://127.0.0.1:$gw_port/mcp" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: $session" \
    -H 'MCP-Protocol-Version: 2025-11-25' -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
export MCP_SESSION_ID=$session
export MCP_BODY='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"postgres_query","arguments":{"server":"bench","sql":"SELECT 1"}}}'
# Calls that did not end "ok", from the gateway's counters (see ../wrk/tools_call.lua).
failed_calls() {
    curl -sf "http://127.0.0.1:$gw_port/metrics" |
        awk '/^mcpgw_tool_calls_total\{/ && !/outcome="ok"/ { n += $NF } END { printf "%d\n", n }'
}

cpu_seconds() { awk -v t="$tick" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$gw_pid/stat"; }
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$gw_pid/status"; }
to_ms() { # wrk latency like 1.23ms / 456.00us / 1.02s -> ms
    awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } printf "%.2f", v }' <<<"$1"
}

echo "| connections | pgbench req/s | pgbench p50 / p99 ms | gateway req/s | gateway p50 / p99 ms | ratio | gateway RSS MB | gateway CPU s | errors |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in $connections; do
    threads=$(( c < 2 ? 1 : 2 ))
    rm -f "$tmp"/pgbench_log*
    "${load_cpu[@]}" pgbench -h "$host" -p "$pg_port" -U "$user" -n -M extended -f "$here/select1.sql" \
        -c "$c" -j "$threads" -T "$duration" -l --log-prefix="$tmp/pgbench_log" "$db" >"$tmp/pgbench.out" 2>&1
    pg_tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$tmp/pgbench.out")
    pg_lat=$(cat "$tmp"/pgbench_log* | awk '{ print $3 / 1000 }' | sort -n |
        awk '{ a[NR] = $1 } END { printf "%.3f / %.3f", a[int(NR * 0.5)], a[int(NR * 0.99)] }')
    cpu_before=$(cpu_seconds)
    failed_before=$(failed_calls)
    "${load_cpu[@]}" wrk -t"$threads" -c"$c" -d"${duration}s" --latency -s "$here/../wrk/tools_call.lua" \
        "http://127.0.0.1:$gw_port/mcp" >"$tmp/wrk.out" 2>&1
    cpu_after=$(cpu_seconds)
    gw_rps=$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/wrk.out")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$tmp/wrk.out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$tmp/wrk.out")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$tmp/wrk.out")
    errors=$(( ${non2xx:-0} + $(failed_calls) - failed_before ))
    ratio=$(awk -v a="$gw_rps" -v b="$pg_tps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    cpu=$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { printf "%.2f", b - a }')
    echo "| $c | ${pg_tps%.*} | $pg_lat | ${gw_rps%.*} | $p50 / $p99 | $ratio | $(rss_mb) | $cpu | ${errors:-?} |"
done
