//! The records the FITM contracts store and return, generic over the
//! account type so the contracts (ink!'s `AccountId`) and the client
//! (subxt's) share one definition.

use super::{
    agreement::Agreement, dispute::Dispute, parties::Parties, product::Product, template::Template, AgreementId,
    CaseId, DisputeId, TemplateId,
};

/// A product and the institution that published it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct ProductRecord<AccountId> {
    /// The publishing institution (owner).
    pub institution: AccountId,
    /// Life cycle and bond.
    pub product: Product,
}

/// A product dispute (keyed by its case) and the case's parties.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct ProductDispute<AccountId> {
    /// Claimant (customer), accused (institution), evidence, stakes, deadline.
    pub dispute: Dispute<AccountId>,
    /// The case's customer, advisor and institution (none may rule on it).
    pub parties: Parties<AccountId>,
}

/// An agreement template and the institution that released it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct TemplateRecord<AccountId> {
    /// The releasing institution (owner).
    pub institution: AccountId,
    /// Terms, status and bond.
    pub template: Template,
}

/// An agreement, its parties and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct AgreementRecord<AccountId> {
    /// The service case (in the advice contract) it belongs to.
    pub case: CaseId,
    /// The template it follows.
    pub template: TemplateId,
    /// Pays the amount.
    pub customer: AccountId,
    /// Stakes its share.
    pub advisor: AccountId,
    /// Receives the investment at settlement.
    pub institution: AccountId,
    /// The escrow's state.
    pub agreement: Agreement,
    /// The dispute raised during cooling-off, if any.
    pub dispute: Option<DisputeId>,
}

/// What an investment dispute is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum Subject {
    /// A customer reported fraud in a template (accused: its institution).
    Template(TemplateId),
    /// A customer disputed an agreement (accused: its advisor).
    Agreement(AgreementId),
}

/// An investment dispute and the parties of its case.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "scale", derive(codec::Encode, codec::Decode, scale_info::TypeInfo))]
#[cfg_attr(feature = "ink-std", derive(ink::storage::traits::StorageLayout))]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct InvestmentDispute<AccountId> {
    /// What it is about.
    pub subject: Subject,
    /// Claimant, accused, evidence, stakes, deadline, ruling.
    pub dispute: Dispute<AccountId>,
    /// The case's customer, advisor and institution (none may rule on it).
    pub parties: Parties<AccountId>,
}
