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

stop_pidfile "${pidfile}" 'kafka\.Kafka' "Kafka broker" "${timeout_s}"
