#!/usr/bin/env bash
# Installs what is missing, builds norced (Release) and starts it with demo data. Extra arguments go to
# `norced serve` (e.g. --listen 0.0.0.0:8080).
#
#   scripts/serve.sh              the embedded SQLite database in ./norced-data
#   scripts/serve.sh --postgres   a local PostgreSQL cluster in ./norced-data/postgres (created on first use,
#                                 scripts/pg-cluster.sh), stopped again when norced exits
#   scripts/serve.sh --data DIR   the SQLite database in DIR instead
#
# Credentials: NORCED_CLIENT_ID / NORCED_CLIENT_SECRET (defaults below) apply when the database is created.
# They are printed only then; on existing data norced itself says whether they still get a token.
set -euo pipefail
here=$PWD
cd "$(dirname "$0")/.."
postgres=0
data=./norced-data
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres=1 ;;
    --data) [ $# -ge 2 ] || { echo "--data needs a folder" >&2; exit 2; }; data=$2; shift ;;
    --data=*) data=${1#--data=} ;;
    --database|--database=*) echo "--database: use norced serve itself, or --postgres here" >&2; exit 2 ;;
    *) args+=("$1") ;;
  esac
  shift
done
# A folder given on the command line is relative to where the script was called from.
if [ "$data" != ./norced-data ] && [ "${data#/}" = "$data" ]; then data=$here/$data; fi
scripts/install-deps.sh
# build-release/ is shared with scripts/test.sh and scripts/release.sh; only the server is built here.
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build-release norced
export NORCED_CLIENT_ID="${NORCED_CLIENT_ID:-norced-demo}"
export NORCED_CLIENT_SECRET="${NORCED_CLIENT_SECRET:-norced-demo-secret}"
if [ "$postgres" = 0 ]; then
  if [ -f "$data/norced.db" ]; then
    echo "Existing data in $data: norced checks NORCED_CLIENT_ID/NORCED_CLIENT_SECRET against it below"
    echo "(build-release/norced client list --data $data shows its OAuth clients)"
  else
    echo "OAuth client: $NORCED_CLIENT_ID / $NORCED_CLIENT_SECRET (created with $data)"
  fi
  exec build-release/norced serve --data "$data" --demo ${args[@]+"${args[@]}"}
fi

cluster=$data/postgres
mkdir -p "$data"
admin=$(scripts/pg-cluster.sh start "$cluster")
trap 'scripts/pg-cluster.sh stop "$cluster" >/dev/null 2>&1 || true' EXIT
# The norced database, created once; the cluster keeps its port across restarts, so the string stays the same.
created=0
if ! psql "$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = 'norced'" | grep -q 1; then
  psql "$admin" -qc "CREATE DATABASE norced"
  created=1
fi
database=${admin/dbname=postgres/dbname=norced}
echo "PostgreSQL: $database (cluster in $cluster; stopped when norced exits)"
if [ "$created" = 1 ]; then
  echo "OAuth client: $NORCED_CLIENT_ID / $NORCED_CLIENT_SECRET (created with the database)"
else
  echo "Existing database: norced checks NORCED_CLIENT_ID/NORCED_CLIENT_SECRET against it below"
fi
# norced runs as a child so that the cluster is stopped after it exits; Ctrl-C or a TERM to this script is
# passed on to norced, which drains its requests first.
build-release/norced serve --database "$database" --demo ${args[@]+"${args[@]}"} &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM
status=0
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid" || status=$?
done
exit "$status"
