#!/usr/bin/env bash
# The portable tarball (scripts/release.sh --package) of the given binary, unpacked in a temporary folder
# and run with an empty environment (env -i: no LD_LIBRARY_PATH, no PATH): ldd resolves every library
# beyond glibc to the bundled lib/, and the server starts, answers /healthz, issues a token (OpenSSL and
# libjwt from lib/) and serves the embedded API reference page.
#
#   tests/release/portable_test.sh BINARY [docs|no-docs]    (no-docs: built with -DNORCED_DOCS_PAGE=OFF)
set -euo pipefail
bin=$(realpath "$1")
docs=${2:-docs}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

tarball=$("$root/scripts/release.sh" --package "$bin" "$work/dist")
case "$tarball" in */norced-*-linux-x86_64.tar.gz) ;; *) fail "unexpected tarball name: $tarball" ;; esac
mkdir "$work/unpacked"
tar -C "$work/unpacked" -xzf "$tarball"
dir=$(echo "$work"/unpacked/norced-*)
[ -x "$dir/norced" ] || fail "no norced in the tarball"
[ -f "$dir/LICENSE" ] || fail "no LICENSE in the tarball"
echo "tarball: $(du -h "$tarball" | cut -f1), $(ls "$dir/lib" | wc -l) bundled libraries"
# Exactly $ORIGIN/lib, as DT_RPATH (which also covers the libraries' own dependencies); an empty entry would
# make glibc search the current directory.
rpath=$(readelf -d "$dir/norced" | sed -n 's/.*(RPATH).*\[\(.*\)\]/\1/p')
[ "$rpath" = '$ORIGIN/lib' ] || fail "RPATH is '$rpath', not \$ORIGIN/lib"

glibc='^(linux-vdso|ld-linux-x86-64|libc|libm|libpthread|libdl|librt|libresolv|libutil|libanl|libnsl|libnss_[a-z0-9]+|libmvec)\.so'
outside=0
while read -r line; do
  case "$line" in *"not found"*) echo "missing: $line" >&2; outside=1; continue ;; esac
  lib=$(echo "$line" | awk '{print $1}')
  path=$(echo "$line" | awk '$2 == "=>" {print $3}')
  [ -n "$path" ] || continue
  if [[ $lib =~ $glibc ]]; then continue; fi
  case "$path" in "$dir/lib/"*) ;; *) echo "not bundled: $line" >&2; outside=1 ;; esac
done < <(env -i /usr/bin/ldd "$dir/norced")
[ "$outside" = 0 ] || fail "the binary needs libraries from the system beyond glibc"
echo "ldd: nothing beyond glibc outside lib/"

[ "$(env -i "$dir/norced" --version)" = "$("$bin" --version)" ] || fail "--version differs"

# Port 0: the kernel picks a free port, which the start-up line names.
env -i NORCED_CLIENT_ID=portable-test NORCED_CLIENT_SECRET=portable-test-secret-0123 \
  "$dir/norced" serve --data "$work/data" --listen 127.0.0.1:0 --workers 1 >"$work/log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 200); do  # up to 20 s for the start
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/log")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/log" >&2; fail "norced exited"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/log" >&2; fail "norced did not start within 20 s"; }
base=http://127.0.0.1:$port
code=$(curl -s -o "$work/health" -w '%{http_code}' "$base/healthz")
[ "$code" = 200 ] || fail "/healthz answered $code: $(cat "$work/health")"
echo "/healthz: $code $(cat "$work/health")"
token=$(curl -s -d grant_type=client_credentials -d client_id=portable-test -d client_secret=portable-test-secret-0123 \
  "$base/identity/1.0/connect/token")
case "$token" in *'"access_token":"'*) ;; *) fail "no token: $token" ;; esac
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/docs")
expected=200
[ "$docs" = docs ] || expected=404
[ "$code" = "$expected" ] || fail "/docs answered $code, not $expected"
echo "token and /docs: ok"
