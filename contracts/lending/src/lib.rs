//! # Lending (TLS)
//!
//! Peer-to-peer student loans. This contract is a thin ink! shell over
//! [`fiducia_core::lending`]: every message checks the caller with the
//! runtime's registry (chain extension), loads one loan (and at most one
//! position), applies the core's pure rules, stores the result, moves the
//! money the caller is owed and emits an event. Nothing loops over loans,
//! investors or instalments.
//!
//! | message | who | second factor |
//! |---|---|---|
//! | `apply` | Borrower | yes |
//! | `approve`, `reject`, `activate` | Administrator, not the loan's borrower | – |
//! | `invest` | Investor, not the loan's borrower | – |
//! | `withdraw`, `refund`, `claim` | the position's holder | – |
//! | `disburse` | the loan's borrower, still licensed as Borrower | yes |
//! | `repay`, `pay_off`, `expire`, `mark_default` | anyone | – |
//!
//! Pulling money one is owed (`withdraw`, `refund`, `claim`) needs no current
//! license: revoking a license must never confiscate escrowed money. Holding
//! a position already proves the Investor license at the time of investing.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The lending contract: storage, constructors and messages.
#[ink::contract(env = fiducia_registry_api::FiduciaEnvironment)]
pub mod lending {
    use fiducia_core::{
        lending::{
            ledger::{Ledger, LedgerError, MarketTerms, Position, Standing},
            scoring::{self, CreditProfile},
            ApplicationLimits, LendingError, LoanId, LoanStatus, Purpose, APPLY_ACTION, DISBURSE_ACTION,
        },
        paging::Page,
    };
    /// The contract's events, defined once in `fiducia-interfaces`.
    pub use fiducia_interfaces::lending::*;
    use fiducia_registry_api::{access, Assertion, Role};
    use ink::{prelude::vec::Vec, storage::Mapping};

    /// A loan as stored and returned by the queries.
    pub type Loan = fiducia_core::lending::Loan<AccountId>;
    /// Why a message was refused; nothing changed.
    pub type Error = LendingError;

    /// The lending contract's storage.
    #[ink(storage)]
    pub struct Lending {
        limits: ApplicationLimits,
        terms: MarketTerms,
        loans: Mapping<LoanId, Loan>,
        positions: Mapping<(LoanId, AccountId), Position>,
        nonces: Mapping<AccountId, u64>,
        loan_count: u64,
    }

    impl Lending {
        /// A lending market with the given application limits and market
        /// terms; limits or terms out of range are refused
        /// ([`ApplicationLimits::validate`], [`MarketTerms::validate`]).
        #[ink(constructor)]
        pub fn new(limits: ApplicationLimits, terms: MarketTerms) -> Result<Self, Error> {
            if !limits.validate() || terms.validate().is_err() {
                return Err(Error::InvalidMarket);
            }
            Ok(Self {
                limits,
                terms,
                loans: Mapping::default(),
                positions: Mapping::default(),
                nonces: Mapping::default(),
                loan_count: 0,
            })
        }

        /// A market with the default limits (100 – 1,000,000 FID, ≤ 120
        /// months) and terms (see [`MarketTerms::default`]).
        #[ink(constructor)]
        #[allow(clippy::should_implement_trait)] // ink!'s conventional constructor name
        pub fn default() -> Result<Self, Error> {
            Self::new(ApplicationLimits::default(), MarketTerms::default())
        }

        /// Applies for a loan; the model scores `profile` and sets the APR.
        /// `commitment` is the salted hash of the off-chain application data;
        /// `assertion` answers the challenge of [`APPLY_ACTION`] over
        /// `(amount, term_months, purpose, profile, commitment)`.
        #[ink(message)]
        pub fn apply(
            &mut self,
            amount: Balance,
            term_months: u16,
            purpose: Purpose,
            profile: CreditProfile,
            commitment: [u8; 32],
            assertion: Assertion,
        ) -> Result<LoanId, Error> {
            self.require_role(Role::Borrower)?;
            self.limits.check(amount, term_months, &commitment).map_err(Error::Application)?;
            let assessment = scoring::assess(&profile, amount, term_months).map_err(Error::Rejected)?;
            let now = self.env().block_timestamp();
            let ledger = Ledger::applied(amount, assessment.apr_bps, term_months, now, &self.terms)?;
            let id = self.loan_count;
            let next = id.checked_add(1).ok_or(Error::TooManyLoans)?;
            let args = (amount, term_months, purpose, profile, commitment);
            self.verify_second_factor(APPLY_ACTION, &args, assertion)?;
            let borrower = self.env().caller();
            let loan = Loan { id, borrower, purpose, commitment, applied_at: now, profile, assessment, ledger };
            self.loans.insert(id, &loan);
            self.loan_count = next;
            self.env().emit_event(LoanApplied {
                id,
                borrower,
                amount,
                term_months,
                purpose,
                grade: assessment.grade.index(),
                apr_bps: assessment.apr_bps,
            });
            Ok(id)
        }

        /// Administrator lists the loan after checking the documents against
        /// the commitment; investors may fund it until the funding deadline.
        #[ink(message)]
        pub fn approve(&mut self, id: LoanId) -> Result<(), Error> {
            let mut loan = self.administered(id)?;
            loan.ledger.approve(self.env().block_timestamp(), &self.terms)?;
            self.loans.insert(id, &loan);
            self.env().emit_event(LoanApproved { id, funding_deadline: loan.ledger.deadline });
            Ok(())
        }

        /// Administrator rejects the application (final).
        #[ink(message)]
        pub fn reject(&mut self, id: LoanId) -> Result<(), Error> {
            let mut loan = self.administered(id)?;
            loan.ledger.reject()?;
            self.loans.insert(id, &loan);
            self.env().emit_event(LoanRejected { id });
            Ok(())
        }

        /// Investor funds a listed loan with the value sent (at least the
        /// minimum ticket in total, at most what the loan still needs).
        #[ink(message, payable)]
        pub fn invest(&mut self, id: LoanId) -> Result<(), Error> {
            self.require_role(Role::Investor)?;
            let investor = self.env().caller();
            let amount = self.env().transferred_value();
            let mut loan = self.loan_or_err(id)?;
            if loan.borrower == investor {
                return Err(Error::BorrowerIsInvestor);
            }
            let mut position = self.positions.get((id, investor)).unwrap_or_default();
            let now = self.env().block_timestamp();
            loan.ledger.invest(&mut position, amount, now, &self.terms)?;
            self.positions.insert((id, investor), &position);
            self.loans.insert(id, &loan);
            self.env().emit_event(Invested { id, investor, amount, raised: loan.ledger.raised });
            if loan.status() == LoanStatus::Funded {
                self.env().emit_event(LoanFunded { id, activation_deadline: loan.ledger.deadline });
            }
            Ok(())
        }

        /// Investor takes `amount` of its ticket back while the loan is still
        /// listed; what remains must be zero or at least the minimum ticket.
        #[ink(message)]
        pub fn withdraw(&mut self, id: LoanId, amount: Balance) -> Result<(), Error> {
            let investor = self.env().caller();
            let (mut loan, mut position) = self.position_or_err(id, investor)?;
            let now = self.env().block_timestamp();
            let payout = loan.ledger.withdraw(&mut position, amount, now, &self.terms)?;
            self.positions.insert((id, investor), &position);
            self.loans.insert(id, &loan);
            self.pay(investor, payout)?;
            self.env().emit_event(Withdrawn { id, investor, amount: payout });
            Ok(())
        }

        /// Anyone ends a waiting state (approval, funding, activation) whose
        /// deadline has passed.
        #[ink(message)]
        pub fn expire(&mut self, id: LoanId) -> Result<(), Error> {
            let mut loan = self.loan_or_err(id)?;
            loan.ledger.expire(self.env().block_timestamp())?;
            self.loans.insert(id, &loan);
            self.env().emit_event(LoanExpired { id });
            Ok(())
        }

        /// Investor of an expired loan takes its whole ticket back.
        #[ink(message)]
        pub fn refund(&mut self, id: LoanId) -> Result<(), Error> {
            let investor = self.env().caller();
            let (mut loan, mut position) = self.position_or_err(id, investor)?;
            let payout = loan.ledger.refund(&mut position)?;
            self.positions.insert((id, investor), &position);
            self.loans.insert(id, &loan);
            self.pay(investor, payout)?;
            self.env().emit_event(Refunded { id, investor, amount: payout });
            Ok(())
        }

        /// Administrator activates a funded loan: the principal becomes the
        /// borrower's to pull until the disbursement deadline.
        #[ink(message)]
        pub fn activate(&mut self, id: LoanId) -> Result<(), Error> {
            let mut loan = self.administered(id)?;
            loan.ledger.activate(self.env().block_timestamp(), &self.terms)?;
            self.loans.insert(id, &loan);
            self.env().emit_event(LoanActivated { id, disbursement_deadline: loan.ledger.deadline });
            Ok(())
        }

        /// The borrower accepts the disbursement and pulls the principal of
        /// an activated loan before its deadline; the schedule and interest
        /// start now. `assertion` answers the challenge of
        /// [`DISBURSE_ACTION`] over `id`.
        #[ink(message)]
        pub fn disburse(&mut self, id: LoanId, assertion: Assertion) -> Result<(), Error> {
            // A borrower whose license was revoked after activation (fraud
            // found in its documents) may no longer take the money.
            self.require_role(Role::Borrower)?;
            let borrower = self.env().caller();
            let mut loan = self.loan_or_err(id)?;
            if loan.borrower != borrower {
                return Err(Error::NotBorrower);
            }
            let now = self.env().block_timestamp();
            let payout = loan.ledger.disburse(now)?;
            self.verify_second_factor(DISBURSE_ACTION, &id, assertion)?;
            self.loans.insert(id, &loan);
            self.pay(borrower, payout)?;
            self.env().emit_event(Disbursed {
                id,
                borrower,
                amount: payout,
                started_at: now,
                instalment: loan.ledger.instalment,
            });
            Ok(())
        }

        /// Anyone repays with the value sent: late fees, then interest, then
        /// principal. Paying more than [`Standing::payoff`] is refused.
        #[ink(message, payable)]
        pub fn repay(&mut self, id: LoanId) -> Result<(), Error> {
            let amount = self.env().transferred_value();
            let mut loan = self.loan_or_err(id)?;
            let now = self.env().block_timestamp();
            let allocation = loan.ledger.repay(amount, now, &self.terms)?;
            self.loans.insert(id, &loan);
            self.env().emit_event(Repaid {
                id,
                payer: self.env().caller(),
                fees: allocation.fees,
                interest: allocation.interest,
                principal: allocation.principal,
                paid_off: loan.status() == LoanStatus::Repaid,
            });
            Ok(())
        }

        /// Anyone pays the loan off with the value sent: exactly the payoff at
        /// execution is repaid and the rest goes straight back to the caller
        /// (its own change, not a payout to anyone else). Returns the change.
        #[ink(message, payable)]
        pub fn pay_off(&mut self, id: LoanId) -> Result<Balance, Error> {
            let payer = self.env().caller();
            let sent = self.env().transferred_value();
            let mut loan = self.loan_or_err(id)?;
            let now = self.env().block_timestamp();
            let (allocation, change) = loan.ledger.pay_off(sent, now, &self.terms)?;
            self.loans.insert(id, &loan);
            if change > 0 {
                self.pay(payer, change)?;
            }
            self.env().emit_event(Repaid {
                id,
                payer,
                fees: allocation.fees,
                interest: allocation.interest,
                principal: allocation.principal,
                paid_off: true,
            });
            Ok(change)
        }

        /// Anyone marks an active loan defaulted once its oldest unpaid
        /// instalment is overdue past the default threshold.
        #[ink(message)]
        pub fn mark_default(&mut self, id: LoanId) -> Result<(), Error> {
            let mut loan = self.loan_or_err(id)?;
            loan.ledger.mark_default(self.env().block_timestamp(), &self.terms)?;
            self.loans.insert(id, &loan);
            self.env().emit_event(LoanDefaulted { id, principal_outstanding: loan.ledger.principal_outstanding });
            Ok(())
        }

        /// Investor claims its pro-rata share of everything repaid so far.
        #[ink(message)]
        pub fn claim(&mut self, id: LoanId) -> Result<Balance, Error> {
            let investor = self.env().caller();
            let (mut loan, mut position) = self.position_or_err(id, investor)?;
            let payout = loan.ledger.claim(&mut position)?;
            self.positions.insert((id, investor), &position);
            self.loans.insert(id, &loan);
            self.pay(investor, payout)?;
            self.env().emit_event(Claimed { id, investor, amount: payout });
            Ok(payout)
        }

        /// The loan with this id, if any.
        #[ink(message)]
        pub fn loan(&self, id: LoanId) -> Option<Loan> {
            self.loans.get(id)
        }

        /// Loans `start, start+1, …`, at most `limit` (capped at 50) of them.
        #[ink(message)]
        pub fn loans(&self, start: LoanId, limit: u32) -> Vec<Loan> {
            Page::over(start, limit, self.loan_count).ids().filter_map(|id| self.loans.get(id)).collect()
        }

        /// How many loans were ever applied for.
        #[ink(message)]
        pub fn loan_count(&self) -> u64 {
            self.loan_count
        }

        /// Where the loan stands against its schedule now (interest and fees
        /// accrued to the current block). The line-by-line schedule is
        /// computed off-chain from the loan's principal, APR and term.
        #[ink(message)]
        pub fn schedule(&self, id: LoanId) -> Result<Standing, Error> {
            let loan = self.loan_or_err(id)?;
            Ok(loan.ledger.standing(self.env().block_timestamp(), &self.terms)?)
        }

        /// An investor's position in a loan (zero if none).
        #[ink(message)]
        pub fn position(&self, id: LoanId, investor: AccountId) -> Position {
            self.positions.get((id, investor)).unwrap_or_default()
        }

        /// What `investor` could claim from the loan now.
        #[ink(message)]
        pub fn claimable(&self, id: LoanId, investor: AccountId) -> Balance {
            match (self.loans.get(id), self.positions.get((id, investor))) {
                (Some(loan), Some(position)) => loan.ledger.claimable(&position),
                _ => 0,
            }
        }

        /// The nonce the next second-factor challenge of `account` binds.
        #[ink(message)]
        pub fn nonce(&self, account: AccountId) -> u64 {
            self.nonces.get(account).unwrap_or(0)
        }

        /// The application limits in force.
        #[ink(message)]
        pub fn limits(&self) -> ApplicationLimits {
            self.limits
        }

        /// The market terms in force.
        #[ink(message)]
        pub fn terms(&self) -> MarketTerms {
            self.terms
        }

        fn require_role(&self, role: Role) -> Result<(), Error> {
            Ok(access::require_role(role)?)
        }

        /// Checks the caller's assertion over this message's challenge and
        /// consumes the nonce. Called after every other check, before effects.
        fn verify_second_factor<A: ink::scale::Encode>(
            &mut self,
            action: &str,
            args: &A,
            assertion: Assertion,
        ) -> Result<(), Error> {
            let caller = self.env().caller();
            let nonce = self.nonces.get(caller).unwrap_or(0);
            access::verify_second_factor(action, args, nonce, assertion)?;
            self.nonces.insert(caller, &nonce.saturating_add(1));
            Ok(())
        }

        /// The loan, if the caller is a licensed Administrator other than
        /// its borrower (no one administers its own loan).
        fn administered(&self, id: LoanId) -> Result<Loan, Error> {
            self.require_role(Role::Administrator)?;
            let loan = self.loan_or_err(id)?;
            if loan.borrower == self.env().caller() {
                return Err(Error::AdministratorIsBorrower);
            }
            Ok(loan)
        }

        fn loan_or_err(&self, id: LoanId) -> Result<Loan, Error> {
            self.loans.get(id).ok_or(Error::UnknownLoan)
        }

        fn position_or_err(&self, id: LoanId, investor: AccountId) -> Result<(Loan, Position), Error> {
            let loan = self.loan_or_err(id)?;
            let position = self.positions.get((id, investor)).ok_or(Error::NoPosition)?;
            Ok((loan, position))
        }

        fn pay(&self, to: AccountId, amount: Balance) -> Result<(), Error> {
            if amount == 0 {
                return Err(LedgerError::NothingOwed.into());
            }
            self.env().transfer(to, amount).map_err(|_| Error::TransferFailed)
        }
    }
}

#[cfg(test)]
mod tests;
