//! Post-processing and checking of contract wasm blobs.

use anyhow::{bail, Context, Result};
use wasm_encoder::{ExportKind, ExportSection, Module, RawSection};
use wasmparser::{ExternalKind, Parser, Payload, TypeRef, Validator, WasmFeatures};

/// The only exports `pallet-contracts` accepts.
pub const ENTRY_POINTS: [&str; 2] = ["call", "deploy"];

/// Rewrites a freshly linked contract so that it exports only `call` and
/// `deploy` (the linker also exports `memcpy`, `__heap_base`, `__data_end`, …)
/// and carries no custom sections (names, producers). Code is unchanged.
pub fn finalize(input: &[u8]) -> Result<Vec<u8>> {
    let mut module = Module::new();
    for payload in Parser::new(0).parse_all(input) {
        let payload = payload.context("the linked contract is not valid wasm")?;
        match &payload {
            Payload::CustomSection(_) => {},
            Payload::ExportSection(reader) => {
                let mut exports = ExportSection::new();
                for export in reader.clone() {
                    let export = export?;
                    if export.kind == ExternalKind::Func && ENTRY_POINTS.contains(&export.name) {
                        exports.export(export.name, ExportKind::Func, export.index);
                    }
                }
                module.section(&exports);
            },
            other => {
                if let Some((id, range)) = other.as_section() {
                    let range = usize::try_from(range.start)?..usize::try_from(range.end)?;
                    module.section(&RawSection { id, data: &input[range] });
                }
            },
        }
    }
    Ok(module.finish())
}

/// What [`check`] found out about a blob.
#[derive(Debug, PartialEq, Eq)]
pub struct Summary {
    /// Imported host functions, as `module.name`.
    pub imported_functions: Vec<String>,
    /// Exported names.
    pub exports: Vec<String>,
}

/// Checks a blob against the rules `pallet-contracts` enforces on upload:
/// MVP features plus sign extension only, no floating point (deterministic
/// execution), memory imported as `env.memory`, no memory export, and exactly
/// the `call` and `deploy` function exports.
pub fn check(blob: &[u8]) -> Result<Summary> {
    let features = WasmFeatures::SIGN_EXTENSION;
    Validator::new_with_features(features)
        .validate_all(blob)
        .context("the blob uses a wasm feature pallet-contracts rejects (or floats)")?;

    let mut summary = Summary { imported_functions: Vec::new(), exports: Vec::new() };
    let mut memory_imported = false;
    for payload in Parser::new(0).parse_all(blob) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    match import.ty {
                        TypeRef::Memory(_) => {
                            if (import.module, import.name) != ("env", "memory") {
                                bail!("memory must be imported as env.memory");
                            }
                            memory_imported = true;
                        },
                        TypeRef::Func(_) => {
                            summary.imported_functions.push(format!("{}.{}", import.module, import.name))
                        },
                        _ => bail!("only functions and memory may be imported"),
                    }
                }
            },
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    if export.kind != ExternalKind::Func {
                        bail!("export `{}` is not a function", export.name);
                    }
                    summary.exports.push(export.name.to_string());
                }
            },
            _ => {},
        }
    }
    if !memory_imported {
        bail!("the contract does not import its memory");
    }
    let mut exports = summary.exports.clone();
    exports.sort();
    if exports != ["call", "deploy"] {
        bail!("exports must be exactly call and deploy, found {:?}", summary.exports);
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module shaped like a linked contract: imported memory, a host
    /// function, `call`/`deploy` and the linker's extra exports.
    fn linked_like() -> Vec<u8> {
        use wasm_encoder::*;
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut imports = ImportSection::new();
        imports.import("seal0", "seal_input", EntityType::Function(0));
        imports.import(
            "env",
            "memory",
            EntityType::Memory(MemoryType {
                minimum: 1,
                maximum: Some(16),
                memory64: false,
                shared: false,
                page_size_log2: None,
            }),
        );
        module.section(&imports);
        let mut functions = FunctionSection::new();
        functions.function(0);
        functions.function(0);
        module.section(&functions);
        let mut globals = GlobalSection::new();
        globals
            .global(GlobalType { val_type: ValType::I32, mutable: false, shared: false }, &ConstExpr::i32_const(1024));
        module.section(&globals);
        let mut exports = ExportSection::new();
        exports.export("call", ExportKind::Func, 1);
        exports.export("deploy", ExportKind::Func, 2);
        exports.export("memcpy", ExportKind::Func, 1);
        exports.export("__heap_base", ExportKind::Global, 0);
        module.section(&exports);
        let mut code = CodeSection::new();
        for _ in 0..2 {
            let mut f = Function::new([]);
            f.instructions().end();
            code.function(&f);
        }
        module.section(&code);
        module.section(&CustomSection { name: "name".into(), data: b"\0".as_slice().into() });
        module.finish()
    }

    #[test]
    fn linker_exports_are_rejected_then_stripped() {
        let linked = linked_like();
        assert!(check(&linked).is_err());
        let finished = finalize(&linked).unwrap();
        let summary = check(&finished).unwrap();
        assert_eq!(summary.exports, vec!["call", "deploy"]);
        assert_eq!(summary.imported_functions, vec!["seal0.seal_input"]);
        assert!(finished.len() < linked.len());
    }

    #[test]
    fn floats_are_rejected() {
        use wasm_encoder::*;
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], [ValType::F32]);
        module.section(&types);
        let mut functions = FunctionSection::new();
        functions.function(0);
        module.section(&functions);
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        f.instructions().f32_const(1.0.into()).end();
        code.function(&f);
        module.section(&code);
        assert!(check(&module.finish()).is_err());
    }
}
