//! The lending contract's typed API: one method per message. Every signed
//! call is dry-run first, so the contract's [`LendingError`] comes back
//! before anything is signed, and the dry-run's gas is what gets signed for.
//! Critical actions (`apply`, `disburse`) take a [`KeyFileAuthenticator`]
//! that answers the challenge the contract will check.

use crate::{
    authenticator::{challenge, KeyFileAuthenticator},
    chain::{AccountId, Chain, Wait},
    contract::{fresh_salt, Contract, ContractBundle, DryRun, EventSet},
    Error, Keypair,
};
use codec::{Decode, Encode};
use fiducia_core::lending::{
    ledger::{MarketTerms, Position, Standing},
    scoring::CreditProfile,
    ApplicationLimits, LendingError, LoanId, Purpose, APPLY_ACTION, DISBURSE_ACTION,
};
use serde::Serialize;
use std::sync::Arc;

/// A loan as the contract returns it.
pub type Loan = fiducia_core::lending::Loan<AccountId>;

/// An event of the lending contract, decoded by its signature topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum LendingEvent {
    /// `LoanApplied { id, borrower, amount, term_months, grade, apr_bps }`.
    LoanApplied { id: LoanId, borrower: AccountId, amount: u128, term_months: u16, grade: u8, apr_bps: u32 },
    /// `LoanApproved { id, funding_deadline }`.
    LoanApproved { id: LoanId, funding_deadline: u64 },
    /// `LoanRejected { id }`.
    LoanRejected { id: LoanId },
    /// `Invested { id, investor, amount, raised }`.
    Invested { id: LoanId, investor: AccountId, amount: u128, raised: u128 },
    /// `Withdrawn { id, investor, amount }`.
    Withdrawn { id: LoanId, investor: AccountId, amount: u128 },
    /// `LoanFunded { id, activation_deadline }`.
    LoanFunded { id: LoanId, activation_deadline: u64 },
    /// `LoanExpired { id }`.
    LoanExpired { id: LoanId },
    /// `Refunded { id, investor, amount }`.
    Refunded { id: LoanId, investor: AccountId, amount: u128 },
    /// `LoanActivated { id, disbursement_deadline }`.
    LoanActivated { id: LoanId, disbursement_deadline: u64 },
    /// `Disbursed { id, borrower, amount, started_at, instalment }`.
    Disbursed { id: LoanId, borrower: AccountId, amount: u128, started_at: u64, instalment: u128 },
    /// `Repaid { id, payer, fees, interest, principal, paid_off }`.
    Repaid { id: LoanId, payer: AccountId, fees: u128, interest: u128, principal: u128, paid_off: bool },
    /// `LoanDefaulted { id, principal_outstanding }`.
    LoanDefaulted { id: LoanId, principal_outstanding: u128 },
    /// `Claimed { id, investor, amount }`.
    Claimed { id: LoanId, investor: AccountId, amount: u128 },
}

impl EventSet for LendingEvent {
    const WHAT: &'static str = "lending event";

    fn decode(label: &str, data: &[u8]) -> Result<Option<Self>, codec::Error> {
        let d = &mut &data[..];
        Ok(Some(match label {
            "LoanApplied" => Self::LoanApplied {
                id: Decode::decode(d)?,
                borrower: Decode::decode(d)?,
                amount: Decode::decode(d)?,
                term_months: Decode::decode(d)?,
                grade: Decode::decode(d)?,
                apr_bps: Decode::decode(d)?,
            },
            "LoanApproved" => Self::LoanApproved { id: Decode::decode(d)?, funding_deadline: Decode::decode(d)? },
            "LoanRejected" => Self::LoanRejected { id: Decode::decode(d)? },
            "Invested" => Self::Invested {
                id: Decode::decode(d)?,
                investor: Decode::decode(d)?,
                amount: Decode::decode(d)?,
                raised: Decode::decode(d)?,
            },
            "Withdrawn" => Self::Withdrawn { id: Decode::decode(d)?, investor: Decode::decode(d)?, amount: Decode::decode(d)? },
            "LoanFunded" => Self::LoanFunded { id: Decode::decode(d)?, activation_deadline: Decode::decode(d)? },
            "LoanExpired" => Self::LoanExpired { id: Decode::decode(d)? },
            "Refunded" => Self::Refunded { id: Decode::decode(d)?, investor: Decode::decode(d)?, amount: Decode::decode(d)? },
            "LoanActivated" => Self::LoanActivated { id: Decode::decode(d)?, disbursement_deadline: Decode::decode(d)? },
            "Disbursed" => Self::Disbursed {
                id: Decode::decode(d)?,
                borrower: Decode::decode(d)?,
                amount: Decode::decode(d)?,
                started_at: Decode::decode(d)?,
                instalment: Decode::decode(d)?,
            },
            "Repaid" => Self::Repaid {
                id: Decode::decode(d)?,
                payer: Decode::decode(d)?,
                fees: Decode::decode(d)?,
                interest: Decode::decode(d)?,
                principal: Decode::decode(d)?,
                paid_off: Decode::decode(d)?,
            },
            "LoanDefaulted" => Self::LoanDefaulted { id: Decode::decode(d)?, principal_outstanding: Decode::decode(d)? },
            "Claimed" => Self::Claimed { id: Decode::decode(d)?, investor: Decode::decode(d)?, amount: Decode::decode(d)? },
            _ => return Ok(None),
        }))
    }
}

impl std::fmt::Display for LendingEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::amount::format as fid;
        match self {
            Self::LoanApplied { id, borrower, amount, term_months, grade, apr_bps } => {
                let grade = fiducia_core::lending::scoring::Grade::from_index(*grade)
                    .map(|g| g.to_string())
                    .unwrap_or_else(|| format!("#{grade}"));
                write!(f, "loan #{id} applied for by {borrower}: {} over {term_months} months, grade {grade}, APR {:.2} %", fid(*amount), f64::from(*apr_bps) / 100.0)
            },
            Self::LoanApproved { id, funding_deadline } => write!(f, "loan #{id} listed; funding closes at {funding_deadline} ms"),
            Self::LoanRejected { id } => write!(f, "loan #{id} rejected"),
            Self::Invested { id, investor, amount, raised } => {
                write!(f, "{investor} invested {} in loan #{id} (raised {})", fid(*amount), fid(*raised))
            },
            Self::Withdrawn { id, investor, amount } => write!(f, "{investor} withdrew {} from loan #{id}", fid(*amount)),
            Self::LoanFunded { id, activation_deadline } => {
                write!(f, "loan #{id} fully funded; to be activated by {activation_deadline} ms")
            },
            Self::LoanExpired { id } => write!(f, "loan #{id} expired; investors may claim refunds"),
            Self::Refunded { id, investor, amount } => write!(f, "{investor} refunded {} from loan #{id}", fid(*amount)),
            Self::LoanActivated { id, disbursement_deadline } => {
                write!(f, "loan #{id} activated; the borrower must pull the principal by {disbursement_deadline} ms")
            },
            Self::Disbursed { id, borrower, amount, started_at, instalment } => write!(
                f,
                "{borrower} received {} of loan #{id}; schedule runs from {started_at} ms, instalment {}",
                fid(*amount),
                fid(*instalment)
            ),
            Self::Repaid { id, payer, fees, interest, principal, paid_off } => write!(
                f,
                "{payer} repaid loan #{id}: fees {}, interest {}, principal {}{}",
                fid(*fees),
                fid(*interest),
                fid(*principal),
                if *paid_off { " — paid off" } else { "" }
            ),
            Self::LoanDefaulted { id, principal_outstanding } => {
                write!(f, "loan #{id} defaulted with {} outstanding", fid(*principal_outstanding))
            },
            Self::Claimed { id, investor, amount } => write!(f, "{investor} claimed {} from loan #{id}", fid(*amount)),
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
        let contract = match config {
            Some(config) => Contract::deploy(chain, bundle, "new", &config.encode(), &salt, signer, wait).await?,
            None => Contract::deploy(chain, bundle, "default", &[], &salt, signer, wait).await?,
        };
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

    /// Dry-runs `message` as `signer` with `value`, refusing with the
    /// contract's error before anything is signed.
    pub async fn dry_run<T: Decode>(
        &self,
        message: &str,
        args: &[u8],
        value: u128,
        signer: &Keypair,
    ) -> Result<(T, DryRun), Error> {
        self.contract.dry_run_as::<T, LendingError>(message, args, value, signer).await
    }

    async fn call<T: Decode>(
        &self,
        message: &str,
        args: &[u8],
        value: u128,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Receipt<T>, Error> {
        self.contract.call::<T, LendingError, LendingEvent>(message, args, value, signer, wait).await
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
        let input = (amount, term_months, purpose, profile, commitment, assertion).encode();
        let mut receipt = self.call::<LoanId>("apply", &input, 0, signer, wait).await?;
        receipt.value = receipt
            .events
            .iter()
            .find_map(|e| match e {
                LendingEvent::LoanApplied { id, .. } => Some(*id),
                _ => None,
            })
            .ok_or(Error::MissingEvent("LoanApplied"))?;
        Ok(receipt)
    }

    /// Administrator lists the loan.
    pub async fn approve(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call("approve", &id.encode(), 0, signer, wait).await
    }

    /// Administrator rejects the application.
    pub async fn reject(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call("reject", &id.encode(), 0, signer, wait).await
    }

    /// Investor puts `amount` into a listed loan.
    pub async fn invest(&self, id: LoanId, amount: u128, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call("invest", &id.encode(), amount, signer, wait).await
    }

    /// Investor takes `amount` of its ticket back before funding completes.
    pub async fn withdraw(&self, id: LoanId, amount: u128, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call("withdraw", &(id, amount).encode(), 0, signer, wait).await
    }

    /// Anyone ends a waiting state whose deadline passed.
    pub async fn expire(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call("expire", &id.encode(), 0, signer, wait).await
    }

    /// Investor of an expired loan takes its ticket back.
    pub async fn refund(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call("refund", &id.encode(), 0, signer, wait).await
    }

    /// Administrator activates a funded loan.
    pub async fn activate(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call("activate", &id.encode(), 0, signer, wait).await
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
        self.call("disburse", &(id, assertion).encode(), 0, signer, wait).await
    }

    /// Anyone repays `amount` (fees, then interest, then principal).
    pub async fn repay(&self, id: LoanId, amount: u128, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call("repay", &id.encode(), amount, signer, wait).await
    }

    /// Anyone pays the loan off, sending up to `max_amount`; the contract
    /// keeps exactly the payoff at execution and returns the change.
    pub async fn pay_off(&self, id: LoanId, max_amount: u128, signer: &Keypair, wait: Wait) -> Result<Receipt<u128>, Error> {
        let mut receipt = self.call::<u128>("pay_off", &id.encode(), max_amount, signer, wait).await?;
        let paid = receipt
            .events
            .iter()
            .find_map(|e| match e {
                LendingEvent::Repaid { fees, interest, principal, .. } => Some(fees + interest + principal),
                _ => None,
            })
            .ok_or(Error::MissingEvent("Repaid"))?;
        receipt.value = max_amount.saturating_sub(paid);
        Ok(receipt)
    }

    /// Anyone marks an overdue loan defaulted.
    pub async fn mark_default(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<()>, Error> {
        self.call("mark_default", &id.encode(), 0, signer, wait).await
    }

    /// Investor claims its share of repayments; returns the amount.
    pub async fn claim(&self, id: LoanId, signer: &Keypair, wait: Wait) -> Result<Receipt<u128>, Error> {
        let mut receipt = self.call::<u128>("claim", &id.encode(), 0, signer, wait).await?;
        receipt.value = receipt
            .events
            .iter()
            .find_map(|e| match e {
                LendingEvent::Claimed { amount, .. } => Some(*amount),
                _ => None,
            })
            .ok_or(Error::MissingEvent("Claimed"))?;
        Ok(receipt)
    }

    async fn query<T: Decode>(&self, message: &str, args: &[u8]) -> Result<T, Error> {
        self.contract.query(message, args).await
    }

    /// The loan with this id, if any.
    pub async fn loan(&self, id: LoanId) -> Result<Option<Loan>, Error> {
        self.query("loan", &id.encode()).await
    }

    /// Loans `start, start+1, …`, at most `limit` (the contract caps it at 50).
    pub async fn loans(&self, start: LoanId, limit: u32) -> Result<Vec<Loan>, Error> {
        self.query("loans", &(start, limit).encode()).await
    }

    /// How many loans were ever applied for.
    pub async fn loan_count(&self) -> Result<u64, Error> {
        self.query("loan_count", &[]).await
    }

    /// Where the loan stands against its schedule at the latest block.
    pub async fn schedule(&self, id: LoanId) -> Result<Standing, Error> {
        let dry = self.contract.dry_run(self.contract.address(), "schedule", &id.encode(), 0).await?;
        dry.decode_result::<Standing, LendingError>()
    }

    /// An investor's position.
    pub async fn position(&self, id: LoanId, investor: &AccountId) -> Result<Position, Error> {
        self.query("position", &(id, investor).encode()).await
    }

    /// What an investor could claim now.
    pub async fn claimable(&self, id: LoanId, investor: &AccountId) -> Result<u128, Error> {
        self.query("claimable", &(id, investor).encode()).await
    }

    /// The nonce `account`'s next second-factor challenge binds.
    pub async fn nonce(&self, account: &AccountId) -> Result<u64, Error> {
        self.query("nonce", &account.encode()).await
    }

    /// The application limits in force.
    pub async fn limits(&self) -> Result<ApplicationLimits, Error> {
        self.query("limits", &[]).await
    }

    /// The market terms in force.
    pub async fn terms(&self) -> Result<MarketTerms, Error> {
        self.query("terms", &[]).await
    }
}
