//! The client's error type: every failure is typed and says what went wrong.

use fiducia_core::{
    lending::LendingError,
    trust::error::{AdviceError, InvestmentError},
};

/// What can go wrong when talking to a Fiducia node.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The node could not be reached or answered with an RPC error.
    #[error("cannot reach the node: {0}")]
    Connection(String),
    /// Input given to the client is malformed (address, amount, file, URI).
    #[error("bad input: {0}")]
    BadInput(String),
    /// A contract bundle (`.contract`) could not be read or lacks something.
    #[error("contract bundle: {0}")]
    Bundle(String),
    /// The transaction pool refused the transaction or dropped it.
    #[error("the transaction was rejected: {0}")]
    Rejected(String),
    /// The transaction was included but its dispatch failed.
    #[error("the transaction failed on chain: {0}")]
    Dispatch(String),
    /// A dry-run showed the call would fail in the runtime (out of gas,
    /// insufficient balance, contract trapped, ...): nothing was signed.
    #[error("the call would fail: {0}")]
    WouldFail(String),
    /// The ink! dispatcher could not decode the input (wrong selector or arguments).
    #[error("the contract could not decode the call (wrong contract or arguments)")]
    LangError,
    /// The lending contract refused the message; nothing was signed or changed.
    #[error("the lending contract refused (nothing was signed): {0}")]
    Lending(LendingError),
    /// The advice contract refused the message; nothing was signed or changed.
    #[error("the advice contract refused (nothing was signed): {0}")]
    Advice(AdviceError),
    /// The investment contract refused the message; nothing was signed or changed.
    #[error("the investment contract refused (nothing was signed): {0}")]
    Investment(InvestmentError),
    /// The advisor's answer to a customer's challenge does not verify.
    #[error("the advisor is not trustworthy: {0}")]
    Untrusted(&'static str),
    /// A value returned by the node or a contract could not be decoded.
    #[error("cannot decode {what}: {reason}")]
    Decode {
        /// What was being decoded.
        what: &'static str,
        /// Why it failed.
        reason: String,
    },
    /// The address holds no contract, or its code is not certified on chain
    /// (never certified, or the certification was revoked): the client does
    /// not talk to it.
    #[error("{}", uncertified(address, code_hash))]
    Uncertified {
        /// The contract's address.
        address: crate::chain::AccountId,
        /// Its code hash, if a contract is there.
        code_hash: Option<subxt::utils::H256>,
    },
    /// Contract code about to be deployed is not certified on chain.
    #[error("the {name} code {code_hash:?} is not certified on this chain: a certifier (an Arbiter) must review it and run `fiducia registry certify {code_hash:?} --report <hash of the audit report>` first")]
    CodeNotCertified {
        /// The contract's name.
        name: String,
        /// Its code hash.
        code_hash: subxt::utils::H256,
    },
    /// An expected event was not emitted.
    #[error("the expected event {0} was not emitted")]
    MissingEvent(&'static str),
}

impl From<LendingError> for Error {
    fn from(e: LendingError) -> Self {
        Error::Lending(e)
    }
}

impl From<AdviceError> for Error {
    fn from(e: AdviceError) -> Self {
        Error::Advice(e)
    }
}

impl From<InvestmentError> for Error {
    fn from(e: InvestmentError) -> Self {
        Error::Investment(e)
    }
}

fn uncertified(address: &crate::chain::AccountId, code_hash: &Option<subxt::utils::H256>) -> String {
    match code_hash {
        Some(hash) => format!(
            "refusing to talk to {address}: its code {hash:?} is not certified on this chain (never certified, or the certification was revoked); check the address, or ask a certifier"
        ),
        None => format!("there is no contract at {address}; check the address"),
    }
}

/// Shorthand for connection-level failures of subxt.
pub(crate) fn connection(e: impl std::fmt::Display) -> Error {
    Error::Connection(e.to_string())
}
