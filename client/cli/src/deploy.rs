//! `fiducia deploy`: upload and instantiate a contract (its code must be
//! certified on chain first, `fiducia registry certify`).

use crate::{load_bundle, parse, Context};
use anyhow::{Context as _, Result};
use clap::ValueEnum;
use fiducia_client::{advice::Advice, investment::Investment, lending::Lending, AccountId};
use std::path::PathBuf;

/// The contracts `fiducia deploy` knows.
#[derive(Clone, Copy, ValueEnum)]
pub enum Which {
    /// Student loans.
    Lending,
    /// FITM products, advisors, cases.
    Advice,
    /// FITM templates and agreements (reads an advice contract).
    Investment,
}

/// `fiducia deploy <contract>`.
#[derive(clap::Args)]
pub struct Args {
    /// Which contract.
    #[arg(value_enum)]
    contract: Which,
    /// The bundle (default: the one `fiducia-ink-build` produced).
    #[arg(long)]
    bundle: Option<PathBuf>,
    /// For `investment`: the advice contract it reads cases from.
    #[arg(long, env = "FIDUCIA_ADVICE", value_parser = parse::account)]
    advice: Option<AccountId>,
}

/// Deploys the contract with its default parameters.
pub async fn run(cx: &Context, args: Args) -> Result<()> {
    let (chain, signer) = (cx.chain().await?, cx.signer()?);
    let name = match args.contract {
        Which::Lending => "lending",
        Which::Advice => "advice",
        Which::Investment => "investment",
    };
    let bundle = load_bundle(name, args.bundle)?;
    let address = match args.contract {
        Which::Lending => *Lending::deploy(&chain, bundle, None, &signer, cx.wait).await?.address(),
        Which::Advice => *Advice::deploy(&chain, bundle, None, &signer, cx.wait).await?.address(),
        Which::Investment => {
            let advice =
                args.advice.context("an investment contract reads an advice contract: pass --advice <address>")?;
            *Investment::deploy(&chain, bundle, &advice, None, &signer, cx.wait).await?.address()
        },
    };
    cx.out
        .show(&serde_json::json!({ "contract": name, "address": address }), |_| format!("{name} deployed at {address}"))
}
