//! Root on a chain without sudo: what `--dev`'s Root could do, a majority of
//! the issuers does through registry root motions — in the real runtime,
//! from the `local` preset (issuers Alice, Bob, Charlie; verifiers Alice,
//! Bob, Charlie, Dave; minimum 4). See docs/verifiers.md.

use fiducia_runtime::{genesis_config_presets, Registry, Runtime, RuntimeCall, RuntimeOrigin, System, Verifiers};
use frame_support::{assert_noop, assert_ok, genesis_builder_helper::build_state, traits::UnfilteredDispatchable};
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::traits::{BlakeTwo256, Hash};

fn local() -> sp_io::TestExternalities {
    let patch = genesis_config_presets::get_preset(&LOCAL_TESTNET_RUNTIME_PRESET.into()).expect("local preset");
    let mut full = serde_json::to_value(fiducia_runtime::RuntimeGenesisConfig::default()).expect("json");
    merge(&mut full, serde_json::from_slice(&patch).expect("json"));
    let mut ext = sp_io::TestExternalities::default();
    ext.execute_with(|| build_state::<fiducia_runtime::RuntimeGenesisConfig>(serde_json::to_vec(&full).unwrap()))
        .expect("the local preset builds");
    ext.execute_with(|| System::set_block_number(1));
    ext
}

fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
    match (base, patch) {
        (serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
            for (key, value) in patch {
                merge(base.entry(key).or_insert(serde_json::Value::Null), value);
            }
        },
        (base, patch) => *base = patch,
    }
}

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
    RuntimeOrigin::signed(who.to_account_id())
}

/// Two of the three issuers approve `call` (a majority: it runs as Root).
fn two_issuers_approve(call: RuntimeCall) {
    assert_ok!(Registry::propose_root_call(signed(Alice), Box::new(call.clone())));
    assert_ok!(Registry::propose_root_call(signed(Bob), Box::new(call)));
}

#[test]
fn the_local_preset_has_four_verifiers_a_minimum_of_four_and_no_sudo() {
    local().execute_with(|| {
        let admitted: Vec<_> = pallet_fiducia_verifiers::Admitted::<Runtime>::get().into_iter().collect();
        let mut expected: Vec<_> = [Alice, Bob, Charlie, Dave].iter().map(|k| k.to_account_id()).collect();
        expected.sort();
        assert_eq!(admitted, expected);
        assert_eq!(pallet_fiducia_verifiers::MinVerifiers::<Runtime>::get(), 4);
        assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 4);
        // Root cannot be reached by any signed account directly.
        let upgrade = frame_system::Call::<Runtime>::authorize_upgrade { code_hash: [1; 32].into() };
        assert!(RuntimeCall::System(upgrade).dispatch_bypass_filter(signed(Alice)).is_err());
    });
}

#[test]
fn a_majority_of_issuers_authorizes_a_runtime_upgrade() {
    local().execute_with(|| {
        let code_hash = BlakeTwo256::hash(b"the next runtime");
        let call = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
        assert_ok!(Registry::propose_root_call(signed(Charlie), Box::new(call.clone())));
        assert!(System::authorized_upgrade().is_none(), "one of three issuers is not a majority");
        // A verifier that is not an issuer has no say.
        assert_noop!(
            Registry::propose_root_call(signed(Dave), Box::new(call.clone())),
            pallet_fiducia_registry::Error::<Runtime>::NotIssuer
        );
        assert_ok!(Registry::propose_root_call(signed(Alice), Box::new(call)));
        assert_eq!(System::authorized_upgrade().map(|a| *a.code_hash()), Some(code_hash));
    });
}

#[test]
fn issuers_change_the_verifier_set_and_recover_a_stalled_finality() {
    local().execute_with(|| {
        // Emergency: down to three verifiers (the minimum first), Dave out.
        two_issuers_approve(RuntimeCall::Verifiers(pallet_fiducia_verifiers::Call::set_min_verifiers { min: 3 }));
        assert_eq!(pallet_fiducia_verifiers::MinVerifiers::<Runtime>::get(), 3);
        // Eve for Dave is refused: Eve has no session keys, 2 keyed < 3.
        let force = |set: Vec<sp_runtime::AccountId32>| {
            RuntimeCall::Verifiers(pallet_fiducia_verifiers::Call::force_set_verifiers {
                verifiers: set.try_into().unwrap(),
            })
        };
        let with_eve = vec![Alice.to_account_id(), Bob.to_account_id(), Eve.to_account_id()];
        two_issuers_approve(force(with_eve.clone()));
        let refused = frame_system::Pallet::<Runtime>::events().into_iter().rev().find_map(|r| match r.event {
            fiducia_runtime::RuntimeEvent::Registry(pallet_fiducia_registry::Event::RootCallDispatched {
                result,
                ..
            }) => Some(result),
            _ => None,
        });
        assert_eq!(refused, Some(Err(pallet_fiducia_verifiers::Error::<Runtime>::BelowMinimum.into())));
        let set = vec![Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id()];
        two_issuers_approve(force(set.clone()));
        let mut expected = set;
        expected.sort();
        assert_eq!(pallet_fiducia_verifiers::Admitted::<Runtime>::get().into_iter().collect::<Vec<_>>(), expected);
        assert_eq!(Verifiers::eligible(), expected);
        // GRANDPA's note_stalled is Root-only; the issuers can call it.
        two_issuers_approve(RuntimeCall::Grandpa(pallet_grandpa::Call::note_stalled {
            delay: 5,
            best_finalized_block_number: 0,
        }));
        assert_eq!(pallet_grandpa::Stalled::<Runtime>::get(), Some((5, 0)));
    });
}
