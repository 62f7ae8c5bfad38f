#!/usr/bin/env bash
# Installs what is missing, builds, starts a dev node, deploys the lending
# contract, applies for a loan and reads it back. Stops the node on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/build.sh

target="${CARGO_TARGET_DIR:-target}"
port="${FIDUCIA_DEMO_PORT:-9944}"
export FIDUCIA_URL="ws://127.0.0.1:${port}"
fiducia="$target/release/fiducia"
base=$(mktemp -d)
"$target/release/fiducia-node" --dev --base-path "$base" --rpc-port "$port" \
  --no-telemetry --no-prometheus >"$base/node.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null; rm -rf "$base"' EXIT

echo "== waiting for the dev node on $FIDUCIA_URL"
for _ in $(seq 1 90); do
  if "$fiducia" node-info >/dev/null 2>&1; then break; fi
  kill -0 $node 2>/dev/null || { cat "$base/node.log"; exit 1; }
  sleep 1
done
"$fiducia" node-info

echo "== deploying the lending contract (as Alice)"
address=$("$fiducia" deploy lending --json | sed -n 's/.*"address": "\(.*\)".*/\1/p')
echo "lending contract: $address"

echo "== Bob applies for 5000 FID over 24 months"
"$fiducia" --suri //Bob lending apply --contract "$address" --amount "5000 FID" --term 24 \
  --commitment 0x$(printf 'application data of Bob' | sha256sum | cut -d' ' -f1)

echo "== the loan, read back"
"$fiducia" lending loan --contract "$address" 0
"$fiducia" --json lending loans --contract "$address"
