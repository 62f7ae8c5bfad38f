//! `fiducia-ink-build`: builds every contract (or the named ones) into
//! `<target>/ink/<name>/{<name>.wasm, <name>.json, <name>.contract}`.
//!
//! Run it through cargo so it finds the workspace:
//! `cargo run --release -p fiducia-ink-build -- [--contract lending]`.

use anyhow::{bail, Context, Result};
use clap::Parser;
use fiducia_ink_build::{artifact_dir, bundle, wasm, wasm_rustflags, CONTRACTS};
use serde::Deserialize;
use std::{
    path::{Path, PathBuf},
    process::Command,
};

/// Build ink! contracts for pallet-contracts without cargo-contract.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Contracts to build (default: all of them).
    #[arg(long = "contract", value_parser = clap::builder::PossibleValuesParser::new(CONTRACTS))]
    contracts: Vec<String>,
}

#[derive(Deserialize)]
struct Metadata {
    target_directory: PathBuf,
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
    authors: Vec<String>,
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn run(cmd: &mut Command) -> Result<Vec<u8>> {
    let output = cmd.output().with_context(|| format!("cannot start {cmd:?}"))?;
    if !output.status.success() {
        bail!("{cmd:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(output.stdout)
}

fn workspace() -> Result<Metadata> {
    let out = run(cargo().args(["metadata", "--format-version", "1", "--no-deps"]))?;
    serde_json::from_slice(&out).context("cannot read `cargo metadata`")
}

fn rustc_version() -> Result<String> {
    let out = run(Command::new("rustc").arg("--version"))?;
    let text = String::from_utf8_lossy(&out);
    // "rustc 1.95.0 (59807616e 2026-04-14)" → "rustc 1.95.0"
    Ok(text.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
}

/// Compiles the contract to wasm and returns the linker's output.
fn compile(contract: &str, target_dir: &Path) -> Result<Vec<u8>> {
    run(cargo()
        .args(["rustc", "--quiet", "-p", contract, "--lib", "--profile", "contract"])
        .args(["--target", "wasm32v1-none", "--no-default-features", "--crate-type", "cdylib"])
        .env("CARGO_ENCODED_RUSTFLAGS", wasm_rustflags()))?;
    let path = target_dir.join("wasm32v1-none/contract").join(format!("{contract}.wasm"));
    std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
}

/// Runs the host binary that prints the contract's ink! metadata.
fn project_metadata(contract: &str) -> Result<serde_json::Value> {
    let out = run(cargo()
        .args(["run", "--quiet", "--release", "-p", "fiducia-ink-build", "--bin", "ink-metadata"])
        .args(["--features", contract]))?;
    serde_json::from_slice(&out).context("ink-metadata printed invalid JSON")
}

fn build(contract: &str, meta: &Metadata, compiler: &str) -> Result<()> {
    let package = meta
        .packages
        .iter()
        .find(|p| p.name == contract)
        .with_context(|| format!("no package `{contract}` in the workspace"))?;
    let linked = compile(contract, &meta.target_directory)?;
    let blob = wasm::finalize(&linked)?;
    let summary = wasm::check(&blob).with_context(|| format!("{contract}.wasm breaks a pallet rule"))?;

    let project = project_metadata(contract)?;
    let source = bundle::Source { wasm: &blob, compiler };
    let info = bundle::ContractInfo { name: &package.name, version: &package.version, authors: &package.authors };
    let json = bundle::wrap(project.clone(), &source, &info, false)?;
    let contract_bundle = bundle::wrap(project, &source, &info, true)?;

    let dir = artifact_dir(&meta.target_directory, contract);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{contract}.wasm")), &blob)?;
    std::fs::write(dir.join(format!("{contract}.json")), serde_json::to_vec_pretty(&json)?)?;
    std::fs::write(dir.join(format!("{contract}.contract")), serde_json::to_vec(&contract_bundle)?)?;
    println!(
        "{contract}: {} bytes of wasm ({} before stripping), {} host functions, code hash 0x{} → {}",
        blob.len(),
        linked.len(),
        summary.imported_functions.len(),
        hex::encode(bundle::code_hash(&blob)),
        dir.display()
    );
    Ok(())
}

fn main() -> Result<()> {
    let args = Args::parse();
    let meta = workspace()?;
    let compiler = rustc_version()?;
    let contracts: Vec<&str> = if args.contracts.is_empty() {
        CONTRACTS.to_vec()
    } else {
        args.contracts.iter().map(String::as_str).collect()
    };
    for contract in contracts {
        build(contract, &meta, &compiler).with_context(|| format!("building {contract}"))?;
    }
    Ok(())
}
