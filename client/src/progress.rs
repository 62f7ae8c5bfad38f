//! Where a submitted transaction is, reported to whoever watches: the
//! library never draws anything itself. The `fiducia` CLI shows a spinner;
//! a service may log the stages; the default is silence.

use std::sync::Arc;
use subxt::utils::H256;

/// A stage of one transaction on its way to a finalized block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TxStage {
    /// Being signed and handed to the node.
    Signing,
    /// The node took it; waiting for a block.
    Submitted,
    /// Validated by the pool; waiting for a block.
    InPool,
    /// Gossiped to the verifiers.
    Broadcast,
    /// Its block left the best chain; waiting again.
    Retracted,
    /// In a best block; waiting for finality unless told otherwise.
    InBlock(H256),
    /// Done waiting (included as asked, or failed).
    Done,
}

impl std::fmt::Display for TxStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Signing => f.write_str("signing"),
            Self::Submitted => f.write_str("submitted, waiting for a block"),
            Self::InPool => f.write_str("in the pool, waiting for a block"),
            Self::Broadcast => f.write_str("broadcast to the verifiers"),
            Self::Retracted => f.write_str("block retracted, waiting again"),
            Self::InBlock(hash) => write!(f, "in block {hash:?}, waiting for finality"),
            Self::Done => f.write_str("done"),
        }
    }
}

/// Receives `(what, stage)` for every transaction a [`crate::Chain`] submits
/// and waits for; `what` names the transaction (`lending.invest`).
pub type Progress = Arc<dyn Fn(&str, &TxStage) + Send + Sync>;

/// Reports the stages of one transaction and, when dropped (success or
/// failure), [`TxStage::Done`].
pub(crate) struct Reporter<'a> {
    what: &'a str,
    progress: Option<&'a Progress>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn start(what: &'a str, progress: Option<&'a Progress>) -> Self {
        let reporter = Reporter { what, progress };
        reporter.stage(TxStage::Signing);
        reporter
    }

    pub(crate) fn stage(&self, stage: TxStage) {
        if let Some(progress) = self.progress {
            progress(self.what, &stage);
        }
    }
}

impl Drop for Reporter<'_> {
    fn drop(&mut self) {
        self.stage(TxStage::Done);
    }
}
