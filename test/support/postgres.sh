#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the sync server tests (CI and local runs).
#
#   export SYNC_TEST_DATABASE_URL="$(test/support/postgres.sh)"    # start; prints the DATABASE_URL
#   test/support/postgres.sh stop /tmp/rb-pg.XXXXXX                # stop and delete that cluster
#
# PG_BIN picks the server binaries (default: the newest /usr/lib/postgresql/*/bin, else initdb's
# directory on PATH). With PG_CLUSTER_FILE set, the cluster directory is also written to that
# file, for a caller that must stop it later (scripts/test.mjs).
#
# The cluster lives under /tmp, listens on 127.0.0.1 only, on a free port, with trust auth for
# the local superuser. PostgreSQL refuses to run as root, so as root the cluster is owned by and
# run as the `postgres` user. Durability is off: the data is thrown away after the run.
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [[ -z "${PG_BIN}" ]] && command -v initdb >/dev/null; then PG_BIN="$(dirname "$(command -v initdb)")"; fi
if [[ -z "${PG_BIN}" || ! -x "${PG_BIN}/initdb" ]]; then
  echo "postgres.sh: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin nor on PATH (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [[ "${1:-}" == "stop" ]]; then
  dir="${2:?usage: postgres.sh stop <cluster dir>}"
  [[ "${dir}" == /tmp/rb-pg.* && -f "${dir}/data/PG_VERSION" ]] || { echo "postgres.sh: ${dir} is not a cluster made by this script" >&2; exit 1; }
  as_owner "${PG_BIN}/pg_ctl" -D "${dir}/data" -m fast -w stop >/dev/null || true
  rm -rf "${dir}"
  exit 0
fi

dir="$(mktemp -d /tmp/rb-pg.XXXXXX)"
# A cluster that did not come up leaves nothing behind: its log is shown, its files removed.
give_up() {
  cat "$1" >&2 2>/dev/null || true
  as_owner "${PG_BIN}/pg_ctl" -D "${dir}/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "${dir}"
  exit 1
}
chmod 755 "${dir}"
if [[ "$(id -u)" == "0" ]]; then chown postgres: "${dir}"; fi

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

as_owner "${PG_BIN}/initdb" -D "${dir}/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"${dir}/initdb.log" 2>&1 \
  || give_up "${dir}/initdb.log"
as_owner "${PG_BIN}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || give_up "${dir}/server.log"
as_owner "${PG_BIN}/createdb" -h 127.0.0.1 -p "${port}" -U postgres reception_bench_test || give_up "${dir}/server.log"

if [[ -n "${PG_CLUSTER_FILE:-}" ]]; then echo "${dir}" >"${PG_CLUSTER_FILE}"; fi
echo "postgres.sh: cluster ${dir} on 127.0.0.1:${port}; stop with: test/support/postgres.sh stop ${dir}" >&2
echo "postgres://postgres@127.0.0.1:${port}/reception_bench_test"
