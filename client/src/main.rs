//! `fiducia`: the command-line program of Fiducia's participants.
//!
//! Every command prints a human-readable result, or JSON with `--json`.
//! Errors are printed as one clear sentence and the exit status is non-zero.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use fiducia_client::{
    amount,
    artifacts,
    contract::ContractBundle,
    lending::Lending,
    signer_from_uri, AccountId, Chain, Wait,
};
use serde::Serialize;
use std::{path::PathBuf, str::FromStr, sync::Arc};

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
    #[arg(long, global = true, value_enum, default_value_t = Wait::Finalized)]
    wait: Wait,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the chain, node and runtime the endpoint serves.
    NodeInfo,
    /// Upload and instantiate a contract from its `.contract` bundle.
    Deploy {
        /// Which contract.
        #[arg(value_parser = ["lending"])]
        contract: String,
        /// The bundle (default: the one `fiducia-ink-build` produced).
        #[arg(long)]
        bundle: Option<PathBuf>,
    },
    /// Student loans.
    #[command(subcommand)]
    Lending(LendingCommand),
}

#[derive(Subcommand)]
enum LendingCommand {
    /// Apply for a loan (as the signer).
    Apply {
        /// Address of the lending contract.
        #[arg(long)]
        contract: String,
        /// Principal: smallest units (`1500`) or tokens (`1500 FID`).
        #[arg(long)]
        amount: String,
        /// Term in months.
        #[arg(long)]
        term: u16,
        /// Commitment to the off-chain application data (32 bytes, hex).
        #[arg(long)]
        commitment: String,
        /// The bundle (default: the one `fiducia-ink-build` produced).
        #[arg(long)]
        bundle: Option<PathBuf>,
    },
    /// Show one loan.
    Loan {
        /// Address of the lending contract.
        #[arg(long)]
        contract: String,
        /// Loan id.
        id: u64,
        /// The bundle (default: the one `fiducia-ink-build` produced).
        #[arg(long)]
        bundle: Option<PathBuf>,
    },
    /// List loans, a page at a time.
    Loans {
        /// Address of the lending contract.
        #[arg(long)]
        contract: String,
        /// First loan id.
        #[arg(long, default_value_t = 0)]
        start: u64,
        /// Page size (at most 50).
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// The bundle (default: the one `fiducia-ink-build` produced).
        #[arg(long)]
        bundle: Option<PathBuf>,
    },
}

fn load_bundle(contract: &str, path: Option<PathBuf>) -> Result<Arc<ContractBundle>> {
    let path = match path {
        Some(path) => path,
        None => artifacts::artifact(contract, "contract")
            .context("cannot locate the contract bundle; pass --bundle")?,
    };
    Ok(Arc::new(ContractBundle::load(&path)?))
}

fn parse_account(text: &str) -> Result<AccountId> {
    AccountId::from_str(text).map_err(|e| anyhow::anyhow!("`{text}` is not an SS58 address: {e}"))
}

fn parse_commitment(text: &str) -> Result<[u8; 32]> {
    let bytes = hex::decode(text.trim_start_matches("0x"))
        .with_context(|| format!("commitment `{text}` is not hex"))?;
    match <[u8; 32]>::try_from(bytes) {
        Ok(commitment) => Ok(commitment),
        Err(bytes) => bail!("the commitment must be 32 bytes, got {}", bytes.len()),
    }
}

/// Prints `value` as JSON, or `human` otherwise.
fn output<T: Serialize>(json: bool, value: &T, human: impl FnOnce(&T) -> String) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        println!("{}", human(value));
    }
    Ok(())
}

fn describe_loan(loan: &fiducia_client::lending::Loan) -> String {
    format!(
        "loan #{}: {} over {} months for {}, status {:?}",
        loan.id,
        amount::format(loan.amount),
        loan.term_months,
        loan.borrower,
        loan.status
    )
}

async fn run(cli: Cli) -> Result<()> {
    let chain = Chain::connect(&cli.url).await?;
    match cli.command {
        Command::NodeInfo => {
            let info = chain.node_info().await?;
            output(cli.json, &info, |i| {
                format!(
                    "chain {}\nnode {} {}\nruntime {}\ngenesis {}\nfinalized #{}\npeers {}",
                    i.chain, i.node_name, i.node_version, i.runtime, i.genesis_hash, i.finalized_block, i.peers
                )
            })
        },
        Command::Deploy { contract, bundle } => {
            let signer = signer_from_uri(&cli.suri)?;
            let bundle = load_bundle(&contract, bundle)?;
            let lending = Lending::deploy(&chain, bundle, None, &signer, cli.wait).await?;
            let address = lending.contract().address().to_string();
            output(cli.json, &serde_json::json!({ "contract": contract, "address": address }), |_| {
                format!("{contract} deployed at {address}")
            })
        },
        Command::Lending(cmd) => lending(cli.json, &cli.suri, cli.wait, chain, cmd).await,
    }
}

async fn lending(json: bool, suri: &str, wait: Wait, chain: Chain, cmd: LendingCommand) -> Result<()> {
    match cmd {
        LendingCommand::Apply { contract, amount: text, term, commitment, bundle } => {
            let lending = Lending::at(chain, parse_account(&contract)?, load_bundle("lending", bundle)?);
            let signer = signer_from_uri(suri)?;
            let applied = lending
                .apply(amount::parse(&text)?, term, parse_commitment(&commitment)?, &signer, wait)
                .await?;
            output(json, &applied, |a| {
                format!(
                    "applied: loan #{} for {} over {} months (block {:?})",
                    a.event.id,
                    amount::format(a.event.amount),
                    a.event.term_months,
                    a.block_hash
                )
            })
        },
        LendingCommand::Loan { contract, id, bundle } => {
            let lending = Lending::at(chain, parse_account(&contract)?, load_bundle("lending", bundle)?);
            match lending.loan(id).await? {
                Some(loan) => output(json, &loan, describe_loan),
                None => bail!("there is no loan #{id}"),
            }
        },
        LendingCommand::Loans { contract, start, limit, bundle } => {
            let lending = Lending::at(chain, parse_account(&contract)?, load_bundle("lending", bundle)?);
            let loans = lending.loans(start, limit).await?;
            output(json, &loans, |loans| {
                if loans.is_empty() {
                    return "no loans".into();
                }
                loans.iter().map(describe_loan).collect::<Vec<_>>().join("\n")
            })
        },
    }
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
