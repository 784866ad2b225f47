#!/usr/bin/env bash
# The Query API benchmark (bench/query.py, which says what it measures) on a fresh server:
#   bash bench/query.sh [BINARY] [serve options...]      e.g. bash bench/query.sh build-release/norced
# With QUERY_BENCH_DATABASE=CONNINFO it runs on that (empty) PostgreSQL database instead of a fresh SQLite
# folder. QUERY_BENCH_SKUS (20,000) SKUs are imported first; then QUERY_BENCH_ROUNDS (4) rounds of
# QUERY_BENCH_DURATION (5) seconds of wrk with QUERY_BENCH_CONNECTIONS (8) connections followed by as long of the
# raw SQL; the figure is the median of the rounds' ratios. The raw side is bench/query_raw.cpp's
# query_raw, built with ninja beside BINARY (in its bench/ folder) when missing; QUERY_BENCH_RAW=path to use
# another. Its output, '#' lines saying what ran and then JSON lines, is what bench/results/query.txt holds.
set -euo pipefail
cd "$(dirname "$0")/.."
COMMAND="bash bench/query.sh $*"
BIN=${1:-build-release/norced}
shift || true
PORT=${QUERY_BENCH_PORT:-18557}
DATA=$(mktemp -d)
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

RAW=${QUERY_BENCH_RAW:-$(dirname "$BIN")/bench/query_raw}
if [ ! -x "$RAW" ]; then
  nice ninja -C "$(dirname "$BIN")" query_raw >&2
fi

STORE=(--data "$DATA")
TARGET=(--sqlite "$DATA/norced.db")
ENGINE=sqlite
if [ -n "${QUERY_BENCH_DATABASE:-}" ]; then
  STORE=(--database "$QUERY_BENCH_DATABASE")
  TARGET=(--postgres "$QUERY_BENCH_DATABASE")
  ENGINE="postgres ($(psql "$QUERY_BENCH_DATABASE" -Atc 'SHOW server_version'))"
fi

echo "# Query API: a ProductSkus page of 500 with \$filter and \$select (bench/query.py with wrk) against the same page as raw SQL (bench/query_raw.cpp)"
echo "# commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench CMakeLists.txt || echo ' (with local changes)')"
echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "# command: ${QUERY_BENCH_DATABASE:+QUERY_BENCH_DATABASE='<conninfo>' }$COMMAND"
echo "# engine: $ENGINE; binary: $BIN ($("$BIN" --version 2>/dev/null | head -1)); ${QUERY_BENCH_SKUS:-20000} SKUs"
echo "# machine: $(nproc) cores, $(uname -r), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

NORCED_CLIENT_ID=bench NORCED_CLIENT_SECRET=bench-secret \
  "$BIN" --log-level warn serve --listen "127.0.0.1:$PORT" --query-page-size 500 "${STORE[@]}" "$@" \
  >"$DATA/server.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
if ! curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then
  cat "$DATA/server.log" >&2
  echo "query.sh: norced did not start" >&2
  exit 1
fi
TOKEN=$(python3 bench/seed.py token --port "$PORT" --client-id bench --client-secret bench-secret)
python3 bench/query.py --port "$PORT" --token "$TOKEN" --raw "$RAW" "${TARGET[@]}" \
  --skus "${QUERY_BENCH_SKUS:-20000}" --duration "${QUERY_BENCH_DURATION:-5}" \
  --rounds "${QUERY_BENCH_ROUNDS:-4}" \
  --connections "${QUERY_BENCH_CONNECTIONS:-8}"
