//! Trusted investment advice (FITM, SPEC §4.2–4.6): the logic the product,
//! authorization and investment contracts share, written once.
//!
//! - [`product`]: a product's life cycle and bond (Draft → Open → Suspended /
//!   Closed; bond back only when closed with no case open);
//! - [`authorization`]: advisors' authorizations with deposits and rights,
//!   revocation cool-down, service cases counted per advisor;
//! - [`dispute`]: claimant, accused, evidence, deadline; one ruling by the
//!   Arbiter; who is paid what on fraud, no fraud or a missed deadline;
//! - [`agreement`]: an investment agreement's escrow: signing over identical
//!   terms, advisor stake, cooling-off, settlement, timeouts, fraud refunds.
//!
//! Payees always come from the stored dispute or agreement, never from the
//! arbiter's arguments; every state has a deadline and a way out for every
//! escrowed unit; status enums start neutral (SPEC §4.6).

pub mod agreement;
pub mod authorization;
pub mod dispute;
pub mod product;
