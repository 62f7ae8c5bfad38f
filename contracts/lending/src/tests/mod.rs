//! Off-chain tests of the lending contract. The runtime's registry is
//! replaced by [`MockRegistry`], registered with ink!'s
//! `register_chain_extension`: it answers `has_role` from a role set and
//! accepts an assertion whose signature equals the challenge the test
//! computed with the shared `challenge_preimage`, so a contract that binds
//! the wrong action, arguments, contract or nonce is caught.
//!
//! This module holds the fixture (a contract, its account and registry, and
//! builders of each life-cycle state); the tests are grouped by theme:
//! [`life_cycle`] (applying, funding, repaying, defaults and expiry),
//! [`inputs`] (bad input → typed error, nothing changed), [`permissions`]
//! (the permission matrix and the second factor), [`sequences`]
//! (conservation over random sequences) and [`bugs`] (regressions).

mod bugs;
mod inputs;
mod life_cycle;
mod permissions;
mod sequences;

use crate::lending::*;
use fiducia_core::lending::{
    ledger::{LedgerError, MarketTerms},
    scoring::{self, CreditProfile, Debt, Education, Employment, Enrolment, Income},
    ApplicationError, ApplicationLimits, LoanId, LoanStatus, Purpose, APPLY_ACTION, DISBURSE_ACTION,
};
use fiducia_registry_api::{AccessError, Assertion, Role, SecondFactorError};
use fiducia_testkit::{
    account, events, set_balance, set_caller, set_up, set_value, Balance, Harness, MockRegistry, FID,
};
use ink::{primitives::AccountId, scale::Encode};

const PRINCIPAL: Balance = 1_200 * FID;
const TERMS: MarketTerms = MarketTerms {
    period_ms: 1_000,
    approval_window_ms: 5_000,
    funding_window_ms: 10_000,
    activation_window_ms: 5_000,
    disbursement_window_ms: 5_000,
    grace_ms: 300,
    late_fee_bps: 200,
    default_after_ms: 3_000,
    min_ticket: 10 * FID,
};
const LIMITS: ApplicationLimits =
    ApplicationLimits { min_amount: 100 * FID, max_amount: 50_000 * FID, max_term_months: 36 };
const PROFILE: CreditProfile = CreditProfile {
    education: Education::Graduate,
    enrolment: Enrolment::FullTime,
    income: Income::UpTo25k,
    debt: Debt::NoDebt,
    employment: Employment::PartTime,
};
const COMMITMENT: [u8; 32] = [7; 32];

/// A contract instance, its account and the mock registry behind it.
struct Fixture {
    lending: Lending,
    contract: AccountId,
    registry: MockRegistry,
}

fn borrower() -> AccountId {
    account(2)
}
fn admin() -> AccountId {
    account(1)
}
fn investors() -> [AccountId; 2] {
    [account(3), account(4)]
}

/// `f.at(t)`, `f.as_(who)`, `f.paying(who, value)`, `f.balance(who)`,
/// `f.grant(who, role)` and `f.revert_transfer(payer, before)`.
impl Harness for Fixture {
    type Contract = Lending;
    fn contract(&self) -> AccountId {
        self.contract
    }
    fn registry(&self) -> &MockRegistry {
        &self.registry
    }
    fn instance(&mut self) -> &mut Lending {
        &mut self.lending
    }
}

impl Fixture {
    /// A fresh contract at an account of its own (so instances never share
    /// storage), dev-style roles, and funded test accounts.
    fn new(contract_seed: u8) -> Self {
        let contract = account(contract_seed);
        let registry = set_up(contract);
        let f = Fixture { lending: Lending::new(LIMITS, TERMS).expect("valid market"), contract, registry };
        f.grant(admin(), Role::Administrator);
        f.grant(borrower(), Role::Borrower);
        for i in investors() {
            f.grant(i, Role::Investor);
        }
        f
    }

    /// The assertion the mock accepts for `who`'s next `action` over `args`.
    fn assertion<A: Encode>(&self, who: AccountId, action: &str, args: &A) -> Assertion {
        MockRegistry::assertion_for(&self.contract, action, args, self.lending.nonce(who))
    }

    fn apply_as(&mut self, who: AccountId, amount: Balance, term: u16) -> Result<LoanId, Error> {
        let args = (amount, term, Purpose::Tuition, PROFILE, COMMITMENT);
        let assertion = self.assertion(who, APPLY_ACTION, &args);
        self.as_(who).apply(amount, term, Purpose::Tuition, PROFILE, COMMITMENT, assertion)
    }

    fn disburse_as(&mut self, who: AccountId, id: LoanId) -> Result<(), Error> {
        let assertion = self.assertion(who, DISBURSE_ACTION, &id);
        self.as_(who).disburse(id, assertion)
    }

    /// The conservation invariant: the contract holds exactly what its
    /// loans owe (tickets until disbursement, unclaimed repayments).
    fn assert_conserved(&self) {
        let owed: Balance = (0..self.lending.loan_count()).map(|id| self.lending.loan(id).unwrap().ledger.held()).sum();
        assert_eq!(self.balance(self.contract), owed, "contract balance = Σ owed");
    }

    /// Everything a refused message must leave untouched.
    fn snapshot(&self, id: LoanId, who: AccountId) -> impl PartialEq + core::fmt::Debug {
        (
            self.lending.loan(id),
            self.lending.position(id, who),
            self.lending.loan_count(),
            self.lending.nonce(who),
            self.balance(self.contract),
            self.balance(who),
        )
    }

    // Builders of each life-cycle state, by the default cast.

    fn applied(&mut self) -> LoanId {
        self.at(0).apply_as(borrower(), PRINCIPAL, 12).unwrap()
    }

    fn listed(&mut self) -> LoanId {
        let id = self.applied();
        self.as_(admin()).approve(id).unwrap();
        id
    }

    fn funded(&mut self) -> LoanId {
        let id = self.listed();
        let [a, b] = investors();
        self.paying(a, PRINCIPAL / 4).invest(id).unwrap();
        self.paying(b, PRINCIPAL - PRINCIPAL / 4).invest(id).unwrap();
        id
    }

    fn activated(&mut self) -> LoanId {
        let id = self.funded();
        self.as_(admin()).activate(id).unwrap();
        id
    }

    /// Activated and disbursed: the schedule runs from the current time.
    fn active(&mut self) -> LoanId {
        let id = self.activated();
        self.disburse_as(borrower(), id).unwrap();
        id
    }
}
