#!/usr/bin/env bash
# CTest entry for the OData client test: installs its npm packages (npm ci, exactly package-lock.json) when
# node_modules is missing or the lock changed since the last install, then runs client.mjs with the given norced
# binary, which it starts on a free port with a fresh data folder and stops afterwards.
#   tests/odata/run.sh build/norced
set -euo pipefail
binary=$(realpath "$1")
cd "$(dirname "$0")"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  # 77: CTest's SKIP_RETURN_CODE for this test.
  echo "SKIPPED: the OData client test needs node and npm; scripts/install-deps.sh installs them (Debian: nodejs npm)" >&2
  exit 77
fi
bash ../npm_ci.sh .
exec node client.mjs "$binary"
