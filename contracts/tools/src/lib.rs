//! Builds Fiducia's ink! 5 contracts into artifacts `pallet-contracts` accepts,
//! on stable Rust and without `cargo-contract`:
//!
//! 1. `cargo rustc --profile contract --target wasm32v1-none --crate-type cdylib`
//!    with the stack size, imported memory and MVP CPU flags ([`wasm_rustflags`]);
//! 2. [`wasm::finalize`]: keep only the `call` and `deploy` exports, drop custom
//!    sections, then [`wasm::check`] the blob against the pallet's rules;
//! 3. metadata from the `ink-metadata` host binary, wrapped by [`bundle`] into
//!    `<name>.json` and `<name>.contract` as `@polkadot/api-contract` reads them.
//!
//! Artifacts land in `<target>/ink/<name>/`.

pub mod bundle;
pub mod wasm;

use std::path::{Path, PathBuf};

/// Every contract of the workspace, by crate name.
pub const CONTRACTS: &[&str] = &["lending", "advice", "investment"];

/// The rustc flags of a contract build, joined with 0x1f as
/// `CARGO_ENCODED_RUSTFLAGS` expects: a 64 KiB stack, memory imported from the
/// host (`env.memory`), and only MVP wasm features (plus what the pallet allows).
pub fn wasm_rustflags() -> String {
    ["-Clink-arg=-zstack-size=65536", "-Clink-arg=--import-memory", "-Ctarget-cpu=mvp"].join("\x1f")
}

/// Where the artifacts of `contract` go, given the cargo target directory.
pub fn artifact_dir(target_dir: &Path, contract: &str) -> PathBuf {
    target_dir.join("ink").join(contract)
}
