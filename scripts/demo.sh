#!/usr/bin/env bash
# Installs what is missing, builds, starts a dev node, deploys the lending
# contract and walks one loan through it: credential, scoring, application
# with a second factor, listing, funding, activation, disbursement,
# repayment and a claim. Then deploys the FITM contracts and walks the
# investment-advice flows: product, advisor authorization and challenge,
# service case, template, agreement signed by both, agreement fraud upheld,
# product fraud upheld (which stops further signatures). Stops the node on exit.
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

echo "== Alice (Arbiter: the certifier) certifies the reviewed contract code"
report=0x$(printf 'Fiducia contracts audit report' | sha256sum | cut -d' ' -f1)
for contract in lending advice investment; do
  "$fiducia" registry certify-code "$contract" --report "$report"
done

echo "== deploying the lending contract (as Alice)"
address=$("$fiducia" deploy lending --json | sed -n 's/.*"address": "\(.*\)".*/\1/p')
echo "lending contract: $address"

export FIDUCIA_LENDING="$address"
bob=5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty
charlie=5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y
dave=5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy

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

echo
echo "== FITM: deploying the advice and investment contracts (as Alice)"
advice=$("$fiducia" deploy advice --json | sed -n 's/.*"address": "\(.*\)".*/\1/p')
investment=$("$fiducia" deploy investment --advice "$advice" --json | sed -n 's/.*"address": "\(.*\)".*/\1/p')
export FIDUCIA_ADVICE="$advice" FIDUCIA_INVESTMENT="$investment"
echo "advice: $advice"; echo "investment: $investment"

echo "== Bob (institution) publishes and opens a product; Charlie (advisor) is authorized"
"$fiducia" --suri //Bob advice publish-product
"$fiducia" --suri //Bob advice add-attribute 0 risk "4 of 7"
"$fiducia" --suri //Bob advice add-promise 0 "the bond compensates proven fraud"
"$fiducia" --suri //Bob advice open-product 0
"$fiducia" --suri //Charlie advice request-authorization 0
"$fiducia" --suri //Bob advice authorize 0 "$charlie" --advisory --signing --info 0x$(printf 'Charlie, CFA' | sha256sum | cut -d' ' -f1)

echo "== Dave (customer) challenges Charlie before trusting him"
challenge=$("$fiducia" advice challenge)
answer=$("$fiducia" --suri //Charlie advice answer 0 "$dave" "$challenge")
"$fiducia" --suri //Dave advice verify 0 "$charlie" "$challenge" "$answer"

echo "== Dave opens a service case, checks the product and Bob's template"
"$fiducia" --suri //Dave advice open-case 0 "$charlie"
"$fiducia" --suri //Dave advice check-product 0
"$fiducia" --suri //Bob investment release-template 0 --terms 0x$(printf 'template text v1' | sha256sum | cut -d' ' -f1)
"$fiducia" --suri //Dave investment check-template 0 0

echo "== Charlie proposes 1000 FID; both sign the same terms (Charlie stakes 20 %)"
"$fiducia" --suri //Charlie investment propose 0 0 --amount "1000 FID"
terms=$("$fiducia" investment agreement 0 | sed -n 's/.*terms 0x\([0-9a-f]*\);.*/\1/p')
"$fiducia" --suri //Dave investment sign 0 --terms "0x$terms"
"$fiducia" --suri //Charlie investment sign 0 --terms "0x$terms"
"$fiducia" investment agreement 0

echo "== during cooling-off Dave disputes; Ferdie (arbiter) upholds the fraud"
"$fiducia" --suri //Dave investment dispute-agreement 0 --evidence 0x$(printf 'call recording' | sha256sum | cut -d' ' -f1)
"$fiducia" --suri //Ferdie investment rule 0 --fraud --ruling 0x$(printf 'ruling 1' | sha256sum | cut -d' ' -f1)
"$fiducia" investment credit-of "$dave"
"$fiducia" --suri //Dave investment claim

echo "== Eve finds fraud in the product itself; the arbiter suspends it"
"$fiducia" --suri //Eve advice open-case 0 "$charlie"
"$fiducia" --suri //Eve advice check-product 1 --fraud 0x$(printf 'prospectus lie' | sha256sum | cut -d' ' -f1)
"$fiducia" --suri //Ferdie advice rule 1 --fraud --ruling 0x$(printf 'ruling 2' | sha256sum | cut -d' ' -f1)
"$fiducia" advice product 0
"$fiducia" --suri //Eve advice claim
echo "== a new proposal on the suspended product is refused by the cross-contract check:"
if "$fiducia" --suri //Charlie investment propose 0 0 --amount "10 FID"; then
  echo "unexpected: the proposal was accepted"; exit 1
fi
