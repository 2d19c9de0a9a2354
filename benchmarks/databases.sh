#!/usr/bin/env bash
# benchmarks/databases.sh: the database paths of the gateway beside the databases' own tools,
# on this machine, in one run (issue 3).
#
#   postgres_query SELECT 1   vs  pgbench -M extended with a SELECT 1 script, and vs
#                                 pg_bridge (mcpgw_bench_pg_ceiling: a bare Beast HTTP front
#                                 doing one pipelined SELECT 1 per POST, no MCP, no safety:
#                                 the floor for any HTTP gateway in front of PostgreSQL here)
#   redis_command GET k       vs  redis-benchmark GET
#   sqlite_query SELECT 1, tools/list (no database tool to compare with)
#
# at 1, 16 and 64 connections; the database tool and the gateway alternate (A/B/A/B). Servers
# are throwaway ones from tests/servers/ on free loopback ports. Needs the release build
# (built here unless SKIP_BUILD=1), wrk, pgbench (postgresql-15), redis-benchmark.
#
#   DURATION=10s CONNECTIONS="1 16 64" benchmarks/databases.sh
#
# Report: $OUT/report.md (default build/bench/db-results).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${BUILD:-$root/build/bench}
out=${OUT:-$build/db-results}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-1 16 64}
secs=${duration%s}
pg_bin=/usr/lib/postgresql/15/bin

tmp=$(mktemp -d /tmp/mcpgw-dbbench.XXXXXX)
servers=$tmp/servers
gateway_pid=
bridge_pid=
cleanup() {
    [[ -n $gateway_pid ]] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null
    [[ -n $bridge_pid ]] && kill "$bridge_pid" 2>/dev/null && wait "$bridge_pid" 2>/dev/null
    "$root/tests/servers/stop.sh" postgres "$servers" >/dev/null 2>&1 || true
    "$root/tests/servers/stop.sh" redis "$servers" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    echo "building (release) in $build ..." >&2
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$tmp/build.log" 2>&1 &&
        cmake --build "$build" --target mcpgw mcpgw_bench_pg_ceiling -j2 >>"$tmp/build.log" 2>&1 ||
        { tail -50 "$tmp/build.log" >&2; exit 1; }
fi

"$root/tests/servers/start.sh" postgres "$servers" >&2
"$root/tests/servers/start.sh" redis "$servers" >&2
env_of() { sed -n "s/^$2=//p" "$servers/$1.env"; }
# pgbench, the gateway's pool and pg_bridge each hold up to max(CONNECTIONS) sessions.
runuser -u postgres -- psql -q -h "$(env_of postgres SOCKET)" -p "$(env_of postgres PORT)" -d postgres \
    -c "ALTER SYSTEM SET max_connections = 300" >&2
"$root/tests/servers/restart_postgres.sh" "$servers" down >&2
"$root/tests/servers/restart_postgres.sh" "$servers" up >&2
pg_port=$(env_of postgres PORT)
redis_port=$(env_of redis PORT)
pg_user=$(env_of postgres USER)
pg_password=$(env_of postgres PASSWORD)
pg_db=$(env_of postgres DATABASE)
redis-cli -h 127.0.0.1 -p "$redis_port" set k v >/dev/null
sqlite3 "$tmp/bench.db" 'CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);' 2>/dev/null ||
    python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE t (x INTEGER)'); c.commit()" "$tmp/bench.db"

max_conns=$(tr ' ' '\n' <<<"$connections" | sort -n | tail -1)
cat >"$tmp/gateway.yaml" <<EOF
listen: {address: 127.0.0.1, port: 0, path: /mcp}
servers:
  - {name: pg, type: postgres, host: 127.0.0.1, port: $pg_port, user: $pg_user,
     password: "\${BENCH_PG_PASSWORD}", database: $pg_db, access: read_only,
     pool: {min: 1, max: $max_conns, max_waiters: 1024}}
  - {name: cache, type: redis, host: 127.0.0.1, port: $redis_port, access: read_only,
     pool: {min: 1, max: $max_conns, max_waiters: 1024}}
  - {name: lite, type: sqlite, path: "$tmp/bench.db", access: read_only}
EOF
BENCH_PG_PASSWORD=$pg_password "$build/server/mcpgw" serve --config "$tmp/gateway.yaml" \
    2>"$tmp/gateway.log" &
gateway_pid=$!
for _ in $(seq 100); do
    gateway_port=$(sed -n 's/.*"msg":"listening".*"port":\([0-9]*\).*/\1/p' "$tmp/gateway.log" | head -1)
    [[ -n $gateway_port ]] && break
    sleep 0.1
done
[[ -n ${gateway_port:-} ]] || { echo "gateway did not start:" >&2; cat "$tmp/gateway.log" >&2; exit 1; }

bridge_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$build/benchmarks/mcpgw_bench_pg_ceiling" "$bridge_port" \
    "host=127.0.0.1 port=$pg_port user=$pg_user password=$pg_password dbname=$pg_db" "$max_conns" \
    2>"$tmp/bridge.log" &
bridge_pid=$!
for _ in $(seq 100); do
    grep -q listening "$tmp/bridge.log" && break
    sleep 0.1
done
grep -q listening "$tmp/bridge.log" || { echo "pg bridge did not start:" >&2; cat "$tmp/bridge.log" >&2; exit 1; }

curl -sS -D "$tmp/headers" -o /dev/null -X POST "http://127.0.0.1:$gateway_port/mcp" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"db-bench","version":"1"}}}'
session=$(tr -d '\r' <"$tmp/headers" | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: *//p')
[[ -n $session ]] || { echo "initialize failed" >&2; exit 1; }
curl -sS -o /dev/null -X POST "http://127.0.0.1:$gateway_port/mcp" -H "Mcp-Session-Id: $session" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
export MCP_SESSION_ID=$session MCP_PATH=/mcp

call_body() { # TOOL ARGS_JSON
    printf '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":%s}}' "$1" "$2"
}
declare -A bodies=(
    [gw_postgres]=$(call_body postgres_query '{"server":"pg","sql":"SELECT 1"}')
    [gw_redis]=$(call_body redis_command '{"server":"cache","command":"GET","args":["k"]}')
    [gw_sqlite]=$(call_body sqlite_query '{"server":"lite","sql":"SELECT 1"}')
    [gw_tools_list]='{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
)

tick=$(getconf CLK_TCK)
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
mkdir -p "$out"
: >"$out/runs.tsv"

# record SCENARIO CONNS RUN RPS P50 P99 ERRORS [GW_CPU_S GW_RSS_KB]
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$out/runs.tsv"; }

# Tool calls that did not end "ok", from the gateway's own counters (cheaper than handing
# every response body to wrk's Lua; see wrk/tools_call.lua).
failed_calls() {
    curl -sf "http://127.0.0.1:$gateway_port/metrics" |
        awk '/^mcpgw_tool_calls_total\{/ && !/outcome="ok"/ { n += $NF } END { printf "%d\n", n }'
}

gateway_run() { # SCENARIO CONNS RUN  (scenario pg_bridge: the bare HTTP->PostgreSQL front)
    local raw=$out/wrk-$1-c$2-$3.txt threads=2 cpu0 failed0 pid=$gateway_pid port=$gateway_port
    [[ $1 == pg_bridge ]] && pid=$bridge_pid port=$bridge_port
    [[ $2 == 1 ]] && threads=1
    failed0=$(failed_calls)
    cpu0=$(cpu_ticks "$pid")
    MCP_BODY=${bodies[$1]:-} wrk -t"$threads" -c"$2" -d"$duration" --latency \
        -s "$here/wrk/tools_call.lua" "http://127.0.0.1:$port/mcp" >"$raw"
    local cpu=$(( $(cpu_ticks "$pid") - cpu0 ))
    local failed=$(( $(failed_calls) - failed0 ))
    read -r rps p50 p99 errors < <(awk -v failed="$failed" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v + 0 }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec:/ { rps = $2 }
        /Socket errors:/ { e += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { e += $NF }
        END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, e + failed }' "$raw")
    record "$1" "$2" "$3" "$rps" "$p50" "$p99" "$errors" \
        "$(awk -v t="$cpu" -v h="$tick" 'BEGIN {print t / h}')" "$(rss_kb "$pid")"
    echo "$1 c=$2 #$3: $rps req/s p50 ${p50} ms p99 ${p99} ms errors $errors" >&2
}

pgbench_run() { # CONNS RUN
    local logdir=$tmp/pglog-$1-$2 jobs=$(( $1 < 2 ? 1 : 2 ))
    mkdir -p "$logdir"
    echo 'SELECT 1;' >"$tmp/select1.sql"
    (cd "$logdir" && PGPASSWORD=$pg_password "$pg_bin/pgbench" -n -M extended -f "$tmp/select1.sql" \
        -c "$1" -j "$jobs" -T "$secs" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -l "$pg_db") \
        >"$out/pgbench-c$1-$2.txt" 2>&1
    local tps
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out/pgbench-c$1-$2.txt" | tail -1)
    # Per-transaction log lines: client transaction latency_us script time_s time_us.
    # At 64 clients pgbench 15 also writes lines with a latency of 0 (about half of them,
    # seen on this machine): they are not transactions and are left out.
    read -r p50 p99 < <(cat "$logdir"/pgbench_log.* | awk '$3 > 0 {print $3}' | sort -n |
        awk '{v[NR] = $1} END {printf "%.3f %.3f\n", v[int(NR * 0.5)] / 1000, v[int(NR * 0.99)] / 1000}')
    record pgbench "$1" "$2" "${tps%.*}" "$p50" "$p99" 0 "" ""
    echo "pgbench c=$1 #$2: $tps tps p50 $p50 ms p99 $p99 ms" >&2
}

redis_benchmark_run() { # CONNS RUN
    local n=$(( ${secs} * 20000 ))
    redis-benchmark -h 127.0.0.1 -p "$redis_port" -c "$1" -n "$n" -t get --csv \
        >"$out/redis-benchmark-c$1-$2.txt" 2>&1
    read -r rps p50 p99 < <(tr -d '"' <"$out/redis-benchmark-c$1-$2.txt" |
        awk -F, '$1 == "GET" {print $2, $5, $7}')
    record redis-benchmark "$1" "$2" "${rps%.*}" "$p50" "$p99" 0 "" ""
    echo "redis-benchmark c=$1 #$2: $rps rps p50 $p50 ms p99 $p99 ms" >&2
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
idle_rss=$(rss_kb "$gateway_pid")
MCP_BODY=x wrk -t1 -c4 -d1s -s "$here/wrk/tools_call.lua" "http://127.0.0.1:$bridge_port/mcp" >/dev/null
for scenario in gw_postgres gw_redis gw_sqlite gw_tools_list; do # warm-up, not recorded
    MCP_BODY=${bodies[$scenario]} wrk -t1 -c4 -d1s -s "$here/wrk/tools_call.lua" \
        "http://127.0.0.1:$gateway_port/mcp" >/dev/null
done
for conns in $connections; do
    for run in 1 2; do
        pgbench_run "$conns" "$run"
        gateway_run pg_bridge "$conns" "$run"
        gateway_run gw_postgres "$conns" "$run"
        redis_benchmark_run "$conns" "$run"
        gateway_run gw_redis "$conns" "$run"
        gateway_run gw_sqlite "$conns" "$run"
        gateway_run gw_tools_list "$conns" "$run"
    done
done

{
    echo "## Database paths, run of $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- Machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
    echo "- Gateway: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), release, 1 event-loop thread; pools max $max_conns"
    echo "- PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'); ${duration} per run, two runs each, alternating"
    echo "- Load average before: $load_start; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Gateway idle RSS $((idle_rss / 1024)) MiB; after the runs $(( $(rss_kb "$gateway_pid") / 1024 )) MiB"
    echo
    echo "rps and p50: mean of two runs; p99: the worse run; gateway CPU: µs of gateway CPU per request."
    echo
    echo "| scenario | conns | rps | p50 ms | p99 ms | errors | gateway µs CPU/req | vs native | vs pg_bridge |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '
        { k = $1 SUBSEP $2; rps[k] += $4 / 2; p50[k] += $5 / 2; if ($6 > p99[k]) p99[k] = $6
          err[k] += $7; cpu[k] += $8; reqs[k] += $4 * 1
          if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
        END {
          for (i = 1; i <= n; i++) {
            split(order[i], p, SUBSEP); s = p[1]; c = p[2]
            native = ""
            bridge = ""
            if (s == "gw_postgres" || s == "pg_bridge") native = sprintf("%.2f", rps[order[i]] / rps["pgbench" SUBSEP c])
            if (s == "gw_postgres") bridge = sprintf("%.2f", rps[order[i]] / rps["pg_bridge" SUBSEP c])
            if (s == "gw_redis") native = sprintf("%.2f", rps[order[i]] / rps["redis-benchmark" SUBSEP c])
            percpu = (cpu[order[i]] > 0) ? sprintf("%.1f", cpu[order[i]] * 1e6 / (rps[order[i]] * 2 * '"$secs"')) : ""
            printf "| %s | %s | %.0f | %.3f | %.3f | %d | %s | %s | %s |\n", s, c, rps[order[i]], p50[order[i]], p99[order[i]], err[order[i]], percpu, native, bridge
          }
        }' "$out/runs.tsv"
} >"$out/report.md"
cat "$out/report.md"
