//! Chain specifications built from the runtime's genesis presets.

use fiducia_runtime::WASM_BINARY;
use sc_service::ChainType;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A chain specification of the Fiducia runtime (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

fn properties() -> sc_service::Properties {
    let mut properties = sc_service::Properties::new();
    properties.insert("tokenSymbol".into(), "FID".into());
    properties.insert("tokenDecimals".into(), 12.into());
    properties.insert("ss58Format".into(), 42.into());
    properties
}

fn from_preset(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
    let wasm = WASM_BINARY.ok_or_else(|| "the runtime wasm was not built".to_string())?;
    Ok(ChainSpec::builder(wasm, None)
        .with_name(name)
        .with_id(id)
        .with_chain_type(chain_type)
        .with_genesis_config_preset_name(preset)
        .with_properties(properties())
        .build())
}

/// `--dev`: one verifier and issuer (Alice), funded dev accounts.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
    from_preset("Fiducia Development", "fiducia_dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// `--chain local`: verifiers Alice, Bob, Charlie and Dave (minimum 4),
/// issuers Alice, Bob and Charlie; `scripts/network.sh` runs its nodes.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
    from_preset("Fiducia Local", "fiducia_local", ChainType::Local, LOCAL_TESTNET_RUNTIME_PRESET)
}
