#!/usr/bin/env bash
# Applies clang-format to every C++ file of the project.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -co --exclude-standard -- '*.cpp' '*.hpp' '*.h' '*.cc' | grep -v '^tests/lint/fixture/' | xargs clang-format -i
