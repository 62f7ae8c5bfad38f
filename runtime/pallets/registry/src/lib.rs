//! # Registry pallet
//!
//! Who may act in Fiducia's contracts (SPEC §1):
//!
//! - **Issuers**: a genesis-configured set. Any change (add or remove an
//!   issuer) needs a strict majority of the current issuers: each issuer
//!   calls [`Pallet::propose_issuer_change`] with the same change, and the
//!   call that reaches the majority applies it. Root may set the set
//!   directly ([`Pallet::force_set_issuers`]); only `--dev` has a root key
//!   (sudo). The set can never become empty.
//! - **Licenses**: an issuer grants an account a [`Role`] with an optional
//!   expiry block, or revokes it (effective immediately). An account may hold
//!   several roles. Every change emits an event.
//! - **Second factor**: an issuer registers, rotates (registers again) or
//!   removes an account's FIDO2 credential: credential id, P-256 public key
//!   (SEC1), RP-id hash and the last signature counter.
//!
//! Contracts ask [`Pallet::has_role`] and [`Pallet::verify_second_factor`]
//! through the runtime's chain extension; they never keep role lists.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod webauthn;
pub mod weights;

pub use fiducia_registry_api::{Assertion, Role, SecondFactorError};
pub use pallet::*;
pub use weights::WeightInfo;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use scale_info::TypeInfo;

/// A registered FIDO2 credential.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Credential {
    /// Credential id as the authenticator reports it.
    pub id: BoundedVec<u8, ConstU32<{ fiducia_registry_api::MAX_CREDENTIAL_ID }>>,
    /// P-256 public key, SEC1 (33 bytes compressed or 65 uncompressed).
    pub public_key: BoundedVec<u8, ConstU32<65>>,
    /// SHA-256 of the relying-party id (e.g. of `"fiducia.example"`).
    pub rp_id_hash: [u8; 32],
    /// Last signature counter seen; the next assertion must exceed it.
    pub counter: u32,
}

/// A change of the issuer set, decided by a majority of issuers.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum IssuerChange<AccountId> {
    /// Add an issuer.
    Add(AccountId),
    /// Remove an issuer.
    Remove(AccountId),
}

#[frame_support::pallet]
pub mod pallet {
    use super::*;
    use frame_support::pallet_prelude::*;
    use frame_system::pallet_prelude::*;
    use alloc::collections::BTreeSet;
    use sp_runtime::traits::Hash;

    #[pallet::pallet]
    pub struct Pallet<T>(_);

    /// Configuration of the registry.
    #[pallet::config]
    pub trait Config: frame_system::Config {
        /// The overarching event type.
        #[allow(deprecated)]
        type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;
        /// Most issuers at once.
        #[pallet::constant]
        type MaxIssuers: Get<u32>;
        /// Weights of the calls.
        type WeightInfo: WeightInfo;
    }

    /// The current issuers.
    #[pallet::storage]
    pub type Issuers<T: Config> =
        StorageValue<_, BoundedBTreeSet<T::AccountId, T::MaxIssuers>, ValueQuery>;

    /// Licenses: (account, role) → expiry block (`None`: no expiry).
    #[pallet::storage]
    pub type Licenses<T: Config> = StorageDoubleMap<
        _,
        Blake2_128Concat,
        T::AccountId,
        Blake2_128Concat,
        Role,
        Option<BlockNumberFor<T>>,
        OptionQuery,
    >;

    /// Registered FIDO2 credentials.
    #[pallet::storage]
    pub type Credentials<T: Config> =
        StorageMap<_, Blake2_128Concat, T::AccountId, Credential, OptionQuery>;

    /// Issuer-set changes awaiting a majority: change hash → approving issuers.
    #[pallet::storage]
    pub type IssuerMotions<T: Config> = StorageMap<
        _,
        Identity,
        T::Hash,
        (IssuerChange<T::AccountId>, BoundedBTreeSet<T::AccountId, T::MaxIssuers>),
        OptionQuery,
    >;

    /// Genesis: issuers and initial licenses.
    #[pallet::genesis_config]
    #[derive(frame_support::DefaultNoBound)]
    pub struct GenesisConfig<T: Config> {
        /// The initial issuers; with none, only Root can appoint them.
        pub issuers: alloc::vec::Vec<T::AccountId>,
        /// Initial licenses, without expiry.
        pub licenses: alloc::vec::Vec<(T::AccountId, Role)>,
    }

    #[pallet::genesis_build]
    impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
        fn build(&self) {
            // An empty set is allowed (the default): then only Root can appoint issuers.
            let issuers: BTreeSet<_> = self.issuers.iter().cloned().collect();
            let issuers = BoundedBTreeSet::try_from(issuers).expect("genesis issuers exceed MaxIssuers");
            Issuers::<T>::put(issuers);
            for (who, role) in &self.licenses {
                Licenses::<T>::insert(who, role, None::<BlockNumberFor<T>>);
            }
        }
    }

    /// Registry events.
    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// An issuer licensed an account for a role.
        RoleGranted { who: T::AccountId, role: Role, expires_at: Option<BlockNumberFor<T>>, by: T::AccountId },
        /// An issuer revoked a license.
        RoleRevoked { who: T::AccountId, role: Role, by: T::AccountId },
        /// An issuer approved a change of the issuer set.
        IssuerChangeApproved { change: IssuerChange<T::AccountId>, by: T::AccountId, approvals: u32 },
        /// The issuer set changed.
        IssuersChanged { issuers: alloc::vec::Vec<T::AccountId> },
        /// A credential was registered or rotated.
        CredentialRegistered { who: T::AccountId, by: T::AccountId },
        /// A credential was removed.
        CredentialRemoved { who: T::AccountId, by: T::AccountId },
        /// A second-factor assertion was accepted; the counter advanced.
        SecondFactorVerified { who: T::AccountId, counter: u32 },
    }

    /// Registry errors.
    #[pallet::error]
    pub enum Error<T> {
        /// The caller is not an issuer.
        NotIssuer,
        /// The account already holds this license with this expiry.
        AlreadyLicensed,
        /// The account does not hold this license.
        NotLicensed,
        /// The expiry block is not in the future.
        ExpiryInPast,
        /// The change would leave no issuer, or adds an existing / removes a missing one.
        InvalidIssuerChange,
        /// This issuer already approved this change.
        AlreadyApproved,
        /// Too many issuers.
        TooManyIssuers,
        /// The public key is not a valid P-256 SEC1 point.
        InvalidPublicKey,
        /// The credential id is empty or too long.
        InvalidCredentialId,
        /// The account has no credential.
        NoCredential,
    }

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// An issuer licenses `who` for `role`, until `expires_at` (exclusive) if given.
        #[pallet::call_index(0)]
        #[pallet::weight(T::WeightInfo::grant_role())]
        pub fn grant_role(
            origin: OriginFor<T>,
            who: T::AccountId,
            role: Role,
            expires_at: Option<BlockNumberFor<T>>,
        ) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            if let Some(at) = expires_at {
                ensure!(at > frame_system::Pallet::<T>::block_number(), Error::<T>::ExpiryInPast);
            }
            ensure!(Licenses::<T>::get(&who, role) != Some(expires_at), Error::<T>::AlreadyLicensed);
            Licenses::<T>::insert(&who, role, expires_at);
            Self::deposit_event(Event::RoleGranted { who, role, expires_at, by });
            Ok(())
        }

        /// An issuer revokes `who`'s license for `role`, immediately.
        #[pallet::call_index(1)]
        #[pallet::weight(T::WeightInfo::revoke_role())]
        pub fn revoke_role(origin: OriginFor<T>, who: T::AccountId, role: Role) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            ensure!(Licenses::<T>::contains_key(&who, role), Error::<T>::NotLicensed);
            Licenses::<T>::remove(&who, role);
            Self::deposit_event(Event::RoleRevoked { who, role, by });
            Ok(())
        }

        /// An issuer approves `change`; the approval that makes a strict
        /// majority of the current issuers applies it.
        #[pallet::call_index(2)]
        #[pallet::weight(T::WeightInfo::propose_issuer_change())]
        pub fn propose_issuer_change(
            origin: OriginFor<T>,
            change: IssuerChange<T::AccountId>,
        ) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            let issuers = Issuers::<T>::get();
            let next = Self::apply_change(&issuers, &change)?;
            let key = T::Hashing::hash_of(&change);
            let approved = IssuerMotions::<T>::get(key).map(|(_, set)| set).unwrap_or_default();
            // Approvals of former issuers no longer count.
            let mut approvals: BTreeSet<_> =
                approved.into_iter().filter(|a| issuers.contains(a)).collect();
            ensure!(approvals.insert(by.clone()), Error::<T>::AlreadyApproved);
            let approvals = BoundedBTreeSet::try_from(approvals).map_err(|_| Error::<T>::TooManyIssuers)?;
            let count = approvals.len() as u32;
            Self::deposit_event(Event::IssuerChangeApproved { change: change.clone(), by, approvals: count });
            if count.saturating_mul(2) > issuers.len() as u32 {
                IssuerMotions::<T>::remove(key);
                Self::set_issuers(next);
            } else {
                IssuerMotions::<T>::insert(key, (change, approvals));
            }
            Ok(())
        }

        /// Root sets the issuer set (development chains only have a root key).
        #[pallet::call_index(3)]
        #[pallet::weight(T::WeightInfo::force_set_issuers())]
        pub fn force_set_issuers(
            origin: OriginFor<T>,
            issuers: BoundedVec<T::AccountId, T::MaxIssuers>,
        ) -> DispatchResult {
            ensure_root(origin)?;
            let set: BTreeSet<_> = issuers.into_iter().collect();
            ensure!(!set.is_empty(), Error::<T>::InvalidIssuerChange);
            let set = BoundedBTreeSet::try_from(set).map_err(|_| Error::<T>::TooManyIssuers)?;
            Self::set_issuers(set);
            Ok(())
        }

        /// An issuer registers (or rotates) `who`'s FIDO2 credential.
        #[pallet::call_index(4)]
        #[pallet::weight(T::WeightInfo::register_credential())]
        pub fn register_credential(
            origin: OriginFor<T>,
            who: T::AccountId,
            credential: Credential,
        ) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            ensure!(!credential.id.is_empty(), Error::<T>::InvalidCredentialId);
            p256::ecdsa::VerifyingKey::from_sec1_bytes(&credential.public_key)
                .map_err(|_| Error::<T>::InvalidPublicKey)?;
            Credentials::<T>::insert(&who, credential);
            Self::deposit_event(Event::CredentialRegistered { who, by });
            Ok(())
        }

        /// An issuer removes `who`'s credential.
        #[pallet::call_index(5)]
        #[pallet::weight(T::WeightInfo::remove_credential())]
        pub fn remove_credential(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            ensure!(Credentials::<T>::contains_key(&who), Error::<T>::NoCredential);
            Credentials::<T>::remove(&who);
            Self::deposit_event(Event::CredentialRemoved { who, by });
            Ok(())
        }
    }

    impl<T: Config> Pallet<T> {
        fn ensure_issuer(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
            let who = ensure_signed(origin)?;
            ensure!(Issuers::<T>::get().contains(&who), Error::<T>::NotIssuer);
            Ok(who)
        }

        fn apply_change(
            issuers: &BoundedBTreeSet<T::AccountId, T::MaxIssuers>,
            change: &IssuerChange<T::AccountId>,
        ) -> Result<BoundedBTreeSet<T::AccountId, T::MaxIssuers>, DispatchError> {
            let mut next = issuers.clone();
            match change {
                IssuerChange::Add(who) => {
                    ensure!(!next.contains(who), Error::<T>::InvalidIssuerChange);
                    next.try_insert(who.clone()).map_err(|_| Error::<T>::TooManyIssuers)?;
                },
                IssuerChange::Remove(who) => {
                    ensure!(next.remove(who) && !next.is_empty(), Error::<T>::InvalidIssuerChange);
                },
            }
            Ok(next)
        }

        fn set_issuers(set: BoundedBTreeSet<T::AccountId, T::MaxIssuers>) {
            let list = set.iter().cloned().collect();
            Issuers::<T>::put(set);
            Self::deposit_event(Event::IssuersChanged { issuers: list });
        }

        /// Whether `who` holds an unexpired license for `role`. Issuers hold
        /// the `Issuer` role by membership of the issuer set.
        pub fn has_role(who: &T::AccountId, role: Role) -> bool {
            if role == Role::Issuer {
                return Issuers::<T>::get().contains(who);
            }
            match Licenses::<T>::get(who, role) {
                Some(None) => true,
                Some(Some(expires_at)) => frame_system::Pallet::<T>::block_number() < expires_at,
                None => false,
            }
        }

        /// Verifies a WebAuthn assertion of `who` over `challenge` and, when
        /// it is valid, stores the new signature counter (replay protection).
        pub fn verify_second_factor(
            who: &T::AccountId,
            challenge: &[u8; 32],
            assertion: &Assertion,
        ) -> Result<(), SecondFactorError> {
            let mut credential = Credentials::<T>::get(who).ok_or(SecondFactorError::NoCredential)?;
            let counter = crate::webauthn::verify(&credential, challenge, assertion)?;
            credential.counter = counter;
            Credentials::<T>::insert(who, credential);
            Self::deposit_event(Event::SecondFactorVerified { who: who.clone(), counter });
            Ok(())
        }
    }
}
