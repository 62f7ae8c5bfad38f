//! The connection to a node: information, and signed submission that waits
//! for inclusion or finality while reporting its progress.

use crate::{
    error::connection,
    progress::{Progress, Reporter, TxStage},
    Error, Keypair,
};
use serde::Serialize;
use subxt::{
    config::RpcConfigFor,
    extrinsics::ExtrinsicEvents,
    metadata::ArcMetadata,
    rpcs::{
        client::{
            reconnecting_rpc_client::{FixedInterval, RpcClient as ReconnectingRpcClient},
            RpcClient,
        },
        methods::LegacyRpcMethods,
    },
    tx::{Payload, TransactionStatus},
    utils::H256,
    OnlineClient,
};

/// Fiducia's chain configuration. The runtime uses the same address
/// (`MultiAddress<AccountId32, ()>`), signature (`MultiSignature`), header
/// (u32 numbers, BLAKE2-256) and transaction extensions as Polkadot, so
/// subxt's Polkadot configuration fits exactly.
pub type FiduciaConfig = subxt::PolkadotConfig;
/// How often a lost connection is re-dialled (every 500 ms) before calls
/// fail for good: a minute, longer than a node takes to restart.
pub const RECONNECT_ATTEMPTS: usize = 120;
/// An account on the chain.
pub type AccountId = subxt::utils::AccountId32;
/// Events of one included extrinsic.
pub type TxEvents = ExtrinsicEvents<FiduciaConfig>;

/// An included transaction: its events and the block that holds it.
pub struct Included {
    /// The extrinsic's events.
    pub events: TxEvents,
    /// Hash of the including block.
    pub block_hash: H256,
}

/// How long to wait after submitting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Wait {
    /// Until the transaction is in a best block (fast, may still be reorganised).
    InBlock,
    /// Until the block with the transaction is finalized by GRANDPA.
    #[default]
    Finalized,
}

/// What `fiducia node-info` reports.
#[derive(Debug, Serialize)]
pub struct NodeInfo {
    /// Chain name from the chain specification.
    pub chain: String,
    /// Node implementation name.
    pub node_name: String,
    /// Node version.
    pub node_version: String,
    /// Runtime `spec_name`/`spec_version`.
    pub runtime: String,
    /// Genesis hash.
    pub genesis_hash: String,
    /// Latest finalized block number.
    pub finalized_block: u64,
    /// Connected peers.
    pub peers: usize,
}

/// A connection to a Fiducia node.
#[derive(Clone)]
pub struct Chain {
    api: OnlineClient<FiduciaConfig>,
    metadata: ArcMetadata,
    rpc: LegacyRpcMethods<RpcConfigFor<FiduciaConfig>>,
    rpc_client: RpcClient,
    progress: Option<Progress>,
}

impl Chain {
    /// Connects to a node's WebSocket RPC endpoint, e.g. `ws://127.0.0.1:9944`.
    ///
    /// The connection comes back by itself when the node restarts: it is
    /// re-dialled every half second, [`RECONNECT_ATTEMPTS`] times (also for
    /// the first connection). A call made while the node is away fails
    /// with [`Error::Connection`]; the next one after it is back succeeds.
    pub async fn connect(url: &str) -> Result<Self, Error> {
        // Fail at once when nothing listens, instead of re-dialling a minute.
        let authority = url.split("://").nth(1).unwrap_or(url).split('/').next().unwrap_or_default();
        let default_port = if url.starts_with("wss://") { 443 } else { 80 };
        let address =
            if authority.contains(':') { authority.to_string() } else { format!("{authority}:{default_port}") };
        tokio::net::TcpStream::connect(&address).await.map_err(|e| Error::Connection(format!("{url}: {e}")))?;
        let policy = FixedInterval::from_millis(500).take(RECONNECT_ATTEMPTS);
        let reconnecting = ReconnectingRpcClient::builder()
            .retry_policy(policy)
            .build(url)
            .await
            .map_err(|e| Error::Connection(format!("{url}: {e}")))?;
        let rpc_client = RpcClient::new(reconnecting);
        let api = OnlineClient::<FiduciaConfig>::from_rpc_client(rpc_client.clone()).await.map_err(connection)?;
        let rpc = LegacyRpcMethods::new(rpc_client.clone());
        let metadata = api.at_current_block().await.map_err(connection)?.metadata();
        Ok(Chain { api, metadata, rpc, rpc_client, progress: None })
    }

    /// The same connection, reporting every submitted transaction's stages
    /// to `progress` (e.g. a spinner).
    pub fn with_progress(mut self, progress: Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The subxt client, for anything this crate does not wrap.
    pub fn api(&self) -> &OnlineClient<FiduciaConfig> {
        &self.api
    }

    /// The raw RPC connection, for node methods subxt does not wrap.
    pub fn rpc_client(&self) -> &RpcClient {
        &self.rpc_client
    }

    /// The runtime metadata the connection was opened with.
    pub fn metadata(&self) -> &subxt::Metadata {
        &self.metadata
    }

    /// Chain, node and runtime facts.
    pub async fn node_info(&self) -> Result<NodeInfo, Error> {
        let at = self.api.at_current_block().await.map_err(connection)?;
        let version = self.rpc.state_get_runtime_version(None).await.map_err(connection)?;
        let spec_name = version.other.get("specName").and_then(|v| v.as_str()).unwrap_or("unknown").to_string();
        Ok(NodeInfo {
            chain: self.rpc.system_chain().await.map_err(connection)?,
            node_name: self.rpc.system_name().await.map_err(connection)?,
            node_version: self.rpc.system_version().await.map_err(connection)?,
            runtime: format!("{spec_name}/{}", version.spec_version),
            genesis_hash: format!("{:?}", self.api.genesis_hash()),
            finalized_block: at.block_number(),
            peers: self.rpc.system_health().await.map_err(connection)?.peers,
        })
    }

    /// `System::Account` of `who` at the latest finalized block.
    async fn account_info(
        &self,
        who: &AccountId,
    ) -> Result<
        crate::runtime::runtime_types::frame_system::AccountInfo<
            u32,
            crate::runtime::runtime_types::pallet_balances::types::AccountData<u128>,
        >,
        Error,
    > {
        let at = self.api.at_current_block().await.map_err(connection)?;
        at.storage()
            .entry(crate::runtime::storage().system().account())
            .map_err(connection)?
            .fetch((*who,))
            .await
            .map_err(connection)?
            .decode()
            .map_err(|e| Error::Decode { what: "account", reason: e.to_string() })
    }

    /// Free balance of an account.
    pub async fn free_balance(&self, who: &AccountId) -> Result<u128, Error> {
        Ok(self.account_info(who).await?.data.free)
    }

    /// The next nonce of `who` at the latest finalized block.
    pub async fn account_nonce(&self, who: &AccountId) -> Result<u64, Error> {
        Ok(u64::from(self.account_info(who).await?.nonce))
    }

    /// The timestamp (ms since the Unix epoch) of the latest finalized block:
    /// the clock contracts see.
    pub async fn timestamp(&self) -> Result<u64, Error> {
        let at = self.api.at_current_block().await.map_err(connection)?;
        at.storage()
            .entry(crate::runtime::storage().timestamp().now())
            .map_err(connection)?
            .fetch(())
            .await
            .map_err(connection)?
            .decode()
            .map_err(|e| Error::Decode { what: "timestamp", reason: e.to_string() })
    }

    /// Signs `call` with `signer`, submits it and waits as told, reporting
    /// the stages labelled `what` (see [`Chain::with_progress`]). Returns the extrinsic's events, or
    /// the pool's rejection or the dispatch error.
    pub async fn submit<Call: Payload>(
        &self,
        what: &str,
        call: &Call,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Included, Error> {
        let progress = Reporter::start(what, self.progress.as_ref());
        let at = self.api.at_current_block().await.map_err(connection)?;
        let mut watch = at
            .transactions()
            .sign_and_submit_then_watch_default(call, signer)
            .await
            .map_err(|e| Error::Rejected(e.to_string()))?;
        progress.stage(TxStage::Submitted);
        while let Some(status) = watch.next().await {
            let status = status.map_err(connection)?;
            let in_block = match status {
                TransactionStatus::Validated => {
                    progress.stage(TxStage::InPool);
                    continue;
                },
                TransactionStatus::Broadcasted => {
                    progress.stage(TxStage::Broadcast);
                    continue;
                },
                TransactionStatus::NoLongerInBestBlock => {
                    progress.stage(TxStage::Retracted);
                    continue;
                },
                TransactionStatus::InBestBlock(block) => {
                    progress.stage(TxStage::InBlock(block.block_hash()));
                    if wait == Wait::Finalized {
                        continue;
                    }
                    block
                },
                TransactionStatus::InFinalizedBlock(block) => block,
                TransactionStatus::Error { message }
                | TransactionStatus::Invalid { message }
                | TransactionStatus::Dropped { message } => return Err(Error::Rejected(message)),
            };
            let block_hash = in_block.block_hash();
            let events = in_block.wait_for_success().await.map_err(|e| Error::Dispatch(e.to_string()))?;
            return Ok(Included { events, block_hash });
        }
        Err(Error::Rejected("the node stopped reporting the transaction's status".into()))
    }

    /// Signs and submits `call` without waiting for it (bulk submission:
    /// benchmarks, batch tools). `nonce` overrides the account's next nonce so
    /// that many transactions of one signer can be queued at once. Returns
    /// the transaction hash once the pool accepted it.
    pub async fn submit_unwatched<Call: Payload>(
        &self,
        call: &Call,
        signer: &Keypair,
        nonce: Option<u64>,
    ) -> Result<H256, Error> {
        let mut params = subxt::config::DefaultExtrinsicParamsBuilder::<FiduciaConfig>::new();
        if let Some(nonce) = nonce {
            params = params.nonce(nonce);
        }
        let at = self.api.at_current_block().await.map_err(connection)?;
        at.transactions()
            .sign_and_submit(call, signer, params.build())
            .await
            .map_err(|e| Error::Rejected(e.to_string()))
    }

    /// Human-readable name of a runtime module error (`Pallet::Error: docs`).
    pub fn module_error(&self, pallet_index: u8, error: [u8; 4]) -> String {
        let found = self.metadata.pallet_by_error_index(pallet_index).and_then(|pallet| {
            pallet
                .error_variant_by_index(error[0])
                .map(|v| format!("{}::{}: {}", pallet.name(), v.name, v.docs.join(" ")))
        });
        found.unwrap_or_else(|| format!("module error {pallet_index}/{error:?}"))
    }
}
