//! `<name>.json` and `<name>.contract`: the ink! v5 metadata format that
//! `@polkadot/api-contract` and contracts-ui read.

use anyhow::{bail, Result};
use blake2::{digest::consts::U32, Blake2b, Digest};
use serde_json::{json, Map, Value};

/// Blake2b-256 of the wasm blob: the code hash `pallet-contracts` will assign.
pub fn code_hash(wasm: &[u8]) -> [u8; 32] {
    Blake2b::<U32>::digest(wasm).into()
}

/// Who and what built the blob, as recorded in `source`.
pub struct Source<'a> {
    /// The wasm blob.
    pub wasm: &'a [u8],
    /// The compiler, e.g. `rustc 1.95.0`.
    pub compiler: &'a str,
}

/// The crate the blob was built from, as recorded in `contract`.
pub struct ContractInfo<'a> {
    /// Crate name.
    pub name: &'a str,
    /// Crate version.
    pub version: &'a str,
    /// Crate authors.
    pub authors: &'a [String],
}

/// Wraps the ink! project JSON (`version`, `types`, `storage`, `spec`) with
/// `source` and `contract`. With `embed_wasm` the blob is included as hex
/// (the `.contract` bundle); without, it is the plain `.json` metadata.
pub fn wrap(project: Value, source: &Source, info: &ContractInfo, embed_wasm: bool) -> Result<Value> {
    let Value::Object(project) = project else { bail!("ink! metadata is not a JSON object") };
    let mut src = json!({
        "hash": format!("0x{}", hex::encode(code_hash(source.wasm))),
        "language": "ink! 5.1.1",
        "compiler": source.compiler,
    });
    if embed_wasm {
        src["wasm"] = Value::String(format!("0x{}", hex::encode(source.wasm)));
    }
    let mut out = Map::new();
    out.insert("source".into(), src);
    out.insert("contract".into(), json!({ "name": info.name, "version": info.version, "authors": info.authors }));
    out.extend(project);
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_source_and_contract() {
        let project = json!({ "version": 5, "spec": {}, "types": [], "storage": {} });
        let source = Source { wasm: b"\0asm", compiler: "rustc 1.95.0" };
        let authors = vec!["A".to_string()];
        let info = ContractInfo { name: "x", version: "0.1.0", authors: &authors };
        let bundle = wrap(project.clone(), &source, &info, true).unwrap();
        assert_eq!(bundle["version"], 5);
        assert_eq!(bundle["contract"]["name"], "x");
        assert_eq!(bundle["source"]["wasm"], "0x0061736d");
        assert_eq!(bundle["source"]["hash"].as_str().unwrap().len(), 66);
        let plain = wrap(project, &source, &info, false).unwrap();
        assert!(plain["source"].get("wasm").is_none());
    }

    #[test]
    fn code_hash_is_blake2_256() {
        // blake2b-256("") from the BLAKE2 reference implementation.
        assert_eq!(hex::encode(code_hash(b"")), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    }
}
