#!/usr/bin/env bash
# Installs a Node test folder's npm packages (npm ci, exactly its package-lock.json) when node_modules is
# missing or the lock changed since the last install. Shared by tests/fuzz/run.sh and tests/docs/run.sh.
# --ignore-scripts: none of their packages needs one, and playwright-core must not fetch a browser.
#   tests/npm_ci.sh DIR
set -euo pipefail
cd "$1"
stamp=node_modules/.norced-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
