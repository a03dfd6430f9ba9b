#!/usr/bin/env bash
# The main job on local defaults: set-up, the release build, a local PostgreSQL 15 and Kafka 4.3 broker,
# then the article's flow (scripts/article.sh): its migration, connectd on :8083 configured by the
# article's environment and Secret file, its hook script (HTTP 201), the test insert and the consumed
# event. connectd is left running in the background. Needs root (the article's fixed paths are bound in a
# private mount namespace).
# Usage: scripts/run.sh [start|stop|status]   (default: start)
# State (rig, logs, pid) lives in CONNECTD_LOCAL_DIR (default /tmp/connectd-local).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${CONNECTD_LOCAL_DIR:-/tmp/connectd-local}"
rig_dir="${state}/rig"
article_dir="${state}/article"
pid_file="${article_dir}/connectd.pid"
log_file="${article_dir}/connectd.log"
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
    "${root}/scripts/article.sh" down "${article_dir}"
    echo "connectd stopped"
  fi
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
    mkdir -p "${article_dir}"
    chmod 700 "${article_dir}"
    CONNECTD_BINARY="${root}/build/release/app/connectd" \
      "${root}/scripts/article.sh" up "${rig_dir}/rig.env" "${article_dir}" "${port}"
  else
    echo "connectd is already running; the event consumed when it started:"
    cat -v "${article_dir}/consumed.bin"
  fi
  echo
  echo "Running:"
  status
  echo
  echo "Next, try:"
  echo "  1. Another outbox event, then watch it arrive:"
  echo "     PGPASSWORD=${PG_SUPERUSER_PASSWORD} ${PG_BIN}/psql -h ${PGHOST} -p ${PGPORT} -U ${PG_SUPERUSER} -d usersdb \\"
  echo "       -c \"INSERT INTO outboxevent VALUES (gen_random_uuid(), 'orders', 'o-1', 'OrderPlaced', '\\\\x01', now())\""
  echo "     ${root}/scripts/kafka/console-consumer --bootstrap-server ${KAFKA_BOOTSTRAP} --topic outbox.event.orders \\"
  echo "       --from-beginning --property print.key=true --property print.headers=true"
  echo "  2. The REST API Kafka Connect users know: curl -s localhost:${port}/connectors/pg-outbox/status"
  echo "     (also /connectors?expand=status, /connector-plugins, /connectors/pg-outbox/offsets)"
  echo "  3. The source offsets, in Kafka Connect's own offsets topic and format (written every"
  echo "     offset.flush.interval.ms, 60 s by default; also GET /connectors/pg-outbox/offsets):"
  echo "     ${root}/scripts/kafka/console-consumer --bootstrap-server ${KAFKA_BOOTSTRAP} --topic connectd-article-offsets \\"
  echo "       --from-beginning --property print.key=true"
  echo "Stop:  ${root}/scripts/run.sh stop"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/run.sh [start|stop|status]" >&2; exit 2 ;;
esac
