//! # fiducia-client
//!
//! A typed async client for the Fiducia chain, built on `subxt` and `tokio`:
//!
//! - [`chain`]: connect, node information, sign-and-submit that waits for
//!   inclusion or finality and reports its [`progress`] to a callback;
//! - [`contract`]: deploy and call any ink! 5 contract from its `.contract`
//!   bundle, with a dry-run (`ContractsApi_call`) before anything is signed so
//!   that a contract's typed error is shown instead of a failed transaction;
//! - [`lending`]: the lending contract's typed API;
//! - [`advice`]: the FITM advice contract's typed API (products,
//!   authorizations, cases, product disputes) and the customer's challenge
//!   of an advisor;
//! - [`investment`]: the FITM investment contract's typed API (templates,
//!   agreements, their disputes);
//! - [`registry`]: licenses and second-factor credentials;
//! - [`verifiers`]: the verifier set, session keys and the issuers' root
//!   motions;
//! - [`authenticator`]: the software FIDO2 authenticator (key file) and the
//!   challenge of a critical action;
//! - [`amount`]: parsing and printing token amounts; [`time`]: dates and
//!   durations for people.
//!
//! The `fiducia` command-line program (`client/cli`) is one user of this
//! library; see `docs/ARCHITECTURE.md` for the whole crate graph.
//!
//! The runtime's calls, events and runtime APIs are generated at compile time
//! from `metadata/fiducia.scale` (kept in step with the runtime by the
//! runtime's `client_metadata` test).

pub mod advice;
pub mod amount;
pub mod artifacts;
pub mod authenticator;
pub mod chain;
pub mod contract;
pub mod error;
pub mod investment;
pub mod lending;
pub mod progress;
pub mod registry;
mod text;
pub mod time;
pub mod verifiers;

pub use chain::{AccountId, Chain, FiduciaConfig, NodeInfo, Wait};
pub use error::Error;
pub use subxt_signer::sr25519::Keypair;

/// The runtime's types, calls, events and APIs, generated from its metadata.
#[subxt::subxt(runtime_metadata_path = "metadata/fiducia.scale")]
pub mod runtime {}

/// A signer from a secret URI: a dev account (`//Alice`), a derivation path on
/// a mnemonic (`"<words>//hard/soft"`), or a hex seed.
pub fn signer_from_uri(uri: &str) -> Result<Keypair, Error> {
    let uri: subxt_signer::SecretUri = uri.parse().map_err(|e| Error::BadInput(format!("secret URI: {e}")))?;
    Keypair::from_uri(&uri).map_err(|e| Error::BadInput(format!("secret URI: {e}")))
}

/// The account of a signer.
pub fn account_of(signer: &Keypair) -> AccountId {
    signer.public_key().to_account_id()
}
