#!/usr/bin/env bash
# The article end to end (issue 8): a real PostgreSQL with the article's migration, a real Kafka, connectd
# configured only by the article's environment and a db.properties Secret file, the hook script
# unchanged (HTTP 201, then HTTP 200 when it runs again), the status RUNNING, the test insert, and what
# kafka-console-consumer prints. scripts/article.sh does the flow and checks the consumed record; this
# test gives it its own rig and adds the second hook run.
# Usage: article_e2e.sh CONNECTD_BINARY
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CONNECTD_BINARY="${1:?usage: article_e2e.sh CONNECTD_BINARY}"

if [[ -z "${CONNECTD_RIG_ENV:-}" ]]; then
  exec "${root}/scripts/rig/with-rig.sh" "$0" "$@"
fi

state="$(mktemp -d /tmp/connectd-article.XXXXXX)"
finish() {
  local rc=$?
  "${root}/scripts/article.sh" down "${state}"
  if ((rc != 0)) && [[ -f "${state}/connectd.log" ]]; then
    echo "--- the last lines of connectd's log:" >&2
    tail -n 40 "${state}/connectd.log" >&2
  fi
  rm -rf "${state}"
  exit "${rc}"
}
trap finish EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

"${root}/scripts/article.sh" up "${CONNECTD_RIG_ENV}" "${state}" "${port}"

# A Helm upgrade runs the hook again: the same config is an update, 200.
again="$("${root}/scripts/article.sh" hook "${state}" "${port}")"
echo "${again}"
grep -qx 'HTTP 200' <<<"${again}" || { echo "article_e2e: the second hook run did not print HTTP 200" >&2; exit 1; }
echo "article_e2e: passed"
