#!/usr/bin/env bash
# Drives the gateway with real clients: the official MCP TypeScript SDK client (over
# Streamable HTTP, legacy HTTP+SSE and stdio) and the Inspector CLI, both pinned in
# package-lock.json and run on the Node 22 pinned beside them (tests/sdk/node_modules).
#
# Usage: tests/sdk/run.sh PATH/TO/mcpgw [SERVERS_DIR]
#   SERVERS_DIR (or $MCPGW_SERVERS_DIR): where the tests/servers fixtures wrote postgres.env,
#   mariadb.env, redis.env and prometheus.env (ctest: ${CMAKE_BINARY_DIR}/servers).
#   Extra options for the JS go in $MCPGW_SDK_ARGS (e.g. "--only http").
#
# It creates least-privilege read-only users on PostgreSQL and MariaDB (as the superuser, over
# their unix sockets), data of its own (names unique to this run), a SQLite database, a gateway
# configuration using all of them plus the conformance fixture source; starts the gateway on
# 127.0.0.1:0, runs tests/sdk/sdk_test.mjs against it, stops it by PID and drops what it made.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gateway="$(realpath "${1:?usage: run.sh PATH/TO/mcpgw [SERVERS_DIR]}")"
servers="${2:-${MCPGW_SERVERS_DIR:-}}"
[ -n "$servers" ] || { echo "sdk: no SERVERS_DIR (argument 2 or MCPGW_SERVERS_DIR)" >&2; exit 2; }
tools="${MCPGW_SDK_DIR:-$here/node_modules}"
if [ ! -x "$tools/.bin/node" ] || [ ! -d "$tools/@modelcontextprotocol/sdk" ] || [ ! -x "$tools/.bin/inspector" ]; then
  echo "sdk: test clients not installed: run 'npm ci' in $here (scripts/setup.sh does)" >&2
  exit 2
fi
export PATH="$tools/.bin:$PATH"   # node@22 from npm first (the Inspector's '#!/usr/bin/env node' too)

# KEY=value lines of SERVERS_DIR/KIND.env, read line by line (never sourced: USER= would
# replace the shell's $USER). Sets env_<KIND>_<KEY>.
read_env() {
  local kind=$1 file="$servers/$1.env" line key
  [ -r "$file" ] || { echo "sdk: no $file: run through ctest (fixture ${1}_server) or tests/servers/start.sh $1 DIR" >&2; exit 2; }
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; *=*) ;; *) continue ;; esac
    key="${line%%=*}"
    printf -v "env_${kind}_${key}" '%s' "${line#*=}"
  done <"$file"
}
for kind in postgres mariadb redis prometheus; do read_env "$kind"; done

work="$(mktemp -d /tmp/mcpgw-sdk.XXXXXX)"
tag="sdk$$"                          # unique to this run: schema, database, users, keys
pg_schema="${tag}_app"
pg_role="${tag}_ro"
my_db="${tag}_crm"
my_user="${tag}_ro"
redis_prefix="${tag}"
pw_pg="pg_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
pw_my="my_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
gw_pid=""

psql_admin() {
  timeout 30 psql -X -q -v ON_ERROR_STOP=1 -h "$env_postgres_SOCKET" -p "$env_postgres_PORT" \
    -U postgres -d "$env_postgres_DATABASE" "$@"
}
mariadb_root() {
  timeout 30 mariadb --protocol=socket --socket="$env_mariadb_SOCKET" -uroot "$@"
}
redis() {
  timeout 10 redis-cli -h "$env_redis_HOST" -p "$env_redis_PORT" "$@"
}

cleanup() {
  local rc=$?
  if [ -n "$gw_pid" ] && kill -0 "$gw_pid" 2>/dev/null; then
    kill -TERM "$gw_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$gw_pid" 2>/dev/null || true
    wait "$gw_pid" 2>/dev/null || true
  fi
  psql_admin -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $pg_schema CASCADE;" \
    -c "DROP OWNED BY $pg_role" -c "DROP ROLE IF EXISTS $pg_role" >/dev/null 2>&1 || true
  mariadb_root -e "DROP DATABASE IF EXISTS $my_db; DROP USER IF EXISTS '$my_user'@'127.0.0.1'" >/dev/null 2>&1 || true
  redis --scan --pattern "$redis_prefix:*" 2>/dev/null | while IFS= read -r k; do redis DEL "$k" >/dev/null; done || true
  if [ "$rc" -ne 0 ] && [ -s "$work/gateway.log" ]; then
    echo "sdk: gateway log (last 40 lines):" >&2; tail -n 40 "$work/gateway.log" >&2
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

# --- PostgreSQL: a schema owned by the test user, a read-only role that owns nothing.
psql_admin >/dev/null <<SQL
SET client_min_messages = warning;
CREATE SCHEMA $pg_schema AUTHORIZATION $env_postgres_USER;
CREATE TABLE $pg_schema.accounts (id int PRIMARY KEY, owner text NOT NULL,
  balance numeric(12,2) NOT NULL DEFAULT 0, opened date);
INSERT INTO $pg_schema.accounts VALUES (1, 'ann', 100.50, '2024-01-02'), (2, 'bob', 20, NULL),
  (3, 'cid', 0, '2025-06-30');
CREATE VIEW $pg_schema.rich AS SELECT owner, balance FROM $pg_schema.accounts WHERE balance > 10;
ALTER TABLE $pg_schema.accounts OWNER TO $env_postgres_USER;
ALTER VIEW $pg_schema.rich OWNER TO $env_postgres_USER;
CREATE ROLE $pg_role LOGIN PASSWORD '$pw_pg' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
ALTER ROLE $pg_role SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE $env_postgres_DATABASE TO $pg_role;
GRANT USAGE ON SCHEMA $pg_schema TO $pg_role;
GRANT SELECT ON ALL TABLES IN SCHEMA $pg_schema TO $pg_role;
SQL

# --- MariaDB: a database of this run, a user with SELECT and SHOW VIEW on it only.
mariadb_root <<SQL
CREATE DATABASE $my_db;
CREATE TABLE $my_db.customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL,
  revenue DECIMAL(12,2) NOT NULL DEFAULT 0, signed_up DATE NULL);
INSERT INTO $my_db.customers VALUES (1, 'acme', 1200.00, '2023-03-01'), (2, 'globex', 800.50, NULL),
  (3, 'initech', 42.00, '2024-11-20');
CREATE VIEW $my_db.big_customers AS SELECT name, revenue FROM $my_db.customers WHERE revenue > 100;
CREATE USER '$my_user'@'127.0.0.1' IDENTIFIED BY '$pw_my';
GRANT SELECT, SHOW VIEW ON $my_db.* TO '$my_user'@'127.0.0.1';
SQL

# --- Redis: keys under this run's prefix.
redis SET "$redis_prefix:greeting" "hello from redis" >/dev/null
redis HSET "$redis_prefix:user:1" name ann team ops >/dev/null
redis RPUSH "$redis_prefix:events" login logout login >/dev/null

# --- SQLite: a database file built with the sqlite3 CLI.
sqlite3 "$work/ops.db" <<'SQL'
CREATE TABLE services (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, tier INTEGER NOT NULL,
  owner TEXT);
INSERT INTO services VALUES (1, 'checkout-api', 1, 'payments'), (2, 'search', 2, 'discovery'),
  (3, 'payments-worker', 1, 'payments'), (4, 'recommendations', 3, NULL);
CREATE TABLE incidents (id INTEGER PRIMARY KEY, service_id INTEGER REFERENCES services(id),
  severity TEXT, opened_at TEXT);
INSERT INTO incidents VALUES (1, 1, 'sev2', '2025-01-03T10:00:00Z'), (2, 3, 'sev1', '2025-02-11T08:30:00Z');
CREATE VIEW tier1 AS SELECT name, owner FROM services WHERE tier = 1;
SQL

# --- Prometheus: a fresh fixture has not scraped itself yet; wait (30 s at most) until it has.
prom="http://$env_prometheus_HOST:$env_prometheus_PORT"
for i in $(seq 1 60); do
  if timeout 5 curl -sf -G "$prom/api/v1/query" --data-urlencode 'query=up{job="prometheus"}' 2>/dev/null | grep -q '"value"'; then
    break
  fi
  [ "$i" -eq 60 ] && { echo "sdk: prometheus at $prom has no sample of up{job=\"prometheus\"} after 30 s" >&2; exit 1; }
  sleep 0.5
done

# --- The gateway configuration. Passwords come from the environment, never the file.
export MCPGW_SDK_PG_PASSWORD="$pw_pg" MCPGW_SDK_MY_PASSWORD="$pw_my"
config="$work/gateway.yaml"
cat >"$config" <<YAML
# Written by tests/sdk/run.sh: every tool family on real servers, all read_only.
listen: {address: 127.0.0.1, port: 0, path: /mcp}
limits: {drain_timeout: 2s}
servers:
  - {name: conformance, type: conformance}
  - {name: ops, type: sqlite, path: $work/ops.db, access: read_only, description: "SDK test SQLite database"}
  - {name: gone, type: sqlite, path: $work/missing.db, access: read_only, description: "a file that does not exist"}
  - {name: pg, type: postgres, host: $env_postgres_HOST, port: $env_postgres_PORT, user: $pg_role,
     password: "\${MCPGW_SDK_PG_PASSWORD}", database: $env_postgres_DATABASE, access: read_only,
     description: "SDK test PostgreSQL (read-only role)"}
  - {name: maria, type: mysql, host: $env_mariadb_HOST, port: $env_mariadb_PORT, user: $my_user,
     password: "\${MCPGW_SDK_MY_PASSWORD}", database: $my_db, access: read_only,
     description: "SDK test MariaDB (SELECT only)"}
  - {name: cache, type: redis, host: $env_redis_HOST, port: $env_redis_PORT, access: read_only,
     description: "SDK test Redis"}
  - {name: metrics, type: prometheus, url: "http://$env_prometheus_HOST:$env_prometheus_PORT",
     description: "SDK test Prometheus"}
tools:
  - name: services_by_tier
    server: ops
    description: Services of one tier
    statement: SELECT name, owner FROM services WHERE tier = :tier ORDER BY name
    parameters:
      tier: {type: integer, minimum: 1, maximum: 3, description: the tier (1 is most critical)}
  - name: account_by_owner
    server: pg
    description: One account by its owner
    statement: SELECT id, owner, balance FROM $pg_schema.accounts WHERE owner = :owner
    parameters:
      owner: {type: string, minLength: 1, maxLength: 40}
  - name: customer_by_id
    server: maria
    description: One customer by id
    statement: SELECT id, name, revenue FROM customers WHERE id = :id
    parameters:
      id: {type: integer, minimum: 1}
  - name: user_field
    server: cache
    description: One field of a user hash
    command: [HGET, "$redis_prefix:user:{id}", "{field}"]
    parameters:
      id: {type: integer, minimum: 1}
      field: {type: string, enum: [name, team]}
YAML

# What the JS checks against (names of this run).
cat >"$work/facts.json" <<JSON
{
  "gateway": "$gateway",
  "config": "$config",
  "pg_schema": "$pg_schema",
  "my_db": "$my_db",
  "redis_prefix": "$redis_prefix",
  "stdio_env": ["MCPGW_SDK_PG_PASSWORD", "MCPGW_SDK_MY_PASSWORD"]
}
JSON

"$gateway" check --config "$config" >"$work/check.out" 2>&1 || { cat "$work/check.out" >&2; echo "sdk: mcpgw check refused the configuration" >&2; exit 1; }

"$gateway" serve --config "$config" --listen 127.0.0.1:0 2>"$work/gateway.log" &
gw_pid=$!
port=""
for _ in $(seq 1 100); do
  port="$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$work/gateway.log" 2>/dev/null | grep -o '"port":[0-9]*' | cut -d: -f2 || true)"
  [ -n "$port" ] && break
  kill -0 "$gw_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "sdk: gateway did not start:" >&2; cat "$work/gateway.log" >&2; exit 1
fi
echo "sdk: gateway pid $gw_pid on 127.0.0.1:$port; node $(node --version); config $config"

set +e
# shellcheck disable=SC2086  # MCPGW_SDK_ARGS is a list of options
timeout 170 node "$here/sdk_test.mjs" --url "http://127.0.0.1:$port" --facts "$work/facts.json" ${MCPGW_SDK_ARGS:-}
rc=$?
set -e
if [ "$rc" -eq 124 ]; then echo "sdk: the JS tests timed out (170 s)" >&2; fi
if ! kill -0 "$gw_pid" 2>/dev/null; then
  echo "sdk: the gateway exited during the tests" >&2; rc=1
fi
exit "$rc"
