#!/usr/bin/env bash
# The migration story, checked both ways: Kafka Connect (the reference worker) and connectd take turns on
# the same group and the same config/offset/status topics. A connector created by one is found by the
# other, its target state is kept, and its task resumes after the offset the other committed. The
# connector is Kafka's own test source (org.apache.kafka.connect.tools.VerifiableSourceConnector), which
# both workers have. Exit status 0 when every check holds; the last line is "N passed, M failed".
# Usage: scripts/oracle/storage-interop.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

"${here}/resolve.sh" >/dev/null
dir="$(mktemp -d /tmp/connectd-interop.XXXXXX)"
cleanup() {
  "${here}/worker-stop.sh" "${dir}" ref >/dev/null 2>&1 || true
  "${here}/worker-stop.sh" "${dir}" cd >/dev/null 2>&1 || true
  "${RIG_SCRIPTS_DIR}/stop.sh" "${dir}" >/dev/null 2>&1 || true
}
trap cleanup EXIT
"${RIG_SCRIPTS_DIR}/start.sh" "${dir}" >/dev/null

export ORACLE_GROUP_ID=interop ORACLE_TOPIC_PREFIX=interop ORACLE_OFFSET_FLUSH_INTERVAL_MS=500
passed=0
failed=0
check() {
  local what="$1"
  shift
  if "$@"; then
    echo "ok    ${what}"
    passed=$((passed + 1))
  else
    echo "FAIL  ${what}"
    failed=$((failed + 1))
  fi
}

start() { "${here}/worker-start.sh" --kind "$1" "${dir}" "$2" 2>/dev/null | tail -n1; }
stop() { "${here}/worker-stop.sh" "${dir}" "$1" >/dev/null 2>&1; }
state() { curl -s "$1/connectors/$2/status" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["connector"]["state"], *[t["state"] for t in d["tasks"]])' 2>/dev/null; }
seqno() { curl -s "$1/connectors/$2/offsets" | python3 -c 'import json,sys; o=json.load(sys.stdin)["offsets"]; print(max(e["offset"]["seqno"] for e in o) if o else -1)' 2>/dev/null; }
wait_state() { local u="$1" c="$2" want="$3" i; for i in $(seq 1 150); do [[ "$(state "$u" "$c")" == "${want}" ]] && return 0; sleep 0.2; done; return 1; }
wait_seqno_above() { local u="$1" c="$2" min="$3" i s; for i in $(seq 1 150); do s="$(seqno "$u" "$c")"; [[ -n "$s" && "$s" -gt "${min}" ]] && return 0; sleep 0.2; done; return 1; }

config='{"connector.class":"org.apache.kafka.connect.tools.VerifiableSourceConnector","tasks.max":"1",
  "topic":"interop.verifiable","throughput":"50",
  "key.converter":"org.apache.kafka.connect.storage.StringConverter",
  "value.converter":"org.apache.kafka.connect.storage.StringConverter",
  "header.converter":"org.apache.kafka.connect.storage.StringConverter"}'

# 1. Kafka Connect creates two connectors, one of them paused, and commits offsets.
ref="$(start debezium ref)"
curl -s -o /dev/null -X PUT -H 'Content-Type: application/json' "${ref}/connectors/ver/config" --data "${config}"
curl -s -o /dev/null -X PUT -H 'Content-Type: application/json' "${ref}/connectors/held/config" --data "${config/interop.verifiable/interop.held}"
wait_state "${ref}" held "RUNNING RUNNING" && curl -s -o /dev/null -X PUT "${ref}/connectors/held/pause"
check "Kafka Connect runs the connector" wait_state "${ref}" ver "RUNNING RUNNING"
check "Kafka Connect commits offsets" wait_seqno_above "${ref}" ver 20
check "Kafka Connect pauses the other" wait_state "${ref}" held "PAUSED PAUSED"
stop ref
ref_seqno="$(curl -s -m 1 "${ref}/" >/dev/null 2>&1; echo)"
# 2. connectd on the same topics, with no local state.
cd_url="$(start connectd cd)"
check "connectd lists Kafka Connect's connectors" bash -c "curl -s '${cd_url}/connectors' | python3 -c 'import json,sys; assert sorted(json.load(sys.stdin)) == [\"held\", \"ver\"]'"
check "connectd keeps the paused target state" wait_state "${cd_url}" held "PAUSED PAUSED"
check "connectd runs the connector" wait_state "${cd_url}" ver "RUNNING RUNNING"
from_ref="$(seqno "${cd_url}" ver)"
check "connectd reads the offsets Kafka Connect committed (seqno ${from_ref})" test "${from_ref}" -gt 20
check "connectd's task resumes after them" wait_seqno_above "${cd_url}" ver "$((from_ref + 20))"
curl -s -o /dev/null -X PUT "${cd_url}/connectors/held/resume"
check "connectd resumes the paused one" wait_state "${cd_url}" held "RUNNING RUNNING"
curl -s -o /dev/null -X PUT "${cd_url}/connectors/ver/pause"
check "connectd pauses the first one" wait_state "${cd_url}" ver "PAUSED PAUSED"
curl -s -o /dev/null -X PUT -H 'Content-Type: application/json' "${cd_url}/connectors/made-by-connectd/config" --data "${config/interop.verifiable/interop.cd}"
check "connectd creates a connector" wait_state "${cd_url}" made-by-connectd "RUNNING RUNNING"
check "connectd commits its offsets" wait_seqno_above "${cd_url}" made-by-connectd 20
from_cd="$(seqno "${cd_url}" ver)"
stop cd
# 3. Kafka Connect again, on what connectd wrote.
ref="$(start debezium ref)"
check "Kafka Connect finds connectd's connector" wait_state "${ref}" made-by-connectd "RUNNING RUNNING"
check "Kafka Connect keeps connectd's pause" wait_state "${ref}" ver "PAUSED PAUSED"
check "Kafka Connect keeps connectd's resume" wait_state "${ref}" held "RUNNING RUNNING"
check "Kafka Connect reads connectd's offsets (seqno ${from_cd})" test "$(seqno "${ref}" ver)" -ge "${from_cd}"
cd_made="$(seqno "${ref}" made-by-connectd)"
check "Kafka Connect resumes connectd's connector after its offsets (seqno ${cd_made})" wait_seqno_above "${ref}" made-by-connectd "$((cd_made + 20))"
stop ref
: "${ref_seqno}"
echo "storage-interop: ${passed} passed, ${failed} failed"
((failed == 0))
