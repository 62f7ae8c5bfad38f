//! A bond posted by an institution (on a product or an agreement template),
//! pure. Nothing is reserved when a dispute opens: opening disputes can
//! neither pre-empt real victims nor exhaust the bond. The first upheld
//! fraud ruling turns the whole free part into a compensation
//! [`Pool`](super::pool::Pool) that the harmed customers share, each at
//! most once. The bond (and what the pool leaves) comes back to its owner
//! only when no case refers to it and the pool's claim window has ended.

use super::pool::{Pool, PoolError, Timestamp};
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
    /// A count overflowed.
    Inconsistent,
    /// The compensation pool refused (still open, …).
    Pool(PoolError),
}

impl core::fmt::Display for BondError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::WrongBond => f.write_str("the value sent is not the bond the contract asks for"),
            Self::CasesOpen => f.write_str("cases or disputes still refer to the bond; they must end first"),
            Self::NothingOwed => f.write_str("nothing is left of the bond to withdraw"),
            Self::Inconsistent => f.write_str("the bond's case count is inconsistent"),
            Self::Pool(e) => write!(f, "the compensation pool: {e}"),
        }
    }
}

impl From<PoolError> for BondError {
    fn from(e: PoolError) -> Self {
        Self::Pool(e)
    }
}

/// One bond: the free part, how many cases refer to it, and the
/// compensation pool once fraud was upheld.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Bond {
    /// Not promised to anyone.
    pub free: Balance,
    /// Cases (service cases, agreements, template reports) that refer to the bond.
    pub open_cases: u32,
    /// The compensation pool, from the first upheld fraud on.
    pub pool: Option<Pool>,
    /// When the first fraud report on it was filed: a customer shares the
    /// pool only through a case, check or proposal strictly before then.
    pub first_report_at: Option<Timestamp>,
}

impl Bond {
    /// A bond of exactly `required`.
    pub fn post(sent: Balance, required: Balance) -> Result<Self, BondError> {
        if sent != required {
            return Err(BondError::WrongBond);
        }
        Ok(Bond { free: sent, ..Default::default() })
    }

    /// Everything the contract holds for this bond (free part and pool).
    pub fn held(&self) -> Balance {
        self.free.saturating_add(self.pool.map_or(0, |p| p.held()))
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

    /// A new fraud report may refer to the bond only while no fraud has been
    /// upheld (afterwards customers join the pool instead).
    pub fn accepts_reports(&self) -> Result<(), BondError> {
        if self.pool.is_some() {
            Err(PoolError::AlreadyOpen.into())
        } else {
            Ok(())
        }
    }

    /// A fraud report on the bond's product or template is filed at `now`
    /// (the first one fixes the eligibility cut-off).
    pub fn report_filed(&mut self, now: Timestamp) {
        if self.first_report_at.is_none() {
            self.first_report_at = Some(now);
        }
    }

    /// Whether a customer whose case, check or proposal began at `since`
    /// may share the pool: there is one, its own fraud claim on it was not
    /// dismissed, and `since` is strictly before both the first fraud
    /// report and the pool's opening (so neither same-block cases nor
    /// sybils created during the public ruling window qualify).
    pub fn admits(&self, since: Timestamp, dismissed: bool) -> Result<(), PoolError> {
        let pool = self.pool.as_ref().ok_or(PoolError::NoPool)?;
        if dismissed {
            return Err(PoolError::ClaimDismissed);
        }
        let cutoff = self.first_report_at.map_or(pool.opened_at, |t| t.min(pool.opened_at));
        if since >= cutoff {
            return Err(PoolError::NotEligible);
        }
        Ok(())
    }

    /// Fraud was upheld at `now`: the first time, the whole free part
    /// becomes a pool paying each member at most `cap_per_customer`,
    /// joinable for `window_ms`. Returns whether this call opened it.
    pub fn open_pool(&mut self, cap_per_customer: Balance, now: Timestamp, window_ms: u64) -> Result<bool, BondError> {
        if self.pool.is_some() {
            return Ok(false);
        }
        self.pool = Some(Pool::open(self.free, cap_per_customer, now, window_ms)?);
        self.free = 0;
        Ok(true)
    }

    /// The pool, if fraud was upheld.
    pub fn pool_mut(&mut self) -> Result<&mut Pool, PoolError> {
        self.pool.as_mut().ok_or(PoolError::NoPool)
    }

    /// The owner takes the bond back: no case open, the claim window (if
    /// any) over; it gets the free part and what the pool's shares leave.
    pub fn withdraw(&mut self, now: Timestamp) -> Result<Balance, BondError> {
        if self.open_cases > 0 {
            return Err(BondError::CasesOpen);
        }
        let mut pool = self.pool;
        let remainder = match pool.as_mut() {
            Some(p) => p.take_remainder(now)?,
            None => 0,
        };
        let total = self.free.checked_add(remainder).ok_or(BondError::Inconsistent)?;
        if total == 0 {
            return Err(BondError::NothingOwed);
        }
        self.pool = pool;
        self.free = 0;
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::pool::Membership;
    use proptest::prelude::*;

    #[test]
    fn posting_needs_the_exact_bond() {
        assert_eq!(Bond::post(9, 10), Err(BondError::WrongBond));
        assert_eq!(Bond::post(10, 10).map(|b| b.held()), Ok(10));
    }

    #[test]
    fn withdrawal_waits_for_cases() {
        let mut b = Bond::post(100, 100).unwrap();
        b.case_opened().unwrap();
        assert_eq!(b.withdraw(0), Err(BondError::CasesOpen));
        b.case_closed().unwrap();
        assert_eq!(b.withdraw(0), Ok(100));
        assert_eq!(b.withdraw(0), Err(BondError::NothingOwed), "not twice");
        assert_eq!(b.case_closed(), Err(BondError::Inconsistent), "cases never go negative");
    }

    #[test]
    fn upheld_fraud_turns_the_free_bond_into_a_pool_once() {
        let mut b = Bond::post(1_000, 1_000).unwrap();
        assert_eq!(b.accepts_reports(), Ok(()));
        assert_eq!(b.open_pool(100, 10, 50), Ok(true));
        assert_eq!(b.open_pool(100, 20, 50), Ok(false), "later rulings reuse the pool");
        assert_eq!((b.free, b.held()), (0, 1_000));
        assert_eq!(b.accepts_reports(), Err(BondError::Pool(PoolError::AlreadyOpen)));
        let m = b.pool_mut().unwrap().join(None, 60).unwrap();
        assert_eq!(b.withdraw(60), Err(BondError::Pool(PoolError::StillOpen)), "not before the window ends");
        assert_eq!(b.withdraw(61), Ok(900), "the bond less the one share");
        assert_eq!(b.withdraw(62), Err(BondError::NothingOwed));
        assert_eq!(b.held(), 100, "the member's share stays until it pulls");
        assert_eq!(b.pool_mut().unwrap().claim(Some(m), 62).map(|(s, _)| s), Ok(100));
        assert_eq!(b.held(), 0);
    }

    #[test]
    fn bug_sybils_join_during_the_public_ruling_window() {
        let mut b = Bond::post(1_000, 1_000).unwrap();
        assert_eq!(b.admits(0, false), Err(PoolError::NoPool));
        b.report_filed(10);
        b.report_filed(20);
        assert_eq!(b.first_report_at, Some(10), "the first report fixes the cut-off");
        b.open_pool(100, 30, 50).unwrap();
        assert_eq!(b.admits(9, false), Ok(()));
        assert_eq!(b.admits(10, false), Err(PoolError::NotEligible), "strictly before the first report");
        assert_eq!(b.admits(25, false), Err(PoolError::NotEligible), "no sybils during the ruling window");
        assert_eq!(b.admits(9, true), Err(PoolError::ClaimDismissed), "not after one's own claim was dismissed");
        let mut unreported = Bond::post(1_000, 1_000).unwrap();
        unreported.open_pool(100, 30, 50).unwrap();
        assert_eq!(unreported.admits(29, false), Ok(()));
        assert_eq!(unreported.admits(30, false), Err(PoolError::NotEligible), "strictly before the pool opened");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        /// Whatever the joins, claims and withdrawals, held = posted − paid out.
        #[test]
        fn the_bond_is_conserved(ops in prop::collection::vec((0u8..4, 0usize..4, 0u64..30), 1..30)) {
            let mut b = Bond::post(500, 500).unwrap();
            let mut members = [None::<Membership>; 4];
            let (mut out, mut now) = (0u128, 0u64);
            for (op, who, dt) in ops {
                now += dt;
                let before = b;
                let ok = match op {
                    0 => b.open_pool(120, now, 100).is_ok(),
                    1 => b.pool_mut().and_then(|p| p.join(members[who], now)).map(|m| members[who] = Some(m)).is_ok(),
                    2 => b.pool_mut().and_then(|p| p.claim(members[who], now)).map(|(s, m)| { members[who] = Some(m); out += s; }).is_ok(),
                    _ => b.withdraw(now).map(|r| out += r).is_ok(),
                };
                if !ok {
                    prop_assert_eq!(b, before, "a refusal changes nothing");
                }
                prop_assert_eq!(b.held() + out, 500);
            }
        }
    }
}
