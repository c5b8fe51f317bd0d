#!/usr/bin/env bash
# Stops and removes the cluster started by postgres-up.sh.
set -u
[ -n "${SERVALA_TEST_PGDATA:-}" ] || exit 0
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
run_pg "$SERVALA_TEST_PGBIN/pg_ctl" -D "$SERVALA_TEST_PGDATA" -m immediate stop >/dev/null 2>&1
rm -rf "$(dirname "$SERVALA_TEST_PGDATA")"
