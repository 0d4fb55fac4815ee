#!/usr/bin/env bash
# The JS SDK (sdk/js) against the real service: builds the package with tsc, starts a Hardhat node and deploys the
# registry with `svtrack chain deploy`, starts the server on 127.0.0.1 anchoring to it (CORS open to the browser
# test's page origin), and runs the node:test suites in sdk/js/test: every ServiceTracker method, the monitor over
# SSE across a server restart and over webhooks, receipts offline, proveOnChain, the packed tarball installed into an
# empty folder running the README's snippets, and the seed's snippet in Chromium. Needs a Release build and
# contracts/node_modules. Fixed ports 5191-5195 (JS_SDK_PORT_BASE moves them), beside js-interop.sh's 5181/5182.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${JS_SDK_PORT_BASE:-5190}
port=$((base + 1)) restart_port=$((base + 2)) receiver_port=$((base + 3)) rpc_port=$((base + 4)) page_port=$((base + 5))
data=$(mktemp -d /tmp/svtrack-sdk.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$data"
}
trap cleanup EXIT
wait_for() { # url, what, [json-rpc]
  for _ in $(seq 1 120); do
    if [ -n "${3:-}" ]; then
      curl -sf -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" >/dev/null && return 0
    else
      curl -sf "$1" >/dev/null && return 0
    fi
    sleep 0.5
  done
  echo "$2 did not start" >&2; return 1
}

[ -d contracts/node_modules ] || (cd contracts && npm ci --no-audit --no-fund --silent)
(cd sdk/js && npm ci --no-audit --no-fund --silent && npx tsc -p tsconfig.json)

(cd contracts && HARDHAT_DISABLE_TELEMETRY_PROMPT=true exec node node_modules/hardhat/internal/cli/cli.js --config hardhat.config.cjs \
  node --hostname 127.0.0.1 --port "$rpc_port" >"$data/hardhat.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$rpc_port" "the hardhat node" rpc
# Hardhat's first well-known account deploys the registry (its admin holds every role) and is the service's anchoring key.
chain_key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
(umask 077; echo "$chain_key" >"$data/chain.key")
registry=$(dotnet src/ServiceTracking.Cli/bin/Release/net10.0/svtrack.dll --json chain deploy --rpc "http://127.0.0.1:$rpc_port" --key "$data/chain.key" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).address))')

read -r admin_key admin_address < <(cd sdk/js && node --input-type=module -e 'import { addressOf } from "./dist/index.js"; import { randomBytes } from "node:crypto"; const k = "0x" + randomBytes(32).toString("hex"); console.log(k, addressOf(k))')
server_dll=src/ServiceTracking.Server/bin/Release/net10.0/ServiceTracking.Server.dll
# Every suite signs its wallets in from 127.0.0.1: the per-address sign-in limit (60 a minute) is raised for them.
dotnet "$server_dll" --urls "http://127.0.0.1:$port" --Storage:DataDirectory="$data/main" --Logging:LogLevel:Default=Warning \
  --Auth:Admins:0="$admin_address" --Auth:AllowedDomains:0="127.0.0.1:$page_port" --Cors:AllowedOrigins:0="http://127.0.0.1:$page_port" \
  --Webhooks:AllowPrivateNetworks=true --Limits:RecordsPerMinute=1000 --Limits:SignInsPerMinute=1000 --Rewards:Scheduler=false \
  --Chain:RpcUrl="http://127.0.0.1:$rpc_port" --Chain:ChainId=31337 --Chain:RegistryAddress="$registry" --Chain:SignerKey="$chain_key" \
  --Chain:AnchorInterval=1 >"$data/server.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port/health" "the server"

export SVTRACK_SERVER="http://127.0.0.1:$port" SVTRACK_ADMIN_KEY="$admin_key" SVTRACK_RPC="http://127.0.0.1:$rpc_port"
export SVTRACK_REGISTRY="$registry" SVTRACK_SERVER_DLL="$PWD/$server_dll" SVTRACK_RESTART_PORT="$restart_port"
export SVTRACK_RECEIVER_PORT="$receiver_port" SVTRACK_PAGE_PORT="$page_port" SVTRACK_DATA="$data"
cd sdk/js
set +e
node --test --test-reporter=spec --test-concurrency=1 test/*.test.mjs
status=$?
set -e
[ "$status" -eq 0 ] || { echo "--- server log"; tail -50 "$data/server.log"; }
exit "$status"
