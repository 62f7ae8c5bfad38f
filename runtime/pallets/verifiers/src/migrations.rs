//! Storage migrations of the verifier set.

use crate::{Admitted, Config, MinVerifiers};
use frame_support::{
    traits::{Get, OnRuntimeUpgrade},
    weights::Weight,
    BoundedBTreeSet,
};

/// The minimum an upgraded chain starts with, at most: 4 (one fault
/// tolerated), or the whole current set if it is smaller.
pub const UPGRADE_MIN_VERIFIERS: u32 = 4;

/// For a chain that ran before this pallet (its session manager was empty):
/// admits the current session's verifiers and sets the minimum to
/// `min(their number, UPGRADE_MIN_VERIFIERS)`, so the first session boundary
/// after the upgrade keeps them instead of planning an empty set. Does
/// nothing once a minimum is set (idempotent).
pub struct InitializeFromSession<T>(core::marker::PhantomData<T>);

impl<T: Config> OnRuntimeUpgrade for InitializeFromSession<T> {
    fn on_runtime_upgrade() -> Weight {
        if MinVerifiers::<T>::get() != 0 {
            return T::DbWeight::get().reads(1);
        }
        let current = T::Current::get();
        let mut admitted = BoundedBTreeSet::<T::AccountId, T::MaxVerifiers>::new();
        for who in current.iter().take(T::MaxVerifiers::get() as usize) {
            let _ = admitted.try_insert(who.clone());
        }
        let min = (admitted.len() as u32).clamp(1, UPGRADE_MIN_VERIFIERS);
        Admitted::<T>::put(admitted);
        MinVerifiers::<T>::put(min);
        T::DbWeight::get().reads_writes(2, 2)
    }
}
