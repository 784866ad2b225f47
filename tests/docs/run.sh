#!/usr/bin/env bash
# CTest entry for the docs tests: installs their npm packages (npm ci) when node_modules is missing or
# package-lock.json changed since the last install, then runs one script with the given norced binary.
#   tests/docs/run.sh install              only the install (the CTest fixture the tests share)
#   tests/docs/run.sh lint.mjs build/norced
set -euo pipefail
script=$1
binary=""
if [ "$script" != install ]; then binary=$(realpath "$2"); shift; fi
shift
cd "$(dirname "$0")"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  # 77: CTest's SKIP_RETURN_CODE for these tests.
  echo "SKIPPED: the docs tests need node and npm; scripts/install-deps.sh installs them (Debian: nodejs npm)" >&2
  exit 77
fi
bash ../npm_ci.sh .
if [ "$script" = install ]; then exit 0; fi
exec node "$script" "$binary" "$@"
