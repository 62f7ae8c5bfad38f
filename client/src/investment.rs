//! The investment contract's typed API (docs/protocol/fitm.md): agreement
//! templates, escrowed agreements and their disputes. Every signed call is
//! dry-run first, so the contract's typed error comes back before anything
//! is signed; payouts are credits that each party pulls with `claim`.

use crate::{
    amount::format as fid,
    chain::{AccountId, Chain, Wait},
    contract::{account, constructor, event_set, fresh_salt, ink_account, Contract, ContractBundle, Message, Receipt},
    text::{hash, ruling},
    time::{now_ms, when},
    Error, Keypair,
};
use ::investment::investment::{Investment as InvestmentContract, InvestmentRef};
pub use fiducia_core::trust::records::Subject;
use fiducia_core::trust::{
    error::InvestmentError, params::InvestmentParams, pool::Membership, records, AgreementId, CaseId, DisputeId,
    ProductId, TemplateId, Verdict,
};
use ink::{codegen::ContractCallBuilder, env::call::FromAccountId};
use std::{fmt, sync::Arc};

/// The investment contract's events: its own and its payouts'.
pub mod events {
    pub use fiducia_interfaces::{
        investment::*,
        payouts::{Claimed, Credited},
    };
}

event_set!(
    /// An event of the investment contract.
    InvestmentEvent, "investment event", events {
        TemplateReleased, TemplateStatusChanged, TemplateApproved, AgreementProposed, AgreementChanged,
        DisputeOpened, PoolOpened, PoolJoined, DisputeEnded, Credited, Claimed,
    }
);

impl fmt::Display for InvestmentEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let now = now_ms();
        match self {
            Self::TemplateReleased(e) => write!(
                f,
                "{} released template #{} for product #{} (terms {})",
                account(&e.institution),
                e.template,
                e.product,
                hash(&e.terms_hash)
            ),
            Self::TemplateStatusChanged(e) => write!(f, "template #{} is now {:?}", e.template, e.status),
            Self::TemplateApproved(e) => {
                write!(f, "case #{}: the customer found nothing wrong with template #{}", e.case, e.template)
            },
            Self::AgreementProposed(e) => write!(
                f,
                "agreement #{} proposed in case #{}: {} invested, {} staked by the advisor (terms {}); both sign by {}",
                e.agreement,
                e.case,
                fid(e.amount),
                fid(e.stake),
                hash(&e.terms_hash),
                when(e.deadline, now)
            ),
            Self::AgreementChanged(e) => {
                write!(f, "agreement #{} is now {:?}; next deadline {}", e.agreement, e.status, when(e.deadline, now))
            },
            Self::DisputeOpened(e) => write!(
                f,
                "dispute #{} about {:?}: {} accuses {} (evidence {}); an arbiter rules by {}",
                e.dispute,
                e.subject,
                account(&e.claimant),
                account(&e.accused),
                hash(&e.evidence),
                when(e.deadline, now)
            ),
            Self::PoolOpened(e) => write!(
                f,
                "template #{}: {} set aside for its customers, at most {} each; members join until {}, then claim",
                e.template,
                fid(e.funds),
                fid(e.cap_per_customer),
                when(e.closes_at, now)
            ),
            Self::PoolJoined(e) => write!(
                f,
                "{} joined template #{}'s compensation pool ({} members)",
                account(&e.customer),
                e.template,
                e.claimants
            ),
            Self::DisputeEnded(e) => write!(f, "dispute #{} ended {:?}{}", e.dispute, e.status, ruling(&e.ruling)),
            Self::Credited(e) => {
                write!(f, "{} is owed {} more (take it with `claim`)", account(&e.account), fid(e.amount))
            },
            Self::Claimed(e) => write!(f, "{} took {}", account(&e.account), fid(e.amount)),
        }
    }
}

/// A template and its institution.
pub type TemplateRecord = records::TemplateRecord<AccountId>;
/// An agreement and its parties.
pub type AgreementRecord = records::AgreementRecord<AccountId>;
/// An investment dispute and the parties of its case.
pub type InvestmentDispute = records::InvestmentDispute<AccountId>;

/// A signed investment call's outcome.
pub type InvestmentReceipt<T> = Receipt<T, InvestmentEvent>;

/// A handle on a deployed investment contract.
#[derive(Clone)]
pub struct Investment {
    contract: Contract,
}

impl Investment {
    /// The investment contract at `address`.
    pub fn at(chain: Chain, address: AccountId, bundle: Arc<ContractBundle>) -> Self {
        Investment { contract: Contract::at(chain, address, bundle) }
    }

    /// Deploys an investment contract reading cases from `advice`, with
    /// `params` (the defaults when `None`).
    pub async fn deploy(
        chain: &Chain,
        bundle: Arc<ContractBundle>,
        advice: &AccountId,
        params: Option<InvestmentParams>,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Self, Error> {
        let salt = fresh_salt();
        let input = match params {
            Some(params) => constructor(InvestmentRef::new(ink_account(advice), params)),
            None => constructor(InvestmentRef::with_defaults(ink_account(advice))),
        };
        Ok(Investment { contract: Contract::deploy(chain, bundle, input, &salt, signer, wait).await? })
    }

    /// The generic contract handle.
    pub fn contract(&self) -> &Contract {
        &self.contract
    }

    /// The contract's account.
    pub fn address(&self) -> &AccountId {
        self.contract.address()
    }

    /// The contract's messages, built by its own ink!-generated call builder.
    pub fn messages(&self) -> <InvestmentContract as ContractCallBuilder>::Type {
        FromAccountId::from_account_id(ink_account(self.address()))
    }

    async fn call<T: codec::Decode>(
        &self,
        message: impl Into<Message<Result<T, InvestmentError>>>,
        value: u128,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<T>, Error> {
        self.contract.call(message, value, signer, wait).await
    }

    /// The product's institution releases a template, paying the bond.
    pub async fn release_template(
        &self,
        product: ProductId,
        terms_hash: [u8; 32],
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<TemplateId>, Error> {
        let bond = self.params().await?.template_bond;
        let mut r = self.call(self.messages().release_template(product, terms_hash), bond, signer, wait).await?;
        r.value = r.find(|e| match e {
            InvestmentEvent::TemplateReleased(e) => Some(e.template),
            _ => None,
        })?;
        Ok(r)
    }

    /// The institution withdraws a template.
    pub async fn withdraw_template(
        &self,
        template: TemplateId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<()>, Error> {
        self.call(self.messages().withdraw_template(template), 0, signer, wait).await
    }

    /// The bond of a withdrawn, unreferenced template becomes claimable.
    pub async fn withdraw_template_bond(
        &self,
        template: TemplateId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<u128>, Error> {
        self.call(self.messages().withdraw_template_bond(template), 0, signer, wait).await
    }

    /// The case's customer checks a template; a fraud report pays the report deposit.
    pub async fn check_template(
        &self,
        case: CaseId,
        template: TemplateId,
        verdict: Verdict,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<()>, Error> {
        let value = match verdict {
            Verdict::Ok => 0,
            Verdict::Fraud(_) => self.params().await?.report_deposit,
        };
        self.call(self.messages().check_template(case, template, verdict), value, signer, wait).await
    }

    /// The case's advisor proposes an agreement; returns its id (the terms
    /// hash to sign is in the `AgreementProposed` event and the agreement).
    pub async fn propose(
        &self,
        case: CaseId,
        template: TemplateId,
        amount: u128,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<AgreementId>, Error> {
        let mut r = self.call(self.messages().propose(case, template, amount), 0, signer, wait).await?;
        r.value = r.find(|e| match e {
            InvestmentEvent::AgreementProposed(e) => Some(e.agreement),
            _ => None,
        })?;
        Ok(r)
    }

    /// The signer signs `terms_hash` (which it has checked), paying the
    /// amount as the customer or the stake as the advisor.
    pub async fn sign(
        &self,
        agreement: AgreementId,
        terms_hash: [u8; 32],
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<()>, Error> {
        let deal = self.agreement(agreement).await?.ok_or(Error::Investment(InvestmentError::UnknownAgreement))?;
        let me = crate::account_of(signer);
        let value = if me == deal.customer {
            deal.agreement.amount
        } else if me == deal.advisor {
            deal.agreement.stake
        } else {
            return Err(Error::Investment(InvestmentError::NotCustomer));
        };
        self.call(self.messages().sign(agreement, terms_hash), value, signer, wait).await
    }

    /// The customer disputes an agreement during cooling-off, paying the
    /// report deposit (the no-fraud penalty comes out of it); returns the
    /// dispute id.
    pub async fn dispute_agreement(
        &self,
        agreement: AgreementId,
        evidence: [u8; 32],
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<DisputeId>, Error> {
        let deposit = self.params().await?.report_deposit;
        let mut r = self.call(self.messages().dispute_agreement(agreement, evidence), deposit, signer, wait).await?;
        r.value = r.find(|e| match e {
            InvestmentEvent::DisputeOpened(e) => Some(e.dispute),
            _ => None,
        })?;
        Ok(r)
    }

    /// The Arbiter rules on a dispute.
    pub async fn rule(
        &self,
        dispute: DisputeId,
        fraud: bool,
        ruling: [u8; 32],
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<()>, Error> {
        self.call(self.messages().rule(dispute, fraud, ruling), 0, signer, wait).await
    }

    /// Anyone ends a dispute whose ruling deadline passed.
    pub async fn lapse_dispute(
        &self,
        dispute: DisputeId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<()>, Error> {
        self.call(self.messages().lapse_dispute(dispute), 0, signer, wait).await
    }

    /// Anyone settles an agreement after cooling-off.
    pub async fn settle(
        &self,
        agreement: AgreementId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<()>, Error> {
        self.call(self.messages().settle(agreement), 0, signer, wait).await
    }

    /// Anyone ends an agreement whose signing deadline passed.
    pub async fn lapse_agreement(
        &self,
        agreement: AgreementId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<()>, Error> {
        self.call(self.messages().lapse_agreement(agreement), 0, signer, wait).await
    }

    /// The customer of `case` (which checked the template or had an
    /// agreement under it) joins the template's compensation pool (fraud
    /// upheld, before the claim window ends; once per customer).
    pub async fn join_pool(
        &self,
        template: TemplateId,
        case: CaseId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<()>, Error> {
        self.call(self.messages().join_pool(template, case), 0, signer, wait).await
    }

    /// After the claim window a pool member's share is credited (once);
    /// returns the share. Pull it with [`Investment::claim`].
    pub async fn claim_compensation(
        &self,
        template: TemplateId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<InvestmentReceipt<u128>, Error> {
        self.call(self.messages().claim_compensation(template), 0, signer, wait).await
    }

    /// Whether `customer` joined (or claimed from) the template's compensation pool.
    pub async fn pool_member(&self, template: TemplateId, customer: &AccountId) -> Result<Option<Membership>, Error> {
        self.contract.query(self.messages().pool_member(template, ink_account(customer))).await
    }

    /// Pulls everything the signer is owed; returns the amount.
    pub async fn claim(&self, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<u128>, Error> {
        self.call(self.messages().claim(), 0, signer, wait).await
    }

    /// The parameters in force.
    pub async fn params(&self) -> Result<InvestmentParams, Error> {
        self.contract.query(self.messages().params()).await
    }

    /// How many templates, agreements and disputes were ever created
    /// (ids `0..count` each).
    pub async fn counts(&self) -> Result<(TemplateId, AgreementId, DisputeId), Error> {
        Ok((
            self.contract.query(self.messages().template_count()).await?,
            self.contract.query(self.messages().agreement_count()).await?,
            self.contract.query(self.messages().dispute_count()).await?,
        ))
    }

    /// A template.
    pub async fn template(&self, template: TemplateId) -> Result<Option<TemplateRecord>, Error> {
        self.contract.query(Message::from(self.messages().template(template)).returning()).await
    }

    /// An agreement.
    pub async fn agreement(&self, agreement: AgreementId) -> Result<Option<AgreementRecord>, Error> {
        self.contract.query(Message::from(self.messages().agreement(agreement)).returning()).await
    }

    /// A dispute.
    pub async fn dispute(&self, dispute: DisputeId) -> Result<Option<InvestmentDispute>, Error> {
        self.contract.query(Message::from(self.messages().dispute(dispute)).returning()).await
    }

    /// The advice contract this one reads cases and products from.
    pub async fn advice(&self) -> Result<AccountId, Error> {
        Ok(account(&self.contract.query(self.messages().advice()).await?))
    }

    /// How the case's customer checked the template: `None` if not yet,
    /// `Some(false)` for Ok, `Some(true)` for a fraud report.
    pub async fn check(&self, case: CaseId, template: TemplateId) -> Result<Option<bool>, Error> {
        self.contract.query(self.messages().check(case, template)).await
    }

    /// What `account` may claim.
    pub async fn credit_of(&self, account: &AccountId) -> Result<u128, Error> {
        self.contract.query(self.messages().credit_of(ink_account(account))).await
    }
}
