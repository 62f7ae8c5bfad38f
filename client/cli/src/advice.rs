//! `fiducia advice …`: FITM products, advisors' authorizations, service
//! cases and product disputes (`docs/protocol/fitm.md`). Every verb that
//! sends a message is named like it; `challenge`, `answer` and `verify` are
//! the customer's off-chain check of an advisor.

use crate::{contract_address, load_bundle, parse, Context};
use anyhow::{Context as _, Result};
use clap::{Args as ClapArgs, Subcommand};
use fiducia_client::{
    advice::{self, Advice},
    amount::format as fid,
    time::{now_ms, when},
    AccountId,
};
use fiducia_core::trust::{
    authorization::Rights,
    pool::{Membership, Pool},
    CaseId, ProductId, Verdict,
};
use std::path::PathBuf;

/// `fiducia advice`: the contract, its bundle and the action.
#[derive(ClapArgs)]
pub struct Args {
    /// Address of the advice contract.
    #[arg(long, env = "FIDUCIA_ADVICE", global = true, value_parser = parse::account)]
    contract: Option<AccountId>,
    /// The bundle (default: the one `fiducia-ink-build` produced).
    #[arg(long, global = true)]
    bundle: Option<PathBuf>,
    #[command(subcommand)]
    action: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Publish a product, paying the bond (Institution).
    #[command(alias = "publish")]
    PublishProduct,
    /// Add an attribute to a draft product (its Institution).
    #[command(alias = "attribute")]
    AddAttribute { product: ProductId, key: String, value: String },
    /// Add a promise to a draft product (its Institution).
    #[command(alias = "promise")]
    AddPromise { product: ProductId, text: String },
    /// Offer a product; its description freezes (its Institution).
    #[command(alias = "open")]
    OpenProduct { product: ProductId },
    /// Take a product off the market (its Institution).
    #[command(alias = "close")]
    CloseProduct { product: ProductId },
    /// Withdraw the bond of a closed product with no case open.
    WithdrawBond { product: ProductId },
    /// Request authorization for a product, paying the deposit (Advisor).
    #[command(alias = "request")]
    RequestAuthorization { product: ProductId },
    /// Withdraw a request before it is granted (the advisor).
    WithdrawRequest { product: ProductId },
    /// Authorize an advisor (the product's Institution).
    Authorize {
        product: ProductId,
        /// The advisor (SS58).
        #[arg(value_parser = parse::account)]
        advisor: AccountId,
        /// Grant the advisory right (service cases).
        #[arg(long)]
        advisory: bool,
        /// Grant the signing right (agreements).
        #[arg(long)]
        signing: bool,
        /// Hash of the advisor's published information (32 bytes, hex).
        #[arg(long, value_parser = parse::hash)]
        info: [u8; 32],
    },
    /// Revoke an advisor (its Institution) or resign (the advisor).
    Revoke {
        product: ProductId,
        /// The advisor (SS58).
        #[arg(value_parser = parse::account)]
        advisor: AccountId,
    },
    /// Reclaim a revoked advisor's deposit after the cool-down.
    #[command(alias = "reclaim")]
    ReclaimDeposit { product: ProductId },
    /// Open a service case with an advisor, paying the deposit (Customer).
    OpenCase {
        product: ProductId,
        /// The advisor (SS58).
        #[arg(value_parser = parse::account)]
        advisor: AccountId,
    },
    /// Check the case's product: OK, or fraud with the evidence hash (the case's Customer).
    #[command(alias = "check")]
    CheckProduct {
        case: CaseId,
        /// Report fraud, with the hash of the evidence (32 bytes, hex).
        #[arg(long, value_parser = parse::hash)]
        fraud: Option<[u8; 32]>,
    },
    /// Rule on a case's dispute (Arbiter).
    Rule {
        case: CaseId,
        /// Fraud found (otherwise: no fraud).
        #[arg(long)]
        fraud: bool,
        /// Hash of the reasoned ruling (32 bytes, hex).
        #[arg(long, value_parser = parse::hash)]
        ruling: [u8; 32],
    },
    /// End a dispute whose ruling deadline passed (anyone).
    #[command(alias = "lapse")]
    LapseDispute { case: CaseId },
    /// Close a case (its customer; anyone after expiry).
    CloseCase { case: CaseId },
    /// Join the compensation pool of the case's product after upheld fraud (the case's customer, once).
    JoinPool { case: CaseId },
    /// Credit one's share of a product's compensation pool after the claim window (a member, once).
    ClaimCompensation { product: ProductId },
    /// Show a product's compensation pool and an account's (default: the signer's) membership.
    Pool {
        product: ProductId,
        /// The customer (SS58).
        #[arg(value_parser = parse::account)]
        account: Option<AccountId>,
    },
    /// Pull everything the signer is owed.
    Claim,
    /// Show a product.
    Product { product: ProductId },
    /// Show an advisor's authorization for a product.
    Authorization {
        product: ProductId,
        /// The advisor (SS58).
        #[arg(value_parser = parse::account)]
        advisor: AccountId,
    },
    /// Show a service case and its dispute.
    Case { case: CaseId },
    /// What an account (default: the signer) may claim.
    #[command(alias = "credit")]
    CreditOf {
        /// The account (SS58).
        #[arg(value_parser = parse::account)]
        account: Option<AccountId>,
    },
    /// A fresh random challenge for an advisor (customer).
    Challenge,
    /// Answer a customer's challenge about a product (advisor): signs a
    /// domain-separated message bound to this chain, contract, product and
    /// customer.
    Answer {
        product: ProductId,
        /// The customer who asks (SS58).
        #[arg(value_parser = parse::account)]
        customer: AccountId,
        /// The customer's challenge (32 bytes, hex).
        #[arg(value_parser = parse::hash)]
        challenge: [u8; 32],
    },
    /// Verify an advisor's answer against its authorization record (customer).
    Verify {
        product: ProductId,
        /// The advisor (SS58).
        #[arg(value_parser = parse::account)]
        advisor: AccountId,
        /// The challenge sent (hex).
        #[arg(value_parser = parse::hash)]
        challenge: [u8; 32],
        /// The advisor's answer (64 bytes, hex).
        #[arg(value_parser = parse::signature)]
        signature: [u8; 64],
    },
}

/// A fraud report with its evidence, or nothing wrong.
pub fn verdict(fraud: Option<[u8; 32]>) -> Verdict {
    fraud.map_or(Verdict::Ok, Verdict::Fraud)
}

/// A compensation pool for people.
pub fn describe_pool(pool: &Option<Pool>) -> String {
    let now = now_ms();
    match pool {
        None => "no compensation pool (no fraud upheld)".into(),
        Some(p) => format!(
            "compensation pool: {} for {} members (at most {} each), {} paid to {} so far; members join until {}",
            fid(p.funds),
            p.claimants,
            fid(p.cap_per_customer),
            fid(p.paid),
            p.claimed,
            when(p.closes_at, now)
        ),
    }
}

/// Runs an advice action.
pub async fn run(cx: &Context, args: Args) -> Result<()> {
    if let Action::Challenge = args.action {
        let challenge = format!("0x{}", hex::encode(advice::advisor_challenge()?));
        return cx.out.show(&challenge, |c| c.clone());
    }
    let address = contract_address(args.contract, "FIDUCIA_ADVICE")?;
    let advice = Advice::at(cx.chain().await?, address, load_bundle("advice", args.bundle)?);
    let (out, wait) = (cx.out, cx.wait);
    let signer = || cx.signer();
    match args.action {
        Action::Challenge => unreachable!("answered without a node above"),
        Action::PublishProduct => out.receipt("product published", &advice.publish_product(&signer()?, wait).await?),
        Action::AddAttribute { product, key, value } => {
            out.receipt("attribute added", &advice.add_attribute(product, &key, &value, &signer()?, wait).await?)
        },
        Action::AddPromise { product, text } => {
            out.receipt("promise added", &advice.add_promise(product, &text, &signer()?, wait).await?)
        },
        Action::OpenProduct { product } => {
            out.receipt("product open", &advice.open_product(product, &signer()?, wait).await?)
        },
        Action::CloseProduct { product } => {
            out.receipt("product closed", &advice.close_product(product, &signer()?, wait).await?)
        },
        Action::WithdrawBond { product } => {
            out.receipt("bond credited", &advice.withdraw_bond(product, &signer()?, wait).await?)
        },
        Action::RequestAuthorization { product } => {
            out.receipt("authorization requested", &advice.request_authorization(product, &signer()?, wait).await?)
        },
        Action::WithdrawRequest { product } => {
            out.receipt("request withdrawn", &advice.withdraw_request(product, &signer()?, wait).await?)
        },
        Action::Authorize { product, advisor, advisory, signing, info } => {
            let rights = Rights { advisory, signing };
            out.receipt(
                "advisor authorized",
                &advice.authorize(product, &advisor, rights, info, &signer()?, wait).await?,
            )
        },
        Action::Revoke { product, advisor } => {
            out.receipt("revoked", &advice.revoke(product, &advisor, &signer()?, wait).await?)
        },
        Action::ReclaimDeposit { product } => {
            out.receipt("deposit credited", &advice.reclaim_deposit(product, &signer()?, wait).await?)
        },
        Action::OpenCase { product, advisor } => {
            out.receipt("case opened", &advice.open_case(product, &advisor, &signer()?, wait).await?)
        },
        Action::CheckProduct { case, fraud } => {
            out.receipt("product checked", &advice.check_product(case, verdict(fraud), &signer()?, wait).await?)
        },
        Action::Rule { case, fraud, ruling } => {
            out.receipt("ruled", &advice.rule(case, fraud, ruling, &signer()?, wait).await?)
        },
        Action::LapseDispute { case } => {
            out.receipt("dispute lapsed", &advice.lapse_dispute(case, &signer()?, wait).await?)
        },
        Action::CloseCase { case } => out.receipt("case closed", &advice.close_case(case, &signer()?, wait).await?),
        Action::JoinPool { case } => {
            out.receipt("joined the compensation pool", &advice.join_pool(case, &signer()?, wait).await?)
        },
        Action::ClaimCompensation { product } => {
            out.receipt("share credited", &advice.claim_compensation(product, &signer()?, wait).await?)
        },
        Action::Pool { product, account } => {
            let who = match account {
                Some(account) => account,
                None => cx.me()?,
            };
            let record = advice.product(product).await?.with_context(|| format!("there is no product #{product}"))?;
            let member = advice.pool_member(product, &who).await?;
            let report = serde_json::json!({ "pool": record.product.bond.pool, "member": member });
            out.show(&report, |_| {
                format!("{}\n{who}: {}", describe_pool(&record.product.bond.pool), membership(member))
            })
        },
        Action::Claim => out.receipt("claimed", &advice.claim(&signer()?, wait).await?),
        Action::Product { product } => {
            let record = advice.product(product).await?.with_context(|| format!("there is no product #{product}"))?;
            out.show(&record, |r| {
                let p = &r.product;
                format!(
                    "product #{product} of {}: {:?}, {} attributes, {} promises; bond {} free, {} cases open\n{}",
                    r.institution,
                    p.status,
                    p.attributes,
                    p.promises,
                    fid(p.bond.free),
                    p.bond.open_cases,
                    describe_pool(&p.bond.pool)
                )
            })
        },
        Action::Authorization { product, advisor } => {
            let record = advice.authorization(product, &advisor).await?;
            out.show(&record, |r| match r {
                None => format!("{advisor} never asked to advise on product #{product}"),
                Some(a) => format!(
                    "{advisor} on product #{product}: {:?} (advice: {}, signing: {}), deposit {}, {} cases open, info 0x{}",
                    a.status,
                    a.rights.advisory,
                    a.rights.signing,
                    fid(a.deposit),
                    a.open_cases,
                    hex::encode(a.info)
                ),
            })
        },
        Action::Case { case } => {
            let (record, dispute) = (advice.case(case).await?, advice.dispute(case).await?);
            let record = record.with_context(|| format!("there is no case #{case}"))?;
            let report = serde_json::json!({ "case": record, "dispute": dispute });
            out.show(&report, |_| {
                let now = now_ms();
                let mut text = format!(
                    "case #{case} on product #{}: {} with advisor {}, {:?}, deposit {}, expires {}",
                    record.product,
                    record.customer,
                    record.advisor,
                    record.status,
                    fid(record.deposit),
                    when(record.expires_at, now)
                );
                if let Some(d) = &dispute {
                    text.push_str(&format!(
                        "\ndispute: {} accuses {}, {:?}; an arbiter rules by {}",
                        d.dispute.claimant,
                        d.dispute.accused,
                        d.dispute.status,
                        when(d.dispute.deadline, now)
                    ));
                }
                text
            })
        },
        Action::CreditOf { account } => {
            let who = match account {
                Some(account) => account,
                None => cx.me()?,
            };
            let credit = advice.credit_of(&who).await?;
            out.show(&credit, |c| format!("{who} may claim {}", fid(*c)))
        },
        Action::Answer { product, customer, challenge } => {
            let signature = advice::answer_challenge(&advice, product, &signer()?, &customer, &challenge);
            out.show(&format!("0x{}", hex::encode(signature)), |s| s.clone())
        },
        Action::Verify { product, advisor, challenge, signature } => {
            let record = advice::verify_advisor(&advice, product, &advisor, &cx.me()?, &challenge, &signature).await?;
            out.show(&record, |r| {
                format!(
                    "{advisor} is authorized for product #{product} (advice: {}, signing: {}), info 0x{}",
                    r.rights.advisory,
                    r.rights.signing,
                    hex::encode(r.info)
                )
            })
        },
    }
}

/// An account's standing in a pool, for people.
pub fn membership(member: Option<Membership>) -> &'static str {
    match member {
        None => "not a member",
        Some(Membership::Joined) => "a member; its share is claimable after the window",
        Some(Membership::Claimed) => "a member whose share was credited",
    }
}
