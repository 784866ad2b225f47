#!/usr/bin/env bash
# The README's "Command line" block says what `norced --help` and `norced <command> --help` print: for the
# program and every command, the options its --help lists are exactly the options of its line in the block,
# and the block has a line for every command and no other. The --db-* options are written out under `serve`
# only; the README says that every command that takes --data takes them too, so a line with --data counts
# them as given.
#
#   tests/readme/command_line_test.sh BINARY README.md
set -euo pipefail
bin=$1
readme=$2
failed=0

# The options a --help prints (each line "  --name ..." or "  -h,--help ..."), without --help itself.
help_options() {
  # shellcheck disable=SC2086  # the command's words are separate arguments
  "$bin" $1 --help | grep -oE '^  (-[a-zA-Z],)?--[a-z][a-z0-9-]*' | sed -E 's/^  (-[a-zA-Z],)?//' |
    grep -vx -- '--help' | sort -u || true
}
# The subcommands a --help lists.
subcommands() {
  # shellcheck disable=SC2086
  "$bin" $1 --help | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1} /^$/ {on = 0}'
}

# The block's lines, one per command: a line starting with "norced" and the indented lines that continue it.
entries=$(awk '/^## Command line/ {in_section = 1}
  in_section && /^```/ {fences++; next}
  in_section && fences == 1 && /^norced/ {if (entry != "") print entry; entry = $0; next}
  in_section && fences == 1 {entry = entry " " $0}
  fences == 2 {exit}
  END {if (entry != "") print entry}' "$readme")
[ -n "$entries" ] || { echo "FAIL: no \"Command line\" block in $readme"; exit 1; }

# A line's command: the words after "norced" up to the first option, placeholder or bracket.
command_of() { awk '{c = ""; for (i = 2; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++) c = c (c == "" ? "" : " ") $i; print c}' <<<"$1"; }
entry_for() { while IFS= read -r e; do [ "$(command_of "$e")" = "$1" ] && { echo "$e"; return; }; done <<<"$entries"; }
options_of() { grep -oE -- '--[a-z][a-z0-9-]*' <<<"$1" | sort -u || true; }

# Every command of the program: the top level ("") and each command without subcommands of its own.
commands=("")
for c in $(subcommands ""); do
  subs=$(subcommands "$c")
  if [ -z "$subs" ]; then commands+=("$c"); else for s in $subs; do commands+=("$c $s"); done; fi
done

db_options=$(options_of "$(entry_for serve)" | grep -- '^--db-' || true)
for c in "${commands[@]}"; do
  name="norced${c:+ $c}"
  entry=$(entry_for "$c")
  if [ -z "$entry" ]; then
    echo "FAIL: the README has no line for '$name'"
    failed=1
    continue
  fi
  readme_options=$(options_of "$entry")
  if [ "$c" != serve ] && grep -qx -- '--data' <<<"$readme_options"; then
    readme_options=$(printf '%s\n%s\n' "$readme_options" "$db_options" | sort -u)
  fi
  help=$(help_options "$c")
  missing=$(comm -23 <(echo "$help") <(echo "$readme_options") | tr '\n' ' ')
  extra=$(comm -13 <(echo "$help") <(echo "$readme_options") | tr '\n' ' ')
  if [ -n "${missing// /}" ]; then echo "FAIL: '$name --help' lists, the README does not: $missing"; failed=1; fi
  if [ -n "${extra// /}" ]; then echo "FAIL: the README lists for '$name', its --help does not: $extra"; failed=1; fi
  [ -n "${missing// /}${extra// /}" ] || echo "ok: $name ($(echo "$help" | grep -c -- --) options)"
done
while IFS= read -r e; do
  c=$(command_of "$e")
  known=0
  for k in "${commands[@]}"; do [ "$k" = "$c" ] && known=1; done
  [ "$known" = 1 ] || { echo "FAIL: the README has a line for 'norced${c:+ $c}', which is no command"; failed=1; }
done <<<"$entries"
exit "$failed"
