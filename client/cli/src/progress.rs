//! A spinner on stderr while a transaction travels from the pool to a
//! finalized block (the library reports the stages; this draws them). It
//! draws nothing when stderr is not a terminal.

use fiducia_client::progress::{Progress, TxStage};
use indicatif::{ProgressBar, ProgressStyle};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

/// A progress callback drawing one spinner per transaction.
pub fn spinner() -> Progress {
    let current: Mutex<Option<ProgressBar>> = Mutex::new(None);
    Arc::new(move |what: &str, stage: &TxStage| {
        let Ok(mut current) = current.lock() else { return };
        if *stage == TxStage::Done {
            if let Some(bar) = current.take() {
                bar.finish_and_clear();
            }
            return;
        }
        let bar = current.get_or_insert_with(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix}: {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(what.to_string());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        bar.set_message(stage.to_string());
    })
}

/// A spinner counting items (`what`: the prefix), with a message per item;
/// hidden when stderr is not a terminal.
pub fn counter(what: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {prefix}: {pos} {msg} ({per_sec}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_prefix(what.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
