//! The registry interface shared by the runtime, the contracts and the client:
//! the roles (docs/ARCHITECTURE.md#roles), the chain extension's ids and
//! wire types, how a second-factor challenge is derived, and the errors a
//! contract returns when the registry refuses an action.
//!
//! Features: `ink` — the `#[ink::chain_extension]` definition and
//! [`FiduciaEnvironment`] contracts are written against; `authenticator` — a
//! software FIDO2 authenticator (std only). The off-chain mock registry and
//! the permission matrix the contracts' `#[ink::test]`s use live in the
//! dev-only crate `fiducia-testkit`.
#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "authenticator")]
pub mod authenticator;
#[cfg(feature = "ink")]
mod extension;
#[cfg(feature = "ink")]
pub use extension::{access, FiduciaEnvironment, Registry, TransportError, Verdict};

use codec::Encode;

/// A role the issuer licenses an account for.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    codec::Encode,
    codec::Decode,
    codec::DecodeWithMemTracking,
    codec::MaxEncodedLen,
    scale_info::TypeInfo,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Role {
    /// May license participants and manage verifiers.
    Issuer,
    /// Authors and finalizes blocks.
    Verifier,
    /// Approves loan listings and activates funded loans.
    Administrator,
    /// Applies for loans and repays them.
    Borrower,
    /// Funds loans and claims repayments.
    Investor,
    /// Publishes products and agreements, authorizes advisors.
    Institution,
    /// Gives investment advice under an authorization.
    Advisor,
    /// Buys advice and signs investment agreements.
    Customer,
    /// Rules on disputes (the SCCA).
    Arbiter,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 9] = [
        Role::Issuer,
        Role::Verifier,
        Role::Administrator,
        Role::Borrower,
        Role::Investor,
        Role::Institution,
        Role::Advisor,
        Role::Customer,
        Role::Arbiter,
    ];
}

/// The contract-facing id of the registry chain extension (high 16 bits of
/// `func_id` in `pallet-contracts`).
pub const EXTENSION_ID: u16 = 0x4644; // "FD"
/// Function id of `has_role(account, role) -> bool`.
pub const FN_HAS_ROLE: u16 = 1;
/// Function id of `verify_second_factor(challenge, assertion) -> Result<(), SecondFactorError>`:
/// the runtime checks the assertion of the calling contract's *caller*, over
/// the challenge bound to the chain, the contract and that caller
/// ([`second_factor_preimage`]).
pub const FN_VERIFY_SECOND_FACTOR: u16 = 2;

/// Longest credential id accepted (WebAuthn allows up to 1023; authenticators use ≤ 64).
pub const MAX_CREDENTIAL_ID: u32 = 128;
/// Longest authenticator data accepted.
pub const MAX_AUTHENTICATOR_DATA: u32 = 512;
/// Longest `clientDataJSON` accepted.
pub const MAX_CLIENT_DATA: u32 = 1024;
/// Longest DER-encoded ECDSA signature (P-256: at most 72 bytes).
pub const MAX_SIGNATURE: u32 = 80;

/// A WebAuthn assertion (`navigator.credentials.get()` response), as the
/// authenticator produced it.
#[derive(
    Clone, Debug, PartialEq, Eq, codec::Encode, codec::Decode, codec::DecodeWithMemTracking, scale_info::TypeInfo,
)]
pub struct Assertion {
    /// The credential that signed.
    pub credential_id: Vec<u8>,
    /// `authenticatorData`: RP-id hash ‖ flags ‖ signature counter ‖ extensions.
    pub authenticator_data: Vec<u8>,
    /// `clientDataJSON`, byte for byte as signed.
    pub client_data_json: Vec<u8>,
    /// ASN.1 DER ECDSA P-256 signature over `authenticatorData ‖ SHA-256(clientDataJSON)`.
    pub signature: Vec<u8>,
}

/// Why a second-factor assertion was refused. Each failure has its own code.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, codec::Encode, codec::Decode, codec::MaxEncodedLen, scale_info::TypeInfo,
)]
pub enum SecondFactorError {
    /// The account has no registered credential.
    NoCredential,
    /// The assertion names another credential than the registered one.
    UnknownCredential,
    /// A field is longer than the registry accepts, or too short to parse.
    Malformed,
    /// `clientDataJSON` is not JSON with string `type`, `challenge` and `origin`.
    BadClientData,
    /// `type` is not `webauthn.get`.
    WrongType,
    /// The challenge is not the one the action requires.
    WrongChallenge,
    /// The RP-id hash is not the registered relying party's.
    WrongRelyingParty,
    /// The user-present flag is not set.
    UserNotPresent,
    /// The signature counter did not increase (a replayed or cloned authenticator).
    Replayed,
    /// The signature does not verify under the registered public key.
    BadSignature,
    /// `clientDataJSON.origin` is not the relying party's own `https://`
    /// origin, or the assertion was made in a cross-origin frame.
    WrongOrigin,
}

/// Why the registry refused an action; a contract returns it unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, codec::Encode, codec::Decode, scale_info::TypeInfo)]
pub enum AccessError {
    /// The caller holds no current license for this role.
    MissingRole(Role),
    /// The second-factor assertion was refused.
    SecondFactor(SecondFactorError),
}

/// The bytes whose BLAKE2b-256 hash is a contract's challenge for a
/// critical action: `SCALE(action, contract, args, nonce)`.
///
/// `action` names the message (e.g. `"lending.apply"`), `contract` is the
/// contract's account, `args` the message's arguments other than the
/// assertion, and `nonce` the caller's per-contract counter, which the
/// contract increments on every accepted assertion. The contract and the
/// client both call this function, so they hash the same bytes. What the
/// authenticator finally signs is bound further by the runtime, see
/// [`second_factor_preimage`].
pub fn challenge_preimage<A: Encode>(action: &str, contract: &[u8; 32], args: &A, nonce: u64) -> Vec<u8> {
    (action, contract, args, nonce).encode()
}

/// Domain of every second-factor challenge Fiducia's runtime checks.
pub const SECOND_FACTOR_DOMAIN: &[u8] = b"fiducia/second-factor/v1";

/// The bytes whose BLAKE2b-256 hash is the challenge an authenticator signs:
/// `SCALE(SECOND_FACTOR_DOMAIN, genesis, contract, caller, challenge)`, with
/// `challenge` the contract's ([`challenge_preimage`]). The runtime builds it
/// from facts no contract can forge — the chain's genesis hash, the address
/// of the contract calling the extension and that contract's caller — so an
/// assertion is good for one chain, one contract, one signer and one action
/// (docs/security.md, "Second factor").
pub fn second_factor_preimage(
    genesis: &[u8; 32],
    contract: &[u8; 32],
    caller: &[u8; 32],
    challenge: &[u8; 32],
) -> Vec<u8> {
    (SECOND_FACTOR_DOMAIN, genesis, contract, caller, challenge).encode()
}

impl core::fmt::Display for SecondFactorError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::NoCredential => "no second-factor credential is registered for the account",
            Self::UnknownCredential => "the assertion names another credential",
            Self::Malformed => "the assertion is malformed",
            Self::BadClientData => "clientDataJSON is not valid",
            Self::WrongType => "clientDataJSON type is not webauthn.get",
            Self::WrongChallenge => "the assertion answers another challenge",
            Self::WrongRelyingParty => "the assertion is for another relying party",
            Self::UserNotPresent => "the user-present flag is not set",
            Self::Replayed => "the signature counter did not increase (replay)",
            Self::BadSignature => "the signature does not verify",
            Self::WrongOrigin => "the assertion was made on another site than the relying party's",
        })
    }
}

impl core::fmt::Display for AccessError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::MissingRole(role) => write!(f, "the caller is not licensed as {role:?}"),
            Self::SecondFactor(e) => write!(f, "second factor refused: {e}"),
        }
    }
}

#[cfg(not(feature = "std"))]
extern crate alloc;
#[cfg(not(feature = "std"))]
use alloc::vec::Vec;
