#!/usr/bin/env bash
# Configures (once) and builds connectd.
#   release: optimised, for running (build/release/app/connectd)
#   test:    Debug with AddressSanitizer and UndefinedBehaviorSanitizer, warnings as errors, with tests
# Usage: scripts/build.sh release|test
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kind="${1:?usage: scripts/build.sh release|test}"
jobs="${CONNECTD_BUILD_JOBS:-$(nproc)}"

case "${kind}" in
  release)
    dir="${root}/build/release"
    flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONNECTD_BUILD_TESTS=OFF -DCONNECTD_WERROR=ON)
    ;;
  test)
    dir="${root}/build/test"
    flags=(-DCMAKE_BUILD_TYPE=Debug -DCONNECTD_SANITIZE=ON -DCONNECTD_WERROR=ON -DCONNECTD_BUILD_TESTS=ON)
    ;;
  *)
    echo "usage: scripts/build.sh release|test" >&2
    exit 2
    ;;
esac

# Paths under the checkout are hashed relative to it, so clones and worktrees share ccache's results.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-${root}}"
export CCACHE_NOHASHDIR=true

if [[ ! -f "${dir}/build.ninja" ]]; then
  cmake -S "${root}" -B "${dir}" -G Ninja "${flags[@]}"
fi
ninja -C "${dir}" -j "${jobs}"
