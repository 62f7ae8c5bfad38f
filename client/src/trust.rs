//! The FITM contracts' typed API (SPEC §4.2–4.4): [`Advice`] (products,
//! authorizations, service cases, product disputes) and [`Investment`]
//! (templates, agreements, their disputes), plus the customer's challenge
//! of an advisor (§4.3). Every signed call is dry-run first, so the
//! contract's typed error comes back before anything is signed; payouts are
//! credits that each party pulls with `claim`.

use crate::{
    chain::{AccountId, Chain, Wait},
    contract::{fresh_salt, Contract, ContractBundle, EventSet, Receipt},
    Error, Keypair,
};
use codec::{Decode, Encode};
use fiducia_core::trust::{
    agreement::AgreementStatus,
    authorization::{Authorization, AuthorizationStatus, Rights},
    case::ServiceCase,
    dispute::DisputeStatus,
    error::{AdviceError, InvestmentError},
    params::{AdviceParams, InvestmentParams},
    pool::Membership,
    product::ProductStatus,
    records,
    template::TemplateStatus,
    AgreementId, CaseId, CaseView, DisputeId, ProductId, TemplateId, Verdict,
};
use serde::Serialize;
use std::sync::Arc;

/// Declares a contract's event enum and its [`EventSet`] decoding: each
/// variant's fields in the order the ink! event declares them.
macro_rules! event_set {
    ($(#[$meta:meta])* $name:ident, $what:literal {
        $($(#[$vmeta:meta])* $variant:ident { $($field:ident : $ty:ty),* $(,)? }),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
        pub enum $name {
            $($(#[$vmeta])* $variant { $(#[allow(missing_docs)] $field: $ty),* }),*
        }

        impl std::fmt::Display for $name {
            /// `Variant field=value …`, accounts in SS58, amounts in FID, hashes in hex.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $(Self::$variant { $($field),* } => {
                        f.write_str(stringify!($variant))?;
                        $(write!(f, " {}=", stringify!($field))?; $field.show(f)?;)*
                        Ok(())
                    },)*
                }
            }
        }

        impl EventSet for $name {
            const WHAT: &'static str = $what;

            fn decode(label: &str, data: &[u8]) -> Result<Option<Self>, codec::Error> {
                let d = &mut &data[..];
                Ok(Some(match label {
                    $(stringify!($variant) => Self::$variant { $($field: Decode::decode(d)?),* },)*
                    _ => return Ok(None),
                }))
            }
        }
    };
}

/// How an event field is printed for people.
trait Show {
    fn show(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result;
}

macro_rules! show_with {
    ($($ty:ty => |$v:ident, $f:ident| $body:expr),* $(,)?) => {
        $(impl Show for $ty {
            fn show(&self, $f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let $v = self;
                $body
            }
        })*
    };
}

show_with!(
    u32 => |v, f| write!(f, "{v}"),
    u64 => |v, f| write!(f, "{v}"),
    bool => |v, f| write!(f, "{v}"),
    u128 => |v, f| f.write_str(&crate::amount::format(*v)),
    AccountId => |v, f| write!(f, "{v}"),
    [u8; 32] => |v, f| write!(f, "0x{}", hex::encode(v)),
    Option<[u8; 32]> => |v, f| match v {
        Some(hash) => hash.show(f),
        None => f.write_str("none"),
    },
    ProductStatus => |v, f| write!(f, "{v:?}"),
    AuthorizationStatus => |v, f| write!(f, "{v:?}"),
    Rights => |v, f| write!(f, "advisory:{},signing:{}", v.advisory, v.signing),
    DisputeStatus => |v, f| write!(f, "{v:?}"),
    AgreementStatus => |v, f| write!(f, "{v:?}"),
    TemplateStatus => |v, f| write!(f, "{v:?}"),
    Subject => |v, f| write!(f, "{v:?}"),
);

event_set!(
    /// An event of the advice contract.
    AdviceEvent, "advice event" {
        /// An institution published a product.
        ProductPublished { product: ProductId, institution: AccountId, bond: u128 },
        /// An attribute (`promise == false`) or promise was recorded.
        ProductDescribed { product: ProductId, promise: bool, index: u32 },
        /// A product changed status.
        ProductStatusChanged { product: ProductId, status: ProductStatus },
        /// An authorization changed.
        AuthorizationChanged { product: ProductId, advisor: AccountId, status: AuthorizationStatus, rights: Rights },
        /// A customer opened a service case.
        CaseOpened { case: CaseId, product: ProductId, customer: AccountId, advisor: AccountId },
        /// The customer checked the product: nothing wrong.
        ProductApproved { case: CaseId },
        /// The customer claimed fraud in the product.
        DisputeOpened { case: CaseId, claimant: AccountId, accused: AccountId, evidence: [u8; 32], deadline: u64 },
        /// The product dispute ended.
        DisputeEnded { case: CaseId, status: DisputeStatus, ruling: Option<[u8; 32]>, to_claimant: u128, to_accused: u128 },
        /// The first upheld fraud turned the product's bond into a compensation pool.
        PoolOpened { product: ProductId, funds: u128, cap_per_customer: u128, closes_at: u64 },
        /// A customer joined the product's compensation pool.
        PoolJoined { product: ProductId, customer: AccountId, claimants: u32 },
        /// A case closed.
        CaseClosed { case: CaseId, refund: u128 },
        /// An account was credited.
        Credited { account: AccountId, amount: u128 },
        /// An account pulled its credit.
        Claimed { account: AccountId, amount: u128 },
    }
);

event_set!(
    /// An event of the investment contract.
    InvestmentEvent, "investment event" {
        /// An institution released a template.
        TemplateReleased { template: TemplateId, product: ProductId, institution: AccountId, terms_hash: [u8; 32] },
        /// A template changed status.
        TemplateStatusChanged { template: TemplateId, status: TemplateStatus },
        /// A customer checked a template: nothing wrong.
        TemplateApproved { case: CaseId, template: TemplateId },
        /// An advisor proposed an agreement.
        AgreementProposed { agreement: AgreementId, case: CaseId, amount: u128, stake: u128, terms_hash: [u8; 32], deadline: u64 },
        /// An agreement moved.
        AgreementChanged { agreement: AgreementId, status: AgreementStatus, deadline: u64 },
        /// A dispute was opened.
        DisputeOpened { dispute: DisputeId, subject: Subject, claimant: AccountId, accused: AccountId, evidence: [u8; 32], deadline: u64 },
        /// The first upheld template fraud turned the template's bond into a compensation pool.
        PoolOpened { template: TemplateId, funds: u128, cap_per_customer: u128, closes_at: u64 },
        /// A customer joined the template's compensation pool.
        PoolJoined { template: TemplateId, customer: AccountId, claimants: u32 },
        /// A dispute ended.
        DisputeEnded { dispute: DisputeId, status: DisputeStatus, ruling: Option<[u8; 32]> },
        /// An account was credited.
        Credited { account: AccountId, amount: u128 },
        /// An account pulled its credit.
        Claimed { account: AccountId, amount: u128 },
    }
);

/// A product and its institution.
pub type Listing = records::Listing<AccountId>;
/// A product dispute and the parties of its case.
pub type ProductDispute = records::ProductDispute<AccountId>;
/// A template and its institution.
pub type Offer = records::Offer<AccountId>;
/// An agreement and its parties.
pub type Deal = records::Deal<AccountId>;
/// An investment dispute and the parties of its case.
pub type InvestmentDispute = records::Claim<AccountId>;
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
        let contract = match params {
            Some(p) => Contract::deploy(chain, bundle, "new", &p.encode(), &salt, signer, wait).await?,
            None => Contract::deploy(chain, bundle, "default", &[], &salt, signer, wait).await?,
        };
        Ok(Advice { contract })
    }

    /// The generic contract handle.
    pub fn contract(&self) -> &Contract {
        &self.contract
    }

    /// The contract's account.
    pub fn address(&self) -> &AccountId {
        self.contract.address()
    }

    async fn call<T: Decode>(&self, message: &str, args: &[u8], value: u128, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<T>, Error> {
        self.contract.call::<T, AdviceError, AdviceEvent>(message, args, value, signer, wait).await
    }

    /// Institution publishes a product, paying the bond; returns its id.
    pub async fn publish_product(&self, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<ProductId>, Error> {
        let bond = self.params().await?.product_bond;
        let mut r = self.call::<ProductId>("publish_product", &[], bond, signer, wait).await?;
        r.value = r.find("ProductPublished", |e| match e {
            AdviceEvent::ProductPublished { product, .. } => Some(*product),
            _ => None,
        })?;
        Ok(r)
    }

    /// Records an attribute of a draft product.
    pub async fn add_attribute(&self, product: ProductId, key: &str, value: &str, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<u32>, Error> {
        self.call("add_attribute", &(product, key, value).encode(), 0, signer, wait).await
    }

    /// Records a promise of a draft product.
    pub async fn add_promise(&self, product: ProductId, text: &str, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<u32>, Error> {
        self.call("add_promise", &(product, text).encode(), 0, signer, wait).await
    }

    /// Offers the product (freezes its description).
    pub async fn open_product(&self, product: ProductId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("open_product", &product.encode(), 0, signer, wait).await
    }

    /// Takes the product off the market.
    pub async fn close_product(&self, product: ProductId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("close_product", &product.encode(), 0, signer, wait).await
    }

    /// The institution's bond of a closed product becomes claimable.
    pub async fn withdraw_bond(&self, product: ProductId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<u128>, Error> {
        self.call("withdraw_bond", &product.encode(), 0, signer, wait).await
    }

    /// Advisor requests authorization, paying the deposit.
    pub async fn request_authorization(&self, product: ProductId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        let deposit = self.params().await?.authorization_deposit;
        self.call("request_authorization", &product.encode(), deposit, signer, wait).await
    }

    /// Advisor withdraws its request (deposit credited back).
    pub async fn withdraw_request(&self, product: ProductId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("withdraw_request", &product.encode(), 0, signer, wait).await
    }

    /// Institution authorizes an advisor with `rights`, publishing `info`.
    pub async fn authorize(&self, product: ProductId, advisor: &AccountId, rights: Rights, info: [u8; 32], signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("authorize", &(product, advisor, rights, info).encode(), 0, signer, wait).await
    }

    /// Institution revokes an advisor, or the advisor resigns.
    pub async fn revoke(&self, product: ProductId, advisor: &AccountId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("revoke", &(product, advisor).encode(), 0, signer, wait).await
    }

    /// A revoked advisor's deposit becomes claimable after the cool-down.
    pub async fn reclaim_deposit(&self, product: ProductId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("reclaim_deposit", &product.encode(), 0, signer, wait).await
    }

    /// Customer opens a service case, paying the deposit; returns its id.
    pub async fn open_case(&self, product: ProductId, advisor: &AccountId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<CaseId>, Error> {
        let deposit = self.params().await?.service_deposit;
        let mut r = self.call::<CaseId>("open_case", &(product, advisor).encode(), deposit, signer, wait).await?;
        r.value = r.find("CaseOpened", |e| match e {
            AdviceEvent::CaseOpened { case, .. } => Some(*case),
            _ => None,
        })?;
        Ok(r)
    }

    /// The case's customer checks the product (`Fraud` opens a dispute).
    pub async fn check_product(&self, case: CaseId, verdict: Verdict, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("check_product", &(case, verdict).encode(), 0, signer, wait).await
    }

    /// The Arbiter rules on a case's dispute.
    pub async fn rule(&self, case: CaseId, fraud: bool, ruling: [u8; 32], signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("rule", &(case, fraud, ruling).encode(), 0, signer, wait).await
    }

    /// Anyone ends a dispute whose ruling deadline passed.
    pub async fn lapse_dispute(&self, case: CaseId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("lapse_dispute", &case.encode(), 0, signer, wait).await
    }

    /// The customer (or anyone, after expiry) closes a case.
    pub async fn close_case(&self, case: CaseId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("close_case", &case.encode(), 0, signer, wait).await
    }

    /// The case's customer joins the compensation pool of the case's
    /// product (fraud upheld, before the claim window ends; once per customer).
    pub async fn join_pool(&self, case: CaseId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<()>, Error> {
        self.call("join_pool", &case.encode(), 0, signer, wait).await
    }

    /// After the claim window a pool member's share is credited (once);
    /// returns the share. Pull it with [`Advice::claim`].
    pub async fn claim_compensation(&self, product: ProductId, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<u128>, Error> {
        self.call("claim_compensation", &product.encode(), 0, signer, wait).await
    }

    /// Pulls everything the signer is owed; returns the amount.
    pub async fn claim(&self, signer: &Keypair, wait: Wait) -> Result<AdviceReceipt<u128>, Error> {
        self.call("claim", &[], 0, signer, wait).await
    }

    /// The parameters in force.
    pub async fn params(&self) -> Result<AdviceParams, Error> {
        self.contract.query("params", &[]).await
    }

    /// How many products were ever published (ids `0..count`).
    pub async fn product_count(&self) -> Result<ProductId, Error> {
        self.contract.query("product_count", &[]).await
    }

    /// How many cases were ever opened (ids `0..count`).
    pub async fn case_count(&self) -> Result<CaseId, Error> {
        self.contract.query("case_count", &[]).await
    }

    /// A product.
    pub async fn product(&self, product: ProductId) -> Result<Option<Listing>, Error> {
        self.contract.query("product", &product.encode()).await
    }

    /// An advisor's authorization for a product.
    pub async fn authorization(&self, product: ProductId, advisor: &AccountId) -> Result<Option<Authorization>, Error> {
        self.contract.query("authorization", &(product, advisor).encode()).await
    }

    /// A service case.
    pub async fn case(&self, case: CaseId) -> Result<Option<ServiceCase<AccountId>>, Error> {
        self.contract.query("case", &case.encode()).await
    }

    /// A case's dispute.
    pub async fn dispute(&self, case: CaseId) -> Result<Option<ProductDispute>, Error> {
        self.contract.query("dispute", &case.encode()).await
    }

    /// Whether `customer` joined (or claimed from) the product's compensation pool.
    pub async fn pool_member(&self, product: ProductId, customer: &AccountId) -> Result<Option<Membership>, Error> {
        self.contract.query("pool_member", &(product, customer).encode()).await
    }

    /// A case as the investment contract sees it.
    pub async fn case_view(&self, case: CaseId) -> Result<Option<CaseView<AccountId>>, Error> {
        self.contract.query("case_view", &case.encode()).await
    }

    /// What `account` may claim.
    pub async fn credit_of(&self, account: &AccountId) -> Result<u128, Error> {
        self.contract.query("credit_of", &account.encode()).await
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
        let contract = match params {
            Some(p) => Contract::deploy(chain, bundle, "new", &(advice, p).encode(), &salt, signer, wait).await?,
            None => Contract::deploy(chain, bundle, "with_defaults", &advice.encode(), &salt, signer, wait).await?,
        };
        Ok(Investment { contract })
    }

    /// The generic contract handle.
    pub fn contract(&self) -> &Contract {
        &self.contract
    }

    /// The contract's account.
    pub fn address(&self) -> &AccountId {
        self.contract.address()
    }

    async fn call<T: Decode>(&self, message: &str, args: &[u8], value: u128, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<T>, Error> {
        self.contract.call::<T, InvestmentError, InvestmentEvent>(message, args, value, signer, wait).await
    }

    /// The product's institution releases a template, paying the bond.
    pub async fn release_template(&self, product: ProductId, terms_hash: [u8; 32], signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<TemplateId>, Error> {
        let bond = self.params().await?.template_bond;
        let mut r = self.call::<TemplateId>("release_template", &(product, terms_hash).encode(), bond, signer, wait).await?;
        r.value = r.find("TemplateReleased", |e| match e {
            InvestmentEvent::TemplateReleased { template, .. } => Some(*template),
            _ => None,
        })?;
        Ok(r)
    }

    /// The institution withdraws a template.
    pub async fn withdraw_template(&self, template: TemplateId, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<()>, Error> {
        self.call("withdraw_template", &template.encode(), 0, signer, wait).await
    }

    /// The bond of a withdrawn, unreferenced template becomes claimable.
    pub async fn withdraw_template_bond(&self, template: TemplateId, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<u128>, Error> {
        self.call("withdraw_template_bond", &template.encode(), 0, signer, wait).await
    }

    /// The case's customer checks a template; a fraud report pays the report deposit.
    pub async fn check_template(&self, case: CaseId, template: TemplateId, verdict: Verdict, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<()>, Error> {
        let value = match verdict {
            Verdict::Ok => 0,
            Verdict::Fraud(_) => self.params().await?.report_deposit,
        };
        self.call("check_template", &(case, template, verdict).encode(), value, signer, wait).await
    }

    /// The case's advisor proposes an agreement; returns its id (the terms
    /// hash to sign is in the `AgreementProposed` event and the agreement).
    pub async fn propose(&self, case: CaseId, template: TemplateId, amount: u128, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<AgreementId>, Error> {
        let mut r = self.call::<AgreementId>("propose", &(case, template, amount).encode(), 0, signer, wait).await?;
        r.value = r.find("AgreementProposed", |e| match e {
            InvestmentEvent::AgreementProposed { agreement, .. } => Some(*agreement),
            _ => None,
        })?;
        Ok(r)
    }

    /// The signer signs `terms_hash` (which it has checked), paying the
    /// amount as the customer or the stake as the advisor.
    pub async fn sign(&self, agreement: AgreementId, terms_hash: [u8; 32], signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<()>, Error> {
        let deal = self.agreement(agreement).await?.ok_or(Error::Investment(InvestmentError::UnknownAgreement))?;
        let me = crate::account_of(signer);
        let value = if me == deal.customer {
            deal.agreement.amount
        } else if me == deal.advisor {
            deal.agreement.stake
        } else {
            return Err(Error::Investment(InvestmentError::NotCustomer));
        };
        self.call("sign", &(agreement, terms_hash).encode(), value, signer, wait).await
    }

    /// The customer disputes an agreement during cooling-off, paying the
    /// report deposit (the no-fraud penalty comes out of it); returns the
    /// dispute id.
    pub async fn dispute_agreement(&self, agreement: AgreementId, evidence: [u8; 32], signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<DisputeId>, Error> {
        let deposit = self.params().await?.report_deposit;
        let mut r = self.call::<DisputeId>("dispute_agreement", &(agreement, evidence).encode(), deposit, signer, wait).await?;
        r.value = r.find("DisputeOpened", |e| match e {
            InvestmentEvent::DisputeOpened { dispute, .. } => Some(*dispute),
            _ => None,
        })?;
        Ok(r)
    }

    /// The Arbiter rules on a dispute.
    pub async fn rule(&self, dispute: DisputeId, fraud: bool, ruling: [u8; 32], signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<()>, Error> {
        self.call("rule", &(dispute, fraud, ruling).encode(), 0, signer, wait).await
    }

    /// Anyone ends a dispute whose ruling deadline passed.
    pub async fn lapse_dispute(&self, dispute: DisputeId, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<()>, Error> {
        self.call("lapse_dispute", &dispute.encode(), 0, signer, wait).await
    }

    /// Anyone settles an agreement after cooling-off.
    pub async fn settle(&self, agreement: AgreementId, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<()>, Error> {
        self.call("settle", &agreement.encode(), 0, signer, wait).await
    }

    /// Anyone ends an agreement whose signing deadline passed.
    pub async fn lapse_agreement(&self, agreement: AgreementId, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<()>, Error> {
        self.call("lapse_agreement", &agreement.encode(), 0, signer, wait).await
    }

    /// The customer of `case` (which checked the template or had an
    /// agreement under it) joins the template's compensation pool (fraud
    /// upheld, before the claim window ends; once per customer).
    pub async fn join_pool(&self, template: TemplateId, case: CaseId, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<()>, Error> {
        self.call("join_pool", &(template, case).encode(), 0, signer, wait).await
    }

    /// After the claim window a pool member's share is credited (once);
    /// returns the share. Pull it with [`Investment::claim`].
    pub async fn claim_compensation(&self, template: TemplateId, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<u128>, Error> {
        self.call("claim_compensation", &template.encode(), 0, signer, wait).await
    }

    /// Whether `customer` joined (or claimed from) the template's compensation pool.
    pub async fn pool_member(&self, template: TemplateId, customer: &AccountId) -> Result<Option<Membership>, Error> {
        self.contract.query("pool_member", &(template, customer).encode()).await
    }

    /// Pulls everything the signer is owed; returns the amount.
    pub async fn claim(&self, signer: &Keypair, wait: Wait) -> Result<InvestmentReceipt<u128>, Error> {
        self.call("claim", &[], 0, signer, wait).await
    }

    /// The parameters in force.
    pub async fn params(&self) -> Result<InvestmentParams, Error> {
        self.contract.query("params", &[]).await
    }

    /// How many templates, agreements and disputes were ever created
    /// (ids `0..count` each).
    pub async fn counts(&self) -> Result<(TemplateId, AgreementId, DisputeId), Error> {
        Ok((
            self.contract.query("template_count", &[]).await?,
            self.contract.query("agreement_count", &[]).await?,
            self.contract.query("dispute_count", &[]).await?,
        ))
    }

    /// A template.
    pub async fn template(&self, template: TemplateId) -> Result<Option<Offer>, Error> {
        self.contract.query("template", &template.encode()).await
    }

    /// An agreement.
    pub async fn agreement(&self, agreement: AgreementId) -> Result<Option<Deal>, Error> {
        self.contract.query("agreement", &agreement.encode()).await
    }

    /// A dispute.
    pub async fn dispute(&self, dispute: DisputeId) -> Result<Option<InvestmentDispute>, Error> {
        self.contract.query("dispute", &dispute.encode()).await
    }

    /// What `account` may claim.
    pub async fn credit_of(&self, account: &AccountId) -> Result<u128, Error> {
        self.contract.query("credit_of", &account.encode()).await
    }
}

/// A fresh random challenge a customer sends an advisor (SPEC §4.3).
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
    let record = advice.authorization(product, advisor).await?.ok_or(Error::Untrusted("no authorization for this product"))?;
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
        let (advice, advisor, customer) = (AccountId::from([7u8; 32]), AccountId::from([9u8; 32]), AccountId::from([4u8; 32]));
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
    fn events_print_for_people_and_decode_in_declaration_order() {
        let account = AccountId::from([1u8; 32]);
        let amount = 1_500_000_000_000u128;
        let data = (account.clone(), amount).encode();
        let event = AdviceEvent::decode("Credited", &data).unwrap().unwrap();
        assert_eq!(event, AdviceEvent::Credited { account: account.clone(), amount });
        assert_eq!(event.to_string(), format!("Credited account={account} amount={}", crate::amount::format(amount)));
        let ended = InvestmentEvent::DisputeEnded { dispute: 3, status: DisputeStatus::Fraud, ruling: Some([0xAB; 32]) };
        assert_eq!(ended.to_string(), format!("DisputeEnded dispute=3 status=Fraud ruling=0x{}", "ab".repeat(32)));
        assert_eq!(AdviceEvent::decode("Unknown", &data).unwrap(), None);
        assert!(AdviceEvent::decode("Credited", &data[..10]).is_err(), "truncated data is an error");
    }
}
