//! The registry interface shared by the runtime and the contracts: the roles
//! of SPEC §1. The chain extension that exposes `has_role` and
//! `verify_second_factor` to contracts is added with the runtime registry.
//! With the `authenticator` feature: a software FIDO2 authenticator.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

#[cfg(feature = "authenticator")]
pub mod authenticator;

/// A role the issuer licenses an account for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, codec::Encode, codec::Decode, codec::DecodeWithMemTracking, codec::MaxEncodedLen, scale_info::TypeInfo, serde::Serialize, serde::Deserialize)]
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
/// Function id of `verify_second_factor(account, challenge, assertion) -> Result<(), SecondFactorError>`.
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
#[derive(Clone, Debug, PartialEq, Eq, codec::Encode, codec::Decode, codec::DecodeWithMemTracking, scale_info::TypeInfo)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, codec::Encode, codec::Decode, codec::MaxEncodedLen, scale_info::TypeInfo)]
pub enum SecondFactorError {
    /// The account has no registered credential.
    NoCredential,
    /// The assertion names another credential than the registered one.
    UnknownCredential,
    /// A field is longer than the registry accepts, or too short to parse.
    Malformed,
    /// `clientDataJSON` is not JSON with string `type` and `challenge`.
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
}

#[cfg(not(feature = "std"))]
extern crate alloc;
#[cfg(not(feature = "std"))]
use alloc::vec::Vec;
