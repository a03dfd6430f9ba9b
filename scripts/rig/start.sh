#!/usr/bin/env bash
# Starts the whole connectd test rig in DIR: resolves the Kafka jars, then
# starts a throwaway PostgreSQL 15 (pg-start.sh) and a single-node Kafka 4.3.0
# KRaft broker (kafka-start.sh) side by side. Prints a summary, with the path
# of DIR/rig.env (KEY=VALUE lines describing the rig) as the last stdout line.
# If anything fails, whatever was started is stopped again (and DIR removed
# if this script created it, unless CONNECTD_RIG_KEEP=1).
#
# Usage: start.sh [DIR]     (default: a new mktemp -d /tmp/connectd-rig.XXXXXX)
# Stop with: stop.sh DIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

[[ $# -le 1 ]] || die "usage: $0 [DIR]"
created=0
if [[ $# -eq 1 ]]; then
  [[ ! -e "$1/rig.env" ]] || die "$1 already holds a rig (rig.env exists); stop it or use a fresh dir"
  dir="$(rig_dir_init "$1")"
else
  dir="$(mktemp -d /tmp/connectd-rig.XXXXXX)"
  created=1
  dir="$(rig_dir_init "${dir}")"
fi

ok=0
pg_job=""
on_exit() {
  local rc=$?
  ((ok)) && return 0
  if [[ -n "${pg_job}" ]]; then
    wait "${pg_job}" 2>/dev/null || true
  fi
  log_error "rig start failed (status ${rc}); stopping what was started"
  "${here}/kafka-stop.sh" "${dir}" || true
  "${here}/pg-stop.sh" "${dir}" || true
  if ((created)) && [[ "${CONNECTD_RIG_KEEP:-0}" != 1 ]]; then
    rm -rf "${dir}"
  else
    log_info "leaving ${dir} (with its logs) to the caller"
  fi
  exit "$((rc == 0 ? 1 : rc))"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start="$(now_s)"
rig_env_set "${dir}" RIG_DIR "${dir}"

# Resolve first (may run Maven once); both services then start in parallel.
"${here}/resolve-kafka.sh" >/dev/null

"${here}/pg-start.sh" "${dir}" &
pg_job=$!
kafka_rc=0
"${here}/kafka-start.sh" "${dir}" || kafka_rc=$?
pg_rc=0
wait "${pg_job}" || pg_rc=$?
pg_job=""
((pg_rc == 0)) || die "PostgreSQL failed to start (see ${dir}/pg/postgres.log)"
((kafka_rc == 0)) || die "Kafka failed to start (see ${dir}/kafka/server.log)"

get() { rig_env_get "${dir}" "$1"; }
ok=1
cat <<EOF
connectd test rig up in $(elapsed_since "${start}")s: ${dir}
  PostgreSQL $(get PG_VERSION) on $(get PGHOST):$(get PGPORT) (superuser $(get PG_SUPERUSER): password PG_SUPERUSER_PASSWORD over TCP, or trust via socket dir $(get PG_SOCKET_DIR))
  Kafka $(get KAFKA_VERSION) bootstrap $(get KAFKA_BOOTSTRAP) cluster $(get KAFKA_CLUSTER_ID) (pid $(get KAFKA_PID))
  stop with: ${here}/stop.sh ${dir}
${dir}/rig.env
EOF
