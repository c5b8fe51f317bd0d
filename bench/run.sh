#!/usr/bin/env bash
# Runs the benchmark harnesses and writes their figures into docs/benchmarks.md (between the
# "bench:start" and "bench:end" markers; the rest of the file is kept).
#
#   bench/run.sh            full run: catalogs of 1k/10k/100k compute entries on SQLite and PostgreSQL,
#                           20 s of quote load per endpoint, BenchmarkDotNet for the calculator (~10 min)
#   bench/run.sh --smoke    a 1k catalog on SQLite and 2 s of load, written to a temporary file:
#                           checks that the harness works, never judges timings (run by scripts/test.sh)
#
# Figures on a shared machine are noisy: compare the ratios within one run, not runs across days.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true

log() { printf '\n==> %s\n' "$*" >&2; }

if [ "${BENCH_NO_BUILD:-}" != "1" ]; then
  log "Building (Release)"
  dotnet build Servala.Blazor.sln -c Release -v quiet -nologo >&2
fi
bench=(dotnet Servala.Benchmarks/bin/Release/net10.0/Servala.Benchmarks.dll)

if $smoke; then
  sizes=(1000); seconds=2; warmup=1; out=$(mktemp /tmp/servala-bench-smoke.XXXXXX.md)
else
  sizes=(1000 10000 100000); seconds=20; warmup=5; out=docs/benchmarks.md
fi

postgres=""
if ! $smoke; then
  log "Starting a throwaway PostgreSQL cluster"
  eval "$(./scripts/postgres-up.sh)"
  trap './scripts/postgres-down.sh' EXIT
  postgres="$SERVALA_TEST_POSTGRES"
fi

section=$(mktemp)
{
  echo "<!-- bench:start (written by bench/run.sh; edit the script, not this section) -->"
  echo
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB memory,"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the start (the machine is shared: figures are noisy),"
  echo ".NET $(dotnet --version), Release build. Command: \`bench/run.sh$($smoke && echo ' --smoke')\`."
  echo
  echo "### Sync from the command line (\`Servala.Benchmarks sync\`)"
  echo
  echo "Wall time of \`Servala.Web sync-catalog --source FILE\` (a published-style Release build, process start-up included)"
  echo "on a fresh database: the demo catalog plus N generated compute entries (\`Servala.Benchmarks generate --entries N --out FILE\`"
  echo "writes the same document). \"Start-up\" is \`migrate\` on the up-to-date database: the process doing no sync, the floor."
  echo "\"Same document\" is the first document again (its hash matches the last run: confirmed in one statement per table);"
  echo "\"all prices changed\" is a document in which every generated hourly price differs (≈100k updates)."
  echo
  echo "| database | entries | start-up | first sync | same document again | ratio to first | all prices changed |"
  echo "|---|---:|---:|---:|---:|---|---:|"
} > "$section"

for n in "${sizes[@]}"; do
  log "Sync, $n entries, SQLite"
  "${bench[@]}" sync --entries "$n" | tee -a "$section" >&2
  if [ -n "$postgres" ]; then
    log "Sync, $n entries, PostgreSQL"
    "${bench[@]}" sync --entries "$n" --postgres "$postgres" | tee -a "$section" >&2
  fi
done

{
  echo
  echo "### Quote API against the floor (\`Servala.Benchmarks quotes\`)"
  echo
  echo "The real portal process (Release, demo catalog, rate limit raised) and a bare minimal-API endpoint (\`Servala.Benchmarks floor\`,"
  echo "its own process) that answers the same bytes, driven one after the other by the same closed-loop client"
  echo "($seconds s each after $warmup s of warm-up). \"wrong\" counts answers that are not the floor's bytes."
  echo "Command: \`Servala.Benchmarks quotes --clients 8 --seconds $seconds --warmup $warmup\`."
  echo
  echo "| endpoint | clients | requests/s | p50 | p99 | wrong | ratio to the floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
} >> "$section"
log "Quote load"
"${bench[@]}" quotes --clients 8 --seconds "$seconds" --warmup "$warmup" 2>/dev/null | tee -a "$section" >&2

if ! $smoke; then
  log "Calculator (BenchmarkDotNet)"
  rm -rf BenchmarkDotNet.Artifacts
  "${bench[@]}" --filter '*PricingBenchmarks*' --job short --exporters github >&2
  {
    echo
    echo "### Calculator (\`Servala.Benchmarks/PricingBenchmarks.cs\`, BenchmarkDotNet \`--job short\`)"
    echo
    grep '^|' BenchmarkDotNet.Artifacts/results/*PricingBenchmarks-report-github.md | sed "s/&#39;/'/g"
  } >> "$section"
fi

echo >> "$section"
echo "<!-- bench:end -->" >> "$section"

if $smoke; then
  cp "$section" "$out"
else
  python3 - "$out" "$section" <<'PY'
import sys, re
path, section = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
text = open(path).read()
pattern = re.compile(r"<!-- bench:start.*?<!-- bench:end -->", re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n## Harness run\n\n" + section + "\n"
open(path, "w").write(text)
PY
fi
rm -f "$section"
log "Wrote $out"
