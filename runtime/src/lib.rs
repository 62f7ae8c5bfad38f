//! # Fiducia runtime
//!
//! A permissioned solo chain: block authors are the issuer-licensed verifiers
//! (Aura + GRANDPA, fed by `pallet-session`), money is the native token held by
//! `pallet-balances`, and the business logic runs as ink! 5 WebAssembly
//! contracts on `pallet-contracts`.
//!
//! Layout (after the polkadot-sdk solochain template):
//! - [`configs`]: one `impl Config` per pallet, with the reasoning for each value,
//!   and the registry chain extension contracts use for role and second-factor checks;
//! - [`apis`]: the runtime APIs the node and clients call (incl. `ContractsApi`);
//! - [`genesis_config_presets`]: `development` and `local` genesis presets.
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand to deep recursion.
#![recursion_limit = "256"]
// `#[frame_support::runtime]` and `impl_runtime_apis!` generate public items
// (`Runtime`, `RuntimeCall`, `RuntimeApi`, the pallet aliases, …) without
// docs; the lint is off for this crate only, every item we write is documented.
#![allow(missing_docs)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;

use frame_support::parameter_types;
use sp_runtime::{
    generic, impl_opaque_keys,
    traits::{BlakeTwo256, IdentifyAccount, Verify},
    MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use pallet_balances::Call as BalancesCall;
#[cfg(feature = "std")]
pub use sp_runtime::BuildStorage;

/// Block number: blocks are counted with 32 bits (≈ 270 years at 2 s).
pub type BlockNumber = u32;
/// Signature scheme of extrinsics (sr25519, ed25519 or ecdsa).
pub type Signature = MultiSignature;
/// An account: the public key of the signature scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Amount of the native token in its smallest unit.
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Block and state hash.
pub type Hash = sp_core::H256;
/// Milliseconds since the Unix epoch.
pub type Moment = u64;

/// One whole token (12 decimals), symbol `FID`.
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of a token.
pub const MILLIUNIT: Balance = UNIT / 1_000;
/// A millionth of a token.
pub const MICROUNIT: Balance = UNIT / 1_000_000;
/// Minimum balance an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLIUNIT;

/// Target block time. Two seconds keeps the dev node and the e2e tests fast
/// while leaving verifiers on one LAN ample time to import and vote.
pub const MILLISECS_PER_BLOCK: u64 = 2_000;
/// Aura slot length; it cannot change after genesis without a hard fork.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks per minute at the target block time.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per session: verifier-set changes apply at session boundaries
/// (see `configs::SessionPeriod`).
pub const SESSION_BLOCKS: BlockNumber = 10;
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
    use super::*;
    pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

    /// Opaque block header.
    pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
    /// Opaque block.
    pub type Block = generic::Block<Header, UncheckedExtrinsic>;

    impl_opaque_keys! {
        /// The session keys a verifier registers (`session.setKeys`).
        pub struct SessionKeys {
            /// Block production.
            pub aura: Aura,
            /// Finality votes.
            pub grandpa: Grandpa,
        }
    }
}
pub use opaque::SessionKeys;

/// Runtime version. Bump `spec_version` with every change of runtime logic.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
    spec_name: alloc::borrow::Cow::Borrowed("fiducia"),
    impl_name: alloc::borrow::Cow::Borrowed("fiducia"),
    authoring_version: 1,
    spec_version: 102,
    impl_version: 1,
    apis: apis::RUNTIME_API_VERSIONS,
    transaction_version: 2,
    system_version: 1,
};

/// Address format of extrinsics.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// Checks every signed transaction goes through, in order.
pub type TxExtension = (
    frame_system::CheckNonZeroSender<Runtime>,
    frame_system::CheckSpecVersion<Runtime>,
    frame_system::CheckTxVersion<Runtime>,
    frame_system::CheckGenesis<Runtime>,
    frame_system::CheckEra<Runtime>,
    frame_system::CheckNonce<Runtime>,
    frame_system::CheckWeight<Runtime>,
    pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
);
/// Extrinsic as the runtime decodes it.
pub type UncheckedExtrinsic = generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// Payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;
parameter_types! {
    /// The pallet that held the sudo key, removed in spec 101.
    pub const SudoPalletName: &'static str = "Sudo";
}

/// Storage migrations to run on the next upgrade (from spec 100): admit the
/// running verifiers (the session manager used to be empty) and delete the
/// sudo key.
type Migrations = (
    pallet_fiducia_verifiers::migrations::InitializeFromSession<Runtime>,
    frame_support::migrations::RemovePallet<SudoPalletName, <Runtime as frame_system::Config>::DbWeight>,
);
/// Dispatches blocks and extrinsics to the pallets.
pub type RuntimeExecutive = frame_executive::Executive<
    Runtime,
    Block,
    frame_system::ChainContext<Runtime>,
    Runtime,
    AllPalletsWithSystem,
    Migrations,
>;

/// The runtime: pallets in dispatch order. Session precedes Aura and Grandpa
/// so that a session change is applied before they read their authority sets.
#[frame_support::runtime]
mod runtime {
    #[runtime::runtime]
    #[runtime::derive(
        RuntimeCall,
        RuntimeEvent,
        RuntimeError,
        RuntimeOrigin,
        RuntimeFreezeReason,
        RuntimeHoldReason,
        RuntimeSlashReason,
        RuntimeLockId,
        RuntimeTask,
        RuntimeViewFunction
    )]
    pub struct Runtime;

    #[runtime::pallet_index(0)]
    pub type System = frame_system;
    #[runtime::pallet_index(1)]
    pub type Timestamp = pallet_timestamp;
    #[runtime::pallet_index(2)]
    pub type Balances = pallet_balances;
    #[runtime::pallet_index(3)]
    pub type TransactionPayment = pallet_transaction_payment;
    #[runtime::pallet_index(4)]
    pub type Session = pallet_session;
    #[runtime::pallet_index(5)]
    pub type Aura = pallet_aura;
    #[runtime::pallet_index(6)]
    pub type Grandpa = pallet_grandpa;
    #[runtime::pallet_index(8)]
    pub type Contracts = pallet_contracts;
    #[runtime::pallet_index(9)]
    pub type Registry = pallet_fiducia_registry;
    // Index 7 was `pallet-sudo`: Root is now a majority of issuers (registry
    // root motions). The verifiers pallet comes after the registry so that
    // its genesis can check the verifiers' licenses.
    #[runtime::pallet_index(10)]
    pub type Verifiers = pallet_fiducia_verifiers;
}
