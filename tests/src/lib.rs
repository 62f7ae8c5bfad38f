//! Test harness for end-to-end tests: a real `fiducia-node --dev` per test
//! ([`DevNode`]), or a network of `--chain local` verifier nodes
//! ([`network::LocalNet`]).
//!
//! The node binary is the one cargo built next to the tests
//! (`<target>/<profile>/fiducia-node`, or `FIDUCIA_NODE`). Each node gets a
//! temporary base path and free ports, and is killed when the [`DevNode`] is
//! dropped — also when a test panics — and, through the parent-death signal,
//! when the test process itself dies.

pub mod network;
pub mod weights;

use anyhow::{bail, Context, Result};
use fiducia_client::{
    account_of, artifacts, authenticator::KeyFileAuthenticator, contract::ContractBundle, lending::Lending, registry,
    runtime, signer_from_uri, Chain, FiduciaConfig, Keypair, Wait,
};
use fiducia_core::lending::{ledger::MarketTerms, LoanId, Purpose};
use std::{
    net::TcpListener,
    os::unix::process::CommandExt,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};
use subxt::{config::DefaultExtrinsicParamsBuilder, utils::H256};

/// A student's credit profile the scoring model accepts (grade A-range),
/// shared by the lending and security e2e tests.
pub const PROFILE: fiducia_core::lending::scoring::CreditProfile = {
    use fiducia_core::lending::scoring::{CreditProfile, Debt, Education, Employment, Enrolment, Income};
    CreditProfile {
        education: Education::Graduate,
        enrolment: Enrolment::FullTime,
        income: Income::UpTo25k,
        debt: Debt::NoDebt,
        employment: Employment::PartTime,
    }
};

/// How long a node may take to open its RPC port.
const STARTUP: Duration = Duration::from_secs(90);

/// A running development node.
pub struct DevNode {
    child: Child,
    /// WebSocket RPC endpoint.
    pub url: String,
    _base: tempfile::TempDir,
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The node binary under test.
pub fn node_binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("FIDUCIA_NODE") {
        return Ok(PathBuf::from(path));
    }
    let path = artifacts::profile_dir().context("no cargo profile dir")?.join("fiducia-node");
    if !path.exists() {
        bail!("{} is missing: build the node first (cargo build --release)", path.display());
    }
    Ok(path)
}

/// The `fiducia` CLI binary built next to the node (`FIDUCIA_CLI` overrides).
pub fn cli_binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("FIDUCIA_CLI") {
        return Ok(PathBuf::from(path));
    }
    let path = artifacts::profile_dir().context("no cargo profile dir")?.join("fiducia");
    if !path.exists() {
        bail!("{} is missing: build the workspace first (cargo build --release)", path.display());
    }
    Ok(path)
}

/// Runs the `fiducia` CLI with `--json` and `env`: whether it succeeded,
/// and what it printed as JSON.
pub fn cli(args: &[&str], env: &[(&str, &str)]) -> Result<(bool, serde_json::Value)> {
    let out = Command::new(cli_binary()?).arg("--json").args(args).envs(env.iter().copied()).output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout).with_context(|| {
        format!("fiducia {args:?} printed no JSON: {stdout}\nstderr: {}", String::from_utf8_lossy(&out.stderr))
    })?;
    Ok((out.status.success(), json))
}

/// Starts `fiducia-node` with `args` and `--base-path base`, its log in
/// `log`. The child is killed when the test process dies (parent-death
/// signal), so no node outlives a crashed test.
pub fn spawn_node(args: &[String], base: &std::path::Path, log: std::fs::File) -> Result<Child> {
    let mut command = Command::new(node_binary()?);
    command.args(args).arg("--base-path").arg(base).stdin(Stdio::null()).stdout(Stdio::null()).stderr(log);
    // SAFETY: prctl is async-signal-safe; it only asks the kernel to kill
    // the node if this (test) process dies without dropping its handle.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    command.spawn().context("cannot start fiducia-node")
}

impl DevNode {
    /// Starts `fiducia-node --dev` and waits until its RPC answers.
    pub async fn start() -> Result<DevNode> {
        weights::record_dry_runs();
        let base = tempfile::tempdir()?;
        let rpc_port = free_port()?;
        let p2p_port = free_port()?;
        let log = std::fs::File::create(base.path().join("node.log"))?;
        let mut args: Vec<String> =
            ["--dev", "--no-telemetry", "--no-prometheus", "--no-mdns"].iter().map(|a| a.to_string()).collect();
        args.extend(["--rpc-port".into(), rpc_port.to_string(), "--port".into(), p2p_port.to_string()]);
        let child = spawn_node(&args, base.path(), log)?;
        let mut node = DevNode { child, url: format!("ws://127.0.0.1:{rpc_port}"), _base: base };
        node.wait_ready().await?;
        certify_contracts(&node.chain().await?).await?;
        Ok(node)
    }

    async fn wait_ready(&mut self) -> Result<()> {
        let deadline = Instant::now() + STARTUP;
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("fiducia-node exited early with {status}; log:\n{}", self.log());
            }
            if let Ok(chain) = Chain::connect(&self.url).await {
                // Ready once a block has been finalized after genesis.
                if chain.node_info().await.map(|i| i.finalized_block > 0).unwrap_or(false) {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("fiducia-node did not finalize a block in {STARTUP:?}; log:\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// The node's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self._base.path().join("node.log")).unwrap_or_default()
    }

    /// A client connected to this node.
    pub async fn chain(&self) -> Result<Chain> {
        Ok(Chain::connect(&self.url).await?)
    }
}

impl Drop for DevNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Alice (on `--dev` a licensed Arbiter: a certifier) certifies the code of
/// every Fiducia contract, as a certifier does after reviewing it and
/// before anyone deploys it. The three certifications are submitted at
/// once and awaited together.
pub async fn certify_contracts(chain: &Chain) -> Result<()> {
    let alice = signer_from_uri("//Alice")?;
    let nonce = chain.account_nonce(&account_of(&alice)).await?;
    let mut hashes = Vec::new();
    for (i, contract) in fiducia_ink_build::CONTRACTS.iter().enumerate() {
        let hash = registry::code_hash(&bundle(contract)?.wasm);
        let call = runtime::tx().registry().certify_code(hash, [0xA0; 32]);
        chain.submit_unwatched(&call, &alice, Some(nonce + i as u64)).await?;
        hashes.push(hash);
    }
    let registry = registry::Registry::new(chain.clone());
    let deadline = Instant::now() + Duration::from_secs(60);
    for hash in hashes {
        while registry.certification(hash).await?.is_none() {
            if Instant::now() > deadline {
                bail!("code {hash:?} was not certified within a minute");
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    Ok(())
}

/// `n` investor accounts (`//Alice//{label}/{i}`), each licensed as an
/// Investor and funded with `funds` by Alice (an issuer on both presets),
/// all submitted at once with explicit nonces (benches). Returns once the
/// last one holds its funds.
pub async fn funded_investors(chain: &Chain, label: &str, n: usize, funds: u128) -> Result<Vec<Keypair>> {
    use runtime::runtime_types::fiducia_registry_api::Role;
    let alice = signer_from_uri("//Alice")?;
    let investors: Vec<Keypair> =
        (0..n).map(|i| signer_from_uri(&format!("//Alice//{label}/{i}"))).collect::<Result<_, _>>()?;
    let mut nonce = chain.account_nonce(&account_of(&alice)).await?;
    let at = signing_block(chain).await?;
    // In chunks that the transaction pool takes at once (its ready limit is 8,192).
    for chunk in investors.chunks(INVESTORS_PER_CHUNK) {
        let mut calls = Vec::with_capacity(2 * chunk.len());
        for investor in chunk {
            let who = account_of(investor);
            let grant = runtime::tx().registry().grant_role(who, Role::Investor, None);
            calls.push(sign(&at, &grant, &alice, nonce)?);
            let fund = runtime::tx().balances().transfer_keep_alive(subxt::utils::MultiAddress::Id(who), funds);
            calls.push(sign(&at, &fund, &alice, nonce + 1)?);
            nonce += 2;
        }
        // One sender: in nonce order, one at a time (a transaction pool
        // holds only a few hundred calls that wait for an earlier nonce).
        for call in &calls {
            network::rpc(chain, "author_submitExtrinsic", call.hex.clone().into())
                .await
                .context("the pool refused a licensing or funding transaction")?;
        }
        let last = chunk.last().map(account_of);
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            let queued = chain.account_nonce(&account_of(&alice)).await? >= nonce;
            let funded = match &last {
                Some(who) => chain.free_balance(who).await? > 0,
                None => true,
            };
            if queued && funded {
                break;
            }
            if Instant::now() > deadline {
                bail!("{n} investors were not licensed and funded within ten minutes a chunk");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
    Ok(investors)
}

/// A transaction signed offline: its hash and its bytes in hex.
pub struct Signed {
    /// The transaction hash.
    pub hash: H256,
    /// `0x`-prefixed SCALE bytes, as `author_submitExtrinsic` takes them.
    pub hex: String,
}

/// `payload` signed offline by `who` with `nonce`, immortal (it may wait in
/// the pool for as long as a batch takes). Signing offline and submitting
/// [`submit_all`] at once is what lets the benches send thousands of calls
/// per second; [`Chain::submit_unwatched`] asks the node for a block first.
pub fn sign(
    at: &subxt::OnlineClientAtBlock<FiduciaConfig>,
    payload: &impl subxt::tx::Payload,
    who: &Keypair,
    nonce: u64,
) -> Result<Signed> {
    let params = DefaultExtrinsicParamsBuilder::<FiduciaConfig>::new().nonce(nonce).immortal().build();
    let tx = at.transactions().create_signable_offline(payload, params)?.sign(who)?;
    Ok(Signed { hash: tx.hash(), hex: format!("0x{}", hex::encode(tx.encoded())) })
}

/// The latest block to [`sign`] against. Retried a few times: under a
/// heavy load the node has answered with a head whose header it could not
/// serve a moment later ("cannot find the block header"; seen once while
/// 10,000 investors were being funded).
pub async fn signing_block(chain: &Chain) -> Result<subxt::OnlineClientAtBlock<FiduciaConfig>> {
    let mut attempt = 0;
    loop {
        match chain.api().at_current_block().await {
            Ok(at) => return Ok(at),
            Err(e) if attempt < 5 => {
                attempt += 1;
                eprintln!("the latest block, attempt {attempt}: {e}");
                tokio::time::sleep(Duration::from_millis(500)).await;
            },
            Err(e) => return Err(e.into()),
        }
    }
}

/// Submits `calls` with 64 requests in flight; for each, its hash, whether
/// the pool accepted it and when the node answered.
pub async fn submit_all(chain: &Chain, calls: &[Signed]) -> Vec<(H256, bool, Instant)> {
    use futures::StreamExt;
    futures::stream::iter(calls)
        .map(|call| async move {
            let accepted = network::rpc(chain, "author_submitExtrinsic", call.hex.clone().into()).await.is_ok();
            (call.hash, accepted, Instant::now())
        })
        .buffer_unordered(64)
        .collect()
        .await
}

/// Investors licensed and funded per round of [`funded_investors`] (two
/// transactions each).
const INVESTORS_PER_CHUNK: usize = 500;

/// A lending market for benches: the contract deployed by Alice, and Bob as
/// the borrower, whose second factor is registered (its key file lives as
/// long as the market).
pub struct BenchMarket {
    /// The deployed contract.
    pub lending: Lending,
    /// Bob.
    pub borrower: Keypair,
    /// Bob's second factor.
    pub auth: KeyFileAuthenticator,
    _keys: tempfile::TempDir,
}

impl BenchMarket {
    /// The benches' terms: hour-long periods, ten minutes' grace, tickets
    /// from 1 FID, the other windows as by default.
    pub fn terms() -> MarketTerms {
        const FID: u128 = 1_000_000_000_000;
        MarketTerms { min_ticket: FID, period_ms: 3_600_000, grace_ms: 600_000, ..MarketTerms::default() }
    }

    /// Deploys the contract with `terms` and registers Bob's second factor.
    pub async fn open(chain: &Chain, terms: MarketTerms) -> Result<BenchMarket> {
        use fiducia_core::lending::ApplicationLimits;
        let alice = signer_from_uri("//Alice")?;
        let lending = Lending::deploy(
            chain,
            bundle("lending")?,
            Some((ApplicationLimits::default(), terms)),
            &alice,
            Wait::Finalized,
        )
        .await?;
        let keys = tempfile::tempdir()?;
        let auth = KeyFileAuthenticator::create(&keys.path().join("bob.key"), "fiducia.example")?;
        let borrower = signer_from_uri("//Bob")?;
        registry::Registry::new(chain.clone())
            .register_credential(&account_of(&borrower), &auth.credential(), &alice, Wait::Finalized)
            .await?;
        Ok(BenchMarket { lending, borrower, auth, _keys: keys })
    }

    /// A loan of `principal` over 12 months applied for by Bob (with his
    /// second factor), waiting for approval.
    pub async fn applied_loan(&mut self, principal: u128) -> Result<LoanId> {
        let receipt = self
            .lending
            .apply(principal, 12, Purpose::Tuition, PROFILE, [9; 32], &self.borrower, &mut self.auth, Wait::Finalized)
            .await?;
        Ok(receipt.value)
    }

    /// An [applied loan](Self::applied_loan) approved by Alice: listed for investors.
    pub async fn listed_loan(&mut self, principal: u128) -> Result<LoanId> {
        let id = self.applied_loan(principal).await?;
        self.lending.approve(id, &signer_from_uri("//Alice")?, Wait::Finalized).await?;
        Ok(id)
    }
}

/// The contract bundle `fiducia-ink-build` produced.
pub fn bundle(contract: &str) -> Result<Arc<ContractBundle>> {
    let path = artifacts::artifact(contract, "contract").context("no cargo target dir")?;
    let bundle = ContractBundle::load(&path)
        .with_context(|| format!("{}: build the contracts first (fiducia-ink-build)", path.display()))?;
    Ok(Arc::new(bundle))
}
