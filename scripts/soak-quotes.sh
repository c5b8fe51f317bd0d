#!/usr/bin/env bash
# Quotes under load with a large sync in the middle, against the real portal process (not part of CI).
# Arguments: [clients=200] [seconds=60] [generated services=100] [compute entries per service=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Servala.Blazor.sln -c Release >/dev/null
dotnet run -c Release --no-build --project Servala.Benchmarks -- soak "$@"
