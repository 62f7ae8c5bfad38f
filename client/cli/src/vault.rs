//! `fiducia vault …`: the confidential vault (`docs/vault.md`). A borrower
//! keeps the application data here, applies with its commitment and shares
//! it sealed to the administrator; the administrator opens it and checks it
//! against the loan's on-chain commitment before approving.
//!
//! The passphrase comes from `FIDUCIA_VAULT_PASSPHRASE` or is asked for on
//! the terminal; it is never a command-line argument (those are visible to
//! every user of the machine).

use crate::{contract_address, load_bundle, parse, Context};
use anyhow::{bail, Context as _, Result};
use clap::{Args as ClapArgs, Subcommand};
use fiducia_client::{lending::Lending, AccountId};
use fiducia_vault::{Application, Document, Entry, KdfParams, ReviewerKey, Shared, Vault, Verdict};
use std::{
    io::Write,
    path::{Path, PathBuf},
};

/// The exit status of `verify` on a mismatch (1 is any other failure).
const MISMATCH_STATUS: i32 = 2;

/// The environment variable a passphrase may come from.
pub const PASSPHRASE_VARIABLE: &str = "FIDUCIA_VAULT_PASSPHRASE";

/// `fiducia vault`: which vault file, and the action.
#[derive(ClapArgs)]
pub struct Args {
    /// The vault file (default: `fiducia/vault.sqlite` in the user's data
    /// directory, e.g. `~/.local/share`).
    #[arg(long, env = "FIDUCIA_VAULT", global = true)]
    vault: Option<PathBuf>,
    #[command(subcommand)]
    action: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Create a new, empty vault (asks for a passphrase twice).
    Init {
        /// Argon2id memory in MiB (at least 8).
        #[arg(long, default_value_t = KdfParams::DEFAULT.memory_kib / 1024)]
        kdf_memory_mib: u32,
        /// Argon2id passes over the memory (at least 1).
        #[arg(long, default_value_t = KdfParams::DEFAULT.iterations)]
        kdf_iterations: u32,
    },
    /// Store an application (the data and documents the administrator
    /// reviews) and print its commitment.
    Add {
        /// The entry's name in this vault.
        name: String,
        /// Legal name.
        #[arg(long)]
        full_name: String,
        /// Student id.
        #[arg(long)]
        student_id: String,
        /// University.
        #[arg(long)]
        university: String,
        /// Exact yearly income, in the borrower's currency (`18500` or `18500.25`).
        #[arg(long, value_parser = parse::cents)]
        income: u64,
        /// A supporting document (repeat for several); stored under its file name.
        #[arg(long = "document")]
        documents: Vec<PathBuf>,
    },
    /// List the entries.
    List,
    /// Show one entry; `--extract DIR` writes its documents there.
    Show {
        /// The entry's name.
        name: String,
        /// A folder to write the documents to (existing files are kept).
        #[arg(long)]
        extract: Option<PathBuf>,
    },
    /// Print this vault's reviewer key: the key borrowers share to
    /// (administrators publish it).
    Identity,
    /// Seal an entry to a reviewer key and write the share file.
    Share {
        /// The entry's name.
        name: String,
        /// The reviewer key: 64 hex digits, or a file that holds them.
        #[arg(long)]
        to: String,
        /// Where to write the share file (never overwritten).
        #[arg(long)]
        out: PathBuf,
    },
    /// Open a share file addressed to this vault and store it.
    Import {
        /// The share file.
        file: PathBuf,
    },
    /// Link an entry to the loan it was sent as, if the loan committed to
    /// it (when `lending apply` could not link it).
    Link {
        /// The entry's name.
        name: String,
        /// The loan id.
        loan: u64,
        /// Address of the lending contract.
        #[arg(long, env = "FIDUCIA_LENDING", value_parser = parse::account)]
        contract: Option<AccountId>,
        /// The lending bundle (default: the one `fiducia-ink-build` produced).
        #[arg(long)]
        bundle: Option<PathBuf>,
    },
    /// Compare an application with the commitment loan `loan` stores:
    /// match, or mismatch with exit status 2 (1 is any other failure).
    Verify {
        /// The loan id.
        loan: u64,
        /// A share file to check instead of the entry imported for the loan.
        #[arg(long)]
        share: Option<PathBuf>,
        /// Address of the lending contract.
        #[arg(long, env = "FIDUCIA_LENDING", value_parser = parse::account)]
        contract: Option<AccountId>,
        /// The lending bundle (default: the one `fiducia-ink-build` produced).
        #[arg(long)]
        bundle: Option<PathBuf>,
    },
}

/// The vault file `--vault` names, or the default one.
pub fn path(given: Option<PathBuf>) -> Result<PathBuf> {
    match given {
        Some(path) => Ok(path),
        None => Ok(dirs::data_dir()
            .context("no data directory for the default vault; pass --vault <file>")?
            .join("fiducia")
            .join("vault.sqlite")),
    }
}

/// The passphrase from [`PASSPHRASE_VARIABLE`], or asked on the terminal.
fn passphrase(prompt: &str) -> Result<String> {
    if let Ok(passphrase) = std::env::var(PASSPHRASE_VARIABLE) {
        return Ok(passphrase);
    }
    rpassword::prompt_password(prompt)
        .with_context(|| format!("cannot read a passphrase; set {PASSPHRASE_VARIABLE} or run on a terminal"))
}

/// Opens the vault at `path` with the passphrase.
pub async fn open(path: &Path) -> Result<Vault> {
    Ok(Vault::open(path, &passphrase(&format!("passphrase of {}: ", path.display()))?).await?)
}

/// A reviewer key given as hex or as a file holding the hex.
fn reviewer_key(text: &str) -> Result<ReviewerKey> {
    let file = Path::new(text);
    let hex = if file.is_file() {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
    } else {
        text.to_owned()
    };
    Ok(ReviewerKey::from_hex(&hex)?)
}

fn describe(entry: &Entry) -> String {
    let a = &entry.application;
    let loan = entry.loan.map_or_else(|| "not applied yet".into(), |l| format!("loan #{l}"));
    let source = if entry.received { ", received" } else { "" };
    let mut lines = vec![
        format!("{}: {} ({}{source})", entry.name, a.name, loan),
        format!("  student id {} at {}, yearly income {}", a.student_id, a.university, show_cents(a.income_cents)),
    ];
    lines.extend(a.documents.iter().map(|d| format!("  document {} ({} bytes)", d.name, d.content.len())));
    lines.push(format!("  commitment 0x{}", hex::encode(entry.commitment)));
    lines.join("\n")
}

fn show_cents(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Writes `bytes` to a new file at `path` (0600); an existing file is kept.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file =
        options.open(path).with_context(|| format!("cannot create {} (nothing was overwritten)", path.display()))?;
    file.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn documents(files: &[PathBuf]) -> Result<Vec<Document>> {
    files
        .iter()
        .map(|file| {
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .with_context(|| format!("{} has no usable file name", file.display()))?;
            let content = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            Ok(Document { name: name.to_owned(), content })
        })
        .collect()
}

/// Runs a vault action.
pub async fn run(cx: &Context, args: Args) -> Result<()> {
    let file = path(args.vault)?;
    let out = cx.out;
    if let Action::Init { kdf_memory_mib, kdf_iterations } = args.action {
        let params =
            KdfParams { memory_kib: kdf_memory_mib.saturating_mul(1024), iterations: kdf_iterations, parallelism: 1 };
        let first = passphrase("new vault passphrase: ")?;
        if std::env::var(PASSPHRASE_VARIABLE).is_err() && passphrase("again: ")? != first {
            bail!("the two passphrases differ; no vault was created");
        }
        if let Some(folder) = file.parent().filter(|f| !f.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
        }
        Vault::create(&file, &first, params).await?.close().await;
        let report = serde_json::json!({ "vault": file, "kdf": params });
        return out.show(&report, |_| {
            format!(
                "created {} (Argon2id {} MiB, {} pass(es))",
                file.display(),
                params.memory_kib / 1024,
                params.iterations
            )
        });
    }
    let vault = open(&file).await?;
    let result = act(cx, &vault, args.action).await;
    vault.close().await;
    result
}

async fn act(cx: &Context, vault: &Vault, action: Action) -> Result<()> {
    let out = cx.out;
    match action {
        Action::Init { .. } => unreachable!("created above"),
        Action::Add { name, full_name, student_id, university, income, documents: files } => {
            let application = Application {
                name: full_name,
                student_id,
                university,
                income_cents: income,
                documents: documents(&files)?,
            };
            let entry = vault.add(&name, application).await?;
            out.show(&entry, |e| {
                format!("{}\napply with: fiducia lending apply --vault-entry {:?} …", describe(e), e.name)
            })
        },
        Action::List => {
            let entries = vault.list().await?;
            out.show(&entries, |entries| {
                if entries.is_empty() {
                    return "the vault is empty (`fiducia vault add` stores an application)".into();
                }
                entries.iter().map(describe).collect::<Vec<_>>().join("\n")
            })
        },
        Action::Show { name, extract } => {
            let entry = vault.get(&name).await?;
            if let Some(folder) = &extract {
                std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
                for document in &entry.application.documents {
                    write_new(&folder.join(&document.name), &document.content)?;
                }
            }
            out.show(&entry, |e| match &extract {
                Some(folder) => format!("{}\ndocuments written to {}", describe(e), folder.display()),
                None => describe(e),
            })
        },
        Action::Identity => {
            let key = vault.reviewer_key().await?;
            out.show(&serde_json::json!({ "reviewer_key": key.to_string() }), |_| key.to_string())
        },
        Action::Share { name, to, out: file } => {
            let shared = vault.share(&name, &reviewer_key(&to)?).await?;
            write_new(&file, serde_json::to_string_pretty(&shared)?.as_bytes())?;
            out.show(&shared, |s| format!("{name:?} sealed to {} in {}", s.to, file.display()))
        },
        Action::Import { file } => {
            let entry = vault.import(&read_share(&file)?).await?;
            out.show(&entry, describe)
        },
        Action::Verify { loan, share, contract, bundle } => {
            let entry = match &share {
                Some(file) => vault.open_share(&read_share(file)?).await?,
                None => vault.by_loan(loan).await?,
            };
            match entry.loan {
                Some(sent) if sent == loan => {},
                Some(other) => bail!("this application was sent for loan #{other}, not #{loan}"),
                None => bail!("this application names no loan; it cannot vouch for loan #{loan}"),
            }
            let on_chain = commitment_of(cx, loan, contract, bundle).await?;
            let verdict = entry.verify(&on_chain);
            let report = serde_json::json!({
                "loan": loan,
                "verdict": verdict,
                "on_chain": format!("0x{}", hex::encode(on_chain)),
                "application": format!("0x{}", hex::encode(entry.commitment)),
            });
            out.show(&report, |_| match verdict {
                Verdict::Match => format!("match: the application is exactly what loan #{loan} committed to"),
                Verdict::Mismatch => format!(
                    "MISMATCH: the application is not what loan #{loan} committed to (on chain 0x{}, this data 0x{}); do not approve",
                    hex::encode(on_chain),
                    hex::encode(entry.commitment)
                ),
            })?;
            if verdict == Verdict::Mismatch {
                std::process::exit(MISMATCH_STATUS);
            }
            Ok(())
        },
        Action::Link { name, loan, contract, bundle } => {
            let on_chain = commitment_of(cx, loan, contract, bundle).await?;
            if vault.get(&name).await?.verify(&on_chain) == Verdict::Mismatch {
                bail!("loan #{loan} did not commit to {name:?}; nothing was linked");
            }
            let entry = vault.set_loan(&name, loan).await?;
            out.show(&entry, describe)
        },
    }
}

/// The commitment loan `loan` stores in the lending contract.
async fn commitment_of(
    cx: &Context,
    loan: u64,
    contract: Option<AccountId>,
    bundle: Option<PathBuf>,
) -> Result<[u8; 32]> {
    let address = contract_address(contract, "FIDUCIA_LENDING")?;
    let lending = Lending::at(cx.chain().await?, address, load_bundle("lending", bundle)?);
    Ok(lending.loan(loan).await?.with_context(|| format!("there is no loan #{loan}"))?.commitment)
}

fn read_share(file: &Path) -> Result<Shared> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a share file", file.display()))
}
