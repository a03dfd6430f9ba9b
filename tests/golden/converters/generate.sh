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
root="$(cd "${here}/../../.." && pwd)"
check=()
if [[ "${1:-}" == "--check" ]]; then
  check=(--check)
  shift
fi
skip() {
  echo "SKIP: $1; the golden converter cases cannot be checked against Kafka's converters" >&2
  exit 77
}
for tool in java javac; do
  command -v "${tool}" >/dev/null || skip "${tool} not found"
done
if ! oracle="$("${root}/scripts/oracle/resolve.sh" | tail -1)"; then
  command -v mvn >/dev/null || skip "mvn not found and the jars are not resolved yet"
  exit 1
fi
plugin="${oracle}/plugins/debezium-connector-postgres"
# The worker's class path plus Debezium's plugin jars (BinaryDataConverter and its Debezium dependencies).
cp="${oracle}/libs/*:${plugin}/debezium-connect-plugins-3.6.1.Final.jar:${plugin}/debezium-connector-common-3.6.1.Final.jar:${plugin}/debezium-api-3.6.1.Final.jar:${plugin}/debezium-config-3.6.1.Final.jar:${plugin}/debezium-util-3.6.1.Final.jar"

build="$(mktemp -d)"
trap 'rm -rf "${build}"' EXIT
javac -d "${build}" -cp "${cp}" "${here}/Generator.java"

if [[ $# -eq 0 ]]; then
  mapfile -t cases < <(find "${here}" -mindepth 2 -name '*.json' | sort)
else
  cases=("$@")
fi
# The JVM's default time zone matters to Values' date formatting; pin it as the worker images do.
java -Duser.timezone=UTC -Dlog4j2.level=warn -cp "${build}:${cp}" Generator "${check[@]}" "${cases[@]}"
