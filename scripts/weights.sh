#!/usr/bin/env bash
# Re-makes docs/generated/weights.md, the weight of every contract message
# and the size of every contract (docs/weights.md explains it). Builds
# everything, runs the lending, FITM and security e2e flows recording every
# dry-run the client makes, then the `weights` bench, which measures
# invest/repay/claim with 1 to 10,000 investors on a fresh dev node and
# writes the file. About 25 minutes on 2 cores with a warm build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build.sh
export FIDUCIA_WEIGHTS_OUT="${CARGO_TARGET_DIR:-$PWD/target}/weights/dry-runs.jsonl"
mkdir -p "$(dirname "$FIDUCIA_WEIGHTS_OUT")"
rm -f "$FIDUCIA_WEIGHTS_OUT"
cargo test --release --locked --workspace --test lending --test trust --test security
cargo bench --locked --workspace --bench weights
