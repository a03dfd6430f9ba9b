#!/usr/bin/env bash
# The benchmark of issue 9, end to end: connectd, Debezium 3.6.1.Final on Kafka Connect 4.3.0, and
# pg_recvlogical (pgoutput, same publication, to /dev/null) measured in turns on one PostgreSQL 15 and
# one Kafka 4.3 broker (the test rig). Workloads: backlog drain, wide-table CDC, one big transaction,
# steady-rate latency, start-up (bench/connectd_bench/run.py says how each is measured).
#
# It resolves what it needs (Kafka and Kafka Connect + Debezium jars, the oracle's Python venv), builds
# the release binary (scripts/build.sh release) unless CONNECTD_BIN names one, starts a rig in a temp
# dir, runs the measurements, and renders OUT/results.json into OUT/results.md (absolute figures and
# the ratios connectd/Debezium and connectd/pg_recvlogical) and OUT/*.png, printing the table. Without
# --smoke it also writes docs/benchmarks.md and its plots (docs/benchmarks/*.png) from the JSON.
# Exit status 0 only when every measurement succeeded and every system produced the expected number
# of events. The rig and every worker are stopped afterwards, also on failure or Ctrl-C.
#
# Usage: bench/run.sh [--smoke] [--systems connectd,debezium,pg_recvlogical] [--out DIR] [--no-docs]
#                     [--profile] [--set KEY=VALUE]...
#   --smoke     tiny sizes, one round (about two minutes): checks event counts, not timings
#   --systems   a subset, comma-separated (default: all three)
#   --out DIR   results directory (default build/bench, or build/bench-smoke with --smoke)
#   --no-docs   do not touch docs/benchmarks.md
#   --profile   one more connectd backlog drain under `perf record -g` (not in the table); the flat
#               profile goes into the report (OUT/profile-connectd-backlog.txt)
#   --set K=V   override one size of bench/connectd_bench/run.py (e.g. --set backlog_rounds=5)
# Environment: CONNECTD_BIN (skip the build and use this binary), BENCH_DEBEZIUM_HEAP (default
# "-Xms256m -Xmx2g"), BENCH_PROFILE_SYSTEMS (what --profile profiles; default connectd).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/rig-common.sh
source "${root}/scripts/lib/rig-common.sh"

command_line="bench/run.sh${*:+ $*}"
smoke=0
docs=1
systems="connectd,debezium,pg_recvlogical"
out=""
py_args=()
while (($#)); do
  case "$1" in
    --smoke) smoke=1 ;;
    --systems) systems="${2:?--systems needs a list}"; shift ;;
    --out) out="${2:?--out needs a directory}"; shift ;;
    --no-docs) docs=0 ;;
    --profile) py_args+=(--profile "${BENCH_PROFILE_SYSTEMS:-connectd}") ;;
    --set) py_args+=(--set "${2:?--set needs KEY=VALUE}"); shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
if ((smoke)); then
  py_args+=(--smoke)
  docs=0
fi
if [[ -z "${out}" ]]; then
  out="${root}/build/bench"
  ((smoke == 0)) || out="${root}/build/bench-smoke"
fi
mkdir -p "${out}"
out="$(cd "${out}" && pwd)"
fixtures="${CONNECTD_ARTICLE_FIXTURES:-${root}/../shared/fixtures/article}"
[[ -f "${fixtures}/pg-outbox-config.json" ]] || die "the article's fixtures are not at ${fixtures} (set CONNECTD_ARTICLE_FIXTURES)"

t0="$(now_s)"
"${root}/scripts/rig/resolve-kafka.sh" >/dev/null
if [[ ",${systems}," == *,debezium,* ]]; then
  "${root}/scripts/oracle/resolve.sh" >/dev/null
fi
python="$("${root}/scripts/oracle/setup-venv.sh" | tail -n 1)"

bin="${CONNECTD_BIN:-}"
if [[ -z "${bin}" && ",${systems}," == *,connectd,* ]]; then
  if ((smoke)); then
    # Counts, not timings: any build will do, the newer of the two.
    for b in "${root}/build/release/app/connectd" "${root}/build/test/app/connectd"; do
      if [[ -x "${b}" && (-z "${bin}" || "${b}" -nt "${bin}") ]]; then bin="${b}"; fi
    done
  else
    log_info "building the release binary (scripts/build.sh release)"
    "${root}/scripts/build.sh" release >"${out}/build.log" 2>&1 || log_warn "release build failed (see ${out}/build.log)"
    bin="${root}/build/release/app/connectd"
  fi
fi
[[ -z "${bin}" || -x "${bin}" ]] || log_warn "no connectd binary at ${bin}: connectd will be reported as failed"

dir="$(mktemp -d /tmp/connectd-bench.XXXXXX)"
: >"${dir}/${RIG_MARKER}"
child=""
# shellcheck disable=SC2317  # invoked via trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "${child}" ]] && pid_alive "${child}"; then
    kill -TERM "${child}" 2>/dev/null || true
    wait_pid_exit "${child}" 10 || kill -KILL "${child}" 2>/dev/null || true
  fi
  for kind in connectd debezium; do
    "${root}/scripts/oracle/worker-stop.sh" "${dir}" "bench-${kind}" || true
  done
  "${root}/scripts/rig/stop.sh" "${dir}" || log_error "cleanup failed; leftovers in ${dir}"
  exit "${rc}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${root}/scripts/rig/start.sh" "${dir}" >/dev/null
log_info "rig up after $(elapsed_since "${t0}")s; measuring ${systems}$( ((smoke)) && echo ' (smoke sizes)')"

rc=0
PYTHONPATH="${here}:${root}/scripts/oracle" "${python}" -m connectd_bench.run \
  --root "${root}" --rig-dir "${dir}" --fixtures "${fixtures}" --out "${out}" --systems "${systems}" \
  --connectd-bin "${bin}" --debezium-heap "${BENCH_DEBEZIUM_HEAP:--Xms256m -Xmx2g}" \
  --command "${command_line}" "${py_args[@]}" &
child=$!
wait "${child}" || rc=$?
child=""

if [[ -f "${out}/results.json" ]]; then
  report_args=("${out}/results.json" --out "${out}")
  ((docs)) && report_args+=(--docs "${root}/docs")
  # The report needs only matplotlib (Debian's python3-matplotlib, scripts/setup.sh), not the venv.
  PYTHONPATH="${here}" /usr/bin/python3 -m connectd_bench.report "${report_args[@]}" || rc=1
else
  log_error "no results were written"
  rc=1
fi
log_info "total $(elapsed_since "${t0}")s; results in ${out}"
exit "${rc}"
