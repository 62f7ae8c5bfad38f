//! The ink! side of the registry chain extension: the one definition every
//! Fiducia contract calls, and the contract environment that carries it.
//!
//! The runtime (`fiducia-runtime`, `configs/registry_extension.rs`) implements
//! the same ids with the same SCALE types, so a contract and the node cannot
//! disagree on the wire format. Both functions always succeed at the
//! transport level (status 0) and return their answer in the output buffer,
//! hence `handle_status = false`.

use crate::{Assertion, Role, SecondFactorError};
use ink::env::{DefaultEnvironment, Environment};

/// `has_role` and `verify_second_factor`, answered by the runtime's registry.
#[ink::chain_extension(extension = 0x4644)]
pub trait Registry {
    /// The status code the runtime returns; it is always 0 (success).
    type ErrorCode = TransportError;

    /// Does `account` hold a current license for `role`?
    #[ink(function = 1, handle_status = false)]
    fn has_role(account: ink::primitives::AccountId, role: Role) -> bool;

    /// Checks a WebAuthn assertion of the registered credential of this
    /// contract's caller, over `challenge` bound to the chain, this contract
    /// and the caller (`crate::second_factor_preimage`); on success the
    /// registry stores the new signature counter. The account is never an
    /// argument: no contract can spend another account's assertion.
    #[ink(function = 2, handle_status = false)]
    fn verify_second_factor(challenge: [u8; 32], assertion: Assertion) -> Verdict;
}

/// The registry's answer to `verify_second_factor`: SCALE-identical to the
/// `Result<(), SecondFactorError>` the runtime writes. It is a newtype
/// because ink! 5 decodes only the `Ok` value of a `Result`-typed extension
/// method whose status code is ignored, which would turn every refusal into
/// success.
#[derive(Clone, Copy, Debug, PartialEq, Eq, codec::Encode, codec::Decode, scale_info::TypeInfo)]
pub struct Verdict(pub Result<(), SecondFactorError>);

/// A non-zero status code from the chain extension (the runtime never
/// returns one; it traps instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq, codec::Encode, codec::Decode, scale_info::TypeInfo)]
pub struct TransportError(pub u32);

impl ink::env::chain_extension::FromStatusCode for TransportError {
    fn from_status_code(status_code: u32) -> Result<(), Self> {
        if status_code == 0 {
            Ok(())
        } else {
            Err(Self(status_code))
        }
    }
}

/// ink!'s default environment with the registry chain extension: the
/// environment of every Fiducia contract (`#[ink::contract(env = FiduciaEnvironment)]`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub enum FiduciaEnvironment {}

impl Environment for FiduciaEnvironment {
    const MAX_EVENT_TOPICS: usize = <DefaultEnvironment as Environment>::MAX_EVENT_TOPICS;
    type AccountId = <DefaultEnvironment as Environment>::AccountId;
    type Balance = <DefaultEnvironment as Environment>::Balance;
    type Hash = <DefaultEnvironment as Environment>::Hash;
    type Timestamp = <DefaultEnvironment as Environment>::Timestamp;
    type BlockNumber = <DefaultEnvironment as Environment>::BlockNumber;
    type ChainExtension = Registry;
}

/// The registry checks every Fiducia contract message starts with, written
/// once for all contracts (the caller is the message's caller).
pub mod access {
    use super::{FiduciaEnvironment, Registry};
    use crate::{challenge_preimage, AccessError, Assertion, Role};
    use ink::{
        env::hash::{Blake2x256, HashOutput},
        ChainExtensionInstance,
    };

    fn registry() -> <Registry as ChainExtensionInstance>::Instance {
        <Registry as ChainExtensionInstance>::instantiate()
    }

    /// The caller must hold a current license for `role`.
    pub fn require_role(role: Role) -> Result<(), AccessError> {
        let caller = ink::env::caller::<FiduciaEnvironment>();
        if registry().has_role(caller, role) {
            Ok(())
        } else {
            Err(AccessError::MissingRole(role))
        }
    }

    /// The caller's `assertion` must answer the challenge of `action` over
    /// `args`, bound to this contract and the caller's `nonce` (which the
    /// contract then consumes). See [`challenge_preimage`].
    pub fn verify_second_factor<A: codec::Encode>(
        action: &str,
        args: &A,
        nonce: u64,
        assertion: Assertion,
    ) -> Result<(), AccessError> {
        let contract = ink::env::account_id::<FiduciaEnvironment>();
        let preimage = challenge_preimage(action, contract.as_ref(), args, nonce);
        let mut challenge = <Blake2x256 as HashOutput>::Type::default();
        ink::env::hash_bytes::<Blake2x256>(&preimage, &mut challenge);
        registry().verify_second_factor(challenge, assertion).0.map_err(AccessError::SecondFactor)
    }
}
