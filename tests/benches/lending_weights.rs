//! Weight (`gas_required` of a dry-run: ref_time, proof_size) of the lending
//! contract's `invest`, `repay` and `claim` on a loan with 1 investor and on
//! a loan with 1,000 investors, on a fresh dev node. Prints a table; the
//! figures belong in docs/weights.md (flat in the number of investors: every message is O(1), docs/ARCHITECTURE.md#money-rules).
//!
//! `cargo bench --workspace --bench lending_weights` (after
//! `./scripts/build.sh`); `FIDUCIA_BENCH_INVESTORS` changes the 1,000.

use anyhow::{bail, Result};
use fiducia_client::{
    account_of, authenticator::KeyFileAuthenticator, contract::Message, lending::Lending, registry::Registry,
    signer_from_uri, Chain, Keypair, Wait,
};
use fiducia_core::lending::{ledger::MarketTerms, ApplicationLimits, LendingError};
use fiducia_e2e::{bundle, funded_investors, listed_loan, DevNode};
use std::time::{Duration, Instant};

const FID: u128 = 1_000_000_000_000;
const W: Wait = Wait::Finalized;

fn dev(name: &str) -> Keypair {
    signer_from_uri(&format!("//{name}")).expect("dev account")
}

/// Polls `done` every second for up to ten minutes.
async fn wait_for<F, Fut>(what: &str, mut done: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool>>,
{
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(600) {
        if done().await? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    bail!("timed out waiting for {what}")
}

/// Dry-run weight of `message` as `who`.
async fn weight<T: codec::Decode>(
    lending: &Lending,
    message: impl Into<Message<Result<T, LendingError>>>,
    value: u128,
    who: &Keypair,
) -> Result<(u64, u64)> {
    let (_, dry) = lending.dry_run(message, value, who).await?;
    Ok(dry.gas_required)
}

#[tokio::main]
async fn main() -> Result<()> {
    let n: usize = std::env::var("FIDUCIA_BENCH_INVESTORS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000);
    let node = DevNode::start().await?;
    let chain: Chain = node.chain().await?;
    let (alice, bob, charlie) = (dev("Alice"), dev("Bob"), dev("Charlie"));
    // Hour-long periods (grace must be shorter than a period).
    let terms = MarketTerms { min_ticket: FID, period_ms: 3_600_000, grace_ms: 600_000, ..MarketTerms::default() };
    let lending =
        Lending::deploy(&chain, bundle("lending")?, Some((ApplicationLimits::default(), terms)), &alice, W).await?;
    let keys = tempfile::tempdir()?;
    let mut auth = KeyFileAuthenticator::create(&keys.path().join("bob.key"), "fiducia.example")?;
    Registry::new(chain.clone()).register_credential(&account_of(&bob), &auth.credential(), &alice, W).await?;

    // n investors: licensed and funded by Alice.
    let started = Instant::now();
    let investors = funded_investors(&chain, "investor", n, 10 * FID).await?;
    eprintln!("{n} investors licensed and funded in {:.0?}", started.elapsed());

    // Loan A: one investor. Loan B: n investors of 1 FID each.
    let a = listed_loan(&lending, &bob, &mut auth, 1_000 * FID).await?;
    let b = listed_loan(&lending, &bob, &mut auth, n as u128 * FID).await?;
    let invest_1 = weight(&lending, lending.messages().invest(a), 1_000 * FID, &charlie).await?;
    lending.invest(a, 1_000 * FID, &charlie, W).await?;

    let started = Instant::now();
    let invest: Message<_> = lending.messages().invest(b).into();
    let dry = lending.contract().dry_run(&account_of(&investors[0]), &invest, FID).await?;
    for investor in &investors[..n - 1] {
        let call = lending.contract().call_payload(&invest, FID, &dry);
        chain.submit_unwatched(&call, investor, None).await?;
    }
    let expected = (n as u128 - 1) * FID;
    wait_for("investments", || async { Ok(lending.loan(b).await?.map(|l| l.ledger.raised) == Some(expected)) }).await?;
    eprintln!("{} investments in {:.0?}", n - 1, started.elapsed());
    let invest_n = weight(&lending, lending.messages().invest(b), FID, &investors[n - 1]).await?;
    lending.invest(b, FID, &investors[n - 1], W).await?;

    for id in [a, b] {
        lending.activate(id, &alice, W).await?;
        lending.disburse(id, &bob, &mut auth, W).await?;
    }
    let repay_1 = weight(&lending, lending.messages().repay(a), 10 * FID, &bob).await?;
    let repay_n = weight(&lending, lending.messages().repay(b), 10 * FID, &bob).await?;
    lending.repay(a, 10 * FID, &bob, W).await?;
    lending.repay(b, 10 * FID, &bob, W).await?;
    let claim_1 = weight(&lending, lending.messages().claim(a), 0, &charlie).await?;
    let claim_n = weight(&lending, lending.messages().claim(b), 0, &investors[0]).await?;

    println!("| message | 1 investor: ref_time, proof_size | {n} investors: ref_time, proof_size |");
    println!("|---|---|---|");
    for (message, one, many) in
        [("invest", invest_1, invest_n), ("repay", repay_1, repay_n), ("claim", claim_1, claim_n)]
    {
        println!("| `{message}` | {}, {} | {}, {} |", one.0, one.1, many.0, many.1);
    }
    println!("lending wasm: {} bytes", bundle("lending")?.wasm.len());
    Ok(())
}
