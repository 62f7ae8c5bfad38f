//! Weights of the verifier-set calls.
//!
//! Not benchmarked yet (issue 14 brings FRAME benchmarks): each call is
//! charged its storage reads and writes at the runtime's database weights
//! plus a fixed 25 µs of execution, the registry's convention. The session
//! change itself runs in `pallet-session`'s `on_initialize`, which charges
//! a whole block.

use frame_support::{
    traits::Get,
    weights::{constants::WEIGHT_REF_TIME_PER_MICROS, Weight},
};

/// Weight functions of the calls.
pub trait WeightInfo {
    /// `propose`.
    fn propose() -> Weight;
    /// `withdraw_approval`.
    fn withdraw_approval() -> Weight;
    /// `clean_expired_motion`.
    fn clean_expired_motion() -> Weight;
    /// `force_set_verifiers`.
    fn force_set_verifiers() -> Weight;
    /// `set_min_verifiers`.
    fn set_min_verifiers() -> Weight;
    /// `set_node_id`.
    fn set_node_id() -> Weight;
}

/// Weights from the runtime's database costs.
pub struct DbWeights<T>(core::marker::PhantomData<T>);

fn base() -> Weight {
    Weight::from_parts(25 * WEIGHT_REF_TIME_PER_MICROS, 4_096)
}

impl<T: frame_system::Config> WeightInfo for DbWeights<T> {
    // Session validators, Admitted, MinVerifiers, the subject's license, the
    // motion; each current verifier's license (the electorate) and, for a
    // removal, each admitted verifier's license and keys (at most
    // MaxVerifiers = 32 each); writes the motion and Admitted.
    fn propose() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(5 + 3 * 32, 2))
    }
    // The motion, session validators, Admitted, each current verifier's
    // license (at most 32); writes the motion.
    fn withdraw_approval() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(3 + 32, 1))
    }
    // The motion; removes it.
    fn clean_expired_motion() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(1, 1))
    }
    // Up to 32 licenses and MinVerifiers; writes Admitted.
    fn force_set_verifiers() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(33, 1))
    }
    fn set_min_verifiers() -> Weight {
        base().saturating_add(T::DbWeight::get().writes(1))
    }
    // The license; writes the node id.
    fn set_node_id() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(1, 1))
    }
}

impl WeightInfo for () {
    fn propose() -> Weight {
        Weight::zero()
    }
    fn withdraw_approval() -> Weight {
        Weight::zero()
    }
    fn clean_expired_motion() -> Weight {
        Weight::zero()
    }
    fn force_set_verifiers() -> Weight {
        Weight::zero()
    }
    fn set_min_verifiers() -> Weight {
        Weight::zero()
    }
    fn set_node_id() -> Weight {
        Weight::zero()
    }
}
