//! The advice contract's typed API (docs/protocol/fitm.md): products,
//! advisors' authorizations, service cases and product disputes, plus the
//! customer's challenge of an advisor (docs/protocol/fitm.md, the advisor
//! challenge). Every signed call is dry-run first, so the contract's typed
//! error comes back before anything is signed; payouts are credits that each
//! party pulls with `claim`.

use crate::{
    amount::format as fid,
    chain::{AccountId, Chain, Wait},
    contract::{account, constructor, event_set, fresh_salt, ink_account, Contract, ContractBundle, Message, Receipt},
    text::{hash, ruling, yes_no},
    time::{now_ms, when},
    Error, Keypair,
};
use ::advice::advice::{Advice as AdviceContract, AdviceRef};
use fiducia_core::trust::{
    authorization::{Authorization, AuthorizationStatus, Rights},
    case::ServiceCase,
    error::AdviceError,
    params::AdviceParams,
    pool::Membership,
    product::ProductStatus,
    records, CaseId, CaseView, ProductId, Verdict,
};
use fiducia_interfaces::advice::AdviceView;
use ink::{
    codegen::{ContractCallBuilder, TraitCallBuilder},
    env::call::FromAccountId,
};
use std::{fmt, sync::Arc};

/// The advice contract's events: its own and its payouts'.
pub mod events {
    pub use fiducia_interfaces::{
        advice::*,
        payouts::{Claimed, Credited},
    };
}

event_set!(
    /// An event of the advice contract.
    AdviceEvent, "advice event", events {
        ProductPublished, ProductDescribed, ProductStatusChanged, AuthorizationChanged, CaseOpened,
        ProductApproved, DisputeOpened, DisputeEnded, PoolOpened, PoolJoined, CaseClosed, Credited, Claimed,
    }
);

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

/// A product and its institution.
pub type ProductRecord = records::ProductRecord<AccountId>;
/// A product dispute and the parties of its case.
pub type ProductDispute = records::ProductDispute<AccountId>;

/// A handle on a deployed advice contract.
#[derive(Clone)]
pub struct Advice {
    contract: Contract,
}

/// A signed advice call's outcome.
pub type AdviceReceipt<T> = Receipt<T, AdviceEvent>;

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
        r.value = r.find(|e| match e {
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
        r.value = r.find(|e| match e {
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

    /// Attribute `index` of a product: (name, value).
    pub async fn attribute(&self, product: ProductId, index: u32) -> Result<Option<(String, String)>, Error> {
        self.contract.query(self.messages().attribute(product, index)).await
    }

    /// Promise `index` of a product.
    pub async fn promise(&self, product: ProductId, index: u32) -> Result<Option<String>, Error> {
        self.contract.query(self.messages().promise(product, index)).await
    }

    /// A product's institution and status, as the investment contract sees them.
    pub async fn product_owner(&self, product: ProductId) -> Result<Option<(AccountId, ProductStatus)>, Error> {
        let owner: Option<(ink::primitives::AccountId, ProductStatus)> =
            self.contract.query(Message::from(self.view().call().product_owner(product)).returning()).await?;
        Ok(owner.map(|(institution, status)| (account(&institution), status)))
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
