#!/usr/bin/env bash
# The portable norced: dist/norced-<version>-linux-x86_64.tar.gz, which unpacks to
#
#   norced-<version>/norced     the binary, stripped; SQLite linked in; DT_RPATH $ORIGIN/lib
#   norced-<version>/lib/       every shared library it needs beyond the C library (glibc), from this machine
#   norced-<version>/LICENSE, README.md
#
# It runs on x86_64 Linux with glibc 2.36 or newer (Debian 12's) and none of the build's packages, from any
# folder. The API reference page is embedded, as in every build.
#
#   scripts/release.sh                          build Release in build-release/ (the folder scripts/serve.sh and
#                                               scripts/test.sh build too) and package it
#   scripts/release.sh --package BINARY DIR     only package BINARY into DIR (tests/release/portable_test.sh
#                                               packages the test build's binary this way)
#
# Prints the path of the tarball.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# The C library's own parts: every Linux system has them, and they must match its kernel interface and
# loader, so they are never bundled.
glibc='^(linux-vdso|ld-linux-x86-64|libc|libm|libpthread|libdl|librt|libresolv|libutil|libanl|libnsl|libnss_[a-z0-9]+|libmvec)\.so'

package() {
  local bin=$1 out=$2
  local version
  version=$("$bin" --version | awk '{print $2}')
  [ -n "$version" ] || { echo "cannot read the version of $bin" >&2; exit 1; }
  local name=norced-$version-linux-x86_64
  local stage
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' RETURN
  local dir=$stage/norced-$version
  mkdir -p "$dir/lib" "$out"
  cp "$bin" "$dir/norced"
  strip --strip-unneeded "$dir/norced"
  # ldd lists the whole closure (libpq's Kerberos and LDAP libraries too); each non-glibc one is copied under
  # the name the loader asks for.
  local lib path missing=0
  while read -r lib path; do
    if [ "$path" = "not" ]; then echo "not found on this machine: $lib" >&2; missing=1; continue; fi
    [[ $lib =~ $glibc ]] && continue
    cp -L "$path" "$dir/lib/$lib"
    strip --strip-unneeded "$dir/lib/$lib"
  done < <(env -u LD_LIBRARY_PATH ldd "$bin" | awk '$2 == "=>" && $3 != "" {print $1, $3}')
  [ "$missing" = 0 ] || exit 1
  cp "$root/LICENSE" "$root/README.md" "$dir/"
  tar -C "$stage" -czf "$out/$name.tar.gz" "norced-$version"
  echo "$out/$name.tar.gz"
}

if [ "${1:-}" = "--package" ]; then
  [ $# -eq 3 ] || { echo "usage: $0 --package BINARY DIR" >&2; exit 2; }
  package "$(realpath "$2")" "$(realpath -m "$3")"
  exit 0
fi

cd "$root"
scripts/install-deps.sh
static=()
if sqlite_a=$(ls /usr/lib/x86_64-linux-gnu/libsqlite3.a 2>/dev/null); then static=(-DSQLite3_LIBRARY="$sqlite_a"); fi
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release "${static[@]}" >/dev/null
ninja -C build-release norced >&2
package "$root/build-release/norced" "$root/dist"
