#!/usr/bin/env bash
# Regenerates the expected bytes of the golden converter cases with the real Java converters: Kafka
# Connect 4.3.0 (connect-api, connect-json, connect-runtime's SimpleHeaderConverter) and Debezium
# 3.6.1.Final's BinaryDataConverter, resolved from Maven Central by scripts/oracle/resolve.sh. Needs a
# JDK 17 (javac). Run it after adding or changing a case and commit the result.
#
# With --check it writes nothing and exits 1 when a case's "expected" is not what the converter gives
# (ctest: oracle.golden converters are what Kafka gives).
#
# Usage: tests/golden/converters/generate.sh [--check] [case.json ...]   (default: every case)
# Exit status 77 (ctest's skip) when java or javac is missing, or mvn when the jars are not resolved yet.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
what="the golden converter cases cannot be checked against Kafka's converters"
# shellcheck source=../java-generator.sh
source "${here}/../java-generator.sh"
shift "${shifted}"

if [[ $# -eq 0 ]]; then
  mapfile -t cases < <(find "${here}" -mindepth 2 -name '*.json' | sort)
else
  cases=("$@")
fi
# The JVM's default time zone matters to Values' date formatting; pin it as the worker images do.
java -Duser.timezone=UTC -Dlog4j2.level=warn -cp "${build}:${cp}" Generator "${check[@]}" "${cases[@]}"
