//! The four parties of every FITM (advice and investment) test, each
//! licensed for its role.

use crate::{account, MockRegistry};
use fiducia_registry_api::Role;
use ink::primitives::AccountId;

/// The institution that publishes products and templates.
pub fn institution() -> AccountId {
    account(1)
}

/// The advisor the institution authorizes.
pub fn advisor() -> AccountId {
    account(2)
}

/// The customer who opens cases.
pub fn customer() -> AccountId {
    account(3)
}

/// The arbiter who rules on disputes.
pub fn arbiter() -> AccountId {
    account(4)
}

/// Licenses each party for its role.
pub fn license(registry: &MockRegistry) {
    registry.grant(institution(), Role::Institution);
    registry.grant(advisor(), Role::Advisor);
    registry.grant(customer(), Role::Customer);
    registry.grant(arbiter(), Role::Arbiter);
}
