#!/usr/bin/env bash
# Starts one Kafka Connect worker for the reference oracle, in distributed mode, against the Kafka
# broker of a rig dir (scripts/rig/start.sh or scripts/rig/kafka-start.sh wrote DIR/rig.env), on a
# free loopback REST port, and waits until it is ready.
#
#   --kind debezium (default): the reference — Apache Kafka Connect 4.3.0 with Debezium 3.6.1.Final
#     on its plugin path (scripts/oracle/resolve.sh), launched as
#     org.apache.kafka.connect.cli.ConnectDistributed worker.properties, heap ORACLE_WORKER_HEAP_OPTS
#     (default -Xms256m -Xmx512m). Ready = GET /health answers 200 ("Worker has completed startup").
#   --kind connectd: the connectd binary (CONNECTD_BIN, else the newer of build/release/app/connectd
#     and build/test/app/connectd), configured only through the environment the Debezium image uses
#     (BOOTSTRAP_SERVERS, GROUP_ID, *_STORAGE_TOPIC, CONNECT_LISTENERS, ...). Ready = GET /health is
#     200 (its GET / answers within milliseconds, before the stores are read).
#
# Both get the same settings: group ORACLE_GROUP_ID (default connectd-oracle), internal topics
# ORACLE_TOPIC_PREFIX-{configs,offsets,status} (default connectd-oracle), replication factor 1,
# JsonConverter (schemas on) for keys and values, offset.flush.interval.ms
# ORACLE_OFFSET_FLUSH_INTERVAL_MS (default 5000), a FileConfigProvider named "file" (as the
# article's worker), REST on http://127.0.0.1:<free port>, advertised as 127.0.0.1:<port>.
#
# Files go to DIR/oracle-NAME/ (worker.properties, worker.log, worker.pid, worker.env). worker.env
# holds ORACLE_URL, ORACLE_PID, ORACLE_KIND, ORACLE_LOG, ORACLE_REST_S (process start -> REST
# answers GET /), ORACLE_READY_S (-> ready) and ORACLE_HEAP. The REST URL is the last stdout line.
#
# Usage: worker-start.sh [--kind debezium|connectd] DIR [NAME]     (NAME default: ref)
# Stop:  worker-stop.sh DIR [NAME]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

kind=debezium
if [[ "${1:-}" == --kind ]]; then
  kind="${2:?--kind needs a value}"
  shift 2
fi
[[ "${kind}" == debezium || "${kind}" == connectd ]] || die "unknown --kind ${kind} (debezium|connectd)"
[[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 [--kind debezium|connectd] DIR [NAME]"
dir="$(cd "$1" && pwd)"
name="${2:-ref}"
[[ "${name}" =~ ^[a-z0-9_-]+$ ]] || die "bad worker name ${name}"
bootstrap="$(rig_env_get "${dir}" KAFKA_BOOTSTRAP)" || die "${dir}/rig.env has no KAFKA_BOOTSTRAP"

wdir="${dir}/oracle-${name}"
pidfile="${wdir}/worker.pid"
log="${wdir}/worker.log"
if [[ -e "${pidfile}" ]] && pid_alive "$(<"${pidfile}")"; then
  die "worker ${name} already running (pid $(<"${pidfile}"))"
fi
mkdir -p "${wdir}"

group="${ORACLE_GROUP_ID:-connectd-oracle}"
tprefix="${ORACLE_TOPIC_PREFIX:-connectd-oracle}"
flush_ms="${ORACLE_OFFSET_FLUSH_INTERVAL_MS:-5000}"
timeout_s="${ORACLE_WORKER_START_TIMEOUT:-180}"
heap="${ORACLE_WORKER_HEAP_OPTS:--Xms256m -Xmx512m}"
provider_class=org.apache.kafka.common.config.provider.FileConfigProvider
json=org.apache.kafka.connect.json.JsonConverter

# http_ok URL: the URL answers 200. Bash's /dev/tcp and builtins only, no curl: start-up is timed with
# this probe (polled every 5 ms), so a probe must cost far less than the 100 ms it is meant to resolve.
http_ok() {
  local rest="${1#http://}" line fd
  local hostport="${rest%%/*}" path="/${rest#*/}"
  [[ "${rest}" == */* ]] || path="/"
  exec {fd}<>"/dev/tcp/${hostport%:*}/${hostport##*:}" 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "${path}" "${hostport}" >&"${fd}"
  IFS= read -r -t 5 -u "${fd}" line || line=""
  exec {fd}>&-
  [[ "${line}" == "HTTP/1."?" 200"* ]]
}
rest_up() { http_ok "$1/"; }
# Start-up is timed to the millisecond (rig-common's elapsed_since rounds to a tenth).
elapsed_ms_since() { awk -v a="$1" -v b="${EPOCHREALTIME}" 'BEGIN { printf "%.3f\n", b - a }'; }
health_ok() { http_ok "$1/health"; }

worker_pid=""
cleanup_on_failure() {
  local rc=$?
  if ((rc != 0)) && [[ -n "${worker_pid}" ]] && pid_alive "${worker_pid}"; then
    log_warn "stopping half-started worker (pid ${worker_pid})"
    kill -KILL "${worker_pid}" 2>/dev/null || true
    wait_pid_exit "${worker_pid}" 10 || true
    rm -f "${pidfile}"
  fi
}
trap cleanup_on_failure EXIT

launch_debezium() {
  local port="$1" home
  home="$("${here}/resolve.sh" | tail -n 1)"
  cat >"${wdir}/worker.properties" <<EOF
# Reference Kafka Connect 4.3.0 worker (scripts/oracle/worker-start.sh), distributed mode.
bootstrap.servers=${bootstrap}
group.id=${group}
config.storage.topic=${tprefix}-configs
offset.storage.topic=${tprefix}-offsets
status.storage.topic=${tprefix}-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
key.converter=${json}
value.converter=${json}
key.converter.schemas.enable=true
value.converter.schemas.enable=true
offset.flush.interval.ms=${flush_ms}
listeners=http://127.0.0.1:${port}
rest.advertised.host.name=127.0.0.1
rest.advertised.port=${port}
plugin.path=${home}/plugins
config.providers=file
config.providers.file.class=${provider_class}
EOF
  local -a heap_opts extra_opts
  read -r -a heap_opts <<<"${heap}"
  read -r -a extra_opts <<<"${ORACLE_WORKER_JVM_OPTS:-}"
  local -a jvm=(
    "${heap_opts[@]}"
    # Kafka's kafka-run-class.sh defaults for G1.
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent
    # C1-only JIT, as for the rig broker: quicker start, no C2 threads on 2 cores. Behaviour is
    # unchanged. Override with ORACLE_WORKER_JVM_OPTS=-XX:TieredStopAtLevel=4.
    -XX:TieredStopAtLevel=1
    -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=${here}/worker-log4j2.properties"
    "${extra_opts[@]}"
  )
  # shellcheck disable=SC2016  # $$ and $@ are for the inner shell
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "${pidfile}" \
    "${JAVA:-java}" "${jvm[@]}" -cp "${home}/libs/*" \
    org.apache.kafka.connect.cli.ConnectDistributed "${wdir}/worker.properties" \
    </dev/null >>"${log}" 2>&1 &
}

launch_connectd() {
  local port="$1" bin="${CONNECTD_BIN:-}"
  if [[ -z "${bin}" ]]; then
    # The newer of the two builds: a stale release binary must not stand in for current code.
    for b in "${RIG_REPO_ROOT}/build/release/app/connectd" "${RIG_REPO_ROOT}/build/test/app/connectd"; do
      if [[ -x "${b}" && (-z "${bin}" || "${b}" -nt "${bin}") ]]; then bin="${b}"; fi
    done
  fi
  [[ -n "${bin}" && -x "${bin}" ]] || die "connectd binary not found (build it, or set CONNECTD_BIN)"
  printf '%s\n' "${bin}" >"${wdir}/connectd.bin"
  # The Debezium image's environment; the article's unprefixed CONFIG_PROVIDERS* as well.
  # shellcheck disable=SC2016
  setsid env \
    BOOTSTRAP_SERVERS="${bootstrap}" GROUP_ID="${group}" \
    CONFIG_STORAGE_TOPIC="${tprefix}-configs" OFFSET_STORAGE_TOPIC="${tprefix}-offsets" \
    STATUS_STORAGE_TOPIC="${tprefix}-status" \
    CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR=1 CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR=1 \
    CONNECT_STATUS_STORAGE_REPLICATION_FACTOR=1 \
    KEY_CONVERTER="${json}" VALUE_CONVERTER="${json}" \
    OFFSET_FLUSH_INTERVAL_MS="${flush_ms}" \
    CONNECT_LISTENERS="http://127.0.0.1:${port}" \
    ADVERTISED_HOST_NAME=127.0.0.1 ADVERTISED_PORT="${port}" \
    CONFIG_PROVIDERS=file CONFIG_PROVIDERS_FILE_CLASS="${provider_class}" \
    bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "${pidfile}" "${bin}" \
    </dev/null >>"${log}" 2>&1 &
}

start="$(now_s)"
url=""
for attempt in 1 2 3; do
  port="$(free_port)"
  url="http://127.0.0.1:${port}"
  : >"${log}"
  rm -f "${pidfile}"
  start="$(now_s)"
  "launch_${kind}" "${port}"
  RIG_POLL_INTERVAL=0.005 wait_for "pid file ${pidfile}" 10 test -s "${pidfile}" || die "worker did not start"
  worker_pid="$(<"${pidfile}")"
  if RIG_WAIT_ABORT_PID="${worker_pid}" RIG_POLL_INTERVAL=0.005 wait_for "REST of worker ${name} on ${url}" "${timeout_s}" rest_up "${url}"; then
    break
  fi
  if ! pid_alive "${worker_pid}" && grep -q 'Address already in use' "${log}" && ((attempt < 3)); then
    log_warn "port ${port} was taken; retrying with another"
    worker_pid=""
    continue
  fi
  show_log_tail "${log}" 60
  die "worker ${name} did not answer on ${url}"
done
rest_s="$(elapsed_ms_since "${start}")"
# Ready = GET /health answers 200 (KIP-1017: the worker has completed start-up), for both kinds.
RIG_WAIT_ABORT_PID="${worker_pid}" RIG_POLL_INTERVAL=0.005 wait_for "worker ${name} /health" "${timeout_s}" health_ok "${url}" || {
  show_log_tail "${log}" 60
  die "worker ${name} did not become healthy"
}
ready_s="$(elapsed_ms_since "${start}")"

heap_desc="${heap}"
[[ "${kind}" == connectd ]] && heap_desc="n/a (native)"
{
  printf 'ORACLE_KIND=%s\n' "${kind}"
  printf 'ORACLE_URL=%s\n' "${url}"
  printf 'ORACLE_PID=%s\n' "${worker_pid}"
  printf 'ORACLE_LOG=%s\n' "${log}"
  printf 'ORACLE_BOOTSTRAP=%s\n' "${bootstrap}"
  printf 'ORACLE_REST_S=%s\n' "${rest_s}"
  printf 'ORACLE_READY_S=%s\n' "${ready_s}"
  printf 'ORACLE_HEAP="%s"\n' "${heap_desc}"
} >"${wdir}/worker.env"
log_info "${kind} worker ${name} ready on ${url} (pid ${worker_pid}, broker ${bootstrap}, heap ${heap_desc}): REST after ${rest_s}s, ready after ${ready_s}s"
printf '%s\n' "${url}"
