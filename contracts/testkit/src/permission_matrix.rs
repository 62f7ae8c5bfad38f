//! The permission matrix every contract's `#[ink::test]`s run: each message
//! is called by one actor holding no role, then each role in turn. A message
//! gated by a role must refuse every other one with
//! [`AccessError::MissingRole`] and change nothing; a message open to anyone
//! must succeed for all. After every call the contract's balance must still
//! equal what it owes. The contracts describe their messages as [`Row`]s
//! over their own test [`Fixture`]; this module runs them.

use crate::{balance, revert_transfer, Harness};
use fiducia_registry_api::{AccessError, Role};
use ink::primitives::AccountId;

/// Who may call a message.
#[derive(Clone, Copy, Debug)]
pub enum Gate {
    /// Only holders of this role.
    Role(Role),
    /// Anyone (timeouts, settlements, pulling one's own money).
    Anyone,
}

/// One row of a matrix: how to reach a state where the message succeeds for
/// a permitted `actor` (returning the id the call needs), and the call.
pub struct Row<F: Fixture> {
    /// The message's name, for failure reports.
    pub message: &'static str,
    /// Who may call it.
    pub gate: Gate,
    /// Prepares a fresh fixture for the call; returns the id it acts on.
    pub prepare: fn(&mut F, AccountId) -> u64,
    /// Calls the message as `actor` on that id.
    pub call: fn(&mut F, AccountId, u64) -> Result<(), F::Error>,
}

/// A contract's off-chain test fixture, as the matrix uses it (its account
/// and registry come from [`Harness`]).
pub trait Fixture: Harness + Sized {
    /// The contract's error type.
    type Error: From<AccessError> + PartialEq + core::fmt::Debug;
    /// A fresh contract, at an account of its own for each `seed`.
    fn fresh(seed: u32) -> Self;
    /// Everything a refused call must leave unchanged, as `who` sees it
    /// (`id` is what the row prepared).
    fn snapshot(&self, id: u64, who: AccountId) -> impl PartialEq + core::fmt::Debug + use<Self>;
    /// Asserts the contract's balance equals the sum it owes.
    fn assert_conserved(&self);
}

/// Runs every row as `actor` with no role and with each role, each on a
/// fresh fixture (seeds counting up from `first_seed + 1`).
pub fn check<F: Fixture>(rows: &[Row<F>], actor: AccountId, first_seed: u32) {
    let roles = core::iter::once(None).chain(Role::ALL.map(Some));
    let mut seed = first_seed;
    for row in rows {
        for role in roles.clone() {
            seed += 1;
            let mut f = F::fresh(seed);
            let id = (row.prepare)(&mut f, actor);
            f.registry().revoke_all(actor);
            if let Some(role) = role {
                f.registry().grant(actor, role);
            }
            let contract = f.contract();
            let contract_before = balance(contract);
            let before = Fixture::snapshot(&f, id, actor);
            let got = (row.call)(&mut f, actor, id);
            match row.gate {
                Gate::Role(required) if Some(required) != role => {
                    assert_eq!(got, Err(AccessError::MissingRole(required).into()), "{} as {role:?}", row.message);
                    // Undo the value a payable test call moved (a chain reverts it).
                    revert_transfer(contract, actor, contract_before);
                    assert_eq!(Fixture::snapshot(&f, id, actor), before, "{} as {role:?} changed state", row.message);
                },
                _ => assert_eq!(got, Ok(()), "{} as {role:?}", row.message),
            }
            Fixture::assert_conserved(&f);
        }
    }
}
