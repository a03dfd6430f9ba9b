#!/usr/bin/env bash
# Resolves the Apache Kafka 4.3.0 jars declared in scripts/rig/kafka/pom.xml
# (via Maven, default ~/.m2) into a flat directory
#   ${CONNECTD_CACHE:-$HOME/.cache/connectd}/kafka-4.3.0/libs
# and prints that directory as the last line of stdout. Idempotent: a stamp
# file holding the pom's hash makes later runs return at once. Safe to run
# concurrently (flock).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

KAFKA_VERSION=4.3.0
pom="${here}/kafka/pom.xml"
cache="${CONNECTD_CACHE:-${HOME}/.cache/connectd}"
dest="${cache}/kafka-${KAFKA_VERSION}"
libs="${dest}/libs"
stamp="${dest}/libs.stamp"

[[ -f "${pom}" ]] || die "missing ${pom}"
want="$(sha256sum "${pom}" | cut -d' ' -f1)"

up_to_date() {
  [[ -f "${stamp}" && -d "${libs}" && "$(<"${stamp}")" == "${want}" ]]
}

if up_to_date; then
  printf '%s\n' "${libs}"
  exit 0
fi

command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
mkdir -p "${dest}"
# Serialise concurrent resolutions (e.g. two rigs starting at once).
exec 9>"${dest}/.lock"
flock 9
if up_to_date; then
  printf '%s\n' "${libs}"
  exit 0
fi

start="$(now_s)"
log_info "resolving Kafka ${KAFKA_VERSION} jars with Maven into ${libs}"
tmp="$(mktemp -d "${dest}/libs.tmp.XXXXXX")"
mvn_log="${dest}/mvn.log"
# Maven prints to stdout; keep our stdout for the result only.
if ! mvn -q -B -Dstyle.color=never -f "${pom}" \
  dependency:copy-dependencies \
  -DincludeScope=runtime \
  -DoutputDirectory="${tmp}" >"${mvn_log}" 2>&1; then
  cat "${mvn_log}" >&2
  rm -rf "${tmp}"
  die "Maven failed to resolve Kafka ${KAFKA_VERSION} (log: ${mvn_log})"
fi
# The pom declares packaging "pom": Maven leaves no target/ behind, but be
# sure we never litter the source tree.
rm -rf "${here}/kafka/target"

for required in "kafka_2.13-${KAFKA_VERSION}.jar" "kafka-tools-${KAFKA_VERSION}.jar"; do
  if [[ ! -f "${tmp}/${required}" ]]; then
    rm -rf "${tmp}"
    die "resolution incomplete: ${required} missing (log: ${mvn_log})"
  fi
done

rm -rf "${libs}"
mv "${tmp}" "${libs}"
printf '%s\n' "${want}" >"${stamp}"
log_info "resolved $(find "${libs}" -name '*.jar' | wc -l) jars in $(elapsed_since "${start}")s"
printf '%s\n' "${libs}"
