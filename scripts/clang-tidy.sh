#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy) over the project's C++ sources, or the files given, with the
# compile commands of the test build (scripts/build.sh test creates them).
# Usage: scripts/clang-tidy.sh [FILE…]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${root}/build/test"
[[ -f "${db}/compile_commands.json" ]] || "${root}/scripts/build.sh" test
cd "${root}"
if (($# == 0)); then
  mapfile -t files < <(git ls-files -- '*.cpp' | grep -vE '^tests/lint/fixture/')
else
  files=("$@")
fi
clang-tidy -p "${db}" --quiet "${files[@]}"
