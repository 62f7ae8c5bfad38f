//! One output style for every command: a human-readable text on stdout, or
//! the same result as JSON with `--json`; progress and errors on stderr.

use anyhow::Result;
use fiducia_client::contract::Receipt;
use serde::Serialize;
use std::{fmt::Display, io::Write};
use subxt::utils::H256;

/// Where and how results are printed.
#[derive(Clone, Copy)]
pub struct Output {
    /// JSON instead of text.
    pub json: bool,
}

impl Output {
    /// Prints `value` as JSON, or `human(value)`. A reader that stops early
    /// (`| head`) is not an error.
    pub fn show<T: Serialize>(&self, value: &T, human: impl FnOnce(&T) -> String) -> Result<()> {
        let text = if self.json { serde_json::to_string_pretty(value)? } else { human(value) };
        match writeln!(std::io::stdout().lock(), "{text}") {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => Ok(other?),
        }
    }

    /// A signed contract call: what was done, the block, and each event as a
    /// sentence.
    pub fn receipt<T: Serialize, Ev: Serialize + Display>(&self, what: &str, receipt: &Receipt<T, Ev>) -> Result<()> {
        self.show(receipt, |r| {
            let mut lines = vec![format!("{what} (block {:?})", r.block_hash)];
            lines.extend(r.events.iter().map(|e| format!("  {e}")));
            lines.join("\n")
        })
    }

    /// A signed runtime call that returns nothing but its block.
    pub fn done(&self, what: &str, block: H256) -> Result<()> {
        self.show(&serde_json::json!({ "done": what, "block": block }), |_| format!("{what} (block {block:?})"))
    }
}
