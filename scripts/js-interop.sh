#!/usr/bin/env bash
# Runs the README's ethers.js example (examples/js/record.mjs) against a freshly started server on 127.0.0.1:
# proof that an independent client signs in and records exactly as the docs say. Then examples/js/events.mjs: an
# admin creates a webhook to a node receiver on 127.0.0.1 that verifies signatures with the `standardwebhooks`
# library, and the recorded contribution must arrive there and on the event stream alike. examples/js/bless.mjs: an
# elder blesses and assesses, signing with ethers' signTypedData as a browser wallet would. Needs a Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${JS_INTEROP_PORT:-5181}
data=$(mktemp -d /tmp/svtrack-js.XXXXXX)
receiver_port=${JS_INTEROP_RECEIVER_PORT:-5182}
(cd examples/js && npm ci --no-audit --no-fund --silent)
read -r admin_key admin_address < <(cd examples/js && node -e 'const { Wallet } = require("ethers"); const w = Wallet.createRandom(); console.log(w.privateKey, w.address)')
dotnet src/ServiceTracking.Server/bin/Release/net10.0/ServiceTracking.Server.dll \
  --urls "http://127.0.0.1:$port" --Storage:DataDirectory="$data" --Logging:LogLevel:Default=Warning \
  --Auth:Admins:0="$admin_address" --Webhooks:AllowPrivateNetworks=true >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
node examples/js/record.mjs "http://127.0.0.1:$port"
echo "ethers.js example against the server: ok"
SVTRACK_ADMIN_KEY="$admin_key" node examples/js/bless.mjs "http://127.0.0.1:$port"
echo "officials' acts signed with ethers signTypedData (blessing, assessment) against the server: ok"
SVTRACK_ADMIN_KEY="$admin_key" node examples/js/events.mjs "http://127.0.0.1:$port" "$receiver_port"
echo "events (stream and standardwebhooks-verified webhook) against the server: ok"
