//! # Lending (TLS)
//!
//! Peer-to-peer student loans. This contract is a thin ink! shell over
//! [`fiducia_core::lending`]: it stores loans, checks the caller and the state,
//! applies the core's rules and emits an event for every change.
//!
//! Messages so far: `apply`, `loan`, `loans` (paged), `loan_count`, `limits`.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod lending {
    use fiducia_core::{
        lending::{ApplicationLimits, LendingError, LoanId, LoanStatus},
        paging::Page,
    };
    use ink::{prelude::vec::Vec, storage::Mapping};

    /// A loan as stored and returned by the queries.
    pub type Loan = fiducia_core::lending::Loan<AccountId>;
    /// Why a message was refused.
    pub type Error = LendingError;

    /// A borrower applied for a loan.
    #[ink(event)]
    pub struct LoanApplied {
        /// The new loan.
        #[ink(topic)]
        pub id: LoanId,
        /// The applicant.
        #[ink(topic)]
        pub borrower: AccountId,
        /// Requested principal.
        pub amount: Balance,
        /// Term in months.
        pub term_months: u16,
    }

    /// The lending contract's storage.
    #[ink(storage)]
    pub struct Lending {
        limits: ApplicationLimits,
        loans: Mapping<LoanId, Loan>,
        loan_count: u64,
    }

    impl Lending {
        /// A lending market with the given application limits.
        #[ink(constructor)]
        pub fn new(limits: ApplicationLimits) -> Self {
            Self { limits, loans: Mapping::default(), loan_count: 0 }
        }

        /// A lending market with the default limits (100 – 1,000,000 FID, ≤ 120 months).
        #[ink(constructor)]
        pub fn default() -> Self {
            Self::new(ApplicationLimits::default())
        }

        /// Applies for a loan of `amount` over `term_months`, committing to the
        /// off-chain application data by its salted hash. Returns the new id.
        #[ink(message)]
        pub fn apply(
            &mut self,
            amount: Balance,
            term_months: u16,
            commitment: [u8; 32],
        ) -> Result<LoanId, Error> {
            self.limits.check(amount, term_months, &commitment).map_err(Error::Application)?;
            let id = self.loan_count;
            let next = id.checked_add(1).ok_or(Error::TooManyLoans)?;
            let borrower = self.env().caller();
            let loan = Loan {
                id,
                borrower,
                amount,
                term_months,
                commitment,
                applied_at: self.env().block_timestamp(),
                status: LoanStatus::default(),
            };
            self.loans.insert(id, &loan);
            self.loan_count = next;
            self.env().emit_event(LoanApplied { id, borrower, amount, term_months });
            Ok(id)
        }

        /// The loan with this id, if any.
        #[ink(message)]
        pub fn loan(&self, id: LoanId) -> Option<Loan> {
            self.loans.get(id)
        }

        /// Loans `start, start+1, …`, at most `limit` (capped at 50) of them.
        #[ink(message)]
        pub fn loans(&self, start: LoanId, limit: u32) -> Vec<Loan> {
            Page::over(start, limit, self.loan_count)
                .ids()
                .filter_map(|id| self.loans.get(id))
                .collect()
        }

        /// How many loans were ever applied for.
        #[ink(message)]
        pub fn loan_count(&self) -> u64 {
            self.loan_count
        }

        /// The application limits in force.
        #[ink(message)]
        pub fn limits(&self) -> ApplicationLimits {
            self.limits
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use fiducia_core::lending::ApplicationError;
        use ink::env::{test, DefaultEnvironment};

        const LIMITS: ApplicationLimits =
            ApplicationLimits { min_amount: 100, max_amount: 10_000, max_term_months: 36 };

        fn accounts() -> test::DefaultAccounts<DefaultEnvironment> {
            test::default_accounts::<DefaultEnvironment>()
        }

        fn applied_events() -> Vec<LoanApplied> {
            test::recorded_events()
                .map(|e| <LoanApplied as ink::scale::Decode>::decode(&mut &e.data[..]).unwrap())
                .collect()
        }

        #[ink::test]
        fn apply_records_the_loan_and_emits_an_event() {
            let bob = accounts().bob;
            test::set_caller::<DefaultEnvironment>(bob);
            let mut lending = Lending::new(LIMITS);
            let id = lending.apply(5_000, 12, [1; 32]).unwrap();
            assert_eq!(id, 0);
            let loan = lending.loan(id).unwrap();
            assert_eq!(loan.borrower, bob);
            assert_eq!(loan.amount, 5_000);
            assert_eq!(loan.term_months, 12);
            assert_eq!(loan.status, LoanStatus::PendingApproval);
            let events = applied_events();
            assert_eq!(events.len(), 1);
            assert_eq!((events[0].id, events[0].borrower, events[0].amount), (0, bob, 5_000));
        }

        #[ink::test]
        fn bad_applications_change_nothing() {
            let mut lending = Lending::new(LIMITS);
            for (amount, term, commitment, err) in [
                (99, 12, [1; 32], ApplicationError::AmountTooSmall),
                (10_001, 12, [1; 32], ApplicationError::AmountTooLarge),
                (500, 0, [1; 32], ApplicationError::ZeroTerm),
                (500, 37, [1; 32], ApplicationError::TermTooLong),
                (500, 12, [0; 32], ApplicationError::EmptyCommitment),
            ] {
                assert_eq!(lending.apply(amount, term, commitment), Err(Error::Application(err)));
            }
            assert_eq!(lending.loan_count(), 0);
            assert_eq!(lending.loan(0), None);
            assert!(applied_events().is_empty());
        }

        #[ink::test]
        fn loans_are_listed_by_page() {
            let mut lending = Lending::new(LIMITS);
            for i in 0..5u128 {
                lending.apply(100 + i, 6, [1; 32]).unwrap();
            }
            let page: Vec<_> = lending.loans(1, 3).into_iter().map(|l| l.id).collect();
            assert_eq!(page, vec![1, 2, 3]);
            assert!(lending.loans(5, 10).is_empty());
            assert_eq!(lending.loans(0, 100).len(), 5);
        }
    }
}
