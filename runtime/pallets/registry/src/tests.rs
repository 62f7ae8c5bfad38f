//! Tests of every call, every bad origin and input, and of WebAuthn
//! verification against the software authenticator and a published vector.

use crate::{mock::*, Credential, Credentials, Error, Event, IssuerChange, Issuers, Role, SecondFactorError};
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
        assert_noop!(Registry::propose_issuer_change(signed(ALICE), IssuerChange::Add(BOB)), Error::<Test>::InvalidIssuerChange);
        assert_noop!(Registry::propose_issuer_change(signed(ALICE), IssuerChange::Remove(EVE)), Error::<Test>::InvalidIssuerChange);
        assert_ok!(Registry::force_set_issuers(RuntimeOrigin::root(), BoundedVec::truncate_from(vec![ALICE])));
        assert_noop!(Registry::propose_issuer_change(signed(ALICE), IssuerChange::Remove(ALICE)), Error::<Test>::InvalidIssuerChange);
    });
}

#[test]
fn only_root_forces_the_issuer_set() {
    new_test_ext().execute_with(|| {
        let set = BoundedVec::truncate_from(vec![EVE]);
        assert_noop!(Registry::force_set_issuers(signed(ALICE), set.clone()), DispatchError::BadOrigin);
        assert_noop!(Registry::force_set_issuers(RuntimeOrigin::root(), BoundedVec::new()), Error::<Test>::InvalidIssuerChange);
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

        let mut other_rp = SoftwareAuthenticator::from_secret(&[7; 32], a.credential_id.clone(), "evil.example").unwrap();
        assert_eq!(check(other_rp.assert(&challenge)), Err(SecondFactorError::WrongRelyingParty));

        let no_up = a.sign_parts(a.authenticator_data(0x04, 50), a.client_data_json(&challenge));
        assert_eq!(check(no_up), Err(SecondFactorError::UserNotPresent));

        let create = String::from_utf8(a.client_data_json(&challenge)).unwrap().replace("webauthn.get", "webauthn.create");
        assert_eq!(check(a.sign_parts(a.authenticator_data(0x05, 51), create.into_bytes())), Err(SecondFactorError::WrongType));

        assert_eq!(check(a.sign_parts(a.authenticator_data(0x05, 52), b"not json".to_vec())), Err(SecondFactorError::BadClientData));

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
    let cose = b64("pQECAyYgASFYIIeDTe-gN8A-zQclHoRnGFWN8ehM1b7yAsa8I8KIvmplIlgg4nFGT5px8o6gpPZZhO01wdy9crDSA_Ngtkx0vGpvPHI");
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
