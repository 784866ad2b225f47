#!/usr/bin/env bash
# CTest entry for the OpenAPI fuzzer: installs its npm packages (npm ci) when node_modules is missing or
# package-lock.json changed since the last install, then fuzzes the given norced binary, which fuzz.mjs starts
# on a free port with a fresh data folder and stops afterwards. Extra arguments go to fuzz.mjs.
#   tests/fuzz/run.sh build/norced --requests 3000 --seed 1
set -euo pipefail
binary=$(realpath "$1")
shift
cd "$(dirname "$0")"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "fuzz: node and npm are needed; scripts/install-deps.sh installs them (Debian: nodejs npm)" >&2
  exit 1
fi
bash ../npm_ci.sh .
exec node fuzz.mjs --binary "$binary" "$@"
