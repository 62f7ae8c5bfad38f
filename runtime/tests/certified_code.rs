//! Certified contract code and the second factor's binding, in the real
//! runtime with `pallet-contracts` executing a stranger contract
//! (`fixtures/extension_passthrough.wat`, which forwards any bytes to the
//! registry chain extension). See docs/security.md.

use codec::{Decode, Encode};
use fiducia_registry_api::{
    authenticator::SoftwareAuthenticator, second_factor_preimage, Role, SecondFactorError, EXTENSION_ID, FN_HAS_ROLE,
    FN_VERIFY_SECOND_FACTOR,
};
use fiducia_runtime::{
    AccountId, BuildStorage, Registry, Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, RuntimeOrigin, System,
    UNIT,
};
use frame_support::weights::Weight;
use pallet_contracts::{CollectEvents, DebugInfo, Determinism};
use pallet_fiducia_registry::Credential;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Eve};
use sp_runtime::{
    traits::{BlakeTwo256, Dispatchable, Hash},
    DispatchError,
};

const GAS: Weight = Weight::from_parts(200_000_000_000, 2_000_000);

fn passthrough() -> Vec<u8> {
    wat::parse_str(include_str!("fixtures/extension_passthrough.wat")).expect("valid wat")
}

/// Alice is the issuer and a licensed Arbiter (the certifier) and
/// Institution (a deployer); Bob a Borrower; Eve holds no license.
fn new_ext() -> sp_io::TestExternalities {
    let mut genesis = RuntimeGenesisConfig::default();
    genesis.balances.balances = [Alice, Bob, Eve].iter().map(|k| (k.to_account_id(), 1_000_000 * UNIT)).collect();
    genesis.registry.issuers = vec![Alice.to_account_id()];
    genesis.registry.licenses = vec![
        (Alice.to_account_id(), Role::Arbiter),
        (Alice.to_account_id(), Role::Institution),
        (Bob.to_account_id(), Role::Borrower),
    ];
    let mut ext = sp_io::TestExternalities::new(genesis.build_storage().expect("genesis builds"));
    ext.execute_with(|| System::set_block_number(1));
    ext
}

fn signed(who: &sp_keyring::Sr25519Keyring) -> RuntimeOrigin {
    RuntimeOrigin::signed(who.to_account_id())
}

fn instantiate(code: Vec<u8>, salt: u8) -> RuntimeCall {
    RuntimeCall::Contracts(pallet_contracts::Call::instantiate_with_code {
        value: 0,
        gas_limit: GAS,
        storage_deposit_limit: None,
        code,
        data: vec![],
        salt: vec![salt],
    })
}

fn instantiate_by_hash(code_hash: sp_core::H256, salt: u8) -> RuntimeCall {
    RuntimeCall::Contracts(pallet_contracts::Call::instantiate {
        value: 0,
        gas_limit: GAS,
        storage_deposit_limit: None,
        code_hash,
        data: vec![],
        salt: vec![salt],
    })
}

fn certify(code_hash: sp_core::H256) -> RuntimeCall {
    RuntimeCall::Registry(pallet_fiducia_registry::Call::certify_code { code_hash, report: [0xA5; 32] })
}

/// The address of the contract the last `Instantiated` event names.
fn last_instantiated() -> AccountId {
    System::events()
        .iter()
        .rev()
        .find_map(|r| match &r.event {
            RuntimeEvent::Contracts(pallet_contracts::Event::Instantiated { contract, .. }) => Some(contract.clone()),
            _ => None,
        })
        .expect("a contract was instantiated")
}

/// Calls the passthrough contract as `who` with function `func` and `input`;
/// the extension's raw answer, or the error that trapped the contract.
fn through(
    who: &sp_keyring::Sr25519Keyring,
    contract: &AccountId,
    func: u16,
    input: Vec<u8>,
) -> Result<Vec<u8>, DispatchError> {
    let mut data = ((u32::from(EXTENSION_ID) << 16) | u32::from(func)).to_le_bytes().to_vec();
    data.extend(input);
    pallet_contracts::Pallet::<Runtime>::bare_call(
        who.to_account_id(),
        contract.clone(),
        0,
        GAS,
        None,
        data,
        DebugInfo::Skip,
        CollectEvents::Skip,
        Determinism::Enforced,
    )
    .result
    .map(|r| r.data)
}

fn verdict(answer: Result<Vec<u8>, DispatchError>) -> Result<(), SecondFactorError> {
    let bytes = answer.expect("the extension answered");
    <Result<(), SecondFactorError>>::decode(&mut &bytes[..]).expect("a verdict")
}

/// Bob's software authenticator, registered by the issuer.
fn bob_authenticator() -> SoftwareAuthenticator {
    let auth = SoftwareAuthenticator::from_secret(&[7; 32], vec![0xB0, 0xB0], "fiducia.example").expect("key");
    let credential = Credential {
        id: auth.credential_id.clone().try_into().expect("short id"),
        public_key: auth.public_key().try_into().expect("65 bytes"),
        rp_id_hash: auth.rp_id_hash(),
        counter: 0,
    };
    RuntimeCall::Registry(pallet_fiducia_registry::Call::register_credential { who: Bob.to_account_id(), credential })
        .dispatch(signed(&Alice))
        .expect("the issuer registers Bob's credential");
    auth
}

/// What Bob's authenticator must sign for `challenge` on `contract`.
fn bound(contract: &AccountId, caller: &AccountId, challenge: &[u8; 32]) -> [u8; 32] {
    let genesis = System::block_hash(0u32);
    BlakeTwo256::hash(&second_factor_preimage(genesis.as_fixed_bytes(), contract.as_ref(), caller.as_ref(), challenge))
        .0
}

#[test]
fn uncertified_code_cannot_be_instantiated_and_only_licensed_accounts_upload() {
    new_ext().execute_with(|| {
        let code = passthrough();
        let hash = BlakeTwo256::hash(&code);
        let filtered = instantiate(code.clone(), 0).dispatch(signed(&Alice)).expect_err("uncertified");
        assert_eq!(filtered.error, frame_system::Error::<Runtime>::CallFiltered.into());
        let upload = |who| {
            RuntimeCall::Contracts(pallet_contracts::Call::upload_code {
                code: code.clone(),
                storage_deposit_limit: None,
                determinism: Determinism::Enforced,
            })
            .dispatch(signed(who))
        };
        assert_eq!(upload(&Eve).expect_err("unlicensed").error, DispatchError::BadOrigin);
        upload(&Alice).expect("a licensed Institution uploads");
        // Uploaded but uncertified: no way to instantiate it, also not
        // through the deprecated calls.
        let old_weight = |code_hash| {
            RuntimeCall::Contracts(pallet_contracts::Call::instantiate_old_weight {
                value: 0,
                gas_limit: 200_000_000_000,
                storage_deposit_limit: None,
                code_hash,
                data: vec![],
                salt: vec![9],
            })
        };
        let old_with_code = RuntimeCall::Contracts(pallet_contracts::Call::instantiate_with_code_old_weight {
            value: 0,
            gas_limit: 200_000_000_000,
            storage_deposit_limit: None,
            code: code.clone(),
            data: vec![],
            salt: vec![8],
        });
        for bypass in [instantiate_by_hash(hash, 0), old_weight(hash), old_with_code] {
            let filtered = bypass.dispatch(signed(&Alice)).expect_err("uncertified");
            assert_eq!(filtered.error, frame_system::Error::<Runtime>::CallFiltered.into());
        }
        // Only a certifier certifies; then licensed deployers instantiate it.
        assert!(certify(hash).dispatch(signed(&Eve)).is_err(), "Eve is no certifier");
        certify(hash).dispatch(signed(&Alice)).expect("the Arbiter certifies");
        assert!(Registry::is_certified(&hash));
        let unlicensed = instantiate_by_hash(hash, 0).dispatch(signed(&Eve)).expect_err("Eve deploys nothing");
        assert_eq!(unlicensed.error, DispatchError::BadOrigin);
        instantiate_by_hash(hash, 0).dispatch(signed(&Alice)).expect("certified code, licensed deployer");
        // Revoked: no new instances.
        RuntimeCall::Registry(pallet_fiducia_registry::Call::revoke_certification { code_hash: hash })
            .dispatch(signed(&Alice))
            .expect("revoked");
        let filtered = instantiate(code, 1).dispatch(signed(&Alice)).expect_err("revoked");
        assert_eq!(filtered.error, frame_system::Error::<Runtime>::CallFiltered.into());
    });
}

#[test]
fn bug_front_running_contract_burns_a_borrowers_assertion() {
    new_ext().execute_with(|| {
        let code = passthrough();
        certify(BlakeTwo256::hash(&code)).dispatch(signed(&Alice)).expect("certified");
        instantiate(code.clone(), 0).dispatch(signed(&Alice)).expect("instantiated");
        let target = last_instantiated();
        instantiate(code, 1).dispatch(signed(&Alice)).expect("a second instance");
        let eves = last_instantiated();
        let mut auth = bob_authenticator();
        let counter = || pallet_fiducia_registry::Credentials::<Runtime>::get(Bob.to_account_id()).map(|c| c.counter);

        // Bob's pending call to `target` carries this assertion.
        let challenge = [0x42; 32];
        let assertion = auth.assert(&bound(&target, &Bob.to_account_id(), &challenge));
        let input = (challenge, assertion.clone()).encode();

        // Eve front-runs: through the same contract, through her own, and in
        // the old wire format that named Bob's account. Each is refused and
        // Bob's counter does not move.
        assert_eq!(
            verdict(through(&Eve, &target, FN_VERIFY_SECOND_FACTOR, input.clone())),
            Err(SecondFactorError::NoCredential)
        );
        assert_eq!(
            verdict(through(&Eve, &eves, FN_VERIFY_SECOND_FACTOR, input.clone())),
            Err(SecondFactorError::NoCredential)
        );
        let old_format = (Bob.to_account_id(), challenge, assertion.clone()).encode();
        let answer = through(&Eve, &eves, FN_VERIFY_SECOND_FACTOR, old_format);
        assert!(
            answer.as_ref().map_or(true, |bytes| bytes.as_slice() != Ok::<(), SecondFactorError>(()).encode()),
            "{answer:?}"
        );
        // Bob's own assertion, spent on another contract: bound to `target`.
        assert_eq!(
            verdict(through(&Bob, &eves, FN_VERIFY_SECOND_FACTOR, input.clone())),
            Err(SecondFactorError::WrongChallenge)
        );
        assert_eq!(counter(), Some(0), "nobody burnt Bob's assertion");

        // Bob's real call goes through, once.
        assert_eq!(verdict(through(&Bob, &target, FN_VERIFY_SECOND_FACTOR, input.clone())), Ok(()));
        assert_eq!(counter(), Some(1));
        assert_eq!(verdict(through(&Bob, &target, FN_VERIFY_SECOND_FACTOR, input)), Err(SecondFactorError::Replayed));
    });
}

#[test]
fn the_registry_answers_certified_contracts_only() {
    new_ext().execute_with(|| {
        let code = passthrough();
        let hash = BlakeTwo256::hash(&code);
        certify(hash).dispatch(signed(&Alice)).expect("certified");
        instantiate(code, 0).dispatch(signed(&Alice)).expect("instantiated");
        let contract = last_instantiated();
        let ask = || through(&Eve, &contract, FN_HAS_ROLE, (Bob.to_account_id(), Role::Borrower).encode());
        assert_eq!(ask().map(|b| bool::decode(&mut &b[..]).expect("a bool")), Ok(true));
        RuntimeCall::Registry(pallet_fiducia_registry::Call::revoke_certification { code_hash: hash })
            .dispatch(signed(&Alice))
            .expect("revoked");
        let refused = ask().expect_err("the extension refuses an uncertified caller");
        assert_eq!(refused, DispatchError::Other("the calling contract's code is not certified"));
    });
}
