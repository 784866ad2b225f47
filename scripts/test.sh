#!/usr/bin/env bash
# Installs what is missing, builds norced and its tests, and runs the whole suite with CTest: unit tests
# (registry, validation, JSON, store, transport) and API tests that start the real norced binary on a free
# port with a fresh database and drive it over HTTP.
#
# The store tests also run on PostgreSQL. Unless NORCED_TEST_DATABASE already names a server (the connection
# string of a database where the role may CREATE DATABASE), this script starts a throwaway PostgreSQL cluster
# in a temporary directory (scripts/pg-cluster.sh), points NORCED_TEST_DATABASE at it, and stops and removes
# it on exit, whether the tests pass, fail or are interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
# The same Release build folder as scripts/serve.sh and scripts/release.sh: after one of them, only the tests
# are left to compile, and a new user waits for one build, not two.
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNORCED_BUILD_TESTS=ON >/dev/null
ninja -C build-release -j"$(nproc)"

if [ -z "${NORCED_TEST_DATABASE:-}" ]; then
  cluster=$(mktemp -d /tmp/norced-pg.XXXXXX)
  cleanup() {
    scripts/pg-cluster.sh stop "$cluster" >/dev/null 2>&1 || true
    rm -rf "$cluster"
  }
  trap cleanup EXIT
  trap 'exit 130' INT TERM  # the EXIT trap runs on these too
  NORCED_TEST_DATABASE=$(scripts/pg-cluster.sh start "$cluster")
  export NORCED_TEST_DATABASE
  echo "PostgreSQL for the tests: $NORCED_TEST_DATABASE (throwaway cluster in $cluster)"
else
  echo "PostgreSQL for the tests: NORCED_TEST_DATABASE from the environment"
fi
ctest --test-dir build-release --output-on-failure -j"$(nproc)" "$@"
