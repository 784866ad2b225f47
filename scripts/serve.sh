#!/usr/bin/env bash
# Installs what is missing, builds norced (Release) and starts it with demo data. Extra arguments go to
# `norced serve` (e.g. --listen 0.0.0.0:8080).
#
#   scripts/serve.sh              the embedded SQLite database in ./norced-data
#   scripts/serve.sh --postgres   a local PostgreSQL cluster in ./norced-data/postgres (created on first use,
#                                 scripts/pg-cluster.sh), stopped again when norced exits
#
# Credentials: NORCED_CLIENT_ID / NORCED_CLIENT_SECRET (defaults below) apply when the database is created.
set -euo pipefail
cd "$(dirname "$0")/.."
postgres=0
args=()
for a in "$@"; do
  if [ "$a" = "--postgres" ]; then postgres=1; else args+=("$a"); fi
done
scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNORCED_BUILD_TESTS=OFF >/dev/null
ninja -C build-release norced
export NORCED_CLIENT_ID="${NORCED_CLIENT_ID:-norced-demo}"
export NORCED_CLIENT_SECRET="${NORCED_CLIENT_SECRET:-norced-demo-secret}"
if [ "$postgres" = 0 ]; then
  echo "OAuth client: $NORCED_CLIENT_ID / $NORCED_CLIENT_SECRET (used when ./norced-data is created)"
  exec build-release/norced serve --data ./norced-data --demo ${args[@]+"${args[@]}"}
fi

cluster=./norced-data/postgres
mkdir -p ./norced-data
admin=$(scripts/pg-cluster.sh start "$cluster")
trap 'scripts/pg-cluster.sh stop "$cluster" >/dev/null 2>&1 || true' EXIT
# The norced database, created once; the cluster keeps its port across restarts, so the string stays the same.
if ! psql "$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = 'norced'" | grep -q 1; then
  psql "$admin" -qc "CREATE DATABASE norced"
fi
database=${admin/dbname=postgres/dbname=norced}
echo "PostgreSQL: $database (cluster in $cluster; stopped when norced exits)"
echo "OAuth client: $NORCED_CLIENT_ID / $NORCED_CLIENT_SECRET (used when the database is created)"
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
