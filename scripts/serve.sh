#!/usr/bin/env bash
# Installs what is missing, builds norced (Release) and starts it on the embedded SQLite database in
# ./norced-data with demo data. Extra arguments go to `norced serve` (e.g. --listen 0.0.0.0:8080).
# Credentials: NORCED_CLIENT_ID / NORCED_CLIENT_SECRET (defaults below) apply when the database is created.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNORCED_BUILD_TESTS=OFF >/dev/null
ninja -C build-release norced
export NORCED_CLIENT_ID="${NORCED_CLIENT_ID:-norced-demo}"
export NORCED_CLIENT_SECRET="${NORCED_CLIENT_SECRET:-norced-demo-secret}"
echo "OAuth client: $NORCED_CLIENT_ID / $NORCED_CLIENT_SECRET (used when ./norced-data is created)"
exec build-release/norced serve --data ./norced-data --demo "$@"
