#!/usr/bin/env bash
# Build step: installs the docs page's npm packages (package-lock.json, exactly) into a folder of the build
# directory, for embed.mjs to embed into the binary. Offline, npm ci uses the npm cache (~/.npm) when it holds
# the packages; otherwise it fails, and this says how to build without the page.
#   web/install.sh SOURCE_DIR(web/) INSTALL_DIR STAMP
set -euo pipefail
src=$1 dir=$2 stamp=$3
fail() {
  echo "norced: $1" >&2
  echo "norced: the API reference page (GET /docs) embeds swagger-ui-dist from npm at build time: it needs the" >&2
  echo "        npm registry or an npm cache that holds it. Configure with -DNORCED_DOCS_PAGE=OFF to build" >&2
  echo "        without the page (GET /openapi.json is served either way)." >&2
  exit 1
}
command -v npm >/dev/null || fail "npm is not installed (scripts/install-deps.sh installs it)"
mkdir -p "$dir"
cp "$src/package.json" "$src/package-lock.json" "$dir/"
cd "$dir"
# --ignore-scripts: no package needs an install script, and one of them (@scarf/scarf) only reports the
# download to its author. --prefer-offline: the cache first, the network only for what it lacks.
npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error --fetch-retries=1 \
  --fetch-timeout=30000 || fail "npm ci failed (see above): is the npm registry reachable?"
touch "$stamp"
