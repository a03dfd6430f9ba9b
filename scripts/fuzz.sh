#!/usr/bin/env bash
# Runs one libFuzzer target for a while: builds the fuzz binaries with clang (ASan + UBSan + coverage) in
# build/fuzz, fuzzes a scratch copy of the target's seed corpus, and prints libFuzzer's final statistics
# (executions, coverage). A crash leaves its reproducer in build/fuzz/artifacts/<target>/; add it to
# tests/fuzz/corpus/<target>/ so ctest replays it from then on.
# Usage: scripts/fuzz.sh TARGET [SECONDS]     e.g. scripts/fuzz.sh http_request 600
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:?usage: scripts/fuzz.sh TARGET [SECONDS] (targets: $(ls "${root}/tests/fuzz/corpus" | tr '\n' ' '))}"
seconds="${2:-60}"
corpus="${root}/tests/fuzz/corpus/${target}"
[[ -d "${corpus}" ]] || { echo "fuzz.sh: no corpus for ${target} in tests/fuzz/corpus" >&2; exit 2; }

for p in clang-14 libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    echo "fuzz.sh: installing ${p}"
    sudo_cmd=()
    [[ "$(id -u)" -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$p"
  fi
done

dir="${root}/build/fuzz"
if [[ ! -f "${dir}/build.ninja" ]]; then
  cmake -S "${root}" -B "${dir}" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCONNECTD_SANITIZE=ON -DCONNECTD_FUZZ=ON -DCONNECTD_WERROR=OFF >/dev/null
fi
ninja -C "${dir}" "fuzz_${target}"

work="${dir}/corpus/${target}"
artifacts="${dir}/artifacts/${target}"
mkdir -p "${work}" "${artifacts}"
cp -n "${corpus}"/* "${work}/" 2>/dev/null || true
bin="${dir}/tests/fuzz/fuzz_${target}"
[[ -x "${bin}" ]] || { echo "fuzz.sh: ${bin} was not built" >&2; exit 1; }
echo "fuzz.sh: fuzzing ${target} for ${seconds}s"
"${bin}" -max_total_time="${seconds}" -print_final_stats=1 -artifact_prefix="${artifacts}/" \
  -max_len=65536 "${work}" 2>&1 | tee "${dir}/${target}.log" | grep -E '^(#[0-9]+ +(INITED|DONE)|stat::|==[0-9]+==ERROR|SUMMARY)' || true
if grep -qE '==[0-9]+==ERROR|^SUMMARY' "${dir}/${target}.log"; then
  echo "fuzz.sh: ${target} found a problem; see ${dir}/${target}.log" >&2
  exit 1
fi
execs="$(grep -oE 'stat::number_of_executed_units: [0-9]+' "${dir}/${target}.log" | awk '{print $2}')"
[[ -n "${execs}" ]] || { echo "fuzz.sh: the fuzzer did not finish; see ${dir}/${target}.log" >&2; exit 1; }
echo "fuzz.sh: ${target}: no crash or sanitizer report in ${seconds}s, ${execs} executions"
