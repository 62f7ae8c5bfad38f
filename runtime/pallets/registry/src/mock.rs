//! A minimal runtime for the registry's tests: System and the registry.

use crate::{self as pallet_fiducia_registry, Role};
use frame_support::{derive_impl, traits::ConstU32};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Registry: pallet_fiducia_registry,
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
}

impl crate::Config for Test {
    type RuntimeEvent = RuntimeEvent;
    type MaxIssuers = ConstU32<8>;
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

/// Three issuers (Alice, Bob, Charlie), Dave licensed as a borrower, block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
    let storage = RuntimeGenesisConfig {
        system: Default::default(),
        registry: crate::GenesisConfig {
            issuers: vec![ALICE, BOB, CHARLIE],
            licenses: vec![(DAVE, Role::Borrower)],
        },
    }
    .build_storage()
    .expect("valid genesis");
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| System::set_block_number(1));
    ext
}
