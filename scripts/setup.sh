#!/usr/bin/env bash
# Installs everything connectd needs on a fresh Debian 12 machine, and nothing twice:
#   - Debian packages (toolchain, Boost, nlohmann-json, libpq, librdkafka, spdlog, Catch2, PCRE2,
#     PostgreSQL 15, Java 17 and Maven) — apt runs only when a package is missing;
#   - Apache Kafka 4.3.0 jars from Maven Central for the test rig — resolved once into the cache;
#   - the reference oracle: Kafka Connect 4.3.0 + Debezium 3.6.1.Final jars and a Python venv;
#   - Helm v3.22.0 for the chart tests, built from its Go module (scripts/setup-helm.sh).
# Usage: scripts/setup.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(
  g++ cmake ninja-build ccache pkg-config git python3 python3-venv curl
  libboost-dev libboost-system-dev nlohmann-json3-dev libpq-dev librdkafka-dev libspdlog-dev catch2 libpcre2-dev
  clang-format clang-tidy
  postgresql-15 postgresql-client-15
  openjdk-17-jdk-headless maven
  time python3-matplotlib linux-perf
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  if [[ "$(id -u)" -ne 0 ]]; then
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages already installed"
fi

libs="$("${root}/scripts/rig/resolve-kafka.sh" | tail -n1)"
echo "setup: Kafka 4.3.0 jars in ${libs}"
# The reference oracle: Kafka Connect 4.3.0 + Debezium 3.6.1.Final jars, and the Python venv of its tools.
"${root}/scripts/oracle/resolve.sh" >/dev/null
"${root}/scripts/oracle/setup-venv.sh" >/dev/null
echo "setup: reference worker (Debezium 3.6.1 on Kafka Connect 4.3.0) and oracle tools ready"
helm="$("${root}/scripts/setup-helm.sh" | tail -n1)"
echo "setup: Helm $("${helm}" version --template '{{.Version}}') in ${helm}"
