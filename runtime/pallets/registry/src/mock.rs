//! A minimal runtime for the registry's tests: System and the registry.
//!
//! The registry's genesis part is left out of `RuntimeGenesisConfig`: the
//! macro-generated `test_genesis_config_builds` builds the *default* genesis,
//! whose empty issuer set the registry refuses. [`new_test_ext`] builds the
//! registry's genesis itself.

use crate::{self as pallet_fiducia_registry, Role};
use frame_support::{
    derive_impl,
    traits::{ConstU32, ConstU64},
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Registry: pallet_fiducia_registry::{Pallet, Call, Storage, Event<T>},
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
}

/// Motions of the tests live 10 blocks.
pub const MOTION_LIFETIME: u64 = 10;

impl crate::Config for Test {
    type RuntimeEvent = RuntimeEvent;
    type MaxIssuers = ConstU32<8>;
    type MotionLifetime = ConstU64<MOTION_LIFETIME>;
    type RuntimeCall = RuntimeCall;
    type WeightInfo = ();
}

/// Genesis issuers.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
/// A borrower licensed at genesis.
pub const DAVE: u64 = 4;
/// An unlicensed account.
pub const EVE: u64 = 5;
/// An Arbiter (the SCCA) licensed at genesis.
pub const FERDIE: u64 = 6;

/// Code certified at genesis.
pub fn genesis_code() -> sp_core::H256 {
    sp_core::H256::repeat_byte(0xc0)
}

/// The test genesis of the registry: three issuers (Alice, Bob, Charlie),
/// Dave a borrower, Ferdie an arbiter, [`genesis_code`] certified.
pub fn test_genesis() -> crate::GenesisConfig<Test> {
    crate::GenesisConfig {
        issuers: vec![ALICE, BOB, CHARLIE],
        licenses: vec![(DAVE, Role::Borrower), (FERDIE, Role::Arbiter)],
        certified_code: vec![genesis_code()],
    }
}

/// Externalities of `registry` genesis (and System's), at block 1.
pub fn ext_with(registry: crate::GenesisConfig<Test>) -> sp_io::TestExternalities {
    let mut storage =
        RuntimeGenesisConfig { system: Default::default() }.build_storage().expect("valid system genesis");
    registry.assimilate_storage(&mut storage).expect("valid registry genesis");
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| System::set_block_number(1));
    ext
}

/// Externalities of [`test_genesis`], at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
    ext_with(test_genesis())
}
