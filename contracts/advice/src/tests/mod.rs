//! Off-chain tests of the advice contract with the shared mock registry
//! (`fiducia-testkit`). This module holds the fixture (a contract, its
//! account and registry, and builders of each state); the tests are grouped
//! by theme: [`paper`] (the paper's product cases), [`bugs`] (docs/protocol/fitm.md#what-the-fitm-papers-code-got-wrong:
//! what the FITM paper's code got wrong, one named test each),
//! [`security_review`] (the security review (docs/security.md): compensation, self-dealing, frozen bonds,
//! licenses, parameters), [`inputs`] (bad input → typed error, nothing
//! changed), [`permissions`] (the permission matrix) and [`sequences`]
//! (conservation over random sequences).

mod bugs;
mod inputs;
mod paper;
mod permissions;
mod security_review;
mod sequences;

use crate::advice::*;
use fiducia_core::trust::{
    authorization::{AuthorizationError, AuthorizationStatus, Rights},
    bond::BondError,
    case::{CaseError, CaseStatus},
    dispute::{DisputeError, DisputeStatus},
    params::{AdviceParams, ParamsError},
    parties::PartyError,
    pool::{Membership, PoolError},
    product::{ProductError, ProductStatus},
    CaseId, ProductId, Verdict,
};
use fiducia_registry_api::{AccessError, Role};
use fiducia_testkit::{
    account,
    fitm::{self, advisor, arbiter, customer, institution},
    instance_account, people, set_up, Balance, Harness, MockRegistry, FID,
};
use ink::primitives::AccountId;

const PARAMS: AdviceParams = AdviceParams {
    product_bond: 1_000 * FID,
    authorization_deposit: 100 * FID,
    service_deposit: 10 * FID,
    case_ttl_ms: 10_000,
    revocation_cooldown_ms: 500,
    ruling_window_ms: 1_000,
    fraud_compensation: 300 * FID,
    report_penalty: 2 * FID,
    claim_window_ms: 2_000,
};
const EVIDENCE: [u8; 32] = [0xE7; 32];
const RULING: [u8; 32] = [0x70; 32];
const INFO: [u8; 32] = [0x1F; 32];
const BOTH: Rights = Rights { advisory: true, signing: true };

/// A contract instance, its account and the mock registry behind it.
struct Fixture {
    advice: Advice,
    contract: AccountId,
    registry: MockRegistry,
}

/// `f.at(t)`, `f.as_(who)`, `f.paying(who, value)`, `f.balance(who)` and
/// `f.revert_transfer(payer, before)` (a refused payable call: the chain
/// reverts the transfer; so do we).
impl Harness for Fixture {
    type Contract = Advice;
    fn contract(&self) -> AccountId {
        self.contract
    }
    fn registry(&self) -> &MockRegistry {
        &self.registry
    }
    fn instance(&mut self) -> &mut Advice {
        &mut self.advice
    }
}

impl Fixture {
    /// A fresh contract at an account of its own (instances never share storage).
    fn new(instance: u32) -> Self {
        let contract = instance_account(instance, 0xCC);
        let registry = set_up(contract);
        fitm::license(&registry);
        Fixture { advice: Advice::new(PARAMS).unwrap(), contract, registry }
    }

    /// The conservation invariant: the contract holds exactly its bonds,
    /// advisors' deposits, service deposits and credits.
    fn assert_conserved(&self) {
        let a = &self.advice;
        let bonds: Balance = (0..a.product_count()).map(|p| a.product(p).unwrap().product.bond.held()).sum();
        let deposits: Balance = (0..a.product_count())
            .flat_map(|p| people().into_iter().filter_map(move |who| a.authorization(p, who)))
            .map(|auth| auth.deposit)
            .sum();
        let cases: Balance = (0..a.case_count()).map(|c| a.case(c).unwrap().deposit).sum();
        let credits: Balance = people().into_iter().map(|who| a.credit_of(who)).sum();
        assert_eq!(self.balance(self.contract), bonds + deposits + cases + credits, "contract balance = Σ owed");
    }

    fn snapshot(&self, who: AccountId) -> impl PartialEq + core::fmt::Debug {
        let a = &self.advice;
        (
            (0..a.product_count()).map(|p| (a.product(p), a.authorization(p, who))).collect::<Vec<_>>(),
            (0..a.case_count()).map(|c| (a.case(c), a.dispute(c))).collect::<Vec<_>>(),
            a.credit_of(who),
            self.balance(self.contract),
        )
    }

    // Builders of each state, by `owner` / `adv` / `cust`.

    fn published_by(&mut self, owner: AccountId) -> ProductId {
        let id = self.paying(owner, PARAMS.product_bond).publish_product().unwrap();
        self.as_(owner).add_attribute(id, "risk".into(), "3 of 7".into()).unwrap();
        self.as_(owner).add_promise(id, "bond forfeited on default".into()).unwrap();
        id
    }

    fn open_by(&mut self, owner: AccountId) -> ProductId {
        let id = self.published_by(owner);
        self.as_(owner).open_product(id).unwrap();
        id
    }

    fn authorized(&mut self, owner: AccountId, adv: AccountId) -> ProductId {
        let id = self.open_by(owner);
        self.paying(adv, PARAMS.authorization_deposit).request_authorization(id).unwrap();
        self.as_(owner).authorize(id, adv, BOTH, INFO).unwrap();
        id
    }

    fn case_of(&mut self, cust: AccountId) -> CaseId {
        let product = self.authorized(institution(), advisor());
        self.paying(cust, PARAMS.service_deposit).open_case(product, advisor()).unwrap()
    }

    fn disputed_by(&mut self, cust: AccountId) -> CaseId {
        let case = self.case_of(cust);
        self.as_(cust).check_product(case, Verdict::Fraud(EVIDENCE)).unwrap();
        case
    }

    fn claim_all(&mut self) {
        for who in people() {
            let _ = self.as_(who).claim();
        }
    }
}
