//! A bond posted by an institution (on a product or an agreement template),
//! pure. Disputes that may take compensation from it *reserve* their share
//! when they open, so concurrent disputes never count the same unit twice;
//! when a dispute ends, what it did not pay out returns to the free part.
//! The bond comes back to its owner only when no case refers to it and no
//! dispute holds a reservation.

use crate::Balance;

/// Why a bond operation was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum BondError {
    /// The value sent is not the bond the contract requires.
    WrongBond,
    /// Cases or disputes still refer to the bond.
    CasesOpen,
    /// Nothing is left to withdraw.
    NothingOwed,
    /// A dispute returned more than it reserved, or a count overflowed.
    Inconsistent,
}

/// One bond: the free part, what open disputes reserved, and how many cases
/// refer to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Bond {
    /// Not promised to anyone.
    pub free: Balance,
    /// Reserved by open disputes as possible compensation.
    pub reserved: Balance,
    /// Cases (service cases, agreements) that refer to the bond.
    pub open_cases: u32,
}

impl Bond {
    /// A bond of exactly `required`.
    pub fn post(sent: Balance, required: Balance) -> Result<Self, BondError> {
        if sent != required {
            return Err(BondError::WrongBond);
        }
        Ok(Bond { free: sent, ..Default::default() })
    }

    /// Everything the contract holds for this bond.
    pub fn held(&self) -> Balance {
        self.free.saturating_add(self.reserved)
    }

    /// A case referring to the bond starts.
    pub fn case_opened(&mut self) -> Result<(), BondError> {
        self.open_cases = self.open_cases.checked_add(1).ok_or(BondError::Inconsistent)?;
        Ok(())
    }

    /// A case referring to the bond ended.
    pub fn case_closed(&mut self) -> Result<(), BondError> {
        self.open_cases = self.open_cases.checked_sub(1).ok_or(BondError::Inconsistent)?;
        Ok(())
    }

    /// A dispute reserves up to `wanted` as possible compensation; returns
    /// what it got (never more than the free part).
    pub fn reserve(&mut self, wanted: Balance) -> Balance {
        let got = wanted.min(self.free);
        self.free -= got;
        self.reserved += got;
        got
    }

    /// A dispute that had reserved `reserved` ended; `returned` of it was
    /// not paid out and becomes free again.
    pub fn release(&mut self, reserved: Balance, returned: Balance) -> Result<(), BondError> {
        if returned > reserved || reserved > self.reserved {
            return Err(BondError::Inconsistent);
        }
        self.reserved -= reserved;
        self.free += returned;
        Ok(())
    }

    /// The owner takes the bond back: no case open, no reservation.
    pub fn withdraw(&mut self) -> Result<Balance, BondError> {
        if self.open_cases > 0 || self.reserved > 0 {
            return Err(BondError::CasesOpen);
        }
        if self.free == 0 {
            return Err(BondError::NothingOwed);
        }
        Ok(core::mem::take(&mut self.free))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn posting_needs_the_exact_bond() {
        assert_eq!(Bond::post(9, 10), Err(BondError::WrongBond));
        assert_eq!(Bond::post(10, 10).map(|b| b.held()), Ok(10));
    }

    #[test]
    fn concurrent_disputes_never_reserve_the_same_unit_twice() {
        let mut b = Bond::post(100, 100).unwrap();
        assert_eq!(b.reserve(70), 70);
        assert_eq!(b.reserve(70), 30, "only what is still free");
        assert_eq!(b.reserve(70), 0);
        b.release(70, 0).unwrap();
        b.release(30, 30).unwrap();
        assert_eq!((b.free, b.reserved), (30, 0));
        assert_eq!(b.release(1, 0), Err(BondError::Inconsistent), "nothing reserved any more");
    }

    #[test]
    fn withdrawal_waits_for_cases_and_reservations() {
        let mut b = Bond::post(100, 100).unwrap();
        b.case_opened().unwrap();
        let r = b.reserve(40);
        assert_eq!(b.withdraw(), Err(BondError::CasesOpen));
        b.release(r, r).unwrap();
        assert_eq!(b.withdraw(), Err(BondError::CasesOpen));
        b.case_closed().unwrap();
        assert_eq!(b.withdraw(), Ok(100));
        assert_eq!(b.withdraw(), Err(BondError::NothingOwed), "not twice");
        assert_eq!(b.case_closed(), Err(BondError::Inconsistent), "cases never go negative");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        /// Whatever disputes reserve and pay, held = posted − paid out.
        #[test]
        fn reservations_conserve_the_bond(ops in prop::collection::vec((0u128..200, 0u128..=100), 1..20)) {
            let mut b = Bond::post(500, 500).unwrap();
            let mut paid = 0u128;
            for (wanted, keep_pct) in ops {
                let r = b.reserve(wanted);
                let returned = r * keep_pct / 100;
                b.release(r, returned).unwrap();
                paid += r - returned;
                prop_assert_eq!(b.held() + paid, 500);
                prop_assert_eq!(b.reserved, 0);
            }
        }
    }
}
