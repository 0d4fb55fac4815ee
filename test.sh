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
dotnet test ServiceTracking.slnx -c Release "$@"
scripts/js-interop.sh
