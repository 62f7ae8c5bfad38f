//! Student loans (TLS): application rules, credit scoring, repayment
//! schedules, the loan life cycle and the investors' pool.
//!
//! ```text
//! PendingApproval ──approve──▶ Listed ──fully funded──▶ Funded ──activate──▶ Active ──repaid──▶ Repaid
//!        │                        │                        │                    │
//!        ├──reject──▶ Rejected    └──deadline──▶ Expired ◀─┘ deadline          └──default──▶ Defaulted
//!        └──deadline──▶ Expired
//! ```

mod application;
pub mod ledger;
pub mod schedule;
pub mod scoring;

pub use application::*;
