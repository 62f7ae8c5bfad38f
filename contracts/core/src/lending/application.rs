//! Loan applications: limits, the stored loan and the contract errors.

use crate::Balance;

/// Identifier of a loan: its position in the order of applications.
pub type LoanId = u64;

/// Where a loan is in its life cycle. The first variant is the neutral state
/// (nothing funded, nothing owed), so a default value never means "paid".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum LoanStatus {
    /// Applied for; waiting for an administrator to check the documents.
    #[default]
    PendingApproval,
    /// Rejected by an administrator; final.
    Rejected,
    /// Open to investors until the funding deadline.
    Listed,
    /// Fully funded; waiting for activation.
    Funded,
    /// The funding deadline passed first; investors claim refunds.
    Expired,
    /// Principal paid out; instalments are due.
    Active,
    /// Everything owed was repaid; final.
    Repaid,
    /// Past the default threshold; recoveries are still shared out.
    Defaulted,
}

/// Limits on what a borrower may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct ApplicationLimits {
    /// Smallest principal that may be requested.
    pub min_amount: Balance,
    /// Largest principal that may be requested.
    pub max_amount: Balance,
    /// Longest term, in months (at least one month).
    pub max_term_months: u16,
}

impl Default for ApplicationLimits {
    /// Amounts are in the smallest unit; with 12 decimals these are 100 and
    /// 1,000,000 whole tokens, and terms up to ten years.
    fn default() -> Self {
        Self {
            min_amount: 100 * 1_000_000_000_000,
            max_amount: 1_000_000 * 1_000_000_000_000,
            max_term_months: 120,
        }
    }
}

/// Why an application is refused before it is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum ApplicationError {
    /// The requested amount is below the minimum.
    AmountTooSmall,
    /// The requested amount is above the maximum.
    AmountTooLarge,
    /// The term is zero months.
    ZeroTerm,
    /// The term is longer than the maximum.
    TermTooLong,
    /// The commitment to the off-chain application data is all zeros.
    EmptyCommitment,
}

impl ApplicationLimits {
    /// Checks a requested amount and term against the limits.
    pub fn check(
        &self,
        amount: Balance,
        term_months: u16,
        commitment: &[u8; 32],
    ) -> Result<(), ApplicationError> {
        if amount < self.min_amount {
            return Err(ApplicationError::AmountTooSmall);
        }
        if amount > self.max_amount {
            return Err(ApplicationError::AmountTooLarge);
        }
        if term_months == 0 {
            return Err(ApplicationError::ZeroTerm);
        }
        if term_months > self.max_term_months {
            return Err(ApplicationError::TermTooLong);
        }
        if commitment.iter().all(|b| *b == 0) {
            return Err(ApplicationError::EmptyCommitment);
        }
        Ok(())
    }
}

/// A loan as the lending contract stores and returns it. Generic over the
/// account type so that the contract (ink!'s `AccountId`) and the client
/// (subxt's `AccountId32`) share this one definition; both encode as 32 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Loan<AccountId> {
    /// The loan's id.
    pub id: LoanId,
    /// Who applied and receives the principal.
    pub borrower: AccountId,
    /// Requested principal.
    pub amount: Balance,
    /// Term in months.
    pub term_months: u16,
    /// Salted hash of the off-chain application data (the vault entry).
    #[cfg_attr(feature = "std", serde(serialize_with = "crate::serde_hex::bytes32"))]
    pub commitment: [u8; 32],
    /// Block timestamp (ms since the Unix epoch) of the application.
    pub applied_at: u64,
    /// Life-cycle state.
    pub status: LoanStatus,
}

/// Why the lending contract refused a message. Nothing changes when a
/// message returns one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum LendingError {
    /// The application breaks a limit (amount, term, commitment).
    Application(ApplicationError),
    /// The loan counter would overflow.
    TooManyLoans,
}

impl core::fmt::Display for ApplicationError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::AmountTooSmall => "the requested amount is below the minimum",
            Self::AmountTooLarge => "the requested amount is above the maximum",
            Self::ZeroTerm => "the term must be at least one month",
            Self::TermTooLong => "the term is longer than the maximum",
            Self::EmptyCommitment => "the application-data commitment is empty",
        })
    }
}

impl core::fmt::Display for LendingError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Application(e) => write!(f, "application refused: {e}"),
            Self::TooManyLoans => f.write_str("the loan counter is exhausted"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ApplicationLimits =
        ApplicationLimits { min_amount: 100, max_amount: 1_000, max_term_months: 24 };
    const C: [u8; 32] = [7; 32];

    #[test]
    fn accepts_the_bounds_themselves() {
        assert_eq!(LIMITS.check(100, 1, &C), Ok(()));
        assert_eq!(LIMITS.check(1_000, 24, &C), Ok(()));
    }

    #[test]
    fn refuses_each_bad_input_with_its_own_error() {
        assert_eq!(LIMITS.check(99, 12, &C), Err(ApplicationError::AmountTooSmall));
        assert_eq!(LIMITS.check(1_001, 12, &C), Err(ApplicationError::AmountTooLarge));
        assert_eq!(LIMITS.check(500, 0, &C), Err(ApplicationError::ZeroTerm));
        assert_eq!(LIMITS.check(500, 25, &C), Err(ApplicationError::TermTooLong));
        assert_eq!(LIMITS.check(500, 12, &[0; 32]), Err(ApplicationError::EmptyCommitment));
    }

    #[test]
    fn default_status_is_neutral() {
        assert_eq!(LoanStatus::default(), LoanStatus::PendingApproval);
    }
}
