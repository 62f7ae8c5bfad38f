//! Off-chain tests of the investment contract. The cross-contract read is
//! answered by the real `advice` contract, instantiated in the same
//! off-chain environment at its own account ([`sibling`]); the registry is
//! the shared mock (`fiducia-testkit`).
//!
//! This module holds the fixture (a contract, its account and registry, and
//! builders of each state); the tests are grouped by theme: [`paper`] (the
//! paper's agreement cases, template reports and timeouts),
//! [`cross_contract`] (what the advice contract's state allows), [`bugs`]
//! (docs/protocol/fitm.md#what-the-fitm-papers-code-got-wrong: one named test each),
//! [`security_review`] (the security review (docs/security.md): compensation, self-dealing, frozen bonds,
//! licenses, parameters), [`inputs`] (bad input → typed error, nothing
//! changed), [`permissions`] (the permission matrix) and [`sequences`]
//! (conservation over 10,000 random sequences).

mod bugs;
mod cross_contract;
mod inputs;
mod paper;
mod permissions;
mod security_review;
mod sequences;
pub mod sibling;

use crate::investment::*;
use advice::advice::Advice;
use fiducia_core::trust::{
    agreement::{AgreementError, AgreementStatus, AgreementTerms},
    authorization::{AuthorizationError, Rights},
    bond::BondError,
    case::CaseError,
    dispute::{DisputeError, DisputeStatus},
    error::AdviceError,
    params::{AdviceParams, InvestmentParams, ParamsError},
    parties::PartyError,
    pool::{Membership, PoolError},
    product::ProductError,
    template::{TemplateError, TemplateStatus},
    AgreementId, CaseId, DisputeId, ProductId, TemplateId, Verdict,
};
use fiducia_registry_api::Role;
use fiducia_testkit::{
    account, callee,
    fitm::{self, advisor, arbiter, customer, institution},
    instance_account, pay, people, set_balance, set_callee, set_up, Balance, Harness, MockRegistry, FID,
};
use ink::primitives::AccountId;

const ADVICE_PARAMS: AdviceParams = AdviceParams {
    product_bond: 1_000 * FID,
    authorization_deposit: 100 * FID,
    service_deposit: 10 * FID,
    case_ttl_ms: 100_000,
    revocation_cooldown_ms: 500,
    ruling_window_ms: 1_000,
    fraud_compensation: 300 * FID,
    report_penalty: 2 * FID,
    claim_window_ms: 2_000,
};
const PARAMS: InvestmentParams = InvestmentParams {
    template_bond: 1_000 * FID,
    report_deposit: 10 * FID,
    report_penalty: 2 * FID,
    template_compensation: 300 * FID,
    ruling_window_ms: 1_000,
    // ≥ 2 × signing window + cooling-off + ruling window.
    claim_window_ms: 4_000,
    // 20 % compensation of a 1,000 investment = 200: the whole 200 stake
    // (compensation never exceeds the stake: `InvestmentParams::validate`).
    agreement: AgreementTerms {
        stake_bps: 2_000,
        signing_window_ms: 500,
        cooling_off_ms: 2_000,
        compensation_bps: 2_000,
    },
};
const AMOUNT: Balance = 1_000 * FID;
const STAKE: Balance = 200 * FID;
const TERMS: [u8; 32] = [0x7E; 32];
const EVIDENCE: [u8; 32] = [0xE7; 32];
const RULING: [u8; 32] = [0x70; 32];

/// A contract instance, its account and the mock registry behind it (the
/// advice contract it reads from is deployed in [`sibling`]).
struct Fixture {
    investment: Investment,
    contract: AccountId,
    registry: MockRegistry,
}

/// `f.at(t)`, `f.as_(who)`, `f.paying(who, value)`, `f.balance(who)` and
/// `f.revert_transfer(payer, before)` (a refused payable call: the chain
/// reverts the transfer; so do we).
impl Harness for Fixture {
    type Contract = Investment;
    fn contract(&self) -> AccountId {
        self.contract
    }
    fn registry(&self) -> &MockRegistry {
        &self.registry
    }
    fn instance(&mut self) -> &mut Investment {
        &mut self.investment
    }
}

impl Fixture {
    /// A fresh contract at an account of its own (instances never share
    /// storage), and a fresh advice contract at another one.
    fn new(instance: u32) -> Self {
        let contract = instance_account(instance, 0xCC);
        let advice = instance_account(instance, 0xAD);
        let registry = set_up(contract);
        fitm::license(&registry);
        sibling::deploy(advice, ADVICE_PARAMS);
        Fixture { investment: Investment::new(advice, PARAMS).unwrap(), contract, registry }
    }

    /// A call of the advice contract by `who`, sending `value`.
    fn advice<R>(&mut self, who: AccountId, value: Balance, f: impl FnOnce(&mut Advice) -> R) -> R {
        sibling::with(|a| {
            pay(who, value);
            f(a)
        })
    }

    /// The conservation invariant: the contract holds exactly the template
    /// bonds, the agreements' escrow, the deposits of open disputes and the
    /// credits.
    fn assert_conserved(&self) {
        let i = &self.investment;
        let bonds: Balance = (0..i.template_count()).map(|t| i.template(t).unwrap().template.bond.held()).sum();
        let escrow: Balance = (0..i.agreement_count()).map(|a| i.agreement(a).unwrap().agreement.held()).sum();
        let reports: Balance = (0..i.dispute_count())
            .map(|d| i.dispute(d).unwrap())
            .filter(|c| c.dispute.status == DisputeStatus::Open)
            .map(|c| c.dispute.stakes.claimant_deposit)
            .sum();
        let credits: Balance = people().into_iter().map(|who| i.credit_of(who)).sum();
        assert_eq!(self.balance(self.contract), bonds + escrow + reports + credits, "contract balance = Σ owed");
    }

    fn snapshot(&self, who: AccountId) -> impl PartialEq + core::fmt::Debug {
        let i = &self.investment;
        (
            (0..i.template_count()).map(|t| i.template(t)).collect::<Vec<_>>(),
            (0..i.agreement_count()).map(|a| i.agreement(a)).collect::<Vec<_>>(),
            (0..i.dispute_count()).map(|d| i.dispute(d)).collect::<Vec<_>>(),
            i.credit_of(who),
            self.balance(self.contract),
        )
    }

    // Builders, by the default cast.

    /// An open product with `adv` authorized (both rights) and a case of `cust`.
    fn case_with(&mut self, inst: AccountId, adv: AccountId, cust: AccountId) -> (ProductId, CaseId) {
        let p = self.advice(inst, ADVICE_PARAMS.product_bond, |a| a.publish_product()).unwrap();
        self.advice(inst, 0, |a| a.open_product(p)).unwrap();
        self.advice(adv, ADVICE_PARAMS.authorization_deposit, |a| a.request_authorization(p)).unwrap();
        self.advice(inst, 0, |a| a.authorize(p, adv, Rights { advisory: true, signing: true }, [1; 32])).unwrap();
        let c = self.advice(cust, ADVICE_PARAMS.service_deposit, |a| a.open_case(p, adv)).unwrap();
        (p, c)
    }

    /// The default case plus a template for its product.
    fn offered(&mut self) -> (CaseId, TemplateId) {
        let (p, c) = self.case_with(institution(), advisor(), customer());
        let t = self.paying(institution(), PARAMS.template_bond).release_template(p, TERMS).unwrap();
        (c, t)
    }

    fn proposed(&mut self) -> AgreementId {
        let (c, t) = self.offered();
        self.as_(advisor()).propose(c, t, AMOUNT).unwrap()
    }

    fn terms_of(&self, id: AgreementId) -> [u8; 32] {
        self.investment.agreement(id).unwrap().agreement.terms_hash
    }

    /// Both signed now; cooling off for 2,000 ms.
    fn signed(&mut self) -> AgreementId {
        let id = self.proposed();
        let h = self.terms_of(id);
        self.paying(customer(), AMOUNT).sign(id, h).unwrap();
        self.paying(advisor(), STAKE).sign(id, h).unwrap();
        id
    }

    /// The customer disputes agreement `id`, paying the report deposit; a
    /// refusal gives the deposit back, as the chain reverts a failed call.
    fn dispute(&mut self, id: AgreementId) -> Result<DisputeId, Error> {
        let before = self.balance(self.contract);
        let result = self.paying(customer(), PARAMS.report_deposit).dispute_agreement(id, EVIDENCE);
        if result.is_err() {
            self.revert_transfer(customer(), before);
        }
        result
    }

    fn status(&self, id: AgreementId) -> AgreementStatus {
        self.investment.agreement(id).unwrap().agreement.status
    }

    fn claim_all(&mut self) {
        for who in people() {
            let _ = self.as_(who).claim();
        }
    }
}
