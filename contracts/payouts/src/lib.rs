//! Pull payments for Fiducia's ink! contracts
//! (docs/ARCHITECTURE.md#money-rules): a contract never pushes money to a
//! party; it *credits* what a party is owed, and the party
//! pulls everything with `claim`. [`Credits`] is a storage item the `advice`
//! and `investment` contracts embed; the [`Credited`] and [`Claimed`] events
//! are defined once in `fiducia-interfaces` and appear in the metadata of
//! each contract that embeds [`Credits`].
#![cfg_attr(not(feature = "std"), no_std)]

use fiducia_registry_api::FiduciaEnvironment;
use ink::{env::Environment, primitives::AccountId, storage::Mapping};

/// The chain's balance type.
pub type Balance = <FiduciaEnvironment as Environment>::Balance;

pub use fiducia_interfaces::payouts::{Claimed, Credited};

/// Why a credit or a claim was refused; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutError {
    /// The caller is owed nothing.
    NothingOwed,
    /// The chain refused the transfer.
    TransferFailed,
    /// The account's credit would overflow.
    Overflow,
}

/// A payout refusal becomes the contract's own error variant of the same name.
macro_rules! into_contract_error {
    ($($error:path),*) => {
        $(impl From<PayoutError> for $error {
            fn from(e: PayoutError) -> Self {
                match e {
                    PayoutError::NothingOwed => Self::NothingOwed,
                    PayoutError::TransferFailed => Self::TransferFailed,
                    PayoutError::Overflow => Self::Overflow,
                }
            }
        })*
    };
}

into_contract_error!(fiducia_core::trust::error::AdviceError, fiducia_core::trust::error::InvestmentError);

/// What each account is owed. Every credit is an event; the sum of all
/// credits is part of what the contract's balance must cover.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Credits {
    owed: Mapping<AccountId, Balance>,
}

impl Credits {
    /// Adds `amount` to what `account` is owed (nothing for zero).
    pub fn credit(&mut self, account: AccountId, amount: Balance) -> Result<(), PayoutError> {
        if amount == 0 {
            return Ok(());
        }
        let owed = self.of(account).checked_add(amount).ok_or(PayoutError::Overflow)?;
        self.owed.insert(account, &owed);
        ink::env::emit_event::<FiduciaEnvironment, _>(Credited { account, amount });
        Ok(())
    }

    /// Pays the caller everything it is owed; returns the amount.
    pub fn claim(&mut self) -> Result<Balance, PayoutError> {
        let account = ink::env::caller::<FiduciaEnvironment>();
        let amount = self.owed.take(account).unwrap_or(0);
        if amount == 0 {
            return Err(PayoutError::NothingOwed);
        }
        ink::env::transfer::<FiduciaEnvironment>(account, amount).map_err(|_| PayoutError::TransferFailed)?;
        ink::env::emit_event::<FiduciaEnvironment, _>(Claimed { account, amount });
        Ok(amount)
    }

    /// What `account` is owed now.
    pub fn of(&self, account: AccountId) -> Balance {
        self.owed.get(account).unwrap_or(0)
    }
}
