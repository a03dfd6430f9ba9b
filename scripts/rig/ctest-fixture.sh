#!/usr/bin/env bash
# The ctest fixture around the integration tests: `start LINK` starts a rig in a fresh temp dir (under
# /tmp, so the postgres user can reach it even when the checkout lives under /root) and points the
# symlink LINK at its rig.env; `stop LINK` stops that rig and removes the link. A rig left behind by a
# killed run is stopped before a new one starts.
# Usage: ctest-fixture.sh start|stop LINK
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
action="${1:?usage: ctest-fixture.sh start|stop LINK}"
link="${2:?usage: ctest-fixture.sh start|stop LINK}"

stop_linked() {
  if [[ -L "${link}" ]]; then
    local env_file dir
    env_file="$(readlink "${link}")"
    dir="$(dirname "${env_file}")"
    rm -f "${link}"
    if [[ -d "${dir}" ]]; then
      "${here}/stop.sh" "${dir}"
    fi
  fi
}

case "${action}" in
  start)
    stop_linked || true
    out="$("${here}/start.sh")"
    printf '%s\n' "${out}"
    env_file="$(tail -n1 <<<"${out}")"
    [[ -f "${env_file}" ]] || { echo "rig started but ${env_file} is missing" >&2; exit 1; }
    ln -sfn "${env_file}" "${link}"
    ;;
  stop)
    stop_linked
    ;;
  *)
    echo "usage: ctest-fixture.sh start|stop LINK" >&2
    exit 2
    ;;
esac
