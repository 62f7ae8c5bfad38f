//! Advisors' authorizations and customers' service cases
//! (docs/protocol/fitm.md#advisor-authorizations), pure.
//!
//! An advisor requests authorization for a product with a deposit; the
//! institution authorizes it (advisory and/or signing rights, published
//! advisor information) or the advisor withdraws first and is refunded.
//! Revocation starts a cool-down; after it, and with no case open, the
//! advisor takes its deposit back. A customer opens a service case with an
//! authorized advisor by paying a service deposit, returned when the case
//! closes (less a penalty if the customer's fraud claim was dismissed).
//!
//! ```text
//! Requested ──authorize──▶ Authorized ──revoke──▶ Revoking ──cool-down, no case──▶ Released
//!     └──withdraw──▶ Released (refunded)
//! ```

use crate::Balance;

/// Milliseconds since the Unix epoch.
pub type Timestamp = u64;

/// Where an authorization stands. The first variant is neutral: the
/// deposit is held, no right has been granted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum AuthorizationStatus {
    /// Requested; waiting for the institution.
    #[default]
    Requested,
    /// Granted with its rights.
    Authorized,
    /// Revoked; the deposit is held until the cool-down ends and no case is open.
    Revoking,
    /// Over; the deposit went back to the advisor.
    Released,
}

/// What an authorization allows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Rights {
    /// May take service cases (give advice) on the product.
    pub advisory: bool,
    /// May sign investment agreements on the product.
    pub signing: bool,
}

/// Why an authorization or case operation was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum AuthorizationError {
    /// Not allowed in the current state.
    WrongState,
    /// The deposit sent is not the one required.
    WrongDeposit,
    /// Granting no right at all.
    NoRights,
    /// The advisor lacks the right this needs.
    MissingRight,
    /// The cool-down has not ended yet.
    CoolingDown,
    /// Cases with the advisor are still open.
    CasesOpen,
    /// A counter or time overflowed.
    Overflow,
}

impl core::fmt::Display for AuthorizationError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::WrongState => "the authorization's state does not allow this (see `fiducia advice authorization`)",
            Self::WrongDeposit => "the value sent is not the advisor deposit the contract asks for",
            Self::NoRights => "an authorization must grant the advisory right, the signing right or both",
            Self::MissingRight => "the advisor lacks the right this needs (advisory for cases, signing for agreements)",
            Self::CoolingDown => "the cool-down after revocation has not ended yet; try again after it",
            Self::CasesOpen => "cases with this advisor are still open; they must close first",
            Self::Overflow => "a counter or time overflowed",
        })
    }
}

/// One advisor's authorization for one product.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Authorization {
    /// Where it stands.
    pub status: AuthorizationStatus,
    /// The advisor's deposit held.
    pub deposit: Balance,
    /// Rights granted.
    pub rights: Rights,
    /// Hash of the advisor information the institution published.
    pub info: [u8; 32],
    /// Service cases still open with this advisor on this product.
    pub open_cases: u32,
    /// End of the revocation cool-down.
    pub release_after: Timestamp,
}

impl Authorization {
    /// An advisor requests authorization with exactly the required deposit.
    pub fn request(sent: Balance, required: Balance) -> Result<Self, AuthorizationError> {
        if sent != required {
            return Err(AuthorizationError::WrongDeposit);
        }
        Ok(Authorization { deposit: sent, ..Default::default() })
    }

    /// The institution grants `rights` and publishes `info`.
    pub fn authorize(&mut self, rights: Rights, info: [u8; 32]) -> Result<(), AuthorizationError> {
        if self.status != AuthorizationStatus::Requested {
            return Err(AuthorizationError::WrongState);
        }
        if !rights.advisory && !rights.signing {
            return Err(AuthorizationError::NoRights);
        }
        self.status = AuthorizationStatus::Authorized;
        self.rights = rights;
        self.info = info;
        Ok(())
    }

    /// The advisor withdraws its request before it is granted; returns the deposit.
    pub fn withdraw(&mut self) -> Result<Balance, AuthorizationError> {
        if self.status != AuthorizationStatus::Requested {
            return Err(AuthorizationError::WrongState);
        }
        Ok(self.release())
    }

    /// The institution revokes; the deposit waits out `cooldown_ms`.
    pub fn revoke(&mut self, now: Timestamp, cooldown_ms: u64) -> Result<(), AuthorizationError> {
        if self.status != AuthorizationStatus::Authorized {
            return Err(AuthorizationError::WrongState);
        }
        self.release_after = now.checked_add(cooldown_ms).ok_or(AuthorizationError::Overflow)?;
        self.status = AuthorizationStatus::Revoking;
        Ok(())
    }

    /// After the cool-down, with no case open, the advisor takes its deposit back.
    pub fn reclaim(&mut self, now: Timestamp) -> Result<Balance, AuthorizationError> {
        if self.status != AuthorizationStatus::Revoking {
            return Err(AuthorizationError::WrongState);
        }
        if now <= self.release_after {
            return Err(AuthorizationError::CoolingDown);
        }
        if self.open_cases > 0 {
            return Err(AuthorizationError::CasesOpen);
        }
        Ok(self.release())
    }

    fn release(&mut self) -> Balance {
        let deposit = self.deposit;
        self.deposit = 0;
        self.status = AuthorizationStatus::Released;
        deposit
    }

    /// Whether the advisor currently holds `right` (advisory or signing).
    pub fn allows(&self, right: fn(&Rights) -> bool) -> bool {
        self.status == AuthorizationStatus::Authorized && right(&self.rights)
    }

    /// A customer opens a service case with the advisor (advisory right needed).
    pub fn case_opened(&mut self) -> Result<(), AuthorizationError> {
        if !self.allows(|r| r.advisory) {
            return Err(AuthorizationError::MissingRight);
        }
        self.open_cases = self.open_cases.checked_add(1).ok_or(AuthorizationError::Overflow)?;
        Ok(())
    }

    /// A case with the advisor ended (in any state: cases always end).
    pub fn case_closed(&mut self) -> Result<(), AuthorizationError> {
        self.open_cases = self.open_cases.checked_sub(1).ok_or(AuthorizationError::WrongState)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: Rights = Rights { advisory: true, signing: true };

    #[test]
    fn request_then_withdraw_refunds_the_deposit_once() {
        assert_eq!(Authorization::request(9, 10), Err(AuthorizationError::WrongDeposit));
        let mut a = Authorization::request(10, 10).unwrap();
        assert_eq!(a.status, AuthorizationStatus::Requested);
        assert_eq!(a.withdraw(), Ok(10));
        assert_eq!(a.withdraw(), Err(AuthorizationError::WrongState), "refunds are not repeatable");
        assert_eq!(a.authorize(BOTH, [1; 32]), Err(AuthorizationError::WrongState));
    }

    #[test]
    fn rights_gate_cases_and_signing() {
        let mut a = Authorization::request(10, 10).unwrap();
        assert_eq!(a.case_opened(), Err(AuthorizationError::MissingRight), "not before authorization");
        assert_eq!(a.authorize(Rights::default(), [1; 32]), Err(AuthorizationError::NoRights));
        a.authorize(Rights { advisory: false, signing: true }, [1; 32]).unwrap();
        assert!(a.allows(|r| r.signing) && !a.allows(|r| r.advisory));
        assert_eq!(a.case_opened(), Err(AuthorizationError::MissingRight));
        assert_eq!(a.withdraw(), Err(AuthorizationError::WrongState), "no withdrawal once granted");
    }

    #[test]
    fn revocation_returns_the_deposit_after_cool_down_with_no_case_open() {
        let mut a = Authorization::request(10, 10).unwrap();
        a.authorize(BOTH, [1; 32]).unwrap();
        a.case_opened().unwrap();
        a.revoke(100, 50).unwrap();
        assert!(!a.allows(|r| r.signing), "revocation is immediate");
        assert_eq!(a.case_opened(), Err(AuthorizationError::MissingRight));
        assert_eq!(a.reclaim(150), Err(AuthorizationError::CoolingDown));
        assert_eq!(a.reclaim(151), Err(AuthorizationError::CasesOpen));
        a.case_closed().unwrap();
        assert_eq!(a.reclaim(151), Ok(10));
        assert_eq!(a.reclaim(152), Err(AuthorizationError::WrongState));
    }
}
