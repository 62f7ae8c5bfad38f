//! Storage migrations of the registry.

/// Version 0 → 1: issuer motions gain an expiry.
pub mod v1 {
    use crate::{Config, IssuerChange, IssuerMotion, IssuerMotions, Pallet};
    use frame_support::{
        migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade, BoundedBTreeSet,
    };
    use frame_system::pallet_prelude::BlockNumberFor;
    use sp_runtime::Saturating;

    /// A motion as stored by version 0: the change and its approvals.
    pub type OldMotion<T> = (
        IssuerChange<<T as frame_system::Config>::AccountId>,
        BoundedBTreeSet<<T as frame_system::Config>::AccountId, <T as Config>::MaxIssuers>,
    );

    /// Gives every pending motion the full [`Config::MotionLifetime`] from
    /// the upgrade block; motions that do not decode are dropped.
    pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

    impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
        fn on_runtime_upgrade() -> Weight {
            let expires_at: BlockNumberFor<T> =
                frame_system::Pallet::<T>::block_number().saturating_add(T::MotionLifetime::get());
            let mut count = 0u64;
            IssuerMotions::<T>::translate::<OldMotion<T>, _>(|_, (change, approvals)| {
                count += 1;
                Some(IssuerMotion { change, approvals, expires_at })
            });
            T::DbWeight::get().reads_writes(count.saturating_add(1), count.saturating_add(1))
        }
    }

    /// The migration to add to the runtime's `Executive` migrations; it runs
    /// only while the on-chain storage version is 0 and then sets it to 1.
    pub type MigrateToV1<T> =
        VersionedMigration<0, 1, InnerMigrateToV1<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
