#!/usr/bin/env bash
# A throwaway PostgreSQL cluster of Debian's `postgresql` package, for tests and trying norced out:
#
#   scripts/pg-cluster.sh start DIR   initdb into DIR/data (if not there yet), start it on 127.0.0.1 at a free
#                                     port with its socket in DIR, print its connection string (admin database
#                                     `postgres`, user `postgres`, no password) and write it to DIR/conninfo
#   scripts/pg-cluster.sh stop DIR    stop it (fast shutdown: sessions are ended, nothing committed is lost)
#
# The cluster is UTF-8 with the C.UTF-8 locale, so lower() folds letter case beyond ASCII, as norced needs.
# fsync and synchronous_commit keep their defaults: tests see the durability a real server has. initdb
# refuses to run as root, so as root the cluster belongs to the `postgres` system user (created by the
# postgresql package) and DIR is handed to it; as any other user it belongs to that user.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$2

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: install the postgresql package" >&2
  exit 1
fi

# Runs a server binary as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
      id postgres >/dev/null 2>&1 || { echo "no postgres system user: install the postgresql package" >&2; exit 1; }
      chown postgres: "$dir"
      chmod 700 "$dir"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # A free port: one that nothing answers on. A cluster started before tries its previous port first, so
    # its connection string stays the same across restarts. Another process may take a port between the
    # check and the start, so a start that fails to bind tries the next candidate.
    previous=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' "$dir/conninfo" 2>/dev/null || true)
    for attempt in $(seq 1 20); do
      port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
      if [ "$attempt" -eq 1 ] && [ -n "$previous" ]; then port=$previous; fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c max_connections=200" \
          start >/dev/null; then
        conninfo="host=127.0.0.1 port=$port user=postgres dbname=postgres"
        echo "$conninfo" >"$dir/conninfo"
        echo "$conninfo"
        exit 0
      fi
      if ! grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null; then
        cat "$dir/server.log" >&2 || true
        exit 1
      fi
    done
    echo "no free port found for PostgreSQL" >&2
    exit 1
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] || exit 0
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    ;;
  *)
    usage
    ;;
esac
