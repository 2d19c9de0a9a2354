#!/usr/bin/env bash
# restart_mariadb.sh DIR down|up: stop or start again the MariaDB server that start.sh put in
# DIR (same data folder, port and socket), for tests of a database that goes away and comes
# back. `up` updates PID in DIR/mariadb.env. Both are bounded and succeed when already done.
source "$(dirname "$0")/common.sh"
[ $# -eq 2 ] || die "usage: restart_mariadb.sh DIR down|up"
dir=$(cd "$1" && pwd); action=$2
env_file=$dir/mariadb.env
[ -f "$env_file" ] || die "no $env_file (start.sh mariadb $dir first)"
value() { sed -n "s/^$1=//p" "$env_file"; }
pid=$(value PID); port=$(value PORT); data=$(value DATA); sock=$(value SOCKET); log=$(value LOG)

case "$action" in
down)
  if pid_alive "$pid"; then
    # SIGKILL: the database "dies" (no goodbye to clients), as in a crash or a lost host.
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 20 sh -c "! kill -0 $pid" || die "mariadb (pid $pid) would not stop"
  fi
  rm -f "$sock" "$data/mariadb.pid"
  echo "servers: mariadb down (port $port)"
  ;;
up)
  if pid_alive "$pid"; then
    echo "servers: mariadb already up (pid $pid)"; exit 0
  fi
  setsid /usr/sbin/mariadbd --no-defaults --datadir="$data/db" --port="$port" --socket="$sock" \
      --pid-file="$data/mariadb.pid" --bind-address=127.0.0.1 --user=root --skip-log-bin \
      --log-error="$log" --innodb-buffer-pool-size=32M --skip-name-resolve \
      --max-allowed-packet=1G \
      </dev/null >>"$log" 2>&1 &
  pid=$!
  ping_mariadb() { pid_alive "$pid" && mariadb-admin --no-defaults --socket="$sock" -uroot ping; }
  wait_until 60 ping_mariadb || { tail -n 20 "$log" >&2; die "mariadb did not come back"; }
  sed -i "s/^PID=.*/PID=$pid/" "$env_file"
  echo "servers: mariadb up again on 127.0.0.1:$port (pid $pid)"
  ;;
*) die "unknown action '$action' (down|up)";;
esac
