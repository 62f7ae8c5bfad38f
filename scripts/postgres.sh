#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the indexer's tests (Debian's
# `postgresql` package, installed by setup.sh) in a temporary folder on a
# free port, and exports FIDUCIA_TEST_POSTGRES=postgres://fiducia:fiducia@…
# for them. Sourced by test.sh; the server stops when the shell exits.
set -euo pipefail

pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
pg_dir=$(mktemp -d /tmp/fiducia-pg.XXXXXX)
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# PostgreSQL refuses to run as root: the server runs as `postgres` then.
pg_user=""
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pg_dir"
  pg_user="postgres"
fi
as_pg() { if [ -n "$pg_user" ]; then su "$pg_user" -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
echo fiducia > "$pg_dir/pw" && chmod 644 "$pg_dir/pw"
as_pg "'$pg_bin/initdb' -D '$pg_dir/data' -U fiducia --pwfile='$pg_dir/pw' -A scram-sha-256 >/dev/null"
as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -o '-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1' -l '$pg_dir/log' -w start >/dev/null"
trap 'as_pg "'"'$pg_bin/pg_ctl' -D '$pg_dir/data' -m fast stop"'" >/dev/null 2>&1 || true' EXIT
export FIDUCIA_TEST_POSTGRES="postgres://fiducia:fiducia@127.0.0.1:$pg_port"
echo "postgres: a test server listens on 127.0.0.1:$pg_port" >&2
