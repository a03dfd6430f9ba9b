#!/usr/bin/env bash
# Resolves the reference worker declared in scripts/oracle/maven/pom.xml — Apache Kafka Connect
# 4.3.0 (connect-runtime, connect-json, connect-transforms, log4j2) and Debezium's PostgreSQL
# Connect plugin archive 3.6.1.Final (connector + debezium-connect-plugins: EventRouter,
# BinaryDataConverter) — with Maven (default ~/.m2) into
#   ${CONNECTD_CACHE:-$HOME/.cache/connectd}/oracle-debezium-3.6.1/
#     libs/                                 the worker's class path (flat jars)
#     plugins/debezium-connector-postgres/  a Connect plugin.path entry (Debezium's own archive)
# and prints that directory as the last line of stdout. Idempotent: a stamp file holding the
# pom's hash makes later runs return at once. Safe to run concurrently (flock).
#
# Usage: scripts/oracle/resolve.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

pom="${here}/maven/pom.xml"
cache="${CONNECTD_CACHE:-${HOME}/.cache/connectd}"
dest="${cache}/oracle-debezium-3.6.1"
stamp="${dest}/resolved.stamp"

[[ -f "${pom}" ]] || die "missing ${pom}"
want="$(cat "${pom}" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"

up_to_date() {
  [[ -f "${stamp}" && -d "${dest}/libs" && -d "${dest}/plugins" && "$(<"${stamp}")" == "${want}" ]]
}

if up_to_date; then
  printf '%s\n' "${dest}"
  exit 0
fi

command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
mkdir -p "${dest}"
exec 9>"${dest}/.lock"
flock 9
if up_to_date; then
  printf '%s\n' "${dest}"
  exit 0
fi

start="$(now_s)"
log_info "resolving Kafka Connect 4.3.0 + Debezium 3.6.1.Final with Maven into ${dest}"
tmp="$(mktemp -d "${dest}/tmp.XXXXXX")"
trap 'rm -rf "${tmp}"' EXIT
mvn_log="${dest}/mvn.log"
mvn_common=(-q -B -Dstyle.color=never -f "${pom}")
# Maven prints to stdout; keep our stdout for the result only.
if ! mvn "${mvn_common[@]}" dependency:copy-dependencies \
  -DincludeScope=runtime -DincludeTypes=jar \
  -DoutputDirectory="${tmp}/libs" >"${mvn_log}" 2>&1; then
  cat "${mvn_log}" >&2
  die "Maven failed to resolve the Kafka Connect worker (log: ${mvn_log})"
fi
if ! mvn "${mvn_common[@]}" dependency:unpack-dependencies \
  -DincludeTypes=tar.gz -DincludeClassifiers=plugin \
  -DoutputDirectory="${tmp}/plugins" >>"${mvn_log}" 2>&1; then
  cat "${mvn_log}" >&2
  die "Maven failed to resolve the Debezium plugin archive (log: ${mvn_log})"
fi
rm -rf "${here}/maven/target"

plugin_dir="${tmp}/plugins/debezium-connector-postgres"
for required in "libs/connect-runtime-4.3.0.jar" "libs/connect-json-4.3.0.jar" \
  "libs/connect-transforms-4.3.0.jar" "libs/log4j-slf4j-impl-2.25.4.jar" \
  "plugins/debezium-connector-postgres/debezium-connector-postgres-3.6.1.Final.jar" \
  "plugins/debezium-connector-postgres/debezium-connect-plugins-3.6.1.Final.jar"; do
  [[ -f "${tmp}/${required}" ]] || die "resolution incomplete: ${required} missing (log: ${mvn_log})"
done
# Only jars matter on a plugin path; drop the archive's READMEs and licences' neighbours.
find "${plugin_dir}" -maxdepth 1 -type f ! -name '*.jar' ! -name 'LICENSE*' ! -name 'COPYRIGHT*' -delete

rm -rf "${dest}/libs" "${dest}/plugins"
mv "${tmp}/libs" "${dest}/libs"
mv "${tmp}/plugins" "${dest}/plugins"
printf '%s\n' "${want}" >"${stamp}"
log_info "resolved $(find "${dest}/libs" -name '*.jar' | wc -l) worker jars and $(find "${dest}/plugins" -name '*.jar' | wc -l) plugin jars in $(elapsed_since "${start}")s"
printf '%s\n' "${dest}"
