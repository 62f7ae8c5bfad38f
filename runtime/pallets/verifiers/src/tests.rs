//! Tests of every rule: admission and removal by majority, licenses, keys,
//! the minimum, expiry, bad origins, and the session manager's planning.

use crate::{mock::*, Admitted, Error, Event, MinVerifiers, Motions, NodeIds, PeerIdBytes, VerifierChange};
use frame_support::{assert_noop, assert_ok, traits::Hooks, BoundedVec};
use pallet_session::SessionManager;
use sp_runtime::{traits::Hash, DispatchError};

type Verifiers = crate::Pallet<Test>;
use VerifierChange::{Admit, Remove};

fn signed(who: u64) -> RuntimeOrigin {
    RuntimeOrigin::signed(who)
}

fn events() -> Vec<Event<Test>> {
    System::events()
        .into_iter()
        .filter_map(|r| match r.event {
            RuntimeEvent::Verifiers(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn admitted() -> Vec<u64> {
    Admitted::<Test>::get().into_iter().collect()
}

fn run_to(n: u64) {
    while System::block_number() < n {
        System::set_block_number(System::block_number() + 1);
        <Verifiers as Hooks<u64>>::on_initialize(System::block_number());
    }
}

fn motion_key(change: &VerifierChange<u64>) -> sp_core::H256 {
    <Test as frame_system::Config>::Hashing::hash_of(change)
}

#[test]
fn genesis_admits_the_verifiers_with_the_minimum() {
    new_test_ext().execute_with(|| {
        assert_eq!(admitted(), vec![ALICE, BOB, CHARLIE, DAVE]);
        assert_eq!(MinVerifiers::<Test>::get(), 4);
    });
}

#[test]
#[should_panic(expected = "min_verifiers must be at least 1")]
fn genesis_refuses_a_minimum_above_the_set() {
    ext_with(&[ALICE, BOB], 3);
}

#[test]
fn a_strict_majority_admits_a_licensed_account() {
    new_test_ext().execute_with(|| {
        assert_ok!(Verifiers::propose(signed(ALICE), Admit(EVE)));
        assert_ok!(Verifiers::propose(signed(BOB), Admit(EVE)));
        // 2 of 4 is not a strict majority.
        assert_eq!(admitted(), vec![ALICE, BOB, CHARLIE, DAVE]);
        assert!(Motions::<Test>::contains_key(motion_key(&Admit(EVE))));
        assert_ok!(Verifiers::propose(signed(CHARLIE), Admit(EVE)));
        assert_eq!(admitted(), vec![ALICE, BOB, CHARLIE, DAVE, EVE]);
        assert!(!Motions::<Test>::contains_key(motion_key(&Admit(EVE))));
        let events = events();
        assert!(events.contains(&Event::MotionOpened { change: Admit(EVE), expires_at: 1 + MOTION_LIFETIME }));
        assert!(events.contains(&Event::Approved { change: Admit(EVE), by: CHARLIE, approvals: 3, needed: 3 }));
        assert_eq!(events.last(), Some(&Event::VerifierAdmitted { who: EVE }));
    });
}

#[test]
fn only_current_verifiers_vote_and_only_once() {
    new_test_ext().execute_with(|| {
        assert_noop!(Verifiers::propose(signed(EVE), Admit(EVE)), Error::<Test>::NotVerifier);
        assert_noop!(Verifiers::propose(RuntimeOrigin::root(), Admit(EVE)), DispatchError::BadOrigin);
        assert_noop!(Verifiers::propose(RuntimeOrigin::none(), Admit(EVE)), DispatchError::BadOrigin);
        assert_ok!(Verifiers::propose(signed(ALICE), Admit(EVE)));
        assert_noop!(Verifiers::propose(signed(ALICE), Admit(EVE)), Error::<Test>::AlreadyApproved);
    });
}

#[test]
fn admission_needs_a_current_license_and_a_new_account() {
    new_test_ext().execute_with(|| {
        assert_noop!(Verifiers::propose(signed(ALICE), Admit(MALLORY)), Error::<Test>::NotLicensed);
        assert_noop!(Verifiers::propose(signed(ALICE), Admit(BOB)), Error::<Test>::AlreadyAdmitted);
        // A license revoked while the motion is open stops the passing vote.
        assert_ok!(Verifiers::propose(signed(ALICE), Admit(EVE)));
        assert_ok!(Verifiers::propose(signed(BOB), Admit(EVE)));
        set_licensed(EVE, false);
        assert_noop!(Verifiers::propose(signed(CHARLIE), Admit(EVE)), Error::<Test>::NotLicensed);
    });
}

#[test]
fn removal_needs_a_majority_of_the_others_and_never_its_own_vote() {
    ext_with(&[ALICE, BOB, CHARLIE, DAVE, EVE], 4).execute_with(|| {
        assert_noop!(Verifiers::propose(signed(EVE), Remove(EVE)), Error::<Test>::OwnRemoval);
        // Voters are the 4 others: 3 approvals needed.
        assert_ok!(Verifiers::propose(signed(ALICE), Remove(EVE)));
        assert_ok!(Verifiers::propose(signed(BOB), Remove(EVE)));
        assert_eq!(admitted().len(), 5);
        assert_ok!(Verifiers::propose(signed(CHARLIE), Remove(EVE)));
        assert_eq!(admitted(), vec![ALICE, BOB, CHARLIE, DAVE]);
        assert_eq!(events().last(), Some(&Event::VerifierRemoved { who: EVE }));
        assert_noop!(Verifiers::propose(signed(ALICE), Remove(MALLORY)), Error::<Test>::NotAdmitted);
    });
}

#[test]
fn removal_below_the_minimum_is_refused() {
    new_test_ext().execute_with(|| {
        assert_noop!(Verifiers::propose(signed(BOB), Remove(DAVE)), Error::<Test>::BelowMinimum);
    });
    // At 5 with one not keyed, removing a keyed one would leave 3 that can serve.
    ext_with(&[ALICE, BOB, CHARLIE, DAVE, EVE], 4).execute_with(|| {
        set_keyed(EVE, false);
        assert_noop!(Verifiers::propose(signed(BOB), Remove(DAVE)), Error::<Test>::BelowMinimum);
    });
    // The minimum is checked again by the passing approval.
    ext_with(&[ALICE, BOB, CHARLIE, DAVE, EVE], 4).execute_with(|| {
        assert_ok!(Verifiers::propose(signed(ALICE), Remove(DAVE)));
        assert_ok!(Verifiers::propose(signed(BOB), Remove(DAVE)));
        set_licensed(EVE, false);
        assert_noop!(Verifiers::propose(signed(CHARLIE), Remove(DAVE)), Error::<Test>::BelowMinimum);
    });
}

#[test]
fn approvals_of_former_verifiers_stop_counting() {
    ext_with(&[ALICE, BOB, CHARLIE, DAVE, EVE], 4).execute_with(|| {
        let mallory_candidate = MALLORY;
        set_licensed(mallory_candidate, true);
        assert_ok!(Verifiers::propose(signed(ALICE), Admit(mallory_candidate)));
        assert_ok!(Verifiers::propose(signed(BOB), Admit(mallory_candidate)));
        // A session boundary takes Alice out of the current set.
        set_current(&[BOB, CHARLIE, DAVE, EVE]);
        assert_ok!(Verifiers::propose(signed(CHARLIE), Admit(mallory_candidate)));
        // Bob and Charlie are 2 of 4: not yet.
        assert!(!admitted().contains(&mallory_candidate));
        assert_ok!(Verifiers::propose(signed(DAVE), Admit(mallory_candidate)));
        assert!(admitted().contains(&mallory_candidate));
    });
}

#[test]
fn motions_expire_withdraw_and_clean() {
    new_test_ext().execute_with(|| {
        assert_ok!(Verifiers::propose(signed(ALICE), Admit(EVE)));
        assert_ok!(Verifiers::propose(signed(BOB), Admit(EVE)));
        assert_noop!(Verifiers::withdraw_approval(signed(CHARLIE), Admit(EVE)), Error::<Test>::NotApproved);
        assert_ok!(Verifiers::withdraw_approval(signed(BOB), Admit(EVE)));
        assert_noop!(Verifiers::clean_expired_motion(signed(EVE), Admit(EVE)), Error::<Test>::MotionNotExpired);
        run_to(1 + MOTION_LIFETIME);
        assert_noop!(Verifiers::withdraw_approval(signed(ALICE), Admit(EVE)), Error::<Test>::MotionExpired);
        // Bob's and Charlie's fresh approvals do not pass with Alice's expired one.
        assert_ok!(Verifiers::propose(signed(BOB), Admit(EVE)));
        assert_ok!(Verifiers::propose(signed(CHARLIE), Admit(EVE)));
        assert!(!admitted().contains(&EVE));
        assert!(events().contains(&Event::MotionExpired { change: Admit(EVE), approvals: 1 }));
        run_to(1 + 2 * MOTION_LIFETIME);
        assert_ok!(Verifiers::clean_expired_motion(signed(MALLORY), Admit(EVE)));
        assert!(!Motions::<Test>::contains_key(motion_key(&Admit(EVE))));
        assert_noop!(Verifiers::clean_expired_motion(signed(MALLORY), Admit(EVE)), Error::<Test>::NoMotion);
        // The last withdrawal removes the motion.
        assert_ok!(Verifiers::propose(signed(ALICE), Admit(EVE)));
        assert_ok!(Verifiers::withdraw_approval(signed(ALICE), Admit(EVE)));
        assert!(!Motions::<Test>::contains_key(motion_key(&Admit(EVE))));
    });
}

#[test]
fn the_session_manager_plans_admitted_licensed_keyed_accounts() {
    new_test_ext().execute_with(|| {
        // Nothing changed: no new set (no authority change for Aura/GRANDPA).
        assert_eq!(Verifiers::new_session(2), None);
        for v in [ALICE, BOB, CHARLIE] {
            assert_ok!(Verifiers::propose(signed(v), Admit(EVE)));
        }
        assert_eq!(Verifiers::new_session(3), Some(vec![ALICE, BOB, CHARLIE, DAVE, EVE]));
        assert!(events()
            .contains(&Event::NextVerifiersPlanned { session: 3, verifiers: vec![ALICE, BOB, CHARLIE, DAVE, EVE] }));
        set_current(&[ALICE, BOB, CHARLIE, DAVE, EVE]);
        assert_eq!(Verifiers::new_session(4), None);
        // An admitted account without keys does not serve.
        set_keyed(EVE, false);
        assert_eq!(Verifiers::new_session(5), Some(vec![ALICE, BOB, CHARLIE, DAVE]));
        assert!(admitted().contains(&EVE), "no keys is not a removal");
    });
}

#[test]
fn a_lapsed_license_leaves_the_set_and_needs_a_new_admission() {
    ext_with(&[ALICE, BOB, CHARLIE, DAVE, EVE], 4).execute_with(|| {
        set_licensed(EVE, false);
        assert_eq!(Verifiers::new_session(2), Some(vec![ALICE, BOB, CHARLIE, DAVE]));
        assert!(!admitted().contains(&EVE));
        assert!(events().contains(&Event::LicenseLapsed { who: EVE }));
        set_licensed(EVE, true);
        assert_eq!(Verifiers::new_session(3), Some(vec![ALICE, BOB, CHARLIE, DAVE]));
    });
}

#[test]
fn a_set_below_the_minimum_is_not_applied() {
    new_test_ext().execute_with(|| {
        set_licensed(DAVE, false);
        assert_eq!(Verifiers::new_session(2), None);
        assert_eq!(events().last(), Some(&Event::BelowMinimum { session: 2, eligible: 3, min: 4 }));
        // Dave stays admitted: the set could not shrink, nothing was pruned.
        assert!(admitted().contains(&DAVE));
    });
}

#[test]
fn genesis_sessions_use_the_session_keys() {
    new_test_ext().execute_with(|| {
        assert_eq!(Verifiers::new_session_genesis(0), None);
        assert_eq!(Verifiers::new_session_genesis(1), None);
    });
}

#[test]
fn root_forces_the_set_and_the_minimum() {
    new_test_ext().execute_with(|| {
        let set = |v: Vec<u64>| BoundedVec::try_from(v).unwrap();
        assert_noop!(Verifiers::force_set_verifiers(signed(ALICE), set(vec![ALICE])), DispatchError::BadOrigin);
        assert_noop!(Verifiers::set_min_verifiers(signed(ALICE), 1), DispatchError::BadOrigin);
        assert_noop!(
            Verifiers::force_set_verifiers(RuntimeOrigin::root(), set(vec![ALICE, BOB])),
            Error::<Test>::BelowMinimum
        );
        assert_noop!(
            Verifiers::force_set_verifiers(RuntimeOrigin::root(), set(vec![ALICE, BOB, CHARLIE, MALLORY])),
            Error::<Test>::NotLicensed
        );
        assert_noop!(Verifiers::set_min_verifiers(RuntimeOrigin::root(), 0), Error::<Test>::InvalidMinimum);
        assert_noop!(Verifiers::set_min_verifiers(RuntimeOrigin::root(), 9), Error::<Test>::InvalidMinimum);
        assert_ok!(Verifiers::set_min_verifiers(RuntimeOrigin::root(), 2));
        assert_ok!(Verifiers::force_set_verifiers(RuntimeOrigin::root(), set(vec![BOB, ALICE, BOB])));
        assert_eq!(admitted(), vec![ALICE, BOB]);
        assert_eq!(events().last(), Some(&Event::VerifiersForced { verifiers: vec![ALICE, BOB] }));
        assert_eq!(Verifiers::new_session(2), Some(vec![ALICE, BOB]));
    });
}

#[test]
fn licensed_verifiers_register_their_node() {
    new_test_ext().execute_with(|| {
        assert_eq!(NodeIds::<Test>::get(ALICE).map(|p| p.into_inner()), Some(alice_node()), "from genesis");
        let peer = |key: u8| {
            PeerIdBytes::try_from([[0x00, 0x24, 0x08, 0x01, 0x12, 0x20].as_slice(), &[key; 32]].concat()).unwrap()
        };
        // A licensed candidate registers before admission, so it can sync.
        assert_ok!(Verifiers::set_node_id(signed(EVE), peer(1)));
        assert_eq!(NodeIds::<Test>::get(EVE), Some(peer(1)));
        assert_eq!(events().last(), Some(&Event::NodeIdSet { who: EVE, peer_id: peer(1) }));
        assert_ok!(Verifiers::set_node_id(signed(EVE), peer(2)));
        assert_eq!(NodeIds::<Test>::get(EVE), Some(peer(2)), "a new id replaces the old one");
        assert_noop!(Verifiers::set_node_id(signed(MALLORY), peer(1)), Error::<Test>::NotLicensed);
        let garbage = PeerIdBytes::try_from(vec![1; 38]).unwrap();
        assert_noop!(Verifiers::set_node_id(signed(EVE), garbage), Error::<Test>::InvalidPeerId);
        assert_noop!(Verifiers::set_node_id(RuntimeOrigin::root(), peer(1)), DispatchError::BadOrigin);
    });
}

#[test]
fn a_removed_or_revoked_verifier_stops_voting_at_once() {
    ext_with(&[ALICE, BOB, CHARLIE, DAVE, EVE], 4).execute_with(|| {
        set_licensed(MALLORY, true);
        for v in [ALICE, BOB, CHARLIE] {
            assert_ok!(Verifiers::propose(signed(v), Remove(EVE)));
        }
        // Eve still serves this session, but votes no more.
        assert_noop!(Verifiers::propose(signed(EVE), Admit(MALLORY)), Error::<Test>::NotVerifier);
        set_licensed(DAVE, false);
        assert_noop!(Verifiers::propose(signed(DAVE), Admit(MALLORY)), Error::<Test>::NotVerifier);
    });
}

#[test]
fn half_of_the_set_cannot_remove_a_verifier() {
    ext_with(&[ALICE, BOB, CHARLIE, DAVE, EVE, MALLORY], 4).execute_with(|| {
        // Six verifiers: removing one needs 4 of the 5 others, not 3.
        for v in [ALICE, BOB, CHARLIE] {
            assert_ok!(Verifiers::propose(signed(v), Remove(MALLORY)));
        }
        assert!(admitted().contains(&MALLORY));
        assert_ok!(Verifiers::propose(signed(DAVE), Remove(MALLORY)));
        assert!(!admitted().contains(&MALLORY));
    });
}

#[test]
fn a_verifier_purging_its_keys_below_the_minimum_leaves_explicitly() {
    new_test_ext().execute_with(|| {
        // At the minimum, Dave purges his keys: the set cannot be kept as is
        // (pallet-session would drop him silently), so it is planned without him.
        set_keyed(DAVE, false);
        assert_eq!(Verifiers::new_session(2), Some(vec![ALICE, BOB, CHARLIE]));
        assert!(events().contains(&Event::BelowMinimum { session: 2, eligible: 3, min: 4 }));
    });
}

#[test]
fn peer_ids_must_look_like_libp2p_ones() {
    assert!(crate::is_peer_id(&[[0x00, 0x24, 0x08, 0x01, 0x12, 0x20].as_slice(), &[7; 32]].concat()));
    assert!(crate::is_peer_id(&[[0x12, 0x20].as_slice(), &[7; 32]].concat()));
    assert!(!crate::is_peer_id(&[0x00, 0x30, 1, 2, 3]));
    assert!(!crate::is_peer_id(&[1; 38]));
    assert!(!crate::is_peer_id(&[]));
}

#[test]
fn an_upgraded_chain_keeps_its_session_verifiers() {
    use frame_support::traits::OnRuntimeUpgrade;
    new_test_ext().execute_with(|| {
        Admitted::<Test>::kill();
        MinVerifiers::<Test>::kill();
        set_current(&[ALICE, BOB, CHARLIE]);
        crate::migrations::InitializeFromSession::<Test>::on_runtime_upgrade();
        assert_eq!(admitted(), vec![ALICE, BOB, CHARLIE]);
        assert_eq!(MinVerifiers::<Test>::get(), 3);
        assert_eq!(Verifiers::new_session(2), None, "the same set: no change");
        // Idempotent.
        set_current(&[ALICE]);
        crate::migrations::InitializeFromSession::<Test>::on_runtime_upgrade();
        assert_eq!(MinVerifiers::<Test>::get(), 3);
    });
}
