//! `fiducia investment …`: FITM agreement templates, escrowed agreements and
//! their disputes (`docs/protocol/fitm.md`). Every verb that sends a message
//! is named like it.

use crate::{
    advice::{describe_pool, membership, verdict},
    contract_address, load_bundle, parse, Context,
};
use anyhow::{Context as _, Result};
use clap::{Args as ClapArgs, Subcommand};
use fiducia_client::{
    amount::format as fid,
    investment::Investment,
    time::{now_ms, when},
    AccountId,
};
use fiducia_core::trust::{AgreementId, CaseId, DisputeId, ProductId, TemplateId};
use std::path::PathBuf;

/// `fiducia investment`: the contract, its bundle and the action.
#[derive(ClapArgs)]
pub struct Args {
    /// Address of the investment contract.
    #[arg(long, env = "FIDUCIA_INVESTMENT", global = true, value_parser = parse::account)]
    contract: Option<AccountId>,
    /// The bundle (default: the one `fiducia-ink-build` produced).
    #[arg(long, global = true)]
    bundle: Option<PathBuf>,
    #[command(subcommand)]
    action: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Release an agreement template for an open product, paying the bond (its Institution).
    #[command(alias = "release")]
    ReleaseTemplate {
        product: ProductId,
        /// Hash of the template's text (32 bytes, hex).
        #[arg(long, value_parser = parse::hash)]
        terms: [u8; 32],
    },
    /// Withdraw a template (its Institution).
    #[command(alias = "withdraw")]
    WithdrawTemplate { template: TemplateId },
    /// Withdraw the bond of a withdrawn template nothing refers to.
    #[command(alias = "withdraw-bond")]
    WithdrawTemplateBond { template: TemplateId },
    /// Check a template in a case: OK, or fraud (pays the report deposit) (the case's Customer).
    #[command(alias = "check")]
    CheckTemplate {
        case: CaseId,
        template: TemplateId,
        /// Report fraud, with the hash of the evidence (32 bytes, hex).
        #[arg(long, value_parser = parse::hash)]
        fraud: Option<[u8; 32]>,
    },
    /// Propose an agreement in a case (the case's Advisor with the signing right).
    Propose {
        case: CaseId,
        template: TemplateId,
        /// Investment amount.
        #[arg(long, value_parser = parse::amount)]
        amount: u128,
    },
    /// Sign an agreement's terms hash, paying the amount (customer) or the stake (advisor).
    Sign {
        agreement: AgreementId,
        /// The terms hash you checked (32 bytes, hex).
        #[arg(long, value_parser = parse::hash)]
        terms: [u8; 32],
    },
    /// Dispute an agreement during cooling-off, paying the report deposit (its customer).
    DisputeAgreement {
        agreement: AgreementId,
        /// Hash of the evidence (32 bytes, hex).
        #[arg(long, value_parser = parse::hash)]
        evidence: [u8; 32],
    },
    /// Rule on a dispute (Arbiter).
    Rule {
        dispute: DisputeId,
        /// Fraud found (otherwise: no fraud).
        #[arg(long)]
        fraud: bool,
        /// Hash of the reasoned ruling (32 bytes, hex).
        #[arg(long, value_parser = parse::hash)]
        ruling: [u8; 32],
    },
    /// Settle an agreement after cooling-off (anyone).
    Settle { agreement: AgreementId },
    /// End an agreement whose signing deadline passed (anyone).
    #[command(alias = "lapse")]
    LapseAgreement { agreement: AgreementId },
    /// End a dispute whose ruling deadline passed (anyone).
    LapseDispute { dispute: DisputeId },
    /// Join a template's compensation pool after upheld fraud, through a case that checked it or had an agreement under it (the case's customer, once).
    JoinPool { template: TemplateId, case: CaseId },
    /// Credit one's share of a template's compensation pool after the claim window (a member, once).
    ClaimCompensation { template: TemplateId },
    /// Show a template's compensation pool and an account's (default: the signer's) membership.
    Pool {
        template: TemplateId,
        /// The customer (SS58).
        #[arg(value_parser = parse::account)]
        account: Option<AccountId>,
    },
    /// Pull everything the signer is owed.
    Claim,
    /// Show a template.
    Template { template: TemplateId },
    /// Show an agreement.
    Agreement { agreement: AgreementId },
    /// Show a dispute.
    #[command(alias = "show-dispute")]
    Dispute { dispute: DisputeId },
    /// What an account (default: the signer) may claim.
    #[command(alias = "credit")]
    CreditOf {
        /// The account (SS58).
        #[arg(value_parser = parse::account)]
        account: Option<AccountId>,
    },
}

/// Runs an investment action.
pub async fn run(cx: &Context, args: Args) -> Result<()> {
    let address = contract_address(args.contract, "FIDUCIA_INVESTMENT")?;
    let investment = Investment::at(cx.chain().await?, address, load_bundle("investment", args.bundle)?);
    let (out, wait) = (cx.out, cx.wait);
    let signer = || cx.signer();
    match args.action {
        Action::ReleaseTemplate { product, terms } => {
            out.receipt("template released", &investment.release_template(product, terms, &signer()?, wait).await?)
        },
        Action::WithdrawTemplate { template } => {
            out.receipt("template withdrawn", &investment.withdraw_template(template, &signer()?, wait).await?)
        },
        Action::WithdrawTemplateBond { template } => {
            out.receipt("bond credited", &investment.withdraw_template_bond(template, &signer()?, wait).await?)
        },
        Action::CheckTemplate { case, template, fraud } => out.receipt(
            "template checked",
            &investment.check_template(case, template, verdict(fraud), &signer()?, wait).await?,
        ),
        Action::Propose { case, template, amount } => {
            out.receipt("agreement proposed", &investment.propose(case, template, amount, &signer()?, wait).await?)
        },
        Action::Sign { agreement, terms } => {
            out.receipt("signed", &investment.sign(agreement, terms, &signer()?, wait).await?)
        },
        Action::DisputeAgreement { agreement, evidence } => {
            out.receipt("disputed", &investment.dispute_agreement(agreement, evidence, &signer()?, wait).await?)
        },
        Action::Rule { dispute, fraud, ruling } => {
            out.receipt("ruled", &investment.rule(dispute, fraud, ruling, &signer()?, wait).await?)
        },
        Action::Settle { agreement } => out.receipt("settled", &investment.settle(agreement, &signer()?, wait).await?),
        Action::LapseAgreement { agreement } => {
            out.receipt("agreement lapsed", &investment.lapse_agreement(agreement, &signer()?, wait).await?)
        },
        Action::LapseDispute { dispute } => {
            out.receipt("dispute lapsed", &investment.lapse_dispute(dispute, &signer()?, wait).await?)
        },
        Action::JoinPool { template, case } => {
            out.receipt("joined the compensation pool", &investment.join_pool(template, case, &signer()?, wait).await?)
        },
        Action::ClaimCompensation { template } => {
            out.receipt("share credited", &investment.claim_compensation(template, &signer()?, wait).await?)
        },
        Action::Pool { template, account } => {
            let who = match account {
                Some(account) => account,
                None => cx.me()?,
            };
            let record =
                investment.template(template).await?.with_context(|| format!("there is no template #{template}"))?;
            let member = investment.pool_member(template, &who).await?;
            let report = serde_json::json!({ "pool": record.template.bond.pool, "member": member });
            out.show(&report, |_| {
                format!("{}\n{who}: {}", describe_pool(&record.template.bond.pool), membership(member))
            })
        },
        Action::Claim => out.receipt("claimed", &investment.claim(&signer()?, wait).await?),
        Action::Template { template } => {
            let record =
                investment.template(template).await?.with_context(|| format!("there is no template #{template}"))?;
            out.show(&record, |r| {
                let t = &r.template;
                format!(
                    "template #{template} of {} for product #{}: {:?}, terms 0x{}; bond {} free, {} agreements open\n{}",
                    r.institution,
                    t.product,
                    t.status,
                    hex::encode(t.terms_hash),
                    fid(t.bond.free),
                    t.bond.open_cases,
                    describe_pool(&t.bond.pool)
                )
            })
        },
        Action::Agreement { agreement } => {
            let record = investment
                .agreement(agreement)
                .await?
                .with_context(|| format!("there is no agreement #{agreement}"))?;
            out.show(&record, |d| {
                format!(
                    "agreement #{agreement} in case #{} ({:?}): {} from {} to {}, stake {} from {}; terms 0x{}; deadline {}",
                    d.case,
                    d.agreement.status,
                    fid(d.agreement.amount),
                    d.customer,
                    d.institution,
                    fid(d.agreement.stake),
                    d.advisor,
                    hex::encode(d.agreement.terms_hash),
                    when(d.agreement.deadline, now_ms())
                )
            })
        },
        Action::Dispute { dispute } => {
            let record =
                investment.dispute(dispute).await?.with_context(|| format!("there is no dispute #{dispute}"))?;
            out.show(&record, |r| {
                format!(
                    "dispute #{dispute} about {:?}: {} accuses {}, {:?}; an arbiter rules by {}",
                    r.subject,
                    r.dispute.claimant,
                    r.dispute.accused,
                    r.dispute.status,
                    when(r.dispute.deadline, now_ms())
                )
            })
        },
        Action::CreditOf { account } => {
            let who = match account {
                Some(account) => account,
                None => cx.me()?,
            };
            let credit = investment.credit_of(&who).await?;
            out.show(&credit, |c| format!("{who} may claim {}", fid(*c)))
        },
    }
}
