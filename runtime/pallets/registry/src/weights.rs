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
    /// `withdraw_issuer_approval`.
    fn withdraw_issuer_approval() -> Weight;
    /// `clean_expired_motion`.
    fn clean_expired_motion() -> Weight;
    /// `certify_code`.
    fn certify_code() -> Weight;
    /// `revoke_certification`.
    fn revoke_certification() -> Weight;
    /// `propose_root_call`, without the dispatched call.
    fn propose_root_call() -> Weight;
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
    // Issuers, the account's credential, the new id's high-water mark; writes
    // the credential and possibly the old id's high-water mark.
    fn register_credential() -> Weight {
        base()
            .saturating_add(Weight::from_parts(100 * WEIGHT_REF_TIME_PER_MICROS, 0))
            .saturating_add(T::DbWeight::get().reads_writes(4, 2))
    }
    // Issuers, the credential, its high-water mark; writes both.
    fn remove_credential() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(3, 2))
    }
    // Issuers (twice), the motion; writes the motion.
    fn withdraw_issuer_approval() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(3, 1))
    }
    // The motion; removes it.
    fn clean_expired_motion() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(1, 1))
    }
    // The Arbiter license, Issuers, the certification; writes it.
    fn certify_code() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(3, 1))
    }
    // The Arbiter license, Issuers, the certification; removes it.
    fn revoke_certification() -> Weight {
        base().saturating_add(T::DbWeight::get().reads_writes(3, 1))
    }
    // Issuers, the motion; writes or removes the motion.
    fn propose_root_call() -> Weight {
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
    fn withdraw_issuer_approval() -> Weight {
        Weight::zero()
    }
    fn clean_expired_motion() -> Weight {
        Weight::zero()
    }
    fn certify_code() -> Weight {
        Weight::zero()
    }
    fn revoke_certification() -> Weight {
        Weight::zero()
    }
    fn propose_root_call() -> Weight {
        Weight::zero()
    }
}
