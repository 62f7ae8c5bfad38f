//! The FITM contracts on a real dev node, through the client (docs/protocol/fitm.md):
//! the paper's success case with the advisor challenge and cooling-off
//! settlement; product fraud suspending the product, which the investment
//! contract then learns through its cross-contract read, and turning its bond
//! into a compensation pool that the victim and another customer of the
//! product share after the claim window; a dismissed product claim;
//! agreement fraud; the arbiter's and a signer's timeouts. After every step
//! each contract's balance equals what it owes. The indexer (`fiducia index
//! run --once`) follows both flows, resuming where it stopped, and its index
//! agrees with the contracts on every product, advisor, case, agreement and
//! dispute.
//!
//! Dev genesis: every dev account holds every role. Bob is the institution,
//! Charlie the advisor, Alice, Dave and Eve customers, Ferdie the arbiter.

use fiducia_client::{
    account_of,
    advice::{advisor_challenge, answer_challenge, verify_advisor, Advice},
    investment::{Investment, Subject},
    signer_from_uri, AccountId, Chain, Error, Keypair, Wait,
};
use fiducia_core::trust::{
    agreement::{AgreementStatus, AgreementTerms},
    authorization::{AuthorizationError, Rights},
    dispute::DisputeStatus,
    error::{AdviceError, InvestmentError},
    params::{AdviceParams, InvestmentParams},
    pool::PoolError,
    product::{ProductError, ProductStatus},
    template::TemplateStatus,
    CaseId, ProductId, TemplateId, Verdict,
};
use fiducia_e2e::{bundle, cli, DevNode};
use std::time::Duration;

const FID: u128 = 1_000_000_000_000;
const W: Wait = Wait::Finalized;
const MINUTE: u64 = 60_000;
const TERMS: [u8; 32] = [0x7E; 32];
const EVIDENCE: [u8; 32] = [0xE7; 32];
const RULING: [u8; 32] = [0x70; 32];
const BOTH: Rights = Rights { advisory: true, signing: true };

fn dev(name: &str) -> Keypair {
    signer_from_uri(&format!("//{name}")).expect("dev account")
}

fn everyone() -> Vec<AccountId> {
    ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"].map(|n| account_of(&dev(n))).to_vec()
}

/// Both FITM contracts, freshly deployed, with the window lengths given.
struct Trust {
    chain: Chain,
    advice: Advice,
    investment: Investment,
    /// Each contract's balance right after deployment (its existential deposit).
    base: (u128, u128),
    /// Holds the index database of [`Trust::index_agrees`].
    dir: tempfile::TempDir,
}

impl Trust {
    async fn open(node: &DevNode, ruling_window_ms: u64, agreement: AgreementTerms) -> anyhow::Result<Trust> {
        let chain = node.chain().await?;
        // Short ruling and claim windows, so the compensation pool closes
        // within the test (the claim window may not be shorter than the ruling window).
        let advice_params =
            AdviceParams { ruling_window_ms: MINUTE, claim_window_ms: MINUTE, ..AdviceParams::default() };
        let advice = Advice::deploy(&chain, bundle("advice")?, Some(advice_params), &dev("Alice"), W).await?;
        let params = InvestmentParams { ruling_window_ms, agreement, ..InvestmentParams::default() };
        let investment =
            Investment::deploy(&chain, bundle("investment")?, advice.address(), Some(params), &dev("Alice"), W).await?;
        let base = (chain.free_balance(advice.address()).await?, chain.free_balance(investment.address()).await?);
        Ok(Trust { chain, advice, investment, base, dir: tempfile::tempdir()? })
    }

    /// Bob's open product, Charlie authorized with both rights, a template.
    async fn market(&self) -> anyhow::Result<(ProductId, TemplateId)> {
        let (bob, charlie) = (dev("Bob"), dev("Charlie"));
        let product = self.advice.publish_product(&bob, W).await?.value;
        self.advice.add_attribute(product, "risk", "4 of 7", &bob, W).await?;
        self.advice.add_promise(product, "the bond compensates proven fraud", &bob, W).await?;
        self.advice.open_product(product, &bob, W).await?;
        self.advice.request_authorization(product, &charlie, W).await?;
        self.advice.authorize(product, &account_of(&charlie), BOTH, [0x1F; 32], &bob, W).await?;
        let template = self.investment.release_template(product, TERMS, &bob, W).await?.value;
        Ok((product, template))
    }

    async fn case(&self, product: ProductId, customer: &Keypair) -> anyhow::Result<CaseId> {
        Ok(self.advice.open_case(product, &account_of(&dev("Charlie")), customer, W).await?.value)
    }

    /// Proposes an agreement of `amount` in `case` and has both parties sign it.
    async fn signed(
        &self,
        case: CaseId,
        template: TemplateId,
        amount: u128,
        customer: &Keypair,
    ) -> anyhow::Result<u64> {
        let charlie = dev("Charlie");
        let id = self.investment.propose(case, template, amount, &charlie, W).await?.value;
        let terms = self.investment.agreement(id).await?.expect("agreement").agreement.terms_hash;
        self.investment.sign(id, terms, customer, W).await?;
        self.investment.sign(id, terms, &charlie, W).await?;
        Ok(id)
    }

    /// Conservation on chain: each contract's balance above its existential
    /// deposit equals what it owes.
    async fn assert_conserved(&self) -> anyhow::Result<()> {
        let (a, i) = (&self.advice, &self.investment);
        let mut owed = 0;
        for p in 0..a.product_count().await? {
            owed += a.product(p).await?.expect("product").product.bond.held();
            for who in everyone() {
                owed += a.authorization(p, &who).await?.map_or(0, |auth| auth.deposit);
            }
        }
        for c in 0..a.case_count().await? {
            owed += a.case(c).await?.expect("case").deposit;
        }
        for who in everyone() {
            owed += a.credit_of(&who).await?;
        }
        let held = self.chain.free_balance(a.address()).await? - self.base.0;
        assert_eq!(held, owed, "advice balance = Σ owed");

        let (templates, agreements, disputes) = i.counts().await?;
        let mut owed = 0;
        for t in 0..templates {
            owed += i.template(t).await?.expect("template").template.bond.held();
        }
        for d in 0..agreements {
            owed += i.agreement(d).await?.expect("agreement").agreement.held();
        }
        for d in 0..disputes {
            let claim = i.dispute(d).await?.expect("dispute");
            if claim.dispute.status == DisputeStatus::Open {
                owed += claim.dispute.stakes.claimant_deposit;
            }
        }
        for who in everyone() {
            owed += i.credit_of(&who).await?;
        }
        let held = self.chain.free_balance(i.address()).await? - self.base.1;
        assert_eq!(held, owed, "investment balance = Σ owed");
        Ok(())
    }

    /// Runs `fiducia index run --once` over both contracts into this test's
    /// SQLite index (a second call resumes after the last stored block), then
    /// compares the index with the contracts' own answers: every product
    /// (institution, bond, status), every advisor's authorization (status,
    /// rights), every case (parties, product, status, dispute deadline),
    /// agreement (case, amount, stake, status, deadline) and dispute
    /// (subject, parties, status, deadline), and holds no row the contracts
    /// do not have. Returns the last block indexed and how many blocks this
    /// run stored.
    async fn index_agrees(&self, node: &DevNode) -> anyhow::Result<(u64, u64)> {
        let db = self.dir.path().join("index.sqlite").display().to_string();
        let (advice, investment) = (self.advice.address().to_string(), self.investment.address().to_string());
        let args = ["--url", &node.url, "index", "--db", &db, "run", "--once", "--advice", &advice];
        let (ok, progress) = cli(&[&args[..], &["--investment", &investment]].concat(), &[])?;
        assert!(ok, "index run --once: {progress}");
        println!("indexer: {progress}");
        let stored = progress["blocks"].as_u64().expect("the run reports its blocks");
        let store = fiducia_index::Store::connect(&db).await?;
        let (a, i) = (&self.advice, &self.investment);
        let params = a.params().await?;
        let products = store.products().await?;
        assert_eq!(products.len(), a.product_count().await? as usize, "products");
        for row in products {
            let id = ProductId::try_from(row.id)?;
            let record = a.product(id).await?.expect("product");
            assert_eq!(row.institution, record.institution.to_string(), "product #{}", row.id);
            // `publish_product` takes exactly the parameters' bond.
            assert_eq!(row.bond, params.product_bond, "product #{}", row.id);
            assert_eq!(row.status, format!("{:?}", record.product.status), "product #{}", row.id);
            let advisors = store.authorizations(row.id).await?;
            let mut on_chain_advisors = 0;
            for who in everyone() {
                let on_chain = a.authorization(id, &who).await?;
                let indexed = advisors.iter().find(|r| r.advisor == who.to_string());
                match (on_chain, indexed) {
                    (None, None) => {},
                    (Some(auth), Some(r)) => {
                        on_chain_advisors += 1;
                        assert_eq!(r.status, format!("{:?}", auth.status), "product #{}, {who}", row.id);
                        let rights = (r.rights.contains("advisory"), r.rights.contains("signing"));
                        assert_eq!(rights, (auth.rights.advisory, auth.rights.signing), "product #{}, {who}", row.id);
                    },
                    (chain, index) => panic!("product #{}, {who}: chain {chain:?}, index {index:?}", row.id),
                }
            }
            assert_eq!(advisors.len(), on_chain_advisors, "product #{}: advisors the contract does not know", row.id);
        }
        // No row the contracts do not have (the loops below look rows up by id).
        let (_, agreements, disputes) = i.counts().await?;
        assert_eq!(rows(&store, "cases").await?, a.case_count().await?, "cases");
        assert_eq!(rows(&store, "agreements").await?, agreements, "agreements");
        assert_eq!(rows(&store, "investment_disputes").await?, disputes, "disputes");
        for id in 0..a.case_count().await? {
            let case = a.case(id).await?.expect("case");
            let mine = store.records(&case.customer.to_string()).await?;
            let row = mine.cases.iter().find(|c| c.id == id).expect("case indexed for its customer");
            assert_eq!(
                (row.product_id, &row.customer, &row.advisor, &row.status),
                (
                    u64::from(case.product),
                    &case.customer.to_string(),
                    &case.advisor.to_string(),
                    &format!("{:?}", case.status)
                ),
                "case #{id}"
            );
            let deadline = match a.dispute(id).await? {
                Some(d) if d.dispute.status == DisputeStatus::Open => Some(d.dispute.deadline),
                _ => None,
            };
            assert_eq!(row.dispute_deadline_ms, deadline, "case #{id}");
            let theirs = store.records(&case.advisor.to_string()).await?;
            assert!(theirs.cases.iter().any(|c| c.id == id), "case #{id} indexed for its advisor");
        }
        for id in 0..agreements {
            let record = i.agreement(id).await?.expect("agreement");
            let deal = &record.agreement;
            for party in [&record.customer, &record.advisor] {
                let mine = store.records(&party.to_string()).await?;
                let row = mine.agreements.iter().find(|r| r.id == id).expect("agreement indexed for both parties");
                assert_eq!(
                    (row.case_id, row.amount, row.stake, &row.status, row.deadline_ms),
                    (record.case, deal.amount, deal.stake, &format!("{:?}", deal.status), deal.deadline),
                    "agreement #{id}"
                );
            }
        }
        for id in 0..disputes {
            let claim = i.dispute(id).await?.expect("dispute");
            let d = &claim.dispute;
            for party in [&d.claimant, &d.accused] {
                let mine = store.records(&party.to_string()).await?;
                let row = mine.disputes.iter().find(|r| r.id == id).expect("dispute indexed for both parties");
                assert_eq!(
                    (&row.subject, &row.claimant, &row.accused, &row.status, row.deadline_ms),
                    (
                        &format!("{:?}", claim.subject),
                        &d.claimant.to_string(),
                        &d.accused.to_string(),
                        &format!("{:?}", d.status),
                        d.deadline
                    ),
                    "dispute #{id}"
                );
            }
        }
        let head = store.cursor().await?.expect("a block").number;
        let blocks: Vec<i64> =
            sqlx::query_scalar::<_, i64>("SELECT number FROM blocks ORDER BY number").fetch_all(store.pool()).await?;
        assert_eq!(blocks, (1..=head as i64).collect::<Vec<_>>(), "every block once, no gap");
        store.close().await;
        Ok((head, stored))
    }

    /// Waits until the latest finalized block's timestamp is past `ms`.
    async fn wait_past(&self, ms: u64) -> anyhow::Result<()> {
        for _ in 0..300 {
            if self.chain.timestamp().await? > ms {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        anyhow::bail!("the chain's clock did not pass {ms}")
    }
}

/// Rows in `table` of the index.
async fn rows(store: &fiducia_index::Store, table: &str) -> anyhow::Result<u64> {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    Ok(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).fetch_one(store.pool()).await? as u64)
}

#[tokio::test(flavor = "multi_thread")]
async fn success_then_product_fraud_stops_signing_across_contracts() -> anyhow::Result<()> {
    let node = DevNode::start().await?;
    let cooling =
        AgreementTerms { cooling_off_ms: 20_000, signing_window_ms: 10 * MINUTE, ..AgreementTerms::default() };
    let t = Trust::open(&node, 10 * MINUTE, cooling).await?;
    let (bob, charlie, dave, eve, ferdie) = (dev("Bob"), dev("Charlie"), dev("Dave"), dev("Eve"), dev("Ferdie"));
    let (product, template) = t.market().await?;

    // Dave challenges Charlie before trusting him; Eve cannot pass as Charlie.
    let challenge = advisor_challenge()?;
    let answer = answer_challenge(&t.advice, product, &charlie, &account_of(&dave), &challenge);
    let record =
        verify_advisor(&t.advice, product, &account_of(&charlie), &account_of(&dave), &challenge, &answer).await?;
    assert_eq!((record.rights, record.info), (BOTH, [0x1F; 32]));
    let forged = answer_challenge(&t.advice, product, &eve, &account_of(&dave), &challenge);
    assert!(matches!(
        verify_advisor(&t.advice, product, &account_of(&charlie), &account_of(&dave), &challenge, &forged).await,
        Err(Error::Untrusted(_))
    ));
    // An answer Charlie gave Eve (relaying Dave's challenge) does not verify for Dave.
    let relayed = answer_challenge(&t.advice, product, &charlie, &account_of(&eve), &challenge);
    assert!(matches!(
        verify_advisor(&t.advice, product, &account_of(&charlie), &account_of(&dave), &challenge, &relayed).await,
        Err(Error::Untrusted(_))
    ));

    // Success: checks, signatures, cooling-off, settlement, pulls.
    let case = t.case(product, &dave).await?;
    t.advice.check_product(case, Verdict::Ok, &dave, W).await?;
    t.investment.check_template(case, template, Verdict::Ok, &dave, W).await?;
    let amount = 1_000 * FID;
    let id = t.signed(case, template, amount, &dave).await?;
    let deal = t.investment.agreement(id).await?.expect("agreement");
    assert_eq!((deal.agreement.status, deal.agreement.stake), (AgreementStatus::CoolingOff, 200 * FID));
    t.assert_conserved().await?;
    let early = t.investment.settle(id, &ferdie, W).await;
    assert!(matches!(early, Err(Error::Investment(InvestmentError::Agreement(_)))), "{early:?}");
    t.wait_past(deal.agreement.deadline).await?;
    t.investment.settle(id, &ferdie, W).await?;
    assert_eq!(t.investment.credit_of(&account_of(&bob)).await?, amount);
    assert_eq!(t.investment.credit_of(&account_of(&charlie)).await?, 200 * FID);
    let before = t.chain.free_balance(&account_of(&bob)).await?;
    let claimed = t.investment.claim(&bob, W).await?;
    assert_eq!(claimed.value, amount);
    let gained = t.chain.free_balance(&account_of(&bob)).await? - before;
    // Less the fee, plus the storage deposit freed by emptying the credit.
    assert!(gained.abs_diff(amount) < FID, "the investment: {gained}");
    t.investment.claim(&charlie, W).await?;
    t.assert_conserved().await?;

    // Alice becomes a customer of the product before anyone reports it.
    let alice = dev("Alice");
    let alice_case = t.case(product, &alice).await?;
    // A dismissed product claim: Dave's second case pays the penalty to Bob.
    let case2 = t.case(product, &dave).await?;
    t.advice.check_product(case2, Verdict::Fraud(EVIDENCE), &dave, W).await?;
    t.advice.rule(case2, false, RULING, &ferdie, W).await?;
    let params = t.advice.params().await?;
    assert_eq!(t.advice.credit_of(&account_of(&bob)).await?, params.report_penalty);
    assert_eq!(t.advice.case(case2).await?.expect("case").deposit, params.service_deposit - params.report_penalty);
    t.assert_conserved().await?;

    // Product fraud: Eve's case; the product is suspended, Eve refunded and
    // joined to the compensation pool the bond became; the investment
    // contract now refuses to sign in Dave's case, because the advice
    // contract says the product is not open.
    let case3 = t.case(product, &eve).await?;
    t.advice.check_product(case3, Verdict::Fraud(EVIDENCE), &eve, W).await?;
    t.assert_conserved().await?;
    t.advice.rule(case3, true, RULING, &ferdie, W).await?;
    let listing = t.advice.product(product).await?.expect("product");
    assert_eq!(listing.product.status, ProductStatus::Suspended);
    let pool = listing.product.bond.pool.expect("the upheld ruling opened the pool");
    assert_eq!((pool.funds, pool.claimants), (params.product_bond, 1));
    assert_eq!(
        t.advice.credit_of(&account_of(&eve)).await?,
        params.service_deposit,
        "the deposit now, the share later"
    );
    let refused = t.investment.propose(case2, template, amount, &charlie, W).await;
    assert!(
        matches!(
            refused,
            Err(Error::Investment(InvestmentError::Advice(AdviceError::Product(ProductError::WrongState))))
        ),
        "{refused:?}"
    );
    // Alice had a case before the first report: she joins, once. Dave's own
    // claim was dismissed: he may not join.
    t.advice.join_pool(alice_case, &alice, W).await?;
    let again = t.advice.join_pool(alice_case, &alice, W).await;
    assert!(matches!(again, Err(Error::Advice(AdviceError::Pool(PoolError::AlreadyJoined)))), "{again:?}");
    let dismissed = t.advice.join_pool(case, &dave, W).await;
    assert!(matches!(dismissed, Err(Error::Advice(AdviceError::Pool(PoolError::ClaimDismissed)))), "{dismissed:?}");
    let early = t.advice.claim_compensation(product, &eve, W).await;
    assert!(matches!(early, Err(Error::Advice(AdviceError::Pool(PoolError::StillOpen)))), "{early:?}");
    t.assert_conserved().await?;
    // After the claim window each member is credited min(cap, funds / members), once.
    t.wait_past(pool.closes_at).await?;
    let share = params.fraud_compensation.min(params.product_bond / 2);
    assert_eq!(t.advice.claim_compensation(product, &eve, W).await?.value, share);
    assert_eq!(t.advice.claim_compensation(product, &alice, W).await?.value, share);
    let twice = t.advice.claim_compensation(product, &alice, W).await;
    assert!(matches!(twice, Err(Error::Advice(AdviceError::Pool(PoolError::AlreadyClaimed)))), "{twice:?}");
    assert_eq!(t.advice.credit_of(&account_of(&eve)).await?, params.service_deposit + share);
    t.advice.claim(&eve, W).await?;
    t.assert_conserved().await?;
    t.index_agrees(&node).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn agreement_fraud_and_every_timeout() -> anyhow::Result<()> {
    let node = DevNode::start().await?;
    let windows =
        AgreementTerms { signing_window_ms: 20_000, cooling_off_ms: 10 * MINUTE, ..AgreementTerms::default() };
    let t = Trust::open(&node, 20_000, windows).await?;
    let (bob, charlie, dave, eve, ferdie) = (dev("Bob"), dev("Charlie"), dev("Dave"), dev("Eve"), dev("Ferdie"));
    let (product, template) = t.market().await?;
    let case = t.case(product, &dave).await?;
    let amount = 1_000 * FID;

    // Agreement fraud: Dave disputes during cooling-off (paying the report
    // deposit), the arbiter upholds it; Dave gets the investment and the
    // deposit back plus 10 % from Charlie's stake.
    let deposit = t.investment.params().await?.report_deposit;
    let id = t.signed(case, template, amount, &dave).await?;
    let dispute = t.investment.dispute_agreement(id, EVIDENCE, &dave, W).await?.value;
    t.assert_conserved().await?;
    t.investment.rule(dispute, true, RULING, &ferdie, W).await?;
    let deal = t.investment.agreement(id).await?.expect("agreement");
    assert_eq!(deal.agreement.status, AgreementStatus::Refunded);
    assert_eq!(t.investment.credit_of(&account_of(&dave)).await?, amount + deposit + 100 * FID);
    assert_eq!(t.investment.credit_of(&account_of(&charlie)).await?, 100 * FID);
    assert_eq!(t.investment.credit_of(&account_of(&bob)).await?, 0);
    t.assert_conserved().await?;
    let (first, _) = t.index_agrees(&node).await?;

    // A signer's timeout: Dave pays, Charlie never signs; anyone lapses it.
    let id = t.investment.propose(case, template, amount, &charlie, W).await?.value;
    let terms = t.investment.agreement(id).await?.expect("agreement").agreement.terms_hash;
    t.investment.sign(id, terms, &dave, W).await?;
    let deadline = t.investment.agreement(id).await?.expect("agreement").agreement.deadline;
    t.assert_conserved().await?;
    t.wait_past(deadline).await?;
    t.investment.lapse_agreement(id, &eve, W).await?;
    assert_eq!(t.investment.agreement(id).await?.expect("agreement").agreement.status, AgreementStatus::Lapsed);
    assert_eq!(t.investment.credit_of(&account_of(&dave)).await?, 2 * amount + deposit + 100 * FID);

    // The arbiter's timeout: Dave reports the template, nobody rules; Dave
    // recovers the report deposit and the template stays offered.
    t.investment.check_template(case, template, Verdict::Fraud(EVIDENCE), &dave, W).await?;
    let (_, _, disputes) = t.investment.counts().await?;
    let report = disputes - 1;
    let claim = t.investment.dispute(report).await?.expect("dispute");
    assert_eq!((claim.subject, claim.dispute.status), (Subject::Template(template), DisputeStatus::Open));
    t.assert_conserved().await?;
    t.wait_past(claim.dispute.deadline).await?;
    let late = t.investment.rule(report, true, RULING, &ferdie, W).await;
    assert!(matches!(late, Err(Error::Investment(InvestmentError::Dispute(_)))), "{late:?}");
    t.investment.lapse_dispute(report, &eve, W).await?;
    assert_eq!(t.investment.credit_of(&account_of(&dave)).await?, 2 * amount + 100 * FID + 2 * deposit);
    assert_eq!(t.investment.template(template).await?.expect("template").template.status, TemplateStatus::Offered);
    t.assert_conserved().await?;

    // Revoking Charlie stops his signatures at once (cross-contract check).
    t.advice.revoke(product, &account_of(&charlie), &bob, W).await?;
    let refused = t.investment.propose(case, template, amount, &charlie, W).await;
    assert!(
        matches!(
            refused,
            Err(Error::Investment(InvestmentError::Advice(AdviceError::Authorization(
                AuthorizationError::MissingRight
            ))))
        ),
        "{refused:?}"
    );
    for who in [&dave, &charlie] {
        t.investment.claim(who, W).await?;
    }
    t.assert_conserved().await?;
    // The second run resumes after the first one's last block: it stores
    // only the blocks after it.
    let (head, stored) = t.index_agrees(&node).await?;
    assert!(head > first);
    assert_eq!(stored, head - first, "the second run stored blocks #{} to #{head} only", first + 1);
    Ok(())
}
