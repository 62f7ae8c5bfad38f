//! A spinner on stderr while a transaction travels from the pool to a
//! finalized block. It draws nothing when stderr is not a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::time::Duration;

/// The spinner of one transaction.
pub(crate) struct TxProgress(ProgressBar);

impl TxProgress {
    /// Starts a spinner labelled with what is being submitted.
    pub(crate) fn start(what: &str) -> Self {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix}: {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        TxProgress(bar)
    }

    /// Shows the current stage.
    pub(crate) fn stage(&self, msg: impl Into<String>) {
        self.0.set_message(msg.into());
    }
}

impl Drop for TxProgress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
