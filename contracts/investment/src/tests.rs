//! Off-chain tests of the investment contract. The cross-contract read is
//! answered by the real `advice` contract, instantiated in the same
//! off-chain environment at its own account ([`sibling`]); the registry is
//! the shared mock. Covered: the paper's agreement cases, template reports,
//! timeouts, the SPEC §4.6 bugs (one named test each), bad inputs, the
//! permission matrix and conservation over 10,000 random sequences.

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
use fiducia_registry_api::{
    permission_matrix::{self, Gate, Row},
    testing::MockRegistry,
    FiduciaEnvironment, Role,
};
use ink::{env::test, primitives::AccountId};

type Env = FiduciaEnvironment;
type Balance = u128;
const FID: Balance = 1_000_000_000_000;
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
    agreement: AgreementTerms { stake_bps: 2_000, signing_window_ms: 500, cooling_off_ms: 2_000, compensation_bps: 2_000 },
};
const AMOUNT: Balance = 1_000 * FID;
const STAKE: Balance = 200 * FID;
const TERMS: [u8; 32] = [0x7E; 32];
const EVIDENCE: [u8; 32] = [0xE7; 32];
const RULING: [u8; 32] = [0x70; 32];

fn account(seed: u8) -> AccountId {
    AccountId::from([seed; 32])
}
fn institution() -> AccountId {
    account(1)
}
fn advisor() -> AccountId {
    account(2)
}
fn customer() -> AccountId {
    account(3)
}
fn arbiter() -> AccountId {
    account(4)
}
fn people() -> Vec<AccountId> {
    (1..=9).map(account).collect()
}

/// The advice contract the investment contract reads from, kept where the
/// contract's `#[cfg(test)]` read can reach it.
pub mod sibling {
    use super::*;
    use fiducia_core::trust::{product::ProductStatus, CaseView};
    use std::cell::RefCell;

    thread_local! {
        static ADVICE: RefCell<Option<(AccountId, Advice)>> = const { RefCell::new(None) };
    }

    /// Deploys a fresh advice contract at `at` (an account never used before,
    /// so it starts with empty storage).
    pub fn deploy(at: AccountId, params: AdviceParams) {
        test::set_account_balance::<Env>(at, 0);
        ADVICE.with(|cell| *cell.borrow_mut() = Some((at, Advice::new(params).expect("valid advice params"))));
    }

    /// Runs `f` on the advice contract, as its callee, then switches back.
    pub fn with<R>(f: impl FnOnce(&mut Advice) -> R) -> R {
        let callee = test::callee::<Env>();
        ADVICE.with(|cell| {
            let mut cell = cell.borrow_mut();
            let (at, advice) = cell.as_mut().expect("advice deployed");
            test::set_callee::<Env>(*at);
            let result = f(advice);
            test::set_callee::<Env>(callee);
            result
        })
    }

    fn deployed_at() -> Option<AccountId> {
        ADVICE.with(|cell| cell.borrow().as_ref().map(|(at, _)| *at))
    }

    /// `advice::case_view`, as the cross-contract read returns it.
    pub fn case_view(at: AccountId, case: CaseId) -> Option<CaseView<AccountId>> {
        assert_eq!(Some(at), deployed_at(), "the contract asks the advice contract it was built with");
        with(|a| a.case_view(case))
    }

    /// `advice::product_owner`, as the cross-contract read returns it.
    pub fn product_owner(at: AccountId, product: ProductId) -> Option<(AccountId, ProductStatus)> {
        assert_eq!(Some(at), deployed_at());
        with(|a| a.product_owner(product))
    }
}

struct Fixture {
    investment: Investment,
    contract: AccountId,
    registry: MockRegistry,
}

impl Fixture {
    fn new(instance: u32) -> Self {
        let registry = MockRegistry::install();
        let mut bytes = [0xCC; 32];
        bytes[..4].copy_from_slice(&instance.to_le_bytes());
        let contract = AccountId::from(bytes);
        bytes[4..].fill(0xAD);
        let advice = AccountId::from(bytes);
        test::set_callee::<Env>(contract);
        test::set_account_balance::<Env>(contract, 0);
        for who in people() {
            test::set_account_balance::<Env>(who, 1_000_000 * FID);
        }
        test::set_block_timestamp::<Env>(0);
        registry.grant(institution(), Role::Institution);
        registry.grant(advisor(), Role::Advisor);
        registry.grant(customer(), Role::Customer);
        registry.grant(arbiter(), Role::Arbiter);
        sibling::deploy(advice, ADVICE_PARAMS);
        Fixture { investment: Investment::new(advice, PARAMS).unwrap(), contract, registry }
    }

    fn at(&mut self, now: u64) -> &mut Self {
        test::set_block_timestamp::<Env>(now);
        self
    }

    fn as_(&mut self, who: AccountId) -> &mut Investment {
        test::set_caller::<Env>(who);
        test::set_value_transferred::<Env>(0);
        &mut self.investment
    }

    fn paying(&mut self, who: AccountId, value: Balance) -> &mut Investment {
        test::set_caller::<Env>(who);
        test::transfer_in::<Env>(value);
        &mut self.investment
    }

    /// A call of the advice contract by `who`, sending `value`.
    fn advice<R>(&mut self, who: AccountId, value: Balance, f: impl FnOnce(&mut Advice) -> R) -> R {
        test::set_caller::<Env>(who);
        sibling::with(|a| {
            test::transfer_in::<Env>(value);
            f(a)
        })
    }

    fn revert_transfer(&mut self, payer: AccountId, contract_before: Balance) {
        let moved = self.balance(self.contract) - contract_before;
        test::set_account_balance::<Env>(self.contract, contract_before);
        test::set_account_balance::<Env>(payer, self.balance(payer) + moved);
    }

    fn balance(&self, who: AccountId) -> Balance {
        test::get_account_balance::<Env>(who).unwrap_or(0)
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

// --- the paper's cases --------------------------------------------------------------

#[ink::test]
fn success_settles_after_cooling_off() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    assert_eq!(f.status(id), AgreementStatus::CoolingOff);
    f.assert_conserved();
    assert_eq!(f.at(2_000).as_(account(9)).settle(id), Err(Error::Agreement(AgreementError::DeadlineNotReached)));
    f.at(2_011).as_(account(9)).settle(id).unwrap();
    assert_eq!(f.status(id), AgreementStatus::Settled);
    assert_eq!(f.investment.credit_of(institution()), AMOUNT);
    assert_eq!(f.investment.credit_of(advisor()), STAKE);
    assert_eq!(f.investment.credit_of(customer()), 0);
    f.assert_conserved();
    let before = f.balance(institution());
    assert_eq!(f.as_(institution()).claim(), Ok(AMOUNT));
    assert_eq!(f.balance(institution()), before + AMOUNT);
    f.assert_conserved();
}

#[ink::test]
fn agreement_fraud_refunds_and_compensates_from_the_stake() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    let t = f.investment.agreement(id).unwrap().template;
    assert_eq!(f.investment.template(t).unwrap().template.bond.free, PARAMS.template_bond, "nothing of the bond is reserved");
    assert_eq!(f.investment.dispute(d).unwrap().dispute.accused, advisor());
    f.assert_conserved();
    f.at(200).as_(arbiter()).rule(d, true, RULING).unwrap();
    assert_eq!(f.status(id), AgreementStatus::Refunded);
    assert_eq!(f.investment.credit_of(customer()), AMOUNT + PARAMS.report_deposit + STAKE, "payment, deposit, compensation");
    assert_eq!(f.investment.credit_of(advisor()), 0, "the whole stake compensated the customer");
    assert_eq!(f.investment.credit_of(institution()), 0);
    let bond = f.investment.template(t).unwrap().template.bond;
    assert_eq!((bond.free, bond.open_cases, bond.pool), (PARAMS.template_bond, 0, None), "agreement fraud is the advisor's");
    assert_eq!(f.investment.template(t).unwrap().template.status, TemplateStatus::Offered);
    f.assert_conserved();
}

#[ink::test]
fn template_fraud_refunds_compensates_and_suspends() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    assert_eq!(f.investment.check(c, t), Some(true));
    f.assert_conserved();
    f.as_(arbiter()).rule(0, true, RULING).unwrap();
    assert_eq!(f.investment.credit_of(customer()), PARAMS.report_deposit, "the deposit now, the share after the window");
    let offer = f.investment.template(t).unwrap();
    assert_eq!(offer.template.status, TemplateStatus::Suspended);
    assert_eq!(offer.template.bond.pool.map(|p| (p.funds, p.claimants)), Some((PARAMS.template_bond, 1)));
    assert_eq!(f.investment.pool_member(t, customer()), Some(Membership::Joined));
    assert_eq!(f.as_(advisor()).propose(c, t, AMOUNT), Err(Error::Template(TemplateError::WrongState)), "no agreements on a suspended template");
    assert_eq!(f.as_(customer()).claim_compensation(t), Err(Error::Pool(PoolError::StillOpen)));
    assert_eq!(f.at(4_001).as_(customer()).claim_compensation(t), Ok(PARAMS.template_compensation));
    assert_eq!(f.investment.credit_of(customer()), PARAMS.report_deposit + PARAMS.template_compensation);
    assert_eq!(f.investment.template(t).unwrap().template.bond.held(), PARAMS.template_bond - PARAMS.template_compensation);
    f.assert_conserved();
}

#[ink::test]
fn template_report_dismissed_pays_the_penalty_to_the_institution() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(arbiter()).rule(0, false, RULING).unwrap();
    assert_eq!(f.investment.credit_of(institution()), PARAMS.report_penalty);
    assert_eq!(f.investment.credit_of(customer()), PARAMS.report_deposit - PARAMS.report_penalty);
    assert_eq!(f.investment.template(t).unwrap().template.status, TemplateStatus::Offered);
    f.as_(advisor()).propose(c, t, AMOUNT).unwrap();
    f.assert_conserved();
}

#[ink::test]
fn dismissed_agreement_dispute_pays_the_penalty_to_the_advisor_and_settles() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    f.assert_conserved();
    f.as_(arbiter()).rule(d, false, RULING).unwrap();
    assert_eq!(f.status(id), AgreementStatus::Settled);
    assert_eq!(f.investment.credit_of(institution()), AMOUNT);
    assert_eq!(f.investment.credit_of(advisor()), STAKE + PARAMS.report_penalty, "stake back and the penalty");
    assert_eq!(f.investment.credit_of(customer()), PARAMS.report_deposit - PARAMS.report_penalty);
    let t = f.investment.agreement(id).unwrap().template;
    assert_eq!(f.investment.template(t).unwrap().template.bond.free, PARAMS.template_bond, "the reservation came back");
    f.assert_conserved();
}

#[ink::test]
fn arbiter_timeout_returns_everyone_its_money() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    assert_eq!(f.at(1_100).as_(account(9)).lapse_dispute(d), Err(Error::Dispute(DisputeError::DeadlineNotReached)));
    assert_eq!(f.at(1_101).as_(arbiter()).rule(d, true, RULING), Err(Error::Dispute(DisputeError::DeadlinePassed)));
    f.as_(account(9)).lapse_dispute(d).unwrap();
    assert_eq!(f.status(id), AgreementStatus::Lapsed);
    assert_eq!(f.investment.credit_of(customer()), AMOUNT + PARAMS.report_deposit, "payment and deposit back");
    assert_eq!(f.investment.credit_of(advisor()), STAKE);
    f.assert_conserved();
}

#[ink::test]
fn signer_timeout_lets_the_other_recover() {
    for customer_first in [true, false] {
        let mut f = Fixture::new(u32::from(customer_first));
        let id = f.proposed();
        let h = f.terms_of(id);
        if customer_first {
            f.at(100).paying(customer(), AMOUNT).sign(id, h).unwrap();
        } else {
            f.at(100).paying(advisor(), STAKE).sign(id, h).unwrap();
        }
        assert_eq!(f.at(600).as_(account(9)).lapse_agreement(id), Err(Error::Agreement(AgreementError::DeadlineNotReached)));
        let late = f.balance(f.contract);
        let (other, due) = if customer_first { (advisor(), STAKE) } else { (customer(), AMOUNT) };
        assert_eq!(f.at(601).paying(other, due).sign(id, h), Err(Error::Agreement(AgreementError::DeadlinePassed)));
        f.revert_transfer(other, late);
        f.as_(account(9)).lapse_agreement(id).unwrap();
        let (payer, paid) = if customer_first { (customer(), AMOUNT) } else { (advisor(), STAKE) };
        assert_eq!(f.investment.credit_of(payer), paid);
        assert_eq!(f.status(id), AgreementStatus::Lapsed);
        f.assert_conserved();
    }
}

#[ink::test]
fn cooling_off_ends_the_dispute_window() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    assert_eq!(f.at(2_011).dispute(id), Err(Error::Agreement(AgreementError::DeadlinePassed)));
    f.as_(account(9)).settle(id).unwrap();
    assert_eq!(f.dispute(id), Err(Error::Agreement(AgreementError::WrongState)));
}

// --- the cross-contract checks ------------------------------------------------------

#[ink::test]
fn signing_needs_the_signing_right_and_an_open_product() {
    let mut f = Fixture::new(1);
    let id = f.proposed();
    let h = f.terms_of(id);
    let p = 0;
    // The advisor is revoked in the advice contract: nobody may sign any more.
    f.advice(institution(), 0, |a| a.revoke(p, advisor())).unwrap();
    let before = f.balance(f.contract);
    assert_eq!(
        f.paying(customer(), AMOUNT).sign(id, h),
        Err(Error::Advice(AdviceError::Authorization(AuthorizationError::MissingRight)))
    );
    f.revert_transfer(customer(), before);
    // An advisor with advisory rights only cannot propose.
    let mut g = Fixture::new(2);
    let (c, t) = g.offered();
    g.advice(advisor(), 0, |a| a.revoke(0, advisor())).unwrap();
    assert_eq!(g.as_(advisor()).propose(c, t, AMOUNT), Err(Error::Advice(AdviceError::Authorization(AuthorizationError::MissingRight))));
    // Upheld product fraud (in another case) suspends the product: no signatures.
    let mut h = Fixture::new(3);
    let (c0, t) = h.offered();
    let other = account(7);
    h.registry.grant(other, Role::Customer);
    let c1 = h.advice(other, ADVICE_PARAMS.service_deposit, |a| a.open_case(0, advisor())).unwrap();
    let id = h.as_(advisor()).propose(c1, t, AMOUNT).unwrap();
    let terms = h.terms_of(id);
    h.advice(customer(), 0, |a| a.check_product(c0, Verdict::Fraud(EVIDENCE))).unwrap();
    h.advice(arbiter(), 0, |a| a.rule(c0, true, RULING)).unwrap();
    let before = h.balance(h.contract);
    assert_eq!(
        h.paying(advisor(), STAKE).sign(id, terms),
        Err(Error::Advice(AdviceError::Product(ProductError::WrongState)))
    );
    h.revert_transfer(advisor(), before);
    h.at(501).as_(account(9)).lapse_agreement(id).unwrap();
    h.assert_conserved();
}

// --- SPEC §4.6: what the FITM paper's code got wrong ---------------------------------

#[ink::test]
fn bug_default_status_is_not_deposited() {
    let mut f = Fixture::new(1);
    assert_eq!(AgreementStatus::default(), AgreementStatus::Proposed);
    assert_eq!(TemplateStatus::default(), TemplateStatus::Offered);
    let id = f.proposed();
    let a = f.investment.agreement(id).unwrap().agreement;
    assert_eq!((a.customer_paid, a.advisor_staked), (0, 0), "a proposal holds nothing");
    // Signing without paying is refused; lapsing a proposal pays nobody.
    let h = f.terms_of(id);
    assert_eq!(f.as_(customer()).sign(id, h), Err(Error::Agreement(AgreementError::WrongAmount)));
    f.at(501).as_(account(9)).lapse_agreement(id).unwrap();
    assert!(people().iter().all(|w| f.investment.credit_of(*w) == 0));
    let before = f.balance(f.contract);
    assert_eq!(f.paying(institution(), 0).release_template(0, TERMS), Err(Error::Template(TemplateError::Bond(BondError::WrongBond))));
    f.revert_transfer(institution(), before);
    f.assert_conserved();
}

#[ink::test]
fn bug_funds_locked_forever_every_unit_has_a_way_out() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    f.at(2_011).as_(account(9)).settle(id).unwrap();
    let t = f.investment.agreement(id).unwrap().template;
    f.as_(institution()).withdraw_template(t).unwrap();
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond));
    f.claim_all();
    assert_eq!(f.balance(f.contract), 0, "customer 100, advisor 20, bonds: all went out again");
    f.assert_conserved();
}

#[ink::test]
fn bug_payees_are_never_chosen_by_the_arbiter() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    f.as_(arbiter()).rule(d, true, RULING).unwrap();
    let credited: Vec<_> = people().into_iter().filter(|w| f.investment.credit_of(*w) > 0).collect();
    assert_eq!(credited, vec![customer()], "only the agreement's customer");
}

#[ink::test]
fn bug_refunds_and_punishments_happen_once() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    f.as_(arbiter()).rule(d, true, RULING).unwrap();
    let after = f.snapshot(customer());
    assert_eq!(f.as_(arbiter()).rule(d, true, RULING), Err(Error::Dispute(DisputeError::Closed)));
    assert_eq!(f.at(5_000).as_(arbiter()).lapse_dispute(d), Err(Error::Dispute(DisputeError::Closed)));
    assert_eq!(f.dispute(id), Err(Error::Agreement(AgreementError::WrongState)));
    assert_eq!(f.as_(account(9)).settle(id), Err(Error::Agreement(AgreementError::WrongState)));
    assert_eq!(f.as_(account(9)).lapse_agreement(id), Err(Error::Agreement(AgreementError::WrongState)));
    assert_eq!(f.snapshot(customer()), after);
    f.as_(customer()).claim().unwrap();
    assert_eq!(f.as_(customer()).claim(), Err(Error::NothingOwed));
    // A template is reported once per case.
    let (c, t) = f.offered();
    f.as_(customer()).check_template(c, t, Verdict::Ok).unwrap();
    let before = f.balance(f.contract);
    assert_eq!(f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)), Err(Error::AlreadyChecked));
    f.revert_transfer(customer(), before);
    f.assert_conserved();
}

#[ink::test]
fn bug_no_deadlines_every_waiting_state_times_out() {
    let mut f = Fixture::new(1);
    // Proposed, half-signed, cooling off, disputed: each ends by time alone.
    let proposed = f.proposed();
    f.at(501).as_(account(9)).lapse_agreement(proposed).unwrap();
    let id = f.at(1_000).signed();
    f.at(3_011).as_(account(9)).settle(id).unwrap();
    let disputed = f.at(4_000).signed();
    let d = f.at(4_100).dispute(disputed).unwrap();
    f.at(5_101).as_(account(9)).lapse_dispute(d).unwrap();
    f.assert_conserved();
}

#[ink::test]
fn bug_one_hard_coded_party_per_role_many_of_each_work_independently() {
    let mut f = Fixture::new(1);
    let (inst2, adv2, cust2) = (account(5), account(6), account(7));
    f.registry.grant(inst2, Role::Institution);
    f.registry.grant(adv2, Role::Advisor);
    f.registry.grant(cust2, Role::Customer);
    let a1 = f.signed();
    let (p2, c2) = f.case_with(inst2, adv2, cust2);
    let before = f.balance(f.contract);
    assert_eq!(f.paying(institution(), PARAMS.template_bond).release_template(p2, TERMS), Err(Error::NotInstitution));
    f.revert_transfer(institution(), before);
    let t2 = f.paying(inst2, PARAMS.template_bond).release_template(p2, TERMS).unwrap();
    assert_eq!(f.as_(advisor()).propose(c2, t2, AMOUNT), Err(Error::NotAdvisor));
    let a2 = f.as_(adv2).propose(c2, t2, AMOUNT).unwrap();
    let h2 = f.terms_of(a2);
    assert_ne!(h2, f.terms_of(a1), "terms bind parties and amounts");
    assert_eq!(f.as_(customer()).sign(a2, h2), Err(Error::NotCustomer));
    f.paying(cust2, AMOUNT).sign(a2, h2).unwrap();
    f.paying(adv2, STAKE).sign(a2, h2).unwrap();
    f.at(2_100).as_(account(9)).settle(a1).unwrap();
    assert_eq!(f.investment.credit_of(inst2), 0, "each institution is paid its own agreements");
    assert_eq!(f.investment.credit_of(institution()), AMOUNT);
    f.assert_conserved();
}

#[ink::test]
fn bug_push_payments_nobody_is_paid_until_it_pulls() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let before = f.balance(institution());
    f.at(2_011).as_(account(9)).settle(id).unwrap();
    assert_eq!(f.balance(institution()), before, "settlement credits, it does not transfer");
    f.as_(institution()).claim().unwrap();
    assert_eq!(f.balance(institution()), before + AMOUNT);
}

// --- bad inputs ----------------------------------------------------------------------

#[ink::test]
fn bad_inputs_are_refused_and_change_nothing() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    let before = f.snapshot(customer());
    let pay = |f: &mut Fixture, who, value, call: fn(&mut Investment) -> Result<(), Error>| {
        let b = f.balance(f.contract);
        test::set_caller::<Env>(who);
        test::transfer_in::<Env>(value);
        let r = call(&mut f.investment);
        f.revert_transfer(who, b);
        r
    };
    assert_eq!(pay(&mut f, institution(), PARAMS.template_bond, |i| i.release_template(9, TERMS).map(|_| ())), Err(Error::Advice(AdviceError::UnknownProduct)));
    assert_eq!(pay(&mut f, institution(), PARAMS.template_bond, |i| i.release_template(0, [0; 32]).map(|_| ())), Err(Error::Template(TemplateError::EmptyTerms)));
    assert_eq!(pay(&mut f, institution(), 1, |i| i.release_template(0, TERMS).map(|_| ())), Err(Error::Template(TemplateError::Bond(BondError::WrongBond))));
    assert_eq!(pay(&mut f, customer(), 1, |i| i.check_template(0, 0, Verdict::Ok)), Err(Error::WrongValue));
    assert_eq!(pay(&mut f, customer(), 1, |i| i.check_template(0, 0, Verdict::Fraud(EVIDENCE))), Err(Error::WrongValue));
    assert_eq!(pay(&mut f, customer(), PARAMS.report_deposit, |i| i.check_template(0, 0, Verdict::Fraud([0; 32]))), Err(Error::Dispute(DisputeError::EmptyHash)));
    assert_eq!(f.as_(customer()).check_template(9, t, Verdict::Ok), Err(Error::Advice(AdviceError::UnknownCase)));
    assert_eq!(f.as_(customer()).check_template(c, 9, Verdict::Ok), Err(Error::UnknownTemplate));
    assert_eq!(f.as_(advisor()).propose(c, t, 0), Err(Error::Agreement(AgreementError::ZeroAmount)));
    assert_eq!(f.as_(advisor()).propose(c, 9, AMOUNT), Err(Error::UnknownTemplate));
    assert_eq!(f.as_(customer()).sign(9, TERMS), Err(Error::UnknownAgreement));
    assert_eq!(f.as_(account(9)).settle(9), Err(Error::UnknownAgreement));
    assert_eq!(f.as_(arbiter()).rule(9, true, RULING), Err(Error::UnknownDispute));
    assert_eq!(f.as_(advisor()).withdraw_template(t), Err(Error::NotInstitution));
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Err(Error::Template(TemplateError::WrongState)));
    assert_eq!(f.as_(account(9)).claim(), Err(Error::NothingOwed));
    assert_eq!(f.snapshot(customer()), before);
    // A template for another product, terms and amounts that differ.
    let (p2, c2) = f.case_with(institution(), advisor(), customer());
    let _ = p2;
    assert_eq!(f.as_(advisor()).propose(c2, t, AMOUNT), Err(Error::WrongProduct));
    let id = f.as_(advisor()).propose(c, t, AMOUNT).unwrap();
    let h = f.terms_of(id);
    assert_eq!(pay(&mut f, customer(), AMOUNT, |i| i.sign(0, [1; 32])), Err(Error::Agreement(AgreementError::TermsMismatch)));
    let _ = h;
    assert_eq!(pay(&mut f, customer(), AMOUNT - 1, |i| { let h = i.agreement(0).unwrap().agreement.terms_hash; i.sign(0, h) }), Err(Error::Agreement(AgreementError::WrongAmount)));
    assert_eq!(pay(&mut f, advisor(), STAKE + 1, |i| { let h = i.agreement(0).unwrap().agreement.terms_hash; i.sign(0, h) }), Err(Error::Agreement(AgreementError::WrongAmount)));
    assert_eq!(pay(&mut f, account(9), AMOUNT, |i| { let h = i.agreement(0).unwrap().agreement.terms_hash; i.sign(0, h) }), Err(Error::NotCustomer));
    assert_eq!(f.as_(account(9)).dispute_agreement(id, EVIDENCE), Err(Error::NotCustomer));
    assert_eq!(f.dispute(id), Err(Error::Agreement(AgreementError::WrongState)), "only while cooling off");
    assert_eq!(pay(&mut f, customer(), PARAMS.report_deposit - 1, |i| i.dispute_agreement(0, EVIDENCE).map(|_| ())), Err(Error::WrongValue));
    // A closed case takes no checks.
    f.advice(customer(), 0, |a| a.close_case(c2)).unwrap();
    assert_eq!(f.as_(customer()).check_template(c2, t, Verdict::Ok), Err(Error::Advice(AdviceError::Case(CaseError::WrongState))));
    f.assert_conserved();
}

// --- the permission matrix -----------------------------------------------------------

impl permission_matrix::Fixture for Fixture {
    type Error = Error;
    fn fresh(seed: u32) -> Self {
        Fixture::new(seed)
    }
    fn registry(&self) -> &MockRegistry {
        &self.registry
    }
    fn contract(&self) -> AccountId {
        self.contract
    }
    fn snapshot(&self, _: u64, who: AccountId) -> impl PartialEq + core::fmt::Debug + use<> {
        self.snapshot(who)
    }
    fn assert_conserved(&self) {
        self.assert_conserved()
    }
}

/// `actor` is the institution of an open product (returns the product id).
fn actor_product(f: &mut Fixture, actor: AccountId) -> u64 {
    f.registry.grant(actor, Role::Institution);
    let (p, _) = f.case_with(actor, advisor(), customer());
    p.into()
}

/// `actor` released template 0 for its product.
fn actor_template(f: &mut Fixture, actor: AccountId) -> u64 {
    let p = actor_product(f, actor);
    f.paying(actor, PARAMS.template_bond).release_template(p as ProductId, TERMS).unwrap().into()
}

/// `actor` is the customer of a case on a product with a template (returns the case).
fn actor_customer(f: &mut Fixture, actor: AccountId) -> u64 {
    f.registry.grant(actor, Role::Customer);
    let (p, c) = f.case_with(institution(), advisor(), actor);
    f.paying(institution(), PARAMS.template_bond).release_template(p, TERMS).unwrap();
    c
}

/// `actor` is the advisor of a case with a template (returns the case).
fn actor_advisor(f: &mut Fixture, actor: AccountId) -> u64 {
    f.registry.grant(actor, Role::Advisor);
    let (p, c) = f.case_with(institution(), actor, customer());
    f.paying(institution(), PARAMS.template_bond).release_template(p, TERMS).unwrap();
    c
}

fn sign_as(f: &mut Fixture, who: AccountId, id: u64, value: Balance) -> Result<(), Error> {
    let h = f.terms_of(id);
    f.paying(who, value).sign(id, h)
}

const MATRIX: &[Row<Fixture>] = &[
    Row { message: "release_template", gate: Gate::Role(Role::Institution), prepare: actor_product, call: |f, who, p| f.paying(who, PARAMS.template_bond).release_template(p as ProductId, TERMS).map(|_| ()) },
    Row { message: "withdraw_template", gate: Gate::Anyone, prepare: actor_template, call: |f, who, t| f.as_(who).withdraw_template(t as TemplateId) },
    Row {
        message: "withdraw_template_bond",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let t = actor_template(f, actor);
            f.as_(actor).withdraw_template(t as TemplateId).unwrap();
            t
        },
        call: |f, who, t| f.as_(who).withdraw_template_bond(t as TemplateId).map(|_| ()),
    },
    Row { message: "check_template", gate: Gate::Role(Role::Customer), prepare: actor_customer, call: |f, who, c| f.paying(who, PARAMS.report_deposit).check_template(c, 0, Verdict::Fraud(EVIDENCE)) },
    Row { message: "propose", gate: Gate::Role(Role::Advisor), prepare: actor_advisor, call: |f, who, c| f.as_(who).propose(c, 0, AMOUNT).map(|_| ()) },
    Row {
        message: "sign (customer)",
        gate: Gate::Role(Role::Customer),
        prepare: |f, actor| {
            let c = actor_customer(f, actor);
            f.as_(advisor()).propose(c, 0, AMOUNT).unwrap()
        },
        call: |f, who, id| sign_as(f, who, id, AMOUNT),
    },
    Row {
        message: "sign (advisor)",
        gate: Gate::Role(Role::Advisor),
        prepare: |f, actor| {
            let c = actor_advisor(f, actor);
            f.as_(actor).propose(c, 0, AMOUNT).unwrap()
        },
        call: |f, who, id| sign_as(f, who, id, STAKE),
    },
    Row {
        message: "dispute_agreement",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_customer(f, actor);
            let id = f.as_(advisor()).propose(c, 0, AMOUNT).unwrap();
            sign_as(f, actor, id, AMOUNT).unwrap();
            sign_as(f, advisor(), id, STAKE).unwrap();
            id
        },
        call: |f, who, id| f.paying(who, PARAMS.report_deposit).dispute_agreement(id, EVIDENCE).map(|_| ()),
    },
    Row {
        message: "rule",
        gate: Gate::Role(Role::Arbiter),
        prepare: |f, _| {
            let id = f.signed();
            f.dispute(id).unwrap()
        },
        call: |f, who, d| f.as_(who).rule(d, true, RULING),
    },
    Row {
        message: "lapse_dispute",
        gate: Gate::Anyone,
        prepare: |f, _| {
            let id = f.signed();
            let d = f.dispute(id).unwrap();
            f.at(5_000);
            d
        },
        call: |f, who, d| f.as_(who).lapse_dispute(d),
    },
    Row {
        message: "settle",
        gate: Gate::Anyone,
        prepare: |f, _| {
            let id = f.signed();
            f.at(5_000);
            id
        },
        call: |f, who, id| f.as_(who).settle(id),
    },
    Row {
        message: "lapse_agreement",
        gate: Gate::Anyone,
        prepare: |f, _| {
            let id = f.proposed();
            f.at(5_000);
            id
        },
        call: |f, who, id| f.as_(who).lapse_agreement(id),
    },
    Row {
        message: "join_pool",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            f.at(0);
            let c = actor_customer(f, actor);
            f.as_(actor).check_template(c, 0, Verdict::Ok).unwrap();
            let victim = f.advice(customer(), ADVICE_PARAMS.service_deposit, |a| a.open_case(0, advisor())).unwrap();
            f.at(1).paying(customer(), PARAMS.report_deposit).check_template(victim, 0, Verdict::Fraud(EVIDENCE)).unwrap();
            f.as_(arbiter()).rule(0, true, RULING).unwrap();
            c
        },
        call: |f, who, c| f.as_(who).join_pool(0, c),
    },
    Row {
        message: "claim_compensation",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_customer(f, actor);
            f.paying(actor, PARAMS.report_deposit).check_template(c, 0, Verdict::Fraud(EVIDENCE)).unwrap();
            f.as_(arbiter()).rule(0, true, RULING).unwrap();
            f.at(5_000);
            0
        },
        call: |f, who, t| f.as_(who).claim_compensation(t as TemplateId).map(|_| ()),
    },
    Row {
        message: "claim",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_customer(f, actor);
            let id = f.as_(advisor()).propose(c, 0, AMOUNT).unwrap();
            sign_as(f, actor, id, AMOUNT).unwrap();
            f.at(5_000).as_(account(9)).lapse_agreement(id).unwrap();
            id
        },
        call: |f, who, _| f.as_(who).claim().map(|_| ()),
    },
];

#[ink::test]
fn permission_matrix() {
    permission_matrix::check(MATRIX, account(8), 0x10);
}

// --- conservation over random sequences ----------------------------------------------

/// After every message, accepted or refused, the contract's balance equals
/// what it owes: 10,000 sequences of 30 random messages over two cases.
#[ink::test]
fn random_sequences_conserve_money() {
    let mut rng = 0xD1B5_4A32_D192_ED03u64;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let mut accepted = [0u32; 14];
    let other = account(7);
    for run in 0..10_000u32 {
        let mut f = Fixture::new(0x1000 + run);
        f.registry.grant(other, Role::Customer);
        let (p, c0) = f.case_with(institution(), advisor(), customer());
        let c1 = f.advice(customer(), ADVICE_PARAMS.service_deposit, |a| a.open_case(p, advisor())).unwrap();
        let c2 = f.advice(other, ADVICE_PARAMS.service_deposit, |a| a.open_case(p, advisor())).unwrap();
        let cases = [(c0, customer()), (c1, customer()), (c2, other)];
        let mut now = 0;
        for _ in 0..30 {
            // Steps long enough that the 4,000 ms claim window ends within a run.
            now += next(600);
            f.at(now);
            let (case, cust) = cases[next(3) as usize];
            let template = next(u64::from(f.investment.template_count().max(1))) as TemplateId;
            let agreement = next(f.investment.agreement_count().max(1));
            let dispute = next(f.investment.dispute_count().max(1));
            let amount = (next(2_000) as Balance + 1) * FID;
            let stake = f.investment.agreement(agreement).map_or(0, |d| d.agreement.stake);
            let due = f.investment.agreement(agreement).map_or(0, |d| d.agreement.amount);
            let terms = f.investment.agreement(agreement).map_or(TERMS, |d| d.agreement.terms_hash);
            let deal_customer = f.investment.agreement(agreement).map_or(cust, |d| d.customer);
            let anyone = account(1 + next(9) as u8);
            let before = f.balance(f.contract);
            let op = next(14) as usize;
            let (payer, result) = match op {
                0 => (institution(), f.paying(institution(), PARAMS.template_bond).release_template(p, TERMS).map(|_| ())),
                1 => (cust, f.as_(cust).check_template(case, template, Verdict::Ok)),
                2 => (cust, f.paying(cust, PARAMS.report_deposit).check_template(case, template, Verdict::Fraud(EVIDENCE))),
                3 => (advisor(), f.as_(advisor()).propose(case, template, amount).map(|_| ())),
                4 => (deal_customer, f.paying(deal_customer, due).sign(agreement, terms)),
                5 => (advisor(), f.paying(advisor(), stake).sign(agreement, terms)),
                6 => (deal_customer, f.paying(deal_customer, PARAMS.report_deposit).dispute_agreement(agreement, EVIDENCE).map(|_| ())),
                12 => (cust, f.as_(cust).join_pool(template, case)),
                13 => (cust, f.as_(cust).claim_compensation(template).map(|_| ())),
                7 => (arbiter(), f.as_(arbiter()).rule(dispute, next(2) == 0, RULING)),
                8 => (anyone, f.as_(anyone).lapse_dispute(dispute).or_else(|_| f.as_(anyone).lapse_agreement(agreement))),
                9 => (anyone, f.as_(anyone).settle(agreement)),
                10 => (institution(), f.as_(institution()).withdraw_template(template).or_else(|_| f.as_(institution()).withdraw_template_bond(template).map(|_| ()))),
                _ => (anyone, f.as_(anyone).claim().map(|_| ())),
            };
            if result.is_err() && f.balance(f.contract) > before {
                f.revert_transfer(payer, before);
            }
            accepted[op] += u32::from(result.is_ok());
            f.assert_conserved();
        }
    }
    assert!(accepted.iter().all(|n| *n > 0), "every kind of message succeeded sometimes: {accepted:?}");
}

// --- issue 11: compensation, self-dealing, frozen bonds, licenses, parameters ------------

/// `who` opens another case on product 0 with the default advisor.
fn another_case(f: &mut Fixture, who: AccountId) -> CaseId {
    f.registry.grant(who, Role::Customer);
    f.advice(who, ADVICE_PARAMS.service_deposit, |a| a.open_case(0, advisor())).unwrap()
}

/// Item 3. Old code: each template report reserved `template_compensation`
/// of the bond when it opened, so a sybil's reports took the whole bond
/// before the real victim's. Now reports reserve nothing; the upheld
/// ruling opens a pool, and the sybil — with any number of cases — joins once.
#[ink::test]
fn bug_sybil_cases_cannot_preempt_compensation() {
    let mut f = Fixture::new(1);
    let (victim_case, t) = f.offered();
    let sybil = account(7);
    let sybil_cases: Vec<CaseId> = (0..4).map(|_| another_case(&mut f, sybil)).collect();
    // Agreements proposed before any report make the sybil eligible.
    for c in &sybil_cases[..2] {
        f.as_(advisor()).propose(*c, t, AMOUNT).unwrap();
    }
    f.at(1);
    for c in &sybil_cases {
        f.paying(sybil, PARAMS.report_deposit).check_template(*c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    }
    assert_eq!(f.investment.template(t).unwrap().template.bond.free, PARAMS.template_bond, "nothing reserved");
    let d = f.investment.dispute_count();
    f.paying(customer(), PARAMS.report_deposit).check_template(victim_case, t, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(arbiter()).rule(d, true, RULING).unwrap();
    f.as_(sybil).join_pool(t, sybil_cases[0]).unwrap();
    assert_eq!(f.as_(sybil).join_pool(t, sybil_cases[1]), Err(Error::Pool(PoolError::AlreadyJoined)));
    for d in 0..4 {
        f.as_(arbiter()).rule(d, false, RULING).unwrap();
    }
    f.assert_conserved();
    f.at(4_002);
    assert_eq!(f.as_(customer()).claim_compensation(t), Ok(PARAMS.template_compensation), "the victim gets its full cap");
    assert_eq!(f.as_(sybil).claim_compensation(t), Ok(PARAMS.template_compensation), "one share, not four");
    assert_eq!(f.as_(sybil).claim_compensation(t), Err(Error::Pool(PoolError::AlreadyClaimed)));
    f.assert_conserved();
}

/// Item 3. Old code: one customer's N upheld reports paid N × compensation.
/// Now later rulings refund the deposits; the customer is paid one share,
/// and the institution the rest after the window.
#[ink::test]
fn bug_one_victim_cannot_collect_compensation_many_times() {
    let mut f = Fixture::new(1);
    let (c0, t) = f.offered();
    let cases = [c0, another_case(&mut f, customer()), another_case(&mut f, customer())];
    for c in cases {
        f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    }
    for d in 0..3 {
        f.as_(arbiter()).rule(d, true, RULING).unwrap();
    }
    assert_eq!(f.investment.credit_of(customer()), 3 * PARAMS.report_deposit, "deposits back, no compensation yet");
    assert_eq!(f.investment.template(t).unwrap().template.bond.pool.unwrap().claimants, 1);
    f.as_(institution()).withdraw_template(t).unwrap();
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Err(Error::Template(TemplateError::Bond(BondError::Pool(PoolError::StillOpen)))));
    f.at(4_001);
    assert_eq!(f.as_(customer()).claim_compensation(t), Ok(PARAMS.template_compensation));
    assert_eq!(f.as_(customer()).claim_compensation(t), Err(Error::Pool(PoolError::AlreadyClaimed)));
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond - PARAMS.template_compensation));
    f.claim_all();
    assert_eq!(f.balance(f.contract), 0, "paid + returned == the bond");
    f.assert_conserved();
}

/// Item 3. Agreement fraud is compensated from that agreement's own stake
/// (never pre-empted by other disputes); the template bond reaches an
/// agreement's customer only through the template's pool, which it may
/// join as a customer with an agreement under the template.
#[ink::test]
fn bug_agreement_compensation_cannot_be_preempted() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let (case, t) = (f.investment.agreement(id).unwrap().case, f.investment.agreement(id).unwrap().template);
    let sybil = account(7);
    let sybil_cases: Vec<CaseId> = (0..4).map(|_| another_case(&mut f, sybil)).collect();
    f.at(1);
    for c in &sybil_cases {
        f.paying(sybil, PARAMS.report_deposit).check_template(*c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    }
    let d = f.at(100).dispute(id).unwrap();
    f.as_(arbiter()).rule(d, true, RULING).unwrap();
    assert_eq!(f.investment.credit_of(customer()), AMOUNT + PARAMS.report_deposit + STAKE, "its own compensation in full");
    // Template fraud upheld later: the agreement's customer may join its pool.
    f.as_(arbiter()).rule(0, true, RULING).unwrap();
    f.as_(customer()).join_pool(t, case).unwrap();
    assert_eq!(f.as_(account(9)).join_pool(t, case), Err(Error::NotCustomer));
    assert_eq!(f.investment.pool_member(t, customer()), Some(Membership::Joined));
    f.assert_conserved();
}

/// Item 5. The Arbiter cannot rule where it is the customer, the advisor or
/// the institution — on agreement disputes and template reports alike.
#[ink::test]
fn bug_arbiter_cannot_rule_on_its_own_case() {
    for (i, party) in [customer(), advisor(), institution()].into_iter().enumerate() {
        let mut f = Fixture::new(1 + i as u32);
        let id = f.signed();
        let d = f.at(100).dispute(id).unwrap();
        let case = f.investment.agreement(id).unwrap().case;
        f.paying(customer(), PARAMS.report_deposit).check_template(case, 0, Verdict::Fraud(EVIDENCE)).unwrap();
        f.registry.grant(party, Role::Arbiter);
        let before = f.snapshot(party);
        assert_eq!(f.as_(party).rule(d, true, RULING), Err(Error::Parties(PartyError::ArbiterIsParty)));
        assert_eq!(f.as_(party).rule(d + 1, true, RULING), Err(Error::Parties(PartyError::ArbiterIsParty)));
        assert_eq!(f.snapshot(party), before);
        f.as_(arbiter()).rule(d, false, RULING).unwrap();
    }
}

/// Item 8. Old code: a customer kept filing reports on a withdrawn template
/// and blocked `withdraw_template_bond` indefinitely. Now a template takes
/// checks and reports only while offered with no fraud upheld.
#[ink::test]
fn bug_template_bond_cannot_be_frozen_by_reports_on_a_withdrawn_template() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    f.as_(institution()).withdraw_template(t).unwrap();
    let before = f.snapshot(customer());
    let b = f.balance(f.contract);
    assert_eq!(
        f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)),
        Err(Error::Template(TemplateError::WrongState))
    );
    f.revert_transfer(customer(), b);
    assert_eq!(f.as_(customer()).check_template(c, t, Verdict::Ok), Err(Error::Template(TemplateError::WrongState)));
    assert_eq!(f.snapshot(customer()), before);
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond));
    // Nor once fraud was upheld (the pool is the remedy).
    let (c2, t2) = f.offered();
    f.registry.grant(account(7), Role::Customer);
    let c3 = f.advice(account(7), ADVICE_PARAMS.service_deposit, |a| a.open_case(1, advisor())).unwrap();
    f.paying(customer(), PARAMS.report_deposit).check_template(c2, t2, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(arbiter()).rule(0, true, RULING).unwrap();
    let b = f.balance(f.contract);
    assert_eq!(
        f.paying(account(7), PARAMS.report_deposit).check_template(c3, t2, Verdict::Fraud(EVIDENCE)),
        Err(Error::Template(TemplateError::WrongState))
    );
    f.revert_transfer(account(7), b);
    f.assert_conserved();
}

/// Item 8. The bound: after `withdraw_template` at W no new report or
/// agreement can refer to the bond; the ones in flight end by their
/// deadlines (anyone may end them), so the bond is withdrawable by
/// W + 2 × signing window + cooling-off + ruling window (and, if fraud was
/// upheld, after the claim window).
#[ink::test]
fn bug_bonds_are_released_within_a_stated_bound() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    let id = f.as_(advisor()).propose(c, t, AMOUNT).unwrap();
    let h = f.terms_of(id);
    let w = 400;
    // Signatures need an offered template, so the slowest path signs just
    // before the withdrawal and disputes at the end of cooling-off.
    let s = PARAMS.agreement.signing_window_ms;
    f.at(w - 1).paying(customer(), AMOUNT).sign(id, h).unwrap();
    f.at(w - 1).paying(advisor(), STAKE).sign(id, h).unwrap();
    f.at(w).as_(institution()).withdraw_template(t).unwrap();
    let cooled = w - 1 + PARAMS.agreement.cooling_off_ms;
    let d = f.at(cooled).dispute(id).unwrap();
    let bound = w + 2 * s + PARAMS.agreement.cooling_off_ms + PARAMS.ruling_window_ms;
    assert!(cooled + PARAMS.ruling_window_ms <= bound);
    f.at(bound + 1);
    for dispute in [0, d] {
        f.as_(account(9)).lapse_dispute(dispute).unwrap();
    }
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond));
    f.assert_conserved();
}

/// Item 9. An advisor or institution whose license the issuer revoked can
/// no longer propose or have agreements signed with it.
#[ink::test]
fn bug_revoked_licenses_stop_proposals_and_signatures() {
    let mut f = Fixture::new(1);
    let id = f.proposed();
    let (c, t) = (f.investment.agreement(id).unwrap().case, f.investment.agreement(id).unwrap().template);
    let h = f.terms_of(id);
    f.registry.revoke_all(advisor());
    let b = f.balance(f.contract);
    assert_eq!(f.paying(customer(), AMOUNT).sign(id, h), Err(Error::Parties(PartyError::AdvisorUnlicensed)));
    f.revert_transfer(customer(), b);
    f.registry.grant(advisor(), Role::Advisor);
    f.registry.revoke_all(institution());
    assert_eq!(f.paying(customer(), AMOUNT).sign(id, h), Err(Error::Parties(PartyError::InstitutionUnlicensed)));
    f.revert_transfer(customer(), b);
    assert_eq!(f.as_(advisor()).propose(c, t, AMOUNT), Err(Error::Parties(PartyError::InstitutionUnlicensed)));
    f.registry.grant(institution(), Role::Institution);
    f.paying(customer(), AMOUNT).sign(id, h).unwrap();
    f.assert_conserved();
}

/// Item 9. Extreme parameters are refused by the constructor with a typed error.
#[ink::test]
fn bug_extreme_params_are_refused_by_the_constructor() {
    let f = Fixture::new(1);
    let terms = PARAMS.agreement;
    let bad = [
        (InvestmentParams { ruling_window_ms: u64::MAX, ..PARAMS }, ParamsError::WindowOutOfRange),
        (InvestmentParams { report_penalty: PARAMS.report_deposit + 1, ..PARAMS }, ParamsError::PenaltyAboveDeposit),
        (InvestmentParams { template_compensation: PARAMS.template_bond + 1, ..PARAMS }, ParamsError::CompensationAboveBond),
        (InvestmentParams { agreement: AgreementTerms { stake_bps: 20_000, ..terms }, ..PARAMS }, ParamsError::StakeAbove100Percent),
        (InvestmentParams { agreement: AgreementTerms { compensation_bps: 3_000, ..terms }, ..PARAMS }, ParamsError::CompensationAboveStake),
        (InvestmentParams { agreement: AgreementTerms { cooling_off_ms: u64::MAX, ..terms }, ..PARAMS }, ParamsError::WindowOutOfRange),
    ];
    for (params, why) in bad {
        assert_eq!(Investment::new(f.investment.advice(), params).err(), Some(Error::Params(why)));
    }
}

/// Review 4. Old code: `withdraw_template` needed a current Institution
/// license, so a revoked institution's template bond was locked for ever.
#[ink::test]
fn bug_revoked_institution_bonds_are_locked_forever() {
    let mut f = Fixture::new(1);
    let (_, t) = f.offered();
    f.registry.revoke_all(institution());
    f.as_(institution()).withdraw_template(t).unwrap();
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond));
    f.assert_conserved();
}

/// Review 6. Old code: a customer-signed agreement could still be completed
/// after template fraud was upheld. Now signing needs an offered template;
/// the agreement lapses and the customer is refunded.
#[ink::test]
fn bug_sign_ignores_template_status() {
    let mut f = Fixture::new(1);
    let id = f.proposed();
    let (c, t) = (f.investment.agreement(id).unwrap().case, f.investment.agreement(id).unwrap().template);
    let h = f.terms_of(id);
    f.paying(customer(), AMOUNT).sign(id, h).unwrap();
    f.registry.grant(account(7), Role::Customer);
    let c2 = f.advice(account(7), ADVICE_PARAMS.service_deposit, |a| a.open_case(0, advisor())).unwrap();
    let _ = c;
    f.at(1).paying(account(7), PARAMS.report_deposit).check_template(c2, t, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(arbiter()).rule(0, true, RULING).unwrap();
    let (before, b) = (f.snapshot(advisor()), f.balance(f.contract));
    assert_eq!(f.paying(advisor(), STAKE).sign(id, h), Err(Error::Template(TemplateError::WrongState)));
    f.revert_transfer(advisor(), b);
    assert_eq!(f.snapshot(advisor()), before, "nothing changed");
    f.at(PARAMS.agreement.signing_window_ms * 2 + 1).as_(account(9)).lapse_agreement(id).unwrap();
    assert_eq!(f.investment.credit_of(customer()), AMOUNT, "the customer is refunded");
    f.assert_conserved();
}
