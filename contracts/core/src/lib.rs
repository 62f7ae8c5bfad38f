//! # fiducia-core
//!
//! The pure logic of Fiducia's contracts, with no ink! types in its API:
//! money math, loan state machine and application rules, the FITM trust
//! state machines (bonds, pools, cases, disputes, agreements), paging. Every ink!
//! contract is a thin shell over this crate, which is tested on its own with
//! unit and property tests.
//!
//! Money is `u128` in the chain's smallest unit; all arithmetic is checked and
//! every fallible operation returns a typed error.
#![cfg_attr(not(feature = "std"), no_std)]

pub mod lending;
pub mod money;
pub mod paging;
#[cfg(feature = "std")]
mod serde_hex;
pub mod trust;

/// An amount of the native token in its smallest unit.
pub type Balance = u128;
