#!/usr/bin/env bash
# Installs what is missing, builds norced and its tests, and runs the whole suite with CTest: unit tests
# (registry, validation, JSON, store, transport) and API tests that start the real norced binary on a free
# port with a fresh database and drive it over HTTP.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
