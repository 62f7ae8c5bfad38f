//! The weights table, docs/generated/weights.md: run by `scripts/weights.sh`
//! (which first runs the lending, FITM and security e2e flows recording every
//! dry-run, see `fiducia_e2e::weights`), not by hand.
//!
//! 1. **Every message** of the three contracts: the `gas_required` (ref_time,
//!    proof_size) of the successful dry-runs recorded in `FIDUCIA_WEIGHTS_OUT`,
//!    smallest and largest per message — the e2e flows' and this bench's own,
//!    which first walks the messages those flows do not reach (withdrawals,
//!    expiries, lapses, closing and reclaiming). A message with no successful
//!    dry-run fails the bench (after the file is written, which names it).
//! 2. **Flat in the number of investors**: `invest` (the ticket that completes
//!    funding), `repay` and `claim` on loans with 1, 100, 1,000 and 10,000
//!    investors (`FIDUCIA_BENCH_INVESTORS` lowers the largest), on the same
//!    fresh dev node; the largest must be within 5 % of the loan with one
//!    investor, or the bench fails.
//! 3. The size of each contract's wasm.

use anyhow::{bail, Context, Result};
use fiducia_client::{
    account_of, advice::Advice, contract::Message, investment::Investment, lending::Lending, signer_from_uri, Chain,
    Keypair,
};
use fiducia_core::{
    lending::{ledger::MarketTerms, LendingError, LoanId},
    trust::{
        agreement::AgreementTerms,
        authorization::Rights,
        params::{AdviceParams, InvestmentParams},
        Verdict,
    },
};
use fiducia_e2e::{
    bundle, funded_investors, sign, signing_block, submit_all,
    weights::{declared, Sample, OUT_ENV},
    BenchMarket, DevNode,
};
use fiducia_ink_build::CONTRACTS;
use futures::{StreamExt, TryStreamExt};
use std::{
    collections::BTreeMap,
    fmt::Write as _,
    path::PathBuf,
    time::{Duration, Instant},
};

const FID: u128 = 1_000_000_000_000;
const W: fiducia_client::Wait = fiducia_client::Wait::Finalized;
/// Investors per loan in the flatness table.
const INVESTOR_COUNTS: [usize; 4] = [1, 100, 1_000, 10_000];
/// The largest may weigh at most this much more than one investor's loan.
const FLAT: f64 = 1.05;
/// Investments submitted before waiting for them (the pool's ready limit is 8,192).
const CHUNK: usize = 2_000;
/// A dry-run weight: (ref_time, proof_size).
type Weight = (u64, u64);

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

/// Dry-run weight of a lending message as `who` (it must succeed).
async fn weight<T: codec::Decode>(
    lending: &Lending,
    message: impl Into<Message<Result<T, LendingError>>>,
    value: u128,
    who: &Keypair,
) -> Result<Weight> {
    let (_, dry) = lending.dry_run(message, value, who).await?;
    Ok(dry.gas_required)
}

/// `invest`, `repay`, `claim` on one loan.
struct Row {
    investors: usize,
    invest: Weight,
    repay: Weight,
    claim: Weight,
}

/// Funds a loan with `investors` (the first one alone, with the whole
/// principal, when there is only one), measures the completing ticket.
async fn funded_loan(market: &mut BenchMarket, chain: &Chain, investors: &[Keypair]) -> Result<(LoanId, Weight)> {
    let lending = market.lending.clone();
    let ticket = if investors.len() == 1 { 100 * FID } else { FID };
    let loan = market.listed_loan(ticket * investors.len() as u128).await?;
    let (last, rest) = investors.split_last().context("a loan needs an investor")?;
    if let Some(first) = rest.first() {
        let invest: Message<_> = lending.messages().invest(loan).into();
        let dry = lending.contract().dry_run(&account_of(first), &invest, ticket).await?;
        // Every pre-signed call gets this dry-run's gas: it must be a success.
        dry.decode_result::<(), LendingError>()?;
        let call = lending.contract().call_payload(&invest, ticket, &dry);
        let at = signing_block(chain).await?;
        let mut raised = 0;
        for chunk in rest.chunks(CHUNK) {
            let nonces: Vec<u64> = futures::stream::iter(chunk)
                .map(|who| async move { chain.account_nonce(&account_of(who)).await })
                .buffered(64)
                .try_collect()
                .await?;
            let signed = chunk
                .iter()
                .zip(nonces)
                .map(|(who, nonce)| sign(&at, &call, who, nonce))
                .collect::<Result<Vec<_>>>()?;
            if submit_all(chain, &signed).await.iter().any(|(_, accepted, _)| !accepted) {
                bail!("the pool refused an investment");
            }
            raised += ticket * chunk.len() as u128;
            wait_for("investments", || async {
                Ok(lending.loan(loan).await?.map(|l| l.ledger.raised) == Some(raised))
            })
            .await?;
        }
    }
    let invest = weight(&lending, lending.messages().invest(loan), ticket, last).await?;
    lending.invest(loan, ticket, last, W).await?;
    Ok((loan, invest))
}

/// The flatness table. Investors are funded and their tickets submitted
/// over a connection of their own (`bulk`): tens of thousands of requests
/// on the market's connection left its client unable to read the latest
/// block afterwards ("cannot find the block header", twice at 10,000).
async fn flatness(chain: &Chain, bulk: &Chain, largest: usize) -> Result<Vec<Row>> {
    let alice = signer_from_uri("//Alice")?;
    let mut market = BenchMarket::open(chain, BenchMarket::terms()).await?;
    let mut counts: Vec<usize> = INVESTOR_COUNTS.into_iter().filter(|&n| n < largest).collect();
    counts.push(largest);
    let started = Instant::now();
    let mut investors = vec![signer_from_uri("//Charlie")?];
    investors.extend(funded_investors(bulk, "investor", largest, 10 * FID).await?);
    eprintln!("{largest} investors licensed and funded in {:.0?}", started.elapsed());

    let mut loans = Vec::new();
    for &n in &counts {
        let started = Instant::now();
        // The single investor is Charlie (a dev account); the others, the funded ones.
        let who = if n == 1 { &investors[..1] } else { &investors[1..=n] };
        let (loan, invest) = funded_loan(&mut market, bulk, who).await?;
        eprintln!("loan with {n} investor(s) funded in {:.0?}", started.elapsed());
        loans.push((n, loan, invest, who[0].clone()));
    }
    // Disbursed together and repaid together: the same accrual for every loan.
    let lending = market.lending.clone();
    for (_, loan, ..) in &loans {
        lending.activate(*loan, &alice, W).await?;
        lending.disburse(*loan, &market.borrower, &mut market.auth, W).await?;
    }
    let mut rows = Vec::new();
    for (investors, loan, invest, first) in loans {
        let repay = weight(&lending, lending.messages().repay(loan), FID, &market.borrower).await?;
        lending.repay(loan, FID, &market.borrower, W).await?;
        let claim = weight(&lending, lending.messages().claim(loan), 0, &first).await?;
        rows.push(Row { investors, invest, repay, claim });
    }
    Ok(rows)
}

/// Waits until the chain's clock is past `deadline` (ms).
async fn wait_past(chain: &Chain, deadline: u64) -> Result<()> {
    wait_for("the deadline", || async { Ok(chain.timestamp().await? > deadline) }).await
}

/// The lending messages the e2e flows do not call (the contract's unit
/// tests cover them): `reject`, `withdraw`, `expire`, `refund` and the views
/// `loans`, `limits`, `terms` — on a market with a 30-second funding window.
async fn lending_rest(chain: &Chain) -> Result<()> {
    let (alice, charlie) = (signer_from_uri("//Alice")?, signer_from_uri("//Charlie")?);
    let terms = MarketTerms { funding_window_ms: 30_000, ..BenchMarket::terms() };
    let mut market = BenchMarket::open(chain, terms).await?;
    let lending = market.lending.clone();
    let rejected = market.applied_loan(100 * FID).await?;
    lending.reject(rejected, &alice, W).await?;
    let loan = market.listed_loan(100 * FID).await?;
    lending.invest(loan, 20 * FID, &charlie, W).await?;
    lending.withdraw(loan, 10 * FID, &charlie, W).await?;
    let deadline = lending.loan(loan).await?.context("the loan")?.ledger.deadline;
    wait_past(chain, deadline).await?;
    lending.expire(loan, &alice, W).await?;
    lending.refund(loan, &charlie, W).await?;
    lending.loans(0, 10).await?;
    lending.limits().await?;
    lending.terms().await?;
    Ok(())
}

/// The advice and investment messages the e2e flows do not call
/// successfully, with 20-second windows: closing a product and taking its
/// bond back, withdrawing a request, reclaiming a revoked advisor's deposit,
/// closing a case, a product dispute that lapses, withdrawing a template and
/// its bond, joining a template's compensation pool and claiming from it,
/// and the views.
async fn fitm_rest(chain: &Chain) -> Result<()> {
    const WINDOW: u64 = 20_000;
    let dev = |name: &str| signer_from_uri(&format!("//{name}"));
    let (alice, bob, charlie, dave, eve, ferdie) =
        (dev("Alice")?, dev("Bob")?, dev("Charlie")?, dev("Dave")?, dev("Eve")?, dev("Ferdie")?);
    let params = AdviceParams {
        ruling_window_ms: WINDOW,
        claim_window_ms: WINDOW,
        revocation_cooldown_ms: WINDOW,
        ..AdviceParams::default()
    };
    let advice = Advice::deploy(chain, bundle("advice")?, Some(params), &alice, W).await?;
    // A pool's claim window must outlast an agreement's whole life (two
    // signing windows, the cooling-off and a ruling).
    let agreement = AgreementTerms { signing_window_ms: 5_000, cooling_off_ms: 5_000, ..AgreementTerms::default() };
    let claim_window_ms = 2 * agreement.signing_window_ms + agreement.cooling_off_ms + WINDOW;
    let params =
        InvestmentParams { ruling_window_ms: WINDOW, claim_window_ms, agreement, ..InvestmentParams::default() };
    let investment =
        Investment::deploy(chain, bundle("investment")?, advice.address(), Some(params), &alice, W).await?;
    let both = Rights { advisory: true, signing: true };
    let advisor = account_of(&charlie);

    // The product every case is about: described, open, Charlie authorized.
    let product = advice.publish_product(&bob, W).await?.value;
    advice.add_attribute(product, "risk", "4 of 7", &bob, W).await?;
    advice.add_promise(product, "the bond compensates proven fraud", &bob, W).await?;
    advice.open_product(product, &bob, W).await?;
    advice.request_authorization(product, &charlie, W).await?;
    advice.authorize(product, &advisor, both, [1; 32], &bob, W).await?;
    advice.attribute(product, 0).await?;
    advice.promise(product, 0).await?;
    advice.product_owner(product).await?;

    // A request withdrawn, then the product closed and its bond taken back.
    let closed = advice.publish_product(&bob, W).await?.value;
    advice.request_authorization(closed, &charlie, W).await?;
    advice.withdraw_request(closed, &charlie, W).await?;
    advice.close_product(closed, &bob, W).await?;
    advice.withdraw_bond(closed, &bob, W).await?;
    // An advisor revoked: its deposit waits out the cool-down.
    let revoked = advice.publish_product(&bob, W).await?.value;
    advice.request_authorization(revoked, &charlie, W).await?;
    advice.authorize(revoked, &advisor, both, [1; 32], &bob, W).await?;
    advice.revoke(revoked, &advisor, &bob, W).await?;

    // A case closed by its customer.
    let case = advice.open_case(product, &advisor, &dave, W).await?.value;
    advice.close_case(case, &dave, W).await?;

    // A template withdrawn and its bond taken back.
    let withdrawn = investment.release_template(product, [8; 32], &bob, W).await?.value;
    investment.withdraw_template(withdrawn, &bob, W).await?;
    investment.withdraw_template_bond(withdrawn, &bob, W).await?;
    // Template fraud upheld: Dave, who checked it before, joins its pool.
    let template = investment.release_template(product, [7; 32], &bob, W).await?.value;
    let checked = advice.open_case(product, &advisor, &dave, W).await?.value;
    investment.check_template(checked, template, Verdict::Ok, &dave, W).await?;
    let reporting = advice.open_case(product, &advisor, &eve, W).await?.value;
    investment.check_template(reporting, template, Verdict::Fraud([9; 32]), &eve, W).await?;
    let dispute = investment.counts().await?.2.checked_sub(1).context("the template dispute")?;
    investment.rule(dispute, true, [8; 32], &ferdie, W).await?;
    let pool_opened = chain.timestamp().await?;
    investment.join_pool(template, checked, &dave, W).await?;
    investment.pool_member(template, &account_of(&dave)).await?;
    investment.check(checked, template).await?;
    investment.advice().await?;

    // A product dispute nobody rules on.
    let lapsing = advice.open_case(product, &advisor, &eve, W).await?.value;
    advice.check_product(lapsing, Verdict::Fraud([9; 32]), &eve, W).await?;
    advice.case_view(lapsing).await?;
    advice.pool_member(product, &account_of(&eve)).await?;
    let ruling_due = advice.dispute(lapsing).await?.context("the product dispute")?.dispute.deadline;

    wait_past(chain, ruling_due.max(pool_opened + claim_window_ms)).await?;
    advice.lapse_dispute(lapsing, &ferdie, W).await?;
    advice.reclaim_deposit(revoked, &charlie, W).await?;
    investment.claim_compensation(template, &dave, W).await?;
    Ok(())
}

/// Smallest and largest of the successful dry-runs of one message.
#[derive(Default)]
struct Range {
    runs: usize,
    refused: usize,
    ref_time: Option<(u64, u64)>,
    proof_size: Option<(u64, u64)>,
}

fn widen(range: &mut Option<(u64, u64)>, value: u64) {
    *range = Some(match *range {
        Some((low, high)) => (low.min(value), high.max(value)),
        None => (value, value),
    });
}

/// `1234567` as `1,234,567`.
fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn span(range: Option<(u64, u64)>) -> String {
    match range {
        Some((low, high)) if low == high => grouped(low),
        Some((low, high)) => format!("{} – {}", grouped(low), grouped(high)),
        None => "—".to_string(),
    }
}

fn pair((ref_time, proof_size): Weight) -> String {
    format!("{} / {}", grouped(ref_time), grouped(proof_size))
}

/// What this machine is, for the reader of the figures.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    format!("{cores} cores, {cpu}")
}

#[tokio::main]
async fn main() -> Result<()> {
    let samples_path = std::env::var_os(OUT_ENV).map(PathBuf::from).with_context(|| {
        format!("{OUT_ENV} is not set: run scripts/weights.sh, which records the e2e flows' dry-runs first")
    })?;
    let largest: usize = std::env::var("FIDUCIA_BENCH_INVESTORS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    if largest < 100 {
        bail!("FIDUCIA_BENCH_INVESTORS must be at least 100 (a loan's principal is at least 100 FID of 1 FID tickets)");
    }
    let node = DevNode::start().await?;
    let chain = node.chain().await?;
    let started = Instant::now();
    lending_rest(&chain).await?;
    fitm_rest(&chain).await?;
    eprintln!("the messages the e2e flows do not reach measured in {:.0?}", started.elapsed());
    let started = Instant::now();
    let rows = flatness(&chain, &node.chain().await?, largest).await?;
    eprintln!("flatness measured in {:.0?}", started.elapsed());

    let text = std::fs::read_to_string(&samples_path)
        .with_context(|| format!("{}: no recorded dry-runs", samples_path.display()))?;
    let mut ranges: BTreeMap<(String, String), Range> = BTreeMap::new();
    for sample in text.lines().filter_map(Sample::parse) {
        let range = ranges.entry((sample.contract, sample.message)).or_default();
        if sample.reverted {
            range.refused += 1;
        } else {
            range.runs += 1;
            widen(&mut range.ref_time, sample.ref_time);
            widen(&mut range.proof_size, sample.proof_size);
        }
    }

    let mut doc = String::new();
    let mut problems = Vec::new();
    writeln!(doc, "<!-- Generated by scripts/weights.sh (tests/benches/weights.rs). Do not edit. -->")?;
    writeln!(doc, "# Contract weights and sizes (generated)\n")?;
    writeln!(
        doc,
        "Measured on a `--dev` node, {}. Weight = the `gas_required` of a dry-run: \
         ref_time (picoseconds of reference time) / proof_size (bytes). How to read and \
         re-make this file: [`../weights.md`](../weights.md).\n",
        machine()
    )?;
    writeln!(doc, "## Wasm sizes\n\n| contract | bytes |\n|---|---:|")?;
    for contract in CONTRACTS {
        writeln!(doc, "| {contract} | {} |", grouped(bundle(contract)?.wasm.len() as u64))?;
    }

    writeln!(doc, "\n## Flat in the number of investors\n")?;
    writeln!(
        doc,
        "One loan per column, funded by that many investors (1 FID tickets; the single investor \
         funds 100 FID), disbursed together, each repaid 1 FID. `invest` is the ticket that \
         completes funding, `claim` the first investor's. ref_time / proof_size:\n"
    )?;
    let mut header = "| message |".to_string();
    let mut rule = "|---|".to_string();
    for row in &rows {
        write!(header, " {} investor{} |", grouped(row.investors as u64), if row.investors == 1 { "" } else { "s" })?;
        rule.push_str("---:|");
    }
    writeln!(doc, "{header} largest ÷ one |\n{rule}---:|")?;
    for (message, pick) in [
        ("invest", (|r: &Row| r.invest) as fn(&Row) -> Weight),
        ("repay", |r: &Row| r.repay),
        ("claim", |r: &Row| r.claim),
    ] {
        let mut line = format!("| `{message}` |");
        for row in &rows {
            write!(line, " {} |", pair(pick(row)))?;
        }
        let (one, most) = (pick(&rows[0]), pick(&rows[rows.len() - 1]));
        let ratio = |a: u64, b: u64| a as f64 / b.max(1) as f64;
        let (r, p) = (ratio(most.0, one.0), ratio(most.1, one.1));
        writeln!(line, " {r:.3} / {p:.3} |")?;
        doc.push_str(&line);
        if r > FLAT || p > FLAT {
            problems.push(format!("`{message}` grows with investors: {r:.3} / {p:.3} × the one-investor loan"));
        }
    }

    writeln!(doc, "\n## Every message\n")?;
    writeln!(
        doc,
        "From every dry-run the client made in the lending, FITM and security e2e tests (not in \
         the `fiducia` CLI processes they start) and in this bench (`scripts/weights.sh`): \
         smallest – largest of the successful ones (a message's weight depends on its path: a \
         first investment, a late payment, a ruling that opens the pool); `runs` counts them, \
         `refused` the dry-runs the contract refused. Views are read-only messages (RPC cost, \
         never in a block).\n"
    )?;
    for contract in CONTRACTS {
        writeln!(doc, "### {contract}\n")?;
        writeln!(doc, "| message | kind | ref_time | proof_size | runs | refused |\n|---|---|---:|---:|---:|---:|")?;
        for message in declared(contract)? {
            let range = ranges.remove(&(contract.to_string(), message.label.clone())).unwrap_or_default();
            if range.runs == 0 {
                problems.push(format!(
                    "{contract}.{} has no successful dry-run in the e2e tests or the bench",
                    message.label
                ));
            }
            writeln!(
                doc,
                "| `{}` | {} | {} | {} | {} | {} |",
                message.label,
                if message.mutates { "call" } else { "view" },
                span(range.ref_time),
                span(range.proof_size),
                range.runs,
                range.refused
            )?;
        }
        writeln!(doc)?;
    }
    if !problems.is_empty() {
        writeln!(doc, "## Not as required\n")?;
        for problem in &problems {
            writeln!(doc, "- {problem}")?;
        }
    }
    let path = fiducia_e2e::weights::table();
    std::fs::create_dir_all(path.parent().context("output has a folder")?)?;
    std::fs::write(&path, doc)?;
    eprintln!("wrote {}", path.display());
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}
