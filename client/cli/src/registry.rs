//! `fiducia registry …`: licenses, second-factor credentials and code
//! certifications (writes need an issuer, or a certifier for code).

use crate::{load_bundle, parse, Context};
use anyhow::{Context as _, Result};
use clap::Subcommand;
use fiducia_client::{
    authenticator::KeyFileAuthenticator,
    registry::{code_hash, Registry, Role},
    AccountId,
};
use std::{path::PathBuf, str::FromStr};
use subxt::utils::H256;

/// The registry's commands, named like the pallet's calls.
#[derive(Subcommand)]
pub enum Command {
    /// License an account for a role (an issuer).
    #[command(alias = "grant")]
    GrantRole {
        /// The account (SS58).
        #[arg(value_parser = parse::account)]
        who: AccountId,
        /// Issuer, Verifier, Administrator, Borrower, Investor, Institution, Advisor, Customer or Arbiter.
        #[arg(value_parser = parse::name::<Role>)]
        role: Role,
        /// Block number at which the license ends.
        #[arg(long)]
        expires_at: Option<u32>,
    },
    /// Revoke an account's license for a role (an issuer).
    #[command(alias = "revoke")]
    RevokeRole {
        /// The account (SS58).
        #[arg(value_parser = parse::account)]
        who: AccountId,
        /// The role.
        #[arg(value_parser = parse::name::<Role>)]
        role: Role,
    },
    /// Whether an account currently holds a role.
    HasRole {
        /// The account (SS58).
        #[arg(value_parser = parse::account)]
        who: AccountId,
        /// The role.
        #[arg(value_parser = parse::name::<Role>)]
        role: Role,
    },
    /// Register (or rotate) an account's FIDO2 credential from a key file (an issuer).
    RegisterCredential {
        /// The account (SS58).
        #[arg(value_parser = parse::account)]
        who: AccountId,
        /// The authenticator's key file.
        #[arg(long)]
        key: PathBuf,
    },
    /// Certify contract code after reviewing it (an Arbiter or an issuer).
    #[command(alias = "certify")]
    CertifyCode {
        /// The code: a code hash (0x…), or the name of a built contract
        /// (lending, advice, investment).
        code: String,
        /// Hash of the audit report (32 bytes, hex).
        #[arg(long, value_parser = parse::hash)]
        report: [u8; 32],
    },
    /// Revoke a code certification (the account that certified it, or an issuer).
    RevokeCertification {
        /// The code: a code hash (0x…) or the name of a built contract.
        code: String,
    },
    /// Show the certification of contract code, or of the code a deployed
    /// contract runs.
    Certification {
        /// A contract address (SS58), a code hash (0x…) or the name of a
        /// built contract.
        code: String,
    },
}

/// A code hash given as `0x…` hex or as the name of a built contract.
fn code(text: &str) -> Result<H256> {
    if text.starts_with("0x") {
        return Ok(H256(parse::hash(text).map_err(anyhow::Error::msg)?));
    }
    Ok(code_hash(&load_bundle(text, None)?.wasm))
}

/// Runs a registry command.
pub async fn run(cx: &Context, command: Command) -> Result<()> {
    let registry = Registry::new(cx.chain().await?);
    let wait = cx.wait;
    match command {
        Command::GrantRole { who, role, expires_at } => {
            let block = registry.grant_role(&who, role, expires_at, &cx.signer()?, wait).await?;
            cx.out.done(&format!("{who} licensed as {role:?}"), block)
        },
        Command::RevokeRole { who, role } => {
            let block = registry.revoke_role(&who, role, &cx.signer()?, wait).await?;
            cx.out.done(&format!("{who} no longer licensed as {role:?}"), block)
        },
        Command::RegisterCredential { who, key } => {
            let credential = KeyFileAuthenticator::load(&key)?.credential();
            let block = registry.register_credential(&who, &credential, &cx.signer()?, wait).await?;
            cx.out.done(&format!("credential 0x{} registered for {who}", hex::encode(&credential.id)), block)
        },
        Command::CertifyCode { code: text, report } => {
            let code_hash = code(&text)?;
            let block = registry.certify_code(code_hash, report, &cx.signer()?, wait).await?;
            cx.out.done(&format!("code {code_hash:?} certified"), block)
        },
        Command::RevokeCertification { code: text } => {
            let code_hash = code(&text)?;
            let block = registry.revoke_certification(code_hash, &cx.signer()?, wait).await?;
            cx.out.done(&format!("certification of code {code_hash:?} revoked"), block)
        },
        Command::Certification { code: text } => {
            let certification = match AccountId::from_str(&text) {
                Ok(address) => registry.contract_certification(&address).await?,
                Err(_) => {
                    let code_hash = code(&text)?;
                    registry
                        .certification(code_hash)
                        .await?
                        .with_context(|| format!("code {code_hash:?} is not certified on this chain"))?
                },
            };
            cx.out.show(&certification, |c| c.to_string())
        },
        Command::HasRole { who, role } => {
            let has = registry.has_role(&who, role).await?;
            cx.out.show(&serde_json::json!({ "who": who, "role": role, "has_role": has }), |_| {
                format!("{who} {} {role:?}", if has { "is licensed as" } else { "is not licensed as" })
            })
        },
    }
}
