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

stop_pidfile "${pidfile}" 'ConnectDistributed|connectd' "Connect worker ${name}" "${timeout_s}"
