#!/usr/bin/env bash
# restart_postgres.sh DIR down|up: stop or start again the PostgreSQL server that start.sh
# recorded in DIR/postgres.env, keeping its data, port and socket (for tests of how clients
# behave while the server is away). `up` records the new PID in the env file so stop.sh
# still finds the server. Both are bounded and idempotent.
source "$(dirname "$0")/common.sh"
[ $# -eq 2 ] || die "usage: restart_postgres.sh DIR down|up"
dir=$1; what=$2
env_file=$dir/postgres.env
[ -f "$env_file" ] || die "no $env_file (start the server with start.sh first)"
value() { sed -n "s/^$1=//p" "$env_file"; }
port=$(value PORT); data=$(value DATA); sock=$(value SOCKET); log=$(value LOG)
pgdata=$data/db
[ -d "$pgdata" ] || die "no data folder $pgdata"

case "$what" in
down)
  if runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    timeout 30 runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pgdata" -m fast -w -t 25 stop \
      >/dev/null 2>&1 || die "pg_ctl stop failed"
  fi
  echo "servers: postgres down (data kept in $pgdata, port $port)"
  ;;
up)
  if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pgdata" -l "$log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$sock -c fsync=off" \
        start >/dev/null 2>&1 || die "pg_ctl start failed"
  fi
  wait_until 60 "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" || die "pg_isready timed out"
  pid=$(head -n 1 "$pgdata/postmaster.pid")
  tmp=$env_file.tmp
  sed "s/^PID=.*/PID=$pid/" "$env_file" > "$tmp" && mv "$tmp" "$env_file"
  echo "servers: postgres up on 127.0.0.1:$port (pid $pid)"
  ;;
*) die "usage: restart_postgres.sh DIR down|up" ;;
esac
