//! The lending contract's typed API.

use crate::{
    chain::{AccountId, Chain, Wait},
    contract::{Contract, ContractBundle},
    Error, Keypair,
};
use codec::{Decode, Encode};
use fiducia_core::lending::{ApplicationLimits, LendingError, LoanId};
use serde::Serialize;
use std::sync::Arc;
use subxt::utils::H256;

/// A loan as the contract returns it.
pub type Loan = fiducia_core::lending::Loan<AccountId>;

/// `LoanApplied`: a borrower applied for a loan.
#[derive(Clone, Debug, Decode, PartialEq, Eq, Serialize)]
pub struct LoanApplied {
    /// The new loan.
    pub id: LoanId,
    /// The applicant.
    pub borrower: AccountId,
    /// Requested principal.
    pub amount: u128,
    /// Term in months.
    pub term_months: u16,
}

/// What a successful application returns.
#[derive(Clone, Debug, Serialize)]
pub struct Applied {
    /// The event the contract emitted.
    pub event: LoanApplied,
    /// The block that included the application.
    pub block_hash: H256,
}

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

    /// Deploys a new lending contract with the given limits (the defaults
    /// when `None`).
    pub async fn deploy(
        chain: &Chain,
        bundle: Arc<ContractBundle>,
        limits: Option<ApplicationLimits>,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Self, Error> {
        let salt = nonce_salt();
        let contract = match limits {
            Some(limits) => {
                Contract::deploy(chain, bundle, "new", &limits.encode(), &salt, signer, wait).await?
            },
            None => Contract::deploy(chain, bundle, "default", &[], &salt, signer, wait).await?,
        };
        Ok(Lending { contract })
    }

    /// The generic contract handle.
    pub fn contract(&self) -> &Contract {
        &self.contract
    }

    /// Applies for a loan as `signer`. The dry-run refuses a bad application
    /// with the contract's [`LendingError`] before anything is signed.
    pub async fn apply(
        &self,
        amount: u128,
        term_months: u16,
        commitment: [u8; 32],
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Applied, Error> {
        let args = (amount, term_months, commitment).encode();
        let caller = crate::account_of(signer);
        let dry = self.contract.dry_run(&caller, "apply", &args, 0).await?;
        dry.decode_result::<LoanId, LendingError>()?;
        let called = self.contract.submit("apply", &args, 0, &dry, signer, wait).await?;
        let topic = self.contract.bundle().event_topic("LoanApplied")?;
        let event = called
            .events_with::<LoanApplied>(topic)?
            .into_iter()
            .next()
            .ok_or(Error::MissingEvent("LoanApplied"))?;
        Ok(Applied { event, block_hash: called.block_hash })
    }

    async fn query<T: Decode>(&self, message: &str, args: &[u8]) -> Result<T, Error> {
        // Queries are read-only; the contract itself is a caller that always exists.
        let dry = self.contract.dry_run(self.contract.address(), message, args, 0).await?;
        dry.decode::<T>()
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

    /// The application limits in force.
    pub async fn limits(&self) -> Result<ApplicationLimits, Error> {
        self.query("limits", &[]).await
    }
}

/// A salt that makes each deployment's address unique.
fn nonce_salt() -> Vec<u8> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    nanos.to_le_bytes().to_vec()
}
