#!/usr/bin/env bash
# start.sh KIND DIR: start a throwaway KIND server (postgres|mariadb|redis|prometheus) on a free 127.0.0.1 port,
# with its data under DIR/KIND (fresh each time), and write DIR/KIND.env
# (PORT, HOST, USER, PASSWORD, DATABASE, PID, DATA, SOCKET).
source "$(dirname "$0")/common.sh"
[ $# -eq 2 ] || die "usage: start.sh KIND DIR"
kind=$1; dir=$2
check_kind "$kind"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
env_file=$dir/$kind.env
data=$dir/$kind

# A server left by an earlier run that never reached stop.sh: stop it first.
if [ -f "$env_file" ]; then
  "$(dirname "$0")/stop.sh" "$kind" "$dir" || true
fi
rm -rf "$data" "$env_file"
mkdir -p "$data"
port=$(free_port)
log=$dir/$kind.log
if [ "$kind" = postgres ]; then
  # The postgres user must reach its data folder and log whatever the build path's
  # permissions (a clone under /root is not traversable): keep both under /tmp.
  rmdir "$data"
  data=$(mktemp -d /tmp/mcpgw-pg.XXXXXX)
  chmod 755 "$data"
  log=$data/postgres.log
fi
: > "$log"

write_env() { # USER PASSWORD DATABASE PID SOCKET
  local tmp=$env_file.tmp
  {
    echo "KIND=$kind"
    echo "HOST=127.0.0.1"
    echo "PORT=$port"
    echo "USER=$1"
    echo "PASSWORD=$2"
    echo "DATABASE=$3"
    echo "PID=$4"
    echo "DATA=$data"
    echo "SOCKET=$5"
    echo "LOG=$log"
  } > "$tmp"
  mv "$tmp" "$env_file"
}

fail() { echo "servers: $kind failed to start: $*" >&2; tail -n 40 "$log" >&2 || true; exit 1; }

case "$kind" in
postgres)
  # PostgreSQL refuses to run as root: everything runs as the postgres user on a folder it owns.
  chown postgres:postgres "$data" "$log"
  pgdata=$data/db
  sock=$data
  pwfile=$data/pw
  echo "$TEST_PASSWORD" > "$pwfile"; chown postgres "$pwfile"; chmod 600 "$pwfile"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$pgdata" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 --pwfile="$pwfile" -E UTF8 --no-instructions >>"$log" 2>&1 \
    || fail "initdb"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pgdata" -l "$log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$sock -c fsync=off" start \
      >/dev/null 2>&1 || fail "pg_ctl start"
  wait_until 60 "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" || fail "pg_isready timed out"
  pid=$(head -n 1 "$pgdata/postmaster.pid")
  write_env "$TEST_USER" "$TEST_PASSWORD" "$TEST_DB" "$pid" "$sock"
  runuser -u postgres -- psql -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE $TEST_USER LOGIN PASSWORD '$TEST_PASSWORD'" \
      -c "CREATE DATABASE $TEST_DB OWNER $TEST_USER" >>"$log" 2>&1 || fail "create role/database"
  ;;
mariadb)
  db=$data/db
  sock=$data/mariadb.sock
  pidfile=$data/mariadb.pid
  mariadb-install-db --no-defaults --datadir="$db" --user=root --auth-root-authentication-method=socket \
      --skip-test-db >>"$log" 2>&1 || fail "mariadb-install-db"
  # setsid: own session, so ctest does not wait on it and it outlives this script.
  setsid /usr/sbin/mariadbd --no-defaults --datadir="$db" --port="$port" --socket="$sock" \
      --pid-file="$pidfile" --bind-address=127.0.0.1 --user=root --skip-log-bin \
      --log-error="$log" --innodb-buffer-pool-size=32M --skip-name-resolve \
      --max-allowed-packet=1G \
      </dev/null >>"$log" 2>&1 &
  pid=$!
  write_env "$TEST_USER" "$TEST_PASSWORD" "$TEST_DB" "$pid" "$sock"
  ping_mariadb() { pid_alive "$pid" && mariadb-admin --no-defaults --socket="$sock" -uroot ping; }
  wait_until 60 ping_mariadb || fail "mariadb-admin ping timed out"
  mariadb --no-defaults --socket="$sock" -uroot -e "
    CREATE DATABASE $TEST_DB;
    CREATE USER '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
    CREATE USER '$TEST_USER'@'localhost' IDENTIFIED BY '$TEST_PASSWORD';
    GRANT ALL PRIVILEGES ON $TEST_DB.* TO '$TEST_USER'@'127.0.0.1';
    GRANT ALL PRIVILEGES ON $TEST_DB.* TO '$TEST_USER'@'localhost';
    CREATE USER '$READER_USER'@'127.0.0.1' IDENTIFIED BY '$READER_PASSWORD';
    GRANT SELECT, SHOW VIEW ON $TEST_DB.* TO '$READER_USER'@'127.0.0.1';" >>"$log" 2>&1 \
    || fail "create user/database"
  # read_only sources connect as the least-privilege reader (a read_only server refuses an
  # account with write or administrative privileges); the test user owns the data.
  { echo "READER_USER=$READER_USER"; echo "READER_PASSWORD=$READER_PASSWORD"; } >> "$env_file"
  ;;
redis)
  pidfile=$data/redis.pid
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$pidfile" --dir "$data" --logfile "$log" --unixsocket '' >/dev/null 2>&1 \
    || fail "redis-server"
  wait_until 60 sh -c "redis-cli -h 127.0.0.1 -p $port ping | grep -q PONG" || fail "redis-cli ping timed out"
  wait_until 10 test -s "$pidfile" || fail "no pid file"
  pid=$(cat "$pidfile")
  write_env "" "" "" "$pid" ""
  ;;
prometheus)
  # Scrapes itself and the gateways the tests start: a test writes DIR/prometheus/targets/NAME.json
  # (file_sd, picked up by inotify; Prometheus applies discovery changes about every 5 s).
  # One always-firing alert and one recording rule give the alerts and rules tools data.
  # The query log records every query Prometheus received (the escape tests read it).
  mkdir -p "$data/targets" "$data/tsdb"
  cat > "$data/rules.yml" <<RULES
groups:
  - name: mcpgw_test
    interval: 1s
    rules:
      - alert: McpgwTestAlwaysFiring
        expr: vector(1)
        labels: {severity: none}
        annotations: {summary: "fires all the time (test fixture)"}
      - record: mcpgw_test:one
        expr: vector(1)
RULES
  cat > "$data/prometheus.yml" <<CONFIG
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
  query_log_file: $data/query.log
rule_files: ["$data/rules.yml"]
scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ["127.0.0.1:$port"]}]
  - job_name: mcpgw
    file_sd_configs: [{files: ["$data/targets/*.json"], refresh_interval: 1s}]
CONFIG
  setsid /usr/bin/prometheus --config.file="$data/prometheus.yml" --storage.tsdb.path="$data/tsdb" \
      --web.listen-address="127.0.0.1:$port" --log.level=warn </dev/null >>"$log" 2>&1 &
  pid=$!
  write_env "" "" "" "$pid" ""
  { echo "TARGETS=$data/targets"; echo "QUERY_LOG=$data/query.log"; } >> "$env_file"
  ready_prometheus() { pid_alive "$pid" && curl -sf "http://127.0.0.1:$port/-/ready"; }
  wait_until 60 ready_prometheus || fail "prometheus /-/ready timed out"
  ;;
esac
echo "servers: $kind up on 127.0.0.1:$port (pid $pid), env in $env_file"
