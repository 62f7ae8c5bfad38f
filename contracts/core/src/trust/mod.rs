//! Trusted investment advice (FITM, docs/protocol/fitm.md): the logic the `advice`
//! and `investment` contracts share, written once.
//!
//! - [`bond`]: institutions' bonds (nothing reserved when disputes open);
//! - [`pool`]: the compensation pool the first upheld fraud turns a bond
//!   into, shared by the harmed customers, each at most once;
//! - [`parties`]: distinct customer/advisor/institution, an independent Arbiter;
//! - [`product`]: a product's life cycle (Draft → Open → Suspended / Closed);
//! - [`authorization`]: advisors' authorizations with deposits and rights,
//!   revocation cool-down, service cases counted per advisor;
//! - [`case`]: a customer's service case and its deposit;
//! - [`dispute`]: claimant, accused, evidence, deadline; one ruling by the
//!   Arbiter; who is paid what on fraud, no fraud or a missed deadline;
//! - [`template`]: an agreement template and its bond;
//! - [`agreement`]: an investment agreement's escrow: signing over identical
//!   terms, advisor stake, cooling-off, settlement, timeouts, fraud refunds;
//! - [`records`]: what the contracts store and return, shared with the client;
//! - [`params`]: the contracts' parameters with their documented defaults;
//! - [`error`]: the contracts' error types.
//!
//! Payees always come from the stored case, dispute or agreement, never from
//! the arbiter's arguments; every state has a deadline and a way out for
//! every escrowed unit; status enums start neutral
//! (docs/protocol/fitm.md#what-the-fitm-papers-code-got-wrong).

pub mod agreement;
pub mod authorization;
pub mod bond;
pub mod case;
pub mod dispute;
pub mod error;
pub mod params;
pub mod parties;
pub mod pool;
pub mod product;
pub mod records;
pub mod template;

/// Index of a product in the advice contract.
pub type ProductId = u32;
/// Index of a service case in the advice contract.
pub type CaseId = u64;
/// Index of an agreement template in the investment contract.
pub type TemplateId = u32;
/// Index of an agreement in the investment contract.
pub type AgreementId = u64;
/// Index of a dispute in the investment contract.
pub type DisputeId = u64;

/// A customer's verdict after checking a product or an agreement template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum Verdict {
    /// Nothing wrong found.
    Ok,
    /// Fraud claimed, with the hash of the off-chain evidence.
    Fraud([u8; 32]),
}

/// What the `advice` contract tells the `investment` contract about a
/// service case (the one cross-contract read, `advice::case_view`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct CaseView<AccountId> {
    /// The case's customer.
    pub customer: AccountId,
    /// The case's advisor.
    pub advisor: AccountId,
    /// The product's institution.
    pub institution: AccountId,
    /// The product.
    pub product: ProductId,
    /// The case is open (not disputed, not closed).
    pub case_open: bool,
    /// The advisor currently holds the signing right for the product.
    pub advisor_may_sign: bool,
    /// The product is open (offered, not suspended or closed).
    pub product_offered: bool,
}
