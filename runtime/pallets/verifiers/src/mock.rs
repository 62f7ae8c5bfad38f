//! A minimal runtime for the verifier pallet's tests: System and the pallet,
//! with the registry's licenses, the session's keys and its current
//! validators as thread-local sets the tests change.

use crate as pallet_fiducia_verifiers;
use core::cell::RefCell;
use frame_support::{
    derive_impl,
    traits::{ConstU32, ConstU64, Contains, Get},
};
use sp_runtime::BuildStorage;
use std::collections::BTreeSet;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Verifiers: pallet_fiducia_verifiers::{Pallet, Call, Storage, Event<T>},
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
}

/// Motions of the tests live 10 blocks.
pub const MOTION_LIFETIME: u64 = 10;

thread_local! {
    static LICENSED: RefCell<BTreeSet<u64>> = const { RefCell::new(BTreeSet::new()) };
    static KEYED: RefCell<BTreeSet<u64>> = const { RefCell::new(BTreeSet::new()) };
    static CURRENT: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// The registry's Verifier licenses.
pub struct Licensed;
impl Contains<u64> for Licensed {
    fn contains(who: &u64) -> bool {
        LICENSED.with(|l| l.borrow().contains(who))
    }
}

/// Accounts with session keys.
pub struct Keyed;
impl Contains<u64> for Keyed {
    fn contains(who: &u64) -> bool {
        KEYED.with(|k| k.borrow().contains(who))
    }
}

/// The current session's validators.
pub struct Current;
impl Get<Vec<u64>> for Current {
    fn get() -> Vec<u64> {
        CURRENT.with(|c| c.borrow().clone())
    }
}

impl crate::Config for Test {
    type RuntimeEvent = RuntimeEvent;
    type MaxVerifiers = ConstU32<8>;
    type SessionLength = ConstU64<5>;
    type MotionLifetime = ConstU64<MOTION_LIFETIME>;
    type Licensed = Licensed;
    type Keyed = Keyed;
    type Current = Current;
    type WeightInfo = ();
}

/// Genesis verifiers.
pub const ALICE: u64 = 1;
pub const BOB: u64 = 2;
pub const CHARLIE: u64 = 3;
pub const DAVE: u64 = 4;
/// A licensed, keyed candidate.
pub const EVE: u64 = 5;
/// An account without a Verifier license.
pub const MALLORY: u64 = 6;

/// Alice's node's peer id (an ed25519 identity multihash).
pub fn alice_node() -> Vec<u8> {
    [[0x00, 0x24, 0x08, 0x01, 0x12, 0x20].as_slice(), &[7; 32]].concat()
}

/// Grants or revokes `who`'s Verifier license.
pub fn set_licensed(who: u64, licensed: bool) {
    LICENSED.with(|l| if licensed { l.borrow_mut().insert(who) } else { l.borrow_mut().remove(&who) });
}

/// Sets or purges `who`'s session keys.
pub fn set_keyed(who: u64, keyed: bool) {
    KEYED.with(|k| if keyed { k.borrow_mut().insert(who) } else { k.borrow_mut().remove(&who) });
}

/// Makes `set` the current session's validators (what the session pallet does
/// at a boundary).
pub fn set_current(set: &[u64]) {
    CURRENT.with(|c| *c.borrow_mut() = set.to_vec());
}

/// Four verifiers Alice–Dave (minimum 4) in session, Eve licensed and keyed,
/// at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
    ext_with(&[ALICE, BOB, CHARLIE, DAVE], 4)
}

/// `verifiers` admitted, licensed, keyed and current, and `min`; Eve licensed
/// and keyed but not admitted.
pub fn ext_with(verifiers: &[u64], min: u32) -> sp_io::TestExternalities {
    LICENSED.with(|l| *l.borrow_mut() = verifiers.iter().copied().chain([EVE]).collect());
    KEYED.with(|k| *k.borrow_mut() = verifiers.iter().copied().chain([EVE]).collect());
    set_current(verifiers);
    let mut storage =
        RuntimeGenesisConfig { system: Default::default() }.build_storage().expect("valid system genesis");
    crate::GenesisConfig::<Test> {
        verifiers: verifiers.to_vec(),
        min_verifiers: min,
        node_ids: vec![(ALICE, alice_node())],
    }
    .assimilate_storage(&mut storage)
    .expect("valid verifiers genesis");
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| System::set_block_number(1));
    ext
}
