//! Dev-only: the off-chain test fixtures every Fiducia contract's
//! `#[ink::test]`s share.
//!
//! - accounts and money: [`FID`], [`account`], [`instance_account`],
//!   [`people`];
//! - the off-chain world: [`set_up`] a fresh contract, then move the clock
//!   ([`set_now`]), choose the caller ([`set_caller`], [`call_as`]), send
//!   value ([`pay`], [`set_value`]), read and set balances ([`balance`],
//!   [`set_balance`], [`revert_transfer`]) and read emitted events
//!   ([`events`]);
//! - [`Harness`]: the `f.at(t).as_(who).message(..)` /
//!   `f.paying(who, value).message(..)` pattern over a contract's own test
//!   fixture;
//! - [`MockRegistry`]: the runtime's registry chain extension, off-chain;
//! - [`permission_matrix`]: every message × every role, run the same way for
//!   every contract.
//!
//! The contracts' tests call these instead of `ink::env::test` directly, so
//! the environment type and the conventions (who is funded, how a refused
//! payable call is undone) are written once.

pub mod fitm;
pub mod permission_matrix;
mod registry;

pub use registry::MockRegistry;

use fiducia_registry_api::{FiduciaEnvironment, Role};
use ink::{env::test, primitives::AccountId, scale::Decode};

/// The environment of every Fiducia contract.
pub type Env = FiduciaEnvironment;
/// A balance in the smallest unit (FID × 10⁻¹²).
pub type Balance = u128;
/// One FID in the smallest unit.
pub const FID: Balance = 1_000_000_000_000;
/// What [`set_up`] gives each of the [`people`].
pub const START_BALANCE: Balance = 1_000_000 * FID;

/// The test account `[seed; 32]`.
pub fn account(seed: u8) -> AccountId {
    AccountId::from([seed; 32])
}

/// The account of the `instance`-th contract of a test: `instance` in
/// little-endian, then `fill` in every other byte (so instances never share
/// storage, and never collide with an [`account`]).
pub fn instance_account(instance: u32, fill: u8) -> AccountId {
    let mut bytes = [fill; 32];
    bytes[..4].copy_from_slice(&instance.to_le_bytes());
    AccountId::from(bytes)
}

/// Accounts 1 to 9: everyone [`set_up`] funds, and so everyone a test may
/// pay or credit.
pub fn people() -> Vec<AccountId> {
    (1..=9).map(account).collect()
}

/// Prepares the off-chain world for a fresh contract at `contract`: installs
/// a new [`MockRegistry`] (no roles yet), makes `contract` the callee with a
/// zero balance, gives each of the [`people`] [`START_BALANCE`] and sets the
/// clock to 0. Returns the registry.
pub fn set_up(contract: AccountId) -> MockRegistry {
    let registry = MockRegistry::install();
    set_callee(contract);
    set_balance(contract, 0);
    for who in people() {
        set_balance(who, START_BALANCE);
    }
    set_now(0);
    registry
}

/// Sets the block timestamp (milliseconds).
pub fn set_now(now: u64) {
    test::set_block_timestamp::<Env>(now);
}

/// Makes `who` the caller of the next message.
pub fn set_caller(who: AccountId) {
    test::set_caller::<Env>(who);
}

/// Declares `value` as transferred with the next message without moving any
/// balance (what a message sees; use [`pay`] to move the money too).
pub fn set_value(value: Balance) {
    test::set_value_transferred::<Env>(value);
}

/// The next message is called by `who`, sending nothing.
pub fn call_as(who: AccountId) {
    set_caller(who);
    set_value(0);
}

/// The next message is called by `who`, sending `value`: the value moves
/// from `who` to the callee now, as a chain does before the call.
pub fn pay(who: AccountId, value: Balance) {
    set_caller(who);
    test::transfer_in::<Env>(value);
}

/// The contract the next message runs in.
pub fn callee() -> AccountId {
    test::callee::<Env>()
}

/// Makes `contract` the contract the next message runs in.
pub fn set_callee(contract: AccountId) {
    test::set_callee::<Env>(contract);
}

/// The free balance of `who` (0 for an account never seen).
pub fn balance(who: AccountId) -> Balance {
    test::get_account_balance::<Env>(who).unwrap_or(0)
}

/// Sets the free balance of `who`.
pub fn set_balance(who: AccountId, value: Balance) {
    test::set_account_balance::<Env>(who, value);
}

/// Undoes a refused payable call: the off-chain engine moved the value
/// before the message failed, a chain reverts it. Whatever `contract`
/// gained since it held `contract_before` goes back to `payer`.
pub fn revert_transfer(contract: AccountId, payer: AccountId, contract_before: Balance) {
    let moved = balance(contract) - contract_before;
    set_balance(contract, contract_before);
    set_balance(payer, balance(payer) + moved);
}

/// The recorded events of type `E`, recognised by their signature topic.
pub fn events<E: Decode + ink::env::Event>() -> Vec<E> {
    test::recorded_events()
        .filter(|e| e.topics.first().map(|t| &t[..]) == E::SIGNATURE_TOPIC.as_ref().map(|t| &t[..]))
        .map(|e| E::decode(&mut &e.data[..]).expect("event decodes"))
        .collect()
}

/// A contract's off-chain test fixture: one contract instance at its own
/// account, with the mock registry behind it. Implementing the three
/// required methods gives the fixture the calling pattern the tests use,
/// e.g. `f.at(100).as_(admin).approve(id)` or
/// `f.paying(investor, 10 * FID).invest(id)`.
pub trait Harness {
    /// The contract under test (the `#[ink(storage)]` type).
    type Contract;

    /// The contract's account.
    fn contract(&self) -> AccountId;

    /// The mock registry the fixture installed.
    fn registry(&self) -> &MockRegistry;

    /// The contract instance.
    fn instance(&mut self) -> &mut Self::Contract;

    /// Sets the clock to `now` (milliseconds); chain a call after it.
    fn at(&mut self, now: u64) -> &mut Self {
        set_now(now);
        self
    }

    /// The contract, called next by `who` sending nothing.
    fn as_(&mut self, who: AccountId) -> &mut Self::Contract {
        call_as(who);
        self.instance()
    }

    /// The contract, called next by `who` sending `value` (a payable message).
    fn paying(&mut self, who: AccountId, value: Balance) -> &mut Self::Contract {
        pay(who, value);
        self.instance()
    }

    /// The free balance of `who`.
    fn balance(&self, who: AccountId) -> Balance {
        balance(who)
    }

    /// Licenses `who` for `role` in the fixture's registry.
    fn grant(&self, who: AccountId, role: Role) {
        self.registry().grant(who, role);
    }

    /// Undoes a refused payable call of `payer` (see [`revert_transfer`]):
    /// the contract held `contract_before` before it.
    fn revert_transfer(&self, payer: AccountId, contract_before: Balance) {
        revert_transfer(self.contract(), payer, contract_before);
    }
}
