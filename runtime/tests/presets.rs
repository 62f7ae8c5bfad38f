//! Every genesis preset builds into a state, and a genesis without issuers
//! is refused (docs/security.md: a chain needs issuers). This replaces
//! FRAME's generated `test_genesis_config_builds`, which builds the default
//! genesis — one with no issuers — and is skipped by `scripts/test.sh`.

use fiducia_runtime::{genesis_config_presets, RuntimeGenesisConfig};
use frame_support::genesis_builder_helper::build_state;
use sp_genesis_builder::PresetId;

fn build(patch: serde_json::Value) -> Result<(), String> {
    let mut full = serde_json::to_value(RuntimeGenesisConfig::default()).map_err(|e| e.to_string())?;
    json_patch(&mut full, patch);
    let bytes = serde_json::to_vec(&full).map_err(|e| e.to_string())?;
    let mut ext = sp_io::TestExternalities::default();
    ext.execute_with(|| std::panic::catch_unwind(|| build_state::<RuntimeGenesisConfig>(bytes)))
        .map_err(|_| "genesis build panicked".to_string())?
        .map_err(|e| e.to_string())
}

/// Merges `patch` into `base` as the genesis builder does (objects merge,
/// everything else replaces).
fn json_patch(base: &mut serde_json::Value, patch: serde_json::Value) {
    match (base, patch) {
        (serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
            for (key, value) in patch {
                json_patch(base.entry(key).or_insert(serde_json::Value::Null), value);
            }
        },
        (base, patch) => *base = patch,
    }
}

#[test]
fn every_preset_builds() {
    for id in genesis_config_presets::preset_names() {
        let patch = genesis_config_presets::get_preset(&id).expect("a named preset exists");
        let patch: serde_json::Value = serde_json::from_slice(&patch).expect("JSON");
        build(patch).unwrap_or_else(|e| panic!("preset {id:?}: {e}"));
    }
    assert!(genesis_config_presets::get_preset(&PresetId::from("nonexistent")).is_none());
}

#[test]
fn a_genesis_without_issuers_is_refused() {
    assert!(build(serde_json::json!({})).is_err(), "the default genesis has no issuers");
}
