//! `fiducia`: the command-line program of Fiducia's participants, a thin
//! layer over the `fiducia-client` library. One module per command group,
//! each an `Args` (what clap parses) and a `run`.
//!
//! Every command prints a human-readable result, or JSON with `--json`.
//! A refusal is printed as one sentence that says what is wrong (with
//! `--json`: the sentence and the typed error), and the exit status is 1.

mod advice;
mod authenticator;
mod deploy;
mod index;
mod investment;
mod lending;
mod node;
mod output;
mod parse;
mod progress;
mod registry;
mod vault;
mod verifier;

use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use fiducia_client::{artifacts, contract::ContractBundle, AccountId, Chain, Keypair, Wait};
use output::Output;
use std::{path::PathBuf, sync::Arc};

/// Fiducia: peer-to-peer student lending and trusted investment advice.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// WebSocket RPC endpoint of a Fiducia node.
    #[arg(long, global = true, env = "FIDUCIA_URL", default_value = "ws://127.0.0.1:9944")]
    url: String,
    /// Secret URI of the signing account (a dev account such as `//Alice`,
    /// or a mnemonic with an optional derivation path).
    #[arg(long, global = true, env = "FIDUCIA_SURI", default_value = "//Alice", hide_env_values = true)]
    suri: String,
    /// Wait for the transaction to be in a block, or finalized.
    #[arg(long, global = true, value_enum, default_value_t = WaitFor::Finalized)]
    wait: WaitFor,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

/// `--wait`: how long a command waits after submitting.
#[derive(Clone, Copy, ValueEnum)]
enum WaitFor {
    /// Until the transaction is in a best block (fast, may still be reorganised).
    InBlock,
    /// Until the block with the transaction is finalized.
    Finalized,
}

#[derive(Subcommand)]
enum Command {
    /// Show the chain, node and runtime the endpoint serves.
    NodeInfo,
    /// Upload and instantiate a contract from its `.contract` bundle.
    Deploy(deploy::Args),
    /// Licenses, second-factor credentials and code certifications.
    #[command(subcommand)]
    Registry(registry::Command),
    /// The software FIDO2 authenticator (a key file).
    #[command(subcommand)]
    Authenticator(authenticator::Command),
    /// Student loans.
    Lending(lending::Args),
    /// Investment advice (FITM): products, advisors, service cases, product disputes.
    Advice(advice::Args),
    /// Investment agreements (FITM): templates, agreements, their disputes.
    Investment(investment::Args),
    /// The verifier set: licenses, session keys, admission votes, status;
    /// and the issuers' root motions.
    #[command(subcommand)]
    Verifier(verifier::Command),
    /// The confidential vault: application data encrypted at rest, its
    /// commitment, sharing with the administrator and verification.
    Vault(vault::Args),
    /// The indexer: follow the chain into a database, and search it.
    Index(index::Args),
}

/// What every command may use: the endpoint, the signer, how long to wait,
/// and the output style.
pub struct Context {
    url: String,
    suri: String,
    /// How long to wait after submitting.
    pub wait: Wait,
    /// Where results go.
    pub out: Output,
}

impl Context {
    /// A connection to the node, drawing a spinner while transactions travel.
    pub async fn chain(&self) -> Result<Chain> {
        let chain = Chain::connect(&self.url)
            .await
            .with_context(|| format!("is a Fiducia node running at {}? (--url or FIDUCIA_URL)", self.url))?;
        Ok(chain.with_progress(progress::spinner()))
    }

    /// The signing key (`--suri`).
    pub fn signer(&self) -> Result<Keypair> {
        Ok(fiducia_client::signer_from_uri(&self.suri)?)
    }

    /// The signer's account.
    pub fn me(&self) -> Result<AccountId> {
        Ok(fiducia_client::account_of(&self.signer()?))
    }
}

/// A contract's `.contract` bundle: `path`, or the one `fiducia-ink-build`
/// produced for `contract`.
pub fn load_bundle(contract: &str, path: Option<PathBuf>) -> Result<Arc<ContractBundle>> {
    let path = match path {
        Some(path) => path,
        None => artifacts::artifact(contract, "contract")
            .context("cannot locate the contract bundle; pass --bundle <file.contract>")?,
    };
    Ok(Arc::new(ContractBundle::load(&path)?))
}

/// A contract's address from `--contract` or its environment variable.
pub fn contract_address(given: Option<AccountId>, variable: &str) -> Result<AccountId> {
    given.with_context(|| format!("which contract? pass --contract <address> or set {variable}"))
}

async fn run(cli: Cli) -> Result<()> {
    let wait = match cli.wait {
        WaitFor::InBlock => Wait::InBlock,
        WaitFor::Finalized => Wait::Finalized,
    };
    let cx = Context { url: cli.url, suri: cli.suri, wait, out: Output { json: cli.json } };
    match cli.command {
        Command::NodeInfo => node::run(&cx).await,
        Command::Deploy(args) => deploy::run(&cx, args).await,
        Command::Registry(command) => registry::run(&cx, command).await,
        Command::Authenticator(command) => authenticator::run(&cx, command),
        Command::Lending(args) => lending::run(&cx, args).await,
        Command::Advice(args) => advice::run(&cx, args).await,
        Command::Investment(args) => investment::run(&cx, args).await,
        Command::Verifier(command) => verifier::run(&cx, command).await,
        Command::Vault(args) => vault::run(&cx, args).await,
        Command::Index(args) => index::run(&cx, args).await,
    }
}

/// Prints a failure: its sentence on stderr, or with `--json` the sentence
/// and, for the client's typed errors, the error itself.
fn report(error: &anyhow::Error, json: bool) {
    let sentence = format!("{error:#}");
    if json {
        let typed = error.downcast_ref::<fiducia_client::Error>().map(|e| format!("{e:?}"));
        let value = serde_json::json!({ "error": sentence, "kind": typed });
        println!("{}", serde_json::to_string_pretty(&value).unwrap_or(sentence));
    } else {
        eprintln!("error: {sentence}");
    }
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let json = cli.json;
    if let Err(e) = run(cli).await {
        report(&e, json);
        std::process::exit(1);
    }
}
