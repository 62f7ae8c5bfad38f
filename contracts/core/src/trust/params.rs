//! The FITM contracts' parameters (constructor arguments) and their
//! defaults. Amounts are in the smallest unit (1 FID = 10¹² units);
//! windows in milliseconds of block time.

use super::agreement::AgreementTerms;
use crate::Balance;

const FID: Balance = 1_000_000_000_000;
const DAY: u64 = 24 * 60 * 60 * 1_000;

/// Parameters of the `advice` contract (products, authorizations, cases).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct AdviceParams {
    /// Bond an institution posts to publish a product (default 1,000 FID).
    pub product_bond: Balance,
    /// Deposit an advisor pays to request authorization (default 100 FID).
    pub authorization_deposit: Balance,
    /// Deposit a customer pays to open a service case (default 10 FID).
    pub service_deposit: Balance,
    /// A case may be closed by anyone after this long (default 90 days).
    pub case_ttl_ms: u64,
    /// A revoked advisor's deposit waits this long (default 7 days).
    pub revocation_cooldown_ms: u64,
    /// The Arbiter must rule within this (default 14 days).
    pub ruling_window_ms: u64,
    /// Paid to the customer from the product bond on upheld fraud (default 100 FID).
    pub fraud_compensation: Balance,
    /// Paid to the institution from the customer's deposit when a fraud
    /// claim is dismissed (default 2 FID).
    pub report_penalty: Balance,
}

impl Default for AdviceParams {
    fn default() -> Self {
        Self {
            product_bond: 1_000 * FID,
            authorization_deposit: 100 * FID,
            service_deposit: 10 * FID,
            case_ttl_ms: 90 * DAY,
            revocation_cooldown_ms: 7 * DAY,
            ruling_window_ms: 14 * DAY,
            fraud_compensation: 100 * FID,
            report_penalty: 2 * FID,
        }
    }
}

/// Parameters of the `investment` contract (templates, agreements).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct InvestmentParams {
    /// Bond an institution posts with a template (default 1,000 FID).
    pub template_bond: Balance,
    /// Deposit a customer pays with a fraud report on a template or a
    /// dispute of an agreement (default 10 FID).
    pub report_deposit: Balance,
    /// Paid from that deposit to the accused (the template's institution,
    /// the agreement's advisor) if the claim is dismissed (default 2 FID).
    pub report_penalty: Balance,
    /// Paid to the customer from the template bond if the report is upheld (default 100 FID).
    pub template_compensation: Balance,
    /// The Arbiter must rule within this (default 14 days).
    pub ruling_window_ms: u64,
    /// Stake, signing window, cooling-off and agreement-fraud compensation
    /// (defaults 20 %, 7 days, 14 days, 10 %).
    pub agreement: AgreementTerms,
}

impl Default for InvestmentParams {
    fn default() -> Self {
        Self {
            template_bond: 1_000 * FID,
            report_deposit: 10 * FID,
            report_penalty: 2 * FID,
            template_compensation: 100 * FID,
            ruling_window_ms: 14 * DAY,
            agreement: AgreementTerms::default(),
        }
    }
}
