//! The normal life cycle of a loan: application, funding, activation,
//! disbursement, repayment and claims, pay-off, default and recovery, and an
//! expired listing.

use super::*;

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
        set_caller(who);
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
    set_balance(f.contract, f.balance(f.contract) - 10 * FID);
    let before = f.balance(a);
    f.as_(a).refund(id).unwrap();
    assert_eq!(f.balance(a) - before, 100 * FID);
    assert_eq!(f.as_(a).refund(id), Err(LedgerError::NothingOwed.into()));
    f.as_(b).refund(id).unwrap();
    assert_eq!(f.balance(f.contract), 0);
    f.assert_conserved();
}
