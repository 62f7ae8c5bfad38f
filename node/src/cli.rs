//! Command-line interface: the standard Substrate run options and subcommands.

/// The node's subcommands; without one, the node runs.
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// Key management: generate, inspect, insert session keys into the keystore.
    #[command(subcommand)]
    Key(sc_cli::KeySubcommand),
    /// Print a chain specification (use `--raw` for the genesis storage form).
    BuildSpec(sc_cli::BuildSpecCmd),
    /// Check that a block can be imported.
    CheckBlock(sc_cli::CheckBlockCmd),
    /// Export blocks to a file.
    ExportBlocks(sc_cli::ExportBlocksCmd),
    /// Export the state at a block as a chain specification.
    ExportState(sc_cli::ExportStateCmd),
    /// Import blocks from a file.
    ImportBlocks(sc_cli::ImportBlocksCmd),
    /// Remove the whole chain database.
    PurgeChain(sc_cli::PurgeChainCmd),
    /// Revert the chain to a previous state.
    Revert(sc_cli::RevertCmd),
    /// Print information about the database (best and finalized block).
    ChainInfo(sc_cli::ChainInfoCmd),
}

/// `fiducia-node [SUBCOMMAND] [OPTIONS]`.
#[derive(Debug, clap::Parser)]
pub struct Cli {
    /// A subcommand; without one, run the node.
    #[command(subcommand)]
    pub subcommand: Option<Subcommand>,

    /// Options of the running node (`--dev`, `--chain`, `--base-path`, `--rpc-port`, ...).
    #[clap(flatten)]
    pub run: sc_cli::RunCmd,
}
