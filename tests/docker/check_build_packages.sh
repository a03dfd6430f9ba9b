#!/usr/bin/env bash
# Keeps the Dockerfile's build stage in step with scripts/setup.sh: every Debian package setup.sh
# installs must be installed by the Dockerfile too, unless it is listed below as not needed to build
# the release binary. Prints each missing package and exits 1.
# Usage: tests/docker/check_build_packages.sh [SETUP_SH] [DOCKERFILE]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
setup="${1:-${root}/scripts/setup.sh}"
dockerfile="${2:-${root}/Dockerfile}"

# Needed by tests, the oracle, formatting or the local rig — not by `scripts/build.sh release`.
not_for_release_build=(catch2 clang-format clang-tidy postgresql-15 postgresql-client-15 openjdk-17-jdk-headless
  maven python3-venv curl)

# The words inside setup.sh's `packages=( … )` array.
mapfile -t wanted < <(sed -n '/^packages=(/,/^)/p' "${setup}" | sed -e 's/^packages=(//' -e 's/)$//' -e 's/#.*//' |
  tr -s ' \t' '\n' | grep -v '^$')
((${#wanted[@]} > 0)) || { echo "check_build_packages: no packages=( … ) array found in ${setup}"; exit 1; }

# The words of the Dockerfile's build stage (from the first FROM to the second).
build_stage="$(awk '/^FROM /{n++} n==1' "${dockerfile}")"
missing=0
for p in "${wanted[@]}"; do
  if printf '%s\n' "${not_for_release_build[@]}" | grep -qxF -- "${p}"; then
    continue
  fi
  if ! grep -qwF -- "${p}" <<<"${build_stage}"; then
    echo "check_build_packages: ${setup} installs ${p}, the Dockerfile's build stage does not (add it there, or to not_for_release_build in $0)"
    missing=$((missing + 1))
  fi
done
((missing == 0)) || exit 1
echo "check_build_packages: the Dockerfile's build stage installs every build package of setup.sh" \
  "($((${#wanted[@]} - ${#not_for_release_build[@]})) of its ${#wanted[@]}; the others are for tests, the rig and the oracle)"
