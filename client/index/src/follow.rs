//! The follower: reads finalized blocks from a node, decodes the Fiducia
//! events in them and writes each block to the [`Store`] in order
//! (`docs/indexer.md#following-the-chain`).
//!
//! Blocks are fetched several at a time (the node answers in parallel) and
//! written strictly one after the other, each in one transaction with the
//! cursor: a process killed at any moment leaves the index at the end of a
//! whole block, and the next start continues with the block after it.

use crate::{
    store::{Block, Event, IndexedEvent},
    Error, Store,
};
use fiducia_client::{
    advice::AdviceEvent, contract::EventSet, investment::InvestmentEvent, lending::LendingEvent, runtime, AccountId,
    Chain,
};
use futures::{StreamExt, TryStreamExt};
use std::time::{Duration, Instant};

/// Blocks fetched ahead of the one being written.
const FETCH_AHEAD: usize = 16;
/// The pallets whose events are indexed (as decoded from the metadata).
pub const PALLETS: [&str; 2] = ["Registry", "Verifiers"];

/// The deployed contracts whose events are indexed; a contract left out is
/// not indexed.
#[derive(Clone, Debug, Default)]
pub struct Contracts {
    /// The lending contract.
    pub lending: Option<AccountId>,
    /// The advice contract.
    pub advice: Option<AccountId>,
    /// The investment contract.
    pub investment: Option<AccountId>,
}

/// What one run of [`Indexer::catch_up`] did.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Progress {
    /// The last block stored (the cursor), if any.
    pub last_block: Option<u64>,
    /// Blocks stored in this run.
    pub blocks: u64,
    /// Fiducia events stored in this run.
    pub events: u64,
    /// Wall-clock time of this run.
    #[serde(with = "millis")]
    pub elapsed: Duration,
}

mod millis {
    pub fn serialize<S: serde::Serializer>(d: &std::time::Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u128(d.as_millis())
    }
}

impl Progress {
    /// Events stored per second of this run.
    pub fn events_per_second(&self) -> f64 {
        self.events as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Follows one node into one store.
pub struct Indexer {
    chain: Chain,
    store: Store,
    contracts: Contracts,
    genesis: String,
}

fn node(e: impl std::fmt::Display) -> Error {
    Error::Chain(fiducia_client::Error::Connection(e.to_string()))
}

fn decode(what: &'static str, e: impl std::fmt::Display) -> Error {
    Error::Chain(fiducia_client::Error::Decode { what, reason: e.to_string() })
}

impl Indexer {
    /// An indexer of `contracts` on `chain` into `store`; refuses a store
    /// that already indexes another chain.
    pub async fn new(chain: Chain, store: Store, contracts: Contracts) -> Result<Self, Error> {
        let genesis = format!("{:?}", chain.api().genesis_hash());
        if let Some(cursor) = store.cursor().await? {
            if cursor.genesis != genesis {
                return Err(Error::WrongChain { stored: cursor.genesis, node: genesis });
            }
        }
        Ok(Self { chain, store, contracts, genesis })
    }

    /// The store written to.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The number of the latest finalized block.
    pub async fn finalized(&self) -> Result<u64, Error> {
        Ok(self.chain.api().at_current_block().await.map_err(node)?.block_number())
    }

    /// Block `number` with its Fiducia events, decoded.
    pub async fn fetch(&self, number: u64) -> Result<Block, Error> {
        let at = self.chain.api().at_block(number).await.map_err(node)?;
        let timestamp_ms: u64 = at
            .storage()
            .entry(runtime::storage().timestamp().now())
            .map_err(node)?
            .fetch(())
            .await
            .map_err(node)?
            .decode()
            .map_err(|e| decode("timestamp", e))?;
        let events = at.events().fetch().await.map_err(node)?;
        let mut out = Vec::new();
        for event in events.iter() {
            let event = event.map_err(|e| decode("event", e))?;
            if let Some(emitted) = event.decode_fields_as::<runtime::contracts::events::ContractEmitted>() {
                let emitted = emitted.map_err(|e| decode("ContractEmitted", e))?;
                let Some(topic) = event.topics().first().map(|t| t.0) else { continue };
                let decoded = if Some(&emitted.contract) == self.contracts.lending.as_ref() {
                    contract::<LendingEvent>(&topic, &emitted.data)?.map(Event::Lending)
                } else if Some(&emitted.contract) == self.contracts.advice.as_ref() {
                    contract::<AdviceEvent>(&topic, &emitted.data)?.map(Event::Advice)
                } else if Some(&emitted.contract) == self.contracts.investment.as_ref() {
                    contract::<InvestmentEvent>(&topic, &emitted.data)?.map(Event::Investment)
                } else {
                    None
                };
                if let Some(decoded) = decoded {
                    out.push(IndexedEvent {
                        index: event.index(),
                        contract: Some(emitted.contract.to_string()),
                        event: decoded,
                    });
                }
            } else if PALLETS.contains(&event.pallet_name()) {
                let fields = event
                    .decode_fields_unchecked_as::<subxt::dynamic::Value<()>>()
                    .map_err(|e| decode("pallet event", e))?;
                out.push(IndexedEvent {
                    index: event.index(),
                    contract: None,
                    event: Event::Pallet {
                        pallet: event.pallet_name().to_owned(),
                        event: event.event_name().to_owned(),
                        fields: serde_json::to_value(&fields).map_err(|e| decode("pallet event", e))?,
                    },
                });
            }
        }
        Ok(Block { number, hash: format!("{:?}", at.block_hash()), timestamp_ms, events: out })
    }

    /// The block the next run starts with: the one after the cursor, or
    /// `start` for an empty index.
    pub async fn next_block(&self, start: u64) -> Result<u64, Error> {
        Ok(self.store.cursor().await?.map_or(start, |c| c.number + 1))
    }

    /// Stores every block from [`Indexer::next_block`] up to `until`
    /// (inclusive), calling `on_block` after each.
    pub async fn catch_up(&self, start: u64, until: u64, mut on_block: impl FnMut(&Block)) -> Result<Progress, Error> {
        let began = Instant::now();
        let first = self.next_block(start).await?;
        let mut progress = Progress { last_block: first.checked_sub(1), ..Progress::default() };
        let mut blocks = futures::stream::iter(first..=until).map(|n| self.fetch(n)).buffered(FETCH_AHEAD);
        while let Some(block) = blocks.try_next().await? {
            self.store.write_block(&self.genesis, &block).await?;
            progress.last_block = Some(block.number);
            progress.blocks += 1;
            progress.events += block.events.len() as u64;
            on_block(&block);
        }
        progress.elapsed = began.elapsed();
        Ok(progress)
    }

    /// Follows the chain until `stop` resolves: catches up to the finalized
    /// head, waits `poll`, and again. Returns what was stored.
    pub async fn run(
        &self,
        start: u64,
        poll: Duration,
        stop: impl std::future::Future<Output = ()>,
        mut on_block: impl FnMut(&Block),
    ) -> Result<Progress, Error> {
        let began = Instant::now();
        let mut total = Progress::default();
        tokio::pin!(stop);
        loop {
            let head = self.finalized().await?;
            let run = self.catch_up(start, head, &mut on_block).await?;
            total.blocks += run.blocks;
            total.events += run.events;
            total.last_block = run.last_block;
            tokio::select! {
                () = &mut stop => break,
                () = tokio::time::sleep(poll) => {},
            }
        }
        total.elapsed = began.elapsed();
        Ok(total)
    }
}

/// One contract event, by its signature topic. A topic the set does not
/// know is an error: the contract at this address is not the one indexed.
fn contract<Ev: EventSet>(topic: &[u8; 32], data: &[u8]) -> Result<Option<Ev>, Error> {
    match Ev::decode(topic, data) {
        Ok(Some(event)) => Ok(Some(event)),
        Ok(None) => Err(decode(Ev::WHAT, format!("unknown event topic 0x{}", hex::encode(topic)))),
        Err(e) => Err(decode(Ev::WHAT, e)),
    }
}
