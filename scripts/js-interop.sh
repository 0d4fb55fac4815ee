#!/usr/bin/env bash
# Runs the README's ethers.js example (examples/js/record.mjs) against a freshly started server on 127.0.0.1:
# proof that an independent client signs in and records exactly as the docs say. Needs a Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${JS_INTEROP_PORT:-5181}
data=$(mktemp -d /tmp/svtrack-js.XXXXXX)
(cd examples/js && npm ci --no-audit --no-fund --silent)
dotnet src/ServiceTracking.Server/bin/Release/net10.0/ServiceTracking.Server.dll \
  --urls "http://127.0.0.1:$port" --Storage:DataDirectory="$data" --Logging:LogLevel:Default=Warning >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
node examples/js/record.mjs "http://127.0.0.1:$port"
echo "ethers.js example against the server: ok"
