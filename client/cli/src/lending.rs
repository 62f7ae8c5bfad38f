//! `fiducia lending …`: student loans. Every verb is named like the contract
//! message it sends (`docs/protocol/lending.md`); `score` runs the scoring
//! model locally, and the queries read the contract.

use crate::{contract_address, load_bundle, parse, vault, Context};
use anyhow::{bail, Context as _, Result};
use clap::{Args as ClapArgs, Subcommand};
use fiducia_client::{
    amount::format as fid,
    authenticator::KeyFileAuthenticator,
    lending::{Lending, Loan},
    time::{now_ms, when},
    AccountId,
};
use fiducia_core::lending::{
    schedule,
    scoring::{self, CreditProfile, Debt, Education, Employment, Enrolment, Income},
    Purpose,
};
use std::path::PathBuf;

/// `fiducia lending`: the contract, its bundle and the action.
#[derive(ClapArgs)]
pub struct Args {
    /// Address of the lending contract.
    #[arg(long, env = "FIDUCIA_LENDING", global = true, value_parser = parse::account)]
    contract: Option<AccountId>,
    /// The bundle (default: the one `fiducia-ink-build` produced).
    #[arg(long, global = true)]
    bundle: Option<PathBuf>,
    #[command(subcommand)]
    action: Action,
}

/// The coarse credit profile (`docs/protocol/lending.md`, credit scoring).
#[derive(ClapArgs)]
struct Profile {
    /// Secondary, Undergraduate, Graduate or Doctoral.
    #[arg(long, value_parser = parse::name::<Education>)]
    education: Education,
    /// NotEnrolled, PartTime or FullTime.
    #[arg(long, value_parser = parse::name::<Enrolment>)]
    enrolment: Enrolment,
    /// NoIncome, UpTo10k, UpTo25k, UpTo50k or Above50k.
    #[arg(long, value_parser = parse::name::<Income>)]
    income: Income,
    /// NoDebt, UpTo5k, UpTo20k or Above20k.
    #[arg(long, value_parser = parse::name::<Debt>)]
    debt: Debt,
    /// Unemployed, PartTime or FullTime.
    #[arg(long, value_parser = parse::name::<Employment>)]
    employment: Employment,
}

impl From<Profile> for CreditProfile {
    fn from(p: Profile) -> Self {
        CreditProfile {
            education: p.education,
            enrolment: p.enrolment,
            income: p.income,
            debt: p.debt,
            employment: p.employment,
        }
    }
}

#[derive(Subcommand)]
enum Action {
    /// Score a profile locally and explain each factor (nothing is sent).
    Score {
        /// Principal: smallest units (`1500`) or tokens (`1500 FID`).
        #[arg(long, value_parser = parse::amount)]
        amount: u128,
        /// Term in months.
        #[arg(long)]
        term: u16,
        #[command(flatten)]
        profile: Profile,
    },
    /// Apply for a loan (Borrower; second factor).
    Apply {
        /// Principal: smallest units (`1500`) or tokens (`1500 FID`).
        #[arg(long, value_parser = parse::amount)]
        amount: u128,
        /// Term in months.
        #[arg(long)]
        term: u16,
        /// Tuition, LivingCosts, Equipment or Other.
        #[arg(long, default_value = "Tuition", value_parser = parse::name::<Purpose>)]
        purpose: Purpose,
        #[command(flatten)]
        profile: Profile,
        /// The vault entry whose commitment to send (`fiducia vault add`);
        /// the entry is linked to the new loan.
        #[arg(long, required_unless_present = "commitment")]
        vault_entry: Option<String>,
        /// The vault file (default: as for `fiducia vault`).
        #[arg(long, env = "FIDUCIA_VAULT", requires = "vault_entry")]
        vault: Option<PathBuf>,
        /// Or a commitment computed elsewhere (32 bytes, hex).
        #[arg(long, value_parser = parse::hash, conflicts_with = "vault_entry")]
        commitment: Option<[u8; 32]>,
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
        #[arg(long, value_parser = parse::amount)]
        amount: u128,
    },
    /// Take (part of) a ticket back before the loan is funded.
    Withdraw {
        id: u64,
        /// Amount to take back.
        #[arg(long, value_parser = parse::amount)]
        amount: u128,
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
        #[arg(long, value_parser = parse::amount)]
        amount: u128,
    },
    /// Pay a loan off completely (anyone); the change comes back.
    PayOff {
        id: u64,
        /// Most you are willing to send (the payoff plus a margin).
        #[arg(long, value_parser = parse::amount)]
        max_amount: u128,
    },
    /// Mark an overdue loan defaulted (anyone).
    #[command(alias = "default")]
    MarkDefault { id: u64 },
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
        #[arg(long, value_parser = parse::account)]
        investor: Option<AccountId>,
    },
}

fn describe(loan: &Loan) -> String {
    let l = &loan.ledger;
    format!(
        "loan #{}: {} over {} months at {:.2} % (grade {}, score {}) for {}, {:?}; raised {}, outstanding {}, repaid {}",
        loan.id,
        fid(l.principal),
        l.term,
        f64::from(l.apr_bps) / 100.0,
        loan.assessment.grade,
        loan.assessment.score,
        loan.borrower,
        l.status,
        fid(l.raised),
        fid(l.principal_outstanding),
        fid(l.repaid),
    )
}

/// Runs a lending action.
pub async fn run(cx: &Context, args: Args) -> Result<()> {
    if let Action::Score { amount, term, profile } = args.action {
        return score(cx, amount, term, &profile.into());
    }
    let address = contract_address(args.contract, "FIDUCIA_LENDING")?;
    let lending = Lending::at(cx.chain().await?, address, load_bundle("lending", args.bundle)?);
    let (out, wait) = (cx.out, cx.wait);
    match args.action {
        Action::Score { .. } => unreachable!("scored without a node above"),
        Action::Apply { amount, term, purpose, profile, vault_entry, vault, commitment, key } => {
            let mut auth = KeyFileAuthenticator::load(&key)?;
            let signer = cx.signer()?;
            let entry = match &vault_entry {
                Some(name) => {
                    let vault = vault::open(&vault::path(vault)?).await?;
                    let entry = vault.get(name).await?;
                    if let Some(loan) = entry.loan {
                        bail!("the vault entry {name:?} was already sent as loan #{loan}; add a new entry for a new application");
                    }
                    Some((vault, name, entry.commitment))
                },
                None => None,
            };
            let commitment = match (entry.as_ref().map(|e| e.2), commitment) {
                (Some(c), _) | (None, Some(c)) => c,
                (None, None) => bail!("pass --vault-entry <name> or --commitment <hex>"),
            };
            let r = lending.apply(amount, term, purpose, profile.into(), commitment, &signer, &mut auth, wait).await?;
            out.receipt("applied", &r)?;
            if let Some((vault, name, _)) = entry {
                let linked = vault.set_loan(name, r.value).await;
                vault.close().await;
                linked.with_context(|| {
                    format!("loan #{} was applied for, but the vault entry could not be linked to it (`fiducia vault link`)", r.value)
                })?;
            }
            Ok(())
        },
        Action::Approve { id } => out.receipt("approved", &lending.approve(id, &cx.signer()?, wait).await?),
        Action::Reject { id } => out.receipt("rejected", &lending.reject(id, &cx.signer()?, wait).await?),
        Action::Invest { id, amount } => {
            out.receipt("invested", &lending.invest(id, amount, &cx.signer()?, wait).await?)
        },
        Action::Withdraw { id, amount } => {
            out.receipt("withdrawn", &lending.withdraw(id, amount, &cx.signer()?, wait).await?)
        },
        Action::Expire { id } => out.receipt("expired", &lending.expire(id, &cx.signer()?, wait).await?),
        Action::Refund { id } => out.receipt("refunded", &lending.refund(id, &cx.signer()?, wait).await?),
        Action::Activate { id } => out.receipt("activated", &lending.activate(id, &cx.signer()?, wait).await?),
        Action::Disburse { id, key } => {
            let mut auth = KeyFileAuthenticator::load(&key)?;
            out.receipt("disbursed", &lending.disburse(id, &cx.signer()?, &mut auth, wait).await?)
        },
        Action::Repay { id, amount } => out.receipt("repaid", &lending.repay(id, amount, &cx.signer()?, wait).await?),
        Action::PayOff { id, max_amount } => {
            out.receipt("paid off", &lending.pay_off(id, max_amount, &cx.signer()?, wait).await?)
        },
        Action::MarkDefault { id } => {
            out.receipt("marked defaulted", &lending.mark_default(id, &cx.signer()?, wait).await?)
        },
        Action::Claim { id } => out.receipt("claimed", &lending.claim(id, &cx.signer()?, wait).await?),
        Action::Loan { id } => match lending.loan(id).await? {
            Some(loan) => out.show(&loan, describe),
            None => bail!("there is no loan #{id}; `fiducia lending loans` lists them"),
        },
        Action::Loans { start, limit } => {
            let loans = lending.loans(start, limit).await?;
            out.show(&loans, |loans| {
                if loans.is_empty() {
                    return format!("no loans from #{start} on");
                }
                loans.iter().map(describe).collect::<Vec<_>>().join("\n")
            })
        },
        Action::Schedule { id } => show_schedule(cx, &lending, id).await,
        Action::Position { id, investor } => {
            let investor = match investor {
                Some(investor) => investor,
                None => cx.me()?,
            };
            let position = lending.position(id, &investor).await?;
            let claimable = lending.claimable(id, &investor).await?;
            let report = serde_json::json!({ "position": position, "claimable": claimable });
            out.show(&report, |_| {
                format!(
                    "invested {}, claimed {}, claimable now {}",
                    fid(position.invested),
                    fid(position.claimed),
                    fid(claimable)
                )
            })
        },
    }
}

async fn show_schedule(cx: &Context, lending: &Lending, id: u64) -> Result<()> {
    let loan = lending.loan(id).await?.with_context(|| format!("there is no loan #{id}"))?;
    let standing = lending.schedule(id).await?;
    let l = &loan.ledger;
    let lines: Vec<schedule::Line> =
        schedule::projected(l.principal, l.apr_bps, l.term).map(Iterator::collect).unwrap_or_default();
    let report = serde_json::json!({ "standing": standing, "projected": lines });
    cx.out.show(&report, |_| {
        let next = standing.next_due_at.map_or_else(|| "—".into(), |t| when(t, now_ms()));
        let mut out = vec![
            format!(
                "loan #{id} {:?}: {} of {} instalments paid; next due {next}",
                standing.status, standing.instalments_paid, standing.term
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
            format!(
                "{:>5}  {}  {}  {}  {}",
                l.month,
                fid(l.payment),
                fid(l.interest),
                fid(l.principal),
                fid(l.balance_after)
            )
        }));
        out.join("\n")
    })
}

fn score(cx: &Context, amount: u128, term: u16, profile: &CreditProfile) -> Result<()> {
    let contributions = scoring::contributions(profile);
    let verdict = scoring::assess(profile, amount, term);
    let report = serde_json::json!({
        "contributions": contributions,
        "score": scoring::score(profile),
        "affordable_instalment": scoring::affordable_instalment(profile),
        "assessment": verdict.as_ref().ok(),
        "rejection": verdict.as_ref().err().map(|r| format!("{r:?}")),
    });
    cx.out.show(&report, |_| {
        let mut lines: Vec<String> =
            contributions.iter().map(|(factor, points)| format!("{factor:?}: +{points}")).collect();
        lines.push(format!("score {} (base {})", scoring::score(profile), scoring::BASE_SCORE));
        lines.push(match &verdict {
            Ok(a) => format!(
                "grade {}, APR {:.2} %, maximum {}, instalment {} (affordable {})",
                a.grade,
                f64::from(a.apr_bps) / 100.0,
                fid(a.max_amount),
                fid(a.instalment),
                fid(scoring::affordable_instalment(profile))
            ),
            Err(r) => format!("rejected: {r}"),
        });
        lines.join("\n")
    })
}
