#!/usr/bin/env bash
# Installs what is missing, builds, starts a dev node, deploys the lending
# contract and walks one loan through it: credential, scoring, application
# with a second factor, listing, funding, activation, disbursement,
# repayment and a claim. Stops the node on exit.
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

export FIDUCIA_LENDING="$address"
bob=5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty
charlie=5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y

echo "== Bob gets a software FIDO2 authenticator; Alice (issuer) registers it"
"$fiducia" authenticator new --key "$base/bob.key"
"$fiducia" registry register-credential "$bob" --key "$base/bob.key"

echo "== the scoring model explains Bob's profile"
profile=(--education Graduate --enrolment FullTime --income UpTo25k --debt NoDebt --employment PartTime)
"$fiducia" lending score --amount "5000 FID" --term 24 "${profile[@]}"

echo "== Bob applies for 5000 FID over 24 months (second factor)"
"$fiducia" --suri //Bob lending apply --amount "5000 FID" --term 24 --purpose Tuition "${profile[@]}" \
  --commitment 0x$(printf 'application data of Bob' | sha256sum | cut -d' ' -f1) --key "$base/bob.key"

echo "== Alice (administrator) lists it; Charlie and Dave fund it"
"$fiducia" lending approve 0
"$fiducia" --suri //Charlie lending invest 0 --amount "2000 FID"
"$fiducia" --suri //Dave lending invest 0 --amount "3000 FID"

echo "== Alice activates; Bob accepts the principal (second factor) and repays"
"$fiducia" lending activate 0
"$fiducia" --suri //Bob lending disburse 0 --key "$base/bob.key"
"$fiducia" --suri //Bob lending repay 0 --amount "500 FID"
"$fiducia" lending schedule 0

echo "== Charlie claims his share"
"$fiducia" --suri //Charlie lending position 0
"$fiducia" --suri //Charlie lending claim 0
"$fiducia" lending position 0 --investor "$charlie"

echo "== the loan, read back"
"$fiducia" lending loan 0
"$fiducia" --json lending loans
