#!/usr/bin/env bash
# restart_redis.sh DIR down|up: stop the Redis server recorded in DIR/redis.env, or start it
# again on the same port (fresh and empty: the test servers keep no data). For tests of the
# gateway's pool while its server goes away and comes back. Bounded waits; `up` rewrites PID.
source "$(dirname "$0")/common.sh"
[ $# -eq 2 ] || die "usage: restart_redis.sh DIR down|up"
dir=$(cd "$1" && pwd); what=$2
env_file=$dir/redis.env
[ -f "$env_file" ] || die "no $env_file (start the server with start.sh redis DIR first)"
port=$(sed -n 's/^PORT=//p' "$env_file")
pid=$(sed -n 's/^PID=//p' "$env_file")
data=$(sed -n 's/^DATA=//p' "$env_file")
log=$(sed -n 's/^LOG=//p' "$env_file")
case "$what" in
down)
  if pid_alive "$pid"; then
    timeout 10 redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    wait_until 10 sh -c "! kill -0 $pid" || kill -KILL "$pid" 2>/dev/null || true
    wait_until 5 sh -c "! kill -0 $pid" || die "redis (pid $pid) would not stop"
  fi
  echo "servers: redis down (port $port)"
  ;;
up)
  pid_alive "$pid" && die "redis (pid $pid) is still running"
  pidfile=$data/redis.pid
  rm -f "$pidfile"
  mkdir -p "$data"
  # The port was just freed by `down`; a listener in TIME_WAIT does not block a rebind.
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$pidfile" --dir "$data" --logfile "$log" --unixsocket '' >/dev/null 2>&1 \
    || die "redis-server did not start"
  wait_until 20 sh -c "redis-cli -h 127.0.0.1 -p $port ping | grep -q PONG" || die "redis-cli ping timed out"
  wait_until 10 test -s "$pidfile" || die "no pid file"
  newpid=$(cat "$pidfile")
  sed -i "s/^PID=.*/PID=$newpid/" "$env_file"
  echo "servers: redis up again on 127.0.0.1:$port (pid $newpid)"
  ;;
*) die "usage: restart_redis.sh DIR down|up" ;;
esac
