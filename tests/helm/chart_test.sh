#!/usr/bin/env bash
# Checks the Helm chart against the article (ctest label helm):
#   - the chart's copies of the article's files are byte-identical to the article's
#     (../shared/fixtures/article/ when present; tests/conformance/article/ always);
#   - helm lint --strict;
#   - helm template refuses to render without db.password;
#   - the rendered manifests (tests/helm/check_rendered.py): the hook Job's script is byte-identical to
#     hook-apply-connector.sh, the ConfigMap's JSON to pg-outbox-config.json, plus env, Secret mount,
#     probes, image, Service.
# Every failed check prints a "FAIL:" line; the exit status is 1 when any failed.
# Usage: tests/helm/chart_test.sh [CHART_DIR]     (default: helm/connectd)
# Env:   CONNECTD_ARTICLE_DIR (default ../shared/fixtures/article beside the checkout)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
chart="$(cd "${1:-${root}/helm/connectd}" && pwd)"
article="${CONNECTD_ARTICLE_DIR-${root}/../shared/fixtures/article}"
copies="${root}/tests/conformance/article"
release=connect
namespace=kafka-connect
repository=ghcr.io/connectd/connectd

helm="$("${root}/scripts/setup-helm.sh" | tail -n1)"
python="$("${root}/scripts/oracle/setup-venv.sh" | tail -n1)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
same() { # same FILE REFERENCE WHAT
  if [[ ! -f "$1" ]]; then
    fail "$3: $1 is missing"
  elif ! cmp -s "$1" "$2"; then
    fail "$3: $1 differs from $2 ($(cmp "$1" "$2" 2>&1 | head -n1))"
  fi
}

# 1. The chart's copies of the article's files.
same "${chart}/files/pg-outbox-config.json" "${copies}/pg-outbox-config.json" "connector JSON copy"
if [[ -n "${article}" && -d "${article}" ]]; then
  same "${chart}/files/pg-outbox-config.json" "${article}/pg-outbox-config.json" "connector JSON copy"
  same "${copies}/hook-apply-connector.sh" "${article}/hook-apply-connector.sh" "hook script copy"
  for t in deployment.yaml service.yaml hook-job.yaml; do
    same "${chart}/templates/${t}" "${article}/${t}" "template ${t}"
  done
else
  echo "chart_test: ${article:-(CONNECTD_ARTICLE_DIR empty)} not present; checking against tests/conformance/article only"
fi

# 2. The image tag is the chart's appVersion, which is connectd's version.
app_version="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "${chart}/Chart.yaml")"
project_version="$(sed -n 's/^project(connectd VERSION \([0-9.]*\).*/\1/p' "${root}/CMakeLists.txt")"
[[ -n "${app_version}" && "${app_version}" == "${project_version}" ]] ||
  fail "Chart.yaml appVersion '${app_version}' is not connectd's version '${project_version}' (CMakeLists.txt)"

# 3. helm lint --strict (a password is needed to render the Secret).
if ! "${helm}" lint --strict "${chart}" --set db.password=lint >"${work}/lint.log" 2>&1; then
  fail "helm lint --strict:"
  sed 's/^/    /' "${work}/lint.log"
fi

# 4. No Secret without a password: rendering must stop with a message saying so.
if "${helm}" template "${release}" "${chart}" >"${work}/nopw.log" 2>&1; then
  fail "helm template rendered without db.password; it must refuse"
elif ! grep -q 'db.password is required' "${work}/nopw.log"; then
  fail "helm template without db.password failed without saying why: $(head -c 300 "${work}/nopw.log")"
fi

# 5. The rendered manifests.
# A password with a backslash, which db.properties must escape (java.util.Properties syntax).
printf '%s\n' 'db:' '  password: '"'"'s3cr\et=:x'"'" >"${work}/password.yaml"
if "${helm}" template "${release}" "${chart}" --namespace "${namespace}" -f "${work}/password.yaml" \
  >"${work}/rendered.yaml" 2>"${work}/template.log"; then
  if ! "${python}" "${here}/check_rendered.py" "${work}/rendered.yaml" --release "${release}" \
    --namespace "${namespace}" --image "${repository}:${app_version}" \
    --config-json "${copies}/pg-outbox-config.json" --hook-script "${copies}/hook-apply-connector.sh" \
    >"${work}/check.log"; then
    failures=$((failures + 1))
  fi
  cat "${work}/check.log"
  grep -qF 'database.password=s3cr\\et=:x' "${work}/rendered.yaml" ||
    fail "Secret: database.password is not the given password with its backslash escaped"
else
  fail "helm template failed:"
  sed 's/^/    /' "${work}/template.log"
fi

if ((failures > 0)); then
  echo "chart_test: ${chart}: ${failures} check(s) failed"
  exit 1
fi
echo "chart_test: ${chart}: lint, render and every article check passed ($("${helm}" version --template '{{.Version}}'))"
