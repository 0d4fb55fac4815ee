#!/usr/bin/env bash
# End-to-end load benchmark (bench/ServiceTracking.Load): builds the server and the generator in Release, optionally
# starts a throwaway PostgreSQL on 127.0.0.1 (--postgres, or use SVTRACK_BENCH_POSTGRES for one you run), runs every
# scenario within a fixed time budget, prints a table and a JSON line, and leaves nothing running.
#
#   bench/load.sh                 SQLite (the durable default) only
#   bench/load.sh --postgres      also PostgreSQL 15, started here (needs the postgresql-15 package); it runs after the
#                                 SQLite record phases with whatever the budget leaves once the query scenario's share
#                                 is held back, so phases that do not fit are reported as skipped
#   bench/load.sh --postgres -- --only records,store      the record scenario on both stores, with room for PostgreSQL
#   bench/load.sh -- --records 5000 --concurrency 64      other generator options (see Settings.cs)
#   bench/load.sh -- --only rewards                       the daily reward batch (not in the default run: it takes ~8 of
#                                 the 10 minutes): 100,000 contributors, 1,000,000 contributions, bulk-seeded, then
#                                 RewardRuns.RunAsync measured in-process; --reward-contributors N --reward-contributions M
#                                 for other sizes, --reward-sign true for real ECDSA signatures in the seed (slower seeding),
#                                 --reward-profile false without the SQL timing interceptor; with --postgres it runs on
#                                 PostgreSQL too when the budget allows (--budget-seconds N raises it)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
total_budget=${SVTRACK_BENCH_BUDGET:-570}   # seconds for the whole script, build included

start_pg=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) start_pg=1; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: bench/load.sh [--postgres] [-- generator options]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/svtrack-load.XXXXXX)
cleanup() {
  # Servers the generator started and could not stop (it was killed): by their recorded ids, nothing else.
  for f in "$work"/run/server-*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if grep -q 'ServiceTracking.Server.dll' "/proc/$pid/cmdline" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  done
  if [ "$start_pg" -eq 1 ] && declare -F pg_stop >/dev/null; then pg_stop; fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! ldconfig -p | grep -q 'libsecp256k1.so'; then
  echo "note: libsecp256k1 is not installed; signing and ecrecover use the managed fallback (slower)." >&2
fi

echo "== build (Release)"
dotnet build -c Release src/ServiceTracking.Server -nologo -clp:ErrorsOnly -v:q
dotnet build -c Release bench/ServiceTracking.Load -nologo -clp:ErrorsOnly -v:q

if [ "$start_pg" -eq 1 ]; then
  PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  source scripts/postgres.sh
  pg_start
  export SVTRACK_BENCH_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Password=;Maximum Pool Size=100"
fi

budget=$(( total_budget - (SECONDS - started) - 15 ))
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== run (budget ${budget} s)"
set +e
dotnet bench/ServiceTracking.Load/bin/Release/net10.0/ServiceTracking.Load.dll \
  --server-dll src/ServiceTracking.Server/bin/Release/net10.0/ServiceTracking.Server.dll \
  --work-dir "$work/run" --json-out "$work/result.json" --budget-seconds "$budget" "${extra[@]}"
status=$?
set -e
if [ -d "$work/run" ] && [ $status -ne 0 ]; then
  echo "== server logs (last lines)"; tail -n 20 "$work"/run/server-*.log 2>/dev/null || true
fi
echo "== done in $(( SECONDS - started )) s (exit $status)"
exit $status
