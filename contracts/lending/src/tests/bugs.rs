//! Regressions: bugs found in review, one named test each.

use super::*;

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
    set_caller(borrower());
    set_value(100 * FID);
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
