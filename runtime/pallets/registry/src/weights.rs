//! Weights of the registry's calls.
//!
//! Not benchmarked yet: each call is charged its storage reads and writes at
//! the runtime's database weights plus a fixed 25 µs of execution, and
//! credential registration another 100 µs for validating the P-256 point.
//! A signature verification through the chain extension is charged
//! [`VERIFY_SECOND_FACTOR_REF_TIME`].

use frame_support::{
    traits::Get,
    weights::{constants::WEIGHT_REF_TIME_PER_MICROS, Weight},
};

/// Execution time charged for one WebAuthn verification (SHA-256, JSON
/// parse, P-256 ECDSA verify), a conservative 1 ms until benchmarked.
pub const VERIFY_SECOND_FACTOR_REF_TIME: u64 = 1_000 * WEIGHT_REF_TIME_PER_MICROS;

/// Weight functions of the registry's calls.
pub trait WeightInfo {
    /// `grant_role`.
    fn grant_role() -> Weight;
    /// `revoke_role`.
    fn revoke_role() -> Weight;
    /// `propose_issuer_change`.
    fn propose_issuer_change() -> Weight;
    /// `force_set_issuers`.
    fn force_set_issuers() -> Weight;
    /// `register_credential`.
    fn register_credential() -> Weight;
    /// `remove_credential`.
    fn remove_credential() -> Weight;
}

/// Weights from the runtime's database costs.
pub struct DbWeights<T>(core::marker::PhantomData<T>);

fn base() -> Weight {
    Weight::from_parts(25 * WEIGHT_REF_TIME_PER_MICROS, 4_096)
}

impl<T: frame_system::Config> WeightInfo for DbWeights<T> {
    fn grant_role() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(2, 1))
    }
    fn revoke_role() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(2, 1))
    }
    fn propose_issuer_change() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(2, 2))
    }
    fn force_set_issuers() -> Weight {
        base().saturating_add(T::DbWeight::get().writes(1))
    }
    fn register_credential() -> Weight {
        base()
            .saturating_add(Weight::from_parts(100 * WEIGHT_REF_TIME_PER_MICROS, 0))
            .saturating_add(T::DbWeight::get().reads_writes(1, 1))
    }
    fn remove_credential() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(2, 1))
    }
}

impl WeightInfo for () {
    fn grant_role() -> Weight {
        Weight::zero()
    }
    fn revoke_role() -> Weight {
        Weight::zero()
    }
    fn propose_issuer_change() -> Weight {
        Weight::zero()
    }
    fn force_set_issuers() -> Weight {
        Weight::zero()
    }
    fn register_credential() -> Weight {
        Weight::zero()
    }
    fn remove_credential() -> Weight {
        Weight::zero()
    }
}
