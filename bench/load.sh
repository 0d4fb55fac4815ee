#!/usr/bin/env bash
# End-to-end load benchmark (bench/ServiceTracking.Load): builds the server and the generator in Release, optionally
# starts a throwaway PostgreSQL on 127.0.0.1 (--postgres, or use SVTRACK_BENCH_POSTGRES for one you run), runs every
# scenario within a fixed time budget (SVTRACK_BENCH_BUDGET seconds for the whole script, build included; 840 by
# default), prints a table of phases, a summary table of the headline figures (each with the load average when it was
# measured) and a JSON line, and leaves nothing running (servers and redis-server are stopped by their process ids).
#
# The default run (SQLite), in order:
#   - the key-recovery limit: EthSignature.TryRecover over pre-signed digests on every core, 3 s before and 3 s after
#     the HTTP phases (--recovery-seconds N); record rates are reported as a fraction of it
#   - records one per request over HTTP at 64 connections (--concurrency 16,64,128 for more levels, --records N), then
#     the floors (401 and 403) on that server
#   - batch ingest, POST /records with 100 items a request at 4 connections (--batch-size 1..1000, --batch-concurrency N,
#     --batch-records N, --batch-wallets N); "skipped: endpoint absent (404)" on a server without the endpoint
#   - the store alone in-process (ContributionStore.RecordAsync)
#   - privacy: the cost of sealing one record's details beside the store's CPU per record, and the erasure of one
#     contributor with 10,000 contributions (recorded through the store first), in-process
#   - live events: records at full speed (64 connections) while an SSE subscriber and a webhook receiver (127.0.0.1)
#     time each record's contribution.recorded from its POST (p50/p99), then server memory with 1,000 idle subscribers
#   - GET /stats/{address} and GET /leaderboard with 1,000,000 ranked contributors (--contributors N), bulk-seeded with
#     the writer's own rows (checked against the real store first; --seed-seconds N caps the seeding, 300 by default),
#     the server's start-up time and memory on that store, 64 connections (--query-concurrency N, --query-seconds N),
#     a fixed 1,000 requests/s open loop (--open-rate N, --open-seconds N), and the floor on the same server; stats go
#     to 100,000 distinct addresses in turn (mostly first reads), then again, apart, to 1,000 already read (warm)
#   - Redis with the same 1,000,000 totals: ZREVRANK and ZREVRANGE at the same concurrency (/usr/bin/redis-server,
#     --redis-server PATH; leave it out with --only records,store,batch,recovery,queries)
#
#   bench/load.sh                 the default run above, on SQLite (the durable default)
#   bench/load.sh --postgres      also PostgreSQL 15, started here on a free port in 55450-55459 (needs the postgresql-15
#                                 package): the record, batch and query scenarios again after SQLite's, with whatever the
#                                 budget leaves (SVTRACK_BENCH_BUDGET=1500 for all of it at 1,000,000 contributors)
#   bench/load.sh --postgres -- --stores postgres         PostgreSQL only (--stores sqlite,postgres is the default order)
#   bench/load.sh -- --only records,batch,store,recovery   the write side only (~3 minutes)
#   bench/load.sh -- --only queries,redis --contributors 100000     the read side at another size
#   bench/load.sh -- --only rewards                       the daily reward batch (not in the default run: it takes ~4 of
#                                 its minutes): 100,000 contributors, 1,000,000 contributions, bulk-seeded, then
#                                 RewardRuns.RunAsync measured in-process (its time and peak working set are in the summary);
#                                 --reward-contributors N --reward-contributions M for other sizes, --reward-sign true
#                                 for real ECDSA signatures in the seed (slower seeding), --reward-profile false without
#                                 the SQL timing interceptor; with --postgres it runs on PostgreSQL too when the budget
#                                 allows (--budget-seconds N raises it)
# --only takes a comma-separated list of: records, store, batch, recovery, privacy, events, queries, redis, rewards.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
total_budget=${SVTRACK_BENCH_BUDGET:-840}   # seconds for the whole script, build included

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
  if [ -f "$work/run/redis.pid" ]; then
    pid=$(cat "$work/run/redis.pid")
    if grep -q 'redis-server' "/proc/$pid/cmdline" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
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
  # A free port of the range set aside for this benchmark's PostgreSQL (other tools use other ranges).
  PG_PORT=${PG_PORT:-$(python3 -c '
import socket
for port in range(55450, 55460):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass
    finally:
        s.close()
')}
  [ -n "$PG_PORT" ] || { echo "no free port in 55450-55459 for PostgreSQL" >&2; exit 1; }
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
