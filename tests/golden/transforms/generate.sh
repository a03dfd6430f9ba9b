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
what="the golden transform cases cannot be checked against Debezium"
# shellcheck source=../java-generator.sh
source "${here}/../java-generator.sh"
shift "${shifted}"

if [[ $# -eq 0 ]]; then
  mapfile -t cases < <(find "${here}/EventRouter" "${here}/ExtractNewRecordState" "${here}/ByLogicalTableRouter" \
    -name '*.json' | sort)
else
  cases=("$@")
fi
java -Duser.timezone=UTC -Dlog4j2.level=error -cp "${build}:${cp}" Generator "${check[@]}" "${cases[@]}"
