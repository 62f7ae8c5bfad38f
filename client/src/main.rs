//! `fiducia`: the command-line program of Fiducia's participants.
//!
//! Every command prints a human-readable result, or JSON with `--json`.
//! Errors are printed as one clear sentence and the exit status is non-zero.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use fiducia_client::{
    amount,
    artifacts,
    authenticator::{self, KeyFileAuthenticator},
    contract::ContractBundle,
    lending::{Lending, Loan},
    registry::{Registry, Role},
    signer_from_uri, AccountId, Chain, Wait,
};
use fiducia_core::lending::{
    schedule,
    scoring::{self, CreditProfile},
    Purpose,
};
use serde::{
    de::{value::StrDeserializer, DeserializeOwned},
    Serialize,
};
use std::{path::PathBuf, str::FromStr, sync::Arc};
use subxt::utils::H256;

/// Awaits a signed contract call and prints its receipt (`--json` aware).
macro_rules! receipt {
    ($json:expr, $what:expr, $call:expr) => {{
        let r = $call.await?;
        crate::output($json, &r, |r| crate::describe_receipt($what, r))
    }};
}

mod trust_cmd;

/// Fiducia: peer-to-peer student lending and trusted investment advice.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// WebSocket RPC endpoint of a Fiducia node.
    #[arg(long, global = true, env = "FIDUCIA_URL", default_value = "ws://127.0.0.1:9944")]
    url: String,
    /// Secret URI of the signing account (a dev account such as `//Alice`,
    /// or a mnemonic with an optional derivation path).
    #[arg(long, global = true, env = "FIDUCIA_SURI", default_value = "//Alice", hide_env_values = true)]
    suri: String,
    /// Wait for the transaction to be in a block, or finalized.
    #[arg(long, global = true, value_enum, default_value_t = Wait::Finalized)]
    wait: Wait,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the chain, node and runtime the endpoint serves.
    NodeInfo,
    /// Upload and instantiate a contract from its `.contract` bundle.
    Deploy {
        /// Which contract.
        #[arg(value_parser = ["lending", "advice", "investment"])]
        contract: String,
        /// The bundle (default: the one `fiducia-ink-build` produced).
        #[arg(long)]
        bundle: Option<PathBuf>,
        /// For `investment`: the advice contract it reads cases from.
        #[arg(long, env = "FIDUCIA_ADVICE")]
        advice: Option<String>,
    },
    /// Licenses and second-factor credentials (writes need an issuer).
    #[command(subcommand)]
    Registry(RegistryCommand),
    /// The software FIDO2 authenticator (a key file).
    #[command(subcommand)]
    Authenticator(AuthenticatorCommand),
    /// Student loans.
    Lending(LendingArgs),
    /// Investment advice (FITM): products, advisors, service cases, product disputes.
    Advice(trust_cmd::AdviceArgs),
    /// Investment agreements (FITM): templates, agreements, their disputes.
    Investment(trust_cmd::InvestmentArgs),
}

#[derive(Subcommand)]
enum RegistryCommand {
    /// License an account for a role.
    Grant {
        /// The account (SS58).
        who: String,
        /// Issuer, Verifier, Administrator, Borrower, Investor, Institution, Advisor, Customer or Arbiter.
        role: String,
        /// Block number at which the license ends.
        #[arg(long)]
        expires_at: Option<u32>,
    },
    /// Revoke an account's license for a role.
    Revoke {
        /// The account (SS58).
        who: String,
        /// The role.
        role: String,
    },
    /// Whether an account currently holds a role.
    HasRole {
        /// The account (SS58).
        who: String,
        /// The role.
        role: String,
    },
    /// Register (or rotate) an account's FIDO2 credential from a key file.
    RegisterCredential {
        /// The account (SS58).
        who: String,
        /// The authenticator's key file.
        #[arg(long)]
        key: PathBuf,
    },
    /// Certify contract code after reviewing it (an Arbiter or an issuer).
    Certify {
        /// The code: a code hash (0x…), or the name of a built contract
        /// (lending, advice, investment).
        code: String,
        /// Hash of the audit report (32 bytes, hex).
        #[arg(long)]
        report: String,
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
fn parse_code(text: &str) -> Result<H256> {
    if text.starts_with("0x") {
        return Ok(H256(parse_bytes(text, "code hash")?));
    }
    Ok(fiducia_client::registry::code_hash(&load_bundle(text, None)?.wasm))
}

#[derive(Subcommand)]
enum AuthenticatorCommand {
    /// Create a new key file and print the credential to register.
    New {
        /// Where to write the key file (never overwritten).
        #[arg(long)]
        key: PathBuf,
        /// Relying-party id the credential is bound to.
        #[arg(long, default_value = authenticator::DEFAULT_RP_ID)]
        rp_id: String,
    },
    /// Print the credential of a key file.
    Show {
        /// The key file.
        #[arg(long)]
        key: PathBuf,
    },
}

#[derive(Args)]
struct LendingArgs {
    /// Address of the lending contract.
    #[arg(long, env = "FIDUCIA_LENDING", global = true)]
    contract: Option<String>,
    /// The bundle (default: the one `fiducia-ink-build` produced).
    #[arg(long, global = true)]
    bundle: Option<PathBuf>,
    #[command(subcommand)]
    action: LendingAction,
}

/// The coarse credit profile (docs/protocol/lending.md#credit-scoring), band names as there.
#[derive(Args)]
struct ProfileArgs {
    /// Secondary, Undergraduate, Graduate or Doctoral.
    #[arg(long)]
    education: String,
    /// NotEnrolled, PartTime or FullTime.
    #[arg(long)]
    enrolment: String,
    /// NoIncome, UpTo10k, UpTo25k, UpTo50k or Above50k.
    #[arg(long)]
    income: String,
    /// NoDebt, UpTo5k, UpTo20k or Above20k.
    #[arg(long)]
    debt: String,
    /// Unemployed, PartTime or FullTime.
    #[arg(long)]
    employment: String,
}

impl ProfileArgs {
    fn parse(&self) -> Result<CreditProfile> {
        Ok(CreditProfile {
            education: parse_name(&self.education, "education")?,
            enrolment: parse_name(&self.enrolment, "enrolment")?,
            income: parse_name(&self.income, "income")?,
            debt: parse_name(&self.debt, "debt")?,
            employment: parse_name(&self.employment, "employment")?,
        })
    }
}

#[derive(Subcommand)]
enum LendingAction {
    /// Score a profile locally and explain each factor (nothing is sent).
    Score {
        /// Principal: smallest units (`1500`) or tokens (`1500 FID`).
        #[arg(long)]
        amount: String,
        /// Term in months.
        #[arg(long)]
        term: u16,
        #[command(flatten)]
        profile: ProfileArgs,
    },
    /// Apply for a loan (Borrower; second factor).
    Apply {
        /// Principal: smallest units (`1500`) or tokens (`1500 FID`).
        #[arg(long)]
        amount: String,
        /// Term in months.
        #[arg(long)]
        term: u16,
        /// Tuition, LivingCosts, Equipment or Other.
        #[arg(long, default_value = "Tuition")]
        purpose: String,
        #[command(flatten)]
        profile: ProfileArgs,
        /// Commitment to the off-chain application data (32 bytes, hex).
        #[arg(long)]
        commitment: String,
        /// The authenticator's key file.
        #[arg(long)]
        key: PathBuf,
    },
    /// List a loan for investors (Administrator).
    Approve { id: u64 },
    /// Reject an application (Administrator).
    Reject { id: u64 },
    /// Invest in a listed loan (Investor).
    Invest {
        id: u64,
        /// Amount to invest.
        #[arg(long)]
        amount: String,
    },
    /// Take (part of) a ticket back before the loan is funded.
    Withdraw {
        id: u64,
        /// Amount to take back.
        #[arg(long)]
        amount: String,
    },
    /// End a waiting state whose deadline has passed (anyone).
    Expire { id: u64 },
    /// Take a ticket of an expired loan back.
    Refund { id: u64 },
    /// Activate a funded loan (Administrator).
    Activate { id: u64 },
    /// Accept the principal as the borrower (second factor).
    Disburse {
        id: u64,
        /// The authenticator's key file.
        #[arg(long)]
        key: PathBuf,
    },
    /// Repay (anyone): late fees, then interest, then principal.
    Repay {
        id: u64,
        /// Amount to pay (at most the payoff).
        #[arg(long)]
        amount: String,
    },
    /// Pay a loan off completely (anyone); the change comes back.
    PayOff {
        id: u64,
        /// Most you are willing to send (the payoff plus a margin).
        #[arg(long)]
        max_amount: String,
    },
    /// Mark an overdue loan defaulted (anyone).
    Default { id: u64 },
    /// Claim your share of repayments (Investor).
    Claim { id: u64 },
    /// Show one loan.
    Loan { id: u64 },
    /// List loans, a page at a time.
    Loans {
        /// First loan id.
        #[arg(long, default_value_t = 0)]
        start: u64,
        /// Page size (at most 50).
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Where a loan stands, and its projected schedule line by line.
    Schedule { id: u64 },
    /// An investor's position and what it can claim now.
    Position {
        id: u64,
        /// The investor (default: the signer).
        #[arg(long)]
        investor: Option<String>,
    },
}

fn load_bundle(contract: &str, path: Option<PathBuf>) -> Result<Arc<ContractBundle>> {
    let path = match path {
        Some(path) => path,
        None => artifacts::artifact(contract, "contract")
            .context("cannot locate the contract bundle; pass --bundle")?,
    };
    Ok(Arc::new(ContractBundle::load(&path)?))
}

/// The signer of `suri` and its account.
fn signer_and_account(suri: &str) -> Result<(fiducia_client::Keypair, AccountId)> {
    let signer = signer_from_uri(suri)?;
    let account = fiducia_client::account_of(&signer);
    Ok((signer, account))
}

fn parse_account(text: &str) -> Result<AccountId> {
    AccountId::from_str(text).map_err(|e| anyhow::anyhow!("`{text}` is not an SS58 address: {e}"))
}

/// Parses a unit variant of an enum by its name (`Graduate`, `Investor`, …).
fn parse_name<T: DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    T::deserialize(StrDeserializer::<serde::de::value::Error>::new(text))
        .map_err(|e| anyhow::anyhow!("bad {what} `{text}`: {e}"))
}

fn parse_commitment(text: &str) -> Result<[u8; 32]> {
    parse_bytes(text, "commitment")
}

/// `N` bytes given in hex (with or without `0x`).
fn parse_bytes<const N: usize>(text: &str, what: &str) -> Result<[u8; N]> {
    let bytes = hex::decode(text.trim_start_matches("0x")).with_context(|| format!("{what} `{text}` is not hex"))?;
    match <[u8; N]>::try_from(bytes) {
        Ok(array) => Ok(array),
        Err(bytes) => bail!("the {what} must be {N} bytes, got {}", bytes.len()),
    }
}

/// Prints `value` as JSON, or `human` otherwise. A reader that stops early
/// (`| head`) is not an error.
fn output<T: Serialize>(json: bool, value: &T, human: impl FnOnce(&T) -> String) -> Result<()> {
    use std::io::Write;
    let text = if json { serde_json::to_string_pretty(value)? } else { human(value) };
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn describe_loan(loan: &Loan) -> String {
    let l = &loan.ledger;
    format!(
        "loan #{}: {} over {} months at {:.2} % (grade {}, score {}) for {}, {:?}; raised {}, outstanding {}, repaid {}",
        loan.id,
        amount::format(l.principal),
        l.term,
        f64::from(l.apr_bps) / 100.0,
        loan.assessment.grade,
        loan.assessment.score,
        loan.borrower,
        l.status,
        amount::format(l.raised),
        amount::format(l.principal_outstanding),
        amount::format(l.repaid),
    )
}

fn describe_receipt<T, Ev: std::fmt::Display>(what: &str, r: &fiducia_client::contract::Receipt<T, Ev>) -> String {
    let mut lines = vec![format!("{what} (block {:?})", r.block_hash)];
    lines.extend(r.events.iter().map(|e| format!("  {e}")));
    lines.join("\n")
}

async fn run(cli: Cli) -> Result<()> {
    // Commands that need no node.
    match &cli.command {
        Command::Authenticator(cmd) => return authenticator_cmd(cli.json, cmd),
        Command::Lending(LendingArgs { action: LendingAction::Score { amount: text, term, profile }, .. }) => {
            return score(cli.json, amount::parse(text)?, *term, &profile.parse()?);
        },
        _ => {},
    }
    let chain = Chain::connect(&cli.url).await?;
    match cli.command {
        Command::NodeInfo => {
            let info = chain.node_info().await?;
            output(cli.json, &info, |i| {
                format!(
                    "chain {}\nnode {} {}\nruntime {}\ngenesis {}\nfinalized #{}\npeers {}",
                    i.chain, i.node_name, i.node_version, i.runtime, i.genesis_hash, i.finalized_block, i.peers
                )
            })
        },
        Command::Deploy { contract, bundle, advice } => {
            let signer = signer_from_uri(&cli.suri)?;
            let bundle = load_bundle(&contract, bundle)?;
            let address = match contract.as_str() {
                "advice" => trust_cmd::Advice::deploy(&chain, bundle, None, &signer, cli.wait).await?.address().to_string(),
                "investment" => {
                    let advice = parse_account(&advice.context("pass --advice <address> or set FIDUCIA_ADVICE")?)?;
                    let deployed = trust_cmd::Investment::deploy(&chain, bundle, &advice, None, &signer, cli.wait).await?;
                    deployed.address().to_string()
                },
                _ => Lending::deploy(&chain, bundle, None, &signer, cli.wait).await?.address().to_string(),
            };
            output(cli.json, &serde_json::json!({ "contract": contract, "address": address }), |_| {
                format!("{contract} deployed at {address}")
            })
        },
        Command::Registry(cmd) => registry_cmd(cli.json, &cli.suri, cli.wait, chain, cmd).await,
        Command::Lending(args) => lending_cmd(cli.json, &cli.suri, cli.wait, chain, args).await,
        Command::Advice(args) => trust_cmd::advice_cmd(cli.json, &cli.suri, cli.wait, chain, args).await,
        Command::Investment(args) => trust_cmd::investment_cmd(cli.json, &cli.suri, cli.wait, chain, args).await,
        Command::Authenticator(_) => unreachable!("handled above"),
    }
}

fn authenticator_cmd(json: bool, cmd: &AuthenticatorCommand) -> Result<()> {
    let (path, auth) = match cmd {
        AuthenticatorCommand::New { key, rp_id } => (key, KeyFileAuthenticator::create(key, rp_id)?),
        AuthenticatorCommand::Show { key } => (key, KeyFileAuthenticator::load(key)?),
    };
    let credential = auth.credential();
    output(json, &credential, |c| {
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

fn score(json: bool, amount: u128, term: u16, profile: &CreditProfile) -> Result<()> {
    let contributions = scoring::contributions(profile);
    let verdict = scoring::assess(profile, amount, term);
    let report = serde_json::json!({
        "contributions": contributions,
        "score": scoring::score(profile),
        "affordable_instalment": scoring::affordable_instalment(profile),
        "assessment": verdict.as_ref().ok(),
        "rejection": verdict.as_ref().err().map(|r| format!("{r:?}")),
    });
    output(json, &report, |_| {
        let mut lines: Vec<String> =
            contributions.iter().map(|(factor, points)| format!("{factor:?}: +{points}")).collect();
        lines.push(format!("score {} (base {})", scoring::score(profile), scoring::BASE_SCORE));
        lines.push(match &verdict {
            Ok(a) => format!(
                "grade {}, APR {:.2} %, maximum {}, instalment {} (affordable {})",
                a.grade,
                f64::from(a.apr_bps) / 100.0,
                amount::format(a.max_amount),
                amount::format(a.instalment),
                amount::format(scoring::affordable_instalment(profile))
            ),
            Err(r) => format!("rejected: {r:?}"),
        });
        lines.join("\n")
    })
}

async fn registry_cmd(json: bool, suri: &str, wait: Wait, chain: Chain, cmd: RegistryCommand) -> Result<()> {
    let registry = Registry::new(chain);
    let signer = signer_from_uri(suri)?;
    let (what, block) = match cmd {
        RegistryCommand::Grant { who, role, expires_at } => {
            let role: Role = parse_name(&role, "role")?;
            let block = registry.grant_role(&parse_account(&who)?, role, expires_at, &signer, wait).await?;
            (format!("{who} licensed as {role:?}"), block)
        },
        RegistryCommand::Revoke { who, role } => {
            let role: Role = parse_name(&role, "role")?;
            let block = registry.revoke_role(&parse_account(&who)?, role, &signer, wait).await?;
            (format!("{who} no longer licensed as {role:?}"), block)
        },
        RegistryCommand::RegisterCredential { who, key } => {
            let credential = KeyFileAuthenticator::load(&key)?.credential();
            let block = registry.register_credential(&parse_account(&who)?, &credential, &signer, wait).await?;
            (format!("credential 0x{} registered for {who}", hex::encode(&credential.id)), block)
        },
        RegistryCommand::Certify { code, report } => {
            let code_hash = parse_code(&code)?;
            let block = registry.certify_code(code_hash, parse_bytes(&report, "report hash")?, &signer, wait).await?;
            (format!("code {code_hash:?} certified"), block)
        },
        RegistryCommand::RevokeCertification { code } => {
            let code_hash = parse_code(&code)?;
            let block = registry.revoke_certification(code_hash, &signer, wait).await?;
            (format!("certification of code {code_hash:?} revoked"), block)
        },
        RegistryCommand::Certification { code } => {
            let certification = match AccountId::from_str(&code) {
                Ok(address) => registry.contract_certification(&address).await?,
                Err(_) => {
                    let code_hash = parse_code(&code)?;
                    registry.certification(code_hash).await?.with_context(|| {
                        format!("code {code_hash:?} is not certified on this chain")
                    })?
                },
            };
            return output(json, &certification, |c| c.to_string());
        },
        RegistryCommand::HasRole { who, role } => {
            let role: Role = parse_name(&role, "role")?;
            let has = registry.has_role(&parse_account(&who)?, role).await?;
            return output(json, &serde_json::json!({ "who": who, "role": role, "has_role": has }), |_| {
                format!("{who} {} {role:?}", if has { "is licensed as" } else { "is not licensed as" })
            });
        },
    };
    output(json, &serde_json::json!({ "done": what, "block": block }), |_| format!("{what} (block {block:?})"))
}

async fn lending_cmd(json: bool, suri: &str, wait: Wait, chain: Chain, args: LendingArgs) -> Result<()> {
    let address = args.contract.context("pass --contract <address> or set FIDUCIA_LENDING")?;
    let lending = Lending::at(chain, parse_account(&address)?, load_bundle("lending", args.bundle)?);
    let (signer, me) = signer_and_account(suri)?;
    match args.action {
        LendingAction::Score { .. } => unreachable!("handled without a node"),
        LendingAction::Apply { amount: text, term, purpose, profile, commitment, key } => {
            let mut auth = KeyFileAuthenticator::load(&key)?;
            let purpose: Purpose = parse_name(&purpose, "purpose")?;
            let (amount, profile, commitment) = (amount::parse(&text)?, profile.parse()?, parse_commitment(&commitment)?);
            receipt!(json, "applied", lending.apply(amount, term, purpose, profile, commitment, &signer, &mut auth, wait))
        },
        LendingAction::Approve { id } => receipt!(json, "approved", lending.approve(id, &signer, wait)),
        LendingAction::Reject { id } => receipt!(json, "rejected", lending.reject(id, &signer, wait)),
        LendingAction::Invest { id, amount: text } => {
            receipt!(json, "invested", lending.invest(id, amount::parse(&text)?, &signer, wait))
        },
        LendingAction::Withdraw { id, amount: text } => {
            receipt!(json, "withdrawn", lending.withdraw(id, amount::parse(&text)?, &signer, wait))
        },
        LendingAction::Expire { id } => receipt!(json, "expired", lending.expire(id, &signer, wait)),
        LendingAction::Refund { id } => receipt!(json, "refunded", lending.refund(id, &signer, wait)),
        LendingAction::Activate { id } => receipt!(json, "activated", lending.activate(id, &signer, wait)),
        LendingAction::Disburse { id, key } => {
            let mut auth = KeyFileAuthenticator::load(&key)?;
            receipt!(json, "disbursed", lending.disburse(id, &signer, &mut auth, wait))
        },
        LendingAction::Repay { id, amount: text } => {
            receipt!(json, "repaid", lending.repay(id, amount::parse(&text)?, &signer, wait))
        },
        LendingAction::PayOff { id, max_amount } => {
            receipt!(json, "paid off", lending.pay_off(id, amount::parse(&max_amount)?, &signer, wait))
        },
        LendingAction::Default { id } => receipt!(json, "defaulted", lending.mark_default(id, &signer, wait)),
        LendingAction::Claim { id } => receipt!(json, "claimed", lending.claim(id, &signer, wait)),
        LendingAction::Loan { id } => match lending.loan(id).await? {
            Some(loan) => output(json, &loan, describe_loan),
            None => bail!("there is no loan #{id}"),
        },
        LendingAction::Loans { start, limit } => {
            let loans = lending.loans(start, limit).await?;
            output(json, &loans, |loans| {
                if loans.is_empty() {
                    return "no loans".into();
                }
                loans.iter().map(describe_loan).collect::<Vec<_>>().join("\n")
            })
        },
        LendingAction::Schedule { id } => {
            let loan = lending.loan(id).await?.with_context(|| format!("there is no loan #{id}"))?;
            let standing = lending.schedule(id).await?;
            let l = &loan.ledger;
            let lines: Vec<schedule::Line> = schedule::projected(l.principal, l.apr_bps, l.term)
                .map(Iterator::collect)
                .unwrap_or_default();
            let report = serde_json::json!({ "standing": standing, "projected": lines });
            output(json, &report, |_| {
                let fid = amount::format;
                let mut out = vec![
                    format!(
                        "loan #{id} {:?}: {} of {} instalments paid; next due {}",
                        standing.status,
                        standing.instalments_paid,
                        standing.term,
                        standing.next_due_at.map_or("—".into(), |t| format!("at {t} ms"))
                    ),
                    format!(
                        "overdue {} (fees {}), interest due {}, principal outstanding {}, payoff now {}",
                        fid(standing.overdue),
                        fid(standing.fees_due),
                        fid(standing.interest_due),
                        fid(standing.principal_outstanding),
                        fid(standing.payoff)
                    ),
                    "month  payment  interest  principal  balance after (if paid on time)".into(),
                ];
                out.extend(lines.iter().map(|l| {
                    format!("{:>5}  {}  {}  {}  {}", l.month, fid(l.payment), fid(l.interest), fid(l.principal), fid(l.balance_after))
                }));
                out.join("\n")
            })
        },
        LendingAction::Position { id, investor } => {
            let investor = investor.map(|i| parse_account(&i)).transpose()?.unwrap_or(me);
            let position = lending.position(id, &investor).await?;
            let claimable = lending.claimable(id, &investor).await?;
            let report = serde_json::json!({ "position": position, "claimable": claimable });
            output(json, &report, |_| {
                format!(
                    "invested {}, claimed {}, claimable now {}",
                    amount::format(position.invested),
                    amount::format(position.claimed),
                    amount::format(claimable)
                )
            })
        },
    }
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
