#!/usr/bin/env bash
# Stops the test-rig Kafka broker started by kafka-start.sh in DIR: SIGTERM
# (controlled shutdown), wait up to KAFKA_STOP_TIMEOUT seconds (default 30),
# then SIGKILL. Succeeds when the broker is not running or was never started.
#
# Usage: kafka-stop.sh DIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

[[ $# -eq 1 ]] || die "usage: $0 DIR"
dir="$1"
pidfile="${dir}/kafka/kafka.pid"
timeout_s="${KAFKA_STOP_TIMEOUT:-30}"

[[ -f "${pidfile}" ]] || exit 0
pid="$(<"${pidfile}")"
if [[ ! "${pid}" =~ ^[0-9]+$ ]] || ! pid_alive "${pid}"; then
  rm -f "${pidfile}"
  exit 0
fi
# Make sure the pid is still our broker, not a recycled pid.
if ! tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; then
  log_warn "pid ${pid} from ${pidfile} is not a Kafka broker; not killing it"
  rm -f "${pidfile}"
  exit 0
fi

start="$(now_s)"
kill -TERM "${pid}" 2>/dev/null || true
if ! wait_pid_exit "${pid}" "${timeout_s}"; then
  log_warn "broker pid ${pid} did not stop within ${timeout_s}s; sending SIGKILL"
  kill -KILL "${pid}" 2>/dev/null || true
  wait_pid_exit "${pid}" 10 || die "could not kill broker pid ${pid}"
fi
rm -f "${pidfile}"
log_info "Kafka broker (pid ${pid}) stopped in $(elapsed_since "${start}")s"
