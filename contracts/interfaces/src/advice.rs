//! The advice contract's events and the view of it the investment contract
//! reads (`docs/protocol/fitm.md`); its payouts emit
//! `fiducia_payouts::{Credited, Claimed}`.

use fiducia_core::trust::{product::ProductStatus, CaseId, CaseView, ProductId};
use ink::primitives::AccountId;

/// What the `investment` contract reads from the `advice` contract, through
/// `ink::contract_ref!(AdviceView, FiduciaEnvironment)`.
#[ink::trait_definition]
pub trait AdviceView {
    /// A case as the investment contract needs it: parties, whether it is
    /// open and not expired, whether its advisor may sign for the product and
    /// whether the product is offered; `None` for an unknown case.
    #[ink(message)]
    fn case_view(&self, case: CaseId) -> Option<CaseView<AccountId>>;

    /// A product's institution and status; `None` for an unknown product.
    #[ink(message)]
    fn product_owner(&self, product: ProductId) -> Option<(AccountId, ProductStatus)>;
}

#[cfg(feature = "advice")]
pub use events::*;

/// The advice contract's events.
#[cfg(feature = "advice")]
mod events {
    use crate::{Balance, Timestamp};
    use fiducia_core::trust::{
        authorization::{AuthorizationStatus, Rights},
        dispute::DisputeStatus,
        product::ProductStatus,
        CaseId, ProductId,
    };
    use ink::primitives::AccountId;

    /// An institution published a product, posting its bond.
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct ProductPublished {
        /// The product.
        pub product: ProductId,
        /// Its institution.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
        pub institution: AccountId,
        /// The bond posted.
        pub bond: Balance,
    }

    /// An attribute or promise was recorded on a draft product.
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct ProductDescribed {
        /// The product.
        pub product: ProductId,
        /// `false` for an attribute, `true` for a promise.
        pub promise: bool,
        /// Its index.
        pub index: u32,
    }

    /// A product changed status (opened, suspended after fraud, closed).
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct ProductStatusChanged {
        /// The product.
        pub product: ProductId,
        /// The new status.
        pub status: ProductStatus,
    }

    /// An authorization changed (requested, authorized, withdrawn, revoked, released).
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct AuthorizationChanged {
        /// The product.
        pub product: ProductId,
        /// The advisor.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
        pub advisor: AccountId,
        /// The new status.
        pub status: AuthorizationStatus,
        /// The rights now held.
        pub rights: Rights,
    }

    /// A customer opened a service case with an advisor.
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct CaseOpened {
        /// The case.
        pub case: CaseId,
        /// The product.
        pub product: ProductId,
        /// The customer.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
        pub customer: AccountId,
        /// The advisor.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
        pub advisor: AccountId,
    }

    /// The customer checked the product and found nothing wrong.
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct ProductApproved {
        /// The case.
        pub case: CaseId,
    }

    /// The customer claimed fraud; the Arbiter must rule by `deadline`.
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct DisputeOpened {
        /// The case (the dispute's id).
        pub case: CaseId,
        /// The customer.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
        pub claimant: AccountId,
        /// The institution.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
        pub accused: AccountId,
        /// Hash of the evidence.
        pub evidence: [u8; 32],
        /// Ruling deadline.
        pub deadline: Timestamp,
    }

    /// The dispute ended by ruling (`ruling` set) or by a missed deadline.
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct DisputeEnded {
        /// The case.
        pub case: CaseId,
        /// Fraud, NoFraud or Lapsed.
        pub status: DisputeStatus,
        /// Hash of the Arbiter's ruling, if it ruled.
        pub ruling: Option<[u8; 32]>,
        /// Credited (or left in the case) for the customer.
        pub to_claimant: Balance,
        /// Credited to the institution.
        pub to_accused: Balance,
    }

    /// The first upheld fraud turned the product's bond into a compensation
    /// pool: customers with a case opened before may join until `closes_at`.
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct PoolOpened {
        /// The product.
        pub product: ProductId,
        /// The bond's free part, now shared by the members.
        pub funds: Balance,
        /// Most a member receives.
        pub cap_per_customer: Balance,
        /// Joins until then; claims after.
        pub closes_at: Timestamp,
    }

    /// A customer joined the product's compensation pool (once per customer).
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct PoolJoined {
        /// The product.
        pub product: ProductId,
        /// The customer.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
        pub customer: AccountId,
        /// Members so far.
        pub claimants: u32,
    }

    /// A case closed; its deposit was credited to the customer.
    #[ink::event]
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize))]
    pub struct CaseClosed {
        /// The case.
        pub case: CaseId,
        /// Deposit credited.
        pub refund: Balance,
    }
}
