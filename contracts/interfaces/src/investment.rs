//! The investment contract's events (`docs/protocol/fitm.md`); its payouts
//! emit `fiducia_payouts::{Credited, Claimed}`.

use crate::{Balance, Timestamp};
use fiducia_core::trust::{
    agreement::AgreementStatus, dispute::DisputeStatus, records::Subject, template::TemplateStatus, AgreementId,
    CaseId, DisputeId, ProductId, TemplateId,
};
use ink::primitives::AccountId;

/// An institution released a template for a product, posting its bond.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TemplateReleased {
    /// The template.
    pub template: TemplateId,
    /// The product.
    pub product: ProductId,
    /// The institution.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub institution: AccountId,
    /// Hash of the terms.
    pub terms_hash: [u8; 32],
}

/// A template changed status (suspended after fraud, withdrawn).
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TemplateStatusChanged {
    /// The template.
    pub template: TemplateId,
    /// The new status.
    pub status: TemplateStatus,
}

/// A customer checked a template and found nothing wrong.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TemplateApproved {
    /// The case.
    pub case: CaseId,
    /// The template.
    pub template: TemplateId,
}

/// An advisor proposed an agreement; both parties sign `terms_hash`.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AgreementProposed {
    /// The agreement.
    pub agreement: AgreementId,
    /// The case.
    pub case: CaseId,
    /// The investment amount.
    pub amount: Balance,
    /// The advisor's stake.
    pub stake: Balance,
    /// What both sign.
    pub terms_hash: [u8; 32],
    /// The first signature is due by then.
    pub deadline: Timestamp,
}

/// An agreement moved: signed, cooling off, settled, refunded, lapsed, disputed.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AgreementChanged {
    /// The agreement.
    pub agreement: AgreementId,
    /// The new status.
    pub status: AgreementStatus,
    /// Deadline of the new state, if it waits for one.
    pub deadline: Timestamp,
}

/// A dispute was opened; the Arbiter must rule by `deadline`.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DisputeOpened {
    /// The dispute.
    pub dispute: DisputeId,
    /// What it is about.
    pub subject: Subject,
    /// The customer.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub claimant: AccountId,
    /// The institution (template) or advisor (agreement).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub accused: AccountId,
    /// Hash of the evidence.
    pub evidence: [u8; 32],
    /// Ruling deadline.
    pub deadline: Timestamp,
}

/// The first upheld template fraud turned the template's bond into a
/// compensation pool: customers whose case checked the template or had
/// an agreement under it may join until `closes_at`.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PoolOpened {
    /// The template.
    pub template: TemplateId,
    /// The bond's free part, now shared by the members.
    pub funds: Balance,
    /// Most a member receives.
    pub cap_per_customer: Balance,
    /// Joins until then; claims after.
    pub closes_at: Timestamp,
}

/// A customer joined the template's compensation pool (once per customer).
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PoolJoined {
    /// The template.
    pub template: TemplateId,
    /// The customer.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub customer: AccountId,
    /// Members so far.
    pub claimants: u32,
}

/// A dispute ended by ruling (`ruling` set) or by a missed deadline.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DisputeEnded {
    /// The dispute.
    pub dispute: DisputeId,
    /// Fraud, NoFraud or Lapsed.
    pub status: DisputeStatus,
    /// Hash of the Arbiter's ruling, if it ruled.
    pub ruling: Option<[u8; 32]>,
}
