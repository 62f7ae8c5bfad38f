//! Loan applications: limits, the stored loan and the contract errors.

use super::{
    ledger::{Ledger, LedgerError},
    scoring::{Assessment, CreditProfile, Rejection},
};
use crate::Balance;
use fiducia_registry_api::AccessError;

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
    /// Activated by an administrator: the principal is the borrower's to
    /// pull until the deadline; after it anyone may expire the loan and the
    /// investors take their tickets back. No interest runs yet.
    Activated,
    /// A waiting state's deadline passed first; investors claim refunds.
    Expired,
    /// The borrower pulled the principal; interest runs, instalments are due.
    Active,
    /// Everything owed was repaid; final.
    Repaid,
    /// Past the default threshold: the whole debt is due, interest still
    /// accrues at the loan's rate (no more late fees), recoveries are shared.
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
        Self { min_amount: 100 * 1_000_000_000_000, max_amount: 1_000_000 * 1_000_000_000_000, max_term_months: 120 }
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

/// The longest term a market may allow, in months (forty years).
pub const MAX_TERM_MONTHS: u16 = 480;

impl ApplicationLimits {
    /// Checks the limits a market is instantiated with: a non-zero minimum
    /// not above the maximum, and a longest term of 1 to [`MAX_TERM_MONTHS`].
    pub fn validate(&self) -> bool {
        self.min_amount > 0
            && self.min_amount <= self.max_amount
            && (1..=MAX_TERM_MONTHS).contains(&self.max_term_months)
    }

    /// Checks a requested amount and term against the limits.
    pub fn check(&self, amount: Balance, term_months: u16, commitment: &[u8; 32]) -> Result<(), ApplicationError> {
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

/// What the loan pays for (shown to investors).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum Purpose {
    /// Tuition and course fees.
    #[default]
    Tuition,
    /// Rent and living costs during studies.
    LivingCosts,
    /// Books, computer and equipment.
    Equipment,
    /// Anything else; the off-chain documents say what.
    Other,
}

/// The message name a borrower's assertion binds when applying.
pub const APPLY_ACTION: &str = "lending.apply";
/// The message name a borrower's assertion binds when accepting the principal.
pub const DISBURSE_ACTION: &str = "lending.disburse";

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
    /// What the money is for.
    pub purpose: Purpose,
    /// Salted hash of the off-chain application data (the vault entry).
    #[cfg_attr(feature = "std", serde(serialize_with = "crate::serde_hex::bytes32"))]
    pub commitment: [u8; 32],
    /// Block timestamp (ms since the Unix epoch) of the application.
    pub applied_at: u64,
    /// The disclosed credit profile.
    pub profile: CreditProfile,
    /// The scoring model's verdict (grade, APR, instalment).
    pub assessment: Assessment,
    /// The money state and life-cycle status.
    pub ledger: Ledger,
}

impl<AccountId> Loan<AccountId> {
    /// Life-cycle state.
    pub fn status(&self) -> LoanStatus {
        self.ledger.status
    }
}

/// Why the lending contract refused a message. Nothing changes when a
/// message returns one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
pub enum LendingError {
    /// The registry refused: a missing role or a bad second factor.
    Access(AccessError),
    /// The application breaks a limit (amount, term, commitment).
    Application(ApplicationError),
    /// The scoring model refused the application.
    Rejected(Rejection),
    /// The loan's state, deadlines or amounts forbid the operation.
    Ledger(LedgerError),
    /// No loan has this id.
    UnknownLoan,
    /// Only the loan's borrower may do this.
    NotBorrower,
    /// The caller has no position in this loan.
    NoPosition,
    /// The chain refused the payout transfer.
    TransferFailed,
    /// The loan counter would overflow.
    TooManyLoans,
    /// An administrator may not approve, reject or activate its own loan.
    AdministratorIsBorrower,
    /// A borrower may not invest in its own loan.
    BorrowerIsInvestor,
    /// The market's limits or terms are out of range (constructor).
    InvalidMarket,
}

impl From<AccessError> for LendingError {
    fn from(e: AccessError) -> Self {
        Self::Access(e)
    }
}

impl From<LedgerError> for LendingError {
    fn from(e: LedgerError) -> Self {
        Self::Ledger(e)
    }
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
            Self::Access(e) => write!(f, "{e}"),
            Self::Application(e) => write!(f, "application refused: {e}"),
            Self::Rejected(r) => write!(f, "the scoring model rejected the application: {r}"),
            Self::Ledger(e) => write!(f, "{e}"),
            Self::UnknownLoan => f.write_str("no loan has this id"),
            Self::NotBorrower => f.write_str("only the loan's borrower may do this"),
            Self::NoPosition => f.write_str("the caller has no position in this loan"),
            Self::TransferFailed => f.write_str("the payout transfer failed"),
            Self::TooManyLoans => f.write_str("the loan counter is exhausted"),
            Self::AdministratorIsBorrower => f.write_str(
                "an administrator may not approve, reject or activate its own loan: ask another administrator",
            ),
            Self::BorrowerIsInvestor => f.write_str("a borrower may not invest in its own loan"),
            Self::InvalidMarket => f.write_str("the market's limits or terms are out of range"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ApplicationLimits = ApplicationLimits { min_amount: 100, max_amount: 1_000, max_term_months: 24 };
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
