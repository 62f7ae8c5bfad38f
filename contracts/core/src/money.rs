//! Integer money math. Every function is checked: it returns `None` instead
//! of overflowing, and it never rounds in a way that pays out more than
//! exists.
//!
//! Rounding rule: a share of an amount is rounded **down** (the payee gets at
//! most its exact share; the remainder stays in the contract as accounted
//! dust), and a charge is rounded **up** (the payer pays at least the exact
//! amount). Either way no money is created.

use crate::Balance;
use primitive_types::U256;

/// Basis points in one whole (100 % = 10 000 bps).
pub const BPS: u32 = 10_000;

/// `a * b / c` rounded down, with a 256-bit intermediate; `None` when `c` is
/// zero or the result does not fit.
pub fn mul_div_floor(a: Balance, b: Balance, c: Balance) -> Option<Balance> {
    if c == 0 {
        return None;
    }
    let q = U256::from(a).checked_mul(U256::from(b))? / U256::from(c);
    u128::try_from(q).ok()
}

/// `a * b / c` rounded up, with a 256-bit intermediate; `None` when `c` is
/// zero or the result does not fit.
pub fn mul_div_ceil(a: Balance, b: Balance, c: Balance) -> Option<Balance> {
    if c == 0 {
        return None;
    }
    let product = U256::from(a).checked_mul(U256::from(b))?;
    let (q, r) = product.div_mod(U256::from(c));
    let q = if r.is_zero() { q } else { q.checked_add(U256::one())? };
    u128::try_from(q).ok()
}

/// The part of `amount` given by `bps` basis points, rounded down (a share).
pub fn bps_share(amount: Balance, bps: u32) -> Option<Balance> {
    mul_div_floor(amount, Balance::from(bps), Balance::from(BPS))
}

/// The part of `amount` given by `bps` basis points, rounded up (a charge).
pub fn bps_charge(amount: Balance, bps: u32) -> Option<Balance> {
    mul_div_ceil(amount, Balance::from(bps), Balance::from(BPS))
}

/// The pro-rata part of `total` owed to a holder of `part` out of `whole`,
/// rounded down: the sum over all holders never exceeds `total`.
pub fn pro_rata(total: Balance, part: Balance, whole: Balance) -> Option<Balance> {
    if part > whole {
        return None;
    }
    mul_div_floor(total, part, whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exact_and_rounded_divisions() {
        assert_eq!(mul_div_floor(10, 3, 4), Some(7));
        assert_eq!(mul_div_ceil(10, 3, 4), Some(8));
        assert_eq!(mul_div_ceil(10, 2, 4), Some(5));
        assert_eq!(mul_div_floor(1, 1, 0), None);
        assert_eq!(mul_div_ceil(1, 1, 0), None);
    }

    #[test]
    fn wide_intermediate_does_not_overflow() {
        assert_eq!(mul_div_floor(u128::MAX, u128::MAX, u128::MAX), Some(u128::MAX));
        assert_eq!(mul_div_floor(u128::MAX, 2, 1), None);
    }

    #[test]
    fn basis_points() {
        assert_eq!(bps_share(1_000, 2_000), Some(200));
        assert_eq!(bps_share(999, 2_000), Some(199));
        assert_eq!(bps_charge(999, 2_000), Some(200));
    }

    #[test]
    fn pro_rata_refuses_a_part_larger_than_the_whole() {
        assert_eq!(pro_rata(100, 11, 10), None);
    }

    proptest! {
        #[test]
        fn floor_and_ceil_bracket_the_exact_value(a in any::<u64>(), b in any::<u64>(), c in 1..u64::MAX) {
            let (a, b, c) = (a as u128, b as u128, c as u128);
            let exact = a * b; // fits: both below 2^64
            let lo = mul_div_floor(a, b, c).unwrap();
            let hi = mul_div_ceil(a, b, c).unwrap();
            prop_assert!(lo * c <= exact && exact < (lo + 1) * c);
            prop_assert!(hi == lo || hi == lo + 1);
            prop_assert_eq!(hi == lo, exact % c == 0);
        }

        #[test]
        fn pro_rata_shares_never_exceed_the_total(
            total in 0..u128::MAX / 2,
            parts in proptest::collection::vec(1..u64::MAX, 1..40),
        ) {
            let whole: u128 = parts.iter().map(|p| *p as u128).sum();
            let paid: u128 = parts
                .iter()
                .map(|p| pro_rata(total, *p as u128, whole).unwrap())
                .sum();
            prop_assert!(paid <= total);
            // The dust is less than one unit per holder.
            prop_assert!(total - paid < parts.len() as u128);
        }
    }
}
