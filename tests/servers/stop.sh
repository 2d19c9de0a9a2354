#!/usr/bin/env bash
# stop.sh KIND DIR: stop the KIND server that start.sh recorded in DIR/KIND.env, bounded,
# and remove its data folder. Succeeds if nothing is running.
source "$(dirname "$0")/common.sh"
[ $# -eq 2 ] || die "usage: stop.sh KIND DIR"
kind=$1; dir=$2
check_kind "$kind"
env_file=$dir/$kind.env
data=$dir/$kind
pid=""; port=""; sock=""
if [ -f "$env_file" ]; then
  pid=$(sed -n 's/^PID=//p' "$env_file")
  port=$(sed -n 's/^PORT=//p' "$env_file")
  sock=$(sed -n 's/^SOCKET=//p' "$env_file")
  recorded=$(sed -n 's/^DATA=//p' "$env_file")
  [ -n "$recorded" ] && data=$recorded   # postgres keeps its data under /tmp
fi

# Polite stop first (each bounded), then SIGTERM / SIGKILL by PID.
if pid_alive "$pid"; then
  case "$kind" in
  postgres)
    [ -d "$data/db" ] && timeout 30 runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data/db" -m fast -w -t 25 stop \
      >/dev/null 2>&1 || true ;;
  mariadb)
    [ -S "$sock" ] && timeout 30 mariadb-admin --no-defaults --socket="$sock" -uroot shutdown >/dev/null 2>&1 || true ;;
  redis)
    [ -n "$port" ] && timeout 15 redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true ;;
  prometheus)
    kill -TERM "$pid" 2>/dev/null || true ;;
  esac
  wait_until 20 sh -c "! kill -0 $pid" || true
  if pid_alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; wait_until 10 sh -c "! kill -0 $pid" || true; fi
  if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; wait_until 5 sh -c "! kill -0 $pid" || true; fi
  pid_alive "$pid" && die "$kind (pid $pid) would not stop"
fi
rm -rf "$data" "$env_file" "$env_file.tmp"
echo "servers: $kind stopped"
