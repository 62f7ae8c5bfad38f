//! # Investment (FITM investment contract, docs/protocol/fitm.md#the-two-contracts)
//!
//! Agreement templates with bonds, investment agreements escrowed through a
//! cooling-off window, and the disputes about both. Service cases, advisors'
//! rights and products live in the `advice` contract; this contract asks it
//! (one cross-contract read, [`CaseView`]) before every check, proposal and
//! signature: the caller must be the case's customer or advisor, the advisor
//! must hold the signing right for the product, the product must be open.
//! Money never crosses the contract boundary: the customer's payment, the
//! advisor's stake, template bonds and dispute deposits are all held here,
//! and this contract's balance is exactly what it owes.
//!
//! | message | who |
//! |---|---|
//! | `release_template` (pays the bond) | Institution owning the product |
//! | `withdraw_template`, `withdraw_template_bond` | the template's institution (no current license needed) |
//! | `check_template` (a fraud report pays the report deposit) | the case's customer (Customer) |
//! | `propose` | the case's advisor (Advisor) with the signing right |
//! | `sign` (customer pays the amount, advisor its stake) | the agreement's customer (Customer) or advisor (Advisor) |
//! | `dispute_agreement` (pays the report deposit) | the agreement's customer, during cooling-off |
//! | `rule` | Arbiter (not a party of the case) |
//! | `join_pool` | a customer whose case checked the template or had an agreement proposed under it strictly before its first fraud report (not an arbiter of it, no dismissed report on it) |
//! | `claim_compensation` | a member of the template's pool (not an arbiter of it), after the claim window |
//! | `settle`, `lapse_agreement`, `lapse_dispute` | anyone, after the deadline |
//! | `claim` | anyone owed a credit |
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The investment contract: storage, constructors and messages.
#[ink::contract(env = fiducia_registry_api::FiduciaEnvironment)]
pub mod investment {
    use fiducia_core::trust::{
        agreement::{Agreement, Payouts},
        authorization::AuthorizationError,
        case::CaseError,
        dispute::{Dispute, DisputeStatus, Outcome, Stakes},
        error::{AdviceError, InvestmentError},
        params::InvestmentParams,
        parties::{arbiter_not_member, not_its_arbiter, Parties, PartyError},
        pool::{Membership, PoolError},
        product::{ProductError, ProductStatus},
        records,
        template::Template,
        AgreementId, CaseId, CaseView, DisputeId, ProductId, TemplateId, Verdict,
    };
    /// The contract's events, defined once in `fiducia-interfaces`.
    pub use fiducia_interfaces::investment::*;
    use fiducia_payouts::Credits;
    use fiducia_registry_api::{access, Role};
    use ink::{
        env::hash::{Blake2x256, HashOutput},
        storage::Mapping,
    };
    #[cfg(not(test))]
    use {fiducia_interfaces::advice::AdviceView, ink::codegen::TraitCallBuilder};

    /// Why a message was refused; nothing changed.
    pub type Error = InvestmentError;
    /// A template and its institution.
    pub type TemplateRecord = records::TemplateRecord<AccountId>;
    /// An agreement and its parties.
    pub type AgreementRecord = records::AgreementRecord<AccountId>;
    /// A dispute and the parties of its case.
    pub type InvestmentDispute = records::InvestmentDispute<AccountId>;
    pub use fiducia_core::trust::records::Subject;

    /// The contract's storage.
    #[ink(storage)]
    pub struct Investment {
        params: InvestmentParams,
        advice: AccountId,
        templates: Mapping<TemplateId, TemplateRecord>,
        template_count: TemplateId,
        checks: Mapping<(CaseId, TemplateId), bool>,
        /// When the case first checked the template or had an agreement
        /// proposed under it (pool eligibility).
        related: Mapping<(CaseId, TemplateId), Timestamp>,
        members: Mapping<(TemplateId, AccountId), Membership>,
        /// (template, account) that ruled as Arbiter on a dispute about it
        /// or one of its agreements.
        arbiters: Mapping<(TemplateId, AccountId), ()>,
        /// (template, customer) whose own fraud report on it was dismissed.
        dismissed: Mapping<(TemplateId, AccountId), ()>,
        agreements: Mapping<AgreementId, AgreementRecord>,
        agreement_count: AgreementId,
        disputes: Mapping<DisputeId, InvestmentDispute>,
        dispute_count: DisputeId,
        credits: Credits,
    }

    impl Investment {
        /// A contract that reads cases from the `advice` contract at
        /// `advice`, if the parameters are valid
        /// ([`InvestmentParams::validate`]); otherwise nothing is deployed.
        #[ink(constructor)]
        pub fn new(advice: AccountId, params: InvestmentParams) -> Result<Self, Error> {
            params.validate()?;
            Ok(Self::with(advice, params))
        }

        /// The same with the documented default parameters.
        #[ink(constructor)]
        pub fn with_defaults(advice: AccountId) -> Self {
            Self::with(advice, InvestmentParams::default())
        }

        fn with(advice: AccountId, params: InvestmentParams) -> Self {
            Self {
                params,
                advice,
                templates: Mapping::default(),
                template_count: 0,
                checks: Mapping::default(),
                related: Mapping::default(),
                members: Mapping::default(),
                arbiters: Mapping::default(),
                dismissed: Mapping::default(),
                agreements: Mapping::default(),
                agreement_count: 0,
                disputes: Mapping::default(),
                dispute_count: 0,
                credits: Credits::default(),
            }
        }

        /// The product's institution releases a template for its open
        /// product, paying exactly the template bond.
        #[ink(message, payable)]
        pub fn release_template(&mut self, product: ProductId, terms_hash: [u8; 32]) -> Result<TemplateId, Error> {
            access::require_role(Role::Institution)?;
            let institution = self.env().caller();
            let (owner, status) = self.product_owner(product)?;
            if owner != institution {
                return Err(Error::NotInstitution);
            }
            if status != ProductStatus::Open {
                return Err(AdviceError::Product(ProductError::WrongState).into());
            }
            let template =
                Template::release(product, terms_hash, self.env().transferred_value(), self.params.template_bond)?;
            let id = self.template_count;
            self.template_count = id.checked_add(1).ok_or(Error::Overflow)?;
            self.templates.insert(id, &TemplateRecord { institution, template });
            self.env().emit_event(TemplateReleased { template: id, product, institution, terms_hash });
            Ok(id)
        }

        /// The template's institution withdraws it: no new agreements.
        /// Needs ownership only, no current license: a revoked institution
        /// must still be able to withdraw and so recover its bond.
        #[ink(message)]
        pub fn withdraw_template(&mut self, template: TemplateId) -> Result<(), Error> {
            let mut offer = self.owned_template(template)?;
            offer.template.withdraw()?;
            self.store_template_status(template, &offer);
            Ok(())
        }

        /// The institution takes the bond of a withdrawn template back once
        /// no agreement or report refers to it and the claim window of its
        /// compensation pool (if any) is over — then what the members'
        /// shares leave (credited; needs no license).
        #[ink(message)]
        pub fn withdraw_template_bond(&mut self, template: TemplateId) -> Result<Balance, Error> {
            let mut offer = self.owned_template(template)?;
            let bond = offer.template.withdraw_bond(self.env().block_timestamp())?;
            self.templates.insert(template, &offer);
            self.credit(offer.institution, bond)?;
            Ok(bond)
        }

        /// The case's customer checks a template for the case's product,
        /// once, while the case is open and the template offered with no
        /// fraud upheld (a report on a withdrawn or suspended template would
        /// only hold its bond). `Ok` takes no value; `Fraud(evidence)` pays
        /// the report deposit and opens a dispute against the institution;
        /// nothing of the bond is reserved.
        #[ink(message, payable)]
        pub fn check_template(&mut self, case: CaseId, template: TemplateId, verdict: Verdict) -> Result<(), Error> {
            access::require_role(Role::Customer)?;
            let view = self.case_view(case)?;
            let customer = self.env().caller();
            if view.customer != customer {
                return Err(Error::NotCustomer);
            }
            if !view.case_open {
                return Err(AdviceError::Case(CaseError::WrongState).into());
            }
            let mut offer = self.template_or_err(template)?;
            if offer.template.product != view.product {
                return Err(Error::WrongProduct);
            }
            if self.checks.contains((case, template)) {
                return Err(Error::AlreadyChecked);
            }
            offer.template.accepts_reports()?;
            let sent = self.env().transferred_value();
            let now = self.env().block_timestamp();
            match verdict {
                Verdict::Ok => {
                    if sent != 0 {
                        return Err(Error::WrongValue);
                    }
                    self.checks.insert((case, template), &false);
                    self.related_at(case, template, now);
                    self.env().emit_event(TemplateApproved { case, template });
                },
                Verdict::Fraud(evidence) => {
                    if sent != self.params.report_deposit {
                        return Err(Error::WrongValue);
                    }
                    offer.template.bond.case_opened()?;
                    let stakes = Stakes {
                        claimant_deposit: sent,
                        accused_pool: 0,
                        compensation: 0,
                        penalty: self.params.report_penalty,
                    };
                    let parties = Parties { customer, advisor: view.advisor, institution: offer.institution };
                    let claim = self.open_dispute(
                        Subject::Template(template),
                        customer,
                        offer.institution,
                        evidence,
                        stakes,
                        parties,
                    )?;
                    offer.template.bond.report_filed(now);
                    self.checks.insert((case, template), &true);
                    self.related_at(case, template, now);
                    self.templates.insert(template, &offer);
                    self.store_dispute(claim)?;
                },
            }
            Ok(())
        }

        /// The case's advisor, holding the signing right for the open
        /// product, proposes an agreement of `amount` over a template. Both
        /// parties then sign the returned agreement's `terms_hash`. The
        /// institution must still hold its license.
        #[ink(message)]
        pub fn propose(&mut self, case: CaseId, template: TemplateId, amount: Balance) -> Result<AgreementId, Error> {
            access::require_role(Role::Advisor)?;
            let view = self.signable_case(case)?;
            if view.advisor != self.env().caller() {
                return Err(Error::NotAdvisor);
            }
            self.require_licensed(view.institution, Role::Institution, PartyError::InstitutionUnlicensed)?;
            let mut offer = self.template_or_err(template)?;
            if offer.template.product != view.product {
                return Err(Error::WrongProduct);
            }
            offer.template.agreement_opened()?;
            let id = self.agreement_count;
            let next = id.checked_add(1).ok_or(Error::Overflow)?;
            let terms = (offer.template.terms_hash, template, case, id, amount, view.customer, view.advisor);
            let mut terms_hash = <Blake2x256 as HashOutput>::Type::default();
            ink::env::hash_encoded::<Blake2x256, _>(&terms, &mut terms_hash);
            let now = self.env().block_timestamp();
            let agreement = Agreement::propose(terms_hash, amount, now, &self.params.agreement)?;
            self.agreement_count = next;
            self.templates.insert(template, &offer);
            self.related_at(case, template, now);
            let deal = AgreementRecord {
                case,
                template,
                customer: view.customer,
                advisor: view.advisor,
                institution: view.institution,
                agreement,
                dispute: None,
            };
            self.agreements.insert(id, &deal);
            self.env().emit_event(AgreementProposed {
                agreement: id,
                case,
                amount,
                stake: agreement.stake,
                terms_hash,
                deadline: agreement.deadline,
            });
            Ok(id)
        }

        /// The agreement's customer (paying the amount) or advisor (paying
        /// its stake) signs `terms_hash`. Every signature re-checks the
        /// case, the advisor's signing right and the product with `advice`,
        /// and the advisor's and institution's licenses with the registry.
        #[ink(message, payable)]
        pub fn sign(&mut self, agreement: AgreementId, terms_hash: [u8; 32]) -> Result<(), Error> {
            let mut deal = self.agreement_or_err(agreement)?;
            let caller = self.env().caller();
            let role = if caller == deal.customer {
                Role::Customer
            } else if caller == deal.advisor {
                Role::Advisor
            } else {
                return Err(Error::NotCustomer);
            };
            access::require_role(role)?;
            self.signable_case(deal.case)?;
            self.template_or_err(deal.template)?.template.accepts_signatures()?;
            if role == Role::Customer {
                self.require_licensed(deal.advisor, Role::Advisor, PartyError::AdvisorUnlicensed)?;
            }
            self.require_licensed(deal.institution, Role::Institution, PartyError::InstitutionUnlicensed)?;
            let (sent, now, terms) =
                (self.env().transferred_value(), self.env().block_timestamp(), &self.params.agreement);
            if role == Role::Customer {
                deal.agreement.customer_signs(&terms_hash, sent, now, terms)?;
            } else {
                deal.agreement.advisor_signs(&terms_hash, sent, now, terms)?;
            }
            self.store_agreement(agreement, &deal);
            Ok(())
        }

        /// After a signing deadline anyone ends the agreement; whoever paid
        /// is credited its money back.
        #[ink(message)]
        pub fn lapse_agreement(&mut self, agreement: AgreementId) -> Result<(), Error> {
            let mut deal = self.agreement_or_err(agreement)?;
            let payouts = deal.agreement.lapse(self.env().block_timestamp())?;
            self.agreement_ended(agreement, &deal, payouts)
        }

        /// After cooling-off anyone settles: the investment is credited to
        /// the institution and the stake back to the advisor.
        #[ink(message)]
        pub fn settle(&mut self, agreement: AgreementId) -> Result<(), Error> {
            let mut deal = self.agreement_or_err(agreement)?;
            let payouts = deal.agreement.settle(self.env().block_timestamp())?;
            self.agreement_ended(agreement, &deal, payouts)
        }

        /// The agreement's customer disputes it during cooling-off, paying
        /// exactly the report deposit. At stake: that deposit (the no-fraud
        /// penalty comes out of it) and this agreement's advisor stake, which
        /// pays the compensation; nothing of the template bond is reserved.
        /// The payment stays in escrow. Protecting one's escrowed money
        /// needs no current license.
        #[ink(message, payable)]
        pub fn dispute_agreement(&mut self, agreement: AgreementId, evidence: [u8; 32]) -> Result<DisputeId, Error> {
            let mut deal = self.agreement_or_err(agreement)?;
            if deal.customer != self.env().caller() {
                return Err(Error::NotCustomer);
            }
            if self.env().transferred_value() != self.params.report_deposit {
                return Err(Error::WrongValue);
            }
            let terms = self.params.agreement;
            let (now, deposit, penalty) =
                (self.env().block_timestamp(), self.params.report_deposit, self.params.report_penalty);
            let stakes = deal.agreement.dispute(now, deposit, penalty, &terms)?;
            let parties = Parties { customer: deal.customer, advisor: deal.advisor, institution: deal.institution };
            let claim = self.open_dispute(
                Subject::Agreement(agreement),
                deal.customer,
                deal.advisor,
                evidence,
                stakes,
                parties,
            )?;
            let id = self.store_dispute(claim)?;
            deal.dispute = Some(id);
            self.store_agreement(agreement, &deal);
            Ok(id)
        }

        /// The Arbiter — none of the case's customer, advisor and
        /// institution — rules, once, before the deadline. Payees come from
        /// the dispute and the agreement, never from the arguments. Upheld
        /// template fraud suspends the template, the first time turns its
        /// free bond into the compensation pool, and joins the claimant.
        /// A member of the template's pool may not rule on a dispute about
        /// it or its agreements; the Arbiter that rules is recorded and may
        /// never join or claim from that pool.
        #[ink(message)]
        pub fn rule(&mut self, dispute: DisputeId, fraud: bool, ruling: [u8; 32]) -> Result<(), Error> {
            access::require_role(Role::Arbiter)?;
            let mut claim = self.disputes.get(dispute).ok_or(Error::UnknownDispute)?;
            let arbiter = self.env().caller();
            claim.parties.check_arbiter(&arbiter)?;
            let template = match claim.subject {
                Subject::Template(template) => template,
                Subject::Agreement(agreement) => self.agreement_or_err(agreement)?.template,
            };
            arbiter_not_member(self.members.contains((template, arbiter)))?;
            let outcome = claim.dispute.rule(fraud, ruling, self.env().block_timestamp())?;
            self.end_dispute(dispute, claim, outcome)?;
            self.arbiters.insert((template, arbiter), &());
            Ok(())
        }

        /// After a missed ruling deadline anyone ends the dispute: the
        /// claimant recovers its deposit (and its payment), the advisor its stake.
        #[ink(message)]
        pub fn lapse_dispute(&mut self, dispute: DisputeId) -> Result<(), Error> {
            let mut claim = self.disputes.get(dispute).ok_or(Error::UnknownDispute)?;
            let outcome = claim.dispute.lapse(self.env().block_timestamp())?;
            self.end_dispute(dispute, claim, outcome)
        }

        /// The customer of `case` joins the compensation pool of `template`
        /// (opened by upheld template fraud), once per customer, before the
        /// claim window ends, if that case checked the template or had an
        /// agreement proposed under it strictly before the first fraud
        /// report on the template (so before the pool opened), the customer
        /// never ruled as Arbiter on it and its own report on it was not
        /// dismissed. Needs no current license.
        #[ink(message)]
        pub fn join_pool(&mut self, template: TemplateId, case: CaseId) -> Result<(), Error> {
            let mut offer = self.template_or_err(template)?;
            let view = self.case_view(case)?;
            let customer = self.env().caller();
            if view.customer != customer {
                return Err(Error::NotCustomer);
            }
            let since = self.related.get((case, template)).ok_or(PoolError::NotEligible)?;
            let key = (template, customer);
            not_its_arbiter(self.arbiters.contains(key))?;
            offer.template.bond.admits(since, self.dismissed.contains(key))?;
            let pool = offer.template.bond.pool_mut()?;
            let member = pool.join(self.members.get(key), self.env().block_timestamp())?;
            let claimants = pool.claimants;
            self.members.insert(key, &member);
            self.templates.insert(template, &offer);
            self.env().emit_event(PoolJoined { template, customer, claimants });
            Ok(())
        }

        /// After the claim window a member of the template's pool is
        /// credited its share, `min(template_compensation, funds / members)`,
        /// once. Needs no current license.
        #[ink(message)]
        pub fn claim_compensation(&mut self, template: TemplateId) -> Result<Balance, Error> {
            let mut offer = self.template_or_err(template)?;
            let customer = self.env().caller();
            let key = (template, customer);
            not_its_arbiter(self.arbiters.contains(key))?;
            let (share, member) =
                offer.template.bond.pool_mut()?.claim(self.members.get(key), self.env().block_timestamp())?;
            self.members.insert(key, &member);
            self.templates.insert(template, &offer);
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
        pub fn params(&self) -> InvestmentParams {
            self.params
        }

        /// The advice contract this one reads cases from.
        #[ink(message)]
        pub fn advice(&self) -> AccountId {
            self.advice
        }

        /// A template and its institution.
        #[ink(message)]
        pub fn template(&self, template: TemplateId) -> Option<TemplateRecord> {
            self.templates.get(template)
        }

        /// How many templates were ever released (ids are `0..count`).
        #[ink(message)]
        pub fn template_count(&self) -> TemplateId {
            self.template_count
        }

        /// An agreement.
        #[ink(message)]
        pub fn agreement(&self, agreement: AgreementId) -> Option<AgreementRecord> {
            self.agreements.get(agreement)
        }

        /// How many agreements were ever proposed (ids are `0..count`).
        #[ink(message)]
        pub fn agreement_count(&self) -> AgreementId {
            self.agreement_count
        }

        /// A dispute.
        #[ink(message)]
        pub fn dispute(&self, dispute: DisputeId) -> Option<InvestmentDispute> {
            self.disputes.get(dispute)
        }

        /// How many disputes were ever opened (ids are `0..count`).
        #[ink(message)]
        pub fn dispute_count(&self) -> DisputeId {
            self.dispute_count
        }

        /// How the case's customer checked the template: `None` if not yet,
        /// `Some(false)` for Ok, `Some(true)` for a fraud report.
        #[ink(message)]
        pub fn check(&self, case: CaseId, template: TemplateId) -> Option<bool> {
            self.checks.get((case, template))
        }

        /// What `account` may pull with `claim`.
        #[ink(message)]
        pub fn credit_of(&self, account: AccountId) -> Balance {
            self.credits.of(account)
        }

        /// Whether `customer` joined (or already claimed from) the
        /// template's compensation pool.
        #[ink(message)]
        pub fn pool_member(&self, template: TemplateId, customer: AccountId) -> Option<Membership> {
            self.members.get((template, customer))
        }

        fn open_dispute(
            &self,
            subject: Subject,
            claimant: AccountId,
            accused: AccountId,
            evidence: [u8; 32],
            stakes: Stakes,
            parties: Parties<AccountId>,
        ) -> Result<InvestmentDispute, Error> {
            let now = self.env().block_timestamp();
            let dispute = Dispute::open(claimant, accused, evidence, stakes, now, self.params.ruling_window_ms)?;
            Ok(InvestmentDispute { subject, dispute, parties })
        }

        fn store_dispute(&mut self, claim: InvestmentDispute) -> Result<DisputeId, Error> {
            let id = self.dispute_count;
            self.dispute_count = id.checked_add(1).ok_or(Error::Overflow)?;
            self.env().emit_event(DisputeOpened {
                dispute: id,
                subject: claim.subject,
                claimant: claim.dispute.claimant,
                accused: claim.dispute.accused,
                evidence: claim.dispute.evidence,
                deadline: claim.dispute.deadline,
            });
            self.disputes.insert(id, &claim);
            Ok(id)
        }

        fn end_dispute(&mut self, id: DisputeId, claim: InvestmentDispute, outcome: Outcome) -> Result<(), Error> {
            let status = claim.dispute.status;
            match claim.subject {
                Subject::Template(template) => {
                    let mut offer = self.template_or_err(template)?;
                    offer.template.bond.case_closed()?;
                    if status == DisputeStatus::Fraud {
                        self.compensate(template, &mut offer, claim.dispute.claimant, true)?;
                    } else if status == DisputeStatus::NoFraud {
                        self.dismissed.insert((template, claim.dispute.claimant), &());
                    }
                    self.templates.insert(template, &offer);
                    self.credit(claim.dispute.claimant, outcome.to_claimant)?;
                    self.credit(claim.dispute.accused, outcome.to_accused)?;
                },
                Subject::Agreement(agreement) => {
                    let mut deal = self.agreement_or_err(agreement)?;
                    let mut payouts = deal.agreement.resolve(status, &outcome)?;
                    if status == DisputeStatus::Fraud {
                        // The stake paid this agreement's compensation; the
                        // template bond only through its pool, if template
                        // fraud opened one (the customer is eligible).
                        let mut offer = self.template_or_err(deal.template)?;
                        self.compensate(deal.template, &mut offer, deal.customer, false)?;
                        self.templates.insert(deal.template, &offer);
                    }
                    // The claimant is the deal's customer, the accused its
                    // advisor: the dispute's money joins their payouts, so
                    // each party is credited once.
                    payouts.customer = payouts.customer.checked_add(outcome.to_claimant).ok_or(Error::Overflow)?;
                    payouts.advisor = payouts.advisor.checked_add(outcome.to_accused).ok_or(Error::Overflow)?;
                    self.agreement_ended(agreement, &deal, payouts)?;
                },
            }
            self.env().emit_event(DisputeEnded { dispute: id, status, ruling: claim.dispute.ruling });
            self.disputes.insert(id, &claim);
            Ok(())
        }

        /// Upheld fraud about `template`. A template report (`opens`)
        /// suspends it and, the first time, turns its free bond into the
        /// compensation pool. Then `customer` joins the pool, if there is
        /// one, it is still open and the customer is not yet a member (a
        /// report pending at the first ruling is decided before the window
        /// ends, since claim window ≥ ruling window).
        fn compensate(
            &mut self,
            template: TemplateId,
            offer: &mut TemplateRecord,
            customer: AccountId,
            opens: bool,
        ) -> Result<(), Error> {
            let now = self.env().block_timestamp();
            if opens {
                let was = offer.template.status;
                offer.template.suspend();
                if offer.template.status != was {
                    self.env().emit_event(TemplateStatusChanged { template, status: offer.template.status });
                }
                let (cap, window) = (self.params.template_compensation, self.params.claim_window_ms);
                if offer.template.bond.open_pool(cap, now, window)? {
                    let pool = offer.template.bond.pool_mut()?;
                    let (funds, cap_per_customer, closes_at) = (pool.funds, pool.cap_per_customer, pool.closes_at);
                    self.env().emit_event(PoolOpened { template, funds, cap_per_customer, closes_at });
                }
            }
            let Some(pool) = offer.template.bond.pool.as_mut() else { return Ok(()) };
            let key = (template, customer);
            let member = self.members.get(key);
            if member.is_none() && pool.is_open(now) && !self.arbiters.contains(key) {
                let joined = pool.join(member, now)?;
                let claimants = pool.claimants;
                self.members.insert(key, &joined);
                self.env().emit_event(PoolJoined { template, customer, claimants });
            }
            Ok(())
        }

        /// `who` holds a current license for `role` (the registry's answer
        /// now, not when the case began), or `lapsed`.
        fn require_licensed(&self, who: AccountId, role: Role, lapsed: PartyError) -> Result<(), Error> {
            if self.env().extension().has_role(who, role) {
                Ok(())
            } else {
                Err(lapsed.into())
            }
        }

        /// Stores an ended agreement, credits its payouts and releases its
        /// hold on the template bond.
        fn agreement_ended(&mut self, id: AgreementId, deal: &AgreementRecord, payouts: Payouts) -> Result<(), Error> {
            let mut offer = self.template_or_err(deal.template)?;
            offer.template.bond.case_closed()?;
            self.templates.insert(deal.template, &offer);
            self.store_agreement(id, deal);
            self.credit(deal.customer, payouts.customer)?;
            self.credit(deal.advisor, payouts.advisor)?;
            self.credit(deal.institution, payouts.institution)
        }

        /// The case's first check of, or proposal under, the template (kept
        /// at the earliest).
        fn related_at(&mut self, case: CaseId, template: TemplateId, now: Timestamp) {
            if !self.related.contains((case, template)) {
                self.related.insert((case, template), &now);
            }
        }

        fn store_agreement(&mut self, id: AgreementId, deal: &AgreementRecord) {
            self.agreements.insert(id, deal);
            self.env().emit_event(AgreementChanged {
                agreement: id,
                status: deal.agreement.status,
                deadline: deal.agreement.deadline,
            });
        }

        fn store_template_status(&mut self, id: TemplateId, offer: &TemplateRecord) {
            self.templates.insert(id, offer);
            self.env().emit_event(TemplateStatusChanged { template: id, status: offer.template.status });
        }

        fn credit(&mut self, account: AccountId, amount: Balance) -> Result<(), Error> {
            Ok(self.credits.credit(account, amount)?)
        }

        fn template_or_err(&self, template: TemplateId) -> Result<TemplateRecord, Error> {
            self.templates.get(template).ok_or(Error::UnknownTemplate)
        }

        fn owned_template(&self, template: TemplateId) -> Result<TemplateRecord, Error> {
            let offer = self.template_or_err(template)?;
            if offer.institution != self.env().caller() {
                return Err(Error::NotInstitution);
            }
            Ok(offer)
        }

        fn agreement_or_err(&self, agreement: AgreementId) -> Result<AgreementRecord, Error> {
            self.agreements.get(agreement).ok_or(Error::UnknownAgreement)
        }

        /// The case, if it is open, its advisor holds the signing right and
        /// its product is offered (docs/protocol/fitm.md#agreements: who may sign).
        fn signable_case(&self, case: CaseId) -> Result<CaseView<AccountId>, Error> {
            let view = self.case_view(case)?;
            if !view.case_open {
                return Err(AdviceError::Case(CaseError::WrongState).into());
            }
            if !view.advisor_may_sign {
                return Err(AdviceError::Authorization(AuthorizationError::MissingRight).into());
            }
            if !view.product_offered {
                return Err(AdviceError::Product(ProductError::WrongState).into());
            }
            Parties { customer: view.customer, advisor: view.advisor, institution: view.institution }
                .check_distinct()?;
            Ok(view)
        }

        fn case_view(&self, case: CaseId) -> Result<CaseView<AccountId>, Error> {
            #[cfg(not(test))]
            let view = self.advice_view().call().case_view(case).try_invoke();
            // ink!'s off-chain engine cannot call contracts: the tests answer
            // with the real advice contract's code in the same environment.
            #[cfg(test)]
            let view = Ok(Ok(crate::tests::sibling::case_view(self.advice, case)));
            unreachable_or(view)?.ok_or(AdviceError::UnknownCase.into())
        }

        fn product_owner(&self, product: ProductId) -> Result<(AccountId, ProductStatus), Error> {
            #[cfg(not(test))]
            let owner = self.advice_view().call().product_owner(product).try_invoke();
            #[cfg(test)]
            let owner = Ok(Ok(crate::tests::sibling::product_owner(self.advice, product)));
            unreachable_or(owner)?.ok_or(AdviceError::UnknownProduct.into())
        }

        /// The advice contract, called through its one interface definition.
        #[cfg(not(test))]
        fn advice_view(&self) -> ink::contract_ref!(AdviceView, fiducia_registry_api::FiduciaEnvironment) {
            self.advice.into()
        }
    }

    /// A cross-contract read that failed in the environment or in ink!'s
    /// dispatcher: the advice contract could not be asked.
    fn unreachable_or<R>(answer: ink::env::Result<ink::MessageResult<R>>) -> Result<R, Error> {
        answer.map_err(|_| Error::AdviceUnreachable)?.map_err(|_| Error::AdviceUnreachable)
    }
}

#[cfg(test)]
mod tests;
