#!/usr/bin/env bash
# The test command: set-up (scripts/setup.sh), the sanitizer build, then every test through ctest —
# unit, lint, and integration against a real PostgreSQL 15 and a real Kafka 4.3 broker that the ctest
# fixture starts and stops. Extra arguments go to ctest (e.g. -L unit, -R postgres).
# Usage: scripts/test.sh [ctest args…]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
t0=${EPOCHREALTIME}
"${root}/scripts/setup.sh"
t1=${EPOCHREALTIME}
"${root}/scripts/build.sh" test
t2=${EPOCHREALTIME}
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
echo "test.sh: set-up took $(secs "$t0" "$t1")s, build took $(secs "$t1" "$t2")s"

cd "${root}/build/test"
rc=0
ctest --output-on-failure -j "${CONNECTD_TEST_JOBS:-2}" "$@" || rc=$?
# The integration tests name the server and broker they ran against.
grep -hE '^(PostgreSQL server|Kafka broker): ' Testing/Temporary/LastTest.log 2>/dev/null | sort -u || true
t3=${EPOCHREALTIME}
echo "test.sh: tests took $(secs "$t2" "$t3")s, total $(secs "$t0" "$t3")s"
exit "${rc}"
