//! The pull-payment events of the contracts that embed `fiducia_payouts::Credits`
//! (advice and investment): what an account is owed and what it took.

use crate::Balance;
use ink::primitives::AccountId;

/// An account was credited; it pulls the money with `claim`.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Credited {
    /// Who is owed.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub account: AccountId,
    /// How much was added.
    pub amount: Balance,
}

/// An account pulled everything it was owed.
#[ink::event]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Claimed {
    /// Who was paid.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::ss58"))]
    pub account: AccountId,
    /// How much.
    pub amount: Balance,
}
