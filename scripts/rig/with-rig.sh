#!/usr/bin/env bash
# Runs CMD against a fresh connectd test rig: starts PostgreSQL + Kafka in a
# new temp dir (start.sh), exports every rig.env key plus
# CONNECTD_RIG_ENV=<path of rig.env>, runs CMD, and always stops the rig and
# removes its dir afterwards (on success, failure, INT or TERM). Exits with
# CMD's status. Rig start-up chatter goes to stderr; CMD's stdout is its own.
#
# Usage: with-rig.sh CMD [ARGS...]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

[[ $# -ge 1 ]] || die "usage: $0 CMD [ARGS...]"

dir="$(mktemp -d /tmp/connectd-rig.XXXXXX)"
: >"${dir}/${RIG_MARKER}"
child=""
# shellcheck disable=SC2317  # invoked via trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  "${here}/stop.sh" "${dir}" || log_error "rig cleanup failed; leftovers in ${dir}"
  exit "${rc}"
}
# On INT/TERM: stop CMD first (TERM, then KILL after 10 s), then the rig.
# shellcheck disable=SC2317  # invoked via trap
on_signal() {
  local code="$1"
  if [[ -n "${child}" ]] && pid_alive "${child}"; then
    kill -TERM "${child}" 2>/dev/null || true
    wait_pid_exit "${child}" 10 || kill -KILL "${child}" 2>/dev/null || true
  fi
  exit "${code}"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

"${here}/start.sh" "${dir}" >&2

set -a
# shellcheck disable=SC1091  # generated at run time
source "${dir}/rig.env"
set +a
export CONNECTD_RIG_ENV="${dir}/rig.env"

# CMD runs as a background job so that a TERM/INT sent to this script is
# handled at once (bash defers traps while a foreground child runs). Its
# stdin stays ours (<&0), and env --default-signal undoes the SIGINT/SIGQUIT
# ignoring bash applies to background jobs, which CMD and its children would
# otherwise inherit.
env --default-signal=INT,QUIT "$@" <&0 &
child=$!
rc=0
wait "${child}" || rc=$?
child=""
exit "${rc}"
