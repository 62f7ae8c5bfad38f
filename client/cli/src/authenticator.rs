//! `fiducia authenticator …`: the software FIDO2 authenticator, a key file
//! whose credential an issuer registers on chain.

use crate::Context;
use anyhow::Result;
use clap::Subcommand;
use fiducia_client::authenticator::{KeyFileAuthenticator, DEFAULT_RP_ID};
use std::path::PathBuf;

/// The authenticator's commands.
#[derive(Subcommand)]
pub enum Command {
    /// Create a new key file and print the credential to register.
    New {
        /// Where to write the key file (never overwritten).
        #[arg(long)]
        key: PathBuf,
        /// Relying-party id the credential is bound to.
        #[arg(long, default_value = DEFAULT_RP_ID)]
        rp_id: String,
    },
    /// Print the credential of a key file.
    Show {
        /// The key file.
        #[arg(long)]
        key: PathBuf,
    },
}

/// Runs an authenticator command (no node needed).
pub fn run(cx: &Context, command: Command) -> Result<()> {
    let (path, auth) = match command {
        Command::New { key, rp_id } => {
            let auth = KeyFileAuthenticator::create(&key, &rp_id)?;
            (key, auth)
        },
        Command::Show { key } => {
            let auth = KeyFileAuthenticator::load(&key)?;
            (key, auth)
        },
    };
    let credential = auth.credential();
    cx.out.show(&credential, |c| {
        format!(
            "key file {}\ncredential id 0x{}\npublic key 0x{}\nrp-id hash 0x{}\ncounter {}",
            path.display(),
            hex::encode(&c.id),
            hex::encode(&c.public_key),
            hex::encode(c.rp_id_hash),
            auth.counter()
        )
    })
}
