//! The registry interface shared by the runtime and the contracts: the roles
//! of SPEC §1. The chain extension that exposes `has_role` and
//! `verify_second_factor` to contracts is added with the runtime registry.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

/// A role the issuer licenses an account for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, codec::Encode, codec::Decode, codec::MaxEncodedLen, scale_info::TypeInfo)]
pub enum Role {
    /// May license participants and manage verifiers.
    Issuer,
    /// Authors and finalizes blocks.
    Verifier,
    /// Approves loan listings and activates funded loans.
    Administrator,
    /// Applies for loans and repays them.
    Borrower,
    /// Funds loans and claims repayments.
    Investor,
    /// Publishes products and agreements, authorizes advisors.
    Institution,
    /// Gives investment advice under an authorization.
    Advisor,
    /// Buys advice and signs investment agreements.
    Customer,
    /// Rules on disputes (the SCCA).
    Arbiter,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 9] = [
        Role::Issuer,
        Role::Verifier,
        Role::Administrator,
        Role::Borrower,
        Role::Investor,
        Role::Institution,
        Role::Advisor,
        Role::Customer,
        Role::Arbiter,
    ];
}
