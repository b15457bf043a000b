#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests.
#
#   eval "$(./scripts/pg.sh start "$(mktemp -d)")"   # prints export lines:
#       CHANCERY_TEST_PG=postgresql://postgres@127.0.0.1:PORT/chancery_test, CHANCERY_PG_DIR
#   ./scripts/pg.sh stop "$CHANCERY_PG_DIR"           # stops it and removes the folder
#
# Installs Debian's postgresql when initdb is missing, makes a cluster in DIR (owned by
# the postgres user: initdb refuses root), listening on 127.0.0.1 only, on a free port,
# trusting loopback connections. Messages go to stderr; stdout carries only the exports.
set -euo pipefail
action="${1:-}"
dir="${2:-}"
[ -n "$action" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/createdb" ] && { echo "$d"; return; }
  done
  if command -v initdb >/dev/null 2>&1; then
    d="$(dirname "$(readlink -f "$(command -v initdb)")")"
    [ -x "$d/createdb" ] && { echo "$d"; return; }
  fi
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
  bin="$(find_bin)"
  if [ -z "$bin" ]; then
    echo "pg.sh: installing postgresql" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2
    bin="$(find_bin)"
  fi
  [ -n "$bin" ] || { echo "pg.sh: no initdb found" >&2; exit 1; }
  mkdir -p "$dir"
  data="$dir/data"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
  as_pg "$bin/initdb" -D "$data" -U postgres -A trust --no-sync -E UTF8 --locale=C >&2
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_pg "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
    start >&2
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres chancery_test >&2
  echo "export CHANCERY_TEST_PG=postgresql://postgres@127.0.0.1:$port/chancery_test"
  echo "export CHANCERY_PG_DIR=$dir"
  ;;
stop)
  bin="$(find_bin)"
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
