//! Amortization with equal monthly instalments.
//!
//! The instalment is the annuity `A = P·r / (1 − (1 + r)^−n)` for the monthly
//! rate `r = APR / 12`, computed in 18-decimal fixed point with 256-bit
//! intermediates (no floating point: contracts must be deterministic) and
//! rounded **up** to the unit. Interest of a period is charged on the
//! outstanding principal and rounded up. Every instalment but the last is
//! exactly `A`; the last pays the remaining principal and its interest, so it
//! absorbs all rounding and the sums are exact:
//! Σ payments = principal + Σ interest, Σ principal parts = principal.

use crate::Balance;
use primitive_types::U256;

/// Fixed-point one (10¹⁸).
fn one() -> U256 {
    U256::exp10(18)
}

/// Basis points per year spread over twelve months.
const BPS_MONTHS: u128 = 12 * 10_000;

/// Monthly rate in fixed point, rounded down.
fn monthly_rate(apr_bps: u32) -> U256 {
    U256::from(apr_bps) * one() / U256::from(BPS_MONTHS)
}

/// `(1 + r)^n` in fixed point (each product rounded down).
fn growth(rate: U256, n: u16) -> Option<U256> {
    let mut base = one().checked_add(rate)?;
    let mut acc = one();
    let mut n = n;
    while n > 0 {
        if n & 1 == 1 {
            acc = acc.checked_mul(base)? / one();
        }
        n >>= 1;
        if n > 0 {
            base = base.checked_mul(base)? / one();
        }
    }
    Some(acc)
}

/// The equal monthly instalment of `principal` at `apr_bps` over `term`
/// months, rounded up; `None` for a zero term or on overflow.
pub fn instalment(principal: Balance, apr_bps: u32, term: u16) -> Option<Balance> {
    if term == 0 {
        return None;
    }
    let p = U256::from(principal);
    let n = U256::from(term);
    let a = if apr_bps == 0 {
        (p + n - 1) / n
    } else {
        let r = monthly_rate(apr_bps);
        let f = growth(r, term)?;
        let num = p.checked_mul(r)?.checked_mul(f)?;
        let den = f.checked_sub(one())?.checked_mul(one())?;
        if den.is_zero() {
            return None;
        }
        let (q, rem) = num.div_mod(den);
        if rem.is_zero() {
            q
        } else {
            q + 1
        }
    };
    u128::try_from(a).ok()
}

/// Interest of one month on `outstanding` principal, rounded up.
pub fn period_interest(outstanding: Balance, apr_bps: u32) -> Option<Balance> {
    crate::money::mul_div_ceil(outstanding, Balance::from(apr_bps), BPS_MONTHS)
}

/// Interest on `outstanding` principal held for `elapsed_ms`, where one
/// period of `period_ms` earns a twelfth of the APR (docs/protocol/lending.md,
/// "Interest"): `outstanding · apr · elapsed / (12 · 10⁴ · period_ms)` plus
/// the `carry` left by earlier accruals, rounded down; returns the whole
/// units and the new carry (in units of `1 / (12 · 10⁴ · period_ms)`). With
/// the carry, accruing in many small steps charges exactly what one step
/// over the same time would: splitting time neither creates nor dodges
/// interest. `None` for a zero period or on overflow.
pub fn accrued_interest(
    outstanding: Balance,
    apr_bps: u32,
    elapsed_ms: u64,
    period_ms: u64,
    carry: Balance,
) -> Option<(Balance, Balance)> {
    let den = U256::from(BPS_MONTHS).checked_mul(U256::from(period_ms))?;
    if den.is_zero() {
        return None;
    }
    let num = U256::from(outstanding)
        .checked_mul(U256::from(apr_bps))?
        .checked_mul(U256::from(elapsed_ms))?
        .checked_add(U256::from(carry))?;
    let (q, r) = num.div_mod(den);
    Some((u128::try_from(q).ok()?, u128::try_from(r).ok()?))
}

/// One line of a projected schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Line {
    /// Month number, from 1.
    pub month: u16,
    /// Amount due that month.
    pub payment: Balance,
    /// Of which interest.
    pub interest: Balance,
    /// Of which principal.
    pub principal: Balance,
    /// Principal outstanding after the payment.
    pub balance_after: Balance,
}

/// The schedule of a loan repaid exactly on time, month by month. Computed
/// by the client for display; the contract never iterates it.
pub fn projected(principal: Balance, apr_bps: u32, term: u16) -> Option<Projected> {
    Some(Projected { instalment: instalment(principal, apr_bps, term)?, apr_bps, term, month: 0, balance: principal })
}

/// Iterator over the lines of a projected schedule.
#[derive(Clone, Debug)]
pub struct Projected {
    instalment: Balance,
    apr_bps: u32,
    term: u16,
    month: u16,
    balance: Balance,
}

impl Iterator for Projected {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.month >= self.term {
            return None;
        }
        self.month += 1;
        let interest = period_interest(self.balance, self.apr_bps)?;
        let principal = if self.month == self.term {
            self.balance
        } else {
            self.instalment.saturating_sub(interest).min(self.balance)
        };
        self.balance -= principal;
        Some(Line {
            month: self.month,
            payment: principal + interest,
            interest,
            principal,
            balance_after: self.balance,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FID: Balance = 1_000_000_000_000;

    #[test]
    fn textbook_annuity() {
        // 10,000 FID at 12 % over 12 months; the exact rational annuity is
        // 888_487_886_783_417.1 units (computed with Python's `fractions`).
        let a = instalment(10_000 * FID, 1_200, 12).unwrap();
        assert!((888_487_886_783_417..=888_487_886_783_418).contains(&a), "{a}");
    }

    #[test]
    fn zero_rate_splits_evenly_rounding_up() {
        assert_eq!(instalment(100, 0, 3), Some(34));
        let lines: Vec<_> = projected(100, 0, 3).unwrap().collect();
        assert_eq!(lines.iter().map(|l| l.payment).collect::<Vec<_>>(), vec![34, 34, 32]);
    }

    #[test]
    fn zero_term_has_no_instalment() {
        assert_eq!(instalment(100, 500, 0), None);
    }

    #[test]
    fn a_full_period_of_interest_is_a_twelfth_of_the_apr() {
        let (i, carry) = accrued_interest(1_200 * FID, 1_200, 1_000, 1_000, 0).unwrap();
        assert_eq!((i, carry), (12 * FID, 0));
        assert_eq!(accrued_interest(1, 1, 1, 0, 0), None, "a zero period is refused");
    }

    proptest! {
        /// Accruing over a split of the time (with the carry) charges exactly
        /// what one accrual over the whole time does.
        #[test]
        fn splitting_time_neither_creates_nor_dodges_interest(
            principal in 1..1_000_000 * FID,
            apr in 0..5_000u32,
            period in 1..100_000u64,
            steps in proptest::collection::vec(0..50_000u64, 1..30),
        ) {
            let total: u64 = steps.iter().sum();
            let (whole, whole_carry) = accrued_interest(principal, apr, total, period, 0).unwrap();
            let (mut sum, mut carry) = (0, 0);
            for dt in steps {
                let (i, c) = accrued_interest(principal, apr, dt, period, carry).unwrap();
                sum += i;
                carry = c;
            }
            prop_assert_eq!((sum, carry), (whole, whole_carry));
        }

        #[test]
        fn schedule_sums_are_exact(principal in 1..1_000_000 * FID, apr in 0..5_000u32, term in 1..=120u16) {
            let a = instalment(principal, apr, term).unwrap();
            let lines: Vec<_> = projected(principal, apr, term).unwrap().collect();
            prop_assert_eq!(lines.len(), term as usize);
            let paid: Balance = lines.iter().map(|l| l.payment).sum();
            let interest: Balance = lines.iter().map(|l| l.interest).sum();
            let principal_parts: Balance = lines.iter().map(|l| l.principal).sum();
            prop_assert_eq!(principal_parts, principal);
            prop_assert_eq!(paid, principal + interest);
            prop_assert_eq!(lines.last().unwrap().balance_after, 0);
            for line in &lines[..lines.len() - 1] {
                prop_assert_eq!(line.payment, a);
            }
            // The last instalment only absorbs rounding: each month's interest is
            // rounded up by at most one unit and that compounds over the term,
            // so it exceeds A by at most ((1+r)^n − 1)/r < 200 units per month.
            prop_assert!(lines.last().unwrap().payment <= a + 200 * Balance::from(term));
        }

        #[test]
        fn higher_rate_never_lowers_the_instalment(principal in 1..1_000_000 * FID, apr in 0..4_900u32, term in 1..=120u16) {
            prop_assert!(instalment(principal, apr + 100, term) >= instalment(principal, apr, term));
        }
    }
}
