#!/usr/bin/env bash
# The reference oracle, end to end: resolves everything (Kafka Connect 4.3.0 + Debezium 3.6.1.Final
# from Maven Central, the Python venv), starts the test rig (PostgreSQL 15 + Kafka broker A), a
# second broker B, the reference worker A (Debezium on Kafka Connect, on broker A) and worker B
# (a second Debezium, or connectd, on broker B), runs the conformance cases
# (tests/conformance/cases/*.yaml: same database, same connector JSON, record-by-record diff of
# A's and B's topics, plus the diff tool's mutation self-test) and the REST comparison
# (tests/conformance/rest/requests.yaml), prints a report and stops everything again.
# Exit status 0 only when every case and the REST comparison pass. See docs/oracle.md.
#
# Usage: scripts/oracle/run.sh [--fast] [--b debezium|connectd] [--case NAME]... [--no-cases]
#                              [--no-rest] [--no-selftest] [--record-rest] [--keep] [--report DIR]
#   --fast          the fast subset (cases marked fast: true, REST requests not marked fast: false)
#   --b KIND        worker B: debezium (default; the oracle checks itself) or connectd
#                   (CONNECTD_BIN, else the newer of build/release/app/connectd and build/test/app/connectd)
#   --case NAME     only this case (repeatable)
#   --record-rest   write worker A's REST answers to tests/conformance/rest/debezium-responses.json
#   --keep          leave rig and workers running afterwards (prints how to stop them)
#   --report DIR    where report.json and the worker logs go (default build/oracle)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"
root="${RIG_REPO_ROOT}"

b_kind=debezium
keep=0
report="${root}/build/oracle"
py_args=()
while (($#)); do
  case "$1" in
    --fast | --no-cases | --no-rest | --no-selftest) py_args+=("$1") ;;
    --b) b_kind="${2:?--b needs debezium or connectd}"; shift ;;
    --case) py_args+=(--case "${2:?--case needs a name}"); shift ;;
    --record-rest) py_args+=(--record-rest "${root}/tests/conformance/rest/debezium-responses.json") ;;
    --keep) keep=1 ;;
    --report) report="${2:?--report needs a directory}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
[[ "${b_kind}" == debezium || "${b_kind}" == connectd ]] || die "--b must be debezium or connectd"

t0="$(now_s)"
"${here}/resolve.sh" >/dev/null
python="$("${here}/setup-venv.sh" | tail -n 1)"
t_resolved="$(elapsed_since "${t0}")"

dir="$(mktemp -d /tmp/connectd-oracle.XXXXXX)"
: >"${dir}/${RIG_MARKER}"
bdir="${dir}/b"
child=""
# shellcheck disable=SC2317  # invoked via trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "${child}" ]] && pid_alive "${child}"; then
    kill -TERM "${child}" 2>/dev/null || true
    wait_pid_exit "${child}" 10 || kill -KILL "${child}" 2>/dev/null || true
  fi
  mkdir -p "${report}"
  for f in "${dir}/oracle-a/worker.log" "${bdir}/oracle-b/worker.log"; do
    [[ -f "${f}" ]] && cp "${f}" "${report}/worker-$(basename "$(dirname "${f}")" | sed 's/oracle-//').log"
  done
  if ((keep)) && ((rc == 0 || rc == 1)); then
    log_info "left running (--keep): rig ${dir}; stop with: ${here}/stop.sh ${dir}"
    exit "${rc}"
  fi
  "${here}/stop.sh" "${dir}" || log_error "cleanup failed; leftovers in ${dir}"
  exit "${rc}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${root}/scripts/rig/start.sh" "${dir}" >/dev/null
"${root}/scripts/rig/kafka-start.sh" "${bdir}"
t_rig="$(elapsed_since "${t0}")"
# One JVM start at a time: two cores.
a_url="$("${here}/worker-start.sh" --kind debezium "${dir}" a | tail -n 1)"
b_url="$("${here}/worker-start.sh" --kind "${b_kind}" "${bdir}" b | tail -n 1)"
t_workers="$(elapsed_since "${t0}")"
# shellcheck disable=SC1091
a_env="$(source "${dir}/oracle-a/worker.env" && echo "REST ${ORACLE_REST_S}s, healthy ${ORACLE_READY_S}s, heap ${ORACLE_HEAP}")"
# shellcheck disable=SC1091
b_env="$(source "${bdir}/oracle-b/worker.env" && echo "REST ${ORACLE_REST_S}s, ready ${ORACLE_READY_S}s, heap ${ORACLE_HEAP}")"
echo "oracle: resolved in ${t_resolved}s; rig + broker B up at ${t_rig}s; workers up at ${t_workers}s"
echo "oracle: worker A (debezium) ${a_url}: ${a_env}"
echo "oracle: worker B (${b_kind}) ${b_url}: ${b_env}"

mkdir -p "${report}"
rc=0
PYTHONPATH="${here}" "${python}" -m oracle.run \
  --rig-env "${dir}/rig.env" \
  --a-url "${a_url}" --a-bootstrap "$(rig_env_get "${dir}" KAFKA_BOOTSTRAP)" --a-kind debezium \
  --b-url "${b_url}" --b-bootstrap "$(rig_env_get "${bdir}" KAFKA_BOOTSTRAP)" --b-kind "${b_kind}" \
  --report-dir "${report}" "${py_args[@]}" &
child=$!
wait "${child}" || rc=$?
child=""
echo "oracle: total $(elapsed_since "${t0}")s"
exit "${rc}"
