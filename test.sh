#!/usr/bin/env bash
# Runs every test: installs what the tests need on a fresh Debian machine (and contracts/node_modules, whose Hardhat
# node the .NET chain, server and CLI tests start), starts a throwaway PostgreSQL on 127.0.0.1 for the storage suite,
# runs `dotnet test`, and stops the database again; then the ethers.js example against the server and the contract's
# build check and tests (contracts/, which start their own Hardhat node), and the JS SDK's suites (scripts/sdk-js.sh).
set -euo pipefail
cd "$(dirname "$0")"

need=()
ldconfig -p | grep -q 'libsecp256k1.so' || need+=(libsecp256k1-1)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
[ -x /usr/bin/chromium ] || need+=(chromium)   # the dashboard's Playwright tests and the JS SDK's browser test drive it
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing packages: ${need[*]} (run as root or install them)" >&2; exit 1
  fi
fi

(cd contracts && npm ci --no-audit --no-fund)
(cd tests/ServiceTracking.Web.Tests && npm ci --no-audit --no-fund --silent)   # axe-core, injected by the accessibility test

source scripts/postgres.sh
pg_start
trap pg_stop EXIT

export SVTRACK_TEST_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Password=;Include Error Detail=true"
export SVTRACK_TEST_POSTGRES_DATA="$PG_DIR/data"   # the privacy tests search its files for personal data in clear
log=$(mktemp)
contracts_log=$(mktemp)
trap 'pg_stop; rm -f "$log" "$contracts_log"' EXIT
set +e
dotnet test ServiceTracking.slnx -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
js=0; js_failed=0
sdk_log=$(mktemp); sdk_step=0
if [ "$status" -eq 0 ]; then
  if scripts/js-interop.sh; then js=1; else js_failed=1; status=1; fi
  # The JS SDK's node:test suites against a live server, a Hardhat node and Chromium (scripts/sdk-js.sh).
  scripts/sdk-js.sh 2>&1 | tee "$sdk_log" || sdk_step=1
fi
sdk=$(grep -oE '^ℹ pass [0-9]+' "$sdk_log" | awk '{s += $3} END {print s + 0}')
sdk_failed=$(grep -oE '^ℹ fail [0-9]+' "$sdk_log" | awk '{s += $3} END {print s + 0}')
if [ "$sdk_step" -ne 0 ]; then
  status=1
  [ "$sdk_failed" -gt 0 ] || sdk_failed=1  # the script failed before or outside a test
fi
rm -f "$sdk_log"
# The registry contract: a fresh solc-js build must equal the committed artifact, then its tests on a local Hardhat node.
contracts_step=0
(cd contracts && npm run check-artifact && npm test) 2>&1 | tee "$contracts_log" || contracts_step=1
contracts=$(grep -oE '^ℹ pass [0-9]+' "$contracts_log" | awk '{s += $3} END {print s + 0}')
contracts_failed=$(grep -oE '^ℹ fail [0-9]+' "$contracts_log" | awk '{s += $3} END {print s + 0}')
if [ "$contracts_step" -ne 0 ]; then
  status=1
  [ "$contracts_failed" -gt 0 ] || contracts_failed=1  # the step failed before or outside a test
fi
# One closing line for the whole run: the .NET runners' totals plus the ethers.js check, the JS SDK and the contract tests.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
echo "Total: $((passed + js + sdk + contracts)) passed, $((failed + js_failed + sdk_failed + contracts_failed)) failed"
exit "$status"
