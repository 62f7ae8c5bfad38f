//! A customer's service case with an authorized advisor
//! (docs/protocol/fitm.md#service-cases), pure.
//! The customer pays a service deposit; the case is the key that ties the
//! product check, agreements and disputes to one customer. The customer
//! checks the product once (`Ok` or a fraud claim, which the contract turns
//! into a dispute); while disputed the case cannot close. The customer may
//! close the case at any time otherwise, and anyone may close it after its
//! expiry, so the deposit — and the product bond and the advisor's deposit
//! the case keeps in place — are never locked for ever.
//!
//! ```text
//! Open ──fraud claim──▶ Disputed ──no fraud (penalty paid)──▶ Open
//!  │                       └──fraud / arbiter timeout──▶ Closed (refund)
//!  └──customer, or anyone after expiry──▶ Closed (deposit back)
//! ```

use super::dispute::DisputeStatus;
use crate::Balance;

/// Milliseconds since the Unix epoch.
pub type Timestamp = u64;

/// Where a case stands; the first variant is neutral (deposit held, nothing paid).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum CaseStatus {
    /// Being served.
    #[default]
    Open,
    /// The customer's fraud claim about the product waits for the Arbiter.
    Disputed,
    /// Ended; the deposit (what is left of it) went back to the customer.
    Closed,
}

/// Why a case operation was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum CaseError {
    /// The value sent is not the service deposit.
    WrongDeposit,
    /// Not allowed in the case's current state.
    WrongState,
    /// The product was already checked in this case (checks happen once).
    AlreadyChecked,
    /// Only the customer may close the case before it expires.
    NotExpired,
    /// A time overflowed.
    Overflow,
    /// The case is past its expiry: it counts as closed for reports,
    /// checks and proposals (its deposit still returns via `close`).
    Expired,
}

impl core::fmt::Display for CaseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::WrongDeposit => "the value sent is not the service deposit the contract asks for",
            Self::WrongState => "the case's state does not allow this (a disputed or closed case takes no checks)",
            Self::AlreadyChecked => "the product was already checked in this case; each case checks it once",
            Self::NotExpired => "only the customer may close the case before it expires",
            Self::Overflow => "a time overflowed",
            Self::Expired => "the case has expired: it takes no reports, checks or proposals (its deposit still returns when it is closed)",
        })
    }
}

/// One service case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct ServiceCase<AccountId> {
    /// The customer served (claimant of any fraud claim).
    pub customer: AccountId,
    /// The advisor serving.
    pub advisor: AccountId,
    /// The product advised on.
    pub product: super::ProductId,
    /// The service deposit still held.
    pub deposit: Balance,
    /// Where it stands.
    pub status: CaseStatus,
    /// Whether the customer has checked the product.
    pub product_checked: bool,
    /// When it was opened (a compensation pool admits cases opened no later
    /// than its ruling).
    pub opened_at: Timestamp,
    /// After this, anyone may close the case.
    pub expires_at: Timestamp,
}

impl<AccountId> ServiceCase<AccountId> {
    /// Opens a case with exactly the required deposit, open for `ttl_ms`.
    pub fn open(
        customer: AccountId,
        advisor: AccountId,
        product: super::ProductId,
        sent: Balance,
        required: Balance,
        now: Timestamp,
        ttl_ms: u64,
    ) -> Result<Self, CaseError> {
        if sent != required || sent == 0 {
            return Err(CaseError::WrongDeposit);
        }
        let expires_at = now.checked_add(ttl_ms).ok_or(CaseError::Overflow)?;
        Ok(ServiceCase {
            customer,
            advisor,
            product,
            deposit: sent,
            status: CaseStatus::Open,
            product_checked: false,
            opened_at: now,
            expires_at,
        })
    }

    /// The customer checks the product (once, while the case is open and
    /// not expired at `now`). A fraud claim moves the case to `Disputed`;
    /// returns the deposit the dispute puts at stake (zero for `Ok`).
    pub fn check_product(&mut self, fraud_claimed: bool, now: Timestamp) -> Result<Balance, CaseError> {
        self.live(now)?;
        if self.product_checked {
            return Err(CaseError::AlreadyChecked);
        }
        self.product_checked = true;
        if !fraud_claimed {
            return Ok(0);
        }
        self.status = CaseStatus::Disputed;
        Ok(self.deposit)
    }

    /// Applies how the product dispute ended; `to_claimant` is what the
    /// dispute gives the customer. No fraud ⇒ that is what remains of the
    /// deposit and the case goes on; fraud or a lapse ⇒ the case closes and
    /// the customer is owed `to_claimant` now, which is returned.
    pub fn resolve(&mut self, ended: DisputeStatus, to_claimant: Balance) -> Result<Balance, CaseError> {
        if self.status != CaseStatus::Disputed {
            return Err(CaseError::WrongState);
        }
        match ended {
            DisputeStatus::Open => Err(CaseError::WrongState),
            DisputeStatus::NoFraud => {
                self.deposit = to_claimant;
                self.status = CaseStatus::Open;
                Ok(0)
            },
            DisputeStatus::Fraud | DisputeStatus::Lapsed => {
                self.deposit = 0;
                self.status = CaseStatus::Closed;
                Ok(to_claimant)
            },
        }
    }

    /// Closes an open case: by its customer at any time, by anyone after it
    /// expired. Returns the deposit owed to the customer.
    pub fn close(&mut self, by_customer: bool, now: Timestamp) -> Result<Balance, CaseError> {
        if self.status != CaseStatus::Open {
            return Err(CaseError::WrongState);
        }
        if !by_customer && now <= self.expires_at {
            return Err(CaseError::NotExpired);
        }
        self.status = CaseStatus::Closed;
        Ok(core::mem::take(&mut self.deposit))
    }

    /// Whether agreements may still be made in this case (see also
    /// [`Self::is_live`]: an expired case counts as closed).
    pub fn is_open(&self) -> bool {
        self.status == CaseStatus::Open
    }

    /// Open and not past its expiry at `now`: only such a case may report,
    /// check or propose.
    pub fn is_live(&self, now: Timestamp) -> bool {
        self.live(now).is_ok()
    }

    fn live(&self, now: Timestamp) -> Result<(), CaseError> {
        if self.status != CaseStatus::Open {
            return Err(CaseError::WrongState);
        }
        if now > self.expires_at {
            return Err(CaseError::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> ServiceCase<u8> {
        ServiceCase::open(1, 2, 0, 10, 10, 100, 1_000).unwrap()
    }

    #[test]
    fn opening_needs_the_exact_deposit() {
        assert_eq!(
            ServiceCase::open(1, 2, 0, 9, 10, 0, 1).map(|c: ServiceCase<u8>| c.deposit),
            Err(CaseError::WrongDeposit)
        );
        assert_eq!(ServiceCase::<u8>::open(1, 2, 0, 1, 1, u64::MAX, 1).map(|c| c.deposit), Err(CaseError::Overflow));
        let c = case();
        assert_eq!((c.status, c.deposit, c.expires_at), (CaseStatus::Open, 10, 1_100));
    }

    #[test]
    fn the_product_is_checked_once() {
        let mut c = case();
        assert_eq!(c.check_product(false, 100), Ok(0));
        assert_eq!(c.check_product(true, 100), Err(CaseError::AlreadyChecked), "no second claim after an Ok");
        let mut c = case();
        assert_eq!(c.check_product(true, 100), Ok(10));
        assert_eq!(c.status, CaseStatus::Disputed);
        assert_eq!(c.close(true, 0), Err(CaseError::WrongState), "not while disputed");
    }

    #[test]
    fn dismissed_claims_keep_the_case_with_the_rest_of_the_deposit() {
        let mut c = case();
        c.check_product(true, 100).unwrap();
        assert_eq!(c.resolve(DisputeStatus::NoFraud, 8), Ok(0));
        assert_eq!((c.status, c.deposit), (CaseStatus::Open, 8));
        assert_eq!(c.check_product(true, 100), Err(CaseError::AlreadyChecked), "punishment is not repeatable");
        assert_eq!(c.close(true, 200), Ok(8));
    }

    #[test]
    fn fraud_and_lapse_close_and_pay_the_customer_once() {
        for ended in [DisputeStatus::Fraud, DisputeStatus::Lapsed] {
            let mut c = case();
            c.check_product(true, 100).unwrap();
            assert_eq!(c.resolve(DisputeStatus::Open, 0), Err(CaseError::WrongState));
            assert_eq!(c.resolve(ended, 60), Ok(60));
            assert_eq!((c.status, c.deposit), (CaseStatus::Closed, 0));
            assert_eq!(c.resolve(ended, 60), Err(CaseError::WrongState), "refunds are not repeatable");
        }
    }

    #[test]
    fn anyone_closes_an_expired_case_and_the_deposit_goes_to_the_customer() {
        let mut c = case();
        assert_eq!(c.close(false, 1_100), Err(CaseError::NotExpired));
        assert_eq!(c.close(false, 1_101), Ok(10));
        assert_eq!(c.close(true, 1_102), Err(CaseError::WrongState), "not twice");
    }

    #[test]
    fn bug_expired_cases_stay_usable() {
        let mut c = case();
        assert!(c.is_live(1_100) && !c.is_live(1_101));
        let before = c;
        assert_eq!(c.check_product(true, 1_101), Err(CaseError::Expired), "no report after the TTL");
        assert_eq!(c.check_product(false, 1_101), Err(CaseError::Expired));
        assert_eq!(c, before, "nothing changed");
        assert_eq!(c.close(false, 1_101), Ok(10), "the deposit still returns");
    }
}
