//! The relational store: one code path over SQLite and PostgreSQL (sqlx's
//! `Any` driver), the versioned schema (`migrations/`), and the atomic write
//! of one block.

use crate::{project, Error};
use fiducia_client::{advice::AdviceEvent, investment::InvestmentEvent, lending::LendingEvent};
use sqlx::{any::AnyPoolOptions, AnyPool, Row};

/// How often [`Store::connect`] tries again when another process is
/// creating the same SQLite index.
const CONNECT_ATTEMPTS: u64 = 10;

/// The schema's migrations, embedded at build time and applied in order;
/// sqlx records each applied version in `_sqlx_migrations`.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A decoded event of one of the Fiducia contracts or pallets.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(untagged)]
pub enum Event {
    /// The lending contract's.
    Lending(LendingEvent),
    /// The advice contract's.
    Advice(AdviceEvent),
    /// The investment contract's.
    Investment(InvestmentEvent),
    /// A registry or verifier pallet event, decoded from the metadata.
    Pallet {
        /// The pallet (`Registry`, `Verifiers`).
        pallet: String,
        /// The event's name.
        event: String,
        /// Its fields.
        fields: serde_json::Value,
    },
}

impl Event {
    /// Where it came from: `lending`, `advice`, `investment` or the pallet.
    pub fn source(&self) -> &str {
        match self {
            Self::Lending(_) => "lending",
            Self::Advice(_) => "advice",
            Self::Investment(_) => "investment",
            Self::Pallet { pallet, .. } => pallet,
        }
    }
}

/// One event with its position in the block.
#[derive(Clone, Debug)]
pub struct IndexedEvent {
    /// Index among the block's events (`System::Events`).
    pub index: u32,
    /// The emitting contract (SS58), for contract events.
    pub contract: Option<String>,
    /// The event.
    pub event: Event,
}

/// A finalized block's Fiducia events, ready to store.
#[derive(Clone, Debug)]
pub struct Block {
    /// Block number.
    pub number: u64,
    /// Block hash (`0x…`).
    pub hash: String,
    /// `Timestamp::Now` of the block, ms since the Unix epoch.
    pub timestamp_ms: u64,
    /// Its events, in order.
    pub events: Vec<IndexedEvent>,
}

/// Where the index stands.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Cursor {
    /// Genesis hash of the indexed chain.
    pub genesis: String,
    /// The last block whose events are all stored.
    pub number: u64,
    /// Its hash.
    pub hash: String,
}

/// The index database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
}

/// `u64` as the databases' signed 64-bit integer.
pub(crate) fn int(value: u64) -> Result<i64, Error> {
    i64::try_from(value).map_err(|_| Error::Store(format!("{value} does not fit a 64-bit column")))
}

/// A stored integer back as `u64`.
pub(crate) fn uint(value: i64) -> Result<u64, Error> {
    u64::try_from(value).map_err(|_| Error::Store(format!("negative value {value} in the index")))
}

impl Store {
    /// Opens (and creates or migrates) the index at `url`:
    /// `sqlite://index.db`, a plain file path (SQLite), or
    /// `postgres://user:password@host/db`.
    pub async fn connect(url: &str) -> Result<Self, Error> {
        sqlx::any::install_default_drivers();
        let (url, sqlite) = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (url.to_owned(), false)
        } else {
            let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
            if path.is_empty() {
                return Err(Error::BadInput("the index database path is empty".into()));
            }
            (format!("sqlite://{path}?mode=rwc"), true)
        };
        // SQLite allows one writer: one connection, WAL so that queries of
        // other processes read while the indexer writes.
        let max = if sqlite { 1 } else { 4 };
        let pool = AnyPoolOptions::new().max_connections(max).connect(&url).await?;
        // Two processes may open a new index at the same moment (`index run`
        // and a query, or two runs): on SQLite, which has no migration lock,
        // both may try to create the schema and the slower one fails on the
        // tables the faster one made. It then finds the schema applied on a
        // later attempt.
        let mut attempt = 0;
        loop {
            match Self::prepare(&pool, sqlite).await {
                Ok(()) => return Ok(Self { pool }),
                Err(_) if sqlite && attempt < CONNECT_ATTEMPTS => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100 * attempt)).await;
                },
                Err(e) => return Err(e),
            }
        }
    }

    /// Sets SQLite's waiting and journal modes and brings the schema up to date.
    async fn prepare(pool: &AnyPool, sqlite: bool) -> Result<(), Error> {
        if sqlite {
            sqlx::query("PRAGMA busy_timeout = 5000").execute(pool).await?;
            sqlx::query("PRAGMA journal_mode = WAL").execute(pool).await?;
        }
        MIGRATOR.run(pool).await?;
        Ok(())
    }

    /// The connection pool, for queries this crate does not wrap.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The schema versions applied (the migrations' numbers).
    pub async fn schema_versions(&self) -> Result<Vec<i64>, Error> {
        let rows = sqlx::query("SELECT version FROM _sqlx_migrations ORDER BY version").fetch_all(&self.pool).await?;
        rows.iter().map(|r| r.try_get::<i64, _>(0).map_err(Error::from)).collect()
    }

    /// Where the index stands, if it has stored a block.
    pub async fn cursor(&self) -> Result<Option<Cursor>, Error> {
        let row = sqlx::query("SELECT genesis, block_number, block_hash FROM cursor WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(Cursor { genesis: r.try_get(0)?, number: uint(r.try_get(1)?)?, hash: r.try_get(2)? }))
            .transpose()
    }

    /// Stores `block` of the chain `genesis` — its events, their
    /// projections and the new cursor — in one transaction. The block must
    /// follow the cursor directly (or start an empty index): a gap or a
    /// block stored twice is refused and changes nothing.
    pub async fn write_block(&self, genesis: &str, block: &Block) -> Result<(), Error> {
        let mut tx = self.pool.begin().await?;
        let cursor =
            sqlx::query("SELECT genesis, block_number FROM cursor WHERE id = 1").fetch_optional(&mut *tx).await?;
        if let Some(row) = cursor {
            let stored: String = row.try_get(0)?;
            if stored != genesis {
                return Err(Error::WrongChain { stored, node: genesis.to_owned() });
            }
            let last = uint(row.try_get(1)?)?;
            if block.number != last + 1 {
                return Err(Error::Store(format!("block #{} does not follow the stored #{last}", block.number)));
            }
        }
        let number = int(block.number)?;
        let timestamp = int(block.timestamp_ms)?;
        sqlx::query("INSERT INTO blocks (number, hash, timestamp_ms, events) VALUES ($1, $2, $3, $4)")
            .bind(number)
            .bind(&block.hash)
            .bind(timestamp)
            .bind(block.events.len() as i64)
            .execute(&mut *tx)
            .await?;
        for event in &block.events {
            let ids = project::Ids::of(&event.event);
            let data = serde_json::to_string(&event.event).map_err(|e| Error::Store(e.to_string()))?;
            sqlx::query(
                "INSERT INTO events (block_number, event_index, block_hash, timestamp_ms, source, contract, name, \
                 loan_id, product_id, case_id, agreement_id, dispute_id, data) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(number)
            .bind(i64::from(event.index))
            .bind(&block.hash)
            .bind(timestamp)
            .bind(event.event.source())
            .bind(event.contract.clone())
            .bind(project::name(&event.event))
            .bind(ids.loan)
            .bind(ids.product)
            .bind(ids.case)
            .bind(ids.agreement)
            .bind(ids.dispute)
            .bind(data)
            .execute(&mut *tx)
            .await?;
            project::apply(&mut tx, &event.event, block).await?;
        }
        sqlx::query(
            "INSERT INTO cursor (id, genesis, block_number, block_hash) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash",
        )
        .bind(genesis)
        .bind(number)
        .bind(&block.hash)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
