#!/usr/bin/env bash
# Installs (once) Helm, which the chart tests (tests/helm/) run, from its Go module:
#   go install helm.sh/helm/v3/cmd/helm@v3.22.0
# into ${CONNECTD_CACHE:-$HOME/.cache/connectd}/helm-v3.22.0/bin/helm, with its module and build
# caches under the same directory, and prints the binary's path as the last line of stdout.
# Idempotent: when the binary is there and reports the pinned version, it returns at once.
# Needs Go (GO, else /usr/local/go/bin/go, else go on PATH). Safe to run concurrently (flock).
# Usage: scripts/setup-helm.sh
set -euo pipefail

version="v3.22.0"
cache="${CONNECTD_CACHE:-${HOME}/.cache/connectd}"
dir="${cache}/helm-${version}"
helm="${dir}/bin/helm"

installed() { [[ -x "${helm}" ]] && [[ "$("${helm}" version --template '{{.Version}}' 2>/dev/null)" == "${version}" ]]; }

if installed; then
  printf '%s\n' "${helm}"
  exit 0
fi

go="${GO:-}"
if [[ -z "${go}" ]]; then
  if [[ -x /usr/local/go/bin/go ]]; then go=/usr/local/go/bin/go; else go="$(command -v go || true)"; fi
fi
if [[ -z "${go}" ]]; then
  echo "setup-helm: Go is needed to build Helm ${version}; install it (or set GO=/path/to/go)" >&2
  exit 1
fi

mkdir -p "${dir}"
exec 9>"${dir}/.lock"
flock 9
if installed; then
  printf '%s\n' "${helm}"
  exit 0
fi

echo "setup-helm: building Helm ${version} with $("${go}" version)" >&2
# Helm reports its version from a variable its Makefile sets with -ldflags; go install does not run
# the Makefile, so set the same variables here.
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=${version}"
GOBIN="${dir}/bin" GOMODCACHE="${dir}/gomod" GOCACHE="${dir}/gobuild" GOFLAGS="-buildvcs=false -modcacherw" \
  CGO_ENABLED=0 "${go}" install -ldflags "${ldflags}" "helm.sh/helm/v3/cmd/helm@${version}" >&2
if ! installed; then
  echo "setup-helm: ${helm} does not report version ${version}: $("${helm}" version 2>&1 || true)" >&2
  exit 1
fi
# The module and build caches are only needed to build; the binary is what stays.
rm -rf "${dir}/gomod" "${dir}/gobuild"
printf '%s\n' "${helm}"
