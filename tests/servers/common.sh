# Shared helpers for start.sh / stop.sh / smoke.sh (sourced, not run).
set -euo pipefail

die() { echo "servers: $*" >&2; exit 1; }

check_kind() {
  case "$1" in postgres|mariadb|redis|prometheus) ;; *) die "unknown kind '$1' (postgres|mariadb|redis|prometheus)";; esac
}

# A free TCP port on 127.0.0.1 (the kernel picks it; a small race remains until the server binds).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_until SECONDS CMD...: run CMD every 0.25 s until it succeeds; fail after SECONDS.
wait_until() {
  local limit=$1; shift
  local deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.25
  done
}

# pid_alive PID: true while the process exists.
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

PG_BIN=/usr/lib/postgresql/15/bin
TEST_USER=mcpgw_test
TEST_DB=mcpgw_test
TEST_PASSWORD=mcpgw_test_pw
# MariaDB: SELECT and SHOW VIEW on TEST_DB only (what read_only sources connect as).
READER_USER=mcpgw_reader
READER_PASSWORD=mcpgw_reader_pw
