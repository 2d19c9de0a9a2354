#!/usr/bin/env bash
# smoke.sh KIND DIR: connect to the running KIND server as the test user from DIR/KIND.env.
source "$(dirname "$0")/common.sh"
[ $# -eq 2 ] || die "usage: smoke.sh KIND DIR"
kind=$1; dir=$2
check_kind "$kind"
env_file=$dir/$kind.env
[ -f "$env_file" ] || die "$env_file missing (did servers_${kind}_start run?)"
PORT=$(sed -n 's/^PORT=//p' "$env_file")
USER_=$(sed -n 's/^USER=//p' "$env_file")
PASSWORD=$(sed -n 's/^PASSWORD=//p' "$env_file")
DATABASE=$(sed -n 's/^DATABASE=//p' "$env_file")
case "$kind" in
postgres)
  out=$(PGPASSWORD=$PASSWORD psql -X -h 127.0.0.1 -p "$PORT" -U "$USER_" -d "$DATABASE" -tA -c 'select 1') ;;
mariadb)
  out=$(mariadb --no-defaults -h 127.0.0.1 -P "$PORT" -u "$USER_" -p"$PASSWORD" "$DATABASE" -N -B -e 'select 1') ;;
redis)
  out=$(redis-cli -h 127.0.0.1 -p "$PORT" ping) ;;
prometheus)
  out=$(curl -sf "http://127.0.0.1:$PORT/api/v1/query?query=1")
  case "$out" in *'"status":"success"'*) out=1 ;; esac ;;
esac
echo "servers: $kind smoke: $out"
case "$out" in 1|PONG) ;; *) die "$kind smoke: unexpected '$out'";; esac
