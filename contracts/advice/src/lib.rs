//! # Advice (FITM product and authorization contracts, docs/protocol/fitm.md)
//!
//! Products with bonds, advisors' authorizations with deposits, customers'
//! service cases with deposits, and the product-fraud disputes between
//! them. The product bond and the service deposit are the two sides of a
//! product dispute, so they live in one contract: money never crosses a
//! contract boundary, and this contract's balance is exactly what it owes
//! (bonds, deposits, credits). The `investment` contract reads cases from
//! here through its [`AdviceView`](fiducia_interfaces::advice::AdviceView)
//! (`case_view`, `product_owner`).
//!
//! A thin ink! shell over [`fiducia_core::trust`]: every message checks the
//! caller with the registry, loads at most one product, authorization and
//! case, applies the core's rules, stores them, credits what is owed and
//! emits events. Payouts are pulled with [`Advice::claim`]. Nothing loops.
//!
//! | message | who |
//! |---|---|
//! | `publish_product` (pays the bond) | Institution |
//! | `add_attribute`, `add_promise`, `open_product`, `authorize` | Institution owning the product |
//! | `close_product`, `withdraw_bond` | the product's institution (no current license needed) |
//! | `request_authorization` (pays the deposit) | Advisor |
//! | `withdraw_request`, `reclaim_deposit` | the requesting advisor |
//! | `revoke` | the product's institution (Institution) or the advisor itself |
//! | `open_case` (pays the service deposit) | Customer |
//! | `check_product` | the case's customer (Customer) |
//! | `rule` | Arbiter (not a party of the case) |
//! | `join_pool` | a customer of a case on the product opened strictly before its first fraud report (not an arbiter of it, no dismissed claim on it) |
//! | `claim_compensation` | a member of the product's pool (not an arbiter of it), after the claim window |
//! | `lapse_dispute` | anyone, after the ruling deadline |
//! | `close_case` | the case's customer; anyone after the case expired |
//! | `claim` | anyone owed a credit |
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The advice contract: storage, constructors and messages.
#[ink::contract(env = fiducia_registry_api::FiduciaEnvironment)]
pub mod advice {
    use fiducia_core::trust::{
        authorization::{Authorization, AuthorizationStatus, Rights},
        case::ServiceCase,
        dispute::{Dispute, DisputeStatus, Outcome, Stakes},
        error::AdviceError,
        params::AdviceParams,
        parties::{advisor_not_institution, arbiter_not_member, not_its_arbiter, Parties, PartyError},
        pool::Membership,
        product::{Product, ProductStatus},
        records, CaseId, CaseView, ProductId, Verdict,
    };
    /// The contract's events, defined once in `fiducia-interfaces`.
    pub use fiducia_interfaces::advice::*;
    use fiducia_payouts::Credits;
    use fiducia_registry_api::{access, Role};
    use ink::{prelude::string::String, storage::Mapping};

    /// Why a message was refused; nothing changed.
    pub type Error = AdviceError;
    /// A service case as stored.
    pub type Case = ServiceCase<AccountId>;
    /// A product and its institution.
    pub type ProductRecord = records::ProductRecord<AccountId>;
    /// A product dispute and the parties of its case.
    pub type ProductDispute = records::ProductDispute<AccountId>;

    /// An attribute of a product: its name and value.
    pub type Attribute = (String, String);

    /// Longest attribute name, bytes.
    pub const MAX_KEY_LEN: usize = 64;
    /// Longest attribute value or promise, bytes.
    pub const MAX_TEXT_LEN: usize = 512;

    /// The contract's storage.
    #[ink(storage)]
    pub struct Advice {
        params: AdviceParams,
        products: Mapping<ProductId, ProductRecord>,
        product_count: ProductId,
        attributes: Mapping<(ProductId, u32), Attribute>,
        promises: Mapping<(ProductId, u32), String>,
        authorizations: Mapping<(ProductId, AccountId), Authorization>,
        cases: Mapping<CaseId, Case>,
        case_count: CaseId,
        disputes: Mapping<CaseId, ProductDispute>,
        members: Mapping<(ProductId, AccountId), Membership>,
        /// (product, account) that ruled as Arbiter on a dispute about it.
        arbiters: Mapping<(ProductId, AccountId), ()>,
        /// (product, customer) whose own fraud claim on it was dismissed.
        dismissed: Mapping<(ProductId, AccountId), ()>,
        credits: Credits,
    }

    impl Advice {
        /// A contract with these parameters, if they are valid
        /// ([`AdviceParams::validate`]); otherwise nothing is deployed.
        #[ink(constructor)]
        pub fn new(params: AdviceParams) -> Result<Self, Error> {
            params.validate()?;
            Ok(Self::with(params))
        }

        /// A contract with the documented default parameters.
        #[ink(constructor)]
        #[allow(clippy::should_implement_trait)] // ink!'s conventional constructor name
        pub fn default() -> Self {
            Self::with(AdviceParams::default())
        }

        fn with(params: AdviceParams) -> Self {
            Self {
                params,
                products: Mapping::default(),
                product_count: 0,
                attributes: Mapping::default(),
                promises: Mapping::default(),
                authorizations: Mapping::default(),
                cases: Mapping::default(),
                case_count: 0,
                disputes: Mapping::default(),
                members: Mapping::default(),
                arbiters: Mapping::default(),
                dismissed: Mapping::default(),
                credits: Credits::default(),
            }
        }

        /// Institution publishes a product in Draft, paying exactly the bond.
        #[ink(message, payable)]
        pub fn publish_product(&mut self) -> Result<ProductId, Error> {
            access::require_role(Role::Institution)?;
            let product = Product::publish(self.env().transferred_value(), self.params.product_bond)?;
            let id = self.product_count;
            self.product_count = id.checked_add(1).ok_or(Error::Overflow)?;
            let institution = self.env().caller();
            self.products.insert(id, &ProductRecord { institution, product });
            self.env().emit_event(ProductPublished { product: id, institution, bond: product.bond.free });
            Ok(id)
        }

        /// Records an attribute (name, risk level, maximum drawdown, …) of a draft product.
        #[ink(message)]
        pub fn add_attribute(&mut self, product: ProductId, key: String, value: String) -> Result<u32, Error> {
            let mut listing = self.owned(product)?;
            check_text(&key, MAX_KEY_LEN)?;
            check_text(&value, MAX_TEXT_LEN)?;
            let index = listing.product.add_attribute()?;
            self.attributes.insert((product, index), &(key, value));
            self.products.insert(product, &listing);
            self.env().emit_event(ProductDescribed { product, promise: false, index });
            Ok(index)
        }

        /// Records a promise (a commitment such as a default clause) of a draft product.
        #[ink(message)]
        pub fn add_promise(&mut self, product: ProductId, text: String) -> Result<u32, Error> {
            let mut listing = self.owned(product)?;
            check_text(&text, MAX_TEXT_LEN)?;
            let index = listing.product.add_promise()?;
            self.promises.insert((product, index), &text);
            self.products.insert(product, &listing);
            self.env().emit_event(ProductDescribed { product, promise: true, index });
            Ok(index)
        }

        /// Offers the product to customers; its description is frozen.
        #[ink(message)]
        pub fn open_product(&mut self, product: ProductId) -> Result<(), Error> {
            let mut listing = self.owned(product)?;
            listing.product.open()?;
            self.store_status(product, &listing);
            Ok(())
        }

        /// Takes the product off the market (from any state but Closed).
        /// Needs ownership only, no current license: a revoked institution
        /// must still be able to close and so recover its bond.
        #[ink(message)]
        pub fn close_product(&mut self, product: ProductId) -> Result<(), Error> {
            let mut listing = self.own(product)?;
            listing.product.close()?;
            self.store_status(product, &listing);
            Ok(())
        }

        /// The institution takes its bond back: product closed, no case
        /// open (disputes live in cases), the claim window of its
        /// compensation pool (if any) over — then it gets what the members'
        /// shares leave. Needs no current license (revoking a license must
        /// not confiscate escrowed money).
        #[ink(message)]
        pub fn withdraw_bond(&mut self, product: ProductId) -> Result<Balance, Error> {
            let mut listing = self.own(product)?;
            let bond = listing.product.withdraw_bond(self.env().block_timestamp())?;
            self.products.insert(product, &listing);
            self.credit(listing.institution, bond)?;
            Ok(bond)
        }

        /// Advisor requests authorization for a draft or open product,
        /// paying exactly the deposit.
        #[ink(message, payable)]
        pub fn request_authorization(&mut self, product: ProductId) -> Result<(), Error> {
            access::require_role(Role::Advisor)?;
            let listing = self.product_or_err(product)?;
            if !matches!(listing.product.status, ProductStatus::Draft | ProductStatus::Open) {
                return Err(fiducia_core::trust::product::ProductError::WrongState.into());
            }
            let advisor = self.env().caller();
            advisor_not_institution(&advisor, &listing.institution)?;
            if let Some(existing) = self.authorizations.get((product, advisor)) {
                if existing.status != AuthorizationStatus::Released {
                    return Err(fiducia_core::trust::authorization::AuthorizationError::WrongState.into());
                }
            }
            let auth = Authorization::request(self.env().transferred_value(), self.params.authorization_deposit)?;
            self.store_authorization(product, advisor, &auth);
            Ok(())
        }

        /// The advisor withdraws its request before it is granted; the
        /// deposit is credited back.
        #[ink(message)]
        pub fn withdraw_request(&mut self, product: ProductId) -> Result<(), Error> {
            let advisor = self.env().caller();
            let mut auth = self.authorization_or_err(product, advisor)?;
            let deposit = auth.withdraw()?;
            self.store_authorization(product, advisor, &auth);
            self.credit(advisor, deposit)
        }

        /// The product's institution grants `rights` and publishes `info`
        /// (hash of the advisor's public record).
        #[ink(message)]
        pub fn authorize(
            &mut self,
            product: ProductId,
            advisor: AccountId,
            rights: Rights,
            info: [u8; 32],
        ) -> Result<(), Error> {
            let listing = self.owned(product)?;
            advisor_not_institution(&advisor, &listing.institution)?;
            let mut auth = self.authorization_or_err(product, advisor)?;
            auth.authorize(rights, info)?;
            self.store_authorization(product, advisor, &auth);
            Ok(())
        }

        /// The product's institution revokes the advisor, or the advisor
        /// resigns; the deposit waits out the cool-down. Immediate: no new
        /// cases or signatures.
        #[ink(message)]
        pub fn revoke(&mut self, product: ProductId, advisor: AccountId) -> Result<(), Error> {
            if self.env().caller() != advisor {
                self.owned(product)?;
            }
            let mut auth = self.authorization_or_err(product, advisor)?;
            auth.revoke(self.env().block_timestamp(), self.params.revocation_cooldown_ms)?;
            self.store_authorization(product, advisor, &auth);
            Ok(())
        }

        /// After the cool-down, with no case open, the advisor's deposit is
        /// credited back.
        #[ink(message)]
        pub fn reclaim_deposit(&mut self, product: ProductId) -> Result<(), Error> {
            let advisor = self.env().caller();
            let mut auth = self.authorization_or_err(product, advisor)?;
            let deposit = auth.reclaim(self.env().block_timestamp())?;
            self.store_authorization(product, advisor, &auth);
            self.credit(advisor, deposit)
        }

        /// Customer opens a service case with an advisor holding the
        /// advisory right for an open product, paying the service deposit.
        /// Customer, advisor and institution must be three accounts, and the
        /// advisor and institution must still hold their licenses.
        #[ink(message, payable)]
        pub fn open_case(&mut self, product: ProductId, advisor: AccountId) -> Result<CaseId, Error> {
            access::require_role(Role::Customer)?;
            let mut listing = self.product_or_err(product)?;
            let mut auth = self.authorization_or_err(product, advisor)?;
            let customer = self.env().caller();
            Parties { customer, advisor, institution: listing.institution }.check_distinct()?;
            self.require_licensed(advisor, Role::Advisor, PartyError::AdvisorUnlicensed)?;
            self.require_licensed(listing.institution, Role::Institution, PartyError::InstitutionUnlicensed)?;
            let now = self.env().block_timestamp();
            let case = ServiceCase::open(
                customer,
                advisor,
                product,
                self.env().transferred_value(),
                self.params.service_deposit,
                now,
                self.params.case_ttl_ms,
            )?;
            auth.case_opened()?;
            listing.product.case_opened()?;
            let id = self.case_count;
            self.case_count = id.checked_add(1).ok_or(Error::Overflow)?;
            self.cases.insert(id, &case);
            self.authorizations.insert((product, advisor), &auth);
            self.products.insert(product, &listing);
            self.env().emit_event(CaseOpened { case: id, product, customer, advisor });
            Ok(id)
        }

        /// The case's customer checks the product, once, while the case is
        /// open. `Fraud(evidence)` opens a dispute against the institution
        /// with the service deposit at stake; nothing of the bond is
        /// reserved (compensation comes from the pool an upheld ruling
        /// opens). Refused once fraud was upheld: join the pool instead.
        #[ink(message)]
        pub fn check_product(&mut self, case_id: CaseId, verdict: Verdict) -> Result<(), Error> {
            access::require_role(Role::Customer)?;
            let mut case = self.customer_case(case_id)?;
            let now = self.env().block_timestamp();
            match verdict {
                Verdict::Ok => {
                    case.check_product(false, now)?;
                    self.cases.insert(case_id, &case);
                    self.env().emit_event(ProductApproved { case: case_id });
                },
                Verdict::Fraud(evidence) => {
                    let mut listing = self.product_or_err(case.product)?;
                    listing.product.bond.accepts_reports()?;
                    let deposit = case.check_product(true, now)?;
                    let stakes = Stakes {
                        claimant_deposit: deposit,
                        accused_pool: 0,
                        compensation: 0,
                        penalty: self.params.report_penalty,
                    };
                    let parties =
                        Parties { customer: case.customer, advisor: case.advisor, institution: listing.institution };
                    let dispute = Dispute::open(
                        case.customer,
                        listing.institution,
                        evidence,
                        stakes,
                        now,
                        self.params.ruling_window_ms,
                    )?;
                    listing.product.bond.report_filed(now);
                    self.products.insert(case.product, &listing);
                    self.env().emit_event(DisputeOpened {
                        case: case_id,
                        claimant: dispute.claimant,
                        accused: dispute.accused,
                        evidence,
                        deadline: dispute.deadline,
                    });
                    self.disputes.insert(case_id, &ProductDispute { dispute, parties });
                    self.cases.insert(case_id, &case);
                },
            }
            Ok(())
        }

        /// The Arbiter — none of the case's customer, advisor and
        /// institution — rules on the case's dispute, once, before the
        /// deadline. Fraud ⇒ the customer is credited its deposit, the case
        /// closes, the product is suspended, the first such ruling turns the
        /// free bond into the compensation pool, and the customer joins it
        /// (once). No fraud ⇒ the penalty from the deposit is credited to
        /// the institution and the case goes on. Payees come from the dispute.
        /// A member of the product's pool may not rule; the Arbiter that
        /// rules is recorded and may never join or claim from that pool.
        #[ink(message)]
        pub fn rule(&mut self, case_id: CaseId, fraud: bool, ruling: [u8; 32]) -> Result<(), Error> {
            access::require_role(Role::Arbiter)?;
            let mut record = self.disputes.get(case_id).ok_or(Error::UnknownDispute)?;
            let arbiter = self.env().caller();
            record.parties.check_arbiter(&arbiter)?;
            let product = self.cases.get(case_id).ok_or(Error::UnknownCase)?.product;
            arbiter_not_member(self.members.contains((product, arbiter)))?;
            let outcome = record.dispute.rule(fraud, ruling, self.env().block_timestamp())?;
            self.end_dispute(case_id, record, outcome)?;
            self.arbiters.insert((product, arbiter), &());
            Ok(())
        }

        /// After a missed ruling deadline anyone lets the customer recover
        /// its deposit; the case closes.
        #[ink(message)]
        pub fn lapse_dispute(&mut self, case_id: CaseId) -> Result<(), Error> {
            let mut record = self.disputes.get(case_id).ok_or(Error::UnknownDispute)?;
            let outcome = record.dispute.lapse(self.env().block_timestamp())?;
            self.end_dispute(case_id, record, outcome)
        }

        /// Closes an open case: its customer at any time, anyone after the
        /// case expired. The deposit is credited to the customer.
        #[ink(message)]
        pub fn close_case(&mut self, case_id: CaseId) -> Result<(), Error> {
            let mut case = self.cases.get(case_id).ok_or(Error::UnknownCase)?;
            let by_customer = case.customer == self.env().caller();
            let refund = case.close(by_customer, self.env().block_timestamp())?;
            self.case_ended(case_id, &case)?;
            self.credit(case.customer, refund)?;
            self.env().emit_event(CaseClosed { case: case_id, refund });
            Ok(())
        }

        /// The customer of a case on a product whose fraud was upheld joins
        /// the product's compensation pool, once per customer (however many
        /// cases it had), before the claim window ends. The case must have
        /// been opened strictly before the first fraud report on the product
        /// (so before the pool opened); the customer may not have ruled as
        /// Arbiter on a dispute about it, nor had its own fraud claim on it
        /// dismissed. Needs no current license.
        #[ink(message)]
        pub fn join_pool(&mut self, case_id: CaseId) -> Result<(), Error> {
            let case = self.customer_case(case_id)?;
            let mut listing = self.product_or_err(case.product)?;
            let now = self.env().block_timestamp();
            let key = (case.product, case.customer);
            not_its_arbiter(self.arbiters.contains(key))?;
            listing.product.bond.admits(case.opened_at, self.dismissed.contains(key))?;
            let pool = listing.product.bond.pool_mut()?;
            let member = pool.join(self.members.get(key), now)?;
            let claimants = pool.claimants;
            self.members.insert(key, &member);
            self.products.insert(case.product, &listing);
            self.env().emit_event(PoolJoined { product: case.product, customer: case.customer, claimants });
            Ok(())
        }

        /// After the claim window a member of the product's pool is credited
        /// its share, `min(fraud_compensation, funds / members)`, once.
        /// Needs no current license.
        #[ink(message)]
        pub fn claim_compensation(&mut self, product: ProductId) -> Result<Balance, Error> {
            let mut listing = self.product_or_err(product)?;
            let customer = self.env().caller();
            let key = (product, customer);
            not_its_arbiter(self.arbiters.contains(key))?;
            let (share, member) =
                listing.product.bond.pool_mut()?.claim(self.members.get(key), self.env().block_timestamp())?;
            self.members.insert(key, &member);
            self.products.insert(product, &listing);
            self.credit(customer, share)?;
            Ok(share)
        }

        /// Pays the caller everything it is owed. Needs no license.
        #[ink(message)]
        pub fn claim(&mut self) -> Result<Balance, Error> {
            Ok(self.credits.claim()?)
        }

        /// The parameters in force.
        #[ink(message)]
        pub fn params(&self) -> AdviceParams {
            self.params
        }

        /// A product and its institution.
        #[ink(message)]
        pub fn product(&self, product: ProductId) -> Option<ProductRecord> {
            self.products.get(product)
        }

        /// How many products were ever published (ids are `0..count`).
        #[ink(message)]
        pub fn product_count(&self) -> ProductId {
            self.product_count
        }

        /// Attribute `index` of a product: (name, value).
        #[ink(message)]
        pub fn attribute(&self, product: ProductId, index: u32) -> Option<(String, String)> {
            self.attributes.get((product, index))
        }

        /// Promise `index` of a product.
        #[ink(message)]
        pub fn promise(&self, product: ProductId, index: u32) -> Option<String> {
            self.promises.get((product, index))
        }

        /// An advisor's authorization for a product: status, deposit,
        /// rights and the published info hash the customer verifies the
        /// advisor's signed challenge against.
        #[ink(message)]
        pub fn authorization(&self, product: ProductId, advisor: AccountId) -> Option<Authorization> {
            self.authorizations.get((product, advisor))
        }

        /// A service case.
        #[ink(message)]
        pub fn case(&self, case_id: CaseId) -> Option<Case> {
            self.cases.get(case_id)
        }

        /// How many cases were ever opened (ids are `0..count`).
        #[ink(message)]
        pub fn case_count(&self) -> CaseId {
            self.case_count
        }

        /// The dispute of a case, if the customer claimed fraud.
        #[ink(message)]
        pub fn dispute(&self, case_id: CaseId) -> Option<ProductDispute> {
            self.disputes.get(case_id)
        }

        /// What `account` may pull with `claim`.
        #[ink(message)]
        pub fn credit_of(&self, account: AccountId) -> Balance {
            self.credits.of(account)
        }

        /// Whether `customer` joined (or already claimed from) the product's
        /// compensation pool.
        #[ink(message)]
        pub fn pool_member(&self, product: ProductId, customer: AccountId) -> Option<Membership> {
            self.members.get((product, customer))
        }

        fn end_dispute(&mut self, case_id: CaseId, record: ProductDispute, outcome: Outcome) -> Result<(), Error> {
            let mut case = self.cases.get(case_id).ok_or(Error::UnknownCase)?;
            let mut listing = self.product_or_err(case.product)?;
            let status = record.dispute.status;
            let to_customer = case.resolve(status, outcome.to_claimant)?;
            if status == DisputeStatus::Fraud {
                self.compensate(case.product, &mut listing, case.customer)?;
            } else if status == DisputeStatus::NoFraud {
                self.dismissed.insert((case.product, case.customer), &());
            }
            self.products.insert(case.product, &listing);
            if !case.is_open() {
                self.case_ended(case_id, &case)?;
            } else {
                self.cases.insert(case_id, &case);
            }
            self.disputes.insert(case_id, &record);
            self.credit(case.customer, to_customer)?;
            self.credit(record.dispute.accused, outcome.to_accused)?;
            self.env().emit_event(DisputeEnded {
                case: case_id,
                status,
                ruling: record.dispute.ruling,
                to_claimant: outcome.to_claimant,
                to_accused: outcome.to_accused,
            });
            Ok(())
        }

        /// Upheld fraud: suspends the product, opens its compensation pool
        /// the first time, and joins `customer` (if not yet a member and
        /// the window is open — a pending dispute's deadline never passes
        /// the window's end, since claim window ≥ ruling window).
        fn compensate(
            &mut self,
            product: ProductId,
            listing: &mut ProductRecord,
            customer: AccountId,
        ) -> Result<(), Error> {
            let now = self.env().block_timestamp();
            let (cap, window) = (self.params.fraud_compensation, self.params.claim_window_ms);
            let was = listing.product.status;
            listing.product.suspend();
            if listing.product.status != was {
                self.env().emit_event(ProductStatusChanged { product, status: listing.product.status });
            }
            let bond = &mut listing.product.bond;
            if bond.open_pool(cap, now, window)? {
                let pool = bond.pool_mut()?;
                let (funds, cap_per_customer, closes_at) = (pool.funds, pool.cap_per_customer, pool.closes_at);
                self.env().emit_event(PoolOpened { product, funds, cap_per_customer, closes_at });
            }
            let pool = bond.pool_mut()?;
            let key = (product, customer);
            let member = self.members.get(key);
            if member.is_none() && pool.is_open(now) && !self.arbiters.contains(key) {
                let joined = pool.join(member, now)?;
                let claimants = pool.claimants;
                self.members.insert(key, &joined);
                self.env().emit_event(PoolJoined { product, customer, claimants });
            }
            Ok(())
        }

        /// Whether `who` holds a current license for `role` (the registry's
        /// answer now, not when the case began).
        fn require_licensed(&self, who: AccountId, role: Role, lapsed: PartyError) -> Result<(), Error> {
            if self.env().extension().has_role(who, role) {
                Ok(())
            } else {
                Err(lapsed.into())
            }
        }

        /// Stores a closed case and releases its hold on the product bond
        /// and the advisor's deposit.
        fn case_ended(&mut self, case_id: CaseId, case: &Case) -> Result<(), Error> {
            let mut listing = self.product_or_err(case.product)?;
            let mut auth = self.authorization_or_err(case.product, case.advisor)?;
            listing.product.bond.case_closed()?;
            auth.case_closed()?;
            self.products.insert(case.product, &listing);
            self.authorizations.insert((case.product, case.advisor), &auth);
            self.cases.insert(case_id, case);
            Ok(())
        }

        fn credit(&mut self, account: AccountId, amount: Balance) -> Result<(), Error> {
            Ok(self.credits.credit(account, amount)?)
        }

        fn product_or_err(&self, product: ProductId) -> Result<ProductRecord, Error> {
            self.products.get(product).ok_or(Error::UnknownProduct)
        }

        /// The product, if the caller is its institution and still licensed.
        fn owned(&self, product: ProductId) -> Result<ProductRecord, Error> {
            access::require_role(Role::Institution)?;
            self.own(product)
        }

        /// The product, if the caller is its institution (licensed or not).
        fn own(&self, product: ProductId) -> Result<ProductRecord, Error> {
            let listing = self.product_or_err(product)?;
            if listing.institution != self.env().caller() {
                return Err(Error::NotInstitution);
            }
            Ok(listing)
        }

        fn store_status(&mut self, product: ProductId, listing: &ProductRecord) {
            self.products.insert(product, listing);
            self.env().emit_event(ProductStatusChanged { product, status: listing.product.status });
        }

        fn authorization_or_err(&self, product: ProductId, advisor: AccountId) -> Result<Authorization, Error> {
            self.authorizations.get((product, advisor)).ok_or(Error::UnknownAuthorization)
        }

        fn store_authorization(&mut self, product: ProductId, advisor: AccountId, auth: &Authorization) {
            self.authorizations.insert((product, advisor), auth);
            self.env().emit_event(AuthorizationChanged { product, advisor, status: auth.status, rights: auth.rights });
        }

        fn customer_case(&self, case_id: CaseId) -> Result<Case, Error> {
            let case = self.cases.get(case_id).ok_or(Error::UnknownCase)?;
            if case.customer != self.env().caller() {
                return Err(Error::NotCustomer);
            }
            Ok(case)
        }
    }

    fn check_text(text: &str, max: usize) -> Result<(), Error> {
        if text.is_empty() || text.len() > max {
            Err(Error::BadText)
        } else {
            Ok(())
        }
    }

    impl AdviceView for Advice {
        /// A case as the `investment` contract needs it: parties, whether
        /// the case is open and not expired, whether its advisor may sign for the product
        /// and whether the product is offered.
        #[ink(message)]
        fn case_view(&self, case_id: CaseId) -> Option<CaseView<AccountId>> {
            let case = self.cases.get(case_id)?;
            let record = self.products.get(case.product)?;
            let advisor_may_sign =
                self.authorizations.get((case.product, case.advisor)).is_some_and(|a| a.allows(|r| r.signing));
            Some(CaseView {
                customer: case.customer,
                advisor: case.advisor,
                institution: record.institution,
                product: case.product,
                case_open: case.is_live(self.env().block_timestamp()),
                advisor_may_sign,
                product_offered: record.product.is_offered(),
            })
        }

        /// A product's institution and status (for the `investment` contract).
        #[ink(message)]
        fn product_owner(&self, product: ProductId) -> Option<(AccountId, ProductStatus)> {
            self.products.get(product).map(|r| (r.institution, r.product.status))
        }
    }
}

#[cfg(test)]
mod tests;
