//! The money of one loan, from listing to the last claim, as a pure state
//! machine. Every operation is O(1): interest and late fees accrue lazily
//! from timestamps, and investors' shares are pro-rata of a running total.
//!
//! Money rules (docs/protocol/lending.md):
//! - payouts are pulled: `withdraw`, `refund`, `disburse` and `claim` return
//!   the amount the caller is owed, which the contract then transfers;
//! - every waiting state has a deadline after which anyone may expire the
//!   loan and the investors take their tickets back: approval, funding,
//!   activation and **disbursement** (an activated loan whose borrower does
//!   not pull the principal in time);
//! - interest runs only on principal the borrower received: from the
//!   disbursement, per millisecond on the principal outstanding (a period
//!   earns a twelfth of the APR), with the sub-unit remainder carried, so
//!   repaying just before a due date saves exactly the interest of the time
//!   not held, never more; prepayment has no penalty;
//! - repayments pay late fees, then interest, then principal; a payment above
//!   what is owed is **refused** (`Overpayment`), so the contract never holds
//!   money it owes nobody;
//! - a late fee of `late_fee_bps` of the instalment is charged once per
//!   instalment not paid within the grace period;
//! - after a default the whole debt is due and interest keeps accruing at the
//!   loan's rate until it is repaid (late fees stop): defaulting strategically
//!   does not freeze the debt; recoveries are shared;
//! - every repaid unit (fees included) belongs to the investors pro-rata to
//!   their tickets, rounded down: the dust left is < 1 unit per investor.
//!
//! What the loan holds at any time ([`Ledger::held`]): unrefunded tickets
//! until the borrower pulls the principal (listed, funded, activated,
//! expired); repaid money investors have not claimed.

use super::{schedule, LoanStatus};
use crate::{money, Balance};

/// Milliseconds since the Unix epoch (the block timestamp).
pub type Timestamp = u64;

/// Market parameters, fixed when the lending contract is instantiated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct MarketTerms {
    /// Length of a repayment period ("month"), ms.
    pub period_ms: u64,
    /// How long an application waits for approval, ms.
    pub approval_window_ms: u64,
    /// How long a listed loan may collect investments, ms.
    pub funding_window_ms: u64,
    /// How long a funded loan waits for activation, ms.
    pub activation_window_ms: u64,
    /// How long an activated loan waits for the borrower to pull the
    /// principal, ms.
    pub disbursement_window_ms: u64,
    /// Delay after a due date before the late fee is charged, ms.
    pub grace_ms: u64,
    /// Late fee per late instalment, in basis points of the instalment.
    pub late_fee_bps: u32,
    /// How long the oldest unpaid instalment must be overdue before anyone
    /// may mark the loan defaulted, ms.
    pub default_after_ms: u64,
    /// Smallest ticket an investor may hold.
    pub min_ticket: Balance,
}

/// 30 days.
const MONTH_MS: u64 = 30 * 24 * 60 * 60 * 1_000;
/// One day.
const DAY_MS: u64 = 24 * 60 * 60 * 1_000;
/// The longest window or period a market accepts (ten years): with it no
/// deadline or accrual of a valid loan can overflow.
pub const MAX_WINDOW_MS: u64 = 10 * 365 * DAY_MS;
/// The highest late fee a market may charge per late instalment (25 %).
pub const MAX_LATE_FEE_BPS: u32 = 2_500;

impl Default for MarketTerms {
    /// Monthly periods (30 days); 14 days to approve, 30 to fund, 7 to
    /// activate, 7 to pull the principal; 5 days' grace; a 2 % late fee;
    /// default after 90 days overdue; tickets of at least 10 FID.
    fn default() -> Self {
        Self {
            period_ms: MONTH_MS,
            approval_window_ms: 14 * DAY_MS,
            funding_window_ms: MONTH_MS,
            activation_window_ms: 7 * DAY_MS,
            disbursement_window_ms: 7 * DAY_MS,
            grace_ms: 5 * DAY_MS,
            late_fee_bps: 200,
            default_after_ms: 90 * DAY_MS,
            min_ticket: 10 * 1_000_000_000_000,
        }
    }
}

impl MarketTerms {
    /// Checks the terms a market is instantiated with: every window and the
    /// period between 1 ms and [`MAX_WINDOW_MS`], the grace period shorter
    /// than a period, default no earlier than a period after the due date,
    /// the late fee at most [`MAX_LATE_FEE_BPS`], a non-zero minimum ticket.
    pub fn validate(&self) -> Result<(), LedgerError> {
        let windows = [
            self.period_ms,
            self.approval_window_ms,
            self.funding_window_ms,
            self.activation_window_ms,
            self.disbursement_window_ms,
            self.default_after_ms,
        ];
        let valid = windows.iter().all(|w| (1..=MAX_WINDOW_MS).contains(w))
            && self.grace_ms < self.period_ms
            && self.default_after_ms >= self.period_ms
            && self.late_fee_bps <= MAX_LATE_FEE_BPS
            && self.min_ticket > 0;
        if valid {
            Ok(())
        } else {
            Err(LedgerError::InvalidTerms)
        }
    }
}

/// Why a ledger operation was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum LedgerError {
    /// The loan is not in a state that allows this.
    WrongState,
    /// The deadline of the current state has passed.
    DeadlinePassed,
    /// The deadline of the current state has not passed yet.
    DeadlineNotReached,
    /// A zero amount.
    ZeroAmount,
    /// The ticket (or what would remain of it) is below the minimum.
    TicketTooSmall,
    /// More than the loan still needs.
    AboveRemaining,
    /// More than the investor holds.
    AbovePosition,
    /// More than the borrower owes.
    Overpayment,
    /// Less than the payoff, when paying the loan off.
    BelowPayoff,
    /// The loan is not overdue long enough to be marked defaulted.
    NotInDefault,
    /// Nothing is owed to the caller.
    NothingOwed,
    /// An amount or time overflowed.
    Overflow,
    /// The terms give no valid schedule (zero term or period), or a market's
    /// terms are out of range.
    InvalidTerms,
}

impl core::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::WrongState => "the loan is not in a state that allows this",
            Self::DeadlinePassed => "the deadline of the loan's current state has passed",
            Self::DeadlineNotReached => "the deadline of the loan's current state has not passed yet",
            Self::ZeroAmount => "the amount is zero",
            Self::TicketTooSmall => "the ticket (or what would remain of it) is below the minimum",
            Self::AboveRemaining => "the amount is above what the loan still needs",
            Self::AbovePosition => "the amount is above the investor's position",
            Self::Overpayment => "the amount is above what the borrower owes",
            Self::BelowPayoff => "the amount is below what it takes to pay the loan off",
            Self::NotInDefault => "the loan is not overdue long enough to be marked defaulted",
            Self::NothingOwed => "nothing is owed to the caller",
            Self::Overflow => "an amount or time overflowed",
            Self::InvalidTerms => "the terms are out of range or give no valid schedule",
        })
    }
}

/// One investor's stake in one loan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Position {
    /// Amount invested (its share of the loan).
    pub invested: Balance,
    /// Repayments already claimed, or `invested` once refunded.
    pub claimed: Balance,
}

/// How a repayment was applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Allocation {
    /// To late fees.
    pub fees: Balance,
    /// To interest.
    pub interest: Balance,
    /// To principal.
    pub principal: Balance,
}

/// Where a loan stands against its schedule at a given moment (a query; the
/// full line-by-line schedule is [`schedule::projected`], computed off-chain).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Standing {
    /// Life-cycle state.
    pub status: LoanStatus,
    /// The equal instalment.
    pub instalment: Balance,
    /// Number of instalments.
    pub term: u16,
    /// Instalments fully paid (interest and principal).
    pub instalments_paid: u64,
    /// Due date of the oldest unpaid instalment, if the loan is active.
    pub next_due_at: Option<Timestamp>,
    /// Interest and principal past due, plus late fees.
    pub overdue: Balance,
    /// Late fees unpaid.
    pub fees_due: Balance,
    /// Interest accrued and unpaid.
    pub interest_due: Balance,
    /// Principal still owed.
    pub principal_outstanding: Balance,
    /// Everything needed to pay the loan off now.
    pub payoff: Balance,
}

/// The money state of one loan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Ledger {
    /// Life-cycle state.
    pub status: LoanStatus,
    /// The loan's principal (the funding target).
    pub principal: Balance,
    /// Annual rate, basis points.
    pub apr_bps: u32,
    /// Number of monthly instalments.
    pub term: u16,
    /// Deadline of the current waiting state (approval, funding, activation,
    /// disbursement).
    pub deadline: Timestamp,
    /// Sum of tickets; fixed at `principal` once funded.
    pub raised: Balance,
    /// Tickets refunded after expiry.
    pub refunded: Balance,
    /// Disbursement time: the schedule's start.
    pub started_at: Timestamp,
    /// The equal instalment.
    pub instalment: Balance,
    /// Principal still owed.
    pub principal_outstanding: Balance,
    /// Interest accrued and unpaid.
    pub interest_due: Balance,
    /// Late fees charged and unpaid.
    pub fees_due: Balance,
    /// Interest has been accrued up to this time.
    pub accrued_at: Timestamp,
    /// Sub-unit interest carried to the next accrual (see
    /// [`schedule::accrued_interest`]).
    pub interest_carry: Balance,
    /// Instalments `0 .. late_fees_through` have been considered for late fees.
    pub late_fees_through: u64,
    /// Interest and principal paid (what counts against the schedule).
    pub scheduled_paid: Balance,
    /// Everything repaid, fees included: the investors' pot.
    pub repaid: Balance,
    /// Repayments claimed by investors.
    pub claimed: Balance,
}

fn add(a: Balance, b: Balance) -> Result<Balance, LedgerError> {
    a.checked_add(b).ok_or(LedgerError::Overflow)
}

fn after(t: Timestamp, d: u64) -> Result<Timestamp, LedgerError> {
    t.checked_add(d).ok_or(LedgerError::Overflow)
}

impl Ledger {
    /// A fresh application of `principal` at `apr_bps` over `term` months,
    /// waiting for approval until `now + approval_window`.
    pub fn applied(
        principal: Balance,
        apr_bps: u32,
        term: u16,
        now: Timestamp,
        terms: &MarketTerms,
    ) -> Result<Ledger, LedgerError> {
        if principal == 0 {
            return Err(LedgerError::ZeroAmount);
        }
        if terms.period_ms == 0 {
            return Err(LedgerError::InvalidTerms);
        }
        let instalment = schedule::instalment(principal, apr_bps, term).ok_or(LedgerError::InvalidTerms)?;
        Ok(Ledger {
            status: LoanStatus::PendingApproval,
            principal,
            apr_bps,
            term,
            instalment,
            deadline: after(now, terms.approval_window_ms)?,
            ..Default::default()
        })
    }

    fn require_status(&self, status: LoanStatus) -> Result<(), LedgerError> {
        if self.status == status {
            Ok(())
        } else {
            Err(LedgerError::WrongState)
        }
    }

    fn before_deadline(&self, now: Timestamp) -> Result<(), LedgerError> {
        if now <= self.deadline {
            Ok(())
        } else {
            Err(LedgerError::DeadlinePassed)
        }
    }

    /// Administrator approves the listing: open to investors until the
    /// funding deadline.
    pub fn approve(&mut self, now: Timestamp, terms: &MarketTerms) -> Result<(), LedgerError> {
        self.require_status(LoanStatus::PendingApproval)?;
        self.before_deadline(now)?;
        self.deadline = after(now, terms.funding_window_ms)?;
        self.status = LoanStatus::Listed;
        Ok(())
    }

    /// Administrator rejects the application (final).
    pub fn reject(&mut self) -> Result<(), LedgerError> {
        self.require_status(LoanStatus::PendingApproval)?;
        self.status = LoanStatus::Rejected;
        Ok(())
    }

    /// What the loan still needs to be fully funded.
    pub fn remaining(&self) -> Balance {
        self.principal.saturating_sub(self.raised)
    }

    /// An investor adds `amount` to its position while listed.
    pub fn invest(
        &mut self,
        position: &mut Position,
        amount: Balance,
        now: Timestamp,
        terms: &MarketTerms,
    ) -> Result<(), LedgerError> {
        self.require_status(LoanStatus::Listed)?;
        self.before_deadline(now)?;
        if amount == 0 {
            return Err(LedgerError::ZeroAmount);
        }
        if amount > self.remaining() {
            return Err(LedgerError::AboveRemaining);
        }
        let invested = add(position.invested, amount)?;
        if invested < terms.min_ticket {
            return Err(LedgerError::TicketTooSmall);
        }
        let raised = add(self.raised, amount)?;
        let deadline = if raised == self.principal { after(now, terms.activation_window_ms)? } else { self.deadline };
        position.invested = invested;
        self.raised = raised;
        if raised == self.principal {
            self.status = LoanStatus::Funded;
            self.deadline = deadline;
        }
        Ok(())
    }

    /// An investor takes back `amount` of its ticket before the loan is fully
    /// funded; what remains must be zero or at least the minimum ticket.
    /// Returns the payout.
    pub fn withdraw(
        &mut self,
        position: &mut Position,
        amount: Balance,
        now: Timestamp,
        terms: &MarketTerms,
    ) -> Result<Balance, LedgerError> {
        self.require_status(LoanStatus::Listed)?;
        self.before_deadline(now)?;
        if amount == 0 {
            return Err(LedgerError::ZeroAmount);
        }
        let rest = position.invested.checked_sub(amount).ok_or(LedgerError::AbovePosition)?;
        if rest != 0 && rest < terms.min_ticket {
            return Err(LedgerError::TicketTooSmall);
        }
        position.invested = rest;
        self.raised -= amount; // amount ≤ position ≤ raised
        Ok(amount)
    }

    /// Anyone ends a waiting state whose deadline has passed: an application
    /// not approved, a listing not fully funded, a funded loan not activated,
    /// an activated loan whose principal the borrower did not pull. Investors
    /// then claim refunds.
    pub fn expire(&mut self, now: Timestamp) -> Result<(), LedgerError> {
        match self.status {
            LoanStatus::PendingApproval | LoanStatus::Listed | LoanStatus::Funded | LoanStatus::Activated => {},
            _ => return Err(LedgerError::WrongState),
        }
        if now <= self.deadline {
            return Err(LedgerError::DeadlineNotReached);
        }
        self.status = LoanStatus::Expired;
        Ok(())
    }

    /// An investor of an expired loan takes its whole ticket back.
    pub fn refund(&mut self, position: &mut Position) -> Result<Balance, LedgerError> {
        self.require_status(LoanStatus::Expired)?;
        let owed = position.invested.saturating_sub(position.claimed);
        if owed == 0 {
            return Err(LedgerError::NothingOwed);
        }
        position.claimed = position.invested;
        self.refunded = add(self.refunded, owed)?;
        Ok(owed)
    }

    /// Administrator activates a funded loan: the principal becomes the
    /// borrower's to pull until `now + disbursement_window`.
    pub fn activate(&mut self, now: Timestamp, terms: &MarketTerms) -> Result<(), LedgerError> {
        self.require_status(LoanStatus::Funded)?;
        self.before_deadline(now)?;
        self.deadline = after(now, terms.disbursement_window_ms)?;
        self.status = LoanStatus::Activated;
        Ok(())
    }

    /// The borrower pulls the principal of an activated loan before the
    /// disbursement deadline: the loan becomes active and the schedule and
    /// interest start now. Returns the payout. Refused in any other state.
    pub fn disburse(&mut self, now: Timestamp) -> Result<Balance, LedgerError> {
        self.require_status(LoanStatus::Activated)?;
        self.before_deadline(now)?;
        self.status = LoanStatus::Active;
        self.started_at = now;
        self.accrued_at = now;
        self.principal_outstanding = self.principal;
        Ok(self.principal)
    }

    /// Full periods elapsed since activation at `now`.
    fn periods_at(&self, now: Timestamp, terms: &MarketTerms) -> u64 {
        now.saturating_sub(self.started_at) / terms.period_ms
    }

    /// Index (from 0) of the oldest instalment not fully paid.
    fn oldest_unpaid(&self) -> u64 {
        let paid = self.scheduled_paid / self.instalment.max(1);
        u64::try_from(paid).unwrap_or(u64::MAX)
    }

    /// Interest and principal overdue at period count `periods`.
    fn overdue_at(&self, periods: u64) -> Balance {
        let owed = self.principal_outstanding.saturating_add(self.interest_due);
        if periods >= u64::from(self.term) {
            return owed;
        }
        let due = self.instalment.saturating_mul(Balance::from(periods));
        due.saturating_sub(self.scheduled_paid).min(owed)
    }

    /// Brings interest and late fees up to `now`. Interest accrues on an
    /// active or defaulted loan; late fees only on an active one.
    pub fn accrue(&mut self, now: Timestamp, terms: &MarketTerms) -> Result<(), LedgerError> {
        if !matches!(self.status, LoanStatus::Active | LoanStatus::Defaulted) {
            return Ok(());
        }
        if now > self.accrued_at {
            let (interest, carry) = schedule::accrued_interest(
                self.principal_outstanding,
                self.apr_bps,
                now - self.accrued_at,
                terms.period_ms,
                self.interest_carry,
            )
            .ok_or(LedgerError::Overflow)?;
            self.interest_due = add(self.interest_due, interest)?;
            self.interest_carry = carry;
            self.accrued_at = now;
        }
        if self.status != LoanStatus::Active {
            return Ok(());
        }
        let periods = self.periods_at(now, terms);
        // Instalments whose due date plus grace has passed: 0 .. late.
        let late = now.saturating_sub(self.started_at).saturating_sub(terms.grace_ms) / terms.period_ms;
        let late = late.min(u64::from(self.term));
        let first = self.oldest_unpaid().max(self.late_fees_through);
        if late > first && self.overdue_at(periods) > 0 {
            let fee = money::bps_charge(self.instalment, terms.late_fee_bps)
                .and_then(|f| f.checked_mul(Balance::from(late - first)))
                .ok_or(LedgerError::Overflow)?;
            self.fees_due = add(self.fees_due, fee)?;
        }
        self.late_fees_through = self.late_fees_through.max(late);
        Ok(())
    }

    /// Everything the borrower owes now (after [`Ledger::accrue`]).
    pub fn payoff(&self) -> Balance {
        self.fees_due.saturating_add(self.interest_due).saturating_add(self.principal_outstanding)
    }

    /// Anyone repays `amount` on an active or defaulted loan: late fees,
    /// then interest, then principal. Paid off ⇒ `Repaid`.
    pub fn repay(&mut self, amount: Balance, now: Timestamp, terms: &MarketTerms) -> Result<Allocation, LedgerError> {
        if !matches!(self.status, LoanStatus::Active | LoanStatus::Defaulted) {
            return Err(LedgerError::WrongState);
        }
        if amount == 0 {
            return Err(LedgerError::ZeroAmount);
        }
        let mut next = *self;
        next.accrue(now, terms)?;
        if amount > next.payoff() {
            return Err(LedgerError::Overpayment);
        }
        let fees = amount.min(next.fees_due);
        let interest = (amount - fees).min(next.interest_due);
        let principal = amount - fees - interest;
        next.fees_due -= fees;
        next.interest_due -= interest;
        next.principal_outstanding -= principal; // ≤ outstanding: amount ≤ payoff
        next.scheduled_paid = add(next.scheduled_paid, interest + principal)?;
        next.repaid = add(next.repaid, amount)?;
        if next.payoff() == 0 {
            next.status = LoanStatus::Repaid;
        }
        *self = next;
        Ok(Allocation { fees, interest, principal })
    }

    /// Pays the loan off with up to `available`: repays exactly the payoff at
    /// `now` and returns the change. For a payer who cannot know the payoff
    /// to the unit at execution time (interest accrues per period).
    pub fn pay_off(
        &mut self,
        available: Balance,
        now: Timestamp,
        terms: &MarketTerms,
    ) -> Result<(Allocation, Balance), LedgerError> {
        let mut accrued = *self;
        accrued.accrue(now, terms)?;
        let payoff = accrued.payoff();
        if available < payoff {
            return Err(LedgerError::BelowPayoff);
        }
        let allocation = self.repay(payoff, now, terms)?;
        Ok((allocation, available - payoff))
    }

    /// Anyone marks an active loan defaulted once its oldest unpaid
    /// instalment is overdue by `default_after_ms`. Late fees stop; interest
    /// on the outstanding principal goes on until it is repaid.
    pub fn mark_default(&mut self, now: Timestamp, terms: &MarketTerms) -> Result<(), LedgerError> {
        self.require_status(LoanStatus::Active)?;
        let mut next = *self;
        next.accrue(now, terms)?;
        let periods = next.periods_at(now, terms);
        if next.overdue_at(periods) == 0 {
            return Err(LedgerError::NotInDefault);
        }
        let oldest = next.oldest_unpaid().min(u64::from(next.term.saturating_sub(1)));
        let due = oldest
            .checked_add(1)
            .and_then(|k| k.checked_mul(terms.period_ms))
            .and_then(|d| next.started_at.checked_add(d))
            .ok_or(LedgerError::Overflow)?;
        if now < after(due, terms.default_after_ms)? {
            return Err(LedgerError::NotInDefault);
        }
        next.status = LoanStatus::Defaulted;
        *self = next;
        Ok(())
    }

    /// The loan's standing at `now`, with interest and fees accrued to it.
    pub fn standing(&self, now: Timestamp, terms: &MarketTerms) -> Result<Standing, LedgerError> {
        let mut l = *self;
        l.accrue(now, terms)?;
        let active = l.status == LoanStatus::Active;
        let paid = l.oldest_unpaid().min(u64::from(l.term));
        let next_due_at = if active && paid < u64::from(l.term) {
            paid.checked_add(1).and_then(|k| k.checked_mul(terms.period_ms)).and_then(|d| l.started_at.checked_add(d))
        } else {
            None
        };
        let overdue = match l.status {
            LoanStatus::Active => l.overdue_at(l.periods_at(now, terms)).saturating_add(l.fees_due),
            // After a default the whole debt is due.
            LoanStatus::Defaulted => l.payoff(),
            _ => 0,
        };
        Ok(Standing {
            status: l.status,
            instalment: l.instalment,
            term: l.term,
            instalments_paid: paid,
            next_due_at,
            overdue,
            fees_due: l.fees_due,
            interest_due: l.interest_due,
            principal_outstanding: l.principal_outstanding,
            payoff: l.payoff(),
        })
    }

    /// What an investor may claim now: its pro-rata share of everything
    /// repaid, less what it claimed.
    pub fn claimable(&self, position: &Position) -> Balance {
        if !matches!(self.status, LoanStatus::Active | LoanStatus::Repaid | LoanStatus::Defaulted) {
            return 0;
        }
        money::pro_rata(self.repaid, position.invested, self.principal).unwrap_or(0).saturating_sub(position.claimed)
    }

    /// An investor claims its share of repayments. Returns the payout.
    pub fn claim(&mut self, position: &mut Position) -> Result<Balance, LedgerError> {
        let owed = self.claimable(position);
        if owed == 0 {
            return Err(LedgerError::NothingOwed);
        }
        position.claimed = add(position.claimed, owed)?;
        self.claimed = add(self.claimed, owed)?;
        Ok(owed)
    }

    /// Money the contract holds for this loan: unrefunded tickets until the
    /// borrower pulls the principal, and unclaimed repayments.
    pub fn held(&self) -> Balance {
        let tickets = match self.status {
            LoanStatus::Listed | LoanStatus::Funded | LoanStatus::Activated | LoanStatus::Expired => {
                self.raised.saturating_sub(self.refunded)
            },
            _ => 0,
        };
        tickets.saturating_add(self.repaid.saturating_sub(self.claimed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FID: Balance = 1_000_000_000_000;
    const TERMS: MarketTerms = MarketTerms {
        period_ms: 1_000,
        approval_window_ms: 5_000,
        funding_window_ms: 10_000,
        activation_window_ms: 5_000,
        disbursement_window_ms: 5_000,
        grace_ms: 300,
        late_fee_bps: 200,
        default_after_ms: 3_000,
        min_ticket: 10,
    };

    fn funded(principal: Balance, apr: u32, term: u16) -> (Ledger, Vec<Position>) {
        let mut l = Ledger::applied(principal, apr, term, 0, &TERMS).unwrap();
        l.approve(1, &TERMS).unwrap();
        let mut a = Position::default();
        let mut b = Position::default();
        l.invest(&mut a, principal / 4, 2, &TERMS).unwrap();
        l.invest(&mut b, principal - principal / 4, 3, &TERMS).unwrap();
        assert_eq!(l.status, LoanStatus::Funded);
        (l, vec![a, b])
    }

    /// Funded, activated and disbursed at `at`: the schedule starts at `at`.
    fn active(principal: Balance, apr: u32, term: u16, at: Timestamp) -> (Ledger, Vec<Position>) {
        let (mut l, pos) = funded(principal, apr, term);
        l.activate(at, &TERMS).unwrap();
        assert_eq!(l.disburse(at), Ok(principal));
        (l, pos)
    }

    #[test]
    fn on_time_life_cycle_pays_investors_everything() {
        let (mut l, mut pos) = active(1_200 * FID, 1_200, 12, 10);
        for month in 1..=12u64 {
            let now = 10 + month * 1_000;
            l.accrue(now, &TERMS).unwrap();
            let due = if month == 12 { l.payoff() } else { l.instalment };
            l.repay(due, now, &TERMS).unwrap();
        }
        assert_eq!(l.status, LoanStatus::Repaid);
        assert_eq!(l.fees_due, 0);
        let total: Balance = pos.iter_mut().map(|p| l.claim(p).unwrap()).sum();
        assert_eq!(total + (l.repaid - l.claimed), l.repaid);
        assert!(l.repaid > 1_200 * FID, "interest was paid");
        assert!(l.held() < 2, "only dust is left: {}", l.held());
    }

    #[test]
    fn times_that_would_overflow_are_refused() {
        assert_eq!(Ledger::applied(FID, 500, 12, u64::MAX, &TERMS), Err(LedgerError::Overflow));
        let mut l = Ledger::applied(100 * FID, 500, 12, 0, &TERMS).unwrap();
        l.approve(1, &TERMS).unwrap();
        let mut p = Position::default();
        l.deadline = u64::MAX;
        let before = l;
        // Filling the loan at the end of time: the activation deadline overflows.
        assert_eq!(l.invest(&mut p, 100 * FID, u64::MAX, &TERMS), Err(LedgerError::Overflow));
        assert_eq!((l, p), (before, Position::default()), "nothing changed");
    }

    #[test]
    fn pay_off_repays_exactly_the_payoff_and_returns_the_change() {
        let (mut l, _) = active(1_000 * FID, 1_200, 10, 0);
        let payoff = l.standing(2_500, &TERMS).unwrap().payoff;
        let before = l;
        assert_eq!(l.pay_off(payoff - 1, 2_500, &TERMS), Err(LedgerError::BelowPayoff));
        assert_eq!(l, before, "a refusal changes nothing");
        let (allocation, change) = l.pay_off(payoff + 5, 2_500, &TERMS).unwrap();
        assert_eq!(change, 5);
        assert_eq!(allocation.fees + allocation.interest + allocation.principal, payoff);
        assert_eq!((l.status, l.payoff(), l.repaid), (LoanStatus::Repaid, 0, payoff));
    }

    #[test]
    fn standing_reports_due_dates_and_overdue_amounts() {
        let (mut l, _) = funded(1_000 * FID, 1_200, 10);
        let before = l.standing(5, &TERMS).unwrap();
        assert_eq!((before.next_due_at, before.overdue, before.payoff), (None, 0, 0));
        l.activate(0, &TERMS).unwrap();
        l.disburse(0).unwrap();
        let s = l.standing(500, &TERMS).unwrap();
        assert_eq!(s.next_due_at, Some(1_000));
        assert_eq!((s.instalments_paid, s.overdue), (0, 0));
        assert_eq!(s.payoff, 1_000 * FID + 5 * FID, "half a period of 1 % a month");
        // Past the grace period of month 1: the instalment and its fee are overdue.
        let s = l.standing(1_400, &TERMS).unwrap();
        let fee = money::bps_charge(l.instalment, 200).unwrap();
        assert_eq!(s.overdue, l.instalment + fee);
        l.repay(s.overdue, 1_400, &TERMS).unwrap();
        let s = l.standing(1_400, &TERMS).unwrap();
        assert_eq!((s.instalments_paid, s.next_due_at, s.overdue), (1, Some(2_000), 0));
    }

    #[test]
    fn late_instalment_pays_fee_then_interest_then_principal() {
        let (mut l, _) = active(1_000 * FID, 1_200, 10, 0);
        // Month 1 is due at 1 000; past the 300 ms grace at 1 300 a fee is charged.
        l.accrue(1_299, &TERMS).unwrap();
        assert_eq!(l.fees_due, 0);
        l.accrue(1_301, &TERMS).unwrap();
        let fee = money::bps_charge(l.instalment, 200).unwrap();
        assert_eq!(l.fees_due, fee);
        l.accrue(1_900, &TERMS).unwrap(); // same instalment: charged once
        assert_eq!(l.fees_due, fee);
        let interest = l.interest_due;
        let a = l.repay(fee + interest + 5, 1_900, &TERMS).unwrap();
        assert_eq!(a, Allocation { fees: fee, interest, principal: 5 });
    }

    #[test]
    fn prepayment_stops_future_interest() {
        let (mut l, _) = active(1_000 * FID, 1_200, 12, 0);
        l.accrue(1_000, &TERMS).unwrap();
        let payoff = l.payoff();
        l.repay(payoff, 1_000, &TERMS).unwrap();
        assert_eq!(l.status, LoanStatus::Repaid);
        assert_eq!(l.repaid, 1_000 * FID + schedule::period_interest(1_000 * FID, 1_200).unwrap());
    }

    #[test]
    fn overpayment_is_refused_and_changes_nothing() {
        let (mut l, _) = active(1_000 * FID, 1_200, 12, 0);
        let before = l;
        assert_eq!(l.repay(1_001 * FID, 0, &TERMS), Err(LedgerError::Overpayment));
        assert_eq!(l, before);
    }

    #[test]
    fn default_only_after_the_threshold_then_recoveries_are_shared() {
        let (mut l, mut pos) = active(1_000 * FID, 1_200, 12, 0);
        // First instalment due at 1 000; default allowed from 4 000.
        assert_eq!(l.mark_default(3_999, &TERMS), Err(LedgerError::NotInDefault));
        l.mark_default(4_000, &TERMS).unwrap();
        assert_eq!(l.status, LoanStatus::Defaulted);
        l.repay(100 * FID, 4_000, &TERMS).unwrap();
        assert_eq!(l.claim(&mut pos[0]).unwrap(), 25 * FID);
        assert_eq!(l.claim(&mut pos[1]).unwrap(), 75 * FID);
    }

    #[test]
    fn bug_undisbursed_principal_is_stuck() {
        // Activated, but the borrower never pulls the principal: after the
        // disbursement deadline anyone expires the loan and every investor
        // takes its ticket back; no interest ever ran.
        let (mut l, mut pos) = funded(1_000 * FID, 1_200, 12);
        l.activate(100, &TERMS).unwrap();
        assert_eq!((l.status, l.deadline), (LoanStatus::Activated, 5_100));
        assert_eq!(l.standing(5_100, &TERMS).unwrap().payoff, 0, "no interest on money never received");
        assert_eq!(l.expire(5_100), Err(LedgerError::DeadlineNotReached));
        assert_eq!(l.disburse(5_101), Err(LedgerError::DeadlinePassed), "too late to pull");
        l.expire(5_101).unwrap();
        let back: Balance = pos.iter_mut().map(|p| l.refund(p).unwrap()).sum();
        assert_eq!((back, l.held()), (1_000 * FID, 0));
    }

    #[test]
    fn bug_disbursement_outside_its_state() {
        // Once (Activated → Active), never after default or repayment, never
        // before activation.
        let (mut l, _) = funded(1_000 * FID, 1_200, 12);
        assert_eq!(l.disburse(10), Err(LedgerError::WrongState), "not activated yet");
        l.activate(10, &TERMS).unwrap();
        l.disburse(10).unwrap();
        assert_eq!(l.disburse(11), Err(LedgerError::WrongState), "not twice");
        l.mark_default(4_010, &TERMS).unwrap();
        assert_eq!(l.disburse(4_011), Err(LedgerError::WrongState), "not after default");
        let (mut l, _) = active(1_000 * FID, 1_200, 12, 0);
        let payoff = l.standing(10, &TERMS).unwrap().payoff;
        l.repay(payoff, 10, &TERMS).unwrap();
        assert_eq!((l.status, l.disburse(11)), (LoanStatus::Repaid, Err(LedgerError::WrongState)));
    }

    #[test]
    fn bug_interest_dodged_by_paying_before_each_due_date() {
        // Paying off one millisecond before the first due date still pays the
        // interest of the 999 ms the principal was held (1 % a month here).
        let (l, _) = active(1_000 * FID, 1_200, 12, 0);
        let payoff = l.standing(999, &TERMS).unwrap().payoff;
        assert_eq!(payoff, 1_000 * FID + 10 * FID * 999 / 1_000);
        // Paying each instalment just before its due date: the interest paid
        // over the whole loan is what a punctual borrower pays, less only the
        // interest of the milliseconds not held.
        let (mut early, _) = active(1_200 * FID, 1_200, 12, 0);
        let (mut punctual, _) = active(1_200 * FID, 1_200, 12, 0);
        let mut interest = [0; 2];
        for month in 1..=12u64 {
            for (i, (l, at)) in
                [(&mut early, month * 1_000 - 1), (&mut punctual, month * 1_000)].into_iter().enumerate()
            {
                let due = if month == 12 { l.standing(at, &TERMS).unwrap().payoff } else { l.instalment };
                interest[i] += l.repay(due, at, &TERMS).unwrap().interest;
            }
        }
        assert!(interest[0] * 1_000 >= interest[1] * 998, "early {} vs punctual {}", interest[0], interest[1]);
        assert!(interest[0] <= interest[1]);
    }

    #[test]
    fn bug_strategic_default_freezes_the_debt() {
        // After default the outstanding principal keeps earning the loan's
        // interest until it is repaid; late fees stop.
        let (mut l, _) = active(1_000 * FID, 1_200, 12, 0);
        l.mark_default(4_000, &TERMS).unwrap();
        let (at_default, fees) = (l.payoff(), l.fees_due);
        let later = l.standing(14_000, &TERMS).unwrap();
        assert_eq!(later.overdue, later.payoff, "after a default the whole debt is due");
        let interest = later.interest_due - l.interest_due;
        assert_eq!(interest, 1_000 * FID * 10 / 100, "ten more periods at 1 % a month");
        assert_eq!((later.payoff, later.fees_due), (at_default + interest, fees));
        l.repay(later.payoff, 14_000, &TERMS).unwrap();
        assert_eq!(l.status, LoanStatus::Repaid);
    }

    #[test]
    fn market_terms_out_of_range_are_refused() {
        assert_eq!(TERMS.validate(), Ok(()));
        assert_eq!(MarketTerms::default().validate(), Ok(()));
        for bad in [
            MarketTerms { period_ms: 0, ..TERMS },
            MarketTerms { disbursement_window_ms: 0, ..TERMS },
            MarketTerms { funding_window_ms: MAX_WINDOW_MS + 1, ..TERMS },
            MarketTerms { grace_ms: TERMS.period_ms, ..TERMS },
            MarketTerms { late_fee_bps: MAX_LATE_FEE_BPS + 1, ..TERMS },
            MarketTerms { default_after_ms: TERMS.period_ms - 1, ..TERMS },
            MarketTerms { min_ticket: 0, ..TERMS },
        ] {
            assert_eq!(bad.validate(), Err(LedgerError::InvalidTerms), "{bad:?}");
        }
    }

    #[test]
    fn expired_listing_refunds_every_ticket_once() {
        let mut l = Ledger::applied(1_000, 0, 1, 0, &TERMS).unwrap();
        l.approve(0, &TERMS).unwrap();
        let mut p = Position::default();
        l.invest(&mut p, 400, 1, &TERMS).unwrap();
        assert_eq!(l.expire(10_000), Err(LedgerError::DeadlineNotReached));
        l.expire(10_001).unwrap();
        assert_eq!(l.refund(&mut p), Ok(400));
        assert_eq!(l.refund(&mut p), Err(LedgerError::NothingOwed));
        assert_eq!(l.held(), 0);
    }

    #[test]
    fn bad_inputs_each_have_their_error() {
        let mut l = Ledger::applied(1_000, 0, 1, 0, &TERMS).unwrap();
        let mut p = Position::default();
        assert_eq!(l.invest(&mut p, 100, 0, &TERMS), Err(LedgerError::WrongState));
        assert_eq!(l.approve(5_001, &TERMS), Err(LedgerError::DeadlinePassed));
        l.approve(0, &TERMS).unwrap();
        assert_eq!(l.invest(&mut p, 0, 0, &TERMS), Err(LedgerError::ZeroAmount));
        assert_eq!(l.invest(&mut p, 9, 0, &TERMS), Err(LedgerError::TicketTooSmall));
        assert_eq!(l.invest(&mut p, 1_001, 0, &TERMS), Err(LedgerError::AboveRemaining));
        l.invest(&mut p, 100, 0, &TERMS).unwrap();
        assert_eq!(l.withdraw(&mut p, 101, 0, &TERMS), Err(LedgerError::AbovePosition));
        assert_eq!(l.withdraw(&mut p, 95, 0, &TERMS), Err(LedgerError::TicketTooSmall));
        assert_eq!(l.invest(&mut p, 100, 10_001, &TERMS), Err(LedgerError::DeadlinePassed));
        assert_eq!(Ledger::applied(0, 0, 1, 0, &TERMS), Err(LedgerError::ZeroAmount));
        assert_eq!(Ledger::applied(1, 0, 0, 0, &TERMS), Err(LedgerError::InvalidTerms));
    }

    /// One step of a random scenario.
    #[derive(Clone, Debug)]
    enum Op {
        Approve,
        Reject,
        Invest(usize, Balance),
        FillUp(usize),
        Withdraw(usize, Balance),
        Expire,
        Refund(usize),
        Activate,
        Disburse,
        Repay(Balance),
        PayOff,
        Default,
        Claim(usize),
        Wait(u64),
    }

    const INVESTORS: usize = 5;

    fn op() -> impl Strategy<Value = Op> {
        let who = 0..INVESTORS;
        prop_oneof![
            4 => Just(Op::Approve),
            1 => Just(Op::Reject),
            4 => (who.clone(), 1..600u128).prop_map(|(i, a)| Op::Invest(i, a)),
            4 => who.clone().prop_map(Op::FillUp),
            2 => (who.clone(), 1..300u128).prop_map(|(i, a)| Op::Withdraw(i, a)),
            1 => Just(Op::Expire),
            2 => who.clone().prop_map(Op::Refund),
            4 => Just(Op::Activate),
            2 => Just(Op::Disburse),
            4 => (1..400u128).prop_map(Op::Repay),
            2 => Just(Op::PayOff),
            2 => Just(Op::Default),
            4 => who.prop_map(Op::Claim),
            4 => (1..2_500u64).prop_map(Op::Wait),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Over random scenarios: the money in the contract (paid in − paid
        /// out) always equals what the loan says it holds, which equals what
        /// it owes each party plus < 1 unit of dust per investor; a refused
        /// operation changes nothing.
        #[test]
        fn money_is_conserved(
            principal in 20..2_000u128,
            apr in 0..3_000u32,
            term in 1..=12u16,
            ops in proptest::collection::vec(op(), 1..60),
        ) {
            let mut now = 0;
            let mut l = Ledger::applied(principal, apr, term, now, &TERMS).unwrap();
            let mut pos = [Position::default(); INVESTORS];
            let mut balance: Balance = 0; // the contract's money for this loan
            for op in ops {
                let (before_l, before_p) = (l, pos);
                let result: Result<(), LedgerError> = match op {
                    Op::Approve => l.approve(now, &TERMS),
                    Op::Reject => l.reject(),
                    Op::Invest(i, a) => l.invest(&mut pos[i], a, now, &TERMS).map(|()| balance += a),
                    Op::FillUp(i) => {
                        let a = l.remaining();
                        l.invest(&mut pos[i], a, now, &TERMS).map(|()| balance += a)
                    },
                    Op::Withdraw(i, a) => l.withdraw(&mut pos[i], a, now, &TERMS).map(|p| balance -= p),
                    Op::Expire => l.expire(now),
                    Op::Refund(i) => l.refund(&mut pos[i]).map(|p| balance -= p),
                    Op::Activate => l.activate(now, &TERMS),
                    Op::Disburse => l.disburse(now).map(|p| balance -= p),
                    Op::Repay(a) => l.repay(a, now, &TERMS).map(|_| balance += a),
                    Op::PayOff => {
                        let mut probe = l;
                        let a = probe.accrue(now, &TERMS).map(|()| probe.payoff()).unwrap_or(0);
                        l.repay(a, now, &TERMS).map(|_| balance += a)
                    },
                    Op::Default => l.mark_default(now, &TERMS),
                    Op::Claim(i) => l.claim(&mut pos[i]).map(|p| balance -= p),
                    Op::Wait(dt) => { now += dt; Ok(()) },
                };
                if result.is_err() {
                    prop_assert_eq!(l, before_l);
                    prop_assert_eq!(pos, before_p);
                }
                prop_assert_eq!(balance, l.held());
                // What is owed to each party, plus dust.
                let refunds: Balance = if matches!(l.status, LoanStatus::Listed | LoanStatus::Funded | LoanStatus::Activated | LoanStatus::Expired) {
                    pos.iter().map(|p| p.invested - p.claimed).sum()
                } else { 0 };
                let claims: Balance = pos.iter().map(|p| l.claimable(p)).sum();
                let owed = refunds + claims;
                prop_assert!(owed <= balance);
                prop_assert!(balance - owed < INVESTORS as Balance, "dust {}", balance - owed);
                if l.status == LoanStatus::Repaid {
                    prop_assert_eq!(l.payoff(), 0);
                }
            }
        }
    }
}
