#!/usr/bin/env bash
# Stops a worker started by worker-start.sh DIR [NAME]: SIGTERM (orderly: tasks stop, offsets are
# committed, the worker leaves its group), up to ORACLE_WORKER_STOP_TIMEOUT seconds (default 30),
# then SIGKILL. Succeeds when the worker is not running or was never started.
#
# Usage: worker-stop.sh DIR [NAME]     (NAME default: ref)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

[[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 DIR [NAME]"
name="${2:-ref}"
pidfile="$1/oracle-${name}/worker.pid"
timeout_s="${ORACLE_WORKER_STOP_TIMEOUT:-30}"

[[ -f "${pidfile}" ]] || exit 0
pid="$(<"${pidfile}")"
if [[ ! "${pid}" =~ ^[0-9]+$ ]] || ! pid_alive "${pid}"; then
  rm -f "${pidfile}"
  exit 0
fi
# Make sure the pid is still our worker, not a recycled pid.
if ! tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -qE 'ConnectDistributed|connectd'; then
  log_warn "pid ${pid} from ${pidfile} is not a Connect worker; not killing it"
  rm -f "${pidfile}"
  exit 0
fi

start="$(now_s)"
kill -TERM "${pid}" 2>/dev/null || true
if ! wait_pid_exit "${pid}" "${timeout_s}"; then
  log_warn "worker pid ${pid} did not stop within ${timeout_s}s; sending SIGKILL"
  kill -KILL "${pid}" 2>/dev/null || true
  wait_pid_exit "${pid}" 10 || die "could not kill worker pid ${pid}"
fi
rm -f "${pidfile}"
log_info "worker ${name} (pid ${pid}) stopped in $(elapsed_since "${start}")s"
