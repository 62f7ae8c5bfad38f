//! One `Config` per pallet. Values that matter for users are explained here.

mod contracts;
mod registry_extension;
pub use contracts::{CertifiedCodeOnly, LicensedDeployer, MAX_CODE_LEN};

use crate::{
    AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo, Registry, Runtime, RuntimeCall,
    RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Session, SessionKeys, System,
    Verifiers, DAYS, EXISTENTIAL_DEPOSIT, SESSION_BLOCKS, SLOT_DURATION, VERSION,
};
use alloc::vec::Vec;
use fiducia_registry_api::Role;
use frame_support::{
    derive_impl,
    dispatch::DispatchClass,
    parameter_types,
    traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Contains, Get, VariantCountOf},
    weights::{
        constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
        IdentityFee, Weight,
    },
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::{
    traits::{ConvertInto, One, OpaqueKeys},
    Perbill,
};
use sp_version::RuntimeVersion;

const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
    /// Block hashes kept for mortal transactions (about 80 minutes).
    pub const BlockHashCount: BlockNumber = 2400;
    /// The runtime's version, as `frame_system` reports it.
    pub const Version: RuntimeVersion = VERSION;
    /// Half a second of compute per 2-second block: a verifier proposes for
    /// 2/3 of a slot and the others must import the block within the rest.
    pub RuntimeBlockWeights: frame_system::limits::BlockWeights =
        frame_system::limits::BlockWeights::with_sensible_defaults(
            Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 2, u64::MAX),
            NORMAL_DISPATCH_RATIO,
        );
    /// 5 MiB blocks, of which normal transactions may fill 75 %.
    pub RuntimeBlockLength: frame_system::limits::BlockLength =
        frame_system::limits::BlockLength::builder()
            .max_length(5 * 1024 * 1024)
            .modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
            .build();
    /// Generic Substrate address prefix.
    pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
    /// Extrinsics may instantiate certified contract code only.
    type BaseCallFilter = CertifiedCodeOnly;
    type Block = Block;
    type BlockWeights = RuntimeBlockWeights;
    type BlockLength = RuntimeBlockLength;
    type AccountId = AccountId;
    type Nonce = Nonce;
    type Hash = Hash;
    type BlockHashCount = BlockHashCount;
    /// The node stores state in ParityDB only (docs/ARCHITECTURE.md): its
    /// read and write costs, not RocksDB's (docs/performance.md#database-weights).
    type DbWeight = ParityDbWeight;
    /// `frame_system`'s calls and its transaction extensions priced with
    /// `DbWeight` (the defaults, `()`, use RocksDB's figures).
    type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
    type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Runtime>;
    type Version = Version;
    type AccountData = pallet_balances::AccountData<Balance>;
    type SS58Prefix = SS58Prefix;
    type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
    type Moment = crate::Moment;
    type OnTimestampSet = Aura;
    type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
    type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_balances::Config for Runtime {
    type MaxLocks = ConstU32<50>;
    type MaxReserves = ();
    type ReserveIdentifier = [u8; 8];
    type Balance = Balance;
    type RuntimeEvent = RuntimeEvent;
    type DustRemoval = ();
    type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
    type AccountStore = System;
    type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
    type FreezeIdentifier = RuntimeFreezeReason;
    type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
    type RuntimeHoldReason = RuntimeHoldReason;
    type RuntimeFreezeReason = RuntimeFreezeReason;
    type DoneSlashHandler = ();
}

parameter_types! {
    /// No congestion multiplier: fees stay what the weight says.
    pub FeeMultiplier: Multiplier = Multiplier::one();
}

/// Fees: one unit per unit of weight and per byte; no congestion multiplier on
/// a permissioned chain.
impl pallet_transaction_payment::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type OnChargeTransaction = FungibleAdapter<Balances, ()>;
    type OperationalFeeMultiplier = ConstU8<5>;
    type WeightToFee = IdentityFee<Balance>;
    type LengthToFee = IdentityFee<Balance>;
    type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
    /// Priced with `DbWeight` (the default, `()`, uses RocksDB's figures).
    type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
    /// A session lasts 10 blocks (20 s). Verifier-set changes apply at a
    /// session boundary, one to two sessions after they pass (20–40 s), so
    /// an operator (and the multi-node tests) see a new verifier authoring
    /// within a minute. The price: `pallet-session` charges the whole block
    /// weight in each boundary block, so 1 block in 10 carries no user
    /// transaction (docs/verifiers.md#session-length).
    pub const SessionPeriod: BlockNumber = SESSION_BLOCKS;
    /// Sessions start at block 0.
    pub const SessionOffset: BlockNumber = 0;
}

/// Verifiers = session validators. Their set is kept by the session manager
/// (issuer-managed through the registry), and each verifier registers its
/// Aura and GRANDPA keys with `session.setKeys`.
impl pallet_session::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type ValidatorId = AccountId;
    type ValidatorIdOf = ConvertInto;
    type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
    type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
    type SessionManager = Verifiers;
    type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
    type Keys = SessionKeys;
    type DisablingStrategy = ();
    /// `set_keys` is an extrinsic any account may send: charge it.
    type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
    type Currency = Balances;
    type KeyDeposit = ();
}

impl pallet_aura::Config for Runtime {
    type AuthorityId = sp_consensus_aura::sr25519::AuthorityId;
    type DisabledValidators = ();
    type MaxAuthorities = ConstU32<32>;
    type AllowMultipleBlocksPerSlot = ConstBool<false>;
    type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type WeightInfo = ();
    type MaxAuthorities = ConstU32<32>;
    type MaxNominators = ConstU32<0>;
    type MaxSetIdSessionEntries = ConstU64<0>;
    type KeyOwnerProof = sp_core::Void;
    type EquivocationReportSystem = ();
}

/// The permission registry (docs/ARCHITECTURE.md#the-registry): issuers,
/// licenses, FIDO2 credentials, certified code.
impl pallet_fiducia_registry::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type MaxIssuers = ConstU32<16>;
    /// An issuer motion gathers approvals for at most 7 days of 2-second blocks.
    type MotionLifetime = ConstU32<{ 7 * DAYS }>;
    /// Root motions dispatch any runtime call (upgrades, recovery).
    type RuntimeCall = RuntimeCall;
    type WeightInfo = pallet_fiducia_registry::weights::DbWeights<Runtime>;
}

/// Accounts holding a current Verifier license in the registry.
pub struct VerifierLicense;
impl Contains<AccountId> for VerifierLicense {
    fn contains(who: &AccountId) -> bool {
        Registry::has_role(who, Role::Verifier)
    }
}

/// Accounts that registered session keys (`session.set_keys`).
pub struct HasSessionKeys;
impl Contains<AccountId> for HasSessionKeys {
    fn contains(who: &AccountId) -> bool {
        pallet_session::NextKeys::<Runtime>::contains_key(who)
    }
}

/// The verifiers of the current session.
pub struct SessionVerifiers;
impl Get<Vec<AccountId>> for SessionVerifiers {
    fn get() -> Vec<AccountId> {
        Session::validators()
    }
}

/// The verifier set (docs/verifiers.md): licensed by an issuer, admitted by
/// a majority of the current verifiers, keyed; at least the genesis minimum.
impl pallet_fiducia_verifiers::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    /// Aura's and GRANDPA's `MaxAuthorities`.
    type MaxVerifiers = ConstU32<32>;
    type SessionLength = SessionPeriod;
    /// Verifier motions live as long as issuer motions: 7 days.
    type MotionLifetime = ConstU32<{ 7 * DAYS }>;
    type Licensed = VerifierLicense;
    type Keyed = HasSessionKeys;
    type Current = SessionVerifiers;
    type WeightInfo = pallet_fiducia_verifiers::weights::DbWeights<Runtime>;
}
