#!/usr/bin/env bash
# Stops what scripts/oracle/run.sh started in DIR — worker A (DIR/oracle-a), worker B
# (DIR/b/oracle-b), broker B (DIR/b), then the rig (PostgreSQL + broker A) — and removes DIR.
#
# Usage: scripts/oracle/stop.sh DIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

[[ $# -eq 1 ]] || die "usage: $0 DIR"
dir="$1"
[[ -e "${dir}" ]] || exit 0
rc=0
"${here}/worker-stop.sh" "${dir}" a || rc=1
if [[ -d "${dir}/b" ]]; then
  "${here}/worker-stop.sh" "${dir}/b" b || rc=1
  "${RIG_SCRIPTS_DIR}/kafka-stop.sh" "${dir}/b" || rc=1
fi
((rc == 0)) || die "could not stop the workers or broker B; keeping ${dir}"
"${RIG_SCRIPTS_DIR}/stop.sh" "${dir}"
