//! `pallet-contracts` for ink! 5 WebAssembly contracts.
//!
//! Limits, written down (they bound a verifier's memory use; see the pallet's
//! `integrity_test`, which checks them at start-up):
//! - code: at most [`MAX_CODE_LEN`] (123 KiB) of wasm per contract;
//! - memory: 16 pages of 64 KiB (1 MiB) per contract instance (pallet default),
//!   nested calls at most 5 deep ([`CallStack`] of 5 frames + 1);
//! - storage keys ≤ 128 bytes, transient storage ≤ 1 MiB;
//! - determinism: codes are uploaded with `Determinism::Enforced` by the
//!   client (no floating point), and unstable host functions are refused.
//!
//! Certified code (docs/security.md, "Certified contract code"): only
//! accounts licensed to deploy ([`LicensedDeployer`]) may upload and
//! instantiate code, only
//! code whose hash a certifier recorded in the registry may be instantiated
//! by an extrinsic ([`CertifiedCodeOnly`], the runtime's call filter), and
//! the registry chain extension answers certified contracts only.

use crate::{
    AccountId, Balance, Balances, Registry, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin,
    Timestamp, TransactionPayment, MICROUNIT, MILLIUNIT,
};
use frame_support::{
    parameter_types,
    traits::{ConstBool, ConstU32, Contains, EnsureOrigin, Nothing, Randomness},
};
use frame_system::{pallet_prelude::BlockNumberFor, EnsureSigned, RawOrigin};
use sp_runtime::{
    traits::{BlakeTwo256, Hash},
    Perbill,
};

/// The runtime's call filter: an extrinsic may instantiate a contract only
/// from certified code — by code hash (`instantiate`,
/// `instantiate_old_weight`) or by the hash of the code it carries
/// (`instantiate_with_code`, `instantiate_with_code_old_weight`). The other
/// `pallet-contracts` calls are listed one by one and pass; a call this
/// filter does not know (a future variant) is refused, so a new way to
/// instantiate cannot slip past it. Every other pallet's calls pass.
pub struct CertifiedCodeOnly;
impl Contains<RuntimeCall> for CertifiedCodeOnly {
    fn contains(call: &RuntimeCall) -> bool {
        use pallet_contracts::Call as C;
        let RuntimeCall::Contracts(call) = call else { return true };
        match call {
            C::instantiate { code_hash, .. } | C::instantiate_old_weight { code_hash, .. } => {
                Registry::is_certified(code_hash)
            },
            C::instantiate_with_code { code, .. } | C::instantiate_with_code_old_weight { code, .. } => {
                Registry::is_certified(&BlakeTwo256::hash(code))
            },
            C::call { .. }
            | C::call_old_weight { .. }
            | C::upload_code { .. }
            | C::remove_code { .. }
            | C::set_code { .. }
            | C::migrate { .. } => true,
            _ => false,
        }
    }
}

/// Who may upload and instantiate contract code: a signed account holding a
/// current deployer license (`pallet_fiducia_registry::Pallet::is_licensed_deployer`).
pub struct LicensedDeployer;
impl EnsureOrigin<RuntimeOrigin> for LicensedDeployer {
    type Success = AccountId;

    fn try_origin(origin: RuntimeOrigin) -> Result<AccountId, RuntimeOrigin> {
        let who = EnsureSigned::<AccountId>::try_origin(origin)?;
        if Registry::is_licensed_deployer(&who) {
            Ok(who)
        } else {
            Err(RawOrigin::Signed(who).into())
        }
    }
}

/// Largest contract code accepted, in bytes. The pallet's integrity test
/// bounds it by the runtime memory, the call depth (6) and the per-instance
/// memory: below 128,501 bytes here.
pub const MAX_CODE_LEN: u32 = 123 * 1024;

/// Storage deposit: a contract's caller reserves this much per storage item
/// and per byte, and gets it back when the storage is freed.
const fn deposit(items: u32, bytes: u32) -> Balance {
    (items as Balance) * 15 * MILLIUNIT + (bytes as Balance) * 6 * MICROUNIT
}

parameter_types! {
    pub const DepositPerItem: Balance = deposit(1, 0);
    pub const DepositPerByte: Balance = deposit(0, 1);
    pub const DefaultDepositLimit: Balance = deposit(1024, 1024 * 1024);
    pub ContractsSchedule: pallet_contracts::Schedule<Runtime> = Default::default();
    pub const CodeHashLockupDepositPercent: Perbill = Perbill::from_percent(30);
}

/// `seal_random` is deprecated and codes importing it cannot be uploaded, so
/// the pallet never calls this; it exists only to satisfy the `Config` bound.
pub struct NoRandomness;
impl Randomness<crate::Hash, BlockNumberFor<Runtime>> for NoRandomness {
    fn random(_subject: &[u8]) -> (crate::Hash, BlockNumberFor<Runtime>) {
        (Default::default(), 0)
    }
}

/// Up to five nested contract calls (depth 6 with the root call).
pub type CallStack = [pallet_contracts::Frame<Runtime>; 5];

impl pallet_contracts::Config for Runtime {
    type Time = Timestamp;
    type Randomness = NoRandomness;
    type Currency = Balances;
    type RuntimeEvent = RuntimeEvent;
    type RuntimeCall = RuntimeCall;
    type RuntimeHoldReason = RuntimeHoldReason;
    /// Contracts may not dispatch runtime calls.
    type CallFilter = Nothing;
    type WeightPrice = TransactionPayment;
    type WeightInfo = pallet_contracts::weights::SubstrateWeight<Self>;
    type ChainExtension = super::registry_extension::RegistryExtension;
    type Schedule = ContractsSchedule;
    type CallStack = CallStack;
    type DepositPerByte = DepositPerByte;
    type DefaultDepositLimit = DefaultDepositLimit;
    type DepositPerItem = DepositPerItem;
    type CodeHashLockupDepositPercent = CodeHashLockupDepositPercent;
    type AddressGenerator = pallet_contracts::DefaultAddressGenerator;
    type MaxCodeLen = ConstU32<MAX_CODE_LEN>;
    type MaxStorageKeyLen = ConstU32<128>;
    type MaxTransientStorageSize = ConstU32<{ 1024 * 1024 }>;
    type MaxDelegateDependencies = ConstU32<32>;
    type UnsafeUnstableInterface = ConstBool<false>;
    type MaxDebugBufferLen = ConstU32<{ 2 * 1024 * 1024 }>;
    type UploadOrigin = LicensedDeployer;
    type InstantiateOrigin = LicensedDeployer;
    type Migrations = ();
    type Debug = ();
    type Environment = ();
    type ApiVersion = ();
    type Xcm = ();
}
