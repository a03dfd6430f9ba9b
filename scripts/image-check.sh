#!/usr/bin/env bash
# Proves the Dockerfile's runtime stage without a Docker engine:
#   1. debootstrap --variant=minbase bookworm into a root cached under
#      ${CONNECTD_CACHE:-$HOME/.cache/connectd}/image-check/ (built once, reused while
#      docker/runtime-packages.txt is unchanged);
#   2. install exactly docker/runtime-packages.txt into it and add the user connectd (uid 10001), as
#      the runtime stage does;
#   3. copy the release binary in (stripped, at /usr/local/bin/connectd, as the image has it) and check
#      that every NEEDED library resolves inside the root (readelf -d, then ldd under chroot);
#   4. run `connectd --version` as uid 10001 under chroot;
#   5. a REST smoke test: connectd started under chroot as uid 10001 with a data directory (no GROUP_ID,
#      so no Kafka), GET / and GET /connector-plugins, then SIGTERM and exit status 0.
# Needs root (debootstrap, chroot) and the Debian mirror of /etc/apt/sources.list.d. Installs debootstrap
# with apt when it is missing. Not part of the test command (too slow for CI); docs/kubernetes.md.
# Usage: scripts/image-check.sh [--binary PATH] [--prepare]
#   --binary PATH  the binary to check (default: build/release/app/connectd, built if absent)
#   --prepare      stop after step 2 (warms the cached root; needs no binary)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${CONNECTD_CACHE:-${HOME}/.cache/connectd}/image-check"
mirror="${CONNECTD_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# CONNECTD_RUNTIME_PACKAGES: another package list, e.g. to see the check fail with a library left out.
packages_file="${CONNECTD_RUNTIME_PACKAGES:-${root}/docker/runtime-packages.txt}"
binary="${root}/build/release/app/connectd"
prepare_only=0
uid=10001
port="${CONNECTD_IMAGE_CHECK_PORT:-18083}"

while (($# > 0)); do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --prepare) prepare_only=1; shift ;;
    *) echo "usage: scripts/image-check.sh [--binary PATH] [--prepare]" >&2; exit 2 ;;
  esac
done

step() { printf '\nimage-check: %s\n' "$*"; }
die() { echo "image-check: FAILED: $*" >&2; exit 1; }

[[ "$(id -u)" -eq 0 ]] || die "needs root (debootstrap and chroot)"

mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "${packages_file}" | grep -v '^$')
((${#packages[@]} > 0)) || die "${packages_file} lists no packages"
stamp_want="$(printf '%s\n' "${packages[@]}" "uid=${uid}" | sha256sum | cut -d' ' -f1)"
base="${cache}/bookworm-minbase"
rootfs="${cache}/rootfs"

mkdir -p "${cache}"
exec 9>"${cache}/.lock"
flock 9

# --- 1. the minbase root, once ------------------------------------------------------------------------
if ! command -v debootstrap >/dev/null; then
  step "installing debootstrap"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  # Another apt run (a concurrent set-up) may hold the dpkg lock for a while: wait for it.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    debootstrap >/dev/null
fi
if [[ ! -f "${base}/.complete" ]]; then
  step "debootstrap --variant=minbase bookworm ${base} (${mirror}); once"
  rm -rf "${base}"
  debootstrap --variant=minbase bookworm "${base}" "${mirror}" >"${cache}/debootstrap.log" 2>&1 ||
    { tail -n 20 "${cache}/debootstrap.log" >&2; die "debootstrap failed; log ${cache}/debootstrap.log"; }
  touch "${base}/.complete"
else
  step "minbase root cached in ${base}"
fi

# --- 2. the runtime stage: packages and user ----------------------------------------------------------
mounted=()
cleanup() {
  local m
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    m="${mounted[i]}"
    umount -l "${m}" 2>/dev/null || true
  done
  if [[ -n "${server_pid:-}" ]] && kill -0 "${server_pid}" 2>/dev/null; then
    kill -KILL "${server_pid}" 2>/dev/null || true
  fi
}
trap cleanup EXIT
mount_in() { # mount_in ROOT: /proc and /dev for apt, ldd and connectd inside the root
  mount -t proc proc "$1/proc" || die "cannot mount /proc in $1"
  mounted+=("$1/proc")
  mount --bind /dev "$1/dev" || die "cannot bind-mount /dev in $1"
  mounted+=("$1/dev")
}
unmount_all() {
  cleanup
  mounted=()
}

if [[ ! -f "${rootfs}/.stamp" || "$(<"${rootfs}/.stamp")" != "${stamp_want}" ]]; then
  step "runtime stage: installing ${packages[*]}"
  rm -rf "${rootfs}"
  cp -a "${base}" "${rootfs}"
  cp /etc/resolv.conf "${rootfs}/etc/resolv.conf"
  mount_in "${rootfs}"
  chroot "${rootfs}" sh -c 'apt-get update -qq' >"${cache}/apt.log" 2>&1 ||
    { tail -n 20 "${cache}/apt.log" >&2; die "apt-get update in the root failed"; }
  chroot "${rootfs}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >>"${cache}/apt.log" 2>&1 ||
    { tail -n 20 "${cache}/apt.log" >&2; die "installing the runtime packages failed; log ${cache}/apt.log"; }
  chroot "${rootfs}" sh -c 'rm -rf /var/lib/apt/lists/*'
  chroot "${rootfs}" useradd --uid "${uid}" --user-group --home-dir /var/lib/connectd --create-home \
    --shell /usr/sbin/nologin connectd
  unmount_all
  printf '%s\n' "${stamp_want}" >"${rootfs}/.stamp"
else
  step "runtime root cached in ${rootfs} (packages unchanged)"
fi
echo "image-check: root size $(du -sh --exclude=proc "${rootfs}" 2>/dev/null | cut -f1)"
if ((prepare_only)); then
  echo "image-check: root prepared (--prepare); run without it to check the binary"
  exit 0
fi

# --- 3. the binary and its libraries ------------------------------------------------------------------
if [[ ! -x "${binary}" ]]; then
  step "building the release binary (scripts/build.sh release)"
  "${root}/scripts/build.sh" release
fi
install -D -m 0755 "${binary}" "${rootfs}/usr/local/bin/connectd"
strip "${rootfs}/usr/local/bin/connectd"
echo "image-check: binary $(du -h "${rootfs}/usr/local/bin/connectd" | cut -f1) (stripped) from ${binary}"
mount_in "${rootfs}"

step "NEEDED libraries (readelf -d) resolved inside the root (ldd under chroot)"
mapfile -t needed < <(readelf -d "${rootfs}/usr/local/bin/connectd" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
((${#needed[@]} > 0)) || die "readelf found no NEEDED entries in the binary"
ldd_out="$(chroot "${rootfs}" ldd /usr/local/bin/connectd 2>&1)" || die "ldd failed inside the root: ${ldd_out}"
missing=0
for lib in "${needed[@]}"; do
  path="$(awk -v l="${lib}" '$1 == l && $2 == "=>" { print $3 }' <<<"${ldd_out}")"
  if [[ -z "${path}" || "${path}" == "not" ]]; then
    echo "  ${lib}: NOT FOUND in the root"
    missing=$((missing + 1))
    continue
  fi
  # dpkg knows a library by the path its package installed, which may be the /usr-merged alias.
  pkg=""
  for p in "${path}" "$(chroot "${rootfs}" readlink -f "${path}")" "/usr${path}" "${path#/usr}"; do
    pkg="$(chroot "${rootfs}" dpkg -S "${p}" 2>/dev/null | head -n1 | cut -d: -f1 || true)"
    [[ -n "${pkg}" ]] && break
  done
  echo "  ${lib} => ${path} (${pkg:-no package})"
done
if grep -q 'not found' <<<"${ldd_out}"; then
  grep 'not found' <<<"${ldd_out}" | sed "s/^[[:space:]]*/  ldd: /"
  missing=$((missing + 1))
fi
((missing == 0)) || die "the runtime packages leave libraries unresolved; add their packages to ${packages_file}"

# --- 4. --version as uid 10001 ------------------------------------------------------------------------
step "connectd --version as uid ${uid} under chroot"
version="$(chroot --userspec="${uid}:${uid}" "${rootfs}" /usr/local/bin/connectd --version)" ||
  die "connectd --version failed"
echo "  ${version}"
[[ "${version}" == connectd\ * ]] || die "unexpected --version output: ${version}"

# --- 5. REST smoke test -------------------------------------------------------------------------------
step "REST smoke test: connectd on :${port} as uid ${uid}, data directory, no Kafka"
if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
  die "port ${port} is in use; set CONNECTD_IMAGE_CHECK_PORT"
fi
rm -rf "${rootfs}/var/lib/connectd/.local"
log="${cache}/connectd.log"
chroot --userspec="${uid}:${uid}" "${rootfs}" env -i HOME=/var/lib/connectd \
  CONNECT_LISTENERS="http://127.0.0.1:${port}" /usr/local/bin/connectd >"${log}" 2>&1 &
server_pid=$!
up=0
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:${port}/" >/dev/null 2>&1; then up=1; break; fi
  kill -0 "${server_pid}" 2>/dev/null || break
  sleep 0.1
done
((up == 1)) || { tail -n 30 "${log}" >&2; die "connectd did not answer GET / within 30 s; log ${log}"; }
root_body="$(curl -sf "http://127.0.0.1:${port}/")" || die "GET / failed"
echo "  GET /                   ${root_body}"
grep -q '"version"' <<<"${root_body}" || die "GET / has no version"
# What the article's hook script waits for: 200 with a JSON array (Kafka's own test connectors, the
# only ones built in before the PostgreSQL connector, are hidden there as in Kafka).
plugins="$(curl -sf "http://127.0.0.1:${port}/connector-plugins")" || die "GET /connector-plugins failed"
echo "  GET /connector-plugins  ${plugins}"
[[ "${plugins}" == \[* ]] || die "GET /connector-plugins is not a JSON array"
all="$(curl -sf "http://127.0.0.1:${port}/connector-plugins?connectorsOnly=false")" ||
  die "GET /connector-plugins?connectorsOnly=false failed"
echo "  GET /connector-plugins?connectorsOnly=false  $(grep -o '"class":"[^"]*"' <<<"${all}" | wc -l) plugins, e.g. $(grep -o '"class":"[^"]*"' <<<"${all}" | head -n 3 | tr '\n' ' ')"
grep -q '"class"' <<<"${all}" || die "GET /connector-plugins?connectorsOnly=false lists no plugin"
owner="$(stat -c %u "${rootfs}/var/lib/connectd/.local/state/connectd" 2>/dev/null || echo none)"
echo "  data directory /var/lib/connectd/.local/state/connectd owned by uid ${owner}"
kill -TERM "${server_pid}"
rc=0
for _ in $(seq 1 300); do
  kill -0 "${server_pid}" 2>/dev/null || break
  sleep 0.1
done
kill -0 "${server_pid}" 2>/dev/null && die "connectd did not exit within 30 s of SIGTERM"
wait "${server_pid}" || rc=$?
server_pid=""
echo "  SIGTERM: exit status ${rc}"
((rc == 0)) || { tail -n 30 "${log}" >&2; die "connectd exited with ${rc} after SIGTERM"; }

echo
echo "image-check: OK — the runtime stage (bookworm minbase + ${#packages[@]} packages) runs connectd as uid ${uid}"
