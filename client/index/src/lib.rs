//! # fiducia-index
//!
//! The indexer ("Lite DB", `docs/indexer.md`): a long-running process that
//! follows a Fiducia node's finalized blocks, decodes every event of the
//! deployed lending, advice and investment contracts and of the registry and
//! verifier pallets, and stores them — with block number, event index, block
//! hash and time — in a relational [`Store`]: an embedded SQLite file by
//! default, PostgreSQL through the same code (sqlx's `Any` driver) for a
//! deployment that outgrows one machine.
//!
//! - [`Indexer`]: the follower; each block is written in one transaction
//!   together with the cursor, so a restart resumes after the last stored
//!   block with no gap and no duplicate;
//! - [`project`]: how events become rows (loans, positions, products,
//!   authorizations, cases, agreements, disputes);
//! - [`query`]: what investors and borrowers ask (listings by grade, saved
//!   conditions, positions, a loan's history, FITM records). Money that can
//!   be claimed *now* comes from the contract, not from the index.

pub mod follow;
pub mod project;
pub mod query;
pub mod store;

pub use follow::{Contracts, Indexer};
pub use store::Store;

/// What can go wrong while indexing or querying.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database refused or could not be reached.
    #[error("index database: {0}")]
    Store(String),
    /// The node could not be reached or answered badly.
    #[error(transparent)]
    Chain(#[from] fiducia_client::Error),
    /// The database already indexes another chain.
    #[error("this index belongs to the chain with genesis {stored}, not {node} (use another database)")]
    WrongChain {
        /// Genesis hash stored in the index.
        stored: String,
        /// Genesis hash of the node.
        node: String,
    },
    /// An argument is malformed.
    #[error("bad input: {0}")]
    BadInput(String),
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Self::Store(format!("schema migration: {e}"))
    }
}

/// A token amount as stored: 39 zero-padded decimal digits (every `u128`),
/// so that text order is numeric order on SQLite and PostgreSQL.
pub fn stored_amount(amount: u128) -> String {
    format!("{amount:039}")
}

/// An amount read back from the index.
pub fn read_amount(text: &str) -> Result<u128, Error> {
    text.parse().map_err(|_| Error::Store(format!("not an amount: {text:?}")))
}

#[cfg(test)]
mod tests;
