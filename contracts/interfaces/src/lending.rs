//! The lending contract's events (`docs/protocol/lending.md`).

use crate::{Balance, Timestamp};
use fiducia_core::lending::{LoanId, Purpose};
use ink::primitives::AccountId;

/// A borrower applied and the model accepted the application.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LoanApplied {
    /// The new loan.
    pub id: LoanId,
    /// The applicant.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub borrower: AccountId,
    /// Requested principal.
    pub amount: Balance,
    /// Term in months.
    pub term_months: u16,
    /// What the money is for (indexers filter listings by it).
    pub purpose: Purpose,
    /// Grade index (0 = A1 … 24 = E5).
    pub grade: u8,
    /// APR, basis points.
    pub apr_bps: u32,
}

/// An administrator listed the loan for investors.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LoanApproved {
    /// The loan.
    pub id: LoanId,
    /// End of the funding window.
    pub funding_deadline: Timestamp,
}

/// An administrator rejected the application.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LoanRejected {
    /// The loan.
    pub id: LoanId,
}

/// An investor added to its ticket.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Invested {
    /// The loan.
    pub id: LoanId,
    /// The investor.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub investor: AccountId,
    /// Amount added.
    pub amount: Balance,
    /// Total raised after it; equal to the principal once funded.
    pub raised: Balance,
}

/// An investor took (part of) its ticket back before funding completed.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Withdrawn {
    /// The loan.
    pub id: LoanId,
    /// The investor.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub investor: AccountId,
    /// Amount paid back.
    pub amount: Balance,
}

/// The loan is fully funded and waits for activation.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LoanFunded {
    /// The loan.
    pub id: LoanId,
    /// End of the activation window.
    pub activation_deadline: Timestamp,
}

/// A waiting state's deadline passed; investors claim refunds.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LoanExpired {
    /// The loan.
    pub id: LoanId,
}

/// An investor of an expired loan took its ticket back.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Refunded {
    /// The loan.
    pub id: LoanId,
    /// The investor.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub investor: AccountId,
    /// Amount paid back.
    pub amount: Balance,
}

/// An administrator activated the loan; the borrower must pull the
/// principal by the deadline.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LoanActivated {
    /// The loan.
    pub id: LoanId,
    /// End of the disbursement window.
    pub disbursement_deadline: Timestamp,
}

/// The borrower accepted and pulled the principal; the schedule and
/// interest run from now.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Disbursed {
    /// The loan.
    pub id: LoanId,
    /// The borrower.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub borrower: AccountId,
    /// Amount paid out.
    pub amount: Balance,
    /// Start of the schedule.
    pub started_at: Timestamp,
    /// The equal instalment.
    pub instalment: Balance,
}

/// A repayment was applied: fees, then interest, then principal.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Repaid {
    /// The loan.
    pub id: LoanId,
    /// Who paid.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub payer: AccountId,
    /// To late fees.
    pub fees: Balance,
    /// To interest.
    pub interest: Balance,
    /// To principal.
    pub principal: Balance,
    /// Whether this paid the loan off.
    pub paid_off: bool,
}

/// The loan was marked defaulted.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LoanDefaulted {
    /// The loan.
    pub id: LoanId,
    /// Principal still owed at default.
    pub principal_outstanding: Balance,
}

/// An investor claimed its share of repayments.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Claimed {
    /// The loan.
    pub id: LoanId,
    /// The investor.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub investor: AccountId,
    /// Amount paid out.
    pub amount: Balance,
}
