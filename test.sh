#!/usr/bin/env bash
# Runs every test: installs what the tests need on a fresh Debian machine, starts a throwaway PostgreSQL on
# 127.0.0.1 for the storage suite, runs `dotnet test`, and stops the database again.
set -euo pipefail
cd "$(dirname "$0")"

need=()
ldconfig -p | grep -q 'libsecp256k1.so' || need+=(libsecp256k1-1)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing packages: ${need[*]} (run as root or install them)" >&2; exit 1
  fi
fi

source scripts/postgres.sh
pg_start
trap pg_stop EXIT

export SVTRACK_TEST_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Password=;Include Error Detail=true"
log=$(mktemp)
trap 'pg_stop; rm -f "$log"' EXIT
set +e
dotnet test ServiceTracking.slnx -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
js=0; js_failed=0
if [ "$status" -eq 0 ]; then
  if scripts/js-interop.sh; then js=1; else js_failed=1; status=1; fi
fi
# One closing line for the whole run: the .NET runners' totals plus the ethers.js check.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
echo "Total: $((passed + js)) passed, $((failed + js_failed)) failed"
exit "$status"
