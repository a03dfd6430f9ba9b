#!/usr/bin/env bash
# Regenerates the outcome of the golden EventRouter, ExtractNewRecordState and ByLogicalTableRouter cases
# with the real transforms: Debezium 3.6.1.Final's debezium-connect-plugins (where Debezium 3.6 keeps its
# SMTs; debezium-core 3.6 is only a pointer POM) on Kafka Connect 4.3.0's connect-api, resolved from Maven
# Central by scripts/oracle/resolve.sh, the reference oracle's worker. Needs a JDK 17 (javac) and Maven.
# Run it after adding or changing a case and commit the result; with --check it writes nothing and exits 1
# when a case's outcome is not what Debezium gives (ctest: oracle.golden-transforms).
#
# Usage: tests/golden/transforms/generate.sh [--check] [case.json ...]   (default: every case of the three)
# Exit status 77 (ctest's skip) when java or javac is missing, or mvn when the jars are not resolved yet.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../../.." && pwd)"

check=()
if [[ "${1:-}" == "--check" ]]; then
  check=(--check)
  shift
fi
skip() {
  echo "SKIP: $1; the golden transform cases cannot be checked against Debezium" >&2
  exit 77
}
for tool in java javac; do
  command -v "${tool}" >/dev/null || skip "${tool} not found"
done
# Maven is needed only to resolve the jars the first time (resolve.sh returns the cached set at once).
if ! oracle="$("${root}/scripts/oracle/resolve.sh" | tail -1)"; then
  command -v mvn >/dev/null || skip "mvn not found and the jars are not resolved yet"
  exit 1
fi
plugin="${oracle}/plugins/debezium-connector-postgres"
# The worker's class path (connect-api, connect-transforms, Jackson, log4j) plus Debezium's plugin jars.
cp="${oracle}/libs/*"
for jar in debezium-connect-plugins debezium-connector-common debezium-api debezium-config debezium-util; do
  cp+=":${plugin}/${jar}-3.6.1.Final.jar"
done

build="$(mktemp -d)"
trap 'rm -rf "${build}"' EXIT
javac -d "${build}" -cp "${cp}" "${here}/Generator.java"

if [[ $# -eq 0 ]]; then
  mapfile -t cases < <(find "${here}/EventRouter" "${here}/ExtractNewRecordState" "${here}/ByLogicalTableRouter" \
    -name '*.json' | sort)
else
  cases=("$@")
fi
java -Duser.timezone=UTC -Dlog4j2.level=error -cp "${build}:${cp}" Generator "${check[@]}" "${cases[@]}"
