//! The lending contract's typed API: one method per message. Every signed
//! call is dry-run first, so the contract's [`LendingError`] comes back
//! before anything is signed, and the dry-run's gas is what gets signed for.
//! Critical actions (`apply`, `disburse`) take a [`KeyFileAuthenticator`]
//! that answers the challenge the contract will check.

use crate::{
    authenticator::{challenge, KeyFileAuthenticator},
    chain::{AccountId, Chain, Wait},
    contract::{constructor, event_set, fresh_salt, ink_account, Contract, ContractBundle, DryRun, Message},
    Error, Keypair,
};
use codec::Encode;
use fiducia_core::lending::{
    ledger::{MarketTerms, Position, Standing},
    scoring::CreditProfile,
    ApplicationLimits, LendingError, LoanId, Purpose, APPLY_ACTION, DISBURSE_ACTION,
};
use ink::{codegen::ContractCallBuilder, env::call::FromAccountId};
use lending::lending::{Lending as LendingContract, LendingRef};
use std::sync::Arc;

/// The lending contract's own ink!-generated call builder.
type Messages = <LendingContract as ContractCallBuilder>::Type;

use fiducia_interfaces::lending as lending_events;

/// A loan as the contract returns it.
pub type Loan = fiducia_core::lending::Loan<AccountId>;

event_set!(
    /// An event of the lending contract (`fiducia_interfaces::lending`).
    LendingEvent, "lending event", lending_events {
        LoanApplied, LoanApproved, LoanRejected, Invested, Withdrawn, LoanFunded, LoanExpired, Refunded,
        LoanActivated, Disbursed, Repaid, LoanDefaulted, Claimed,
    }
);

impl std::fmt::Display for LendingEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::{amount::format as fid, contract::account, time::when};
        let now = crate::time::now_ms();
        match self {
            Self::LoanApplied(e) => {
                let grade = fiducia_core::lending::scoring::Grade::from_index(e.grade)
                    .map_or_else(|| format!("#{}", e.grade), |g| g.to_string());
                write!(
                    f,
                    "loan #{} applied for by {}: {} over {} months for {:?}, grade {grade}, APR {:.2} %",
                    e.id,
                    account(&e.borrower),
                    fid(e.amount),
                    e.term_months,
                    e.purpose,
                    f64::from(e.apr_bps) / 100.0
                )
            },
            Self::LoanApproved(e) => {
                write!(f, "loan #{} listed; funding closes {}", e.id, when(e.funding_deadline, now))
            },
            Self::LoanRejected(e) => write!(f, "loan #{} rejected", e.id),
            Self::Invested(e) => write!(
                f,
                "{} invested {} in loan #{} (raised {})",
                account(&e.investor),
                fid(e.amount),
                e.id,
                fid(e.raised)
            ),
            Self::Withdrawn(e) => {
                write!(f, "{} withdrew {} from loan #{}", account(&e.investor), fid(e.amount), e.id)
            },
            Self::LoanFunded(e) => write!(
                f,
                "loan #{} fully funded; an administrator must activate it by {}",
                e.id,
                when(e.activation_deadline, now)
            ),
            Self::LoanExpired(e) => write!(f, "loan #{} expired; investors may take their refunds", e.id),
            Self::Refunded(e) => {
                write!(f, "{} took back {} from loan #{}", account(&e.investor), fid(e.amount), e.id)
            },
            Self::LoanActivated(e) => write!(
                f,
                "loan #{} activated; the borrower must take the principal by {}",
                e.id,
                when(e.disbursement_deadline, now)
            ),
            Self::Disbursed(e) => write!(
                f,
                "{} received {} of loan #{}; repayments run from {}, {} a month",
                account(&e.borrower),
                fid(e.amount),
                e.id,
                crate::time::date(e.started_at),
                fid(e.instalment)
            ),
            Self::Repaid(e) => write!(
                f,
                "{} repaid loan #{}: fees {}, interest {}, principal {}{}",
                account(&e.payer),
                e.id,
                fid(e.fees),
                fid(e.interest),
                fid(e.principal),
                if e.paid_off { " — paid off" } else { "" }
            ),
            Self::LoanDefaulted(e) => {
                write!(f, "loan #{} defaulted with {} outstanding", e.id, fid(e.principal_outstanding))
            },
            Self::Claimed(e) => write!(f, "{} claimed {} from loan #{}", account(&e.investor), fid(e.amount), e.id),
        }
    }
}

/// What a signed lending call produced.
pub type Receipt<T> = crate::contract::Receipt<T, LendingEvent>;

/// A handle on a deployed lending contract.
#[derive(Clone)]
pub struct Lending {
    contract: Contract,
}

impl Lending {
    /// The lending contract at `address`.
    pub fn at(chain: Chain, address: AccountId, bundle: Arc<ContractBundle>) -> Self {
        Lending { contract: Contract::at(chain, address, bundle) }
    }

    /// Deploys a new lending market with these limits and terms (the
    /// contract's defaults when `None`).
    pub async fn deploy(
        chain: &Chain,
        bundle: Arc<ContractBundle>,
        config: Option<(ApplicationLimits, MarketTerms)>,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Self, Error> {
        let salt = fresh_salt();
        let input = match config {
            Some((limits, terms)) => constructor(LendingRef::new(limits, terms)),
            None => constructor(LendingRef::default()),
        };
        let contract = Contract::deploy(chain, bundle, input, &salt, signer, wait).await?;
        Ok(Lending { contract })
    }

    /// The generic contract handle.
    pub fn contract(&self) -> &Contract {
        &self.contract
    }

    /// The contract's account.
    pub fn address(&self) -> &AccountId {
        self.contract.address()
    }

    /// The contract's messages, built by its own ink!-generated call
    /// builder: `lending.messages().invest(id)` is the `invest` message.
    pub fn messages(&self) -> Messages {
        FromAccountId::from_account_id(ink_account(self.address()))
    }

    /// Dry-runs `message` as `signer` with `value`, refusing with the
    /// contract's error before anything is signed.
    pub async fn dry_run<T: codec::Decode>(
        &self,
        message: impl Into<Message<Result<T, LendingError>>>,
        value: u128,
        signer: &Keypair,
    ) -> Result<(T, DryRun), Error> {
        self.contract.dry_run_as(&message.into(), value, signer).await
    }

    async fn call<T: codec::Decode>(
        &self,
        message: impl Into<Message<Result<T, LendingError>>>,
        value: u128,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Receipt<T>, Error> {
        self.contract.call(message, value, signer, wait).await
    }

    /// The challenge `caller`'s authenticator signs for its `action` over
    /// `args` with `nonce` on this contract, as the runtime checks it.
    pub fn challenge<A: Encode>(&self, caller: &AccountId, action: &str, args: &A, nonce: u64) -> [u8; 32] {
        let genesis = self.contract.chain().api().genesis_hash();
        challenge(&genesis.0, self.address(), caller, action, args, nonce)
    }

    /// The assertion `authenticator` gives for `signer`'s next `action`.
    async fn second_factor<A: Encode>(
        &self,
        action: &str,
        args: &A,
        signer: &Keypair,
        authenticator: &mut KeyFileAuthenticator,
    ) -> Result<fiducia_registry_api::Assertion, Error> {
        let caller = crate::account_of(signer);
        let nonce = self.nonce(&caller).await?;
        authenticator.assert(&self.challenge(&caller, action, args, nonce))
    }

    /// Applies for a loan as `signer` (a Borrower), signing the challenge
    /// with `authenticator`. Returns the new loan's id.
    #[allow(clippy::too_many_arguments)]
    pub async fn apply(
        &self,
        amount: u128,
        term_months: u16,
        purpose: Purpose,
        profile: CreditProfile,
        commitment: [u8; 32],
        signer: &Keypair,
        authenticator: &mut KeyFileAuthenticator,
        wait: Wait,
    ) -> Result<Receipt<LoanId>, Error> {
        let args = (amount, term_months, purpose, profile, commitment);
        let assertion = self.second_factor(APPLY_ACTION, &args, signer, authenticator).await?;
        let message = self.messages().apply(amount, term_months, purpose, profile, commitment, assertion);
        let mut receipt = self.call(message, 0, signer, wait).await?;
        receipt.value = receipt.find(|e| match e {
            LendingEvent::LoanApplied(e) => Some(e.id),
            _ => None,
        })?;
        Ok(receipt)
    }

    /// Administrator lists the loan.
    pub async fn approve(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call(self.messages().approve(id), 0, signer, wait).await
    }

    /// Administrator rejects the application.
    pub async fn reject(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call(self.messages().reject(id), 0, signer, wait).await
    }

    /// Investor puts `amount` into a listed loan.
    pub async fn invest(&self, id: LoanId, amount: u128, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call(self.messages().invest(id), amount, signer, wait).await
    }

    /// Investor takes `amount` of its ticket back before funding completes.
    pub async fn withdraw(&self, id: LoanId, amount: u128, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call(self.messages().withdraw(id, amount), 0, signer, wait).await
    }

    /// Anyone ends a waiting state whose deadline passed.
    pub async fn expire(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call(self.messages().expire(id), 0, signer, wait).await
    }

    /// Investor of an expired loan takes its ticket back.
    pub async fn refund(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call(self.messages().refund(id), 0, signer, wait).await
    }

    /// Administrator activates a funded loan.
    pub async fn activate(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call(self.messages().activate(id), 0, signer, wait).await
    }

    /// The borrower accepts and pulls the principal (second factor).
    pub async fn disburse(
        &self,
        id: LoanId,
        signer: &Keypair,
        authenticator: &mut KeyFileAuthenticator,
        wait: Wait,
    ) -> Result<Receipt<()>, Error> {
        let assertion = self.second_factor(DISBURSE_ACTION, &id, signer, authenticator).await?;
        self.call(self.messages().disburse(id, assertion), 0, signer, wait).await
    }

    /// Anyone repays `amount` (fees, then interest, then principal).
    pub async fn repay(&self, id: LoanId, amount: u128, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call(self.messages().repay(id), amount, signer, wait).await
    }

    /// Anyone pays the loan off, sending up to `max_amount`; the contract
    /// keeps exactly the payoff at execution and returns the change.
    pub async fn pay_off(
        &self,
        id: LoanId,
        max_amount: u128,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Receipt<u128>, Error> {
        let mut receipt = self.call(self.messages().pay_off(id), max_amount, signer, wait).await?;
        let paid = receipt.find(|e| match e {
            LendingEvent::Repaid(e) => Some(e.fees + e.interest + e.principal),
            _ => None,
        })?;
        receipt.value = max_amount.saturating_sub(paid);
        Ok(receipt)
    }

    /// Anyone marks an overdue loan defaulted.
    pub async fn mark_default(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call(self.messages().mark_default(id), 0, signer, wait).await
    }

    /// Investor claims its share of repayments; returns the amount.
    pub async fn claim(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<u128>, Error> {
        let mut receipt = self.call(self.messages().claim(id), 0, signer, wait).await?;
        receipt.value = receipt.find(|e| match e {
            LendingEvent::Claimed(e) => Some(e.amount),
            _ => None,
        })?;
        Ok(receipt)
    }

    /// The loan with this id, if any.
    pub async fn loan(&self, id: LoanId) -> Result<Option<Loan>, Error> {
        self.contract.query(Message::from(self.messages().loan(id)).returning()).await
    }

    /// Loans `start, start+1, …`, at most `limit` (the contract caps it at 50).
    pub async fn loans(&self, start: LoanId, limit: u32) -> Result<Vec<Loan>, Error> {
        self.contract.query(Message::from(self.messages().loans(start, limit)).returning()).await
    }

    /// How many loans were ever applied for.
    pub async fn loan_count(&self) -> Result<u64, Error> {
        self.contract.query(self.messages().loan_count()).await
    }

    /// Where the loan stands against its schedule at the latest block.
    pub async fn schedule(&self, id: LoanId) -> Result<Standing, Error> {
        let message: Message<Result<Standing, LendingError>> = self.messages().schedule(id).into();
        self.contract.dry_run(self.contract.address(), &message, 0).await?.decode_result::<Standing, LendingError>()
    }

    /// An investor's position.
    pub async fn position(&self, id: LoanId, investor: &AccountId) -> Result<Position, Error> {
        self.contract.query(self.messages().position(id, ink_account(investor))).await
    }

    /// What an investor could claim now.
    pub async fn claimable(&self, id: LoanId, investor: &AccountId) -> Result<u128, Error> {
        self.contract.query(self.messages().claimable(id, ink_account(investor))).await
    }

    /// The nonce `account`'s next second-factor challenge binds.
    pub async fn nonce(&self, account: &AccountId) -> Result<u64, Error> {
        self.contract.query(self.messages().nonce(ink_account(account))).await
    }

    /// The application limits in force.
    pub async fn limits(&self) -> Result<ApplicationLimits, Error> {
        self.contract.query(self.messages().limits()).await
    }

    /// The market terms in force.
    pub async fn terms(&self) -> Result<MarketTerms, Error> {
        self.contract.query(self.messages().terms()).await
    }
}
