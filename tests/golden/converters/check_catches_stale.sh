#!/usr/bin/env bash
# Proves that `generate.sh --check` fails on a golden converter case whose "expected" is not what the
# converter gives. Exit 77 (skip) when generate.sh skips.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
case_file="$(find "${here}/StringConverter" -name '*.json' | sort | head -1)"
python3 - "${case_file}" "${tmp}/stale.json" <<'PY'
import json, sys
case = json.load(open(sys.argv[1]))
case["expected"] = {"hex": "00", "text": "not what the converter writes"}
json.dump(case, open(sys.argv[2], "w"), indent=2)
PY
rc=0
out="$("${here}/generate.sh" --check "${tmp}/stale.json" 2>&1)" || rc=$?
if [[ ${rc} -eq 77 ]]; then
  exit 77
fi
echo "${out}" | grep -v '^Note:'
if [[ ${rc} -ne 1 ]] || ! grep -qF "stale.json: expected is" <<<"${out}"; then
  echo "FAIL: generate.sh --check exited ${rc} and did not report the stale case" >&2
  exit 1
fi
echo "the check reports the stale case"
