#!/usr/bin/env bash
# Proves that `generate.sh --check` fails on a golden case whose outcome is not what Debezium gives: a copy of
# the article case with a wrong topic, and one whose generated members were removed, must both be reported.
# Exit 77 (skip) when generate.sh skips.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
mkdir -p "${tmp}/EventRouter"
cp "${here}/schemas.json" "${tmp}/"
python3 - "${here}/EventRouter/article_insert.json" "${tmp}/EventRouter" <<'PY'
import json, sys
case = json.load(open(sys.argv[1]))
wrong = dict(case)
wrong["expected"] = dict(case["expected"], topic="outbox.event.wrong")
json.dump(wrong, open(sys.argv[2] + "/wrong_topic.json", "w"), indent=2)
bare = {k: v for k, v in case.items() if k not in ("expected", "expected_from")}
json.dump(bare, open(sys.argv[2] + "/no_outcome.json", "w"), indent=2)
PY
rc=0
out="$("${here}/generate.sh" --check "${tmp}/EventRouter/wrong_topic.json" "${tmp}/EventRouter/no_outcome.json" 2>&1)" ||
  rc=$?
if [[ ${rc} -eq 77 ]]; then
  exit 77
fi
echo "${out}" | grep -v '^Note:'
if [[ ${rc} -ne 1 ]]; then
  echo "FAIL: generate.sh --check exited ${rc} on stale cases, expected 1" >&2
  exit 1
fi
for want in "wrong_topic.json: expected is" "no_outcome.json: expected is null"; do
  if ! grep -qF "${want}" <<<"${out}"; then
    echo "FAIL: the check did not report '${want}'" >&2
    exit 1
  fi
done
echo "the check reports both stale cases"
