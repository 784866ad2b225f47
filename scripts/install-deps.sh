#!/usr/bin/env bash
# Installs the Debian 12 packages norced needs to build (node and npm included: the build embeds the API
# reference page from npm), test (--test adds chromium) and benchmark (--bench). Safe to run again: it installs
# only what is missing. Needs root (or sudo) for apt-get. `postgresql` brings the server binaries the tests
# start a throwaway cluster with (scripts/pg-cluster.sh) and the `postgres` system user it runs as; its own
# packaged cluster is not used.
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config ccache make
  libboost-dev libboost-system-dev libsimdjson-dev rapidjson-dev libsqlite3-dev libpq-dev postgresql
  libspdlog-dev libfmt-dev libcli11-dev libssl-dev libjwt-dev libyaml-cpp-dev libjemalloc-dev
  libgtest-dev libgmock-dev libcpp-httplib-dev nlohmann-json3-dev
  curl ca-certificates openssl)
# Node.js and npm embed the API reference page at build time (web/, cmake/DocsPage.cmake) and run the OpenAPI
# fuzzer and docs tests (tests/fuzz, tests/docs) and the benchmark's json-server. A Node.js that is
# already on the PATH (e.g. NodeSource's, which bundles npm) is kept: Debian's npm package conflicts with it.
if ! command -v node >/dev/null; then packages+=(nodejs); fi
if ! command -v npm >/dev/null; then packages+=(npm); fi
if [ "${1:-}" = "--bench" ]; then packages+=(wrk python3); fi
# The docs page test (tests/docs/page.mjs) drives Debian's Chromium; npm's playwright-core downloads no browser.
if [ "${1:-}" = "--test" ]; then packages+=(chromium); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
