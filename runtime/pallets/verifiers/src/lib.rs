//! # Verifiers pallet
//!
//! Who authors and finalizes Fiducia's blocks (docs/verifiers.md). This
//! pallet is `pallet-session`'s `SessionManager`: at every session boundary
//! it plans the next verifier set as the accounts that
//!
//! 1. were **admitted** by a strict majority of the current verifiers
//!    ([`Pallet::propose`] with [`VerifierChange::Admit`]),
//! 2. hold a **current Verifier license** from an issuer ([`Config::Licensed`]:
//!    the registry, expiry included), and
//! 3. have **registered session keys** ([`Config::Keyed`]: `session.set_keys`,
//!    which checks a proof of possession).
//!
//! A verifier leaves the set when it loses its license (revocation or
//! expiry: it is then also dropped from the admitted set, so a new license
//! needs a new admission) or when other current verifiers, as many as a
//! strict majority of the whole current set, remove it
//! ([`VerifierChange::Remove`]; its own vote does not count). Only current
//! verifiers that are still admitted and licensed vote. The set never drops
//! below [`MinVerifiers`]: a removal that would go below is refused, and a
//! planned set below it (licenses lapsed) is not applied — the current set
//! stays and [`Event::BelowMinimum`] says so. A verifier that purges its
//! own session keys leaves the set even then: Aura and GRANDPA can only
//! use keyed verifiers.
//!
//! A change decided during session `s` is planned at the boundary to `s + 1`
//! and active from the boundary to `s + 2`: between one and two sessions.
//!
//! Motions work like the registry's issuer motions: each verifier submits
//! the same change; the approval that makes the majority applies it. A motion
//! lives [`Config::MotionLifetime`] blocks from its first approval; approvals
//! of accounts that are no longer verifiers stop counting.
//!
//! **Peering**: a licensed verifier registers its node's libp2p peer id
//! ([`Pallet::set_node_id`]). Every verifier node's offchain worker hands
//! the peer ids of the currently licensed verifiers to its networking
//! (`set_authorized_nodes(ids, authorized_only = true)`), so a node accepts
//! and keeps only those peers: a node whose operator lost the license, or
//! never had one, cannot sync or gossip with the verifiers. A chain whose
//! genesis registers no peer id (`--dev`) is not restricted.
//!
//! Root (on Fiducia: a majority of issuers, through the registry's root
//! motions) may replace the admitted set ([`Pallet::force_set_verifiers`])
//! and change the minimum ([`Pallet::set_min_verifiers`]): the recovery
//! path when too few verifiers are left to vote.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

/// Most bytes of a registered peer id (an ed25519 libp2p peer id has 38).
pub const MAX_PEER_ID_LEN: u32 = 64;
/// A libp2p peer id, as bytes (the multihash; base58 is its text form).
pub type PeerIdBytes = frame_support::BoundedVec<u8, frame_support::traits::ConstU32<MAX_PEER_ID_LEN>>;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A change of the admitted verifier set, decided by a majority of verifiers.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum VerifierChange<AccountId> {
    /// Admit a licensed account as a verifier.
    Admit(AccountId),
    /// Remove an admitted verifier; its own vote does not count.
    Remove(AccountId),
}

impl<AccountId> VerifierChange<AccountId> {
    /// The account the change is about.
    pub fn subject(&self) -> &AccountId {
        match self {
            VerifierChange::Admit(who) | VerifierChange::Remove(who) => who,
        }
    }
}

/// Whether `bytes` have the shape of a libp2p peer id: the identity
/// multihash (`0x00`, length, protobuf-encoded public key of at most 42
/// bytes) or the SHA2-256 multihash (`0x12 0x20`, 32 bytes).
pub fn is_peer_id(bytes: &[u8]) -> bool {
    match bytes {
        [0x00, len, key @ ..] => usize::from(*len) == key.len() && (4..=42).contains(&key.len()),
        [0x12, 0x20, digest @ ..] => digest.len() == 32,
        _ => false,
    }
}

#[frame_support::pallet]
pub mod pallet {
    use super::*;
    use alloc::{collections::BTreeSet, vec::Vec};
    use frame_support::{pallet_prelude::*, traits::Contains};
    use frame_system::pallet_prelude::*;
    use sp_runtime::traits::{Hash, Saturating};

    #[pallet::pallet]
    pub struct Pallet<T>(_);

    /// Configuration of the verifier set.
    #[pallet::config]
    pub trait Config: frame_system::Config {
        /// The overarching event type.
        #[allow(deprecated)]
        type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;
        /// Most verifiers at once (at most Aura's and GRANDPA's `MaxAuthorities`).
        #[pallet::constant]
        type MaxVerifiers: Get<u32>;
        /// Blocks per session, as the session pallet rotates (for clients:
        /// when the next boundary comes).
        #[pallet::constant]
        type SessionLength: Get<BlockNumberFor<Self>>;
        /// Blocks a motion lives from its first approval. Must be non-zero.
        #[pallet::constant]
        type MotionLifetime: Get<BlockNumberFor<Self>>;
        /// Accounts holding a current Verifier license.
        type Licensed: Contains<Self::AccountId>;
        /// Accounts that registered session keys for the next session.
        type Keyed: Contains<Self::AccountId>;
        /// The verifiers of the current session: they vote on motions.
        type Current: Get<Vec<Self::AccountId>>;
        /// Weights of the calls.
        type WeightInfo: WeightInfo;
    }

    /// A pending change of the verifier set.
    #[derive(
        CloneNoBound, PartialEqNoBound, EqNoBound, frame_support::DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
    )]
    #[scale_info(skip_type_params(T))]
    #[codec(mel_bound(T: Config))]
    pub struct Motion<T: Config> {
        /// The proposed change.
        pub change: VerifierChange<T::AccountId>,
        /// The verifiers that approved it.
        pub approvals: BoundedBTreeSet<T::AccountId, T::MaxVerifiers>,
        /// First block at which the motion is expired.
        pub expires_at: BlockNumberFor<T>,
    }

    /// The admitted verifiers (whether they are in the session also needs a
    /// license and keys).
    #[pallet::storage]
    pub type Admitted<T: Config> = StorageValue<_, BoundedBTreeSet<T::AccountId, T::MaxVerifiers>, ValueQuery>;

    /// The fewest verifiers the set may have (GRANDPA with `3f + 1` voters
    /// tolerates `f` faults: 4 tolerate one).
    #[pallet::storage]
    pub type MinVerifiers<T: Config> = StorageValue<_, u32, ValueQuery>;

    /// Verifier-set changes awaiting a majority: hash of the change → motion.
    #[pallet::storage]
    pub type Motions<T: Config> = StorageMap<_, Identity, T::Hash, Motion<T>, OptionQuery>;

    /// The libp2p peer id of each licensed verifier's node.
    #[pallet::storage]
    pub type NodeIds<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, PeerIdBytes, OptionQuery>;

    /// Genesis: the admitted verifiers (the accounts of `session.keys`),
    /// the minimum, and the verifiers' node peer ids.
    #[pallet::genesis_config]
    #[derive(frame_support::DefaultNoBound)]
    pub struct GenesisConfig<T: Config> {
        /// The initial verifiers; each must be licensed as Verifier.
        pub verifiers: Vec<T::AccountId>,
        /// The fewest verifiers the set may have (at least 1, at most the
        /// number of initial verifiers).
        pub min_verifiers: u32,
        /// Peer ids (bytes) of licensed verifiers' nodes; none: no peering
        /// restriction.
        pub node_ids: Vec<(T::AccountId, Vec<u8>)>,
    }

    #[pallet::genesis_build]
    impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
        fn build(&self) {
            let set: BTreeSet<_> = self.verifiers.iter().cloned().collect();
            // An empty set with minimum 0 is a genesis without block authors
            // (runtime unit tests); a chain's genesis names its verifiers.
            assert!(
                set.len() as u32 >= self.min_verifiers && (self.min_verifiers >= 1 || set.is_empty()),
                "verifiers genesis: min_verifiers must be at least 1 and at most the number of verifiers ({})",
                set.len()
            );
            assert!(
                set.iter().all(T::Licensed::contains),
                "verifiers genesis: every verifier needs a Verifier license in the registry genesis"
            );
            let set = BoundedBTreeSet::try_from(set).expect("verifiers genesis: more verifiers than MaxVerifiers");
            Admitted::<T>::put(set);
            MinVerifiers::<T>::put(self.min_verifiers);
            for (who, peer_id) in &self.node_ids {
                assert!(T::Licensed::contains(who), "verifiers genesis: a node id for an unlicensed account");
                assert!(is_peer_id(peer_id), "verifiers genesis: {peer_id:?} is not a libp2p peer id");
                let peer_id = PeerIdBytes::try_from(peer_id.clone()).expect("verifiers genesis: peer id too long");
                NodeIds::<T>::insert(who, peer_id);
            }
        }
    }

    /// Verifier-set events.
    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// A motion was opened by its first approval.
        MotionOpened {
            /// The proposed change.
            change: VerifierChange<T::AccountId>,
            /// Approvals count until this block (exclusive).
            expires_at: BlockNumberFor<T>,
        },
        /// A verifier approved a change.
        Approved {
            /// The proposed change.
            change: VerifierChange<T::AccountId>,
            /// The approving verifier.
            by: T::AccountId,
            /// Approvals of current verifiers so far.
            approvals: u32,
            /// Approvals the change needs (a strict majority of the voters).
            needed: u32,
        },
        /// A verifier withdrew its approval (at 0 approvals the motion is removed).
        ApprovalWithdrawn {
            /// The proposed change.
            change: VerifierChange<T::AccountId>,
            /// The withdrawing verifier.
            by: T::AccountId,
            /// Approvals that remain.
            approvals: u32,
        },
        /// An expired motion was removed.
        MotionExpired {
            /// The change it proposed.
            change: VerifierChange<T::AccountId>,
            /// The approvals it had.
            approvals: u32,
        },
        /// A majority admitted a verifier; it joins at the next-but-one
        /// session boundary if it is licensed and has session keys.
        VerifierAdmitted {
            /// The admitted account.
            who: T::AccountId,
        },
        /// A majority of the other verifiers removed a verifier; it leaves at
        /// the next-but-one session boundary.
        VerifierRemoved {
            /// The removed account.
            who: T::AccountId,
        },
        /// An admitted verifier lost its Verifier license (revoked or
        /// expired) and was dropped from the admitted set.
        LicenseLapsed {
            /// The account.
            who: T::AccountId,
        },
        /// A licensed verifier registered its node's peer id.
        NodeIdSet {
            /// The verifier.
            who: T::AccountId,
            /// The peer id's bytes.
            peer_id: PeerIdBytes,
        },
        /// Root replaced the admitted set.
        VerifiersForced {
            /// The new admitted set.
            verifiers: Vec<T::AccountId>,
        },
        /// Root changed the minimum.
        MinVerifiersSet {
            /// The new minimum.
            min: u32,
        },
        /// The set for a coming session differs from the current one.
        NextVerifiersPlanned {
            /// The session that will have this set.
            session: u32,
            /// Its verifiers.
            verifiers: Vec<T::AccountId>,
        },
        /// Fewer than the minimum are eligible (admitted, licensed, keyed):
        /// the current set stays for the coming session.
        BelowMinimum {
            /// The session that keeps the current set.
            session: u32,
            /// Eligible accounts.
            eligible: u32,
            /// The minimum.
            min: u32,
        },
    }

    /// Verifier-set errors.
    #[pallet::error]
    pub enum Error<T> {
        /// Only a verifier of the current session may vote on verifier changes.
        NotVerifier,
        /// The account holds no current Verifier license from an issuer.
        NotLicensed,
        /// The account is already admitted.
        AlreadyAdmitted,
        /// The account is not an admitted verifier.
        NotAdmitted,
        /// A verifier may not vote on its own removal.
        OwnRemoval,
        /// The change would leave fewer verifiers than the minimum.
        BelowMinimum,
        /// This verifier already approved this change.
        AlreadyApproved,
        /// Too many verifiers (see `MaxVerifiers`).
        TooManyVerifiers,
        /// There is no motion for this change.
        NoMotion,
        /// This verifier has not approved this motion.
        NotApproved,
        /// The motion has expired; anyone may remove it with `clean_expired_motion`.
        MotionExpired,
        /// The motion is still live; only expired motions can be cleaned.
        MotionNotExpired,
        /// The minimum must be at least 1 and at most `MaxVerifiers`.
        InvalidMinimum,
        /// Not a libp2p peer id: an identity multihash of a public key (up
        /// to 42 bytes; ed25519 ids are 38 bytes) or a SHA2-256 one (34 bytes).
        InvalidPeerId,
    }

    #[pallet::hooks]
    impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
        fn integrity_test() {
            use sp_runtime::traits::Zero;
            assert!(!T::MotionLifetime::get().is_zero(), "MotionLifetime must be non-zero");
            assert!(!T::SessionLength::get().is_zero(), "SessionLength must be non-zero");
            assert!(T::MaxVerifiers::get() > 0, "MaxVerifiers must be non-zero");
        }

        /// On each new best block, on verifier nodes: only the nodes of
        /// licensed verifiers, and of the current session's verifiers (so
        /// the serving set is never cut apart before it changes), may be
        /// peers. Applied only once every current verifier has registered
        /// its node, so registering the first id cannot isolate the others.
        fn offchain_worker(_: BlockNumberFor<T>) {
            let current = T::Current::get();
            if current.is_empty() || !current.iter().all(NodeIds::<T>::contains_key) {
                return;
            }
            // The node's own id is no peer to dial.
            let own = sp_io::offchain::network_state().ok().map(|state| state.peer_id);
            let nodes: Vec<_> = NodeIds::<T>::iter()
                .filter(|(who, _)| T::Licensed::contains(who) || current.contains(who))
                .map(|(_, peer_id)| sp_core::OpaquePeerId(peer_id.into_inner()))
                .filter(|peer_id| Some(peer_id) != own.as_ref())
                .collect();
            sp_io::offchain::set_authorized_nodes(nodes, true);
        }
    }

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// A current verifier approves `change`; the approval that makes a
        /// strict majority of the voters applies it. For `Admit(who)`, the
        /// voters are the current verifiers and `who` must be licensed; for
        /// `Remove(who)`, the current verifiers other than `who`, and at
        /// least [`MinVerifiers`] must remain admitted.
        ///
        /// The first approval opens a motion that lives
        /// [`Config::MotionLifetime`] blocks; an approval of an expired
        /// motion replaces it with a fresh one.
        #[pallet::call_index(0)]
        #[pallet::weight(T::WeightInfo::propose())]
        pub fn propose(origin: OriginFor<T>, change: VerifierChange<T::AccountId>) -> DispatchResult {
            let by = ensure_signed(origin)?;
            let electorate = Self::electorate();
            ensure!(electorate.contains(&by), Error::<T>::NotVerifier);
            ensure!(change != VerifierChange::Remove(by.clone()), Error::<T>::OwnRemoval);
            let voters = Self::voters(&electorate, &change);
            let next = Self::apply(&change)?;

            let key = T::Hashing::hash_of(&change);
            let now = frame_system::Pallet::<T>::block_number();
            let (live, expired) = match Motions::<T>::get(key) {
                Some(motion) if now < motion.expires_at => (Some(motion), None),
                Some(motion) => (None, Some(motion)),
                None => (None, None),
            };
            let mut approvals: BTreeSet<_> = live
                .as_ref()
                .map(|m| m.approvals.iter().filter(|a| voters.contains(*a)).cloned().collect())
                .unwrap_or_default();
            ensure!(approvals.insert(by.clone()), Error::<T>::AlreadyApproved);
            let approvals = BoundedBTreeSet::try_from(approvals).map_err(|_| Error::<T>::TooManyVerifiers)?;
            let count = approvals.len() as u32;
            // A strict majority of the whole electorate, also for a removal
            // (whose subject does not vote): half of the set never suffices.
            let needed = electorate.len() as u32 / 2 + 1;

            if let Some(old) = expired {
                Self::deposit_event(Event::MotionExpired { change: old.change, approvals: old.approvals.len() as u32 });
            }
            let passes = count >= needed;
            let expires_at = match &live {
                Some(motion) => motion.expires_at,
                None => {
                    let expires_at = now.saturating_add(T::MotionLifetime::get());
                    if !passes {
                        Self::deposit_event(Event::MotionOpened { change: change.clone(), expires_at });
                    }
                    expires_at
                },
            };
            Self::deposit_event(Event::Approved { change: change.clone(), by, approvals: count, needed });
            if passes {
                Motions::<T>::remove(key);
                Admitted::<T>::put(next);
                Self::deposit_event(match change {
                    VerifierChange::Admit(who) => Event::VerifierAdmitted { who },
                    VerifierChange::Remove(who) => Event::VerifierRemoved { who },
                });
            } else {
                Motions::<T>::insert(key, Motion { change, approvals, expires_at });
            }
            Ok(())
        }

        /// A verifier withdraws its approval of the live motion for `change`.
        #[pallet::call_index(1)]
        #[pallet::weight(T::WeightInfo::withdraw_approval())]
        pub fn withdraw_approval(origin: OriginFor<T>, change: VerifierChange<T::AccountId>) -> DispatchResult {
            let by = ensure_signed(origin)?;
            let key = T::Hashing::hash_of(&change);
            let mut motion = Motions::<T>::get(key).ok_or(Error::<T>::NoMotion)?;
            ensure!(frame_system::Pallet::<T>::block_number() < motion.expires_at, Error::<T>::MotionExpired);
            ensure!(motion.approvals.remove(&by), Error::<T>::NotApproved);
            let voters = Self::voters(&Self::electorate(), &change);
            let approvals = motion.approvals.iter().filter(|a| voters.contains(*a)).count() as u32;
            if approvals == 0 {
                Motions::<T>::remove(key);
            } else {
                Motions::<T>::insert(key, motion);
            }
            Self::deposit_event(Event::ApprovalWithdrawn { change, by, approvals });
            Ok(())
        }

        /// Anyone (signed) removes the expired motion for `change`.
        #[pallet::call_index(2)]
        #[pallet::weight(T::WeightInfo::clean_expired_motion())]
        pub fn clean_expired_motion(origin: OriginFor<T>, change: VerifierChange<T::AccountId>) -> DispatchResult {
            ensure_signed(origin)?;
            let key = T::Hashing::hash_of(&change);
            let motion = Motions::<T>::get(key).ok_or(Error::<T>::NoMotion)?;
            ensure!(frame_system::Pallet::<T>::block_number() >= motion.expires_at, Error::<T>::MotionNotExpired);
            Motions::<T>::remove(key);
            Self::deposit_event(Event::MotionExpired {
                change: motion.change,
                approvals: motion.approvals.len() as u32,
            });
            Ok(())
        }

        /// Root replaces the admitted set: every account licensed, and at
        /// least [`MinVerifiers`] (and at least one) of them with session
        /// keys. Pending motions are dropped. Applies at the next-but-one
        /// session boundary; while GRANDPA is stalled, follow it with
        /// GRANDPA's `note_stalled` (docs/operator.md).
        #[pallet::call_index(3)]
        #[pallet::weight(T::WeightInfo::force_set_verifiers())]
        pub fn force_set_verifiers(
            origin: OriginFor<T>,
            verifiers: BoundedVec<T::AccountId, T::MaxVerifiers>,
        ) -> DispatchResult {
            ensure_root(origin)?;
            let set: BTreeSet<_> = verifiers.into_iter().collect();
            ensure!(set.iter().all(T::Licensed::contains), Error::<T>::NotLicensed);
            let keyed = set.iter().filter(|v| T::Keyed::contains(v)).count() as u32;
            ensure!(keyed >= Self::floor(), Error::<T>::BelowMinimum);
            let set = BoundedBTreeSet::try_from(set).map_err(|_| Error::<T>::TooManyVerifiers)?;
            let verifiers = set.iter().cloned().collect();
            Admitted::<T>::put(set);
            let _ = Motions::<T>::clear(T::MaxVerifiers::get().saturating_mul(4), None);
            Self::deposit_event(Event::VerifiersForced { verifiers });
            Ok(())
        }

        /// A licensed verifier (admitted or not yet) registers the peer id
        /// of its node, replacing an earlier one; the verifiers' nodes then
        /// accept it as a peer.
        #[pallet::call_index(5)]
        #[pallet::weight(T::WeightInfo::set_node_id())]
        pub fn set_node_id(origin: OriginFor<T>, peer_id: PeerIdBytes) -> DispatchResult {
            let who = ensure_signed(origin)?;
            ensure!(T::Licensed::contains(&who), Error::<T>::NotLicensed);
            ensure!(is_peer_id(&peer_id), Error::<T>::InvalidPeerId);
            NodeIds::<T>::insert(&who, &peer_id);
            Self::deposit_event(Event::NodeIdSet { who, peer_id });
            Ok(())
        }

        /// Root sets the minimum number of verifiers (1 ..= `MaxVerifiers`).
        #[pallet::call_index(4)]
        #[pallet::weight(T::WeightInfo::set_min_verifiers())]
        pub fn set_min_verifiers(origin: OriginFor<T>, min: u32) -> DispatchResult {
            ensure_root(origin)?;
            ensure!((1..=T::MaxVerifiers::get()).contains(&min), Error::<T>::InvalidMinimum);
            MinVerifiers::<T>::put(min);
            Self::deposit_event(Event::MinVerifiersSet { min });
            Ok(())
        }
    }

    impl<T: Config> Pallet<T> {
        /// Who may vote: the current session's verifiers that are still
        /// admitted and licensed (one removed or revoked stops voting at
        /// once, although it serves until the session boundary).
        fn electorate() -> BTreeSet<T::AccountId> {
            let admitted = Admitted::<T>::get();
            T::Current::get().into_iter().filter(|v| admitted.contains(v) && T::Licensed::contains(v)).collect()
        }

        /// Who votes on `change`: the electorate, less the subject of a removal.
        fn voters(
            electorate: &BTreeSet<T::AccountId>,
            change: &VerifierChange<T::AccountId>,
        ) -> BTreeSet<T::AccountId> {
            let mut voters = electorate.clone();
            if let VerifierChange::Remove(who) = change {
                voters.remove(who);
            }
            voters
        }

        /// The fewest verifiers a planned set may have: the minimum, and
        /// never none.
        fn floor() -> u32 {
            MinVerifiers::<T>::get().max(1)
        }

        /// The admitted set after `change`, if the change is allowed now.
        fn apply(
            change: &VerifierChange<T::AccountId>,
        ) -> Result<BoundedBTreeSet<T::AccountId, T::MaxVerifiers>, DispatchError> {
            let mut next = Admitted::<T>::get();
            match change {
                VerifierChange::Admit(who) => {
                    ensure!(T::Licensed::contains(who), Error::<T>::NotLicensed);
                    ensure!(!next.contains(who), Error::<T>::AlreadyAdmitted);
                    next.try_insert(who.clone()).map_err(|_| Error::<T>::TooManyVerifiers)?;
                },
                VerifierChange::Remove(who) => {
                    ensure!(next.remove(who), Error::<T>::NotAdmitted);
                    // The minimum is of verifiers that can serve (licensed, keyed).
                    let remaining = Self::eligible().into_iter().filter(|v| v != who).count() as u32;
                    ensure!(remaining >= Self::floor(), Error::<T>::BelowMinimum);
                },
            }
            Ok(next)
        }

        /// The verifiers the next session would get now: admitted, licensed
        /// and keyed, in account order.
        pub fn eligible() -> Vec<T::AccountId> {
            Admitted::<T>::get().into_iter().filter(|v| T::Licensed::contains(v) && T::Keyed::contains(v)).collect()
        }
    }

    impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
        /// Plans session `index`: the eligible accounts, unless fewer than the
        /// minimum (then the current set stays) or the same as now (no
        /// authority-set change for Aura and GRANDPA). Admitted accounts
        /// whose license is gone are dropped from the admitted set.
        fn new_session(index: u32) -> Option<Vec<T::AccountId>> {
            let next = Self::eligible();
            let current = T::Current::get();
            if (next.len() as u32) < Self::floor() {
                let min = MinVerifiers::<T>::get();
                Self::deposit_event(Event::BelowMinimum { session: index, eligible: next.len() as u32, min });
                // The current set stays — less any verifier that purged its
                // keys: pallet-session would drop it from the queue without
                // telling Aura and GRANDPA, so the change is made explicit.
                let keyed: Vec<_> = current.iter().filter(|v| T::Keyed::contains(v)).cloned().collect();
                if keyed.len() == current.len() || keyed.is_empty() {
                    return None;
                }
                Self::deposit_event(Event::NextVerifiersPlanned { session: index, verifiers: keyed.clone() });
                return Some(keyed);
            }
            let mut admitted = Admitted::<T>::get();
            let lapsed: Vec<_> = admitted.iter().filter(|v| !T::Licensed::contains(v)).cloned().collect();
            for who in lapsed {
                admitted.remove(&who);
                NodeIds::<T>::remove(&who);
                Self::deposit_event(Event::LicenseLapsed { who });
            }
            Admitted::<T>::put(admitted);

            if next.iter().collect::<BTreeSet<_>>() == current.iter().collect::<BTreeSet<_>>() {
                return None;
            }
            Self::deposit_event(Event::NextVerifiersPlanned { session: index, verifiers: next.clone() });
            Some(next)
        }

        /// Genesis sessions use `session.keys` as configured (this pallet's
        /// genesis runs after the session pallet's).
        fn new_session_genesis(_: u32) -> Option<Vec<T::AccountId>> {
            None
        }

        fn end_session(_: u32) {}

        fn start_session(_: u32) {}
    }
}
