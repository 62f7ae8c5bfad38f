#!/usr/bin/env bash
# The hygiene every commit keeps: the code formatted with rustfmt.toml, and
# no compiler or clippy warning in any crate or target (the lints are set
# once, in the workspace Cargo.toml). Sourced by test.sh; runs on its own too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo fmt --all --check
# Same profile and environment as the build, so build scripts (the runtime's
# wasm among them) and proc-macros are shared with it, not built twice.
cargo clippy --release --locked --workspace --all-targets -- -D warnings
