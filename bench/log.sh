#!/usr/bin/env bash
# The request log's cost on the hot GET path: one norced on a fresh --demo folder, stderr to a file (as a
# service manager would keep it), a cached GET /api/category/{1..8} answered on the socket thread, measured
# with wrk -t2 -c64 (bench/wrk.lua) after a 2 s warm-up. Prints one line: LABEL rps=… log_lines=….
#
#   bash bench/log.sh BINARY LABEL [LOG_LEVEL]     e.g. bash bench/log.sh build-release/norced on info
#
# Run it several times, interleaving binaries or levels (info: log on; warn: log off), and compare medians:
# one short run on a shared machine is noise. DURATION=6s sets the measured run's length.
set -euo pipefail
BIN=$1
LABEL=$2
LEVEL=${3:-info}
DURATION=${DURATION:-6s}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir=$(mktemp -d /tmp/norced-log-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
port=$((20000 + RANDOM % 10000))
NORCED_CLIENT_ID=bench NORCED_CLIENT_SECRET=bench-secret-0123456789 \
  "$BIN" --log-level "$LEVEL" serve --listen 127.0.0.1:$port --data "$dir/data" --demo --workers 2 \
  2>"$dir/stderr.log" >/dev/null &
pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
token=$(curl -s -d grant_type=client_credentials -d client_id=bench -d client_secret=bench-secret-0123456789 \
  http://127.0.0.1:$port/identity/1.0/connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
export BENCH_MODE=byid BENCH_PATH=/api/category/ BENCH_MIN_ID=1 BENCH_MAX_ID=8 BENCH_TOKEN=$token
cd "$ROOT/bench"
wrk -t2 -c64 -d2s -s wrk.lua http://127.0.0.1:$port >/dev/null  # fills the response cache
out=$(wrk -t2 -c64 -d"$DURATION" -s wrk.lua http://127.0.0.1:$port)
kill "$pid"
wait "$pid" || true
echo "$LABEL rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}') log_lines=$(wc -l <"$dir/stderr.log")"
