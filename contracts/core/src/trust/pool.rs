//! A compensation pool (issue 11, item 3), pure: what a bond pays out once
//! fraud is upheld, shared fairly among the customers actually harmed.
//!
//! Nothing is reserved when a dispute *opens* (opening one costs nothing of
//! the bond, so sybil or self-dealing disputes cannot pre-empt real victims).
//! The first **upheld** fraud ruling on a product or template turns its free
//! bond into a pool with a claim window (`closes_at`). Until then every
//! eligible customer may join, each at most once (the contract keeps one
//! [`Membership`] per (product or template, customer)). After `closes_at`
//! each member pulls `share = min(cap_per_customer, funds / claimants)`
//! exactly once, and the institution takes back `funds − share × claimants`
//! exactly once. So no customer takes more than its share or takes twice,
//! the total paid never exceeds `funds`, and `paid + returned == funds` once
//! everyone has claimed.
//!
//! ```text
//! (no pool) ──first upheld fraud──▶ Open (joins) ──closes_at──▶ Closed (claims, remainder)
//! ```

use crate::Balance;

/// Milliseconds since the Unix epoch.
pub type Timestamp = u64;

/// Why a pool operation was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum PoolError {
    /// No fraud was upheld: there is no pool to join or claim from.
    NoPool,
    /// Fraud was already upheld and the pool is open: join it instead of
    /// reporting again.
    AlreadyOpen,
    /// The claim window has ended: no more joins.
    Closed,
    /// The claim window has not ended yet: no claims, no remainder.
    StillOpen,
    /// The caller already joined this pool (once per customer).
    AlreadyJoined,
    /// The caller never joined this pool.
    NotJoined,
    /// The caller already claimed its share (once per customer).
    AlreadyClaimed,
    /// The caller had no case (product) or no check or proposal (template)
    /// strictly before the first fraud report.
    NotEligible,
    /// A count or time overflowed.
    Overflow,
    /// The caller's own fraud claim on it was dismissed (no fraud).
    ClaimDismissed,
}

impl core::fmt::Display for PoolError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::NoPool => "no fraud was upheld: there is no compensation pool",
            Self::AlreadyOpen => "fraud was already upheld: join the compensation pool instead",
            Self::Closed => "the claim window has ended",
            Self::StillOpen => "the claim window has not ended yet",
            Self::AlreadyJoined => "already joined this compensation pool",
            Self::NotJoined => "never joined this compensation pool",
            Self::AlreadyClaimed => "the share was already claimed",
            Self::NotEligible => "no case, check or proposal before the first fraud report",
            Self::Overflow => "a count or time overflowed",
            Self::ClaimDismissed => "the caller's own fraud claim on it was dismissed",
        })
    }
}

/// A customer's standing in one pool (absent: not joined).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum Membership {
    /// Joined; the share is claimable after the window.
    Joined,
    /// The share was credited.
    Claimed,
}

/// One compensation pool, carved out of a bond by the first upheld fraud.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Pool {
    /// The bond's free part when the pool opened (fixed).
    pub funds: Balance,
    /// No customer receives more than this.
    pub cap_per_customer: Balance,
    /// Customers who joined.
    pub claimants: u32,
    /// Customers who claimed their share.
    pub claimed: u32,
    /// Shares paid so far.
    pub paid: Balance,
    /// Whether the institution took the remainder back.
    pub returned: bool,
    /// When fraud was upheld (eligibility: a case opened no later).
    pub opened_at: Timestamp,
    /// Joins until then; claims and the remainder after.
    pub closes_at: Timestamp,
}

impl Pool {
    /// A pool of `funds` opened at `now`, joinable for `window_ms`.
    pub fn open(funds: Balance, cap_per_customer: Balance, now: Timestamp, window_ms: u64) -> Result<Pool, PoolError> {
        let closes_at = now.checked_add(window_ms).ok_or(PoolError::Overflow)?;
        Ok(Pool { funds, cap_per_customer, opened_at: now, closes_at, ..Default::default() })
    }

    /// Whether customers may still join at `now`.
    pub fn is_open(&self, now: Timestamp) -> bool {
        now <= self.closes_at
    }

    /// A customer whose standing is `member` joins at `now`; returns its new standing.
    pub fn join(&mut self, member: Option<Membership>, now: Timestamp) -> Result<Membership, PoolError> {
        if !self.is_open(now) {
            return Err(PoolError::Closed);
        }
        if member.is_some() {
            return Err(PoolError::AlreadyJoined);
        }
        self.claimants = self.claimants.checked_add(1).ok_or(PoolError::Overflow)?;
        Ok(Membership::Joined)
    }

    /// Each member's share: `min(cap, funds / claimants)` (final once closed).
    pub fn share(&self) -> Balance {
        if self.claimants == 0 {
            return 0;
        }
        self.cap_per_customer.min(self.funds / Balance::from(self.claimants))
    }

    /// A member claims its share after the window, once; returns the share
    /// and its new standing.
    pub fn claim(&mut self, member: Option<Membership>, now: Timestamp) -> Result<(Balance, Membership), PoolError> {
        if self.is_open(now) {
            return Err(PoolError::StillOpen);
        }
        match member {
            None => return Err(PoolError::NotJoined),
            Some(Membership::Claimed) => return Err(PoolError::AlreadyClaimed),
            Some(Membership::Joined) => {},
        }
        let share = self.share();
        let claimed = self.claimed.checked_add(1).ok_or(PoolError::Overflow)?;
        if claimed > self.claimants {
            return Err(PoolError::Overflow);
        }
        self.paid = self.paid.checked_add(share).ok_or(PoolError::Overflow)?;
        self.claimed = claimed;
        Ok((share, Membership::Claimed))
    }

    /// What the members' shares leave of the funds (owed to the institution).
    pub fn remainder(&self) -> Balance {
        // share ≤ funds / claimants, so share × claimants ≤ funds.
        self.funds - self.share() * Balance::from(self.claimants)
    }

    /// After the window the institution takes the remainder back, once
    /// (zero the second time).
    pub fn take_remainder(&mut self, now: Timestamp) -> Result<Balance, PoolError> {
        if self.is_open(now) {
            return Err(PoolError::StillOpen);
        }
        if self.returned {
            return Ok(0);
        }
        self.returned = true;
        Ok(self.remainder())
    }

    /// What the contract still holds for this pool.
    pub fn held(&self) -> Balance {
        let returned = if self.returned { self.remainder() } else { 0 };
        self.funds - self.paid - returned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn members_join_once_before_the_window_ends() {
        let mut p = Pool::open(1_000, 100, 10, 50).unwrap();
        let m = p.join(None, 60).unwrap();
        assert_eq!(p.join(Some(m), 60), Err(PoolError::AlreadyJoined));
        assert_eq!(p.join(None, 61), Err(PoolError::Closed));
        assert_eq!(p.claimants, 1);
        assert_eq!(Pool::open(1, 1, u64::MAX, 1), Err(PoolError::Overflow));
    }

    #[test]
    fn shares_are_capped_split_and_claimed_once_after_the_window() {
        let mut p = Pool::open(250, 100, 0, 10).unwrap();
        let a = p.join(None, 1).unwrap();
        assert_eq!(p.claim(Some(a), 10), Err(PoolError::StillOpen));
        let b = p.join(None, 2).unwrap();
        let c = p.join(None, 3).unwrap();
        assert_eq!(p.share(), 83, "250 / 3, under the cap");
        let (share, a) = p.claim(Some(a), 11).unwrap();
        assert_eq!(share, 83);
        assert_eq!(p.claim(Some(a), 12), Err(PoolError::AlreadyClaimed));
        assert_eq!(p.claim(None, 12), Err(PoolError::NotJoined));
        assert_eq!(p.take_remainder(12), Ok(1));
        assert_eq!(p.take_remainder(13), Ok(0), "the remainder is returned once");
        p.claim(Some(b), 13).unwrap();
        p.claim(Some(c), 13).unwrap();
        assert_eq!((p.paid, p.held()), (249, 0));
    }

    #[test]
    fn a_lone_victim_gets_at_most_the_cap_and_the_rest_goes_back() {
        let mut p = Pool::open(1_000, 100, 0, 10).unwrap();
        let m = p.join(None, 0).unwrap();
        assert_eq!(p.take_remainder(10), Err(PoolError::StillOpen));
        assert_eq!(p.take_remainder(11), Ok(900));
        assert_eq!(p.claim(Some(m), 11).map(|(s, _)| s), Ok(100));
        assert_eq!(p.held(), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        /// No sequence of joins, claims, remainder withdrawals and time lets
        /// one customer take more than its share or take twice; the total
        /// paid never exceeds the funds; refusals change nothing; and once
        /// everyone claimed, paid + returned == funds.
        #[test]
        fn no_customer_takes_more_than_its_share_or_twice(
            funds in 0u128..1u128 << 100,
            cap in 0u128..1u128 << 100,
            ops in prop::collection::vec((0u8..4, 0usize..6, 0u64..40), 1..60),
        ) {
            let mut p = Pool::open(funds, cap, 0, 100).unwrap();
            let mut members: [Option<Membership>; 6] = [None; 6];
            let mut got = [0u128; 6];
            let mut times_paid = [0u32; 6];
            let mut returned = 0u128;
            let mut now = 0u64;
            for (op, who, dt) in ops {
                now += dt;
                let before = p;
                let result = match op {
                    0 => p.join(members[who], now).map(|m| members[who] = Some(m)),
                    1 => p.claim(members[who], now).map(|(share, m)| {
                        members[who] = Some(m);
                        got[who] += share;
                        times_paid[who] += 1;
                    }),
                    2 => p.take_remainder(now).map(|r| returned += r),
                    _ => Ok(()),
                };
                if result.is_err() {
                    prop_assert_eq!(p, before, "a refusal changes nothing");
                }
                let paid: u128 = got.iter().sum();
                prop_assert!(paid <= funds);
                prop_assert_eq!(paid, p.paid);
                prop_assert_eq!(p.held() + paid + returned, funds, "conservation");
                for i in 0..6 {
                    prop_assert!(times_paid[i] <= 1, "paid once at most");
                    prop_assert!(got[i] <= cap, "never more than the cap");
                    prop_assert!(got[i] * u128::from(p.claimants.max(1)) <= funds, "never more than an equal split");
                    if times_paid[i] == 1 {
                        prop_assert!(!p.is_open(now), "no claim before the window ends");
                        prop_assert_eq!(got[i], p.share(), "the share is final once closed");
                    }
                }
            }
            // Everyone who joined claims, the remainder goes back: nothing stranded.
            now += 1_000;
            for m in members.iter_mut() {
                if *m == Some(Membership::Joined) {
                    let (share, next) = p.claim(*m, now).unwrap();
                    got[0] += share;
                    *m = Some(next);
                }
            }
            returned += p.take_remainder(now).unwrap();
            prop_assert_eq!(got.iter().sum::<u128>() + returned, funds, "paid + returned == funds");
            prop_assert_eq!(p.held(), 0);
        }
    }
}
