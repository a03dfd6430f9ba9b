#!/usr/bin/env bash
# Creates (once) the Python venv the reference oracle runs in:
#   ${CONNECTD_CACHE:-$HOME/.cache/connectd}/venv
# with the pinned packages of scripts/oracle/requirements.txt, and prints the venv's python as the
# last line of stdout. Idempotent: a stamp holding the requirements' hash makes later runs return
# at once. Installs Debian's python3-venv first if the interpreter lacks ensurepip (root only).
# Safe to run concurrently (flock).
#
# Usage: scripts/oracle/setup-venv.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

req="${here}/requirements.txt"
cache="${CONNECTD_CACHE:-${HOME}/.cache/connectd}"
venv="${cache}/venv"
stamp="${venv}/requirements.stamp"
# Debian's interpreter when present (what a fresh Debian 12 machine has), else whatever python3 is.
py="${ORACLE_PYTHON:-}"
if [[ -z "${py}" ]]; then
  if [[ -x /usr/bin/python3 ]]; then py=/usr/bin/python3; else py="$(command -v python3)"; fi
fi
want="$( (cat "${req}"; "${py}" -c 'import sys; print(sys.version)') | sha256sum | cut -d' ' -f1)"

up_to_date() { [[ -f "${stamp}" && -x "${venv}/bin/python" && "$(<"${stamp}")" == "${want}" ]]; }

if up_to_date; then
  printf '%s\n' "${venv}/bin/python"
  exit 0
fi
mkdir -p "${cache}"
exec 9>"${cache}/.venv.lock"
flock 9
if up_to_date; then
  printf '%s\n' "${venv}/bin/python"
  exit 0
fi

if ! "${py}" -c 'import ensurepip, venv' 2>/dev/null; then
  [[ "$(id -u)" -eq 0 ]] || die "${py} lacks the venv module: apt-get install python3-venv"
  log_info "installing Debian's python3-venv"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
fi

start="$(now_s)"
log_info "creating ${venv} with $(basename "${py}") $("${py}" -c 'import platform; print(platform.python_version())')"
rm -rf "${venv}"
"${py}" -m venv "${venv}"
"${venv}/bin/python" -m pip install -q --disable-pip-version-check --only-binary=:all: -r "${req}" >&2
printf '%s\n' "${want}" >"${stamp}"
log_info "venv ready in $(elapsed_since "${start}")s"
printf '%s\n' "${venv}/bin/python"
