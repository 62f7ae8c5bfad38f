//! # Investment (FITM investment contract, SPEC §4.4)
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
//! | `withdraw_template` | the template's institution (Institution) |
//! | `withdraw_template_bond` | the template's institution |
//! | `check_template` (a fraud report pays the report deposit) | the case's customer (Customer) |
//! | `propose` | the case's advisor (Advisor) with the signing right |
//! | `sign` (customer pays the amount, advisor its stake) | the agreement's customer (Customer) or advisor (Advisor) |
//! | `dispute_agreement` (pays the report deposit) | the agreement's customer, during cooling-off |
//! | `rule` | Arbiter |
//! | `settle`, `lapse_agreement`, `lapse_dispute` | anyone, after the deadline |
//! | `claim` | anyone owed a credit |
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract(env = fiducia_registry_api::FiduciaEnvironment)]
mod investment {
    use fiducia_core::trust::{
        agreement::{Agreement, AgreementStatus, Payouts},
        authorization::AuthorizationError,
        case::CaseError,
        dispute::{Dispute, DisputeStatus, Outcome, Stakes},
        error::{AdviceError, InvestmentError},
        params::InvestmentParams,
        product::{ProductError, ProductStatus},
        records,
        template::{Template, TemplateStatus},
        AgreementId, CaseId, CaseView, DisputeId, ProductId, TemplateId, Verdict,
    };
    use fiducia_payouts::Credits;
    use fiducia_registry_api::{access, Role};
    use ink::{
        env::hash::{Blake2x256, HashOutput},
        storage::Mapping,
    };

    /// Why a message was refused; nothing changed.
    pub type Error = InvestmentError;
    /// A template and its institution.
    pub type Offer = records::Offer<AccountId>;
    /// An agreement and its parties.
    pub type Deal = records::Deal<AccountId>;
    /// A dispute and the template bond it reserved.
    pub type Claim = records::Claim<AccountId>;
    pub use fiducia_core::trust::records::Subject;

    /// An institution released a template for a product, posting its bond.
    #[ink(event)]
    pub struct TemplateReleased {
        /// The template.
        #[ink(topic)]
        pub template: TemplateId,
        /// The product.
        #[ink(topic)]
        pub product: ProductId,
        /// The institution.
        pub institution: AccountId,
        /// Hash of the terms.
        pub terms_hash: [u8; 32],
    }

    /// A template changed status (suspended after fraud, withdrawn).
    #[ink(event)]
    pub struct TemplateStatusChanged {
        /// The template.
        #[ink(topic)]
        pub template: TemplateId,
        /// The new status.
        pub status: TemplateStatus,
    }

    /// A customer checked a template and found nothing wrong.
    #[ink(event)]
    pub struct TemplateApproved {
        /// The case.
        #[ink(topic)]
        pub case: CaseId,
        /// The template.
        #[ink(topic)]
        pub template: TemplateId,
    }

    /// An advisor proposed an agreement; both parties sign `terms_hash`.
    #[ink(event)]
    pub struct AgreementProposed {
        /// The agreement.
        #[ink(topic)]
        pub agreement: AgreementId,
        /// The case.
        #[ink(topic)]
        pub case: CaseId,
        /// The investment amount.
        pub amount: Balance,
        /// The advisor's stake.
        pub stake: Balance,
        /// What both sign.
        pub terms_hash: [u8; 32],
        /// The first signature is due by then.
        pub deadline: Timestamp,
    }

    /// An agreement moved: signed, cooling off, settled, refunded, lapsed, disputed.
    #[ink(event)]
    pub struct AgreementChanged {
        /// The agreement.
        #[ink(topic)]
        pub agreement: AgreementId,
        /// The new status.
        pub status: AgreementStatus,
        /// Deadline of the new state, if it waits for one.
        pub deadline: Timestamp,
    }

    /// A dispute was opened; the Arbiter must rule by `deadline`.
    #[ink(event)]
    pub struct DisputeOpened {
        /// The dispute.
        #[ink(topic)]
        pub dispute: DisputeId,
        /// What it is about.
        pub subject: Subject,
        /// The customer.
        pub claimant: AccountId,
        /// The institution (template) or advisor (agreement).
        pub accused: AccountId,
        /// Hash of the evidence.
        pub evidence: [u8; 32],
        /// Ruling deadline.
        pub deadline: Timestamp,
    }

    /// A dispute ended by ruling (`ruling` set) or by a missed deadline.
    #[ink(event)]
    pub struct DisputeEnded {
        /// The dispute.
        #[ink(topic)]
        pub dispute: DisputeId,
        /// Fraud, NoFraud or Lapsed.
        pub status: DisputeStatus,
        /// Hash of the Arbiter's ruling, if it ruled.
        pub ruling: Option<[u8; 32]>,
    }

    /// The contract's storage.
    #[ink(storage)]
    pub struct Investment {
        params: InvestmentParams,
        advice: AccountId,
        templates: Mapping<TemplateId, Offer>,
        template_count: TemplateId,
        checks: Mapping<(CaseId, TemplateId), bool>,
        agreements: Mapping<AgreementId, Deal>,
        agreement_count: AgreementId,
        disputes: Mapping<DisputeId, Claim>,
        dispute_count: DisputeId,
        credits: Credits,
    }

    impl Investment {
        /// A contract that reads cases from the `advice` contract at `advice`.
        #[ink(constructor)]
        pub fn new(advice: AccountId, params: InvestmentParams) -> Self {
            Self {
                params,
                advice,
                templates: Mapping::default(),
                template_count: 0,
                checks: Mapping::default(),
                agreements: Mapping::default(),
                agreement_count: 0,
                disputes: Mapping::default(),
                dispute_count: 0,
                credits: Credits::default(),
            }
        }

        /// The same with the documented default parameters.
        #[ink(constructor)]
        pub fn with_defaults(advice: AccountId) -> Self {
            Self::new(advice, InvestmentParams::default())
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
            let template = Template::release(product, terms_hash, self.env().transferred_value(), self.params.template_bond)?;
            let id = self.template_count;
            self.template_count = id.checked_add(1).ok_or(Error::Overflow)?;
            self.templates.insert(id, &Offer { institution, template });
            self.env().emit_event(TemplateReleased { template: id, product, institution, terms_hash });
            Ok(id)
        }

        /// The template's institution withdraws it: no new agreements.
        #[ink(message)]
        pub fn withdraw_template(&mut self, template: TemplateId) -> Result<(), Error> {
            access::require_role(Role::Institution)?;
            let mut offer = self.owned_offer(template)?;
            offer.template.withdraw()?;
            self.store_template_status(template, &offer);
            Ok(())
        }

        /// The institution takes the bond of a withdrawn template back once
        /// no agreement or dispute refers to it (credited; needs no license).
        #[ink(message)]
        pub fn withdraw_template_bond(&mut self, template: TemplateId) -> Result<Balance, Error> {
            let mut offer = self.owned_offer(template)?;
            let bond = offer.template.withdraw_bond()?;
            self.templates.insert(template, &offer);
            self.credit(offer.institution, bond)?;
            Ok(bond)
        }

        /// The case's customer checks a template for the case's product,
        /// once. `Ok` takes no value; `Fraud(evidence)` pays the report
        /// deposit and opens a dispute against the institution.
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
            let mut offer = self.offer_or_err(template)?;
            if offer.template.product != view.product {
                return Err(Error::WrongProduct);
            }
            if self.checks.contains((case, template)) {
                return Err(Error::AlreadyChecked);
            }
            let sent = self.env().transferred_value();
            match verdict {
                Verdict::Ok => {
                    if sent != 0 {
                        return Err(Error::WrongValue);
                    }
                    self.checks.insert((case, template), &false);
                    self.env().emit_event(TemplateApproved { case, template });
                },
                Verdict::Fraud(evidence) => {
                    if sent != self.params.report_deposit {
                        return Err(Error::WrongValue);
                    }
                    offer.template.bond.case_opened()?;
                    let reserved = offer.template.bond.reserve(self.params.template_compensation);
                    let stakes = Stakes {
                        claimant_deposit: sent,
                        accused_pool: reserved,
                        compensation: self.params.template_compensation,
                        penalty: self.params.report_penalty,
                    };
                    let claim = self.open_dispute(Subject::Template(template), customer, offer.institution, evidence, stakes, reserved)?;
                    self.checks.insert((case, template), &true);
                    self.templates.insert(template, &offer);
                    self.store_dispute(claim)?;
                },
            }
            Ok(())
        }

        /// The case's advisor, holding the signing right for the open
        /// product, proposes an agreement of `amount` over a template. Both
        /// parties then sign the returned agreement's `terms_hash`.
        #[ink(message)]
        pub fn propose(&mut self, case: CaseId, template: TemplateId, amount: Balance) -> Result<AgreementId, Error> {
            access::require_role(Role::Advisor)?;
            let view = self.signable_case(case)?;
            if view.advisor != self.env().caller() {
                return Err(Error::NotAdvisor);
            }
            let mut offer = self.offer_or_err(template)?;
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
            let deal = Deal {
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
        /// case, the advisor's signing right and the product with `advice`.
        #[ink(message, payable)]
        pub fn sign(&mut self, agreement: AgreementId, terms_hash: [u8; 32]) -> Result<(), Error> {
            let mut deal = self.deal_or_err(agreement)?;
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
            let (sent, now, terms) = (self.env().transferred_value(), self.env().block_timestamp(), &self.params.agreement);
            if role == Role::Customer {
                deal.agreement.customer_signs(&terms_hash, sent, now, terms)?;
            } else {
                deal.agreement.advisor_signs(&terms_hash, sent, now, terms)?;
            }
            self.store_deal(agreement, &deal);
            Ok(())
        }

        /// After a signing deadline anyone ends the agreement; whoever paid
        /// is credited its money back.
        #[ink(message)]
        pub fn lapse_agreement(&mut self, agreement: AgreementId) -> Result<(), Error> {
            let mut deal = self.deal_or_err(agreement)?;
            let payouts = deal.agreement.lapse(self.env().block_timestamp())?;
            self.agreement_ended(agreement, &deal, payouts)
        }

        /// After cooling-off anyone settles: the investment is credited to
        /// the institution and the stake back to the advisor.
        #[ink(message)]
        pub fn settle(&mut self, agreement: AgreementId) -> Result<(), Error> {
            let mut deal = self.deal_or_err(agreement)?;
            let payouts = deal.agreement.settle(self.env().block_timestamp())?;
            self.agreement_ended(agreement, &deal, payouts)
        }

        /// The agreement's customer disputes it during cooling-off, paying
        /// exactly the report deposit. At stake: that deposit (the no-fraud
        /// penalty comes out of it), the advisor's stake and the part of the
        /// template bond the compensation may need; the payment stays in
        /// escrow. Protecting one's escrowed money needs no current license.
        #[ink(message, payable)]
        pub fn dispute_agreement(&mut self, agreement: AgreementId, evidence: [u8; 32]) -> Result<DisputeId, Error> {
            let mut deal = self.deal_or_err(agreement)?;
            if deal.customer != self.env().caller() {
                return Err(Error::NotCustomer);
            }
            if self.env().transferred_value() != self.params.report_deposit {
                return Err(Error::WrongValue);
            }
            let mut offer = self.offer_or_err(deal.template)?;
            let terms = self.params.agreement;
            let wanted = deal.agreement.bond_wanted(&terms)?;
            let reserved = offer.template.bond.reserve(wanted);
            let (now, deposit, penalty) = (self.env().block_timestamp(), self.params.report_deposit, self.params.report_penalty);
            let stakes = deal.agreement.dispute(now, reserved, deposit, penalty, &terms)?;
            let claim = self.open_dispute(Subject::Agreement(agreement), deal.customer, deal.advisor, evidence, stakes, reserved)?;
            let id = self.store_dispute(claim)?;
            deal.dispute = Some(id);
            self.templates.insert(deal.template, &offer);
            self.store_deal(agreement, &deal);
            Ok(id)
        }

        /// The Arbiter rules, once, before the deadline. Payees come from
        /// the dispute and the agreement, never from the arguments.
        #[ink(message)]
        pub fn rule(&mut self, dispute: DisputeId, fraud: bool, ruling: [u8; 32]) -> Result<(), Error> {
            access::require_role(Role::Arbiter)?;
            let mut claim = self.disputes.get(dispute).ok_or(Error::UnknownDispute)?;
            let outcome = claim.dispute.rule(fraud, ruling, self.env().block_timestamp())?;
            self.end_dispute(dispute, claim, outcome)
        }

        /// After a missed ruling deadline anyone ends the dispute: the
        /// claimant recovers its deposit (and its payment), the advisor its stake.
        #[ink(message)]
        pub fn lapse_dispute(&mut self, dispute: DisputeId) -> Result<(), Error> {
            let mut claim = self.disputes.get(dispute).ok_or(Error::UnknownDispute)?;
            let outcome = claim.dispute.lapse(self.env().block_timestamp())?;
            self.end_dispute(dispute, claim, outcome)
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
        pub fn template(&self, template: TemplateId) -> Option<Offer> {
            self.templates.get(template)
        }

        /// How many templates were ever released (ids are `0..count`).
        #[ink(message)]
        pub fn template_count(&self) -> TemplateId {
            self.template_count
        }

        /// An agreement.
        #[ink(message)]
        pub fn agreement(&self, agreement: AgreementId) -> Option<Deal> {
            self.agreements.get(agreement)
        }

        /// How many agreements were ever proposed (ids are `0..count`).
        #[ink(message)]
        pub fn agreement_count(&self) -> AgreementId {
            self.agreement_count
        }

        /// A dispute.
        #[ink(message)]
        pub fn dispute(&self, dispute: DisputeId) -> Option<Claim> {
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

        fn open_dispute(
            &self,
            subject: Subject,
            claimant: AccountId,
            accused: AccountId,
            evidence: [u8; 32],
            stakes: Stakes,
            reserved: Balance,
        ) -> Result<Claim, Error> {
            let now = self.env().block_timestamp();
            let dispute = Dispute::open(claimant, accused, evidence, stakes, now, self.params.ruling_window_ms)?;
            Ok(Claim { subject, dispute, reserved })
        }

        fn store_dispute(&mut self, claim: Claim) -> Result<DisputeId, Error> {
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

        fn end_dispute(&mut self, id: DisputeId, claim: Claim, outcome: Outcome) -> Result<(), Error> {
            let status = claim.dispute.status;
            match claim.subject {
                Subject::Template(template) => {
                    let mut offer = self.offer_or_err(template)?;
                    offer.template.bond.release(claim.reserved, outcome.pool_left)?;
                    offer.template.bond.case_closed()?;
                    if status == DisputeStatus::Fraud {
                        offer.template.suspend();
                        self.store_template_status(template, &offer);
                    } else {
                        self.templates.insert(template, &offer);
                    }
                    self.credit(claim.dispute.claimant, outcome.to_claimant)?;
                    self.credit(claim.dispute.accused, outcome.to_accused)?;
                },
                Subject::Agreement(agreement) => {
                    let mut deal = self.deal_or_err(agreement)?;
                    let mut payouts = deal.agreement.resolve(status, &outcome)?;
                    let bond_back = payouts.bond_returned(&outcome).ok_or(Error::Overflow)?;
                    let mut offer = self.offer_or_err(deal.template)?;
                    offer.template.bond.release(claim.reserved, bond_back)?;
                    self.templates.insert(deal.template, &offer);
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

        /// Stores an ended agreement, credits its payouts and releases its
        /// hold on the template bond.
        fn agreement_ended(&mut self, id: AgreementId, deal: &Deal, payouts: Payouts) -> Result<(), Error> {
            let mut offer = self.offer_or_err(deal.template)?;
            offer.template.bond.case_closed()?;
            self.templates.insert(deal.template, &offer);
            self.store_deal(id, deal);
            self.credit(deal.customer, payouts.customer)?;
            self.credit(deal.advisor, payouts.advisor)?;
            self.credit(deal.institution, payouts.institution)
        }

        fn store_deal(&mut self, id: AgreementId, deal: &Deal) {
            self.agreements.insert(id, deal);
            self.env().emit_event(AgreementChanged {
                agreement: id,
                status: deal.agreement.status,
                deadline: deal.agreement.deadline,
            });
        }

        fn store_template_status(&mut self, id: TemplateId, offer: &Offer) {
            self.templates.insert(id, offer);
            self.env().emit_event(TemplateStatusChanged { template: id, status: offer.template.status });
        }

        fn credit(&mut self, account: AccountId, amount: Balance) -> Result<(), Error> {
            Ok(self.credits.credit(account, amount)?)
        }

        fn offer_or_err(&self, template: TemplateId) -> Result<Offer, Error> {
            self.templates.get(template).ok_or(Error::UnknownTemplate)
        }

        fn owned_offer(&self, template: TemplateId) -> Result<Offer, Error> {
            let offer = self.offer_or_err(template)?;
            if offer.institution != self.env().caller() {
                return Err(Error::NotInstitution);
            }
            Ok(offer)
        }

        fn deal_or_err(&self, agreement: AgreementId) -> Result<Deal, Error> {
            self.agreements.get(agreement).ok_or(Error::UnknownAgreement)
        }

        /// The case, if it is open, its advisor holds the signing right and
        /// its product is offered (SPEC §4.4: who may sign).
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
            Ok(view)
        }

        fn case_view(&self, case: CaseId) -> Result<CaseView<AccountId>, Error> {
            #[cfg(not(test))]
            let view = self.ask_advice::<_, Option<CaseView<AccountId>>>(ink::selector_bytes!("case_view"), case)?;
            // ink!'s off-chain engine cannot call contracts: the tests answer
            // with the real advice contract's code in the same environment.
            #[cfg(test)]
            let view = crate::tests::sibling::case_view(self.advice, case);
            view.ok_or(AdviceError::UnknownCase.into())
        }

        fn product_owner(&self, product: ProductId) -> Result<(AccountId, ProductStatus), Error> {
            #[cfg(not(test))]
            let owner = self
                .ask_advice::<_, Option<(AccountId, ProductStatus)>>(ink::selector_bytes!("product_owner"), product)?;
            #[cfg(test)]
            let owner = crate::tests::sibling::product_owner(self.advice, product);
            owner.ok_or(AdviceError::UnknownProduct.into())
        }

        /// A read-only call of an `advice` message with one argument.
        #[cfg(not(test))]
        fn ask_advice<A: ink::scale::Encode, R: ink::scale::Decode>(&self, selector: [u8; 4], arg: A) -> Result<R, Error> {
            use ink::env::call::{build_call, ExecutionInput, Selector};
            build_call::<fiducia_registry_api::FiduciaEnvironment>()
                .call(self.advice)
                .exec_input(ExecutionInput::new(Selector::new(selector)).push_arg(arg))
                .returns::<R>()
                .try_invoke()
                .map_err(|_| Error::AdviceUnreachable)?
                .map_err(|_| Error::AdviceUnreachable)
        }
    }
}

#[cfg(test)]
mod tests;
