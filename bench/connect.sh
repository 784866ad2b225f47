#!/usr/bin/env bash
# Connect import throughput (bench/connect.py) on a fresh server:
#   bash bench/connect.sh [BINARY] [serve options...]      e.g. bash bench/connect.sh build-release/norced
# With CONNECT_BENCH_DATABASE=CONNINFO it runs on that (empty) PostgreSQL database instead of a fresh SQLite
# folder; CONNECT_BENCH_ITEMS sets the items per import (default 10,000).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build-release/norced}
shift || true
PORT=${CONNECT_BENCH_PORT:-18556}
DATA=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$DATA"' EXIT
STORE=(--data "$DATA")
[ -n "${CONNECT_BENCH_DATABASE:-}" ] && STORE=(--database "$CONNECT_BENCH_DATABASE")
NORCED_CLIENT_ID=bench NORCED_CLIENT_SECRET=bench-secret \
  "$BIN" --log-level warn serve --listen "127.0.0.1:$PORT" "${STORE[@]}" "$@" >"$DATA/server.log" 2>&1 &
PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
TOKEN=$(python3 bench/seed.py token --port "$PORT" --client-id bench --client-secret bench-secret)
python3 bench/connect.py --port "$PORT" --token "$TOKEN" --items "${CONNECT_BENCH_ITEMS:-10000}"
