//! The `fiducia advice …` and `fiducia investment …` commands (FITM): every
//! participant action of the two contracts, the advisor challenge, and the
//! queries. Part of the `fiducia` binary.

use crate::{load_bundle, output, parse_account, parse_bytes, signer_and_account};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use fiducia_client::{amount, trust, Chain, Wait};
pub use fiducia_client::trust::{Advice, Investment};
use fiducia_core::trust::{authorization::Rights, Verdict};
use std::path::PathBuf;

/// `fiducia advice`: the contract's address, its bundle and the action.
#[derive(Args)]
pub struct AdviceArgs {
    /// Address of the advice contract.
    #[arg(long, env = "FIDUCIA_ADVICE", global = true)]
    contract: Option<String>,
    /// The bundle (default: the one `fiducia-ink-build` produced).
    #[arg(long, global = true)]
    bundle: Option<PathBuf>,
    #[command(subcommand)]
    action: AdviceAction,
}

#[derive(Subcommand)]
enum AdviceAction {
    /// Publish a product, paying the bond (Institution).
    Publish,
    /// Add an attribute to a draft product (its Institution).
    Attribute { product: u32, key: String, value: String },
    /// Add a promise to a draft product (its Institution).
    Promise { product: u32, text: String },
    /// Offer a product; its description freezes (its Institution).
    Open { product: u32 },
    /// Take a product off the market (its Institution).
    Close { product: u32 },
    /// Withdraw the bond of a closed product with no case open.
    WithdrawBond { product: u32 },
    /// Request authorization for a product, paying the deposit (Advisor).
    Request { product: u32 },
    /// Withdraw a request before it is granted (the advisor).
    WithdrawRequest { product: u32 },
    /// Authorize an advisor (the product's Institution).
    Authorize {
        product: u32,
        /// The advisor (SS58).
        advisor: String,
        /// Grant the advisory right (service cases).
        #[arg(long)]
        advisory: bool,
        /// Grant the signing right (agreements).
        #[arg(long)]
        signing: bool,
        /// Hash of the advisor's published information (32 bytes, hex).
        #[arg(long)]
        info: String,
    },
    /// Revoke an advisor (its Institution) or resign (the advisor).
    Revoke {
        product: u32,
        /// The advisor (SS58).
        advisor: String,
    },
    /// Reclaim a revoked advisor's deposit after the cool-down.
    Reclaim { product: u32 },
    /// Open a service case with an advisor, paying the deposit (Customer).
    OpenCase {
        product: u32,
        /// The advisor (SS58).
        advisor: String,
    },
    /// Check the case's product: OK, or fraud with the evidence hash (the case's Customer).
    Check {
        case: u64,
        /// Claim fraud, with the hash of the evidence (32 bytes, hex).
        #[arg(long)]
        fraud: Option<String>,
    },
    /// Rule on a case's dispute (Arbiter).
    Rule {
        case: u64,
        /// Fraud found (otherwise: no fraud).
        #[arg(long)]
        fraud: bool,
        /// Hash of the reasoned ruling (32 bytes, hex).
        #[arg(long)]
        ruling: String,
    },
    /// End a dispute whose ruling deadline passed (anyone).
    Lapse { case: u64 },
    /// Close a case (its customer; anyone after expiry).
    CloseCase { case: u64 },
    /// Join the compensation pool of the case's product after upheld fraud (the case's customer, once).
    JoinPool { case: u64 },
    /// Credit one's share of a product's compensation pool after the claim window (a member, once).
    ClaimCompensation { product: u32 },
    /// Show a product's compensation pool and an account's (default: the signer's) membership.
    Pool {
        product: u32,
        /// The customer (SS58).
        account: Option<String>,
    },
    /// Pull everything the signer is owed.
    Claim,
    /// Show a product with its attributes and promises.
    Product { product: u32 },
    /// Show an advisor's authorization for a product.
    Authorization {
        product: u32,
        /// The advisor (SS58).
        advisor: String,
    },
    /// Show a service case and its dispute.
    Case { case: u64 },
    /// What an account (default: the signer) may claim.
    Credit { account: Option<String> },
    /// A fresh random challenge for an advisor (customer).
    Challenge,
    /// Answer a customer's challenge about a product (advisor): signs a
    /// domain-separated message bound to this chain, contract, product and
    /// customer.
    Answer {
        product: u32,
        /// The customer who asks (SS58).
        customer: String,
        /// The customer's challenge (32 bytes, hex).
        challenge: String,
    },
    /// Verify an advisor's answer against its authorization record (customer).
    Verify {
        product: u32,
        /// The advisor (SS58).
        advisor: String,
        /// The challenge sent (hex).
        challenge: String,
        /// The advisor's answer (64 bytes, hex).
        signature: String,
    },
}

/// `fiducia investment`: the contract's address, its bundle and the action.
#[derive(Args)]
pub struct InvestmentArgs {
    /// Address of the investment contract.
    #[arg(long, env = "FIDUCIA_INVESTMENT", global = true)]
    contract: Option<String>,
    /// The bundle (default: the one `fiducia-ink-build` produced).
    #[arg(long, global = true)]
    bundle: Option<PathBuf>,
    #[command(subcommand)]
    action: InvestmentAction,
}

#[derive(Subcommand)]
enum InvestmentAction {
    /// Release an agreement template for an open product, paying the bond (its Institution).
    Release {
        product: u32,
        /// Hash of the template's text (32 bytes, hex).
        #[arg(long)]
        terms: String,
    },
    /// Withdraw a template (its Institution).
    Withdraw { template: u32 },
    /// Withdraw the bond of a withdrawn template nothing refers to.
    WithdrawBond { template: u32 },
    /// Check a template in a case: OK, or fraud (pays the report deposit) (the case's Customer).
    Check {
        case: u64,
        template: u32,
        /// Report fraud, with the hash of the evidence (32 bytes, hex).
        #[arg(long)]
        fraud: Option<String>,
    },
    /// Propose an agreement in a case (the case's Advisor with the signing right).
    Propose {
        case: u64,
        template: u32,
        /// Investment amount.
        #[arg(long)]
        amount: String,
    },
    /// Sign an agreement's terms hash, paying the amount (customer) or the stake (advisor).
    Sign {
        agreement: u64,
        /// The terms hash you checked (32 bytes, hex).
        #[arg(long)]
        terms: String,
    },
    /// Dispute an agreement during cooling-off, paying the report deposit (its customer).
    Dispute {
        agreement: u64,
        /// Hash of the evidence (32 bytes, hex).
        #[arg(long)]
        evidence: String,
    },
    /// Rule on a dispute (Arbiter).
    Rule {
        dispute: u64,
        /// Fraud found (otherwise: no fraud).
        #[arg(long)]
        fraud: bool,
        /// Hash of the reasoned ruling (32 bytes, hex).
        #[arg(long)]
        ruling: String,
    },
    /// Settle an agreement after cooling-off (anyone).
    Settle { agreement: u64 },
    /// End an agreement whose signing deadline passed (anyone).
    Lapse { agreement: u64 },
    /// End a dispute whose ruling deadline passed (anyone).
    LapseDispute { dispute: u64 },
    /// Join a template's compensation pool after upheld fraud, through a case that checked it or had an agreement under it (the case's customer, once).
    JoinPool { template: u32, case: u64 },
    /// Credit one's share of a template's compensation pool after the claim window (a member, once).
    ClaimCompensation { template: u32 },
    /// Show a template's compensation pool and an account's (default: the signer's) membership.
    Pool {
        template: u32,
        /// The customer (SS58).
        account: Option<String>,
    },
    /// Pull everything the signer is owed.
    Claim,
    /// Show a template.
    Template { template: u32 },
    /// Show an agreement.
    Agreement { agreement: u64 },
    /// Show a dispute.
    ShowDispute { dispute: u64 },
    /// What an account (default: the signer) may claim.
    Credit { account: Option<String> },
}

fn verdict(fraud: Option<String>) -> Result<Verdict> {
    Ok(match fraud {
        Some(evidence) => Verdict::Fraud(parse_bytes(&evidence, "evidence hash")?),
        None => Verdict::Ok,
    })
}

/// Runs an `advice` action.
pub async fn advice_cmd(json: bool, suri: &str, wait: Wait, chain: Chain, args: AdviceArgs) -> Result<()> {
    let address = args.contract.context("pass --contract <address> or set FIDUCIA_ADVICE")?;
    let advice = Advice::at(chain, parse_account(&address)?, load_bundle("advice", args.bundle)?);
    let (signer, me) = signer_and_account(suri)?;
    use AdviceAction as A;
    match args.action {
        A::Publish => receipt!(json, "product published", advice.publish_product(&signer, wait)),
        A::Attribute { product, key, value } => receipt!(json, "attribute added", advice.add_attribute(product, &key, &value, &signer, wait)),
        A::Promise { product, text } => receipt!(json, "promise added", advice.add_promise(product, &text, &signer, wait)),
        A::Open { product } => receipt!(json, "product open", advice.open_product(product, &signer, wait)),
        A::Close { product } => receipt!(json, "product closed", advice.close_product(product, &signer, wait)),
        A::WithdrawBond { product } => receipt!(json, "bond credited", advice.withdraw_bond(product, &signer, wait)),
        A::Request { product } => receipt!(json, "authorization requested", advice.request_authorization(product, &signer, wait)),
        A::WithdrawRequest { product } => receipt!(json, "request withdrawn", advice.withdraw_request(product, &signer, wait)),
        A::Authorize { product, advisor, advisory, signing, info } => {
            let rights = Rights { advisory, signing };
            let info = parse_bytes(&info, "info hash")?;
            receipt!(json, "advisor authorized", advice.authorize(product, &parse_account(&advisor)?, rights, info, &signer, wait))
        },
        A::Revoke { product, advisor } => receipt!(json, "revoked", advice.revoke(product, &parse_account(&advisor)?, &signer, wait)),
        A::Reclaim { product } => receipt!(json, "deposit credited", advice.reclaim_deposit(product, &signer, wait)),
        A::OpenCase { product, advisor } => receipt!(json, "case opened", advice.open_case(product, &parse_account(&advisor)?, &signer, wait)),
        A::Check { case, fraud } => receipt!(json, "product checked", advice.check_product(case, verdict(fraud)?, &signer, wait)),
        A::Rule { case, fraud, ruling } => {
            receipt!(json, "ruled", advice.rule(case, fraud, parse_bytes(&ruling, "ruling hash")?, &signer, wait))
        },
        A::Lapse { case } => receipt!(json, "dispute lapsed", advice.lapse_dispute(case, &signer, wait)),
        A::CloseCase { case } => receipt!(json, "case closed", advice.close_case(case, &signer, wait)),
        A::JoinPool { case } => receipt!(json, "joined the compensation pool", advice.join_pool(case, &signer, wait)),
        A::ClaimCompensation { product } => receipt!(json, "share credited", advice.claim_compensation(product, &signer, wait)),
        A::Pool { product, account } => {
            let who = account.map(|a| parse_account(&a)).transpose()?.unwrap_or(me);
            let listing = advice.product(product).await?.with_context(|| format!("there is no product #{product}"))?;
            let report = serde_json::json!({ "pool": listing.product.bond.pool, "member": advice.pool_member(product, &who).await? });
            output(json, &report, |r| serde_json::to_string_pretty(r).unwrap_or_default())
        },
        A::Claim => receipt!(json, "claimed", advice.claim(&signer, wait)),
        A::Product { product } => {
            let listing = advice.product(product).await?.with_context(|| format!("there is no product #{product}"))?;
            output(json, &listing, |l| format!("product #{product} of {}: {:?}", l.institution, l.product))
        },
        A::Authorization { product, advisor } => {
            let record = advice.authorization(product, &parse_account(&advisor)?).await?;
            output(json, &record, |r| format!("{r:?}"))
        },
        A::Case { case } => {
            let report = serde_json::json!({ "case": advice.case(case).await?, "dispute": advice.dispute(case).await? });
            output(json, &report, |r| serde_json::to_string_pretty(r).unwrap_or_default())
        },
        A::Credit { account } => {
            let who = account.map(|a| parse_account(&a)).transpose()?.unwrap_or(me);
            let credit = advice.credit_of(&who).await?;
            output(json, &credit, |c| format!("{who} may claim {}", amount::format(*c)))
        },
        A::Challenge => {
            let challenge = hex::encode(trust::advisor_challenge()?);
            output(json, &challenge, |c| format!("0x{c}"))
        },
        A::Answer { product, customer, challenge } => {
            let (customer, challenge) = (parse_account(&customer)?, parse_bytes(&challenge, "challenge")?);
            let signature = hex::encode(trust::answer_challenge(&advice, product, &signer, &customer, &challenge));
            output(json, &signature, |s| format!("0x{s}"))
        },
        A::Verify { product, advisor, challenge, signature } => {
            let (challenge, signature) = (parse_bytes(&challenge, "challenge")?, parse_bytes(&signature, "signature")?);
            let record = trust::verify_advisor(&advice, product, &parse_account(&advisor)?, &me, &challenge, &signature).await?;
            output(json, &record, |r| format!("{advisor} holds {:?}, info 0x{}", r.rights, hex::encode(r.info)))
        },
    }
}

/// Runs an `investment` action.
pub async fn investment_cmd(json: bool, suri: &str, wait: Wait, chain: Chain, args: InvestmentArgs) -> Result<()> {
    let address = args.contract.context("pass --contract <address> or set FIDUCIA_INVESTMENT")?;
    let investment = Investment::at(chain, parse_account(&address)?, load_bundle("investment", args.bundle)?);
    let (signer, me) = signer_and_account(suri)?;
    use InvestmentAction as I;
    match args.action {
        I::Release { product, terms } => {
            receipt!(json, "template released", investment.release_template(product, parse_bytes(&terms, "terms hash")?, &signer, wait))
        },
        I::Withdraw { template } => receipt!(json, "template withdrawn", investment.withdraw_template(template, &signer, wait)),
        I::WithdrawBond { template } => receipt!(json, "bond credited", investment.withdraw_template_bond(template, &signer, wait)),
        I::Check { case, template, fraud } => {
            receipt!(json, "template checked", investment.check_template(case, template, verdict(fraud)?, &signer, wait))
        },
        I::Propose { case, template, amount: text } => {
            receipt!(json, "agreement proposed", investment.propose(case, template, amount::parse(&text)?, &signer, wait))
        },
        I::Sign { agreement, terms } => {
            receipt!(json, "signed", investment.sign(agreement, parse_bytes(&terms, "terms hash")?, &signer, wait))
        },
        I::Dispute { agreement, evidence } => {
            receipt!(json, "disputed", investment.dispute_agreement(agreement, parse_bytes(&evidence, "evidence hash")?, &signer, wait))
        },
        I::Rule { dispute, fraud, ruling } => {
            receipt!(json, "ruled", investment.rule(dispute, fraud, parse_bytes(&ruling, "ruling hash")?, &signer, wait))
        },
        I::Settle { agreement } => receipt!(json, "settled", investment.settle(agreement, &signer, wait)),
        I::Lapse { agreement } => receipt!(json, "agreement lapsed", investment.lapse_agreement(agreement, &signer, wait)),
        I::LapseDispute { dispute } => receipt!(json, "dispute lapsed", investment.lapse_dispute(dispute, &signer, wait)),
        I::JoinPool { template, case } => receipt!(json, "joined the compensation pool", investment.join_pool(template, case, &signer, wait)),
        I::ClaimCompensation { template } => receipt!(json, "share credited", investment.claim_compensation(template, &signer, wait)),
        I::Pool { template, account } => {
            let who = account.map(|a| parse_account(&a)).transpose()?.unwrap_or(me);
            let offer = investment.template(template).await?.with_context(|| format!("there is no template #{template}"))?;
            let report = serde_json::json!({ "pool": offer.template.bond.pool, "member": investment.pool_member(template, &who).await? });
            output(json, &report, |r| serde_json::to_string_pretty(r).unwrap_or_default())
        },
        I::Claim => receipt!(json, "claimed", investment.claim(&signer, wait)),
        I::Template { template } => {
            let offer = investment.template(template).await?.with_context(|| format!("there is no template #{template}"))?;
            output(json, &offer, |o| format!("template #{template} of {}: {:?}", o.institution, o.template))
        },
        I::Agreement { agreement } => {
            let deal = investment.agreement(agreement).await?.with_context(|| format!("there is no agreement #{agreement}"))?;
            output(json, &deal, |d| {
                format!(
                    "agreement #{agreement} in case #{} ({:?}): {} from {} to {}, stake {} from {}; terms 0x{}; deadline {} ms",
                    d.case,
                    d.agreement.status,
                    amount::format(d.agreement.amount),
                    d.customer,
                    d.institution,
                    amount::format(d.agreement.stake),
                    d.advisor,
                    hex::encode(d.agreement.terms_hash),
                    d.agreement.deadline
                )
            })
        },
        I::ShowDispute { dispute } => {
            let claim = investment.dispute(dispute).await?.with_context(|| format!("there is no dispute #{dispute}"))?;
            output(json, &claim, |c| format!("{c:?}"))
        },
        I::Credit { account } => {
            let who = account.map(|a| parse_account(&a)).transpose()?.unwrap_or(me);
            let credit = investment.credit_of(&who).await?;
            output(json, &credit, |c| format!("{who} may claim {}", amount::format(*c)))
        },
    }
}
