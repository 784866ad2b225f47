#!/usr/bin/env bash
# A short POST-only measurement, for comparing two builds or two settings of the write path quickly:
#   bash bench/post.sh [BINARY] [serve options...]     e.g. bash bench/post.sh build-release/norced --write-nice 0
# Starts BINARY (default build-release/norced) on a fresh data folder, seeds 1,000 categories over HTTP, then runs
# wrk with 64 connections for 5 s of POST /api/category (bench/wrk.lua, mode post) and prints requests/s.
# With POST_BENCH_DATABASE=CONNINFO it runs on that PostgreSQL database instead (it must be empty: drop and
# create it between runs), e.g. to compare two builds alternately on one cluster from scripts/pg-cluster.sh.
# The full benchmark with ratios and targets is bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build-release/norced}
shift || true
PORT=${POST_BENCH_PORT:-18555}
DATA=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$DATA"' EXIT
STORE=(--data "$DATA")
[ -n "${POST_BENCH_DATABASE:-}" ] && STORE=(--database "$POST_BENCH_DATABASE")
NORCED_CLIENT_ID=bench NORCED_CLIENT_SECRET=bench-secret \
  "$BIN" serve --listen "127.0.0.1:$PORT" "${STORE[@]}" "$@" >"$DATA/server.log" 2>&1 &
PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
TOKEN=$(python3 bench/seed.py token --port "$PORT" --client-id bench --client-secret bench-secret)
python3 bench/seed.py seed --port "$PORT" --token "$TOKEN" --categories "${POST_BENCH_CATEGORIES:-1000}" --pricelists 10 >/dev/null
(cd bench && BENCH_TOKEN=$TOKEN BENCH_MODE=post BENCH_MIN_ID=1 BENCH_MAX_ID="${POST_BENCH_CATEGORIES:-1000}" \
  wrk -t2 -c64 -d5s -s wrk.lua "http://127.0.0.1:$PORT") | grep -E "Requests/sec|Non-2xx"
