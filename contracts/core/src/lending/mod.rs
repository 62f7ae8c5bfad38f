//! Student loans (TLS): application rules, credit scoring, repayment
//! schedules, the loan life cycle and the investors' pool. The protocol is
//! described in docs/protocol/lending.md.
//!
//! ```text
//! PendingApproval ──approve──▶ Listed ──fully funded──▶ Funded ──activate──▶ Activated ──disburse──▶ Active ──paid off──▶ Repaid
//!    │       │                   │                        │                     │                       │                     ▲
//!    │       └──reject──▶ Rejected                        │                     │                       └──mark_default──┐    │
//!    │                           │                        │                     │                                        ▼    │
//!    └─────── expire ────────────┴──────── expire ────────┴─────── expire ──────┴──▶ Expired             Defaulted ──paid off─┘
//! ```

mod application;
pub mod ledger;
pub mod schedule;
pub mod scoring;

pub use application::*;
