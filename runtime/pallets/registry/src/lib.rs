//! # Registry pallet
//!
//! Who may act in Fiducia's contracts (docs/ARCHITECTURE.md#the-registry):
//!
//! - **Issuers**: a genesis-configured, never empty set (genesis with no
//!   issuer panics). Any change (add or remove an issuer) needs a strict
//!   majority of the current issuers: each issuer calls
//!   [`Pallet::propose_issuer_change`] with the same change, and the call that
//!   reaches the majority applies it. A motion lives
//!   [`Config::MotionLifetime`] blocks from its first approval; after that its
//!   approvals no longer count: the next approval of the same change replaces
//!   it by a fresh motion, and anyone may remove it
//!   ([`Pallet::clean_expired_motion`]). An issuer may withdraw its approval
//!   of a live motion ([`Pallet::withdraw_issuer_approval`]). Root may set the
//!   set directly ([`Pallet::force_set_issuers`]); only `--dev` has a root key
//!   (a root motion, below). The set can never become empty.
//! - **Root motions**: Fiducia has no sudo key. What needs Root — a runtime
//!   upgrade (`system.authorize_upgrade`), an emergency change of the
//!   verifier set, GRANDPA's `note_stalled` — is dispatched as Root when a
//!   strict majority of the issuers approve the same call
//!   ([`Pallet::propose_root_call`]); root motions expire, can be withdrawn
//!   and cleaned like issuer motions. On `--dev` Alice is the only issuer, so
//!   her approval alone dispatches.
//! - **Licenses**: an issuer grants an account a [`Role`] with an optional
//!   expiry block, or revokes it (effective immediately). An account may hold
//!   several roles. Every change emits an event.
//! - **Second factor**: an issuer registers, rotates (registers again) or
//!   removes an account's FIDO2 credential: credential id, P-256 public key
//!   (SEC1), RP-id hash and the last signature counter. The counter of a
//!   credential id never goes backwards, see [`Pallet::register_credential`].
//!   Verification rules, including authenticators without a counter and the
//!   `clientDataJSON.origin` check, are in [`webauthn`].
//! - **Certified contract code** (the FITM paper's Smart Contract
//!   Certification Authority, SCCA): accounts licensed as [`Role::Arbiter`]
//!   (the SCCA role) and issuers certify a contract code hash together with
//!   the hash of its audit report ([`Pallet::certify_code`]), or revoke the
//!   certification ([`Pallet::revoke_certification`]). The runtime asks
//!   [`Pallet::is_certified`]; who may upload code at all is
//!   [`Pallet::is_licensed_deployer`].
//!
//! Contracts ask [`Pallet::has_role`] and [`Pallet::verify_second_factor`]
//! through the runtime's chain extension; they never keep role lists.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod migrations;
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
    /// Last signature counter seen; the next assertion must exceed it, unless
    /// it and the asserted counter are both 0 (an authenticator without a
    /// counter, see [`webauthn`]).
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

/// A certified contract code hash (the SCCA's certificate).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Certification<AccountId, BlockNumber> {
    /// The Arbiter (SCCA) or issuer that certified the code. For code
    /// certified in the genesis configuration, by no one: the all-zero
    /// account ([`Pallet::genesis_certifier`]).
    pub by: AccountId,
    /// The block of the certification (0 for genesis).
    pub at: BlockNumber,
    /// Hash of the audit report. All zeros exactly for code certified at
    /// genesis: [`Pallet::certify_code`] refuses an all-zero report, so this
    /// marks a genesis certification unambiguously.
    pub report: [u8; 32],
}

/// The key of a credential id in [`CounterHighWater`]: BLAKE2b-256 of the
/// raw credential id bytes.
pub fn credential_id_key(id: &[u8]) -> [u8; 32] {
    <frame_support::Blake2_256 as frame_support::StorageHasher>::hash(id)
}

#[frame_support::pallet]
pub mod pallet {
    use super::*;
    use alloc::collections::BTreeSet;
    use frame_support::{
        dispatch::{GetDispatchInfo, PostDispatchInfo},
        pallet_prelude::*,
    };
    use frame_system::pallet_prelude::*;
    use sp_runtime::traits::{Dispatchable, Hash, Saturating, Zero};

    /// The in-code storage version: 1 added [`IssuerMotion::expires_at`].
    pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

    #[pallet::pallet]
    #[pallet::storage_version(STORAGE_VERSION)]
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
        /// Blocks an issuer motion lives from its first approval; at
        /// `opened + MotionLifetime` its approvals stop counting. Must be
        /// non-zero.
        #[pallet::constant]
        type MotionLifetime: Get<BlockNumberFor<Self>>;
        /// The runtime's calls: what a root motion dispatches.
        type RuntimeCall: Parameter
            + Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
            + GetDispatchInfo;
        /// Weights of the calls.
        type WeightInfo: WeightInfo;
    }

    /// A call awaiting a majority of issuers to be dispatched as Root.
    #[derive(
        CloneNoBound, PartialEqNoBound, EqNoBound, frame_support::DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
    )]
    #[scale_info(skip_type_params(T))]
    #[codec(mel_bound(T: Config))]
    pub struct RootMotion<T: Config> {
        /// The issuers that approved the call.
        pub approvals: BoundedBTreeSet<T::AccountId, T::MaxIssuers>,
        /// First block at which the motion is expired.
        pub expires_at: BlockNumberFor<T>,
    }

    /// A pending change of the issuer set.
    #[derive(
        CloneNoBound, PartialEqNoBound, EqNoBound, frame_support::DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
    )]
    #[scale_info(skip_type_params(T))]
    #[codec(mel_bound(T: Config))]
    pub struct IssuerMotion<T: Config> {
        /// The proposed change.
        pub change: IssuerChange<T::AccountId>,
        /// The issuers that approved it (approvals of former issuers do not count).
        pub approvals: BoundedBTreeSet<T::AccountId, T::MaxIssuers>,
        /// First block at which the motion is expired (its approvals no longer count).
        pub expires_at: BlockNumberFor<T>,
    }

    /// The current issuers.
    #[pallet::storage]
    pub type Issuers<T: Config> = StorageValue<_, BoundedBTreeSet<T::AccountId, T::MaxIssuers>, ValueQuery>;

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
    pub type Credentials<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Credential, OptionQuery>;

    /// High-water mark of the signature counter of credential ids that left
    /// [`Credentials`] (removed, or replaced by another id): BLAKE2b-256 of
    /// the credential id ([`credential_id_key`]) → highest counter seen.
    /// A later registration of the same id starts at least there. Entries
    /// are never removed (36 bytes per retired credential with a non-zero
    /// counter); a lower counter needs a new credential id.
    #[pallet::storage]
    pub type CounterHighWater<T: Config> = StorageMap<_, Identity, [u8; 32], u32, OptionQuery>;

    /// Issuer-set changes awaiting a majority: hash of the change → motion.
    #[pallet::storage]
    pub type IssuerMotions<T: Config> = StorageMap<_, Identity, T::Hash, IssuerMotion<T>, OptionQuery>;

    /// Calls awaiting a majority of issuers to run as Root: hash of the call
    /// (BLAKE2-256 of its SCALE encoding) → motion.
    #[pallet::storage]
    pub type RootMotions<T: Config> = StorageMap<_, Identity, T::Hash, RootMotion<T>, OptionQuery>;

    /// Certified contract code: code hash → certification (SCCA).
    #[pallet::storage]
    pub type CertifiedCode<T: Config> =
        StorageMap<_, Identity, T::Hash, Certification<T::AccountId, BlockNumberFor<T>>, OptionQuery>;

    /// Genesis: issuers, initial licenses and certified code.
    #[pallet::genesis_config]
    #[derive(frame_support::DefaultNoBound)]
    pub struct GenesisConfig<T: Config> {
        /// The initial issuers; must not be empty (genesis build panics).
        pub issuers: alloc::vec::Vec<T::AccountId>,
        /// Initial licenses, without expiry.
        pub licenses: alloc::vec::Vec<(T::AccountId, Role)>,
        /// Contract code hashes certified from block 0, by no one:
        /// `Certification { by: genesis_certifier(), at: 0, report: [0; 32] }`.
        pub certified_code: alloc::vec::Vec<T::Hash>,
    }

    #[pallet::genesis_build]
    impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
        fn build(&self) {
            assert!(
                !self.issuers.is_empty(),
                "registry genesis: the issuer set is empty; a chain without issuers can license \
                 no one and change no issuer. List at least one account in `registry.issuers`."
            );
            let issuers: BTreeSet<_> = self.issuers.iter().cloned().collect();
            let issuers = BoundedBTreeSet::try_from(issuers).expect("registry genesis: more issuers than MaxIssuers");
            Issuers::<T>::put(issuers);
            for (who, role) in &self.licenses {
                Licenses::<T>::insert(who, role, None::<BlockNumberFor<T>>);
            }
            for code_hash in &self.certified_code {
                CertifiedCode::<T>::insert(
                    code_hash,
                    Certification { by: Pallet::<T>::genesis_certifier(), at: Zero::zero(), report: [0; 32] },
                );
            }
        }
    }

    /// Registry events.
    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// An issuer licensed an account for a role.
        RoleGranted {
            /// The licensed account.
            who: T::AccountId,
            /// The role.
            role: Role,
            /// Block at which the license ends (`None`: until revoked).
            expires_at: Option<BlockNumberFor<T>>,
            /// The issuer.
            by: T::AccountId,
        },
        /// An issuer revoked a license.
        RoleRevoked {
            /// The account that lost the license.
            who: T::AccountId,
            /// The role.
            role: Role,
            /// The issuer.
            by: T::AccountId,
        },
        /// A motion to change the issuer set was opened (by its first
        /// approval).
        IssuerMotionOpened {
            /// The proposed change.
            change: IssuerChange<T::AccountId>,
            /// Approvals count until this block (exclusive).
            expires_at: BlockNumberFor<T>,
        },
        /// An issuer approved a change of the issuer set.
        IssuerChangeApproved {
            /// The proposed change.
            change: IssuerChange<T::AccountId>,
            /// The approving issuer.
            by: T::AccountId,
            /// Current issuers that approved the live motion.
            approvals: u32,
        },
        /// An issuer withdrew its approval (at 0 approvals the motion is removed).
        IssuerApprovalWithdrawn {
            /// The proposed change.
            change: IssuerChange<T::AccountId>,
            /// The withdrawing issuer.
            by: T::AccountId,
            /// Approvals that remain.
            approvals: u32,
        },
        /// An expired motion was removed.
        IssuerMotionExpired {
            /// The change it proposed.
            change: IssuerChange<T::AccountId>,
            /// The approvals it had.
            approvals: u32,
        },
        /// The issuer set changed.
        IssuersChanged {
            /// The new issuer set.
            issuers: alloc::vec::Vec<T::AccountId>,
        },
        /// An issuer approved a call to run as Root (the first approval opens
        /// the motion).
        RootCallApproved {
            /// BLAKE2-256 of the call's encoding.
            call_hash: T::Hash,
            /// The approving issuer.
            by: T::AccountId,
            /// Current issuers that approved the live motion.
            approvals: u32,
            /// Approvals the call needs (a strict majority of issuers).
            needed: u32,
            /// Approvals count until this block (exclusive).
            expires_at: BlockNumberFor<T>,
        },
        /// A majority of issuers approved the call; it ran as Root.
        RootCallDispatched {
            /// BLAKE2-256 of the call's encoding.
            call_hash: T::Hash,
            /// What the call returned.
            result: DispatchResult,
        },
        /// An issuer withdrew its approval of a root call (at 0 approvals
        /// the motion is removed).
        RootApprovalWithdrawn {
            /// The call's hash.
            call_hash: T::Hash,
            /// The withdrawing issuer.
            by: T::AccountId,
            /// Approvals that remain.
            approvals: u32,
        },
        /// An expired root motion was removed.
        RootMotionExpired {
            /// The call's hash.
            call_hash: T::Hash,
            /// The approvals it had.
            approvals: u32,
        },
        /// A credential was registered or rotated.
        CredentialRegistered {
            /// The credential's holder.
            who: T::AccountId,
            /// The issuer.
            by: T::AccountId,
            /// The stored counter (at least the given one, see `register_credential`).
            counter: u32,
        },
        /// A credential was removed.
        CredentialRemoved {
            /// The former holder.
            who: T::AccountId,
            /// The issuer.
            by: T::AccountId,
        },
        /// A second-factor assertion was accepted; the counter advanced (or
        /// stayed 0 for an authenticator without a counter).
        SecondFactorVerified {
            /// The credential's holder.
            who: T::AccountId,
            /// The counter now stored.
            counter: u32,
        },
        /// An Arbiter (SCCA) or issuer certified contract code.
        CodeCertified {
            /// BLAKE2-256 of the wasm.
            code_hash: T::Hash,
            /// The certifier.
            by: T::AccountId,
            /// Hash of the audit report.
            report: [u8; 32],
        },
        /// The certifier or an issuer revoked a code certification.
        CertificationRevoked {
            /// The code.
            code_hash: T::Hash,
            /// Who revoked it.
            by: T::AccountId,
        },
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
        /// There is no motion for this change.
        NoMotion,
        /// This issuer has not approved this motion.
        NotApproved,
        /// The motion has expired; its approvals no longer count (anyone may
        /// remove it with `clean_expired_motion`).
        MotionExpired,
        /// The motion is still live; only expired motions can be cleaned.
        MotionNotExpired,
        /// The caller is neither a licensed Arbiter (SCCA) nor an issuer.
        NotCertifier,
        /// This code hash is already certified (revoke it first to re-certify).
        AlreadyCertified,
        /// This code hash is not certified.
        NotCertified,
        /// Only the certifier that certified the code, or an issuer, may
        /// revoke its certification.
        CannotRevoke,
        /// The audit-report hash is all zeros.
        EmptyReport,
    }

    #[pallet::hooks]
    impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
        fn integrity_test() {
            assert!(!T::MotionLifetime::get().is_zero(), "MotionLifetime must be non-zero");
            assert!(T::MaxIssuers::get() > 0, "MaxIssuers must be non-zero");
        }
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
        ///
        /// The first approval opens a motion that lives
        /// [`Config::MotionLifetime`] blocks (later approvals do not extend
        /// it). An approval of an expired motion removes it
        /// ([`Event::IssuerMotionExpired`]) and opens a fresh one with this
        /// approval alone.
        #[pallet::call_index(2)]
        #[pallet::weight(T::WeightInfo::propose_issuer_change())]
        pub fn propose_issuer_change(origin: OriginFor<T>, change: IssuerChange<T::AccountId>) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            let issuers = Issuers::<T>::get();
            let next = Self::apply_change(&issuers, &change)?;
            let key = T::Hashing::hash_of(&change);
            let stored = IssuerMotions::<T>::get(key).map(|m| (m.approvals, m.expires_at, m.change));
            let tally = Self::tally(&issuers, stored.as_ref().map(|(a, e, _)| (a, *e)), by.clone())?;
            if let (Some(old), Some((_, _, change))) = (tally.expired, stored) {
                Self::deposit_event(Event::IssuerMotionExpired { change, approvals: old });
            }
            if tally.opened && !tally.passes {
                Self::deposit_event(Event::IssuerMotionOpened { change: change.clone(), expires_at: tally.expires_at });
            }
            Self::deposit_event(Event::IssuerChangeApproved { change: change.clone(), by, approvals: tally.count });
            if tally.passes {
                IssuerMotions::<T>::remove(key);
                Self::set_issuers(next);
            } else {
                IssuerMotions::<T>::insert(
                    key,
                    IssuerMotion { change, approvals: tally.approvals, expires_at: tally.expires_at },
                );
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
        ///
        /// The signature counter of a credential id never goes backwards: the
        /// stored counter is the largest of the given `credential.counter`,
        /// the counter `who` already holds for the same id, and the
        /// [`CounterHighWater`] of the id (left by an earlier removal or
        /// rotation, for any account). Rotating to another id records the
        /// old id's counter in [`CounterHighWater`]. So removing and
        /// re-registering the same id resumes at the highest counter seen;
        /// only a new credential id (a new authenticator key) starts afresh.
        #[pallet::call_index(4)]
        #[pallet::weight(T::WeightInfo::register_credential())]
        pub fn register_credential(
            origin: OriginFor<T>,
            who: T::AccountId,
            mut credential: Credential,
        ) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            ensure!(!credential.id.is_empty(), Error::<T>::InvalidCredentialId);
            p256::ecdsa::VerifyingKey::from_sec1_bytes(&credential.public_key)
                .map_err(|_| Error::<T>::InvalidPublicKey)?;
            let mut floor = CounterHighWater::<T>::get(credential_id_key(&credential.id)).unwrap_or(0);
            match Credentials::<T>::get(&who) {
                Some(old) if old.id == credential.id => floor = floor.max(old.counter),
                Some(old) => Self::retire(&old),
                None => {},
            }
            credential.counter = credential.counter.max(floor);
            let counter = credential.counter;
            Credentials::<T>::insert(&who, credential);
            Self::deposit_event(Event::CredentialRegistered { who, by, counter });
            Ok(())
        }

        /// An issuer removes `who`'s credential; its counter is kept in
        /// [`CounterHighWater`].
        #[pallet::call_index(5)]
        #[pallet::weight(T::WeightInfo::remove_credential())]
        pub fn remove_credential(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            let old = Credentials::<T>::take(&who).ok_or(Error::<T>::NoCredential)?;
            Self::retire(&old);
            Self::deposit_event(Event::CredentialRemoved { who, by });
            Ok(())
        }

        /// An issuer withdraws its approval of the live motion for `change`.
        /// The motion keeps its expiry; without approvals left it is removed.
        #[pallet::call_index(6)]
        #[pallet::weight(T::WeightInfo::withdraw_issuer_approval())]
        pub fn withdraw_issuer_approval(origin: OriginFor<T>, change: IssuerChange<T::AccountId>) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            let key = T::Hashing::hash_of(&change);
            let mut motion = IssuerMotions::<T>::get(key).ok_or(Error::<T>::NoMotion)?;
            ensure!(frame_system::Pallet::<T>::block_number() < motion.expires_at, Error::<T>::MotionExpired);
            ensure!(motion.approvals.remove(&by), Error::<T>::NotApproved);
            // Approvals of former issuers do not count (nor keep the motion).
            let issuers = Issuers::<T>::get();
            let approvals = motion.approvals.iter().filter(|a| issuers.contains(*a)).count() as u32;
            if approvals == 0 {
                IssuerMotions::<T>::remove(key);
            } else {
                IssuerMotions::<T>::insert(key, motion);
            }
            Self::deposit_event(Event::IssuerApprovalWithdrawn { change, by, approvals });
            Ok(())
        }

        /// Anyone (signed) removes the expired motion for `change`.
        #[pallet::call_index(7)]
        #[pallet::weight(T::WeightInfo::clean_expired_motion())]
        pub fn clean_expired_motion(origin: OriginFor<T>, change: IssuerChange<T::AccountId>) -> DispatchResult {
            ensure_signed(origin)?;
            let key = T::Hashing::hash_of(&change);
            let motion = IssuerMotions::<T>::get(key).ok_or(Error::<T>::NoMotion)?;
            ensure!(frame_system::Pallet::<T>::block_number() >= motion.expires_at, Error::<T>::MotionNotExpired);
            IssuerMotions::<T>::remove(key);
            Self::deposit_event(Event::IssuerMotionExpired {
                change: motion.change,
                approvals: motion.approvals.len() as u32,
            });
            Ok(())
        }

        /// A licensed Arbiter (the SCCA role) or an issuer certifies the
        /// contract code `code_hash`, with `report` the hash of its audit
        /// report (not all zeros).
        #[pallet::call_index(8)]
        #[pallet::weight(T::WeightInfo::certify_code())]
        pub fn certify_code(origin: OriginFor<T>, code_hash: T::Hash, report: [u8; 32]) -> DispatchResult {
            let by = Self::ensure_certifier(origin)?;
            ensure!(report != [0; 32], Error::<T>::EmptyReport);
            ensure!(!CertifiedCode::<T>::contains_key(code_hash), Error::<T>::AlreadyCertified);
            let at = frame_system::Pallet::<T>::block_number();
            CertifiedCode::<T>::insert(code_hash, Certification { by: by.clone(), at, report });
            Self::deposit_event(Event::CodeCertified { code_hash, by, report });
            Ok(())
        }

        /// The certifier that certified `code_hash` (while still licensed)
        /// or an issuer revokes the certification. Other Arbiters may not:
        /// one Arbiter must not be able to cut every live contract off the
        /// registry on its own.
        #[pallet::call_index(9)]
        #[pallet::weight(T::WeightInfo::revoke_certification())]
        pub fn revoke_certification(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
            let by = Self::ensure_certifier(origin)?;
            let certification = CertifiedCode::<T>::get(code_hash).ok_or(Error::<T>::NotCertified)?;
            ensure!(certification.by == by || Self::has_role(&by, Role::Issuer), Error::<T>::CannotRevoke);
            CertifiedCode::<T>::remove(code_hash);
            Self::deposit_event(Event::CertificationRevoked { code_hash, by });
            Ok(())
        }

        /// An issuer approves running `call` as Root; the approval that makes
        /// a strict majority of the current issuers dispatches it
        /// ([`Event::RootCallDispatched`] carries its result). Every issuer
        /// submits the same call; the motion is keyed by the call's hash and
        /// lives [`Config::MotionLifetime`] blocks from its first approval.
        /// The call's weight is charged up front and refunded unless this
        /// approval dispatches it.
        #[pallet::call_index(10)]
        #[pallet::weight({
            let info = call.get_dispatch_info();
            (T::WeightInfo::propose_root_call().saturating_add(info.call_weight), info.class)
        })]
        pub fn propose_root_call(
            origin: OriginFor<T>,
            call: alloc::boxed::Box<<T as Config>::RuntimeCall>,
        ) -> DispatchResultWithPostInfo {
            let by = Self::ensure_issuer(origin)?;
            let issuers = Issuers::<T>::get();
            let call_hash = T::Hashing::hash_of(&call);
            let stored = RootMotions::<T>::get(call_hash);
            let tally = Self::tally(&issuers, stored.as_ref().map(|m| (&m.approvals, m.expires_at)), by.clone())?;
            if let Some(approvals) = tally.expired {
                Self::deposit_event(Event::RootMotionExpired { call_hash, approvals });
            }
            Self::deposit_event(Event::RootCallApproved {
                call_hash,
                by,
                approvals: tally.count,
                needed: tally.needed,
                expires_at: tally.expires_at,
            });
            if !tally.passes {
                RootMotions::<T>::insert(
                    call_hash,
                    RootMotion { approvals: tally.approvals, expires_at: tally.expires_at },
                );
                return Ok(Some(T::WeightInfo::propose_root_call()).into());
            }
            RootMotions::<T>::remove(call_hash);
            let info = call.get_dispatch_info();
            let outcome = call.dispatch(frame_system::RawOrigin::Root.into());
            let used = match &outcome {
                Ok(post) => post.actual_weight,
                Err(e) => e.post_info.actual_weight,
            }
            .unwrap_or(info.call_weight);
            Self::deposit_event(Event::RootCallDispatched {
                call_hash,
                result: outcome.map(|_| ()).map_err(|e| e.error),
            });
            Ok(Some(T::WeightInfo::propose_root_call().saturating_add(used)).into())
        }

        /// An issuer withdraws its approval of the live root motion for
        /// `call_hash`; without approvals left the motion is removed.
        #[pallet::call_index(11)]
        #[pallet::weight(T::WeightInfo::withdraw_issuer_approval())]
        pub fn withdraw_root_approval(origin: OriginFor<T>, call_hash: T::Hash) -> DispatchResult {
            let by = Self::ensure_issuer(origin)?;
            let mut motion = RootMotions::<T>::get(call_hash).ok_or(Error::<T>::NoMotion)?;
            ensure!(frame_system::Pallet::<T>::block_number() < motion.expires_at, Error::<T>::MotionExpired);
            ensure!(motion.approvals.remove(&by), Error::<T>::NotApproved);
            let issuers = Issuers::<T>::get();
            let approvals = motion.approvals.iter().filter(|a| issuers.contains(*a)).count() as u32;
            if approvals == 0 {
                RootMotions::<T>::remove(call_hash);
            } else {
                RootMotions::<T>::insert(call_hash, motion);
            }
            Self::deposit_event(Event::RootApprovalWithdrawn { call_hash, by, approvals });
            Ok(())
        }

        /// Anyone (signed) removes the expired root motion for `call_hash`.
        #[pallet::call_index(12)]
        #[pallet::weight(T::WeightInfo::clean_expired_motion())]
        pub fn clean_expired_root_motion(origin: OriginFor<T>, call_hash: T::Hash) -> DispatchResult {
            ensure_signed(origin)?;
            let motion = RootMotions::<T>::get(call_hash).ok_or(Error::<T>::NoMotion)?;
            ensure!(frame_system::Pallet::<T>::block_number() >= motion.expires_at, Error::<T>::MotionNotExpired);
            RootMotions::<T>::remove(call_hash);
            Self::deposit_event(Event::RootMotionExpired { call_hash, approvals: motion.approvals.len() as u32 });
            Ok(())
        }
    }

    /// The issuers that approved a motion.
    type Approvals<T> = BoundedBTreeSet<<T as frame_system::Config>::AccountId, <T as Config>::MaxIssuers>;

    /// One issuer's approval counted into a motion (issuer change or root call).
    struct Tally<T: Config> {
        /// The live approvals, this one included.
        approvals: Approvals<T>,
        /// Their number.
        count: u32,
        /// Approvals needed: a strict majority of the issuers.
        needed: u32,
        /// Whether this approval makes the majority.
        passes: bool,
        /// The motion's expiry.
        expires_at: BlockNumberFor<T>,
        /// Whether this approval opened the motion.
        opened: bool,
        /// The approvals of an expired motion this one replaces.
        expired: Option<u32>,
    }

    impl<T: Config> Pallet<T> {
        fn ensure_issuer(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
            let who = ensure_signed(origin)?;
            ensure!(Issuers::<T>::get().contains(&who), Error::<T>::NotIssuer);
            Ok(who)
        }

        fn ensure_certifier(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
            let who = ensure_signed(origin)?;
            ensure!(Self::is_certifier(&who), Error::<T>::NotCertifier);
            Ok(who)
        }

        /// Keeps the counter of a credential leaving [`Credentials`].
        fn retire(credential: &Credential) {
            let key = credential_id_key(&credential.id);
            if credential.counter > CounterHighWater::<T>::get(key).unwrap_or(0) {
                CounterHighWater::<T>::insert(key, credential.counter);
            }
        }

        /// Counts `by`'s approval into the stored motion `(approvals,
        /// expires_at)`, if any: approvals of former issuers no longer count,
        /// an expired motion is replaced by a fresh one.
        fn tally(
            issuers: &BoundedBTreeSet<T::AccountId, T::MaxIssuers>,
            stored: Option<(&Approvals<T>, BlockNumberFor<T>)>,
            by: T::AccountId,
        ) -> Result<Tally<T>, DispatchError> {
            let now = frame_system::Pallet::<T>::block_number();
            let (live, expired) = match stored {
                Some((approvals, expires_at)) if now < expires_at => (Some((approvals, expires_at)), None),
                Some((approvals, _)) => (None, Some(approvals.len() as u32)),
                None => (None, None),
            };
            let mut approvals: BTreeSet<_> = live
                .map(|(approvals, _)| approvals.iter().filter(|a| issuers.contains(*a)).cloned().collect())
                .unwrap_or_default();
            ensure!(approvals.insert(by), Error::<T>::AlreadyApproved);
            let approvals = BoundedBTreeSet::try_from(approvals).map_err(|_| Error::<T>::TooManyIssuers)?;
            let count = approvals.len() as u32;
            let needed = issuers.len() as u32 / 2 + 1;
            let expires_at = live.map(|(_, e)| e).unwrap_or_else(|| now.saturating_add(T::MotionLifetime::get()));
            Ok(Tally { approvals, count, needed, passes: count >= needed, expires_at, opened: live.is_none(), expired })
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

        /// Whether `who` may certify and revoke contract code: a current
        /// [`Role::Arbiter`] license (the SCCA role) or issuer membership.
        pub fn is_certifier(who: &T::AccountId) -> bool {
            Self::has_role(who, Role::Arbiter) || Self::has_role(who, Role::Issuer)
        }

        /// Whether `who` may upload and instantiate contract code: a current
        /// license as [`Role::Institution`] or [`Role::Administrator`], or
        /// issuer membership. Arbiters review and certify code; they do not
        /// deploy it. (Whether the code may be instantiated is the runtime's
        /// decision, e.g. [`Pallet::is_certified`].)
        pub fn is_licensed_deployer(who: &T::AccountId) -> bool {
            [Role::Institution, Role::Administrator, Role::Issuer].into_iter().any(|role| Self::has_role(who, role))
        }

        /// The `by` of certifications from the genesis configuration: the
        /// account whose encoding is all zeros, which no one controls.
        pub fn genesis_certifier() -> T::AccountId {
            T::AccountId::decode(&mut sp_runtime::traits::TrailingZeroInput::zeroes())
                .expect("an account id decodes from infinite zeros")
        }

        /// Whether the contract code `code_hash` is certified.
        pub fn is_certified(code_hash: &T::Hash) -> bool {
            CertifiedCode::<T>::contains_key(code_hash)
        }

        /// The certification of `code_hash`, if any.
        pub fn certification(code_hash: &T::Hash) -> Option<Certification<T::AccountId, BlockNumberFor<T>>> {
            CertifiedCode::<T>::get(code_hash)
        }

        /// Verifies a WebAuthn assertion of `who` over `challenge` and, when
        /// it is valid, stores the new signature counter (replay protection;
        /// an authenticator without a counter keeps 0, see [`webauthn`]).
        pub fn verify_second_factor(
            who: &T::AccountId,
            challenge: &[u8; 32],
            assertion: &Assertion,
        ) -> Result<(), SecondFactorError> {
            let mut credential = Credentials::<T>::get(who).ok_or(SecondFactorError::NoCredential)?;
            let counter = crate::webauthn::verify(&credential, challenge, assertion)?;
            if counter != credential.counter {
                credential.counter = counter;
                Credentials::<T>::insert(who, credential);
            }
            Self::deposit_event(Event::SecondFactorVerified { who: who.clone(), counter });
            Ok(())
        }
    }
}
