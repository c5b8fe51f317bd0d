#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the tests and prints the connection string.
# Usage: eval "$(scripts/postgres-up.sh)"   (exports SERVALA_TEST_POSTGRES and SERVALA_TEST_PGDATA)
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# initdb refuses to run as root: the cluster belongs to the postgres user then.
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

dir=$(mktemp -d /tmp/servala-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

run_pg "$pg_bin/initdb" -D "$dir/data" -U servala --auth=trust -E UTF8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null

echo "export SERVALA_TEST_PGDATA='$dir/data'"
echo "export SERVALA_TEST_PGBIN='$pg_bin'"
echo "export SERVALA_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=servala;Database=postgres'"
