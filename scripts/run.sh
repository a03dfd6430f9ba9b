#!/usr/bin/env bash
# The main job on local defaults: set-up, the release build, then a local PostgreSQL 15, a local Kafka 4.3
# broker and connectd with its REST API on :8083, left running in the background.
# Usage: scripts/run.sh [start|stop|status]   (default: start)
# State (rig, logs, pid) lives in CONNECTD_LOCAL_DIR (default /tmp/connectd-local).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${CONNECTD_LOCAL_DIR:-/tmp/connectd-local}"
rig_dir="${state}/rig"
pid_file="${state}/connectd.pid"
log_file="${state}/connectd.log"
port="${CONNECTD_PORT:-8083}"

running() { [[ -f "${pid_file}" ]] && kill -0 "$(cat "${pid_file}")" 2>/dev/null; }
rig_up() { [[ -f "${rig_dir}/rig.env" ]] && kill -0 "$(grep '^KAFKA_PID=' "${rig_dir}/rig.env" | cut -d= -f2)" 2>/dev/null; }

status() {
  if rig_up; then
    # shellcheck disable=SC1091
    source "${rig_dir}/rig.env"
    echo "PostgreSQL ${PG_VERSION}  127.0.0.1:${PGPORT}  (superuser postgres, password in ${rig_dir}/rig.env)"
    echo "Kafka ${KAFKA_VERSION}      ${KAFKA_BOOTSTRAP}  (cluster ${KAFKA_CLUSTER_ID})"
  else
    echo "PostgreSQL and Kafka: not running"
  fi
  if running; then
    echo "connectd          http://localhost:${port}/  (pid $(cat "${pid_file}"), log ${log_file})"
  else
    echo "connectd: not running"
  fi
}

stop() {
  if running; then
    kill -TERM "$(cat "${pid_file}")" || true
    for _ in $(seq 1 100); do
      running || break
      sleep 0.1
    done
    running && kill -KILL "$(cat "${pid_file}")" 2>/dev/null || true
    echo "connectd stopped"
  fi
  rm -f "${pid_file}"
  if [[ -d "${rig_dir}" ]]; then
    "${root}/scripts/rig/stop.sh" "${rig_dir}"
    echo "PostgreSQL and Kafka stopped"
  fi
}

start() {
  "${root}/scripts/setup.sh"
  "${root}/scripts/build.sh" release
  mkdir -p "${state}"
  chmod a+x "${state}"
  if ! rig_up; then
    [[ -d "${rig_dir}" ]] && "${root}/scripts/rig/stop.sh" "${rig_dir}" >/dev/null 2>&1 || rm -rf "${rig_dir}"
    "${root}/scripts/rig/start.sh" "${rig_dir}" >/dev/null
  fi
  # shellcheck disable=SC1091
  source "${rig_dir}/rig.env"
  if ! running; then
    if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "run.sh: port ${port} is already in use; stop what listens there or set CONNECTD_PORT" >&2
      exit 1
    fi
    BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP}" CONNECT_LISTENERS="http://:${port}" \
      nohup "${root}/build/release/app/connectd" >"${log_file}" 2>&1 &
    echo $! >"${pid_file}"
    for _ in $(seq 1 100); do
      curl -sf "http://localhost:${port}/" >/dev/null 2>&1 && break
      running || { echo "run.sh: connectd exited; see ${log_file}" >&2; tail -n 20 "${log_file}" >&2; exit 1; }
      sleep 0.1
    done
  fi
  echo
  echo "Running:"
  status
  echo
  echo "Try:   curl -s http://localhost:${port}/"
  echo "       ${root}/scripts/kafka/topics --bootstrap-server ${KAFKA_BOOTSTRAP} --list"
  echo "Stop:  ${root}/scripts/run.sh stop"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/run.sh [start|stop|status]" >&2; exit 2 ;;
esac
