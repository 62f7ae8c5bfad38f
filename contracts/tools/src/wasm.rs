//! Post-processing and checking of contract wasm blobs.

use anyhow::{bail, Context, Result};
use wasm_encoder::{ConstExpr, DataSection, ExportKind, ExportSection, Module, RawSection};
use wasmparser::{DataKind, ExternalKind, Operator, Parser, Payload, TypeRef, Validator, WasmFeatures};

/// The only exports `pallet-contracts` accepts.
pub const ENTRY_POINTS: [&str; 2] = ["call", "deploy"];

/// A run of zero bytes at least this long inside a data segment is cut out
/// (the segment is split in two). A new segment costs about 8 bytes
/// (memory index, offset expression, length), so shorter runs stay.
const ZERO_RUN: usize = 16;

/// Rewrites a freshly linked contract so that it exports only `call` and
/// `deploy` (the linker also exports `memcpy`, `__heap_base`, `__data_end`, …),
/// carries no custom sections (names, producers) and no zero bytes in its
/// data segments. Code is unchanged.
///
/// The zeros: because the contract imports its memory (`--import-memory`),
/// the linker cannot assume it starts zeroed and writes every static out as
/// data, zeros included (ink!'s 16 KiB static buffer alone is 16 KiB of
/// them). `pallet-contracts` gives every call a fresh, zero-filled memory, so
/// the zeros are dead weight — and the code size is paid on every call.
/// Active segments are cut at every run of [`ZERO_RUN`] or more zero bytes;
/// what remains is written at the same addresses. Cutting renumbers
/// segments, so a module with bulk-memory segments (passive segments, a data
/// count section: `memory.init` names segments by number) is refused — the
/// pallet refuses bulk memory anyway — and so are overlapping segments,
/// where a later segment's zeros would overwrite an earlier one's bytes.
pub fn finalize(input: &[u8]) -> Result<Vec<u8>> {
    let mut module = Module::new();
    for payload in Parser::new(0).parse_all(input) {
        let payload = payload.context("the linked contract is not valid wasm")?;
        match &payload {
            Payload::CustomSection(_) => {},
            Payload::DataCountSection { .. } => bail!("a data count section: the contract uses bulk memory"),
            Payload::DataSection(reader) => {
                module.section(&without_zeros(reader.clone())?);
            },
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

/// The data section with every active segment cut at its runs of
/// [`ZERO_RUN`] or more zero bytes (see [`finalize`]). Segments must be
/// active, at constant addresses, in increasing order and not overlap (as
/// the linker writes them).
fn without_zeros(reader: wasmparser::DataSectionReader<'_>) -> Result<DataSection> {
    let mut section = DataSection::new();
    let mut end_of_previous = 0u64;
    for data in reader {
        let data = data?;
        let DataKind::Active { memory_index, offset_expr } = data.kind else {
            bail!("a passive data segment: the contract uses bulk memory");
        };
        let mut ops = offset_expr.get_operators_reader();
        let (Operator::I32Const { value }, Operator::End) = (ops.read()?, ops.read()?) else {
            bail!("a data segment's offset is not a constant");
        };
        // Wasm reads the offset as an unsigned 32-bit address.
        let offset = u64::from(value as u32);
        if offset < end_of_previous {
            bail!("data segments overlap or are out of order at address {offset}");
        }
        end_of_previous = offset + data.data.len() as u64;
        for (start, bytes) in non_zero_runs(data.data) {
            let at = u32::try_from(offset + start as u64).context("a data segment beyond 4 GiB")?;
            section.active(memory_index, &ConstExpr::i32_const(at as i32), bytes.iter().copied());
        }
    }
    Ok(section)
}

/// The parts of `bytes` left after cutting out every run of [`ZERO_RUN`] or
/// more zero bytes (and the zeros at either end), with their offsets.
fn non_zero_runs(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    let mut runs = Vec::new();
    let (mut start, mut zeros) = (None::<usize>, 0);
    for (i, byte) in bytes.iter().enumerate() {
        if *byte == 0 {
            zeros += 1;
            if let Some(s) = start {
                if zeros == ZERO_RUN {
                    runs.push((s, &bytes[s..=i - ZERO_RUN]));
                    start = None;
                }
            }
        } else {
            if start.is_none() {
                start = Some(i);
            }
            zeros = 0;
        }
    }
    if let Some(s) = start {
        runs.push((s, &bytes[s..bytes.len() - zeros]));
    }
    runs
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
    fn zero_runs_are_cut_out_of_data_at_the_same_addresses() {
        assert_eq!(non_zero_runs(&[0; 40]), Vec::<(usize, &[u8])>::new());
        assert_eq!(non_zero_runs(&[0, 0, 7, 0, 8, 0, 0]), [(2, [7, 0, 8].as_slice())]);
        let mut bytes = vec![1, 2];
        bytes.extend([0; ZERO_RUN - 1]);
        bytes.push(3);
        bytes.extend([0; ZERO_RUN]);
        bytes.extend([4, 0]);
        let runs = non_zero_runs(&bytes);
        assert_eq!(runs, [(0, &bytes[..ZERO_RUN + 2]), (2 * ZERO_RUN + 2, [4].as_slice())]);

        // A linked module with a 4 KiB static of zeros between two strings:
        // afterwards, memory holds the same bytes at the same addresses.
        use wasm_encoder::*;
        let base = linked_like();
        let mut linked = Module::new();
        for payload in Parser::new(0).parse_all(&base) {
            if let Some((id, range)) = payload.unwrap().as_section() {
                linked.section(&RawSection { id, data: &base[range.start as usize..range.end as usize] });
            }
        }
        let mut image = b"hello".to_vec();
        image.extend([0; 4096]);
        image.extend(b"world\0\0\0");
        let mut tail = vec![9u8; 3];
        tail.extend([0; 100]);
        let mut data = DataSection::new();
        data.active(0, &ConstExpr::i32_const(1024), image.iter().copied());
        data.active(0, &ConstExpr::i32_const(6000), tail.iter().copied());
        let mut overlapping = data.clone();
        overlapping.active(0, &ConstExpr::i32_const(6050), [1u8].iter().copied());
        let mut refused = Module::new();
        refused.section(&overlapping);
        assert!(finalize(&refused.finish()).is_err(), "overlapping segments are refused");
        linked.section(&data);
        let linked = linked.finish();
        let finished = finalize(&linked).unwrap();
        check(&finished).unwrap();
        assert!(finished.len() + 4096 + 100 <= linked.len(), "{} vs {}", finished.len(), linked.len());
        let memory = |blob: &[u8]| {
            let mut memory = vec![0u8; 8192];
            for payload in Parser::new(0).parse_all(blob) {
                if let Payload::DataSection(reader) = payload.unwrap() {
                    for data in reader {
                        let data = data.unwrap();
                        let DataKind::Active { offset_expr, .. } = data.kind else { panic!("passive") };
                        let Operator::I32Const { value } = offset_expr.get_operators_reader().read().unwrap() else {
                            panic!("offset")
                        };
                        let at = value as usize;
                        memory[at..at + data.data.len()].copy_from_slice(data.data);
                    }
                }
            }
            memory
        };
        assert_eq!(memory(&finished), memory(&linked));
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
