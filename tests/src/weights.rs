//! Dry-run weights recorded while tests and benches run: when
//! `FIDUCIA_WEIGHTS_OUT` names a file, every dry-run and query the client
//! makes (its debug event [`DRY_RUN_TARGET`]) is appended to it as one JSON
//! line. `scripts/weights.sh` runs the e2e flows this way and the `weights`
//! bench turns the file into docs/generated/weights.md.

use anyhow::{Context as _, Result};
use fiducia_client::{artifacts, contract::DRY_RUN_TARGET};
use serde_json::{Map, Value};
use std::{
    fs::{File, OpenOptions},
    io::Write,
    path::{Path, PathBuf},
    sync::{Mutex, Once},
};
use tracing::{
    field::{Field, Visit},
    Event, Level, Subscriber,
};
use tracing_subscriber::{filter::Targets, layer::Context, prelude::*, Layer};

/// The environment variable naming the file dry-runs are recorded in.
pub const OUT_ENV: &str = "FIDUCIA_WEIGHTS_OUT";

/// The generated table, docs/generated/weights.md.
pub fn table() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/generated/weights.md")
}

/// A message of a contract's metadata.
pub struct Declared {
    /// Its label.
    pub label: String,
    /// `false` for a view (read-only message).
    pub mutates: bool,
}

/// The messages of a built contract, in its metadata's order.
pub fn declared(contract: &str) -> Result<Vec<Declared>> {
    let path = artifacts::artifact(contract, "contract").context("no cargo target dir")?;
    let text = std::fs::read(&path).with_context(|| format!("{}: build the contracts first", path.display()))?;
    let metadata: Value = serde_json::from_slice(&text)?;
    let messages = metadata["spec"]["messages"].as_array().context("metadata without messages")?;
    Ok(messages
        .iter()
        .map(|m| Declared {
            label: m["label"].as_str().unwrap_or_default().to_string(),
            mutates: m["mutates"].as_bool().unwrap_or(true),
        })
        .collect())
}

/// One recorded dry-run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    /// Contract name (`lending`, `advice`, `investment`).
    pub contract: String,
    /// Message label as in the contract's metadata.
    pub message: String,
    /// `gas_required.ref_time`.
    pub ref_time: u64,
    /// `gas_required.proof_size`.
    pub proof_size: u64,
    /// The contract refused the call (its error, not a result).
    pub reverted: bool,
}

impl Sample {
    /// Reads one recorded line; `None` if it is not a sample.
    pub fn parse(line: &str) -> Option<Sample> {
        let v: Value = serde_json::from_str(line).ok()?;
        Some(Sample {
            contract: v["contract"].as_str()?.to_string(),
            message: v["message"].as_str()?.to_string(),
            ref_time: v["ref_time"].as_u64()?,
            proof_size: v["proof_size"].as_u64()?,
            reverted: v["reverted"].as_bool()?,
        })
    }
}

/// Starts recording into the file `FIDUCIA_WEIGHTS_OUT` names, once per
/// process; does nothing when it is unset. Panics if the file cannot be
/// opened (a recording run that records nothing would be misleading).
pub fn record_dry_runs() {
    static START: Once = Once::new();
    START.call_once(|| {
        let Some(path) = std::env::var_os(OUT_ENV).map(PathBuf::from) else { return };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{OUT_ENV}={}: {e}", path.display()));
        let layer = Recorder(Mutex::new(file)).with_filter(Targets::new().with_target(DRY_RUN_TARGET, Level::DEBUG));
        // Another global subscriber (set by the test itself) wins; then nothing is recorded.
        let _ = tracing_subscriber::registry().with(layer).try_init();
    });
}

/// Appends each dry-run event as a JSON line.
struct Recorder(Mutex<File>);

impl<S: Subscriber> Layer<S> for Recorder {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = Fields(Map::new());
        event.record(&mut fields);
        let mut line = Value::Object(fields.0).to_string();
        line.push('\n');
        if let Ok(mut file) = self.0.lock() {
            // One write per line: lines of concurrent tests do not interleave.
            let _ = file.write_all(line.as_bytes());
        }
    }
}

/// The event's fields as JSON values.
struct Fields(Map<String, Value>);

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_string(), value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().to_string(), value.into());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.into());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_string(), format!("{value:?}").into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fiducia_ink_build::CONTRACTS;

    /// The committed table lists exactly the messages the contracts have: a
    /// message added or renamed without re-running scripts/weights.sh fails here.
    #[test]
    fn generated_table_lists_every_message() -> Result<()> {
        let doc = std::fs::read_to_string(table())?;
        for contract in CONTRACTS {
            let section = doc
                .split(&format!("### {contract}\n"))
                .nth(1)
                .with_context(|| format!("no section for {contract}: run scripts/weights.sh"))?;
            let section = section.split("\n### ").next().unwrap_or_default();
            let listed: Vec<&str> = section.lines().filter_map(|l| l.strip_prefix("| `")?.split('`').next()).collect();
            let labels: Vec<String> = declared(contract)?.into_iter().map(|m| m.label).collect();
            assert_eq!(listed, labels, "{contract}: the table is stale, run scripts/weights.sh");
        }
        Ok(())
    }
}
