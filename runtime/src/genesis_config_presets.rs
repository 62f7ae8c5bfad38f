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

/// Builds the genesis patch shared by the presets: the verifiers get session
/// keys and are admitted (at least `min_verifiers` of them must stay).
fn genesis(
    verifiers: Vec<(AccountId, SessionKeys)>,
    min_verifiers: u32,
    node_ids: Vec<(AccountId, Vec<u8>)>,
    endowed: Vec<AccountId>,
    issuers: Vec<AccountId>,
) -> Value {
    let admitted: Vec<_> = verifiers.iter().map(|(who, _)| who.clone()).collect();
    let session_keys: Vec<_> = verifiers.into_iter().map(|(who, keys)| (who.clone(), who, keys)).collect();
    serde_json::json!({
        "balances": {
            "balances": endowed.into_iter().map(|who| (who, DEV_ENDOWMENT)).collect::<Vec<_>>(),
        },
        "session": { "keys": session_keys },
        "registry": { "issuers": issuers, "licenses": dev_licenses() },
        "verifiers": { "verifiers": admitted, "minVerifiers": min_verifiers, "nodeIds": node_ids },
    })
}

/// `--dev`: Alice is the only verifier (minimum 1) and the only issuer, so
/// her approval alone passes a root motion; the well-known dev accounts are
/// funded and licensed with every role.
fn development() -> Value {
    genesis(
        vec![verifier(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
        1,
        vec![],
        Sr25519Keyring::iter().map(|k| k.to_account_id()).collect(),
        vec![Sr25519Keyring::Alice.to_account_id()],
    )
}

/// The verifiers of the `local` preset, in the order `scripts/network.sh`
/// numbers their nodes (node 1 = Alice, …).
pub const LOCAL_VERIFIERS: [Sr25519Keyring; 4] =
    [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];

/// Peer ids (libp2p multihash bytes, hex) of the `local` verifiers' nodes:
/// node `i` (from 1) runs with the ed25519 node key `0xF1D00000 + i` as 32
/// big-endian bytes (`scripts/network.sh`, the e2e `LocalNet`). As text:
/// 12D3KooWGR14a6mxq6ruPdJmmobvGpT4GVocEaXJTgodpZBu1VwK,
/// 12D3KooWDHp5Hxt36y3znoD1ZciJherhJdPJxfroRhLBD2X8j3hU,
/// 12D3KooWLCA3LUe1wGX56eGKa9Ry8VZDX6xki25hRYFAuSPk7diH,
/// 12D3KooWA2fFUYPFK4qPFbquxpYpTpSXS8oQ8TUhLXFmACiDVb79.
pub const LOCAL_NODE_IDS: [&str; 4] = [
    "002408011220620595b2c4dea10831eb370fc7e076efe9900f0331bdfa717bd7226e0efffd3e",
    "002408011220339b08deb1cd4717877f13b2c984a7aa9d0a28b6291766fce482113157318e73",
    "0024080112209a29ef2810481adc9fc95e18e0368fc50233116b6c0dc185dc2f6e5f082d7c0a",
    "002408011220032648adf9edcc09481bbef1ce50531075328812ae24f5d0f1cbe212e13b5b2c",
];

fn hex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex digits")).collect()
}

/// `--chain local`: Alice, Bob, Charlie and Dave are the verifiers, and the
/// set may not shrink below 4 (GRANDPA with 4 voters tolerates one absent
/// or faulty verifier); Alice, Bob and Charlie are the issuers (a root
/// motion or an issuer change needs two of them). Only the four nodes with
/// [`LOCAL_NODE_IDS`], and nodes that licensed verifiers register later,
/// may peer with them. The dev accounts are funded and licensed with every
/// role. There is no sudo key.
fn local_testnet() -> Value {
    let ed25519 = [Ed25519Keyring::Alice, Ed25519Keyring::Bob, Ed25519Keyring::Charlie, Ed25519Keyring::Dave];
    genesis(
        LOCAL_VERIFIERS.into_iter().zip(ed25519).map(|(sr, ed)| verifier(sr, ed)).collect(),
        4,
        LOCAL_VERIFIERS.into_iter().zip(LOCAL_NODE_IDS).map(|(who, id)| (who.to_account_id(), hex(id))).collect(),
        Sr25519Keyring::iter().map(|k| k.to_account_id()).collect(),
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
