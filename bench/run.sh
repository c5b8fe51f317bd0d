#!/usr/bin/env bash
# Runs the benchmark harnesses and writes their figures into docs/benchmarks.md (between the
# "bench:start" and "bench:end" markers; the rest of the file is kept).
#
#   bench/run.sh            full run: catalogs of 1k/10k/100k compute entries on SQLite and PostgreSQL,
#                           20 s of quote load per endpoint, BenchmarkDotNet for the calculator (~10 min)
#                           (also 40 configure pages for circuit memory and 200 samples of live-preview latency in Chromium)
#   bench/run.sh --smoke    a 1k catalog on SQLite, 2 s of load, 3 circuits, 3 latency samples, written to a temporary file:
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

# The sync is timed on the portal published as production runs it: the Dockerfile's options (Release for this runtime,
# ReadyToRun). BENCH_PORTAL names such a publish to reuse (scripts/test.sh passes the one its tests ran).
portal="${BENCH_PORTAL:-}"
if [ -z "$portal" ]; then
  log "Publishing the portal as the Dockerfile does (Release, ReadyToRun for this runtime)"
  portal="$PWD/artifacts/bench-sync-portal"
  dotnet publish Servala.Web/Servala.Web.csproj -c Release --use-current-runtime -o "$portal" -v quiet -nologo >&2
fi

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
  echo "Wall time of \`Servala.Web sync-catalog --source FILE\` (the portal published as the Dockerfile does: Release, ReadyToRun; process start-up included)"
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
  "${bench[@]}" sync --web "$portal" --entries "$n" | tee -a "$section" >&2
  if [ -n "$postgres" ]; then
    log "Sync, $n entries, PostgreSQL"
    "${bench[@]}" sync --web "$portal" --entries "$n" --postgres "$postgres" | tee -a "$section" >&2
  fi
done

{
  echo
  echo "### Quote API against the floor (\`Servala.Benchmarks quotes\`)"
  echo
  echo "The real portal process (Release, demo catalog, rate limit raised, its recurring sync and reconcile jobs scheduled"
  echo "never: \`Catalog:SyncCron\` and \`ControlPlanes:ReconcileCron\` \`0 0 31 2 *\`, so no job runs while the path is measured)"
  echo "and a bare minimal-API endpoint (\`Servala.Benchmarks floor\`, its own process) that answers the same bytes, driven one"
  echo "after the other by the same closed-loop client ($seconds s each after $warmup s of warm-up). \"wrong\" counts answers that"
  echo "are not the floor's bytes; \"server CPU\" is the server process's CPU time (user and system) over the measured seconds per"
  echo "request answered, steadier than requests/s on a shared machine (the client runs on the same cores)."
  echo "Command: \`Servala.Benchmarks quotes --clients 8 --seconds $seconds --warmup $warmup\`."
  echo
  echo "| endpoint | clients | requests/s | p50 | p99 | wrong | server CPU per request | ratio to the floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} >> "$section"
log "Quote load"
"${bench[@]}" quotes --clients 8 --seconds "$seconds" --warmup "$warmup" 2>/dev/null | tee -a "$section" >&2

# --- Circuits and live preview (Servala.Benchmarks circuits / preview) -------------------------------------------
# Both drive Debian's Chromium (scripts/test.sh installs it) against the published portal; dotnet-gcdump comes from the
# repository's tool manifest.
if $smoke; then
  circuit_pages=3; preview_samples=3; preview_warmup=1
else
  circuit_pages=40; preview_samples=200; preview_warmup=20
fi
dotnet tool restore >/dev/null
# Runs a verb with its progress (the portal's log lines) kept aside, shown only when it fails.
quiet_unless_failing() {
  local err; err=$(mktemp)
  if ! "$@" 2>"$err"; then tail -n 60 "$err" >&2; rm -f "$err"; return 1; fi
  rm -f "$err"
}
{
  echo
  echo "### Managed heap per open configure page (\`Servala.Benchmarks circuits\`)"
  echo
  echo "The published portal (Release, demo catalog) with N configure pages open in Chromium, each its own circuit. The heap is"
  echo "the live managed heap \`dotnet-gcdump\` reads after the full, blocking GC it forces: with no page open (after three"
  echo "warm-up pages were opened and closed), with all N open, and after closing them all. Per page = (heap with N − heap with 0) / N."
  echo "Command: \`Servala.Benchmarks circuits --pages $circuit_pages\`."
  echo
  echo "| page | open pages | heap, none open | heap, all open | per page | heap after closing all |"
  echo "|---|---:|---:|---:|---:|---:|"
} >> "$section"
log "Circuit memory, $circuit_pages configure pages"
quiet_unless_failing "${bench[@]}" circuits --pages "$circuit_pages" | tee -a "$section" >&2

{
  echo
  echo "### Live preview in Chromium (\`Servala.Benchmarks preview\`)"
  echo
  echo "Time from an input change to the updated total on the configure page (\`/services/postgresql\` of the published portal):"
  echo "\`performance.now()\` just before the change is dispatched in the page, a \`MutationObserver\` taking the time Blazor patches"
  echo "the total. The floor is Blazor's own round trip: a minimal Blazor Server page (\`Servala.Benchmarks.BlazorFloor\`, its own"
  echo "process) whose button increments a number, measured the same way in the same run. Typed numbers include the number"
  echo "fields' debounce (see \`docs/benchmarks.md\`, \"Live preview\"). $preview_samples samples each after $preview_warmup of warm-up."
  echo "Command: \`Servala.Benchmarks preview --samples $preview_samples --warmup $preview_warmup\`."
  echo
  echo "| interaction | samples | p50 | p95 | p95 ratio to the floor |"
  echo "|---|---:|---:|---:|---:|"
} >> "$section"
log "Live preview, $preview_samples samples"
quiet_unless_failing "${bench[@]}" preview --samples "$preview_samples" --warmup "$preview_warmup" | tee -a "$section" >&2
# --- end of circuits and live preview -----------------------------------------------------------------------------

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
