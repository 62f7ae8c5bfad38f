//! Off-chain tests of the lending contract. The runtime's registry is
//! replaced by [`MockRegistry`], registered with ink!'s
//! `register_chain_extension`: it answers `has_role` from a role set and
//! accepts an assertion whose signature equals the challenge the test
//! computed with the shared `challenge_preimage`, so a contract that binds
//! the wrong action, arguments, contract or nonce is caught.

use crate::lending::*;
use fiducia_core::lending::{
    ledger::{LedgerError, MarketTerms},
    scoring::{self, CreditProfile, Debt, Education, Employment, Enrolment, Income},
    ApplicationError, ApplicationLimits, LoanId, LoanStatus, Purpose, APPLY_ACTION, DISBURSE_ACTION,
};
use fiducia_registry_api::{
    challenge_preimage,
    permission_matrix::{self, Gate, Row},
    testing::MockRegistry,
    AccessError, Assertion, FiduciaEnvironment, Role,
    SecondFactorError,
};
use ink::{
    env::{hash::Blake2x256, test},
    primitives::AccountId,
    scale::{Decode, Encode},
};

type Env = FiduciaEnvironment;
type Balance = u128;
const FID: Balance = 1_000_000_000_000;
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

fn account(seed: u8) -> AccountId {
    AccountId::from([seed; 32])
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

impl Fixture {
    /// A fresh contract at an account of its own (so instances never share
    /// storage), dev-style roles, and funded test accounts.
    fn new(contract_seed: u8) -> Self {
        let registry = MockRegistry::install();
        let contract = account(contract_seed);
        test::set_callee::<Env>(contract);
        test::set_account_balance::<Env>(contract, 0);
        for seed in 1..=9 {
            test::set_account_balance::<Env>(account(seed), 1_000_000 * FID);
        }
        test::set_block_timestamp::<Env>(0);
        let mut f = Fixture { lending: Lending::new(LIMITS, TERMS).expect("valid market"), contract, registry };
        f.grant(admin(), Role::Administrator);
        f.grant(borrower(), Role::Borrower);
        for i in investors() {
            f.grant(i, Role::Investor);
        }
        f
    }

    fn grant(&mut self, who: AccountId, role: Role) {
        self.registry.grant(who, role);
    }

    fn at(&mut self, now: u64) -> &mut Self {
        test::set_block_timestamp::<Env>(now);
        self
    }

    fn as_(&mut self, who: AccountId) -> &mut Lending {
        test::set_caller::<Env>(who);
        test::set_value_transferred::<Env>(0);
        &mut self.lending
    }

    /// Calls a payable message as `who`, sending `value`.
    fn paying(&mut self, who: AccountId, value: Balance) -> &mut Lending {
        test::set_caller::<Env>(who);
        test::transfer_in::<Env>(value);
        &mut self.lending
    }

    /// The assertion the mock accepts for `who`'s next `action` over `args`.
    fn assertion<A: Encode>(&self, who: AccountId, action: &str, args: &A) -> Assertion {
        let nonce = self.lending.nonce(who);
        let preimage = challenge_preimage(action, self.contract.as_ref(), args, nonce);
        let mut challenge = [0u8; 32];
        ink::env::hash_bytes::<Blake2x256>(&preimage, &mut challenge);
        MockRegistry::assertion(challenge)
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

    fn balance(&self, who: AccountId) -> Balance {
        test::get_account_balance::<Env>(who).unwrap_or(0)
    }

    /// The conservation invariant: the contract holds exactly what its
    /// loans owe (tickets until disbursement, unclaimed repayments).
    fn assert_conserved(&self) {
        let owed: Balance = (0..self.lending.loan_count())
            .map(|id| self.lending.loan(id).unwrap().ledger.held())
            .sum();
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

/// The recorded events of type `E`, recognised by their signature topic.
fn events<E: Decode + ink::env::Event>() -> Vec<E> {
    test::recorded_events()
        .filter(|e| e.topics.first().map(|t| &t[..]) == E::SIGNATURE_TOPIC.as_ref().map(|t| &t[..]))
        .map(|e| E::decode(&mut &e.data[..]).expect("event decodes"))
        .collect()
}

#[ink::test]
fn apply_scores_records_and_emits() {
    let mut f = Fixture::new(0xC0);
    let id = f.at(42).apply_as(borrower(), PRINCIPAL, 12).unwrap();
    let loan = f.lending.loan(id).unwrap();
    let expected = scoring::assess(&PROFILE, PRINCIPAL, 12).unwrap();
    assert_eq!((loan.borrower, loan.applied_at, loan.status()), (borrower(), 42, LoanStatus::PendingApproval));
    assert_eq!(loan.assessment, expected);
    assert_eq!((loan.ledger.principal, loan.ledger.apr_bps), (PRINCIPAL, expected.apr_bps));
    assert_eq!(loan.ledger.deadline, 42 + TERMS.approval_window_ms);
    assert_eq!(f.lending.nonce(borrower()), 1, "the accepted assertion consumed the nonce");
    let applied = events::<LoanApplied>();
    assert_eq!(applied.len(), 1);
    assert_eq!((applied[0].id, applied[0].grade, applied[0].apr_bps), (id, expected.grade.index(), expected.apr_bps));
}

#[ink::test]
fn second_factor_binds_action_arguments_and_nonce() {
    let mut f = Fixture::new(0xC0);
    let args = (PRINCIPAL, 12u16, Purpose::Tuition, PROFILE, COMMITMENT);
    let good = f.assertion(borrower(), APPLY_ACTION, &args);
    let apply = |f: &mut Fixture, amount, assertion| {
        f.as_(borrower()).apply(amount, 12, Purpose::Tuition, PROFILE, COMMITMENT, assertion)
    };
    let refused = |e| Err(Error::Access(AccessError::SecondFactor(e)));
    // Signed for other arguments, another action, or with no signature.
    assert_eq!(apply(&mut f, PRINCIPAL + 1, good.clone()), refused(SecondFactorError::WrongChallenge));
    let other_action = f.assertion(borrower(), DISBURSE_ACTION, &args);
    assert_eq!(apply(&mut f, PRINCIPAL, other_action), refused(SecondFactorError::WrongChallenge));
    let unsigned = Assertion { signature: vec![], ..good.clone() };
    assert_eq!(apply(&mut f, PRINCIPAL, unsigned), refused(SecondFactorError::BadSignature));
    assert_eq!((f.lending.loan_count(), f.lending.nonce(borrower())), (0, 0), "refusals change nothing");
    // The right one is accepted once; the nonce moves, so replaying it fails.
    assert_eq!(apply(&mut f, PRINCIPAL, good.clone()), Ok(0));
    assert_eq!(apply(&mut f, PRINCIPAL, good), refused(SecondFactorError::WrongChallenge));
    assert_eq!(f.lending.loan_count(), 1);
}

#[ink::test]
fn bad_applications_change_nothing() {
    let mut f = Fixture::new(0xC0);
    let poor = CreditProfile { income: Income::NoIncome, ..PROFILE };
    let not_student = CreditProfile { enrolment: Enrolment::NotEnrolled, ..PROFILE };
    let cases: [(Balance, u16, CreditProfile, [u8; 32], Error); 8] = [
        (99 * FID, 12, PROFILE, COMMITMENT, Error::Application(ApplicationError::AmountTooSmall)),
        (Balance::MAX, 12, PROFILE, COMMITMENT, Error::Application(ApplicationError::AmountTooLarge)),
        (PRINCIPAL, 0, PROFILE, COMMITMENT, Error::Application(ApplicationError::ZeroTerm)),
        (PRINCIPAL, 37, PROFILE, COMMITMENT, Error::Application(ApplicationError::TermTooLong)),
        (PRINCIPAL, 12, PROFILE, [0; 32], Error::Application(ApplicationError::EmptyCommitment)),
        (PRINCIPAL, 12, not_student, COMMITMENT, Error::Rejected(scoring::Rejection::NotEnrolled)),
        (PRINCIPAL, 12, poor, COMMITMENT, Error::Rejected(scoring::Rejection::Unaffordable)),
        (50_000 * FID, 36, PROFILE, COMMITMENT, Error::Rejected(scoring::Rejection::Unaffordable)),
    ];
    for (amount, term, profile, commitment, err) in cases {
        let args = (amount, term, Purpose::Tuition, profile, commitment);
        let assertion = f.assertion(borrower(), APPLY_ACTION, &args);
        let got = f.as_(borrower()).apply(amount, term, Purpose::Tuition, profile, commitment, assertion);
        assert_eq!(got, Err(err), "{amount} over {term}");
    }
    // A deadline that would overflow the clock is refused, not wrapped.
    assert_eq!(f.at(u64::MAX).apply_as(borrower(), PRINCIPAL, 12), Err(LedgerError::Overflow.into()));
    assert_eq!((f.lending.loan_count(), f.lending.nonce(borrower())), (0, 0));
    assert!(events::<LoanApplied>().is_empty());
}

#[ink::test]
fn full_life_cycle_conserves_money_and_pays_investors() {
    let mut f = Fixture::new(0xC0);
    let [a, b] = investors();
    let id = f.funded();
    assert_eq!(f.lending.loan(id).unwrap().status(), LoanStatus::Funded);
    f.assert_conserved();
    f.at(100).as_(admin()).activate(id).unwrap();
    let before = f.balance(borrower());
    f.disburse_as(borrower(), id).unwrap();
    assert_eq!(f.balance(borrower()) - before, PRINCIPAL);
    assert_eq!(f.disburse_as(borrower(), id), Err(LedgerError::WrongState.into()), "only once");
    f.assert_conserved();
    for month in 1..=12u64 {
        let now = 100 + month * TERMS.period_ms;
        let due = f.at(now).lending.schedule(id).unwrap();
        let amount = if month == 12 { due.payoff } else { due.instalment };
        f.paying(borrower(), amount).repay(id).unwrap();
        f.assert_conserved();
        if month == 6 {
            // Claims mid-way are allowed and stay O(1).
            f.as_(a).claim(id).unwrap();
            f.assert_conserved();
        }
    }
    let loan = f.lending.loan(id).unwrap();
    assert_eq!(loan.status(), LoanStatus::Repaid);
    let (ca, cb) = (f.lending.claimable(id, a), f.lending.claimable(id, b));
    f.as_(a).claim(id).unwrap();
    f.as_(b).claim(id).unwrap();
    assert_eq!((f.lending.claimable(id, a), f.lending.claimable(id, b)), (0, 0));
    assert!(cb > 3 * ca, "b holds three quarters");
    let paid_out = f.lending.position(id, a).claimed + f.lending.position(id, b).claimed;
    assert!(loan.ledger.repaid - paid_out < 2, "only dust is left");
    assert!(paid_out > PRINCIPAL, "investors earned interest");
    f.assert_conserved();
    assert_eq!(events::<Claimed>().len(), 3);
}

#[ink::test]
fn pay_off_returns_the_change_to_the_payer() {
    let mut f = Fixture::new(0xC0);
    let id = f.active();
    let payoff = f.at(2_500).lending.schedule(id).unwrap().payoff;
    let before = f.balance(borrower());
    let change = f.paying(borrower(), payoff + 7 * FID).pay_off(id).unwrap();
    assert_eq!(change, 7 * FID);
    assert_eq!(before - f.balance(borrower()), payoff, "the payer parted with exactly the payoff");
    assert_eq!(f.lending.loan(id).unwrap().status(), LoanStatus::Repaid);
    f.assert_conserved();
    assert_eq!(f.paying(borrower(), FID).pay_off(id), Err(LedgerError::WrongState.into()));
}

#[ink::test]
fn late_fee_default_and_recovery_are_shared() {
    let mut f = Fixture::new(0xC0);
    let [a, b] = investors();
    let id = f.active();
    // Nothing paid: month 1 is due at 1 000, fee after 1 300, default after 4 000.
    let s = f.at(1_400).lending.schedule(id).unwrap();
    assert!(s.fees_due > 0 && s.overdue > s.instalment);
    assert_eq!(f.at(3_999).as_(b).mark_default(id), Err(LedgerError::NotInDefault.into()));
    f.at(4_000).as_(account(9)).mark_default(id).unwrap();
    assert_eq!(f.lending.loan(id).unwrap().status(), LoanStatus::Defaulted);
    // A recovery after default is still shared pro-rata.
    f.at(9_000).paying(account(9), 400 * FID).repay(id).unwrap();
    let (ca, cb) = (f.lending.claim_as(a, id), f.lending.claim_as(b, id));
    assert_eq!(ca + cb, 400 * FID - (400 * FID - ca - cb));
    assert_eq!(ca, 100 * FID);
    assert_eq!(cb, 300 * FID);
    f.assert_conserved();
}

impl Lending {
    /// `claim` as `who` (test helper).
    fn claim_as(&mut self, who: AccountId, id: LoanId) -> Balance {
        test::set_caller::<Env>(who);
        self.claim(id).unwrap()
    }
}

#[ink::test]
fn expired_listing_refunds_every_investor() {
    let mut f = Fixture::new(0xC0);
    let [a, b] = investors();
    let id = f.listed();
    f.paying(a, 100 * FID).invest(id).unwrap();
    f.paying(b, 50 * FID).invest(id).unwrap();
    assert_eq!(f.at(10_000).as_(a).expire(id), Err(LedgerError::DeadlineNotReached.into()));
    f.at(10_001).as_(account(9)).expire(id).unwrap();
    assert_eq!(f.paying(a, 10 * FID).invest(id), Err(LedgerError::WrongState.into()));
    // transfer_in moved the value even though the message failed; a real
    // chain reverts it. Undo it here so conservation is checked on real money.
    test::set_account_balance::<Env>(f.contract, f.balance(f.contract) - 10 * FID);
    let before = f.balance(a);
    f.as_(a).refund(id).unwrap();
    assert_eq!(f.balance(a) - before, 100 * FID);
    assert_eq!(f.as_(a).refund(id), Err(LedgerError::NothingOwed.into()));
    f.as_(b).refund(id).unwrap();
    assert_eq!(f.balance(f.contract), 0);
    f.assert_conserved();
}

#[ink::test]
fn bad_inputs_are_refused_with_their_own_error() {
    let mut f = Fixture::new(0xC0);
    let [a, _] = investors();
    let unknown = 99;
    assert_eq!(f.as_(admin()).approve(unknown), Err(Error::UnknownLoan));
    assert_eq!(f.as_(a).claim(unknown), Err(Error::UnknownLoan));
    assert_eq!(f.lending.schedule(unknown), Err(Error::UnknownLoan));
    let id = f.listed();
    let cases: [(Balance, Error); 3] = [
        (0, LedgerError::ZeroAmount.into()),
        (9 * FID, LedgerError::TicketTooSmall.into()),
        (PRINCIPAL + 1, LedgerError::AboveRemaining.into()),
    ];
    for (value, err) in cases {
        let before = f.snapshot(id, a);
        test::set_caller::<Env>(a);
        test::set_value_transferred::<Env>(value);
        assert_eq!(f.lending.invest(id), Err(err), "invest {value}");
        assert_eq!(f.snapshot(id, a), before);
    }
    f.paying(a, 20 * FID).invest(id).unwrap();
    assert_eq!(f.as_(a).withdraw(id, 0), Err(LedgerError::ZeroAmount.into()));
    assert_eq!(f.as_(a).withdraw(id, 15 * FID), Err(LedgerError::TicketTooSmall.into()));
    assert_eq!(f.as_(a).withdraw(id, 21 * FID), Err(LedgerError::AbovePosition.into()));
    assert_eq!(f.as_(account(9)).withdraw(id, 1), Err(Error::NoPosition));
    assert_eq!(f.as_(admin()).activate(id), Err(LedgerError::WrongState.into()));
    assert_eq!(f.as_(admin()).approve(id), Err(LedgerError::WrongState.into()));
    assert_eq!(f.paying(a, FID).repay(id), Err(LedgerError::WrongState.into()));
    test::set_account_balance::<Env>(f.contract, f.balance(f.contract) - FID);
    assert_eq!(f.as_(a).claim(id), Err(LedgerError::NothingOwed.into()));
    assert_eq!(f.disburse_as(borrower(), id), Err(LedgerError::WrongState.into()));
    f.grant(a, Role::Borrower);
    assert_eq!(f.disburse_as(a, id), Err(Error::NotBorrower), "another borrower's loan");
    // After the funding deadline nobody may invest or withdraw any more.
    assert_eq!(f.at(10_001).paying(a, 20 * FID).invest(id), Err(LedgerError::DeadlinePassed.into()));
    test::set_account_balance::<Env>(f.contract, f.balance(f.contract) - 20 * FID);
    assert_eq!(f.as_(a).withdraw(id, 20 * FID), Err(LedgerError::DeadlinePassed.into()));
    f.assert_conserved();
    // Overpaying an active loan is refused, not kept.
    let mut g = Fixture::new(0xC1);
    let id = g.active();
    let payoff = g.lending.schedule(id).unwrap().payoff;
    assert_eq!(g.paying(borrower(), payoff + 1).repay(id), Err(LedgerError::Overpayment.into()));
    test::set_account_balance::<Env>(g.contract, g.balance(g.contract) - payoff - 1);
    g.assert_conserved();
}

impl permission_matrix::Fixture for Fixture {
    type Error = Error;
    fn fresh(seed: u32) -> Self {
        Fixture::new(u8::try_from(seed).expect("fewer than 256 fixtures"))
    }
    fn registry(&self) -> &MockRegistry {
        &self.registry
    }
    fn contract(&self) -> AccountId {
        self.contract
    }
    fn snapshot(&self, id: u64, who: AccountId) -> impl PartialEq + core::fmt::Debug + use<> {
        self.snapshot(id, who)
    }
    fn assert_conserved(&self) {
        self.assert_conserved()
    }
}

/// `actor` invests in a fresh listing (with a temporary Investor license).
fn actor_invested(f: &mut Fixture, actor: AccountId) -> LoanId {
    let id = f.listed();
    f.grant(actor, Role::Investor);
    f.paying(actor, PRINCIPAL / 2).invest(id).unwrap();
    id
}

const MATRIX: &[Row<Fixture>] = &[
    Row {
        message: "apply",
        gate: Gate::Role(Role::Borrower),
        prepare: |f, _| f.lending.loan_count(),
        call: |f, who, _| f.apply_as(who, PRINCIPAL, 12).map(|_| ()),
    },
    Row { message: "approve", gate: Gate::Role(Role::Administrator), prepare: |f, _| f.applied(), call: |f, who, id| f.as_(who).approve(id) },
    Row { message: "reject", gate: Gate::Role(Role::Administrator), prepare: |f, _| f.applied(), call: |f, who, id| f.as_(who).reject(id) },
    Row { message: "activate", gate: Gate::Role(Role::Administrator), prepare: |f, _| f.funded(), call: |f, who, id| f.as_(who).activate(id) },
    Row { message: "invest", gate: Gate::Role(Role::Investor), prepare: |f, _| f.listed(), call: |f, who, id| f.paying(who, 10 * FID).invest(id) },
    Row {
        message: "withdraw",
        gate: Gate::Anyone,
        prepare: actor_invested,
        call: |f, who, id| f.as_(who).withdraw(id, PRINCIPAL / 2),
    },
    Row {
        message: "refund",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let id = actor_invested(f, actor);
            f.at(20_000).as_(admin()).expire(id).unwrap();
            id
        },
        call: |f, who, id| f.as_(who).refund(id),
    },
    Row {
        message: "claim",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let id = actor_invested(f, actor);
            f.paying(investors()[0], PRINCIPAL / 2).invest(id).unwrap();
            f.as_(admin()).activate(id).unwrap();
            f.disburse_as(borrower(), id).unwrap();
            f.at(1_000).paying(borrower(), 50 * FID).repay(id).unwrap();
            id
        },
        call: |f, who, id| f.as_(who).claim(id).map(|_| ()),
    },
    Row {
        message: "disburse",
        gate: Gate::Role(Role::Borrower),
        prepare: |f, actor| {
            f.grant(actor, Role::Borrower);
            let id = f.apply_as(actor, PRINCIPAL, 12).unwrap();
            f.as_(admin()).approve(id).unwrap();
            f.paying(investors()[0], PRINCIPAL).invest(id).unwrap();
            f.as_(admin()).activate(id).unwrap();
            id
        },
        call: |f, who, id| f.disburse_as(who, id),
    },
    Row {
        message: "repay",
        gate: Gate::Anyone,
        prepare: |f, _| f.active(),
        call: |f, who, id| f.at(1_000).paying(who, 100 * FID).repay(id),
    },
    Row {
        message: "pay_off",
        gate: Gate::Anyone,
        prepare: |f, _| f.active(),
        call: |f, who, id| f.at(1_000).paying(who, 2 * PRINCIPAL).pay_off(id).map(|_| ()),
    },
    Row {
        message: "expire",
        gate: Gate::Anyone,
        prepare: |f, _| f.listed(),
        call: |f, who, id| f.at(10_001).as_(who).expire(id),
    },
    Row {
        message: "mark_default",
        gate: Gate::Anyone,
        prepare: |f, _| f.active(),
        call: |f, who, id| f.at(4_000).as_(who).mark_default(id),
    },
];

/// Every message × every role (and no role at all): a gated message accepts
/// exactly its role and refuses every other with `MissingRole`, changing
/// nothing; an open message accepts everyone.
#[ink::test]
fn permission_matrix() {
    permission_matrix::check(MATRIX, account(6), 0x10);
}

/// Conservation over many random operation sequences on the contract itself
/// (the logic crate's property test covers 10,000 sequences of the ledger):
/// after every message, accepted or refused, the contract's balance equals
/// what its loans owe.
#[ink::test]
fn random_sequences_conserve_money() {
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let people: Vec<AccountId> = (3..=8).map(account).collect();
    for run in 0..60u8 {
        let mut f = Fixture::new(0x40 + run);
        for who in &people {
            f.grant(*who, Role::Investor);
        }
        let id = f.listed();
        let mut now = 0;
        for _ in 0..40 {
            now += next(1_500);
            let who = people[next(people.len() as u64) as usize];
            let amount = (next(400) as Balance + 1) * FID;
            let before = f.balance(f.contract);
            let (payer, result) = match next(8) {
                0 | 1 => (who, f.at(now).paying(who, amount).invest(id)),
                2 => (who, f.at(now).as_(who).withdraw(id, amount)),
                3 => (who, f.at(now).as_(who).expire(id)),
                4 => (who, f.at(now).as_(admin()).activate(id)),
                5 => (borrower(), f.at(now).paying(borrower(), amount).repay(id)),
                6 => (who, f.at(now).as_(who).claim(id).map(|_| ())),
                _ => (who, f.at(now).as_(who).refund(id).or_else(|_| f.as_(who).mark_default(id))),
            };
            if result.is_err() && f.balance(f.contract) > before {
                // A refused payable call: the chain would revert the transfer.
                let moved = f.balance(f.contract) - before;
                test::set_account_balance::<Env>(f.contract, before);
                test::set_account_balance::<Env>(payer, f.balance(payer) + moved);
            }
            if f.lending.loan(id).is_some_and(|l| l.status() == LoanStatus::Activated) && next(4) == 0 {
                let _ = f.disburse_as(borrower(), id);
            }
            f.assert_conserved();
        }
    }
}

#[ink::test]
fn bug_administrator_approves_and_activates_own_loan() {
    // An account licensed as Administrator and Borrower applies; it may not
    // approve, reject or activate its own loan; another administrator may.
    let mut f = Fixture::new(0xC0);
    let insider = account(7);
    f.grant(insider, Role::Borrower);
    f.grant(insider, Role::Administrator);
    let id = f.at(0).apply_as(insider, PRINCIPAL, 12).unwrap();
    for refused in [f.as_(insider).approve(id), f.as_(insider).reject(id)] {
        assert_eq!(refused, Err(Error::AdministratorIsBorrower));
    }
    f.as_(admin()).approve(id).unwrap();
    f.paying(investors()[0], PRINCIPAL).invest(id).unwrap();
    let before = f.snapshot(id, insider);
    assert_eq!(f.as_(insider).activate(id), Err(Error::AdministratorIsBorrower));
    assert_eq!(f.snapshot(id, insider), before, "nothing changed");
    f.as_(admin()).activate(id).unwrap();
    f.assert_conserved();
}

#[ink::test]
fn bug_borrower_invests_in_own_loan() {
    // A borrower also licensed as Investor may not fund its own loan.
    let mut f = Fixture::new(0xC0);
    f.grant(borrower(), Role::Investor);
    let id = f.listed();
    let before = f.snapshot(id, borrower());
    test::set_caller::<Env>(borrower());
    test::set_value_transferred::<Env>(100 * FID);
    assert_eq!(f.lending.invest(id), Err(Error::BorrowerIsInvestor));
    assert_eq!(f.snapshot(id, borrower()), before, "nothing changed");
}

#[ink::test]
fn bug_undisbursed_principal_is_stuck() {
    // The borrower never pulls the principal: after the disbursement window
    // anyone expires the loan and each investor takes its ticket back.
    let mut f = Fixture::new(0xC0);
    let [a, b] = investors();
    let id = f.at(0).activated();
    assert_eq!(f.lending.loan(id).unwrap().status(), LoanStatus::Activated);
    assert_eq!(f.at(5_000).as_(account(9)).expire(id), Err(LedgerError::DeadlineNotReached.into()));
    assert_eq!(f.at(5_001).disburse_as(borrower(), id), Err(LedgerError::DeadlinePassed.into()));
    f.as_(account(9)).expire(id).unwrap();
    f.as_(a).refund(id).unwrap();
    f.as_(b).refund(id).unwrap();
    assert_eq!(f.balance(f.contract), 0);
    f.assert_conserved();
    assert_eq!(f.disburse_as(borrower(), id), Err(LedgerError::WrongState.into()), "nothing to pull after expiry");
}

#[ink::test]
fn bug_constructor_accepts_extreme_terms() {
    let _f = Fixture::new(0xC0);
    let bad_terms = MarketTerms { period_ms: 0, ..TERMS };
    assert_eq!(Lending::new(LIMITS, bad_terms).err(), Some(Error::InvalidMarket));
    let bad_limits = ApplicationLimits { min_amount: 10, max_amount: 1, max_term_months: 12 };
    assert_eq!(Lending::new(bad_limits, TERMS).err(), Some(Error::InvalidMarket));
    let long = MarketTerms { default_after_ms: u64::MAX, ..TERMS };
    assert_eq!(Lending::new(LIMITS, long).err(), Some(Error::InvalidMarket));
}
