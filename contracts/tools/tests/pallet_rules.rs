//! Every contract blob in `<target>/ink/` passes `pallet-contracts`' own upload
//! checks in the real Fiducia runtime, and the raw linker output does not.
//!
//! Needs the artifacts: run `cargo run --release -p fiducia-ink-build` first
//! (the README's test command does).

use fiducia_client::artifacts::target_dir;
use fiducia_ink_build::{artifact_dir, CONTRACTS};
use fiducia_runtime::{Balance, BuildStorage, Runtime, RuntimeGenesisConfig, UNIT};
use pallet_contracts::Determinism;
use sp_keyring::Sr25519Keyring;

fn upload(code: Vec<u8>) -> Result<(), String> {
    let alice = Sr25519Keyring::Alice.to_account_id();
    let mut genesis = RuntimeGenesisConfig::default();
    genesis.balances.balances = vec![(alice.clone(), 1_000_000 * UNIT as Balance)];
    genesis.registry.issuers = vec![alice.clone()]; // a chain needs issuers
    let storage = genesis.build_storage().map_err(|e| e.to_string())?;
    sp_io::TestExternalities::new(storage).execute_with(|| {
        pallet_contracts::Pallet::<Runtime>::bare_upload_code(alice, code, None, Determinism::Enforced)
            .map(|_| ())
            .map_err(|e| format!("{e:?}"))
    })
}

#[test]
fn every_contract_blob_is_accepted_by_the_pallet() {
    let target = target_dir().expect("tests run from the cargo target dir");
    for contract in CONTRACTS {
        let path = artifact_dir(&target, contract).join(format!("{contract}.wasm"));
        let blob = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; build the contracts first (fiducia-ink-build)", path.display()));
        fiducia_ink_build::wasm::check(&blob).unwrap();
        upload(blob).unwrap_or_else(|e| panic!("pallet-contracts rejects {contract}: {e}"));
    }
}

#[test]
fn unstripped_linker_output_is_rejected_by_the_pallet() {
    let target = target_dir().expect("tests run from the cargo target dir");
    let path = target.join("wasm32v1-none/contract/lending.wasm");
    let linked = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; build the contracts first", path.display()));
    assert!(upload(linked).is_err(), "the pallet must refuse the linker's extra exports");
}

/// The client decodes exactly the events each contract's metadata lists:
/// one definition (`fiducia-interfaces`) on both sides, and no event of
/// another contract leaking into a contract's metadata.
#[test]
fn every_contract_event_is_the_clients_and_only_its_own() {
    use fiducia_client::{
        advice::AdviceEvent,
        contract::{ContractBundle, EventSet},
        investment::InvestmentEvent,
        lending::LendingEvent,
    };
    use std::collections::BTreeSet;
    let target = target_dir().expect("tests run from the cargo target dir");
    let client: [(&str, Vec<[u8; 32]>); 3] = [
        ("lending", LendingEvent::topics()),
        ("advice", AdviceEvent::topics()),
        ("investment", InvestmentEvent::topics()),
    ];
    for (contract, topics) in client {
        let path = artifact_dir(&target, contract).join(format!("{contract}.contract"));
        let bundle = ContractBundle::load(&path).expect("build the contracts first (fiducia-ink-build)");
        let listed: BTreeSet<_> = bundle.event_topics().copied().collect();
        let decoded: BTreeSet<_> = topics.into_iter().collect();
        assert_eq!(listed, decoded, "{contract}: metadata events differ from the client's");
    }
}
