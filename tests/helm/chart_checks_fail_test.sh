#!/usr/bin/env bash
# Proves that tests/helm/chart_test.sh can fail: each case copies the chart, breaks one thing the
# article depends on, and expects chart_test.sh to exit non-zero with the FAIL line naming it. A case
# whose edit does not change the file is itself an error, so no case passes vacuously.
# Usage: tests/helm/chart_checks_fail_test.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# Warm up (and fail early on) the tool set-up, so that a set-up error is not taken for a caught break.
"${root}/scripts/setup-helm.sh" >/dev/null
"${root}/scripts/oracle/setup-venv.sh" >/dev/null

failed=0
n=0
# check_break NAME FILE SED-EXPRESSION EXPECTED-FAIL-TEXT
check_break() {
  local name="$1" file="$2" expr="$3" want="$4" copy rc=0
  n=$((n + 1))
  copy="${work}/case${n}/connectd"
  mkdir -p "${copy%/*}"
  cp -r "${root}/helm/connectd" "${copy}"
  sed -i -e "${expr}" "${copy}/${file}"
  if cmp -s "${root}/helm/connectd/${file}" "${copy}/${file}"; then
    echo "ERROR: case '${name}': the edit '${expr}' did not change ${file}"
    failed=$((failed + 1))
    return
  fi
  "${here}/chart_test.sh" "${copy}" >"${work}/case${n}.log" 2>&1 || rc=$?
  if ((rc == 0)); then
    echo "NOT CAUGHT: case '${name}': chart_test.sh passed on the broken chart"
    failed=$((failed + 1))
  elif ! grep -qF -- "${want}" "${work}/case${n}.log"; then
    echo "WRONG REPORT: case '${name}': expected a line with '${want}'; chart_test.sh printed:"
    sed 's/^/    /' "${work}/case${n}.log"
    failed=$((failed + 1))
  else
    echo "caught: ${name}: $(grep -F -- "${want}" "${work}/case${n}.log" | head -n1 | cut -c1-150)"
  fi
}

check_break "hook script: one command changed" templates/hook-job.yaml \
  's/sleep 2/sleep 3/' "FAIL: hook Job script vs hook-apply-connector.sh"
check_break "hook script: final newline chomped" templates/hook-job.yaml \
  's/^            - |$/            - |-/' "FAIL: hook Job script vs hook-apply-connector.sh"
check_break "hook Job: ConfigMap renamed" templates/hook-job.yaml \
  's/name: usersdb-pg-proto-outbox-config/name: outbox-config/' "FAIL: hook Job volume cfg"
check_break "hook Job: not a post-upgrade hook" templates/hook-job.yaml \
  's/post-install,post-upgrade/post-install/' "FAIL: hook Job annotation helm.sh/hook:"
check_break "connector JSON: one value changed" files/pg-outbox-config.json \
  's/zstd/gzip/' "FAIL: ConfigMap usersdb-pg-proto-outbox-config pg-outbox-config.json"
check_break "connector JSON: final newline trimmed by the template" templates/configmap.yaml \
  's/| toJson/| trim | toJson/' "FAIL: ConfigMap usersdb-pg-proto-outbox-config pg-outbox-config.json"
check_break "env: CONFIG_PROVIDERS wrong" values.yaml \
  's/value: file$/value: files/' "FAIL: Deployment env CONFIG_PROVIDERS"
check_break "env: GROUP_ID dropped" values.yaml \
  '/name: GROUP_ID/,+1d' "FAIL: Deployment env GROUP_ID is missing or empty"
check_break "Secret mounted elsewhere" values.yaml \
  's|mountPath: /opt/kafka/external-configuration|mountPath: /etc/connect|' \
  "FAIL: Deployment: no Secret volume is mounted"
check_break "Secret without the password" templates/secret.yaml \
  '/database.password=/d' "FAIL: Secret usersdb-debezium-db db.properties: missing or empty ['database.password']"
check_break "readiness probe on another path" templates/deployment.yaml \
  '0,/path: "\/"/s//path: "\/health"/' "FAIL: Deployment readinessProbe"
check_break "image tag not the appVersion" values.yaml \
  's/tag: "0.1.0"/tag: latest/' "FAIL: Deployment image"
check_break "resources removed" values.yaml \
  '/^resources:/,/^$/c\resources: {}' "FAIL: Deployment resources"

if ((failed > 0)); then
  echo "chart_checks_fail_test: ${failed} of ${n} broken charts were not reported as expected"
  exit 1
fi
echo "chart_checks_fail_test: all ${n} broken charts were caught with the expected message"
