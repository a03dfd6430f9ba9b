#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 (Debian's postgresql-15 binaries) for the
# connectd test rig, with its data under DIR/pg, logical decoding enabled,
# a free loopback TCP port (scram-sha-256) and a unix socket in DIR/pg/sock
# (trust). Appends the PG* keys to DIR/rig.env.
# Works as root (runs PostgreSQL as the "postgres" system user) and as a
# normal user.
#
# PG_WAL_LEVEL=replica starts a server without logical decoding,
# for tests of what the connector says to such a server (default: logical).
#
# Usage: pg-start.sh DIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../lib/rig-common.sh
source "${here}/../lib/rig-common.sh"

[[ $# -eq 1 ]] || die "usage: $0 DIR"
dir="$(rig_dir_init "$1")"

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
wal_level_wanted="${PG_WAL_LEVEL:-logical}"
[[ "${wal_level_wanted}" =~ ^(logical|replica)$ ]] || die "PG_WAL_LEVEL must be logical or replica"
for b in initdb pg_ctl postgres pg_isready; do
  [[ -x "${PG_BIN}/${b}" ]] || die "${PG_BIN}/${b} not found (apt-get install postgresql-15)"
done
psql_bin="${PG_BIN}/psql"
[[ -x "${psql_bin}" ]] || psql_bin="$(command -v psql)" || die "psql not found"

pg_root="${dir}/pg"
data="${pg_root}/data"
sock="${pg_root}/sock"
log="${pg_root}/postgres.log"
pg_user="$(rig_pg_user)"

if [[ -e "${data}/PG_VERSION" ]]; then
  die "${data} already initialised; use a fresh rig dir"
fi
# A unix socket path ("${sock}/.s.PGSQL.NNNNN") must fit in sun_path (108).
((${#sock} + 16 < 108)) || die "rig dir path too long for a unix socket: ${sock}"

mkdir -p "${pg_root}"
if [[ "${pg_user}" != "$(id -un)" ]]; then
  # We are root: the postgres account must own its tree and be able to reach it.
  chmod a+x "${dir}"
  chown "${pg_user}:" "${pg_root}"
  as_pg_user test -x "${pg_root}" ||
    die "user ${pg_user} cannot reach ${pg_root}; choose a rig dir outside private directories (e.g. under /tmp)"
fi
as_pg_user mkdir -p -m 0700 "${data}"
as_pg_user mkdir -p -m 0700 "${sock}"

start="$(now_s)"
log_info "initdb ${data} (as ${pg_user})"
as_pg_user "${PG_BIN}/initdb" -D "${data}" -U postgres -A trust -E UTF8 --locale=C \
  --no-instructions >"${pg_root}/initdb.log" 2>&1 || {
  show_log_tail "${pg_root}/initdb.log"
  die "initdb failed"
}

# Local socket: trust (the superuser uses it). TCP: passwords (scram), as for
# real users; replication=database connections match the "all" entries.
as_pg_user tee "${data}/pg_hba.conf" >/dev/null <<'EOF'
# connectd test rig (scripts/rig/pg-start.sh)
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  scram-sha-256
EOF

write_conf() {
  local port="$1"
  as_pg_user tee "${data}/postgresql.auto.conf" >/dev/null <<EOF
# connectd test rig (scripts/rig/pg-start.sh); throwaway data, no durability.
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${sock}'
wal_level = ${wal_level_wanted}
max_replication_slots = 20
max_wal_senders = 20
max_slot_wal_keep_size = '1GB'
fsync = off
synchronous_commit = off
full_page_writes = off
password_encryption = 'scram-sha-256'
max_connections = 100
shared_buffers = '128MB'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
}

# The port is free when picked but could be taken before postgres binds it:
# retry a few times with a new port.
port=""
for attempt in 1 2 3; do
  port="$(free_port)"
  write_conf "${port}"
  if as_pg_user "${PG_BIN}/pg_ctl" -D "${data}" -l "${log}" -w -t 60 start >"${pg_root}/pg_ctl.log" 2>&1; then
    break
  fi
  if grep -q 'could not bind\|Address already in use' "${log}" 2>/dev/null && ((attempt < 3)); then
    log_warn "port ${port} was taken; retrying with another"
    port=""
    continue
  fi
  show_log_tail "${pg_root}/pg_ctl.log"
  show_log_tail "${log}"
  die "PostgreSQL failed to start"
done
[[ -n "${port}" ]] || die "PostgreSQL failed to start"

pg_ready() {
  "${PG_BIN}/pg_isready" -q -h 127.0.0.1 -p "${port}" -d postgres -U postgres &&
    as_pg_user "${psql_bin}" -X -q -h "${sock}" -p "${port}" -U postgres -d postgres -Atc 'SELECT 1' >/dev/null
}
wait_for "PostgreSQL on 127.0.0.1:${port}" 60 pg_ready || {
  show_log_tail "${log}"
  die "PostgreSQL did not become ready"
}

# The superuser gets a password too, for TCP; via the socket it needs none.
password="$(random_hex 12)"
as_pg_user "${psql_bin}" -X -q -v ON_ERROR_STOP=1 -h "${sock}" -p "${port}" -U postgres -d postgres >/dev/null <<EOF
ALTER ROLE postgres PASSWORD '${password}';
EOF
version="$(as_pg_user "${psql_bin}" -X -h "${sock}" -p "${port}" -U postgres -d postgres -Atc 'SHOW server_version')"
version="${version%% *}"
wal_level="$(as_pg_user "${psql_bin}" -X -h "${sock}" -p "${port}" -U postgres -d postgres -Atc 'SHOW wal_level')"
[[ "${wal_level}" == "${wal_level_wanted}" ]] || die "wal_level is ${wal_level}, expected ${wal_level_wanted}"

rig_env_set "${dir}" PGHOST 127.0.0.1
rig_env_set "${dir}" PGPORT "${port}"
rig_env_set "${dir}" PG_SOCKET_DIR "${sock}"
rig_env_set "${dir}" PG_SUPERUSER postgres
rig_env_set "${dir}" PG_SUPERUSER_PASSWORD "${password}"
rig_env_set "${dir}" PG_SUPERUSER_URL "postgresql://postgres:${password}@127.0.0.1:${port}/postgres"
rig_env_set "${dir}" PG_BIN "${PG_BIN}"
rig_env_set "${dir}" PG_VERSION "${version}"
rig_env_set "${dir}" PG_DATA "${data}"
rig_env_set "${dir}" PG_OS_USER "${pg_user}"
rig_env_set "${dir}" PG_LOG "${log}"

log_info "PostgreSQL ${version} ready on 127.0.0.1:${port} (socket ${sock}) in $(elapsed_since "${start}")s"
