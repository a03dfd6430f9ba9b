# shellcheck shell=bash
# Shared helpers for the connectd test rig (scripts/rig/*, scripts/kafka/*).
# Source it; do not execute it. Provides logging, a free loopback port
# picker, a deadline-based wait_for, rig.env helpers and the "run as a
# non-root user when we are root" helper needed by PostgreSQL (initdb and
# postgres refuse to run as root; CI runs as root).

if [[ -n "${_CONNECTD_RIG_COMMON:-}" ]]; then
  return 0
fi
_CONNECTD_RIG_COMMON=1

# Non-login contexts (some CI runners) may lack HOME; Maven and the jar cache
# need it.
if [[ -z "${HOME:-}" ]]; then
  HOME="$(getent passwd "$(id -un)" | cut -d: -f6)"
  export HOME
fi

RIG_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RIG_REPO_ROOT="$(cd "${RIG_LIB_DIR}/../.." && pwd)"
# shellcheck disable=SC2034  # used by the scripts that source this file
RIG_SCRIPTS_DIR="${RIG_REPO_ROOT}/scripts/rig"
# File whose presence marks a directory as a rig directory (stop.sh only
# deletes directories that have it or a rig.env).
RIG_MARKER=".connectd-rig"
# Unprivileged account used for PostgreSQL when we run as root.
RIG_PG_SYSTEM_USER="${RIG_PG_SYSTEM_USER:-postgres}"

# ---------------------------------------------------------------- logging
# All diagnostics go to stderr so stdout stays usable for values.
_rig_prog="$(basename "$0")"

log_info() { printf '[rig %s %s] %s\n' "$(date +%H:%M:%S)" "${_rig_prog}" "$*" >&2; }
log_warn() { printf '[rig %s %s] WARNING: %s\n' "$(date +%H:%M:%S)" "${_rig_prog}" "$*" >&2; }
log_error() { printf '[rig %s %s] ERROR: %s\n' "$(date +%H:%M:%S)" "${_rig_prog}" "$*" >&2; }
die() {
  log_error "$*"
  exit 1
}

# now_s: wall-clock seconds with microseconds (bash 5 EPOCHREALTIME).
now_s() { printf '%s\n' "${EPOCHREALTIME}"; }

# elapsed_since START: seconds since START (from now_s), one decimal.
elapsed_since() {
  awk -v a="$1" -v b="${EPOCHREALTIME}" 'BEGIN { printf "%.1f\n", b - a }'
}

# ---------------------------------------------------------------- waiting
# wait_for DESCRIPTION TIMEOUT_SECONDS CMD [ARGS...]
# Polls CMD (stdout/stderr discarded) every RIG_POLL_INTERVAL seconds
# (default 0.2) until it succeeds or the deadline passes. Returns 0 on
# success, 1 on timeout. Set RIG_WAIT_ABORT_PID to a pid: if that process
# dies while waiting, give up at once (e.g. the server we wait for crashed).
wait_for() {
  local desc="$1" timeout="$2"
  shift 2
  local interval="${RIG_POLL_INTERVAL:-0.2}"
  local deadline
  deadline="$(awk -v a="${EPOCHREALTIME}" -v t="${timeout}" 'BEGIN { printf "%.6f\n", a + t }')"
  while true; do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    if [[ -n "${RIG_WAIT_ABORT_PID:-}" ]] && ! pid_alive "${RIG_WAIT_ABORT_PID}"; then
      log_error "gave up waiting for ${desc}: process ${RIG_WAIT_ABORT_PID} exited"
      return 1
    fi
    if awk -v a="${EPOCHREALTIME}" -v d="${deadline}" 'BEGIN { exit !(a >= d) }'; then
      log_error "timed out after ${timeout}s waiting for ${desc}"
      return 1
    fi
    sleep "${interval}"
  done
}

# wait_pid_exit PID TIMEOUT_SECONDS: wait until PID is gone (0) or timeout (1).
# pid_alive PID: PID exists and is not a zombie (an exited process whose
# parent, possibly PID 1, has not reaped it yet).
pid_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  # Field 3 of /proc/PID/stat, after the "(comm)" field that may hold spaces.
  state="$(sed -n 's/^.*) \([A-Za-z]\).*$/\1/p' "/proc/$1/stat" 2>/dev/null || true)"
  [[ -n "${state}" && "${state}" != Z && "${state}" != X ]]
}
_rig_pid_gone() { ! pid_alive "$1"; }
wait_pid_exit() {
  local pid="$1" timeout="$2"
  RIG_WAIT_ABORT_PID="" wait_for "pid ${pid} to exit" "${timeout}" _rig_pid_gone "${pid}" 2>/dev/null
}

# stop_pidfile PIDFILE CMDLINE_REGEX WHAT TIMEOUT_S
# Stops the process named by PIDFILE: SIGTERM, up to TIMEOUT_S seconds, then SIGKILL. A pid that is gone,
# or whose command line does not match CMDLINE_REGEX (a recycled pid), is left alone. Removes PIDFILE.
stop_pidfile() {
  local pidfile="$1" pattern="$2" what="$3" timeout_s="$4" pid start
  [[ -f "${pidfile}" ]] || return 0
  pid="$(<"${pidfile}")"
  if [[ ! "${pid}" =~ ^[0-9]+$ ]] || ! pid_alive "${pid}"; then
    rm -f "${pidfile}"
    return 0
  fi
  if ! tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -qE "${pattern}"; then
    log_warn "pid ${pid} from ${pidfile} is not a ${what}; not killing it"
    rm -f "${pidfile}"
    return 0
  fi
  start="$(now_s)"
  kill -TERM "${pid}" 2>/dev/null || true
  if ! wait_pid_exit "${pid}" "${timeout_s}"; then
    log_warn "${what} pid ${pid} did not stop within ${timeout_s}s; sending SIGKILL"
    kill -KILL "${pid}" 2>/dev/null || true
    wait_pid_exit "${pid}" 10 || die "could not kill ${what} pid ${pid}"
  fi
  rm -f "${pidfile}"
  log_info "${what} (pid ${pid}) stopped in $(elapsed_since "${start}")s"
}


# ---------------------------------------------------------------- ports
# free_ports N: prints N distinct currently-free TCP ports on 127.0.0.1, one
# per line. All N sockets are held open until every port is chosen, so the
# ports differ from each other. (A port can still be taken by someone else
# before the server binds it; callers retry on bind failure.)
free_ports() {
  python3 - "${1:-1}" <<'PY'
import socket, sys
n = int(sys.argv[1])
socks = []
for _ in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
for s in socks:
    s.close()
PY
}

free_port() { free_ports 1; }

# port_open HOST PORT: true when something accepts TCP connections there.
port_open() {
  python3 - "$1" "$2" <<'PY'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
except OSError:
    sys.exit(1)
PY
}

# ---------------------------------------------------------------- rig dir
# rig_dir_init DIR: create DIR if needed, mark it as a rig dir, print its
# absolute path.
rig_dir_init() {
  local dir="$1"
  mkdir -p "${dir}"
  dir="$(cd "${dir}" && pwd)"
  : >>"${dir}/${RIG_MARKER}"
  printf '%s\n' "${dir}"
}

# is_rig_dir DIR: DIR has the rig marker or a rig.env.
is_rig_dir() {
  [[ -d "$1" && (-e "$1/${RIG_MARKER}" || -e "$1/rig.env") ]]
}

# rig_env_set DIR KEY VALUE: append KEY=VALUE to DIR/rig.env. Values must not
# contain whitespace or quotes so the file can be sourced or parsed as-is.
rig_env_set() {
  local dir="$1" key="$2" value="$3"
  [[ "${key}" =~ ^[A-Z_][A-Z0-9_]*$ ]] || die "bad rig.env key: ${key}"
  [[ "${value}" =~ ^[^[:space:]\"\'\$\`\\]*$ ]] || die "rig.env value for ${key} has unsafe characters: ${value}"
  printf '%s=%s\n' "${key}" "${value}" >>"${dir}/rig.env"
}

# rig_env_get DIR KEY: print the last value of KEY in DIR/rig.env (empty and
# status 1 if absent).
rig_env_get() {
  local file="$1/rig.env" key="$2"
  [[ -f "${file}" ]] || return 1
  local v
  v="$(sed -n "s/^${key}=//p" "${file}" | tail -n 1)"
  [[ -n "${v}" ]] || return 1
  printf '%s\n' "${v}"
}

# ---------------------------------------------------------------- users
# rig_pg_user: the account PostgreSQL runs as: "postgres" when we are root,
# otherwise the current user.
rig_pg_user() {
  if [[ "$(id -u)" -eq 0 ]]; then
    printf '%s\n' "${RIG_PG_SYSTEM_USER}"
  else
    id -un
  fi
}

# as_user USER CMD [ARGS...]: run CMD as USER. When USER is already us, run
# it directly; otherwise we must be root and use runuser (no PAM session
# noise, no password). The environment is preserved except HOME/USER/...
as_user() {
  local user="$1"
  shift
  if [[ "${user}" == "$(id -un)" ]]; then
    "$@"
  elif [[ "$(id -u)" -eq 0 ]]; then
    # Run from / so the target user never starts in a directory it can't read.
    (cd / && runuser -u "${user}" -- "$@")
  else
    die "cannot run as ${user}: not root"
  fi
}

# as_pg_user CMD [ARGS...]: run CMD as the PostgreSQL account (see above).
as_pg_user() { as_user "$(rig_pg_user)" "$@"; }

# ---------------------------------------------------------------- misc
# random_hex N: N random bytes as hex.
random_hex() {
  python3 -c 'import secrets, sys; print(secrets.token_hex(int(sys.argv[1])))' "${1:-16}"
}

# kafka_random_uuid: a Kafka-style UUID (url-safe base64 of 16 random bytes,
# no padding, not starting with "-"), as StorageTool random-uuid prints,
# without paying for a JVM start.
kafka_random_uuid() {
  python3 - <<'PY'
import base64, uuid
while True:
    u = uuid.uuid4().bytes
    s = base64.urlsafe_b64encode(u).decode().rstrip("=")
    if not s.startswith("-") and u != bytes(16) and u != bytes(15) + b"\x01":
        print(s)
        break
PY
}

# show_log_tail FILE [N]: print the last N (default 40) lines of FILE to
# stderr, framed, if it exists. Used when something failed to start.
show_log_tail() {
  local file="$1" n="${2:-40}"
  [[ -f "${file}" ]] || return 0
  printf -- '----- last %s lines of %s -----\n' "${n}" "${file}" >&2
  tail -n "${n}" "${file}" >&2 || true
  printf -- '----- end of %s -----\n' "${file}" >&2
}
