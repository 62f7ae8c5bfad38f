//! `fiducia-node`: the Fiducia blockchain node (a standard Substrate CLI).
// `sc_cli::Error` is large by design; every Substrate node returns it.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
    command::run()
}
