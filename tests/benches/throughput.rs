//! Throughput: how many lending `invest` calls and how many
//! `transfer_keep_alive` transfers one Fiducia chain settles per second, side
//! by side, on this machine (`docs/performance.md`).
//!
//! A fresh node (or the four-verifier `local` network) gets one lending
//! contract with several listed loans and many licensed, funded investors.
//! Then, for each kind, N calls are signed in advance (each investor signs
//! its share with consecutive nonces), submitted at full speed, and only
//! what lands in *finalized* blocks counts, the way sTPS tools measure.
//! Printed per kind: calls landed and failed, sustained calls/s over the
//! blocks that carried them, p50/p95 time from submission to inclusion (best
//! block) and to finality, and how full those blocks were (ref_time and
//! proof_size of the normal class, against its limits, and why the proposer
//! closed each block). Then the ratio invest/transfer.
//!
//! ```sh
//! cargo bench -p fiducia-e2e --bench throughput                        # dev node, 2,000 of each
//! FIDUCIA_BENCH_CALLS=4000 cargo bench -p fiducia-e2e --bench throughput
//! FIDUCIA_BENCH_NETWORK=local cargo bench -p fiducia-e2e --bench throughput   # 4 verifiers
//! ```
//! (after `./scripts/build.sh`; not a test: it prints figures.)

use anyhow::{bail, Context, Result};
use fiducia_client::{account_of, contract::Message, runtime, signer_from_uri, Chain, Keypair};
use fiducia_e2e::{
    bundle, certify_contracts, cli, funded_investors, network::LocalNet, sign, signing_block, submit_all, BenchMarket,
    DevNode, Signed,
};
use std::{
    collections::{BTreeMap, HashMap, HashSet},
    time::{Duration, Instant},
};
use subxt::utils::{MultiAddress, H256};

const FID: u128 = 1_000_000_000_000;
/// Calls each investor signs per kind.
const PER_SENDER: usize = 10;
/// Loans the investments are spread over.
const LOANS: usize = 8;
/// How long a batch may go without a new finalized call before it is over.
const QUIET: Duration = Duration::from_secs(40);

fn dev(name: &str) -> Keypair {
    signer_from_uri(&format!("//{name}")).expect("dev account")
}

/// The node(s) under test; dropping it stops them.
enum Nodes {
    Dev(DevNode),
    Local(LocalNet),
}

impl Nodes {
    async fn start() -> Result<Nodes> {
        match std::env::var("FIDUCIA_BENCH_NETWORK").as_deref() {
            Ok("local") => {
                let net = LocalNet::start().await?;
                certify_contracts(&net.chain(1).await?).await?;
                Ok(Nodes::Local(net))
            },
            Ok("dev") | Err(_) => Ok(Nodes::Dev(DevNode::start().await?)),
            Ok(other) => bail!("FIDUCIA_BENCH_NETWORK is `dev` or `local`, not {other:?}"),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Nodes::Dev(_) => "dev node (1 verifier)",
            Nodes::Local(_) => "local network (4 verifiers)",
        }
    }

    async fn chain(&self) -> Result<Chain> {
        match self {
            Nodes::Dev(node) => node.chain().await,
            Nodes::Local(net) => net.chain(1).await,
        }
    }

    /// The log of the node the calls are submitted to (it authors every
    /// block on `--dev`, one in four on `local`).
    fn log(&self) -> String {
        match self {
            Nodes::Dev(node) => node.log(),
            Nodes::Local(net) => net.nodes[0].log(),
        }
    }
}

/// What became of one batch.
#[derive(Default)]
struct Batch {
    submitted: usize,
    refused: usize,
    submit_time: Duration,
    landed: usize,
    failed: usize,
    /// When each call was first seen in a best block, and in a finalized one.
    included_at: HashMap<H256, Instant>,
    finalized_at: HashMap<H256, Instant>,
    /// `ref_time` the finalized successful calls were charged (their
    /// `ExtrinsicSuccess` dispatch info), summed.
    charged: u64,
    /// Blocks that carried the batch: number → (ours, timestamp, ref_time, proof_size).
    blocks: BTreeMap<u64, (usize, u64, u64, u64)>,
}

/// Polls the node's best and finalized heads every 100 ms, noting when each
/// call of `ours` first appears in a best block and in a finalized block,
/// until every call is finalized or nothing new is finalized for [`QUIET`]
/// (a call seen only in a best block that was then replaced has no
/// inclusion time; the report counts them).
async fn track(chain: &Chain, ours: &HashSet<H256>, mut best: u64, mut finalized: u64) -> Result<Batch> {
    let mut batch = Batch::default();
    let mut last_progress = Instant::now();
    while batch.landed + batch.failed < ours.len() && last_progress.elapsed() < QUIET {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let heads = fiducia_e2e::network::heads_of(chain).await?;
        while best < heads.best {
            best += 1;
            let at = chain.api().at_block(best).await?;
            let now = Instant::now();
            for ext in at.extrinsics().fetch().await?.iter() {
                let hash = ext?.hash();
                if ours.contains(&hash) {
                    batch.included_at.entry(hash).or_insert(now);
                }
            }
        }
        while finalized < heads.finalized {
            finalized += 1;
            let at = chain.api().at_block(finalized).await?;
            let now = Instant::now();
            let mut mine = HashMap::new();
            for ext in at.extrinsics().fetch().await?.iter() {
                let ext = ext?;
                if ours.contains(&ext.hash()) {
                    mine.insert(ext.index() as u32, ext.hash());
                }
            }
            if mine.is_empty() {
                continue;
            }
            last_progress = now;
            for event in at.events().fetch().await?.iter() {
                let event = event?;
                let subxt::events::Phase::ApplyExtrinsic(i) = event.phase() else { continue };
                let Some(hash) = mine.get(&i) else { continue };
                if let Some(success) = event.decode_fields_as::<runtime::system::events::ExtrinsicSuccess>() {
                    batch.landed += 1;
                    batch.charged += success?.dispatch_info.weight.ref_time;
                    batch.finalized_at.insert(*hash, now);
                } else if event.pallet_name() == "System" && event.event_name() == "ExtrinsicFailed" {
                    batch.failed += 1;
                }
            }
            let weight = at.storage().entry(runtime::storage().system().block_weight())?.fetch(()).await?.decode()?;
            let now_ms: u64 = at.storage().entry(runtime::storage().timestamp().now())?.fetch(()).await?.decode()?;
            batch.blocks.insert(finalized, (mine.len(), now_ms, weight.normal.ref_time, weight.normal.proof_size));
        }
    }
    Ok(batch)
}

/// Submits every call at full speed (64 requests in flight) while tracking;
/// returns the batch and when the node accepted each call.
async fn run(chain: &Chain, calls: &[Signed]) -> Result<(Batch, HashMap<H256, Instant>)> {
    let heads = fiducia_e2e::network::heads_of(chain).await?;
    let ours: HashSet<H256> = calls.iter().map(|c| c.hash).collect();
    let tracker = {
        let chain = chain.clone();
        tokio::spawn(async move { track(&chain, &ours, heads.best, heads.finalized).await })
    };
    let start = Instant::now();
    let answers = submit_all(chain, calls).await;
    let submit_time = start.elapsed();
    let mut batch = tracker.await??;
    batch.submitted = calls.len();
    batch.refused = answers.iter().filter(|(_, accepted, _)| !accepted).count();
    batch.submit_time = submit_time;
    let submitted_at = answers.into_iter().filter(|(_, accepted, _)| *accepted).map(|(h, _, at)| (h, at)).collect();
    Ok((batch, submitted_at))
}

/// Times from each call's submission (the node's answer to it) to `seen`.
fn latencies(submitted_at: &HashMap<H256, Instant>, seen: &HashMap<H256, Instant>) -> Vec<Duration> {
    seen.iter()
        .filter_map(|(hash, at)| submitted_at.get(hash).map(|sent| at.saturating_duration_since(*sent)))
        .collect()
}

fn percentile(values: &mut [Duration], p: usize) -> Duration {
    if values.is_empty() {
        return Duration::ZERO;
    }
    values.sort();
    values[(values.len() - 1) * p / 100]
}

/// `(name, count)` of the proposer's end reasons for blocks `numbers`, from
/// the node's "Prepared block for proposing at N (T ms) … end: R" lines, and
/// the mean proposing time.
fn proposer(log: &str, numbers: &[u64]) -> (BTreeMap<String, usize>, f64) {
    let mut reasons = BTreeMap::new();
    let (mut total_ms, mut count) = (0.0, 0);
    for line in log.lines() {
        let Some(rest) = line.split("Prepared block for proposing at ").nth(1) else { continue };
        let Some((number, rest)) = rest.split_once(" (") else { continue };
        let Ok(number) = number.parse::<u64>() else { continue };
        if !numbers.contains(&number) {
            continue;
        }
        if let Some(ms) = rest.split_once(" ms)").and_then(|(ms, _)| ms.parse::<f64>().ok()) {
            total_ms += ms;
            count += 1;
        }
        if let Some(reason) = rest.split("end: ").nth(1).and_then(|r| r.split(';').next()) {
            *reasons.entry(reason.trim().to_string()).or_insert(0) += 1;
        }
    }
    (reasons, if count == 0 { 0.0 } else { total_ms / f64::from(count) })
}

/// Prints one batch's figures; returns its sustained calls per second and
/// its capacity (the fullest block's calls per block time).
fn report(
    kind: &str,
    (batch, submitted_at): (Batch, HashMap<H256, Instant>),
    limits: (u64, u64),
    log: &str,
) -> (f64, f64) {
    let numbers: Vec<u64> = batch.blocks.keys().copied().collect();
    let (first, last) = (batch.blocks.values().next(), batch.blocks.values().last());
    // Block time from the timestamps; the batch spans its blocks' slots.
    let slot_ms = match (first, last, numbers.first(), numbers.last()) {
        (Some(f), Some(l), Some(a), Some(b)) if b > a => (l.1 - f.1) as f64 / (b - a) as f64,
        _ => 2_000.0,
    };
    let span_ms = slot_ms * (numbers.last().unwrap_or(&0) - numbers.first().unwrap_or(&0) + 1) as f64;
    let rate = batch.landed as f64 / (span_ms / 1_000.0);
    let blocks = batch.blocks.len().max(1) as f64;
    let fill = |pick: fn(&(usize, u64, u64, u64)) -> u64, limit: u64| {
        let mean = batch.blocks.values().map(pick).sum::<u64>() as f64 / blocks;
        let max = batch.blocks.values().map(pick).max().unwrap_or(0) as f64;
        (100.0 * mean / limit as f64, 100.0 * max / limit as f64)
    };
    let (ref_mean, ref_max) = fill(|b| b.2, limits.0);
    let (proof_mean, proof_max) = fill(|b| b.3, limits.1);
    let per_block = batch.blocks.values().map(|b| b.0).max().unwrap_or(0);
    let capacity = per_block as f64 / (slot_ms / 1_000.0);
    let (reasons, proposing_ms) = proposer(log, &numbers);
    println!("{kind}:");
    println!(
        "  submitted {} in {:.1?} ({} refused by the pool); finalized {} ok, {} failed",
        batch.submitted, batch.submit_time, batch.refused, batch.landed, batch.failed
    );
    println!(
        "  {} blocks (#{}–#{}), at most {per_block} per block: {rate:.1} calls/s sustained, {capacity:.1} calls/s in \
         full blocks",
        batch.blocks.len(),
        numbers.first().unwrap_or(&0),
        numbers.last().unwrap_or(&0)
    );
    let (mut inclusion, mut finality) =
        (latencies(&submitted_at, &batch.included_at), latencies(&submitted_at, &batch.finalized_at));
    println!(
        "  submission → inclusion p50 {:.1?}, p95 {:.1?} ({} calls); → finality p50 {:.1?}, p95 {:.1?} ({} calls)",
        percentile(&mut inclusion, 50),
        percentile(&mut inclusion, 95),
        inclusion.len(),
        percentile(&mut finality, 50),
        percentile(&mut finality, 95),
        finality.len()
    );
    let missing = batch.submitted - batch.refused - batch.landed - batch.failed;
    if missing > 0 {
        println!("  WARNING: {missing} accepted calls were not finalized within {QUIET:?} of the last one");
    }
    println!(
        "  charged per call (ExtrinsicSuccess weight): {:.3} G ref_time; per call in the blocks (BlockWeight): {:.3} G",
        batch.charged as f64 / batch.landed.max(1) as f64 / 1e9,
        batch.blocks.values().map(|b| b.2).sum::<u64>() as f64 / batch.landed.max(1) as f64 / 1e9
    );
    println!(
        "  block fill (normal class): ref_time mean {ref_mean:.1} %, max {ref_max:.1} %; \
         proof_size mean {proof_mean:.2} %, max {proof_max:.2} % of the limits"
    );
    println!("  proposer: {proposing_ms:.0} ms per block on average; blocks closed by {reasons:?}");
    (rate, capacity)
}

#[tokio::main]
async fn main() -> Result<()> {
    let n: usize = std::env::var("FIDUCIA_BENCH_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let senders = n.div_ceil(PER_SENDER);
    let nodes = Nodes::start().await?;
    let chain = nodes.chain().await?;
    let mut market = BenchMarket::open(&chain, BenchMarket::terms()).await?;
    let mut loans = Vec::new();
    for _ in 0..LOANS {
        loans.push(market.listed_loan((n.div_ceil(LOANS) as u128 + 100) * FID).await?);
    }
    let lending = &market.lending;

    // The investors: licensed and funded by Alice.
    let started = Instant::now();
    let investors = funded_investors(&chain, "bench", senders, 100 * FID).await?;
    eprintln!("{senders} investors licensed and funded in {:.0?}", started.elapsed());

    // Sign everything in advance: invest with nonces 0..PER_SENDER, the
    // transfers with the nonces after them. The gas limit is the client's
    // (dry-run plus its margin), as every real investor signs it.
    let started = Instant::now();
    let invest: Vec<Message<_>> = loans.iter().map(|id| lending.messages().invest(*id).into()).collect();
    let dry = lending.contract().dry_run(&account_of(&investors[0]), &invest[0], FID).await?;
    let at = signing_block(&chain).await?;
    let sink = MultiAddress::Id(account_of(&dev("Ferdie")));
    let (mut invests, mut transfers) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let (who, j) = (&investors[i / PER_SENDER], (i % PER_SENDER) as u64);
        let call = lending.contract().call_payload(&invest[i % LOANS], FID, &dry);
        invests.push(sign(&at, &call, who, j)?);
        let transfer = runtime::tx().balances().transfer_keep_alive(sink.clone(), FID);
        transfers.push(sign(&at, &transfer, who, PER_SENDER as u64 + j)?);
    }
    eprintln!("{} calls signed in {:.1?}", 2 * n, started.elapsed());

    let limits = {
        let weights = at.constants().entry(runtime::constants().system().block_weights())?;
        let normal = weights.per_class.normal.max_total.context("no normal-class limit")?;
        (normal.ref_time, normal.proof_size)
    };
    println!("# Throughput on a {}, {n} calls of each kind, this machine", nodes.name());
    println!(
        "invest dry-run: {} ref_time, {} proof_size; lending wasm {} bytes; normal-class limits {} ref_time, {} \
         proof_size",
        dry.gas_required.0,
        dry.gas_required.1,
        bundle("lending")?.wasm.len(),
        limits.0,
        limits.1
    );
    let invest = report("invest", run(&chain, &invests).await?, limits, &nodes.log());
    let transfer = report("transfer_keep_alive", run(&chain, &transfers).await?, limits, &nodes.log());
    println!(
        "invest / transfer: sustained {:.1} / {:.1} calls/s = {:.2}; in full blocks {:.1} / {:.1} calls/s = {:.2}",
        invest.0,
        transfer.0,
        invest.0 / transfer.0.max(f64::MIN_POSITIVE),
        invest.1,
        transfer.1,
        invest.1 / transfer.1.max(f64::MIN_POSITIVE)
    );

    // Can the indexer keep up with full blocks? It catches up from block 1
    // (the batches' blocks included) into a fresh SQLite index.
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("index.sqlite").display().to_string();
    let address = lending.address().to_string();
    let url = match &nodes {
        Nodes::Dev(node) => node.url.clone(),
        Nodes::Local(net) => net.nodes[0].url(),
    };
    let (ok, progress) = cli(&["--url", &url, "index", "--db", &db, "run", "--once", "--lending", &address], &[])?;
    anyhow::ensure!(ok, "fiducia index run --once: {progress}");
    let (blocks, events, ms) = (progress["blocks"].as_u64(), progress["events"].as_u64(), progress["elapsed"].as_u64());
    let (blocks, events, ms) = (blocks.unwrap_or(0), events.unwrap_or(0), ms.unwrap_or(1).max(1));
    println!(
        "indexer catch-up (fiducia index run --once, SQLite): {blocks} blocks, {events} events in {ms} ms: {:.0} \
         blocks/s, {:.0} events/s",
        blocks as f64 * 1_000.0 / ms as f64,
        events as f64 * 1_000.0 / ms as f64
    );
    Ok(())
}
