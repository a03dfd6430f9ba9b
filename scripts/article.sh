#!/usr/bin/env bash
# The article's flow against a running rig (PostgreSQL + Kafka), with the article's artifacts unchanged:
#   1. the Flyway migration (its ${DB_NAME} and ${DEBEZIUM_PASSWORD} placeholders filled, as Flyway does);
#   2. a db.properties Secret file at /opt/kafka/external-configuration/db.properties and the connector
#      JSON at /cfg/pg-outbox-config.json, the paths the article's JSON and hook script name. They are
#      bind-mounted in private mount namespaces (unshare), so nothing else on the machine sees them;
#   3. the hook script, unchanged, started before connectd (it waits for the REST API), then connectd
#      configured only by the article's environment variables plus GROUP_ID and the storage topics;
#   4. GET /connectors/pg-outbox/status until connector and task are RUNNING;
#   5. the article's test-insert.sql, then kafka-console-consumer with print.key and print.headers.
# It checks what was consumed (key u-123, eventType:UserCreated, ts = the row's timestamp, value bytes
# DE AD BE EF) and exits non-zero otherwise. connectd is left running; `down` stops it.
#
# Usage: scripts/article.sh up RIG_ENV STATE_DIR PORT
#        scripts/article.sh hook STATE_DIR PORT      (runs the hook script once more)
#        scripts/article.sh down STATE_DIR
# Needs root (mount namespaces) and the release or test binary in CONNECTD_BINARY.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="${CONNECTD_ARTICLE_FIXTURES:-${root}/../shared/fixtures/article}"
secret_dir=/opt/kafka/external-configuration
cfg_dir=/cfg

die() {
  echo "article.sh: $*" >&2
  exit 1
}

[[ -f "${fixtures}/pg-outbox-config.json" ]] ||
  die "the article's fixtures are not at ${fixtures} (set CONNECTD_ARTICLE_FIXTURES)"

# Runs CMD with the article's two directories bind-mounted from STATE_DIR, in a private mount namespace.
# The mount points are created (empty) if the machine lacks them.
in_article_ns() {
  local state="$1"
  shift
  mkdir -p "${secret_dir}" "${cfg_dir}"
  exec unshare --mount --propagation private -- /bin/sh -ec '
    mount --bind "$1/external-configuration" "$2"
    mount --bind "$1/cfg" "$3"
    shift 3
    exec "$@"' sh "${state}" "${secret_dir}" "${cfg_dir}" "$@"
}

run_hook() {
  local state="$1" port="$2"
  # The hook Job's container runs `/bin/sh -ec "<script>"` with CONNECT_URL set; so does this.
  CONNECT_URL="http://127.0.0.1:${port}" in_article_ns "${state}" /bin/sh -ec "$(cat "${fixtures}/hook-apply-connector.sh")"
}

stop_connectd() {
  local state="$1" pid
  [[ -f "${state}/connectd.pid" ]] || return 0
  pid="$(cat "${state}/connectd.pid")"
  if kill -0 "${pid}" 2>/dev/null; then
    kill -TERM "${pid}"
    for _ in $(seq 1 300); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "${pid}" 2>/dev/null || true
  fi
  rm -f "${state}/connectd.pid"
}

up() {
  local rig_env="$1" state="$2" port="$3"
  # shellcheck disable=SC1090
  source "${rig_env}"
  local binary="${CONNECTD_BINARY:-${root}/build/release/app/connectd}"
  [[ -x "${binary}" ]] || die "no connectd binary at ${binary}"
  local db=usersdb
  mkdir -p "${state}/external-configuration" "${state}/cfg"
  chmod 700 "${state}/external-configuration"

  # 1. The migration, placeholders filled as Flyway would; the password is made up per run.
  local password
  password="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export PGPASSWORD="${PG_SUPERUSER_PASSWORD}"
  local psql=("${PG_BIN}/psql" -X -q -v ON_ERROR_STOP=1 -h "${PGHOST}" -p "${PGPORT}" -U "${PG_SUPERUSER}")
  if [[ -z "$("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${db}'")" ]]; then
    "${psql[@]}" -d postgres -c "CREATE DATABASE ${db}"
  fi
  sed -e "s/\${DB_NAME}/${db}/g" -e "s/\${DEBEZIUM_PASSWORD}/${password}/g" "${fixtures}/migration.sql" |
    "${psql[@]}" -d "${db}" -f -
  # The role may exist from an earlier run with another password: the Secret is the truth.
  "${psql[@]}" -d "${db}" -c "ALTER ROLE debezium PASSWORD '${password}'"

  # 2. The Secret file and the ConfigMap's JSON, unchanged.
  cat >"${state}/external-configuration/db.properties" <<EOF
database.hostname=${PGHOST}
database.port=${PGPORT}
database.user=debezium
database.password=${password}
database.dbname=${db}
EOF
  cp "${fixtures}/pg-outbox-config.json" "${state}/cfg/pg-outbox-config.json"

  # 3. The hook first (it waits for the REST API, as in a Helm install), then connectd.
  run_hook "${state}" "${port}" >"${state}/hook.log" 2>&1 &
  local hook_pid=$!
  BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP}" \
    PLUGIN_PATH=/kafka/connect \
    CONFIG_PROVIDERS=file \
    CONFIG_PROVIDERS_FILE_CLASS=org.apache.kafka.common.config.provider.FileConfigProvider \
    GROUP_ID=connectd-article \
    CONFIG_STORAGE_TOPIC=connectd-article-configs \
    OFFSET_STORAGE_TOPIC=connectd-article-offsets \
    STATUS_STORAGE_TOPIC=connectd-article-status \
    CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR=1 \
    CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR=1 \
    CONNECT_STATUS_STORAGE_REPLICATION_FACTOR=1 \
    CONNECT_LISTENERS="http://127.0.0.1:${port}" \
    in_article_ns "${state}" "${binary}" >"${state}/connectd.log" 2>&1 &
  echo $! >"${state}/connectd.pid"
  local hook_rc=0
  wait "${hook_pid}" || hook_rc=$?
  cat "${state}/hook.log"
  ((hook_rc == 0)) || die "the hook script failed (status ${hook_rc}); connectd's log: ${state}/connectd.log"
  grep -qx 'HTTP 201' "${state}/hook.log" || die "the hook did not print HTTP 201"

  # 4. Status.
  local status="" deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    status="$(curl -s "http://127.0.0.1:${port}/connectors/pg-outbox/status" || true)"
    if python3 -c 'import json,sys; s=json.loads(sys.argv[1]); sys.exit(0 if s["connector"]["state"]=="RUNNING" and s["tasks"] and all(t["state"]=="RUNNING" for t in s["tasks"]) else 1)' "${status}" 2>/dev/null; then
      break
    fi
    status=""
    sleep 0.2
  done
  [[ -n "${status}" ]] || die "pg-outbox is not RUNNING after 60 s: $(curl -s "http://127.0.0.1:${port}/connectors/pg-outbox/status")"
  echo "GET /connectors/pg-outbox/status: ${status}"

  # 5. The test insert, then the consumer as in the article.
  "${psql[@]}" -d "${db}" -f "${fixtures}/test-insert.sql"
  local row_ts
  row_ts="$("${psql[@]}" -d "${db}" -tAc "SELECT to_char(max(timestamp) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM public.outboxevent WHERE aggregateid = 'u-123'")"
  "${root}/scripts/kafka/console-consumer" --bootstrap-server "${KAFKA_BOOTSTRAP}" \
    --topic outbox.event.users --from-beginning --max-messages 1 --timeout-ms 60000 \
    --property print.key=true --property print.headers=true >"${state}/consumed.bin" 2>"${state}/consumer.log" ||
    die "kafka-console-consumer read nothing from outbox.event.users: $(tail -n 5 "${state}/consumer.log")"
  echo "kafka-console-consumer --topic outbox.event.users --property print.key=true --property print.headers=true:"
  cat -v "${state}/consumed.bin"
  check_consumed "${state}/consumed.bin" "${row_ts}"
}

# The consumer prints headers<TAB>key<TAB>value (the value's raw bytes, then a newline).
check_consumed() {
  python3 - "$1" "$2" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
row_ts = sys.argv[2]
if not data.endswith(b"\n"):
    sys.exit("article.sh: kafka-console-consumer printed no complete record")
headers, key, value = data[:-1].split(b"\t", 2)
problems = []
if key != b"u-123":
    problems.append(f"key is {key!r}, expected b'u-123'")
pairs = [h.split(b":", 1) for h in headers.split(b",")]
names = [p[0] for p in pairs]
got = dict((p[0], p[1] if len(p) > 1 else b"") for p in pairs)
if got.get(b"eventType") != b"UserCreated":
    problems.append(f"header eventType is {got.get(b'eventType')!r}")
if got.get(b"ts") != row_ts.encode():
    problems.append(f"header ts is {got.get(b'ts')!r}, the row's timestamp is {row_ts!r}")
if b"id" not in got:
    problems.append("no id header")
elif not (names.index(b"id") < names.index(b"eventType") < names.index(b"ts")):
    problems.append(f"headers out of Debezium's order: {names}")
if value != bytes.fromhex("DEADBEEF"):
    problems.append(f"value bytes are {value.hex().upper()}, expected DEADBEEF")
if problems:
    sys.exit("article.sh: the consumed record is wrong:\n  " + "\n  ".join(problems))
print(f"(key u-123, headers {', '.join(n.decode() for n in names)}; eventType UserCreated, "
      f"ts {row_ts}; value bytes {value.hex(' ').upper()})")
EOF
}

case "${1:-}" in
  up) shift; up "$@" ;;
  hook) shift; run_hook "$@" ;;
  down) shift; stop_connectd "$@" ;;
  *) die "usage: scripts/article.sh up RIG_ENV STATE_DIR PORT | hook STATE_DIR PORT | down STATE_DIR" ;;
esac
