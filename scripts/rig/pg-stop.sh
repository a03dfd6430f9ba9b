#!/usr/bin/env bash
# Stops the test-rig PostgreSQL started by pg-start.sh in DIR (pg_ctl stop
# -m fast, as the user owning the data dir). Succeeds when it is not running
# or was never started; falls back to an immediate shutdown (SIGQUIT) and
# finally SIGKILL if the fast shutdown hangs.
#
# Usage: pg-stop.sh DIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

[[ $# -eq 1 ]] || die "usage: $0 DIR"
dir="$1"
[[ -d "${dir}" ]] || exit 0

data="$(rig_env_get "${dir}" PG_DATA || true)"
data="${data:-${dir}/pg/data}"
pg_bin="$(rig_env_get "${dir}" PG_BIN || true)"
pg_bin="${pg_bin:-/usr/lib/postgresql/15/bin}"
pidfile="${data}/postmaster.pid"

if [[ ! -f "${pidfile}" ]]; then
  exit 0
fi
pid="$(head -n 1 "${pidfile}" 2>/dev/null || true)"
if [[ ! "${pid}" =~ ^[0-9]+$ ]] || ! pid_alive "${pid}"; then
  log_info "PostgreSQL in ${data} is not running"
  exit 0
fi

owner="$(stat -c %U "${data}")"
if ! as_user "${owner}" "${pg_bin}/pg_ctl" -D "${data}" -m fast -w -t 30 stop >/dev/null 2>&1; then
  log_warn "fast shutdown of PostgreSQL (pid ${pid}) failed; sending SIGQUIT"
  kill -QUIT "${pid}" 2>/dev/null || true
  if ! wait_pid_exit "${pid}" 10; then
    log_warn "PostgreSQL (pid ${pid}) still alive; sending SIGKILL"
    kill -KILL "${pid}" 2>/dev/null || true
    wait_pid_exit "${pid}" 10 || die "could not stop PostgreSQL pid ${pid}"
  fi
fi
log_info "PostgreSQL stopped (${data})"
