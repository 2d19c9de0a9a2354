#!/usr/bin/env bash
# MCP tools/call throughput of the gateway against a minimal Beast server (the ceiling).
# Builds both (release), starts them on free loopback ports, opens an MCP session, then for each
# connection count runs wrk ceiling, gateway, ceiling, gateway (A/B/A/B) and writes a markdown
# report. See benchmarks/README.md.
#
# Environment: DURATION (10s), CONNECTIONS ("1 16 64"), BUILD_DIR (build/bench),
# SKIP_BUILD=1 (use the binaries already built), PIN=1 (servers on CPU 0, wrk on CPU 1),
# OUT (BUILD_DIR/bench-results): report.md and the raw wrk output land there.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build/bench}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-1 16 64}
out=${OUT:-$build/bench-results}
url_path=/mcp
tick=$(getconf CLK_TCK)

server_cpu=() wrk_cpu=()
if [[ ${PIN:-0} == 1 ]]; then
    server_cpu=(taskset -c 0) wrk_cpu=(taskset -c 1)
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    echo "building (release) in $build ..." >&2
    if ! { cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_COMPILER_LAUNCHER=ccache &&
        cmake --build "$build" --target mcpgw mcpgw_bench_ceiling -j2; } >"$tmp/build.log" 2>&1; then
        tail -50 "$tmp/build.log" >&2
        exit 1
    fi
fi
gateway_bin=$build/server/mcpgw
ceiling_bin=$build/benchmarks/mcpgw_bench_ceiling

# start NAME CMD...: runs CMD in the background, waits for its "listening" log line and sets
# the globals pid and port.
start() {
    local name=$1
    shift
    "${server_cpu[@]}" "$@" 2>"$tmp/$name.log" &
    pid=$!
    pids+=("$pid")
    port=
    for _ in $(seq 100); do
        port=$(sed -n 's/.*"msg":"listening".*"port":\([0-9]*\).*/\1/p' "$tmp/$name.log" | head -1)
        [[ -n $port ]] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "$name did not start:" >&2
    cat "$tmp/$name.log" >&2
    exit 1
}

start gateway "$gateway_bin" serve --config "$here/config.yaml" --listen 127.0.0.1:0
gateway_pid=$pid gateway_port=$port
start ceiling "$ceiling_bin" 0
ceiling_pid=$pid ceiling_port=$port

# MCP session on the gateway: initialize, then notifications/initialized.
mcp_post() {
    curl -sS -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' -X POST \
        "http://127.0.0.1:$gateway_port$url_path" \
        -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
        -H 'MCP-Protocol-Version: 2025-11-25' "$@"
}
code=$(mcp_post -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"mcpgw-bench","version":"1"}}}')
session=$(tr -d '\r' <"$tmp/headers" | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: *//p')
if [[ $code != 200 || -z $session ]]; then
    echo "initialize failed: HTTP $code" >&2
    cat "$tmp/headers" "$tmp/body" >&2
    exit 1
fi
code=$(mcp_post -H "Mcp-Session-Id: $session" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}')
[[ $code == 202 ]] || { echo "notifications/initialized: HTTP $code" >&2; exit 1; }
export MCP_SESSION_ID=$session MCP_PATH=$url_path

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

sleep 1
idle_rss=$(rss_kb "$gateway_pid")

# parse FILE: "rps p50_ms p99_ms requests errors" from wrk output (errors: non-200, JSON-RPC
# errors and socket errors).
parse() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /s$/) return v * 1000
            return v + 0
        }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /requests in/ { requests = $1 }
        /^Requests\/sec:/ { rps = $2 }
        /Socket errors:/ { errors += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        /^mcp_check:/ {
            for (i = 3; i <= NF; i++) { split($i, kv, "="); errors += kv[2] }
        }
        END { printf "%.0f %.3f %.3f %d %d\n", rps, p50, p99, requests, errors }
    ' "$1"
}

# bench TARGET PORT CONNECTIONS RUN: one wrk run; appends a line to runs.tsv.
bench() {
    local target=$1 port=$2 conns=$3 run=$4 threads=2 raw pid=$ceiling_pid
    [[ $conns == 1 ]] && threads=1
    [[ $target == gateway ]] && pid=$gateway_pid
    raw=$out/wrk-$target-c$conns-$run.txt
    local cpu0 load
    cpu0=$(cpu_ticks "$pid")
    load=$(cut -d' ' -f1 /proc/loadavg)
    "${wrk_cpu[@]}" wrk -t"$threads" -c"$conns" -d"$duration" --latency \
        -s "$here/wrk/tools_call.lua" "http://127.0.0.1:$port$url_path" >"$raw"
    local cpu=$(( $(cpu_ticks "$pid") - cpu0 ))
    read -r rps p50 p99 requests errors < <(parse "$raw")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$conns" "$target" "$run" "$rps" \
        "$p50" "$p99" "$requests" "$errors" "$(awk -v t="$cpu" -v h="$tick" 'BEGIN {print t / h}')" \
        "$(rss_kb "$pid")" "$load" >>"$out/runs.tsv"
    echo "c=$conns $target #$run: $rps req/s p50 ${p50}ms p99 ${p99}ms errors $errors" >&2
}

# The ceiling server has no /metrics to count failed calls: every body is checked (both sides
# pay the same load-generator cost).
export MCP_CHECK_BODIES=1
mkdir -p "$out"
: >"$out/runs.tsv"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# Short warm-up of both servers (not recorded).
for port in "$ceiling_port" "$gateway_port"; do
    "${wrk_cpu[@]}" wrk -t2 -c16 -d1s -s "$here/wrk/tools_call.lua" \
        "http://127.0.0.1:$port$url_path" >/dev/null
done

for conns in $connections; do
    bench ceiling "$ceiling_port" "$conns" 1
    bench gateway "$gateway_port" "$conns" 1
    bench ceiling "$ceiling_port" "$conns" 2
    bench gateway "$gateway_port" "$conns" 2
done

# Report.
{
    echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- Machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
        "$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM"
    echo "- Kernel: $(uname -sr); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "- Gateway: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" \
        "(worktree may hold uncommitted changes$([[ ${SKIP_BUILD:-0} == 1 ]] && echo '; SKIP_BUILD: binary built earlier')), release build, 1 event-loop thread"
    echo "- wrk: ${duration} per run, -t1 for 1 connection else -t2; PIN=${PIN:-0}"
    echo "- Load average (1/5/15 min) before the runs: $load_start; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Gateway idle RSS (after initialize, before load): $((idle_rss / 1024)).$(( (idle_rss % 1024) * 10 / 1024 )) MiB"
    echo "- Gateway peak RSS (VmHWM) at the end: $(awk -v k="$(hwm_kb "$gateway_pid")" 'BEGIN {printf "%.1f", k / 1024}') MiB"
    echo
    echo "Summary (rps and p50: mean of the two runs; p99: the worse run; CPU: gateway process,"
    echo "user+system, mean per run; RSS after the second gateway run):"
    echo
    echo "| conns | ceiling rps | gateway rps | ratio | ceiling p50/p99 ms | gateway p50/p99 ms | gateway CPU s/run | gateway µs CPU/req | ceiling µs CPU/req | gateway RSS MiB | errors |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '
        {
            k = $1 SUBSEP $2
            rps[k] += $4 / 2; p50[k] += $5 / 2
            if ($6 > p99[k]) p99[k] = $6
            req[k] += $7; err[$1] += $8; cpu[k] += $9; rss[k] = $10
            if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
        }
        END {
            for (i = 1; i <= n; i++) {
                c = order[i]; g = c SUBSEP "gateway"; b = c SUBSEP "ceiling"
                printf "| %s | %.0f | %.0f | %.2f | %.3f / %.3f | %.3f / %.3f | %.2f | %.1f | %.1f | %.1f | %d |\n",
                    c, rps[b], rps[g], rps[g] / rps[b], p50[b], p99[b], p50[g], p99[g],
                    cpu[g] / 2, cpu[g] * 1e6 / req[g], cpu[b] * 1e6 / req[b], rss[g] / 1024, err[c]
            }
        }
    ' "$out/runs.tsv"
    echo
    echo "Every run, in order:"
    echo
    echo "| conns | target | run | rps | p50 ms | p99 ms | requests | errors | CPU s | RSS MiB | load avg |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f | %s |\n",
        $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 / 1024, $11}' "$out/runs.tsv"
} >"$out/report.md"

cat "$out/report.md"
echo >&2
echo "report: $out/report.md (raw wrk output beside it)" >&2
