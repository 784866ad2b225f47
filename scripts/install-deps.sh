#!/usr/bin/env bash
# Installs the Debian 12 packages norced needs to build, test and benchmark. Safe to run again: it installs
# only what is missing. Needs root (or sudo) for apt-get.
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config ccache make
  libboost-dev libboost-system-dev libsimdjson-dev rapidjson-dev libsqlite3-dev
  libspdlog-dev libfmt-dev libcli11-dev libssl-dev libjwt-dev
  libgtest-dev libgmock-dev libcpp-httplib-dev nlohmann-json3-dev
  curl ca-certificates openssl)
if [ "${1:-}" = "--bench" ]; then packages+=(wrk nodejs npm python3); fi

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
