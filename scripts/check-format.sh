#!/usr/bin/env bash
# Fails when clang-format would change any C++ file of the project. Usage: check-format.sh SOURCE_ROOT
# (scripts/format.sh applies the formatting).
set -euo pipefail
root="${1:?usage: check-format.sh SOURCE_ROOT}"
cd "${root}"
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.cpp' '*.hpp' '*.h' '*.cc' | grep -v '^tests/lint/fixture/' || true)
[ "${#files[@]}" -gt 0 ] || { echo "no C++ files found"; exit 1; }
bad=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "needs clang-format: $f"
    bad=1
  fi
done
[ "$bad" -eq 0 ] && echo "clang-format: ${#files[@]} files clean"
exit "$bad"
