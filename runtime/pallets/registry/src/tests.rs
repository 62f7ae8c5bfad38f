//! Tests of every call, every bad origin and input, and of WebAuthn
//! verification against the software authenticator and a published vector.

use crate::{
    mock::*, Certification, CertifiedCode, CounterHighWater, Credential, Credentials, Error, Event, IssuerChange,
    IssuerMotion, IssuerMotions, Issuers, Role, SecondFactorError,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use fiducia_registry_api::authenticator::SoftwareAuthenticator;
use frame_support::{assert_noop, assert_ok, traits::Hooks, BoundedVec};
use sha2::{Digest, Sha256};
use sp_runtime::DispatchError;

type Registry = crate::Pallet<Test>;

fn signed(who: u64) -> RuntimeOrigin {
    RuntimeOrigin::signed(who)
}

fn last_event() -> Event<Test> {
    match System::events().pop().expect("an event").event {
        RuntimeEvent::Registry(e) => e,
        other => panic!("not a registry event: {other:?}"),
    }
}

fn registry_events() -> Vec<Event<Test>> {
    System::events()
        .into_iter()
        .filter_map(|r| match r.event {
            RuntimeEvent::Registry(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn run_to(n: u64) {
    while System::block_number() < n {
        System::set_block_number(System::block_number() + 1);
        <Registry as Hooks<u64>>::on_initialize(System::block_number());
    }
}

#[test]
fn genesis_sets_issuers_and_licenses() {
    new_test_ext().execute_with(|| {
        assert!(Registry::has_role(&ALICE, Role::Issuer));
        assert!(Registry::has_role(&DAVE, Role::Borrower));
        assert!(!Registry::has_role(&DAVE, Role::Investor));
        assert!(!Registry::has_role(&EVE, Role::Issuer));
    });
}

#[test]
fn integrity_test_passes() {
    <Registry as Hooks<u64>>::integrity_test();
}

#[test]
fn issuer_grants_and_revokes_with_events() {
    new_test_ext().execute_with(|| {
        assert_ok!(Registry::grant_role(signed(ALICE), EVE, Role::Investor, None));
        assert!(Registry::has_role(&EVE, Role::Investor));
        assert_eq!(last_event(), Event::RoleGranted { who: EVE, role: Role::Investor, expires_at: None, by: ALICE });
        assert_ok!(Registry::revoke_role(signed(BOB), EVE, Role::Investor));
        assert!(!Registry::has_role(&EVE, Role::Investor));
        assert_eq!(last_event(), Event::RoleRevoked { who: EVE, role: Role::Investor, by: BOB });
    });
}

#[test]
fn non_issuers_cannot_license() {
    new_test_ext().execute_with(|| {
        assert_noop!(Registry::grant_role(signed(DAVE), EVE, Role::Investor, None), Error::<Test>::NotIssuer);
        assert_noop!(Registry::revoke_role(signed(EVE), DAVE, Role::Borrower), Error::<Test>::NotIssuer);
        assert_noop!(Registry::grant_role(RuntimeOrigin::none(), EVE, Role::Investor, None), DispatchError::BadOrigin);
    });
}

#[test]
fn bad_license_inputs_are_refused() {
    new_test_ext().execute_with(|| {
        assert_noop!(Registry::grant_role(signed(ALICE), EVE, Role::Investor, Some(1)), Error::<Test>::ExpiryInPast);
        assert_noop!(Registry::grant_role(signed(ALICE), DAVE, Role::Borrower, None), Error::<Test>::AlreadyLicensed);
        assert_noop!(Registry::revoke_role(signed(ALICE), EVE, Role::Arbiter), Error::<Test>::NotLicensed);
    });
}

#[test]
fn licenses_expire_at_their_block() {
    new_test_ext().execute_with(|| {
        assert_ok!(Registry::grant_role(signed(ALICE), EVE, Role::Advisor, Some(5)));
        run_to(4);
        assert!(Registry::has_role(&EVE, Role::Advisor));
        run_to(5);
        assert!(!Registry::has_role(&EVE, Role::Advisor));
    });
}

#[test]
fn issuer_change_needs_a_strict_majority() {
    new_test_ext().execute_with(|| {
        let add_eve = IssuerChange::Add(EVE);
        assert_ok!(Registry::propose_issuer_change(signed(ALICE), add_eve.clone()));
        assert!(!Registry::has_role(&EVE, Role::Issuer), "1 of 3 is no majority");
        assert_noop!(Registry::propose_issuer_change(signed(ALICE), add_eve.clone()), Error::<Test>::AlreadyApproved);
        assert_noop!(Registry::propose_issuer_change(signed(EVE), add_eve.clone()), Error::<Test>::NotIssuer);
        assert_ok!(Registry::propose_issuer_change(signed(BOB), add_eve));
        assert!(Registry::has_role(&EVE, Role::Issuer));
        assert_eq!(Issuers::<Test>::get().len(), 4);
    });
}

#[test]
fn the_issuer_set_never_becomes_empty_or_inconsistent() {
    new_test_ext().execute_with(|| {
        assert_noop!(
            Registry::propose_issuer_change(signed(ALICE), IssuerChange::Add(BOB)),
            Error::<Test>::InvalidIssuerChange
        );
        assert_noop!(
            Registry::propose_issuer_change(signed(ALICE), IssuerChange::Remove(EVE)),
            Error::<Test>::InvalidIssuerChange
        );
        assert_ok!(Registry::force_set_issuers(RuntimeOrigin::root(), BoundedVec::truncate_from(vec![ALICE])));
        assert_noop!(
            Registry::propose_issuer_change(signed(ALICE), IssuerChange::Remove(ALICE)),
            Error::<Test>::InvalidIssuerChange
        );
    });
}

#[test]
fn only_root_forces_the_issuer_set() {
    new_test_ext().execute_with(|| {
        let set = BoundedVec::truncate_from(vec![EVE]);
        assert_noop!(Registry::force_set_issuers(signed(ALICE), set.clone()), DispatchError::BadOrigin);
        assert_noop!(
            Registry::force_set_issuers(RuntimeOrigin::root(), BoundedVec::new()),
            Error::<Test>::InvalidIssuerChange
        );
        assert_ok!(Registry::force_set_issuers(RuntimeOrigin::root(), set));
        assert!(Registry::has_role(&EVE, Role::Issuer));
        assert!(!Registry::has_role(&ALICE, Role::Issuer));
    });
}

fn authenticator() -> SoftwareAuthenticator {
    SoftwareAuthenticator::from_secret(&[7; 32], b"cred-dave".to_vec(), "fiducia.example").unwrap()
}

fn credential_of(a: &SoftwareAuthenticator) -> Credential {
    Credential {
        id: BoundedVec::truncate_from(a.credential_id.clone()),
        public_key: BoundedVec::truncate_from(a.public_key()),
        rp_id_hash: a.rp_id_hash(),
        counter: 0,
    }
}

#[test]
fn issuers_manage_credentials() {
    new_test_ext().execute_with(|| {
        let a = authenticator();
        let mut bad_key = credential_of(&a);
        bad_key.public_key = BoundedVec::truncate_from(vec![4; 65]);
        assert_noop!(Registry::register_credential(signed(ALICE), DAVE, bad_key), Error::<Test>::InvalidPublicKey);
        let mut no_id = credential_of(&a);
        no_id.id = BoundedVec::new();
        assert_noop!(Registry::register_credential(signed(ALICE), DAVE, no_id), Error::<Test>::InvalidCredentialId);
        assert_noop!(Registry::register_credential(signed(DAVE), DAVE, credential_of(&a)), Error::<Test>::NotIssuer);
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        assert_eq!(Credentials::<Test>::get(DAVE), Some(credential_of(&a)));
        assert_noop!(Registry::remove_credential(signed(EVE), DAVE), Error::<Test>::NotIssuer);
        assert_ok!(Registry::remove_credential(signed(BOB), DAVE));
        assert_noop!(Registry::remove_credential(signed(BOB), DAVE), Error::<Test>::NoCredential);
    });
}

#[test]
fn software_authenticator_assertions_verify_and_cannot_be_replayed() {
    new_test_ext().execute_with(|| {
        let mut a = authenticator();
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        let challenge = [9u8; 32];
        let first = a.assert(&challenge);
        assert_eq!(Registry::verify_second_factor(&DAVE, &challenge, &first), Ok(()));
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 1);
        assert_eq!(Registry::verify_second_factor(&DAVE, &challenge, &first), Err(SecondFactorError::Replayed));
        let second = a.assert(&challenge);
        assert_eq!(Registry::verify_second_factor(&DAVE, &challenge, &second), Ok(()));
    });
}

#[test]
fn every_bad_assertion_has_its_own_error() {
    new_test_ext().execute_with(|| {
        let mut a = authenticator();
        let challenge = [9u8; 32];
        assert_eq!(
            Registry::verify_second_factor(&DAVE, &challenge, &a.assert(&challenge)),
            Err(SecondFactorError::NoCredential)
        );
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        let check = |assertion| Registry::verify_second_factor(&DAVE, &challenge, &assertion);

        let mut tampered = a.assert(&challenge);
        let last = tampered.signature.len() - 1;
        tampered.signature[last] ^= 1;
        assert_eq!(check(tampered), Err(SecondFactorError::BadSignature));

        assert_eq!(check(a.assert(&[8u8; 32])), Err(SecondFactorError::WrongChallenge));

        let mut other_rp =
            SoftwareAuthenticator::from_secret(&[7; 32], a.credential_id.clone(), "evil.example").unwrap();
        assert_eq!(check(other_rp.assert(&challenge)), Err(SecondFactorError::WrongRelyingParty));

        let no_up = a.sign_parts(a.authenticator_data(0x04, 50), a.client_data_json(&challenge));
        assert_eq!(check(no_up), Err(SecondFactorError::UserNotPresent));

        let create =
            String::from_utf8(a.client_data_json(&challenge)).unwrap().replace("webauthn.get", "webauthn.create");
        assert_eq!(
            check(a.sign_parts(a.authenticator_data(0x05, 51), create.into_bytes())),
            Err(SecondFactorError::WrongType)
        );

        assert_eq!(
            check(a.sign_parts(a.authenticator_data(0x05, 52), b"not json".to_vec())),
            Err(SecondFactorError::BadClientData)
        );

        let mut unknown = a.assert(&challenge);
        unknown.credential_id = b"someone-else".to_vec();
        assert_eq!(check(unknown), Err(SecondFactorError::UnknownCredential));

        let mut huge = a.assert(&challenge);
        huge.client_data_json = vec![b' '; 2_000];
        assert_eq!(check(huge), Err(SecondFactorError::Malformed));

        // None of the failures advanced the counter.
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 0);
    });
}

/// A real ES256 assertion from the test suite of py_webauthn (Duo Labs),
/// `tests/test_verify_authentication_response.py`,
/// `test_verify_authentication_response_with_EC2_public_key`: RP id
/// `localhost`, stored sign count 77, COSE EC2 public key.
#[test]
fn published_py_webauthn_vector_verifies() {
    let b64 = |s: &str| URL_SAFE_NO_PAD.decode(s).unwrap();
    let cose =
        b64("pQECAyYgASFYIIeDTe-gN8A-zQclHoRnGFWN8ehM1b7yAsa8I8KIvmplIlgg4nFGT5px8o6gpPZZhO01wdy9crDSA_Ngtkx0vGpvPHI");
    // COSE map {1: 2, 3: -7, -1: 1, -2: x (bstr 32), -3: y (bstr 32)}.
    assert_eq!((cose[9], cose[44]), (0x20, 0x20));
    let mut sec1 = vec![0x04];
    sec1.extend_from_slice(&cose[10..42]);
    sec1.extend_from_slice(&cose[45..77]);
    let credential_id = b64("EDx9FfAbp4obx6oll2oC4-CZuDidRVV4gZhxC529ytlnqHyqCStDUwfNdm1SNHAe3X5KvueWQdAX3x9R1a2b9Q");
    let credential = Credential {
        id: BoundedVec::truncate_from(credential_id.clone()),
        public_key: BoundedVec::truncate_from(sec1),
        rp_id_hash: Sha256::digest(b"localhost").into(),
        counter: 77,
    };
    let assertion = fiducia_registry_api::Assertion {
        credential_id,
        authenticator_data: b64("SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MBAAAATg"),
        client_data_json: b64("eyJjaGFsbGVuZ2UiOiJ4aTMwR1BHQUZZUnhWRHBZMXNNMTBEYUx6VlFHNjZudi1fN1JVYXpIMHZJMll2RzhMWWdERW52TjVmWlpOVnV2RUR1TWk5dGUzVkxxYjQyTjBma0xHQSIsImNsaWVudEV4dGVuc2lvbnMiOnt9LCJoYXNoQWxnb3JpdGhtIjoiU0hBLTI1NiIsIm9yaWdpbiI6Imh0dHA6Ly9sb2NhbGhvc3Q6NTAwMCIsInR5cGUiOiJ3ZWJhdXRobi5nZXQifQ"),
        signature: b64("MEUCIGisVZOBapCWbnJJvjelIzwpixxIwkjCCb5aCHafQu68AiEA88v-2pJNNApPFwAKFiNuf82-2hBxYW5kGwVweeoxCwo"),
    };
    let challenge = b64("xi30GPGAFYRxVDpY1sM10DaLzVQG66nv-_7RUazH0vI2YvG8LYgDEnvN5fZZNVuvEDuMi9te3VLqb42N0fkLGA");
    assert_eq!(crate::webauthn::verify(&credential, &challenge, &assertion), Ok(78));
    // The same bytes replayed against the advanced counter are refused.
    let advanced = Credential { counter: 78, ..credential.clone() };
    assert_eq!(crate::webauthn::verify(&advanced, &challenge, &assertion), Err(SecondFactorError::Replayed));
    // And a different challenge is refused.
    assert_eq!(crate::webauthn::verify(&credential, &[0; 32], &assertion), Err(SecondFactorError::WrongChallenge));
}

// ---------------------------------------------------------------------------
// Issue 11 (a): issuer motions expire and approvals can be withdrawn.
// ---------------------------------------------------------------------------

fn motion_of(change: &IssuerChange<u64>) -> Option<IssuerMotion<Test>> {
    use sp_runtime::traits::Hash;
    IssuerMotions::<Test>::get(<Test as frame_system::Config>::Hashing::hash_of(change))
}

#[test]
fn bug_issuer_motions_never_expire() {
    new_test_ext().execute_with(|| {
        let add_eve = IssuerChange::Add(EVE);
        assert_ok!(Registry::propose_issuer_change(signed(ALICE), add_eve.clone()));
        let expires_at = 1 + MOTION_LIFETIME;
        assert!(registry_events().contains(&Event::IssuerMotionOpened { change: add_eve.clone(), expires_at }));
        assert_eq!(motion_of(&add_eve).unwrap().expires_at, expires_at);

        // At `expires_at` Alice's approval no longer counts: Bob's approval
        // replaces the motion by a fresh one, with Bob alone.
        run_to(expires_at);
        System::reset_events();
        assert_ok!(Registry::propose_issuer_change(signed(BOB), add_eve.clone()));
        assert!(!Registry::has_role(&EVE, Role::Issuer), "an expired approval counted");
        assert_eq!(
            registry_events(),
            vec![
                Event::IssuerMotionExpired { change: add_eve.clone(), approvals: 1 },
                Event::IssuerMotionOpened { change: add_eve.clone(), expires_at: expires_at + MOTION_LIFETIME },
                Event::IssuerChangeApproved { change: add_eve.clone(), by: BOB, approvals: 1 },
            ]
        );
        // Alice may approve the fresh motion again; that is the majority.
        assert_ok!(Registry::propose_issuer_change(signed(ALICE), add_eve.clone()));
        assert!(Registry::has_role(&EVE, Role::Issuer));
        assert_eq!(motion_of(&add_eve), None);
    });
}

#[test]
fn approvals_count_until_the_block_before_expiry() {
    new_test_ext().execute_with(|| {
        let add_eve = IssuerChange::Add(EVE);
        assert_ok!(Registry::propose_issuer_change(signed(ALICE), add_eve.clone()));
        run_to(MOTION_LIFETIME); // expires at 1 + MOTION_LIFETIME
        assert_ok!(Registry::propose_issuer_change(signed(BOB), add_eve));
        assert!(Registry::has_role(&EVE, Role::Issuer));
    });
}

#[test]
fn bug_issuer_approvals_cannot_be_withdrawn() {
    new_test_ext().execute_with(|| {
        let add_eve = IssuerChange::Add(EVE);
        assert_ok!(Registry::propose_issuer_change(signed(ALICE), add_eve.clone()));
        assert_ok!(Registry::withdraw_issuer_approval(signed(ALICE), add_eve.clone()));
        assert_eq!(last_event(), Event::IssuerApprovalWithdrawn { change: add_eve.clone(), by: ALICE, approvals: 0 });
        assert_eq!(motion_of(&add_eve), None, "a motion without approvals is removed");
        // Bob's approval is now the first of a new motion, not the majority.
        assert_ok!(Registry::propose_issuer_change(signed(BOB), add_eve.clone()));
        assert!(!Registry::has_role(&EVE, Role::Issuer));
    });
}

#[test]
fn a_withdrawal_keeps_the_other_approvals_and_the_expiry() {
    new_test_ext().execute_with(|| {
        assert_ok!(Registry::force_set_issuers(
            RuntimeOrigin::root(),
            BoundedVec::truncate_from(vec![ALICE, BOB, CHARLIE, DAVE, EVE])
        ));
        let add = IssuerChange::Add(FERDIE);
        assert_ok!(Registry::propose_issuer_change(signed(ALICE), add.clone()));
        run_to(3);
        assert_ok!(Registry::propose_issuer_change(signed(BOB), add.clone()));
        assert_ok!(Registry::withdraw_issuer_approval(signed(BOB), add.clone()));
        assert_eq!(last_event(), Event::IssuerApprovalWithdrawn { change: add.clone(), by: BOB, approvals: 1 });
        let motion = motion_of(&add).unwrap();
        assert_eq!(motion.expires_at, 1 + MOTION_LIFETIME);
        assert_eq!(motion.approvals.into_iter().collect::<Vec<_>>(), vec![ALICE]);
        // Bob may approve again; then Charlie makes 3 of 5.
        assert_ok!(Registry::propose_issuer_change(signed(BOB), add.clone()));
        assert_ok!(Registry::propose_issuer_change(signed(CHARLIE), add));
        assert!(Registry::has_role(&FERDIE, Role::Issuer));
    });
}

#[test]
fn bad_withdrawals_and_cleanups_are_refused() {
    new_test_ext().execute_with(|| {
        let add_eve = IssuerChange::Add(EVE);
        assert_noop!(Registry::withdraw_issuer_approval(signed(ALICE), add_eve.clone()), Error::<Test>::NoMotion);
        assert_noop!(Registry::clean_expired_motion(signed(EVE), add_eve.clone()), Error::<Test>::NoMotion);
        assert_ok!(Registry::propose_issuer_change(signed(ALICE), add_eve.clone()));
        assert_noop!(Registry::withdraw_issuer_approval(signed(EVE), add_eve.clone()), Error::<Test>::NotIssuer);
        assert_noop!(
            Registry::withdraw_issuer_approval(RuntimeOrigin::none(), add_eve.clone()),
            DispatchError::BadOrigin
        );
        assert_noop!(Registry::withdraw_issuer_approval(signed(BOB), add_eve.clone()), Error::<Test>::NotApproved);
        assert_noop!(Registry::clean_expired_motion(signed(EVE), add_eve.clone()), Error::<Test>::MotionNotExpired);
        run_to(1 + MOTION_LIFETIME);
        assert_noop!(Registry::withdraw_issuer_approval(signed(ALICE), add_eve.clone()), Error::<Test>::MotionExpired);
        assert_noop!(Registry::clean_expired_motion(RuntimeOrigin::none(), add_eve.clone()), DispatchError::BadOrigin);
        assert!(motion_of(&add_eve).is_some());
    });
}

#[test]
fn anyone_cleans_an_expired_motion() {
    new_test_ext().execute_with(|| {
        let remove_bob = IssuerChange::Remove(BOB);
        assert_ok!(Registry::propose_issuer_change(signed(ALICE), remove_bob.clone()));
        run_to(1 + MOTION_LIFETIME);
        assert_ok!(Registry::clean_expired_motion(signed(EVE), remove_bob.clone()));
        assert_eq!(last_event(), Event::IssuerMotionExpired { change: remove_bob.clone(), approvals: 1 });
        assert_eq!(motion_of(&remove_bob), None);
        assert_eq!(IssuerMotions::<Test>::iter().count(), 0);
    });
}

#[test]
fn migration_v1_gives_pending_motions_an_expiry() {
    use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
    use sp_runtime::traits::Hash;
    new_test_ext().execute_with(|| {
        StorageVersion::new(0).put::<Registry>();
        let change = IssuerChange::Add(EVE);
        let key = <Test as frame_system::Config>::Hashing::hash_of(&change);
        let approvals: frame_support::BoundedBTreeSet<u64, frame_support::traits::ConstU32<8>> =
            [ALICE].into_iter().collect::<std::collections::BTreeSet<_>>().try_into().unwrap();
        frame_support::storage::unhashed::put(
            &IssuerMotions::<Test>::hashed_key_for(key),
            &(change.clone(), approvals.clone()),
        );
        run_to(4);
        crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();
        assert_eq!(Registry::on_chain_storage_version(), StorageVersion::new(1));
        assert_eq!(motion_of(&change), Some(IssuerMotion { change, approvals, expires_at: 4 + MOTION_LIFETIME }));
    });
}

// ---------------------------------------------------------------------------
// Issue 11 (b): a credential's counter never goes backwards.
// ---------------------------------------------------------------------------

#[test]
fn bug_register_credential_resets_the_signature_counter() {
    new_test_ext().execute_with(|| {
        let mut a = authenticator();
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        let challenge = [9u8; 32];
        let recorded = a.assert(&challenge);
        assert_ok!(Registry::verify_second_factor(&DAVE, &challenge, &recorded));
        assert_ok!(Registry::verify_second_factor(&DAVE, &challenge, &a.assert(&challenge)));
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 2);

        // Re-registering the same id with counter 0 keeps 2 ...
        assert_ok!(Registry::register_credential(signed(BOB), DAVE, credential_of(&a)));
        assert_eq!(last_event(), Event::CredentialRegistered { who: DAVE, by: BOB, counter: 2 });
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 2);
        // ... so the recorded assertion (counter 1) stays a replay.
        assert_eq!(Registry::verify_second_factor(&DAVE, &challenge, &recorded), Err(SecondFactorError::Replayed));

        // A higher given counter is taken.
        let mut ahead = credential_of(&a);
        ahead.counter = 100;
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, ahead));
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 100);
    });
}

#[test]
fn bug_remove_then_register_resets_the_signature_counter() {
    new_test_ext().execute_with(|| {
        let mut a = authenticator();
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        let challenge = [9u8; 32];
        let recorded = a.assert(&challenge);
        assert_ok!(Registry::verify_second_factor(&DAVE, &challenge, &recorded));
        assert_ok!(Registry::verify_second_factor(&DAVE, &challenge, &a.assert(&challenge)));

        assert_ok!(Registry::remove_credential(signed(ALICE), DAVE));
        assert_eq!(CounterHighWater::<Test>::get(crate::credential_id_key(&a.credential_id)), Some(2));
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 2);
        assert_eq!(Registry::verify_second_factor(&DAVE, &challenge, &recorded), Err(SecondFactorError::Replayed));

        // The mark follows the id, also to another account ...
        assert_ok!(Registry::register_credential(signed(ALICE), EVE, credential_of(&a)));
        assert_eq!(Credentials::<Test>::get(EVE).unwrap().counter, 2);
        // ... and through a rotation to another id and back.
        assert_ok!(Registry::verify_second_factor(&DAVE, &challenge, &a.assert(&challenge)));
        let b = SoftwareAuthenticator::from_secret(&[8; 32], b"cred-dave-2".to_vec(), "fiducia.example").unwrap();
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&b)));
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 0, "a new id starts afresh");
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 3);
    });
}

// ---------------------------------------------------------------------------
// Issue 11 (c): genesis refuses an empty issuer set.
// ---------------------------------------------------------------------------

#[test]
#[should_panic(expected = "registry genesis: the issuer set is empty")]
fn bug_genesis_accepts_an_empty_issuer_set() {
    let _ = ext_with(crate::GenesisConfig { issuers: vec![], ..test_genesis() });
}

// ---------------------------------------------------------------------------
// Issue 11 (d): authenticators without a counter.
// ---------------------------------------------------------------------------

/// An assertion with a fixed `counter` (a synced passkey reports 0).
fn assert_with_counter(a: &SoftwareAuthenticator, challenge: &[u8; 32], counter: u32) -> crate::Assertion {
    a.sign_parts(a.authenticator_data(0x05, counter), a.client_data_json(challenge))
}

#[test]
fn bug_counterless_authenticators_never_verify() {
    new_test_ext().execute_with(|| {
        let a = authenticator();
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        for challenge in [[1u8; 32], [2u8; 32]] {
            assert_eq!(
                Registry::verify_second_factor(&DAVE, &challenge, &assert_with_counter(&a, &challenge, 0)),
                Ok(())
            );
            assert_eq!(last_event(), Event::SecondFactorVerified { who: DAVE, counter: 0 });
        }
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 0);
        // Every other check still applies to a counter-less assertion.
        assert_eq!(
            Registry::verify_second_factor(&DAVE, &[3u8; 32], &assert_with_counter(&a, &[4u8; 32], 0)),
            Err(SecondFactorError::WrongChallenge)
        );
    });
}

#[test]
fn once_a_counter_was_seen_zero_and_stale_counters_are_replays() {
    new_test_ext().execute_with(|| {
        let a = authenticator();
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        let challenge = [1u8; 32];
        assert_ok!(Registry::verify_second_factor(&DAVE, &challenge, &assert_with_counter(&a, &challenge, 5)));
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 5);
        assert_eq!(
            Registry::verify_second_factor(&DAVE, &challenge, &assert_with_counter(&a, &challenge, 0)),
            Err(SecondFactorError::Replayed)
        );
        assert_eq!(
            Registry::verify_second_factor(&DAVE, &challenge, &assert_with_counter(&a, &challenge, 5)),
            Err(SecondFactorError::Replayed)
        );
        assert_eq!(
            Registry::verify_second_factor(&DAVE, &challenge, &assert_with_counter(&a, &challenge, 4)),
            Err(SecondFactorError::Replayed)
        );
        assert_ok!(Registry::verify_second_factor(&DAVE, &challenge, &assert_with_counter(&a, &challenge, 6)));

        // A credential registered with a non-zero counter refuses counter 0 too.
        let mut registered_at_7 = credential_of(&a);
        registered_at_7.counter = 7;
        assert_ok!(Registry::register_credential(signed(ALICE), EVE, registered_at_7));
        assert_eq!(
            Registry::verify_second_factor(&EVE, &challenge, &assert_with_counter(&a, &challenge, 0)),
            Err(SecondFactorError::Replayed)
        );
    });
}

// ---------------------------------------------------------------------------
// Issue 11 (e): clientDataJSON.origin must be the relying party's.
// ---------------------------------------------------------------------------

fn client_data_with_origin(challenge: &[u8; 32], origin: &str) -> Vec<u8> {
    format!(
        r#"{{"type":"webauthn.get","challenge":"{}","origin":"{}","crossOrigin":false}}"#,
        URL_SAFE_NO_PAD.encode(challenge),
        origin
    )
    .into_bytes()
}

#[test]
fn bug_client_data_origin_is_not_checked() {
    new_test_ext().execute_with(|| {
        let a = authenticator(); // RP id fiducia.example
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        let challenge = [9u8; 32];
        let mut counter = 0;
        let mut check = |origin: &str| {
            counter += 1;
            let assertion =
                a.sign_parts(a.authenticator_data(0x05, counter), client_data_with_origin(&challenge, origin));
            Registry::verify_second_factor(&DAVE, &challenge, &assertion)
        };
        for bad in [
            "https://evil.example",
            "http://fiducia.example",
            "https://fiducia.example.evil.example",
            "https://evil.example/fiducia.example",
            "https://sub.fiducia.example",
            "https://fiducia.example/",
            "https://fiducia.example:0",
            "https://fiducia.example:65536",
            "https://fiducia.example:",
            "https://user@fiducia.example",
            "http://localhost:5000",
            "fiducia.example",
            "",
        ] {
            assert_eq!(check(bad), Err(SecondFactorError::WrongOrigin), "origin {bad:?}");
        }
        assert_eq!(Credentials::<Test>::get(DAVE).unwrap().counter, 0, "no refusal advanced the counter");
        assert_eq!(check("https://fiducia.example"), Ok(()));
        assert_eq!(check("https://fiducia.example:8443"), Ok(()));
    });
}

#[test]
fn bug_cross_origin_assertions_are_accepted() {
    // An assertion made inside another site's frame (`crossOrigin: true`)
    // is refused even with the relying party's origin.
    new_test_ext().execute_with(|| {
        let a = authenticator();
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        let challenge = [9u8; 32];
        let c = URL_SAFE_NO_PAD.encode(challenge);
        let json = |cross: bool| {
            format!(r#"{{"type":"webauthn.get","challenge":"{c}","origin":"https://fiducia.example","crossOrigin":{cross}}}"#)
                .into_bytes()
        };
        let framed = a.sign_parts(a.authenticator_data(0x05, 1), json(true));
        assert_eq!(Registry::verify_second_factor(&DAVE, &challenge, &framed), Err(SecondFactorError::WrongOrigin));
        let direct = a.sign_parts(a.authenticator_data(0x05, 1), json(false));
        assert_eq!(Registry::verify_second_factor(&DAVE, &challenge, &direct), Ok(()));
    });
}

#[test]
fn bug_client_data_without_origin_is_accepted() {
    new_test_ext().execute_with(|| {
        let a = authenticator();
        assert_ok!(Registry::register_credential(signed(ALICE), DAVE, credential_of(&a)));
        let challenge = [9u8; 32];
        let c = URL_SAFE_NO_PAD.encode(challenge);
        for (counter, json) in [
            format!(r#"{{"type":"webauthn.get","challenge":"{c}"}}"#),
            format!(r#"{{"type":"webauthn.get","challenge":"{c}","origin":null}}"#),
            format!(r#"{{"type":"webauthn.get","challenge":"{c}","origin":443}}"#),
        ]
        .into_iter()
        .enumerate()
        {
            let assertion = a.sign_parts(a.authenticator_data(0x05, counter as u32 + 1), json.into_bytes());
            assert_eq!(
                Registry::verify_second_factor(&DAVE, &challenge, &assertion),
                Err(SecondFactorError::BadClientData)
            );
        }
    });
}

#[test]
fn origin_rule_for_localhost_and_the_software_authenticator() {
    use crate::webauthn::origin_matches;
    let localhost: [u8; 32] = Sha256::digest(b"localhost").into();
    let fiducia: [u8; 32] = Sha256::digest(b"fiducia.example").into();
    assert!(origin_matches("http://localhost:5000", &localhost));
    assert!(origin_matches("http://localhost", &localhost));
    assert!(origin_matches("https://localhost:3000", &localhost));
    assert!(!origin_matches("http://localhost:5000", &fiducia));
    assert!(!origin_matches("http://127.0.0.1:5000", &localhost));
    assert!(!origin_matches("HTTPS://fiducia.example", &fiducia));
    assert!(!origin_matches("https://", &fiducia));
    assert!(!origin_matches("https://:443", &fiducia));
    // What the software authenticator emits passes, for either RP id.
    for rp in ["fiducia.example", "localhost"] {
        let a = SoftwareAuthenticator::from_secret(&[7; 32], b"id".to_vec(), rp).unwrap();
        assert!(origin_matches(&a.origin, &a.rp_id_hash()), "{}", a.origin);
    }
}

// ---------------------------------------------------------------------------
// Issue 11 (f): certified contract code (the SCCA).
// ---------------------------------------------------------------------------

fn code(n: u8) -> sp_core::H256 {
    sp_core::H256::repeat_byte(n)
}

#[test]
fn arbiters_and_issuers_certify_and_revoke_code() {
    new_test_ext().execute_with(|| {
        let report = [0xaa; 32];
        assert!(!Registry::is_certified(&code(1)));
        assert_ok!(Registry::certify_code(signed(FERDIE), code(1), report));
        assert_eq!(last_event(), Event::CodeCertified { code_hash: code(1), by: FERDIE, report });
        assert!(Registry::is_certified(&code(1)));
        assert_eq!(Registry::certification(&code(1)), Some(Certification { by: FERDIE, at: 1, report }));

        run_to(3);
        assert_ok!(Registry::certify_code(signed(ALICE), code(2), [0xbb; 32]));
        assert_eq!(Registry::certification(&code(2)), Some(Certification { by: ALICE, at: 3, report: [0xbb; 32] }));

        // An issuer revokes any certification; an Arbiter only its own.
        assert_ok!(Registry::revoke_certification(signed(BOB), code(1)));
        assert_eq!(last_event(), Event::CertificationRevoked { code_hash: code(1), by: BOB });
        assert!(!Registry::is_certified(&code(1)));
        assert_noop!(Registry::revoke_certification(signed(FERDIE), code(2)), Error::<Test>::CannotRevoke);
        assert_ok!(Registry::certify_code(signed(FERDIE), code(3), report));
        assert_ok!(Registry::revoke_certification(signed(FERDIE), code(3)));
        assert_ok!(Registry::revoke_certification(signed(ALICE), code(2)));
        assert_eq!(Registry::certification(&code(2)), None);
        // Revoked code can be certified again.
        assert_ok!(Registry::certify_code(signed(FERDIE), code(1), [0xcc; 32]));
    });
}

#[test]
fn bad_certifications_are_refused() {
    new_test_ext().execute_with(|| {
        let report = [0xaa; 32];
        assert_noop!(Registry::certify_code(signed(EVE), code(1), report), Error::<Test>::NotCertifier);
        assert_noop!(Registry::certify_code(signed(DAVE), code(1), report), Error::<Test>::NotCertifier);
        assert_noop!(Registry::certify_code(RuntimeOrigin::none(), code(1), report), DispatchError::BadOrigin);
        assert_noop!(Registry::certify_code(RuntimeOrigin::root(), code(1), report), DispatchError::BadOrigin);
        assert_noop!(Registry::certify_code(signed(FERDIE), code(1), [0; 32]), Error::<Test>::EmptyReport);
        assert_noop!(Registry::certify_code(signed(FERDIE), genesis_code(), report), Error::<Test>::AlreadyCertified);
        assert_noop!(Registry::revoke_certification(signed(FERDIE), code(1)), Error::<Test>::NotCertified);
        assert_noop!(Registry::revoke_certification(signed(EVE), genesis_code()), Error::<Test>::NotCertifier);
        assert_noop!(Registry::revoke_certification(RuntimeOrigin::none(), genesis_code()), DispatchError::BadOrigin);

        // An expired or revoked Arbiter license no longer certifies.
        assert_ok!(Registry::grant_role(signed(ALICE), EVE, Role::Arbiter, Some(3)));
        assert_ok!(Registry::certify_code(signed(EVE), code(1), report));
        run_to(3);
        assert_noop!(Registry::certify_code(signed(EVE), code(2), report), Error::<Test>::NotCertifier);
        assert_noop!(Registry::revoke_certification(signed(EVE), code(1)), Error::<Test>::NotCertifier);
        assert_ok!(Registry::revoke_role(signed(ALICE), FERDIE, Role::Arbiter));
        assert_noop!(Registry::certify_code(signed(FERDIE), code(2), report), Error::<Test>::NotCertifier);
        // A certification outlives its certifier's license.
        assert!(Registry::is_certified(&code(1)));
    });
}

#[test]
fn genesis_certifies_code_by_no_one_at_block_zero() {
    new_test_ext().execute_with(|| {
        assert!(Registry::is_certified(&genesis_code()));
        assert_eq!(CertifiedCode::<Test>::get(genesis_code()), Some(Certification { by: 0, at: 0, report: [0; 32] }));
        assert_eq!(Registry::genesis_certifier(), 0, "the all-zero account");
        assert_noop!(Registry::revoke_certification(signed(FERDIE), genesis_code()), Error::<Test>::CannotRevoke);
        assert_ok!(Registry::revoke_certification(signed(ALICE), genesis_code()));
        assert!(!Registry::is_certified(&genesis_code()));
    });
}

#[test]
fn licensed_deployers_are_institutions_administrators_and_issuers() {
    new_test_ext().execute_with(|| {
        assert!(Registry::is_licensed_deployer(&ALICE), "issuer");
        assert!(!Registry::is_licensed_deployer(&FERDIE), "an arbiter certifies, it does not deploy");
        assert!(!Registry::is_licensed_deployer(&DAVE), "borrower");
        assert!(!Registry::is_licensed_deployer(&EVE), "unlicensed");
        for role in [Role::Verifier, Role::Borrower, Role::Investor, Role::Advisor, Role::Customer] {
            assert_ok!(Registry::grant_role(signed(ALICE), EVE, role, None));
        }
        assert!(!Registry::is_licensed_deployer(&EVE), "no deploying role");
        assert_ok!(Registry::grant_role(signed(ALICE), EVE, Role::Institution, None));
        assert!(Registry::is_licensed_deployer(&EVE));
        assert_ok!(Registry::grant_role(signed(ALICE), DAVE, Role::Administrator, Some(4)));
        assert!(Registry::is_licensed_deployer(&DAVE));
        run_to(4);
        assert!(!Registry::is_licensed_deployer(&DAVE), "expired");
    });
}

/// A root call that changes something the tests can see: the issuer set.
fn set_issuers_call(issuers: Vec<u64>) -> Box<RuntimeCall> {
    Box::new(RuntimeCall::Registry(crate::Call::force_set_issuers { issuers: BoundedVec::try_from(issuers).unwrap() }))
}

fn root_hash(call: &RuntimeCall) -> sp_core::H256 {
    use sp_runtime::traits::Hash;
    <Test as frame_system::Config>::Hashing::hash_of(call)
}

#[test]
fn a_majority_of_issuers_dispatches_a_root_call() {
    new_test_ext().execute_with(|| {
        let call = set_issuers_call(vec![ALICE, BOB]);
        let hash = root_hash(&call);
        assert_ok!(Registry::propose_root_call(signed(ALICE), call.clone()));
        assert_eq!(Issuers::<Test>::get().len(), 3, "one of three is no majority");
        assert!(crate::RootMotions::<Test>::contains_key(hash));
        assert_noop!(Registry::propose_root_call(signed(ALICE), call.clone()), Error::<Test>::AlreadyApproved);
        assert_ok!(Registry::propose_root_call(signed(BOB), call.clone()));
        assert_eq!(Issuers::<Test>::get().into_iter().collect::<Vec<_>>(), vec![ALICE, BOB]);
        assert!(!crate::RootMotions::<Test>::contains_key(hash));
        let events = registry_events();
        assert!(events.contains(&Event::RootCallApproved {
            call_hash: hash,
            by: BOB,
            approvals: 2,
            needed: 2,
            expires_at: 1 + MOTION_LIFETIME
        }));
        assert_eq!(events.last(), Some(&Event::RootCallDispatched { call_hash: hash, result: Ok(()) }));
    });
}

#[test]
fn root_calls_come_only_from_issuers_and_report_failures() {
    new_test_ext().execute_with(|| {
        let call = set_issuers_call(vec![]);
        assert_noop!(Registry::propose_root_call(signed(DAVE), call.clone()), Error::<Test>::NotIssuer);
        assert_noop!(Registry::propose_root_call(RuntimeOrigin::root(), call.clone()), DispatchError::BadOrigin);
        // A call the runtime refuses is dispatched and its error reported.
        assert_ok!(Registry::propose_root_call(signed(ALICE), call.clone()));
        assert_ok!(Registry::propose_root_call(signed(CHARLIE), call.clone()));
        assert_eq!(
            registry_events().last(),
            Some(&Event::RootCallDispatched {
                call_hash: root_hash(&call),
                result: Err(Error::<Test>::InvalidIssuerChange.into())
            })
        );
        assert_eq!(Issuers::<Test>::get().len(), 3);
    });
}

#[test]
fn issuers_authorize_a_runtime_upgrade() {
    new_test_ext().execute_with(|| {
        let code_hash = sp_core::H256::repeat_byte(7);
        let call = Box::new(RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash }));
        assert_ok!(Registry::propose_root_call(signed(BOB), call.clone()));
        assert!(System::authorized_upgrade().is_none());
        assert_ok!(Registry::propose_root_call(signed(CHARLIE), call));
        assert_eq!(System::authorized_upgrade().map(|a| *a.code_hash()), Some(code_hash));
    });
}

#[test]
fn root_motions_expire_withdraw_and_clean() {
    new_test_ext().execute_with(|| {
        let call = set_issuers_call(vec![ALICE]);
        let hash = root_hash(&call);
        assert_ok!(Registry::propose_root_call(signed(ALICE), call.clone()));
        assert_noop!(Registry::withdraw_root_approval(signed(BOB), hash), Error::<Test>::NotApproved);
        assert_noop!(Registry::withdraw_root_approval(signed(DAVE), hash), Error::<Test>::NotIssuer);
        assert_noop!(Registry::clean_expired_root_motion(signed(DAVE), hash), Error::<Test>::MotionNotExpired);
        run_to(1 + MOTION_LIFETIME);
        assert_noop!(Registry::withdraw_root_approval(signed(ALICE), hash), Error::<Test>::MotionExpired);
        // Bob's approval after expiry does not join Alice's.
        assert_ok!(Registry::propose_root_call(signed(BOB), call.clone()));
        assert_eq!(Issuers::<Test>::get().len(), 3);
        assert!(registry_events().contains(&Event::RootMotionExpired { call_hash: hash, approvals: 1 }));
        assert_ok!(Registry::withdraw_root_approval(signed(BOB), hash));
        assert!(!crate::RootMotions::<Test>::contains_key(hash), "the last withdrawal removes the motion");
        assert_ok!(Registry::propose_root_call(signed(CHARLIE), call.clone()));
        run_to(1 + 3 * MOTION_LIFETIME);
        assert_ok!(Registry::clean_expired_root_motion(signed(DAVE), hash));
        assert_noop!(Registry::clean_expired_root_motion(signed(DAVE), hash), Error::<Test>::NoMotion);
    });
}
