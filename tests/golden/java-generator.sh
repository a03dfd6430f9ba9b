# Sourced by the golden generators (tests/golden/{converters,transforms}/generate.sh): the set-up they share.
# Before sourcing, set `here` (the generator's directory) and `what` (what the cases are checked against, for
# the skip message). Afterwards `check` holds --check when it was the first argument (shifted away by the
# caller: `shift "${shifted}"`), `cp` is the class path of Kafka Connect 4.3.0 plus Debezium 3.6.1.Final's
# plugin jars (resolved from Maven Central by scripts/oracle/resolve.sh), and `build` holds the compiled
# Generator.java (removed on exit). Exits 77 (ctest's skip) when java or javac is missing, or mvn when the
# jars are not resolved yet.
# shellcheck shell=bash

root="$(cd "${here}/../../.." && pwd)"
check=()
shifted=0
if [[ "${1:-}" == "--check" ]]; then
  check=(--check)
  shifted=1
fi
skip() {
  echo "SKIP: $1; ${what}" >&2
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
# The worker's class path (connect-api, connect-json, connect-runtime, connect-transforms, Jackson, log4j)
# plus Debezium's plugin jars (its SMTs, BinaryDataConverter and their Debezium dependencies).
cp="${oracle}/libs/*"
for jar in debezium-connect-plugins debezium-connector-common debezium-api debezium-config debezium-util; do
  cp+=":${plugin}/${jar}-3.6.1.Final.jar"
done

build="$(mktemp -d)"
trap 'rm -rf "${build}"' EXIT
javac -d "${build}" -cp "${cp}" "${here}/Generator.java"
