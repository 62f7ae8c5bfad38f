//! # fiducia-interfaces
//!
//! The one definition of what the Fiducia contracts show the outside world:
//! every event each contract emits (`#[ink::event]` structs, in the module
//! named after the contract) and the `advice` contract's cross-contract view
//! ([`advice::AdviceView`]), which the `investment` contract calls. The
//! contracts emit these structs and the client decodes them, so a renamed
//! event or field breaks the build on both sides rather than the decoding at
//! run time. The rules behind each event are in `docs/protocol/`.
//!
//! ink! puts every `#[ink::event]` linked into a contract into that
//! contract's metadata, so each contract enables only its own feature
//! (`lending`, `advice`, `investment`; `payouts` comes with `fiducia-payouts`); `advice-view` is the advice contract's
//! view without its events, for the investment contract.
//!
//! No field is an `#[ink(topic)]`: each event carries only its signature
//! topic, by which the client and the indexer recognise it (all fields are in
//! its data either way). Every topic costs the runtime a storage read and
//! write per event (`System::EventTopics`, ≈ 60 µs with ParityDB weights),
//! and nothing here looks events up by topic (docs/performance.md#event-topics).
#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(any(feature = "advice", feature = "advice-view"))]
pub mod advice;
#[cfg(feature = "investment")]
pub mod investment;
#[cfg(feature = "lending")]
pub mod lending;
#[cfg(feature = "payouts")]
pub mod payouts;

use fiducia_registry_api::FiduciaEnvironment;
use ink::env::Environment;

/// The chain's balance type.
pub type Balance = <FiduciaEnvironment as Environment>::Balance;
/// Milliseconds since the Unix epoch (the block timestamp).
pub type Timestamp = <FiduciaEnvironment as Environment>::Timestamp;

/// Writes an account as SS58 text (generic Substrate prefix 42), the way the
/// client prints every other account.
#[cfg(feature = "serde")]
pub fn ss58<S: serde::Serializer>(account: &ink::primitives::AccountId, serializer: S) -> Result<S::Ok, S::Error> {
    use blake2::{Blake2b512, Digest};
    const PREFIX: u8 = 42;
    let mut bytes = Vec::with_capacity(35);
    bytes.push(PREFIX);
    bytes.extend_from_slice(account.as_ref());
    let checksum = Blake2b512::new().chain_update(b"SS58PRE").chain_update(&bytes).finalize();
    bytes.extend_from_slice(&checksum[..2]);
    serializer.serialize_str(&bs58::encode(bytes).into_string())
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    #[test]
    fn accounts_serialize_as_ss58() {
        // Alice's sr25519 public key and its well-known SS58 address.
        let alice: [u8; 32] = [
            0xd4, 0x35, 0x93, 0xc7, 0x15, 0xfd, 0xd3, 0x1c, 0x61, 0x14, 0x1a, 0xbd, 0x04, 0xa9, 0x9f, 0xd6, 0x82, 0x2c,
            0x85, 0x58, 0x85, 0x4c, 0xcd, 0xe3, 0x9a, 0x56, 0x84, 0xe7, 0xa5, 0x6d, 0xa2, 0x7d,
        ];
        let json = super::ss58(&alice.into(), serde_json::value::Serializer).unwrap();
        assert_eq!(json, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    }
}
