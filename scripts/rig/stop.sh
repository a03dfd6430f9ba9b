#!/usr/bin/env bash
# Stops a connectd test rig started by start.sh (Kafka broker and PostgreSQL)
# and removes DIR. Refuses to touch a directory that is not a rig dir (no
# rig.env and no .connectd-rig marker). If a service cannot be stopped, DIR
# is kept and the status is non-zero.
#
# Usage: stop.sh DIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

[[ $# -eq 1 ]] || die "usage: $0 DIR"
if [[ ! -e "$1" ]]; then
  log_info "$1 does not exist; nothing to stop"
  exit 0
fi
dir="$(cd "$1" && pwd)"
is_rig_dir "${dir}" || die "${dir} is not a rig dir (no rig.env or ${RIG_MARKER}); not touching it"
case "${dir}" in
  / | "${HOME}" | /tmp | /root | /home) die "refusing to remove ${dir}" ;;
esac

rc=0
"${here}/kafka-stop.sh" "${dir}" || rc=1
"${here}/pg-stop.sh" "${dir}" || rc=1
if ((rc != 0)); then
  die "could not stop everything; keeping ${dir}"
fi
rm -rf "${dir}"
log_info "rig stopped and ${dir} removed"
