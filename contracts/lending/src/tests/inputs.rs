//! Bad input: each is refused with its own typed error and changes nothing.

use super::*;

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
        set_caller(a);
        set_value(value);
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
    set_balance(f.contract, f.balance(f.contract) - FID);
    assert_eq!(f.as_(a).claim(id), Err(LedgerError::NothingOwed.into()));
    assert_eq!(f.disburse_as(borrower(), id), Err(LedgerError::WrongState.into()));
    f.grant(a, Role::Borrower);
    assert_eq!(f.disburse_as(a, id), Err(Error::NotBorrower), "another borrower's loan");
    // After the funding deadline nobody may invest or withdraw any more.
    assert_eq!(f.at(10_001).paying(a, 20 * FID).invest(id), Err(LedgerError::DeadlinePassed.into()));
    set_balance(f.contract, f.balance(f.contract) - 20 * FID);
    assert_eq!(f.as_(a).withdraw(id, 20 * FID), Err(LedgerError::DeadlinePassed.into()));
    f.assert_conserved();
    // Overpaying an active loan is refused, not kept.
    let mut g = Fixture::new(0xC1);
    let id = g.active();
    let payoff = g.lending.schedule(id).unwrap().payoff;
    assert_eq!(g.paying(borrower(), payoff + 1).repay(id), Err(LedgerError::Overpayment.into()));
    set_balance(g.contract, g.balance(g.contract) - payoff - 1);
    g.assert_conserved();
}
