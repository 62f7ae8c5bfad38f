//! Weight (`gas_required` of the dry-run each call was signed for:
//! ref_time, proof_size) of the FITM contracts' main messages on a fresh dev
//! node, walking the paper's cases once. Prints a Markdown table for
//! docs/weights.md. `sign` includes the cross-contract read of the advice contract.
//!
//! `cargo bench --workspace --bench trust_weights` (after `./scripts/build.sh`).

use anyhow::Result;
use fiducia_client::{
    account_of,
    advice::Advice,
    contract::{EventSet, Receipt},
    investment::Investment,
    signer_from_uri, Keypair, Wait,
};
use fiducia_core::trust::{
    agreement::AgreementTerms,
    authorization::Rights,
    params::{AdviceParams, InvestmentParams},
    Verdict,
};
use fiducia_e2e::{bundle, DevNode};
use std::time::Duration;

const FID: u128 = 1_000_000_000_000;
const W: Wait = Wait::Finalized;

fn dev(name: &str) -> Keypair {
    signer_from_uri(&format!("//{name}")).expect("dev account")
}

/// Collects `(contract, message, ref_time, proof_size)` rows.
#[derive(Default)]
struct Table(Vec<(&'static str, &'static str, u64, u64)>);

impl Table {
    fn add<T, Ev: EventSet>(&mut self, contract: &'static str, message: &'static str, r: &Receipt<T, Ev>) {
        self.0.push((contract, message, r.gas_required.0, r.gas_required.1));
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let node = DevNode::start().await?;
    let chain = node.chain().await?;
    let (alice, bob, charlie, dave, eve, ferdie) =
        (dev("Alice"), dev("Bob"), dev("Charlie"), dev("Dave"), dev("Eve"), dev("Ferdie"));
    let advice = Advice::deploy(&chain, bundle("advice")?, Some(AdviceParams::default()), &alice, W).await?;
    let params = InvestmentParams {
        agreement: AgreementTerms { cooling_off_ms: 15_000, ..AgreementTerms::default() },
        ..InvestmentParams::default()
    };
    let investment =
        Investment::deploy(&chain, bundle("investment")?, advice.address(), Some(params), &alice, W).await?;
    let mut t = Table::default();

    let r = advice.publish_product(&bob, W).await?;
    t.add("advice", "publish_product", &r);
    let product = r.value;
    t.add("advice", "add_attribute", &advice.add_attribute(product, "risk", "4 of 7", &bob, W).await?);
    t.add("advice", "add_promise", &advice.add_promise(product, "bond compensates fraud", &bob, W).await?);
    t.add("advice", "open_product", &advice.open_product(product, &bob, W).await?);
    t.add("advice", "request_authorization", &advice.request_authorization(product, &charlie, W).await?);
    let both = Rights { advisory: true, signing: true };
    t.add("advice", "authorize", &advice.authorize(product, &account_of(&charlie), both, [1; 32], &bob, W).await?);
    let r = advice.open_case(product, &account_of(&charlie), &dave, W).await?;
    t.add("advice", "open_case", &r);
    let case = r.value;
    t.add("advice", "check_product (Ok)", &advice.check_product(case, Verdict::Ok, &dave, W).await?);

    let r = investment.release_template(product, [7; 32], &bob, W).await?;
    t.add("investment", "release_template", &r);
    let template = r.value;
    t.add(
        "investment",
        "check_template (Ok)",
        &investment.check_template(case, template, Verdict::Ok, &dave, W).await?,
    );
    let r = investment.propose(case, template, 1_000 * FID, &charlie, W).await?;
    t.add("investment", "propose", &r);
    let id = r.value;
    let terms = investment.agreement(id).await?.expect("agreement").agreement.terms_hash;
    t.add("investment", "sign (customer)", &investment.sign(id, terms, &dave, W).await?);
    t.add("investment", "sign (advisor)", &investment.sign(id, terms, &charlie, W).await?);
    let deadline = investment.agreement(id).await?.expect("agreement").agreement.deadline;
    while chain.timestamp().await? <= deadline {
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    t.add("investment", "settle", &investment.settle(id, &ferdie, W).await?);
    t.add("investment", "claim", &investment.claim(&bob, W).await?);

    let id = investment.propose(case, template, 1_000 * FID, &charlie, W).await?.value;
    let terms = investment.agreement(id).await?.expect("agreement").agreement.terms_hash;
    investment.sign(id, terms, &dave, W).await?;
    investment.sign(id, terms, &charlie, W).await?;
    let r = investment.dispute_agreement(id, [9; 32], &dave, W).await?;
    t.add("investment", "dispute_agreement", &r);
    t.add("investment", "rule", &investment.rule(r.value, true, [8; 32], &ferdie, W).await?);

    let case2 = advice.open_case(product, &account_of(&charlie), &eve, W).await?.value;
    t.add("advice", "check_product (Fraud)", &advice.check_product(case2, Verdict::Fraud([9; 32]), &eve, W).await?);
    t.add("advice", "rule", &advice.rule(case2, true, [8; 32], &ferdie, W).await?);
    t.add("advice", "join_pool", &advice.join_pool(case, &dave, W).await?);
    t.add("advice", "claim", &advice.claim(&eve, W).await?);
    t.add("advice", "close_case", &advice.close_case(case, &dave, W).await?);

    println!("| contract | message | ref_time | proof_size |");
    println!("|---|---|---:|---:|");
    for (contract, message, ref_time, proof_size) in &t.0 {
        println!("| {contract} | `{message}` | {ref_time} | {proof_size} |");
    }
    Ok(())
}
