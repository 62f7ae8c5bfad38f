//! Genesis presets, selected by `fiducia-node --dev` (`development`) and
//! `--chain local` (`local`), or printed with `fiducia-node build-spec`.

use crate::{AccountId, Balance, SessionKeys, UNIT};
use alloc::{vec, vec::Vec};
use fiducia_registry_api::Role;
use serde_json::Value;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What every pre-funded development account starts with.
pub const DEV_ENDOWMENT: Balance = 1_000_000_000 * UNIT;

/// A verifier: its account (the session validator id) and its session keys.
fn verifier(who: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AccountId, SessionKeys) {
    (who.to_account_id(), SessionKeys { aura: who.public().into(), grandpa: grandpa.public().into() })
}

/// Every dev account licensed with every role (issuers are a set of their own).
fn dev_licenses() -> Vec<(AccountId, Role)> {
    let roles = Role::ALL.into_iter().filter(|r| *r != Role::Issuer);
    Sr25519Keyring::iter().flat_map(|k| roles.clone().map(move |role| (k.to_account_id(), role))).collect()
}

/// Builds the genesis patch shared by the presets.
fn genesis(
    verifiers: Vec<(AccountId, SessionKeys)>,
    endowed: Vec<AccountId>,
    sudo: Option<AccountId>,
    issuers: Vec<AccountId>,
) -> Value {
    let session_keys: Vec<_> = verifiers.into_iter().map(|(who, keys)| (who.clone(), who, keys)).collect();
    serde_json::json!({
        "balances": {
            "balances": endowed.into_iter().map(|who| (who, DEV_ENDOWMENT)).collect::<Vec<_>>(),
        },
        "session": { "keys": session_keys },
        "sudo": { "key": sudo },
        "registry": { "issuers": issuers, "licenses": dev_licenses() },
    })
}

/// `--dev`: Alice is the only verifier, the only issuer and the sudo key; the
/// well-known dev accounts are funded and licensed with every role.
fn development() -> Value {
    genesis(
        vec![verifier(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
        Sr25519Keyring::iter().map(|k| k.to_account_id()).collect(),
        Some(Sr25519Keyring::Alice.to_account_id()),
        vec![Sr25519Keyring::Alice.to_account_id()],
    )
}

/// `--chain local`: Alice, Bob and Charlie are verifiers and issuers (issuer
/// changes need two of them), the dev accounts are funded and licensed with
/// every role, and there is no sudo key. With three voters GRANDPA tolerates no
/// absent verifier: all three must run for blocks to be finalized.
fn local_testnet() -> Value {
    genesis(
        vec![
            verifier(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
            verifier(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
            verifier(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
        ],
        Sr25519Keyring::iter().map(|k| k.to_account_id()).collect(),
        None,
        [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
            .into_iter()
            .map(|k| k.to_account_id())
            .collect(),
    )
}

/// The JSON patch of a named preset, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
    let patch = match id.as_ref() {
        DEV_RUNTIME_PRESET => development(),
        LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
        _ => return None,
    };
    serde_json::to_vec(&patch).ok()
}

/// Names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
    vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}
