#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need, builds warning-free, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Real-browser tests drive Debian's Chromium.
if [ ! -x /usr/bin/chromium ]; then
  log "Installing Chromium"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

log "Starting a throwaway PostgreSQL cluster on loopback"
eval "$(./scripts/postgres-up.sh)"
trap './scripts/postgres-down.sh' EXIT
echo "$SERVALA_TEST_POSTGRES"

log "Restoring tools and packages"
dotnet tool restore >/dev/null
dotnet restore Servala.Blazor.sln

log "Building (warnings are errors)"
dotnet build Servala.Blazor.sln --no-restore -c Release

log "Publishing the portal (the tests run it as real processes, as deployed: the Dockerfile's options, ReadyToRun)"
dotnet publish Servala.Web/Servala.Web.csproj -c Release --use-current-runtime -o artifacts/portal >/dev/null
export SERVALA_TEST_PORTAL="$PWD/artifacts/portal"

log "Testing"
dotnet test Servala.Blazor.sln --no-build -c Release --logger "console;verbosity=normal" "$@"

log "Benchmark harness, smoke mode (checks that it runs; timings are not judged)"
BENCH_NO_BUILD=1 BENCH_PORTAL="$SERVALA_TEST_PORTAL" ./bench/run.sh --smoke
