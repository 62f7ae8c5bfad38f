#!/usr/bin/env bash
# Runs every test: unit and property tests, ink! contract tests, runtime
# tests, the pallet-rules check of every contract blob, and the end-to-end
# tests against freshly started dev nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/build.sh
cargo test --release --locked --workspace --no-fail-fast
