#!/usr/bin/env bash
# Builds everything: the node, the client CLI, the build tool, and the ink!
# contracts (into <target>/ink/<name>/). Sourced by demo.sh and test.sh.
set -euo pipefail
cargo build --release --locked --workspace
cargo run --release --locked --quiet -p fiducia-ink-build
