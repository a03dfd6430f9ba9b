#!/usr/bin/env bash
# Regenerates docs/reference.md (the configuration reference) from the ConfigDefs, with
# `connectd --config-reference`. With --check DOC, compares instead and fails when DOC is stale.
# Usage: scripts/gen-docs.sh [--binary PATH] [--check DOC]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary=""
check=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --check) check="$2"; shift 2 ;;
    *) echo "usage: scripts/gen-docs.sh [--binary PATH] [--check DOC]" >&2; exit 2 ;;
  esac
done
if [[ -z "${binary}" ]]; then
  for b in "${root}/build/test/app/connectd" "${root}/build/release/app/connectd"; do
    [[ -x "${b}" ]] && binary="${b}" && break
  done
  [[ -n "${binary}" ]] || { "${root}/scripts/build.sh" release; binary="${root}/build/release/app/connectd"; }
fi

generated="$(mktemp)"
trap 'rm -f "${generated}"' EXIT
"${binary}" --config-reference >"${generated}"
if [[ -n "${check}" ]]; then
  if ! diff -u "${check}" "${generated}" >"${generated}.diff"; then
    head -n 40 "${generated}.diff"
    rm -f "${generated}.diff"
    echo "gen-docs: ${check} is stale: run scripts/gen-docs.sh" >&2
    exit 1
  fi
  rm -f "${generated}.diff"
  echo "gen-docs: ${check} is current"
else
  cp "${generated}" "${root}/docs/reference.md"
  echo "gen-docs: wrote docs/reference.md ($(wc -l <"${root}/docs/reference.md") lines)"
fi
