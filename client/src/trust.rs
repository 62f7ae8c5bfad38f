//! The FITM contracts' typed API (docs/protocol/fitm.md): [`Advice`] (products,
//! authorizations, service cases, product disputes) and [`Investment`]
//! (templates, agreements, their disputes), plus the customer's challenge
//! of an advisor (docs/protocol/fitm.md#the-advisor-challenge). Every signed call is dry-run first, so the
//! contract's typed error comes back before anything is signed; payouts are
//! credits that each party pulls with `claim`.

use crate::{
    amount::format as fid,
    chain::{AccountId, Chain, Wait},
    contract::{account, constructor, event_set, fresh_salt, ink_account, Contract, ContractBundle, Message, Receipt},
    time::{now_ms, when},
    Error, Keypair,
};
use advice::advice::{Advice as AdviceContract, AdviceRef};
use fiducia_core::trust::{
    authorization::{Authorization, AuthorizationStatus, Rights},
    case::ServiceCase,
    error::{AdviceError, InvestmentError},
    params::{AdviceParams, InvestmentParams},
    pool::Membership,
    records, AgreementId, CaseId, CaseView, DisputeId, ProductId, TemplateId, Verdict,
};
use fiducia_interfaces::advice::AdviceView;
use ink::{
    codegen::{ContractCallBuilder, TraitCallBuilder},
    env::call::FromAccountId,
};
use investment::investment::{Investment as InvestmentContract, InvestmentRef};
use std::{fmt, sync::Arc};

/// The advice contract's events: its own and its payouts'.
pub mod advice_events {
    pub use fiducia_interfaces::advice::*;
    pub use fiducia_interfaces::payouts::{Claimed, Credited};
}

/// The investment contract's events: its own and its payouts'.
pub mod investment_events {
    pub use fiducia_interfaces::investment::*;
    pub use fiducia_interfaces::payouts::{Claimed, Credited};
}

event_set!(
    /// An event of the advice contract.
    AdviceEvent, "advice event", advice_events {
        ProductPublished, ProductDescribed, ProductStatusChanged, AuthorizationChanged, CaseOpened,
        ProductApproved, DisputeOpened, DisputeEnded, PoolOpened, PoolJoined, CaseClosed, Credited, Claimed,
    }
);

event_set!(
    /// An event of the investment contract.
    InvestmentEvent, "investment event", investment_events {
        TemplateReleased, TemplateStatusChanged, TemplateApproved, AgreementProposed, AgreementChanged,
        DisputeOpened, PoolOpened, PoolJoined, DisputeEnded, Credited, Claimed,
    }
);

fn hash(bytes: &[u8; 32]) -> String {
    format!("0x{}", hex::encode(bytes))
}

impl fmt::Display for AdviceEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let now = now_ms();
        match self {
            Self::ProductPublished(e) => {
                write!(f, "{} published product #{} with a bond of {}", account(&e.institution), e.product, fid(e.bond))
            },
            Self::ProductDescribed(e) => {
                let what = if e.promise { "promise" } else { "attribute" };
                write!(f, "product #{}: {what} #{} recorded", e.product, e.index)
            },
            Self::ProductStatusChanged(e) => write!(f, "product #{} is now {:?}", e.product, e.status),
            Self::AuthorizationChanged(e) => write!(
                f,
                "{} for product #{}: {:?} (advice: {}, signing: {})",
                account(&e.advisor),
                e.product,
                e.status,
                yes_no(e.rights.advisory),
                yes_no(e.rights.signing)
            ),
            Self::CaseOpened(e) => write!(
                f,
                "case #{} opened by {} with advisor {} on product #{}",
                e.case,
                account(&e.customer),
                account(&e.advisor),
                e.product
            ),
            Self::ProductApproved(e) => {
                write!(f, "case #{}: the customer found nothing wrong with the product", e.case)
            },
            Self::DisputeOpened(e) => write!(
                f,
                "case #{}: {} reported fraud by {} (evidence {}); an arbiter rules by {}",
                e.case,
                account(&e.claimant),
                account(&e.accused),
                hash(&e.evidence),
                when(e.deadline, now)
            ),
            Self::DisputeEnded(e) => write!(
                f,
                "case #{}: dispute ended {:?}{}; {} to the claimant, {} to the accused",
                e.case,
                e.status,
                ruling(&e.ruling),
                fid(e.to_claimant),
                fid(e.to_accused)
            ),
            Self::PoolOpened(e) => write!(
                f,
                "product #{}: {} set aside for its customers, at most {} each; members join until {}, then claim",
                e.product,
                fid(e.funds),
                fid(e.cap_per_customer),
                when(e.closes_at, now)
            ),
            Self::PoolJoined(e) => write!(
                f,
                "{} joined product #{}'s compensation pool ({} members)",
                account(&e.customer),
                e.product,
                e.claimants
            ),
            Self::CaseClosed(e) => write!(f, "case #{} closed; {} deposit returned", e.case, fid(e.refund)),
            Self::Credited(e) => {
                write!(f, "{} is owed {} more (take it with `claim`)", account(&e.account), fid(e.amount))
            },
            Self::Claimed(e) => write!(f, "{} took {}", account(&e.account), fid(e.amount)),
        }
    }
}

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

fn yes_no(yes: bool) -> &'static str {
    if yes {
        "yes"
    } else {
        "no"
    }
}

fn ruling(ruling: &Option<[u8; 32]>) -> String {
    ruling.as_ref().map_or_else(String::new, |r| format!(" (ruling {})", hash(r)))
}

/// A product and its institution.
pub type ProductRecord = records::ProductRecord<AccountId>;
/// A product dispute and the parties of its case.
pub type ProductDispute = records::ProductDispute<AccountId>;
/// A template and its institution.
pub type TemplateRecord = records::TemplateRecord<AccountId>;
/// An agreement and its parties.
pub type AgreementRecord = records::AgreementRecord<AccountId>;
/// An investment dispute and the parties of its case.
pub type InvestmentDispute = records::InvestmentDispute<AccountId>;
pub use fiducia_core::trust::records::Subject;

/// A handle on a deployed advice contract.
#[derive(Clone)]
pub struct Advice {
    contract: Contract,
}

/// A signed advice call's outcome.
pub type AdviceReceipt<T> = Receipt<T, AdviceEvent>;
/// A signed investment call's outcome.
pub type InvestmentReceipt<T> = Receipt<T, InvestmentEvent>;

impl Advice {
    /// The advice contract at `address`.
    pub fn at(chain: Chain, address: AccountId, bundle: Arc<ContractBundle>) -> Self {
        Advice { contract: Contract::at(chain, address, bundle) }
    }

    /// Deploys an advice contract with `params` (the defaults when `None`).
    pub async fn deploy(
        chain: &Chain,
        bundle: Arc<ContractBundle>,
        params: Option<AdviceParams>,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<Self, Error> {
        let salt = fresh_salt();
        let input = match params {
            Some(params) => constructor(AdviceRef::new(params)),
            None => constructor(AdviceRef::default()),
        };
        Ok(Advice { contract: Contract::deploy(chain, bundle, input, &salt, signer, wait).await? })
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
    pub fn messages(&self) -> <AdviceContract as ContractCallBuilder>::Type {
        FromAccountId::from_account_id(ink_account(self.address()))
    }

    /// The contract's cross-contract view, as the investment contract calls it.
    fn view(&self) -> ink::contract_ref!(AdviceView, crate::contract::Env) {
        ink_account(self.address()).into()
    }

    async fn call<T: codec::Decode>(
        &self,
        message: impl Into<Message<Result<T, AdviceError>>>,
        value: u128,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<T>, Error> {
        self.contract.call(message, value, signer, wait).await
    }

    /// Institution publishes a product, paying the bond; returns its id.
    pub async fn publish_product(&self, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<ProductId>, Error> {
        let bond = self.params().await?.product_bond;
        let mut r = self.call(self.messages().publish_product(), bond, signer, wait).await?;
        r.value = r.find("ProductPublished", |e| match e {
            AdviceEvent::ProductPublished(e) => Some(e.product),
            _ => None,
        })?;
        Ok(r)
    }

    /// Records an attribute of a draft product.
    pub async fn add_attribute(
        &self,
        product: ProductId,
        key: &str,
        value: &str,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<u32>, Error> {
        self.call(self.messages().add_attribute(product, key.to_owned(), value.to_owned()), 0, signer, wait).await
    }

    /// Records a promise of a draft product.
    pub async fn add_promise(
        &self,
        product: ProductId,
        text: &str,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<u32>, Error> {
        self.call(self.messages().add_promise(product, text.to_owned()), 0, signer, wait).await
    }

    /// Offers the product (freezes its description).
    pub async fn open_product(
        &self,
        product: ProductId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().open_product(product), 0, signer, wait).await
    }

    /// Takes the product off the market.
    pub async fn close_product(
        &self,
        product: ProductId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().close_product(product), 0, signer, wait).await
    }

    /// The institution's bond of a closed product becomes claimable.
    pub async fn withdraw_bond(
        &self,
        product: ProductId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<u128>, Error> {
        self.call(self.messages().withdraw_bond(product), 0, signer, wait).await
    }

    /// Advisor requests authorization, paying the deposit.
    pub async fn request_authorization(
        &self,
        product: ProductId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<()>, Error> {
        let deposit = self.params().await?.authorization_deposit;
        self.call(self.messages().request_authorization(product), deposit, signer, wait).await
    }

    /// Advisor withdraws its request (deposit credited back).
    pub async fn withdraw_request(
        &self,
        product: ProductId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().withdraw_request(product), 0, signer, wait).await
    }

    /// Institution authorizes an advisor with `rights`, publishing `info`.
    pub async fn authorize(
        &self,
        product: ProductId,
        advisor: &AccountId,
        rights: Rights,
        info: [u8; 32],
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().authorize(product, ink_account(advisor), rights, info), 0, signer, wait).await
    }

    /// Institution revokes an advisor, or the advisor resigns.
    pub async fn revoke(
        &self,
        product: ProductId,
        advisor: &AccountId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().revoke(product, ink_account(advisor)), 0, signer, wait).await
    }

    /// A revoked advisor's deposit becomes claimable after the cool-down.
    pub async fn reclaim_deposit(
        &self,
        product: ProductId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().reclaim_deposit(product), 0, signer, wait).await
    }

    /// Customer opens a service case, paying the deposit; returns its id.
    pub async fn open_case(
        &self,
        product: ProductId,
        advisor: &AccountId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<CaseId>, Error> {
        let deposit = self.params().await?.service_deposit;
        let mut r = self.call(self.messages().open_case(product, ink_account(advisor)), deposit, signer, wait).await?;
        r.value = r.find("CaseOpened", |e| match e {
            AdviceEvent::CaseOpened(e) => Some(e.case),
            _ => None,
        })?;
        Ok(r)
    }

    /// The case's customer checks the product (`Fraud` opens a dispute).
    pub async fn check_product(
        &self,
        case: CaseId,
        verdict: Verdict,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().check_product(case, verdict), 0, signer, wait).await
    }

    /// The Arbiter rules on a case's dispute.
    pub async fn rule(
        &self,
        case: CaseId,
        fraud: bool,
        ruling: [u8; 32],
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().rule(case, fraud, ruling), 0, signer, wait).await
    }

    /// Anyone ends a dispute whose ruling deadline passed.
    pub async fn lapse_dispute(&self, case: CaseId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().lapse_dispute(case), 0, signer, wait).await
    }

    /// The customer (or anyone, after expiry) closes a case.
    pub async fn close_case(&self, case: CaseId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().close_case(case), 0, signer, wait).await
    }

    /// The case's customer joins the compensation pool of the case's
    /// product (fraud upheld, before the claim window ends; once per customer).
    pub async fn join_pool(&self, case: CaseId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call(self.messages().join_pool(case), 0, signer, wait).await
    }

    /// After the claim window a pool member's share is credited (once);
    /// returns the share. Pull it with [`Advice::claim`].
    pub async fn claim_compensation(
        &self,
        product: ProductId,
        signer: &Keypair,
        wait: Wait,
    ) -> Result<AdviceReceipt<u128>, Error> {
        self.call(self.messages().claim_compensation(product), 0, signer, wait).await
    }

    /// Pulls everything the signer is owed; returns the amount.
    pub async fn claim(&self, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<u128>, Error> {
        self.call(self.messages().claim(), 0, signer, wait).await
    }

    /// The parameters in force.
    pub async fn params(&self) -> Result<AdviceParams, Error> {
        self.contract.query(self.messages().params()).await
    }

    /// How many products were ever published (ids `0..count`).
    pub async fn product_count(&self) -> Result<ProductId, Error> {
        self.contract.query(self.messages().product_count()).await
    }

    /// How many cases were ever opened (ids `0..count`).
    pub async fn case_count(&self) -> Result<CaseId, Error> {
        self.contract.query(self.messages().case_count()).await
    }

    /// A product.
    pub async fn product(&self, product: ProductId) -> Result<Option<ProductRecord>, Error> {
        self.contract.query(Message::from(self.messages().product(product)).returning()).await
    }

    /// An advisor's authorization for a product.
    pub async fn authorization(&self, product: ProductId, advisor: &AccountId) -> Result<Option<Authorization>, Error> {
        self.contract.query(self.messages().authorization(product, ink_account(advisor))).await
    }

    /// A service case.
    pub async fn case(&self, case: CaseId) -> Result<Option<ServiceCase<AccountId>>, Error> {
        self.contract.query(Message::from(self.messages().case(case)).returning()).await
    }

    /// A case's dispute.
    pub async fn dispute(&self, case: CaseId) -> Result<Option<ProductDispute>, Error> {
        self.contract.query(Message::from(self.messages().dispute(case)).returning()).await
    }

    /// Whether `customer` joined (or claimed from) the product's compensation pool.
    pub async fn pool_member(&self, product: ProductId, customer: &AccountId) -> Result<Option<Membership>, Error> {
        self.contract.query(self.messages().pool_member(product, ink_account(customer))).await
    }

    /// A case as the investment contract sees it.
    pub async fn case_view(&self, case: CaseId) -> Result<Option<CaseView<AccountId>>, Error> {
        self.contract.query(Message::from(self.view().call().case_view(case)).returning()).await
    }

    /// What `account` may claim.
    pub async fn credit_of(&self, account: &AccountId) -> Result<u128, Error> {
        self.contract.query(self.messages().credit_of(ink_account(account))).await
    }
}

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
        r.value = r.find("TemplateReleased", |e| match e {
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
        r.value = r.find("AgreementProposed", |e| match e {
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
        r.value = r.find("DisputeOpened", |e| match e {
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

    /// What `account` may claim.
    pub async fn credit_of(&self, account: &AccountId) -> Result<u128, Error> {
        self.contract.query(self.messages().credit_of(ink_account(account))).await
    }
}

/// A fresh random challenge a customer sends an advisor (docs/protocol/fitm.md#the-advisor-challenge).
pub fn advisor_challenge() -> Result<[u8; 32], Error> {
    let mut challenge = [0u8; 32];
    getrandom::fill(&mut challenge).map_err(|e| Error::BadInput(format!("no OS randomness: {e}")))?;
    Ok(challenge)
}

/// The domain every advisor answer is signed under. Never an extrinsic: an
/// answer signs [`advisor_answer_message`], never the customer's raw bytes.
pub const ADVISOR_ANSWER_DOMAIN: &[u8] = b"fiducia/advisor-challenge/v1";

/// The exact bytes an advisor signs to answer `customer`'s `challenge`,
/// bound to the chain (genesis hash), the advice contract, the product, the
/// advisor and the customer: `<Bytes>` ‖ domain ‖ genesis ‖ contract ‖
/// product (LE) ‖ advisor ‖ customer ‖ challenge ‖ `</Bytes>`
/// (docs/security.md: "Signing only domain-separated messages"). Binding the
/// customer means a go-between who relays a customer's challenge to the
/// real advisor gets an answer that only verifies for itself.
///
/// Why this cannot be an extrinsic's signature: a signed extrinsic's payload
/// starts with its call's pallet index, and `<` (0x3c) names no pallet of the
/// runtime; the message is shorter than 256 bytes, so it is signed as is,
/// never as a hash the customer could choose. The `<Bytes>` wrapping is the
/// one wallets (Polkadot.js `signRaw`) apply to raw messages.
pub fn advisor_answer_message(
    genesis: &[u8; 32],
    advice: &AccountId,
    product: ProductId,
    advisor: &AccountId,
    customer: &AccountId,
    challenge: &[u8; 32],
) -> Vec<u8> {
    let mut message = Vec::with_capacity(207);
    message.extend_from_slice(b"<Bytes>");
    message.extend_from_slice(ADVISOR_ANSWER_DOMAIN);
    message.extend_from_slice(genesis);
    message.extend_from_slice(&advice.0);
    message.extend_from_slice(&product.to_le_bytes());
    message.extend_from_slice(&advisor.0);
    message.extend_from_slice(&customer.0);
    message.extend_from_slice(challenge);
    message.extend_from_slice(b"</Bytes>");
    message
}

/// Who asks whom about which product, for [`advisor_answer_message`].
struct Asking<'a> {
    product: ProductId,
    advisor: &'a AccountId,
    customer: &'a AccountId,
}

fn answer_message(advice: &Advice, asking: Asking<'_>, challenge: &[u8; 32]) -> Vec<u8> {
    let genesis = advice.contract.chain().api().genesis_hash();
    advisor_answer_message(&genesis.0, advice.address(), asking.product, asking.advisor, asking.customer, challenge)
}

/// The advisor's answer to `customer`'s `challenge` about `product`: its
/// account key's sr25519 signature of [`advisor_answer_message`].
pub fn answer_challenge(
    advice: &Advice,
    product: ProductId,
    advisor: &Keypair,
    customer: &AccountId,
    challenge: &[u8; 32],
) -> [u8; 64] {
    let me = AccountId::from(advisor.public_key().0);
    advisor.sign(&answer_message(advice, Asking { product, advisor: &me, customer }, challenge)).0
}

/// The customer's check before trusting an advisor: the signature is the
/// advisor account's over [`advisor_answer_message`] for this chain,
/// contract, product, `customer` and `challenge`, and the advice contract
/// records the advisor as currently authorized for `product`. Returns the
/// record (its rights and published info).
pub async fn verify_advisor(
    advice: &Advice,
    product: ProductId,
    advisor: &AccountId,
    customer: &AccountId,
    challenge: &[u8; 32],
    signature: &[u8; 64],
) -> Result<Authorization, Error> {
    let public = subxt_signer::sr25519::PublicKey(advisor.0);
    let message = answer_message(advice, Asking { product, advisor, customer }, challenge);
    if !subxt_signer::sr25519::verify(&subxt_signer::sr25519::Signature(*signature), &message, &public) {
        return Err(Error::Untrusted("the signature is not the advisor's answer to this challenge"));
    }
    let record =
        advice.authorization(product, advisor).await?.ok_or(Error::Untrusted("no authorization for this product"))?;
    if record.status != AuthorizationStatus::Authorized {
        return Err(Error::Untrusted("the authorization is not in force"));
    }
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advisor_answers_are_wrapped_short_and_bound_to_their_context() {
        let (advice, advisor, customer) =
            (AccountId::from([7u8; 32]), AccountId::from([9u8; 32]), AccountId::from([4u8; 32]));
        let m = advisor_answer_message(&[1; 32], &advice, 3, &advisor, &customer, &[2; 32]);
        assert!(m.starts_with(b"<Bytes>fiducia/advisor-challenge/v1") && m.ends_with(b"</Bytes>"));
        assert!(m.len() <= 256, "signed as is, never hashed: {} bytes", m.len());
        assert_ne!(m, advisor_answer_message(&[1; 32], &advice, 4, &advisor, &customer, &[2; 32]), "product bound");
        assert_ne!(m, advisor_answer_message(&[5; 32], &advice, 3, &advisor, &customer, &[2; 32]), "chain bound");
        assert_ne!(m, advisor_answer_message(&[1; 32], &advice, 3, &advisor, &advice, &[2; 32]), "customer bound");
        // No pallet of the runtime has the index of `<`: the message can never
        // be an extrinsic's signing payload, which starts with a pallet index.
        let metadata = subxt::Metadata::decode_from(include_bytes!("../metadata/fiducia.scale")).expect("metadata");
        assert!(metadata.pallet_by_call_index(m[0]).is_none(), "a pallet took index {}", m[0]);
    }

    #[test]
    fn events_decode_by_their_own_signature_topic_and_print_for_people() {
        use crate::contract::EventSet;
        use codec::Encode;
        use ink::env::Event;
        let credited = fiducia_interfaces::payouts::Credited { account: [1u8; 32].into(), amount: 1_500_000_000_000 };
        let topic = fiducia_interfaces::payouts::Credited::SIGNATURE_TOPIC.unwrap();
        let data = credited.encode();
        let event = AdviceEvent::decode(&topic, &data).unwrap().unwrap();
        assert_eq!(event, AdviceEvent::Credited(credited));
        assert_eq!(
            event.to_string(),
            format!("{} is owed 1.5 FID more (take it with `claim`)", AccountId::from([1u8; 32]))
        );
        assert_eq!(AdviceEvent::decode(&[0; 32], &data).unwrap(), None, "an unknown topic is not in the set");
        assert!(AdviceEvent::decode(&topic, &data[..10]).is_err(), "truncated data is an error");
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["event"], "Credited");
        assert_eq!(json["account"], AccountId::from([1u8; 32]).to_string(), "accounts in SS58 as everywhere else");
    }
}
