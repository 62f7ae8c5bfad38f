//! Off-chain tests of the advice contract with the shared mock registry:
//! the permission matrix, bad inputs, the paper's product cases, the SPEC
//! §4.6 bugs (one named test each) and conservation over random sequences.

use crate::advice::*;
use fiducia_core::trust::{
    authorization::{AuthorizationError, AuthorizationStatus, Rights},
    bond::BondError,
    case::{CaseError, CaseStatus},
    dispute::{DisputeError, DisputeStatus},
    params::{AdviceParams, ParamsError},
    parties::PartyError,
    pool::{Membership, PoolError},
    product::{ProductError, ProductStatus},
    CaseId, ProductId, Verdict,
};
use fiducia_registry_api::{
    permission_matrix::{self, Gate, Row},
    testing::MockRegistry,
    AccessError, FiduciaEnvironment, Role,
};
use ink::{env::test, primitives::AccountId};

type Env = FiduciaEnvironment;
type Balance = u128;
const FID: Balance = 1_000_000_000_000;
const PARAMS: AdviceParams = AdviceParams {
    product_bond: 1_000 * FID,
    authorization_deposit: 100 * FID,
    service_deposit: 10 * FID,
    case_ttl_ms: 10_000,
    revocation_cooldown_ms: 500,
    ruling_window_ms: 1_000,
    fraud_compensation: 300 * FID,
    report_penalty: 2 * FID,
    claim_window_ms: 2_000,
};
const EVIDENCE: [u8; 32] = [0xE7; 32];
const RULING: [u8; 32] = [0x70; 32];
const INFO: [u8; 32] = [0x1F; 32];
const BOTH: Rights = Rights { advisory: true, signing: true };

fn account(seed: u8) -> AccountId {
    AccountId::from([seed; 32])
}
fn institution() -> AccountId {
    account(1)
}
fn advisor() -> AccountId {
    account(2)
}
fn customer() -> AccountId {
    account(3)
}
fn arbiter() -> AccountId {
    account(4)
}
/// Everyone a test may credit (for the conservation sum).
fn people() -> Vec<AccountId> {
    (1..=9).map(account).collect()
}

struct Fixture {
    advice: Advice,
    contract: AccountId,
    registry: MockRegistry,
}

impl Fixture {
    /// A fresh contract at an account of its own (instances never share storage).
    fn new(instance: u32) -> Self {
        let registry = MockRegistry::install();
        let mut bytes = [0xCC; 32];
        bytes[..4].copy_from_slice(&instance.to_le_bytes());
        let contract = AccountId::from(bytes);
        test::set_callee::<Env>(contract);
        test::set_account_balance::<Env>(contract, 0);
        for who in people() {
            test::set_account_balance::<Env>(who, 1_000_000 * FID);
        }
        test::set_block_timestamp::<Env>(0);
        registry.grant(institution(), Role::Institution);
        registry.grant(advisor(), Role::Advisor);
        registry.grant(customer(), Role::Customer);
        registry.grant(arbiter(), Role::Arbiter);
        Fixture { advice: Advice::new(PARAMS).unwrap(), contract, registry }
    }

    fn at(&mut self, now: u64) -> &mut Self {
        test::set_block_timestamp::<Env>(now);
        self
    }

    fn as_(&mut self, who: AccountId) -> &mut Advice {
        test::set_caller::<Env>(who);
        test::set_value_transferred::<Env>(0);
        &mut self.advice
    }

    fn paying(&mut self, who: AccountId, value: Balance) -> &mut Advice {
        test::set_caller::<Env>(who);
        test::transfer_in::<Env>(value);
        &mut self.advice
    }

    /// A refused payable call: the chain reverts the transfer; so do we.
    fn revert_transfer(&mut self, payer: AccountId, contract_before: Balance) {
        let moved = self.balance(self.contract) - contract_before;
        test::set_account_balance::<Env>(self.contract, contract_before);
        test::set_account_balance::<Env>(payer, self.balance(payer) + moved);
    }

    fn balance(&self, who: AccountId) -> Balance {
        test::get_account_balance::<Env>(who).unwrap_or(0)
    }

    /// The conservation invariant: the contract holds exactly its bonds,
    /// advisors' deposits, service deposits and credits.
    fn assert_conserved(&self) {
        let a = &self.advice;
        let bonds: Balance = (0..a.product_count()).map(|p| a.product(p).unwrap().product.bond.held()).sum();
        let deposits: Balance = (0..a.product_count())
            .flat_map(|p| people().into_iter().filter_map(move |who| a.authorization(p, who)))
            .map(|auth| auth.deposit)
            .sum();
        let cases: Balance = (0..a.case_count()).map(|c| a.case(c).unwrap().deposit).sum();
        let credits: Balance = people().into_iter().map(|who| a.credit_of(who)).sum();
        assert_eq!(self.balance(self.contract), bonds + deposits + cases + credits, "contract balance = Σ owed");
    }

    fn snapshot(&self, who: AccountId) -> impl PartialEq + core::fmt::Debug {
        let a = &self.advice;
        (
            (0..a.product_count()).map(|p| (a.product(p), a.authorization(p, who))).collect::<Vec<_>>(),
            (0..a.case_count()).map(|c| (a.case(c), a.dispute(c))).collect::<Vec<_>>(),
            a.credit_of(who),
            self.balance(self.contract),
        )
    }

    // Builders of each state, by `owner` / `adv` / `cust`.

    fn published_by(&mut self, owner: AccountId) -> ProductId {
        let id = self.paying(owner, PARAMS.product_bond).publish_product().unwrap();
        self.as_(owner).add_attribute(id, "risk".into(), "3 of 7".into()).unwrap();
        self.as_(owner).add_promise(id, "bond forfeited on default".into()).unwrap();
        id
    }

    fn open_by(&mut self, owner: AccountId) -> ProductId {
        let id = self.published_by(owner);
        self.as_(owner).open_product(id).unwrap();
        id
    }

    fn authorized(&mut self, owner: AccountId, adv: AccountId) -> ProductId {
        let id = self.open_by(owner);
        self.paying(adv, PARAMS.authorization_deposit).request_authorization(id).unwrap();
        self.as_(owner).authorize(id, adv, BOTH, INFO).unwrap();
        id
    }

    fn case_of(&mut self, cust: AccountId) -> CaseId {
        let product = self.authorized(institution(), advisor());
        self.paying(cust, PARAMS.service_deposit).open_case(product, advisor()).unwrap()
    }

    fn disputed_by(&mut self, cust: AccountId) -> CaseId {
        let case = self.case_of(cust);
        self.as_(cust).check_product(case, Verdict::Fraud(EVIDENCE)).unwrap();
        case
    }

    fn claim_all(&mut self) {
        for who in people() {
            let _ = self.as_(who).claim();
        }
    }
}

// --- the paper's product cases ----------------------------------------------

#[ink::test]
fn product_fraud_refunds_compensates_and_suspends() {
    let mut f = Fixture::new(0xC0);
    let case = f.at(100).disputed_by(customer());
    let product = f.advice.case(case).unwrap().product;
    assert_eq!(f.advice.product(product).unwrap().product.bond.free, PARAMS.product_bond, "a dispute reserves nothing");
    f.at(600).as_(arbiter()).rule(case, true, RULING).unwrap();
    assert_eq!(f.advice.credit_of(customer()), PARAMS.service_deposit, "the deposit now, the share after the window");
    assert_eq!(f.advice.credit_of(institution()), 0);
    let listing = f.advice.product(product).unwrap();
    assert_eq!(listing.product.status, ProductStatus::Suspended);
    let pool = listing.product.bond.pool.unwrap();
    assert_eq!((pool.funds, pool.claimants, pool.closes_at), (PARAMS.product_bond, 1, 2_600));
    assert_eq!(f.advice.pool_member(product, customer()), Some(Membership::Joined), "the claimant joined");
    assert_eq!(f.as_(customer()).claim_compensation(product), Err(Error::Pool(PoolError::StillOpen)));
    assert_eq!(f.at(2_601).as_(customer()).claim_compensation(product), Ok(PARAMS.fraud_compensation));
    assert_eq!(f.advice.credit_of(customer()), PARAMS.service_deposit + PARAMS.fraud_compensation);
    assert_eq!(f.advice.product(product).unwrap().product.bond.held(), PARAMS.product_bond - PARAMS.fraud_compensation);
    assert_eq!(f.advice.case(case).unwrap().status, CaseStatus::Closed);
    let record = f.advice.dispute(case).unwrap();
    assert_eq!((record.dispute.status, record.dispute.ruling), (DisputeStatus::Fraud, Some(RULING)));
    // No new cases on a suspended product.
    let before = f.balance(f.contract);
    assert_eq!(
        f.paying(account(5), PARAMS.service_deposit).open_case(product, advisor()),
        Err(Error::Access(AccessError::MissingRole(Role::Customer)))
    );
    f.revert_transfer(account(5), before);
    f.registry.grant(account(5), Role::Customer);
    assert_eq!(f.paying(account(5), PARAMS.service_deposit).open_case(product, advisor()), Err(Error::Product(ProductError::WrongState)));
    f.revert_transfer(account(5), before);
    f.assert_conserved();
    let paid = f.balance(customer());
    assert_eq!(f.as_(customer()).claim(), Ok(PARAMS.service_deposit + PARAMS.fraud_compensation));
    assert_eq!(f.balance(customer()), paid + PARAMS.service_deposit + PARAMS.fraud_compensation);
    f.assert_conserved();
}

#[ink::test]
fn dismissed_fraud_claim_pays_the_penalty_and_the_case_goes_on() {
    let mut f = Fixture::new(0xC0);
    let case = f.disputed_by(customer());
    f.at(10).as_(arbiter()).rule(case, false, RULING).unwrap();
    assert_eq!(f.advice.credit_of(institution()), PARAMS.report_penalty);
    let c = f.advice.case(case).unwrap();
    assert_eq!((c.status, c.deposit), (CaseStatus::Open, PARAMS.service_deposit - PARAMS.report_penalty));
    let listing = f.advice.product(c.product).unwrap();
    assert_eq!((listing.product.status, listing.product.bond.held()), (ProductStatus::Open, PARAMS.product_bond));
    f.as_(customer()).close_case(case).unwrap();
    assert_eq!(f.advice.credit_of(customer()), PARAMS.service_deposit - PARAMS.report_penalty);
    f.assert_conserved();
}

#[ink::test]
fn a_silent_arbiter_lets_the_customer_recover_its_deposit() {
    let mut f = Fixture::new(0xC0);
    let case = f.at(100).disputed_by(customer());
    assert_eq!(f.at(1_100).as_(account(9)).lapse_dispute(case), Err(Error::Dispute(DisputeError::DeadlineNotReached)));
    assert_eq!(f.at(1_101).as_(arbiter()).rule(case, true, RULING), Err(Error::Dispute(DisputeError::DeadlinePassed)));
    f.as_(account(9)).lapse_dispute(case).unwrap();
    assert_eq!(f.advice.credit_of(customer()), PARAMS.service_deposit);
    let product = f.advice.case(case).unwrap().product;
    let bond = f.advice.product(product).unwrap().product.bond;
    assert_eq!((bond.free, bond.open_cases, bond.pool), (PARAMS.product_bond, 0, None));
    f.assert_conserved();
}

// --- SPEC §4.6: what the FITM paper's code got wrong ---------------------------

#[ink::test]
fn bug_default_status_is_not_deposited() {
    let mut f = Fixture::new(0xC0);
    assert_eq!(ProductStatus::default(), ProductStatus::Draft);
    assert_eq!(AuthorizationStatus::default(), AuthorizationStatus::Requested);
    assert_eq!(CaseStatus::default(), CaseStatus::Open);
    // Publication is never free, and nothing unrequested can be refunded.
    let before = f.balance(f.contract);
    assert_eq!(f.paying(institution(), 0).publish_product(), Err(Error::Product(ProductError::Bond(BondError::WrongBond))));
    f.revert_transfer(institution(), before);
    assert_eq!(f.as_(advisor()).withdraw_request(0), Err(Error::UnknownAuthorization));
    assert_eq!(f.as_(advisor()).claim(), Err(Error::NothingOwed));
    let product = f.open_by(institution());
    assert_eq!(f.as_(advisor()).withdraw_request(product), Err(Error::UnknownAuthorization));
    assert_eq!(f.as_(advisor()).reclaim_deposit(product), Err(Error::UnknownAuthorization));
    f.assert_conserved();
}

#[ink::test]
fn bug_funds_locked_forever_every_deposit_has_a_way_out() {
    let mut f = Fixture::new(0xC0);
    let case = f.case_of(customer());
    let product = f.advice.case(case).unwrap().product;
    // The customer vanishes: anyone closes the expired case.
    assert_eq!(f.at(10_000).as_(account(9)).close_case(case), Err(Error::Case(CaseError::NotExpired)));
    f.at(10_001).as_(account(9)).close_case(case).unwrap();
    // The advisor's deposit after revocation and cool-down.
    f.as_(institution()).revoke(product, advisor()).unwrap();
    assert_eq!(f.at(10_501).as_(advisor()).reclaim_deposit(product), Err(Error::Authorization(AuthorizationError::CoolingDown)));
    f.at(10_502).as_(advisor()).reclaim_deposit(product).unwrap();
    // The bond after closing.
    f.as_(institution()).close_product(product).unwrap();
    f.as_(institution()).withdraw_bond(product).unwrap();
    f.claim_all();
    assert_eq!(f.balance(f.contract), 0, "everything paid in went out again");
    f.assert_conserved();
}

#[ink::test]
fn bug_payees_are_never_chosen_by_the_arbiter() {
    let mut f = Fixture::new(0xC0);
    let case = f.disputed_by(customer());
    // `rule` takes no payee; an arbiter who is also licensed otherwise gains nothing.
    f.as_(arbiter()).rule(case, true, RULING).unwrap();
    assert_eq!(f.advice.credit_of(arbiter()), 0);
    let credited: Vec<_> = people().into_iter().filter(|w| f.advice.credit_of(*w) > 0).collect();
    assert_eq!(credited, vec![customer()], "only the case's customer is paid");
}

#[ink::test]
fn bug_refunds_and_punishments_happen_once() {
    let mut f = Fixture::new(0xC0);
    let case = f.disputed_by(customer());
    f.as_(arbiter()).rule(case, false, RULING).unwrap();
    let after = f.snapshot(institution());
    assert_eq!(f.as_(arbiter()).rule(case, false, RULING), Err(Error::Dispute(DisputeError::Closed)));
    assert_eq!(f.at(5_000).as_(arbiter()).lapse_dispute(case), Err(Error::Dispute(DisputeError::Closed)));
    assert_eq!(f.as_(customer()).check_product(case, Verdict::Fraud(EVIDENCE)), Err(Error::Case(CaseError::AlreadyChecked)));
    assert_eq!(f.snapshot(institution()), after);
    f.as_(customer()).close_case(case).unwrap();
    assert_eq!(f.as_(customer()).close_case(case), Err(Error::Case(CaseError::WrongState)));
    assert!(f.as_(customer()).claim().is_ok());
    assert_eq!(f.as_(customer()).claim(), Err(Error::NothingOwed));
    f.assert_conserved();
}

#[ink::test]
fn bug_no_deadlines_every_waiting_state_times_out() {
    let mut f = Fixture::new(0xC0);
    // A pending dispute (tested above), an idle case and a revocation all end by time alone.
    let case = f.disputed_by(customer());
    f.at(1_001).as_(account(9)).lapse_dispute(case).unwrap();
    let other = f.at(2_000).case_of(customer());
    f.at(12_001).as_(account(9)).close_case(other).unwrap();
    assert_eq!(f.advice.case(other).unwrap().status, CaseStatus::Closed);
    f.assert_conserved();
}

#[ink::test]
fn bug_one_hard_coded_party_per_role_many_of_each_work_independently() {
    let mut f = Fixture::new(0xC0);
    let (inst2, adv2, cust2) = (account(5), account(6), account(7));
    f.registry.grant(inst2, Role::Institution);
    f.registry.grant(adv2, Role::Advisor);
    f.registry.grant(cust2, Role::Customer);
    let p1 = f.authorized(institution(), advisor());
    let p2 = f.authorized(inst2, adv2);
    assert_eq!(f.as_(inst2).authorize(p1, adv2, BOTH, INFO), Err(Error::NotInstitution), "not its product");
    let c1 = f.paying(customer(), PARAMS.service_deposit).open_case(p1, advisor()).unwrap();
    let c2 = f.paying(cust2, PARAMS.service_deposit).open_case(p2, adv2).unwrap();
    assert_eq!(f.as_(cust2).check_product(c1, Verdict::Ok), Err(Error::NotCustomer));
    f.as_(customer()).check_product(c1, Verdict::Ok).unwrap();
    f.as_(cust2).check_product(c2, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(arbiter()).rule(c2, true, RULING).unwrap();
    assert_eq!(f.advice.product(p1).unwrap().product.status, ProductStatus::Open);
    assert_eq!(f.advice.product(p2).unwrap().product.status, ProductStatus::Suspended);
    f.assert_conserved();
}

#[ink::test]
fn bug_push_payments_nobody_is_paid_until_it_pulls() {
    let mut f = Fixture::new(0xC0);
    let case = f.disputed_by(customer());
    let before = f.balance(customer());
    f.as_(arbiter()).rule(case, true, RULING).unwrap();
    assert_eq!(f.balance(customer()), before, "a ruling credits, it does not transfer");
    f.as_(customer()).claim().unwrap();
    assert!(f.balance(customer()) > before);
}

// --- bad inputs ------------------------------------------------------------------

#[ink::test]
fn bad_inputs_are_refused_and_change_nothing() {
    let mut f = Fixture::new(0xC0);
    let draft = f.published_by(institution());
    let long = "x".repeat(MAX_TEXT_LEN + 1);
    let before = f.snapshot(institution());
    assert_eq!(f.as_(institution()).add_attribute(draft, String::new(), "v".into()), Err(Error::BadText));
    assert_eq!(f.as_(institution()).add_attribute(draft, "k".into(), long.clone()), Err(Error::BadText));
    assert_eq!(f.as_(institution()).add_promise(draft, long), Err(Error::BadText));
    assert_eq!(f.as_(institution()).add_promise(99, "p".into()), Err(Error::UnknownProduct));
    assert_eq!(f.as_(institution()).withdraw_bond(draft), Err(Error::Product(ProductError::WrongState)));
    assert_eq!(f.as_(advisor()).withdraw_bond(draft), Err(Error::NotInstitution));
    assert_eq!(f.as_(institution()).authorize(draft, advisor(), BOTH, INFO), Err(Error::UnknownAuthorization));
    assert_eq!(f.as_(customer()).check_product(7, Verdict::Ok), Err(Error::UnknownCase));
    assert_eq!(f.as_(arbiter()).rule(7, true, RULING), Err(Error::UnknownDispute));
    assert_eq!(f.as_(customer()).close_case(7), Err(Error::UnknownCase));
    assert_eq!(f.snapshot(institution()), before);
    // Wrong amounts.
    for (who, value) in [(institution(), PARAMS.product_bond - 1), (institution(), PARAMS.product_bond + 1)] {
        let b = f.balance(f.contract);
        assert_eq!(f.paying(who, value).publish_product(), Err(Error::Product(ProductError::Bond(BondError::WrongBond))));
        f.revert_transfer(who, b);
    }
    let b = f.balance(f.contract);
    assert_eq!(f.paying(advisor(), 1).request_authorization(draft), Err(Error::Authorization(AuthorizationError::WrongDeposit)));
    f.revert_transfer(advisor(), b);
    f.paying(advisor(), PARAMS.authorization_deposit).request_authorization(draft).unwrap();
    let b = f.balance(f.contract);
    assert_eq!(f.paying(advisor(), PARAMS.authorization_deposit).request_authorization(draft), Err(Error::Authorization(AuthorizationError::WrongState)), "one request at a time");
    f.revert_transfer(advisor(), b);
    assert_eq!(f.as_(institution()).authorize(draft, advisor(), Rights::default(), INFO), Err(Error::Authorization(AuthorizationError::NoRights)));
    // A case needs an open product and an authorized advisor.
    let b = f.balance(f.contract);
    assert_eq!(f.paying(customer(), PARAMS.service_deposit).open_case(draft, advisor()), Err(Error::Authorization(AuthorizationError::MissingRight)));
    f.revert_transfer(customer(), b);
    f.as_(institution()).authorize(draft, advisor(), Rights { advisory: true, signing: false }, INFO).unwrap();
    let b = f.balance(f.contract);
    assert_eq!(f.paying(customer(), PARAMS.service_deposit).open_case(draft, advisor()), Err(Error::Product(ProductError::WrongState)));
    f.revert_transfer(customer(), b);
    f.as_(institution()).open_product(draft).unwrap();
    assert_eq!(f.as_(institution()).add_promise(draft, "late".into()), Err(Error::Product(ProductError::WrongState)), "frozen once open");
    let b = f.balance(f.contract);
    assert_eq!(f.paying(customer(), 1).open_case(draft, advisor()), Err(Error::Case(CaseError::WrongDeposit)));
    f.revert_transfer(customer(), b);
    let case = f.paying(customer(), PARAMS.service_deposit).open_case(draft, advisor()).unwrap();
    assert_eq!(f.as_(customer()).check_product(case, Verdict::Fraud([0; 32])), Err(Error::Dispute(DisputeError::EmptyHash)));
    assert_eq!(f.advice.case(case).unwrap().status, CaseStatus::Open);
    assert_eq!(f.as_(arbiter()).rule(case, true, RULING), Err(Error::UnknownDispute));
    f.as_(customer()).check_product(case, Verdict::Fraud(EVIDENCE)).unwrap();
    assert_eq!(f.as_(arbiter()).rule(case, true, [0; 32]), Err(Error::Dispute(DisputeError::EmptyHash)));
    assert_eq!(f.as_(customer()).close_case(case), Err(Error::Case(CaseError::WrongState)), "not while disputed");
    // The bond waits for the case, the advisor's deposit too.
    f.as_(institution()).close_product(draft).unwrap();
    assert_eq!(f.as_(institution()).withdraw_bond(draft), Err(Error::Product(ProductError::Bond(BondError::CasesOpen))));
    f.assert_conserved();
}

// --- the permission matrix -------------------------------------------------------

impl permission_matrix::Fixture for Fixture {
    type Error = Error;
    fn fresh(seed: u32) -> Self {
        Fixture::new(seed)
    }
    fn registry(&self) -> &MockRegistry {
        &self.registry
    }
    fn contract(&self) -> AccountId {
        self.contract
    }
    fn snapshot(&self, _: u64, who: AccountId) -> impl PartialEq + core::fmt::Debug + use<> {
        self.snapshot(who)
    }
    fn assert_conserved(&self) {
        self.assert_conserved()
    }
}

fn actor_owns_draft(f: &mut Fixture, actor: AccountId) -> u64 {
    f.registry.grant(actor, Role::Institution);
    f.paying(actor, PARAMS.product_bond).publish_product().unwrap().into()
}

fn actor_requested(f: &mut Fixture, actor: AccountId) -> u64 {
    let p = f.open_by(institution());
    f.registry.grant(actor, Role::Advisor);
    f.paying(actor, PARAMS.authorization_deposit).request_authorization(p).unwrap();
    p.into()
}

fn actor_case(f: &mut Fixture, actor: AccountId) -> u64 {
    let p = f.authorized(institution(), advisor());
    f.registry.grant(actor, Role::Customer);
    f.paying(actor, PARAMS.service_deposit).open_case(p, advisor()).unwrap()
}

fn pid(id: u64) -> ProductId {
    id as ProductId
}

const MATRIX: &[Row<Fixture>] = &[
    Row { message: "publish_product", gate: Gate::Role(Role::Institution), prepare: |_, _| 0, call: |f, who, _| f.paying(who, PARAMS.product_bond).publish_product().map(|_| ()) },
    Row { message: "add_attribute", gate: Gate::Role(Role::Institution), prepare: actor_owns_draft, call: |f, who, id| f.as_(who).add_attribute(pid(id), "k".into(), "v".into()).map(|_| ()) },
    Row { message: "add_promise", gate: Gate::Role(Role::Institution), prepare: actor_owns_draft, call: |f, who, id| f.as_(who).add_promise(pid(id), "p".into()).map(|_| ()) },
    Row { message: "open_product", gate: Gate::Role(Role::Institution), prepare: actor_owns_draft, call: |f, who, id| f.as_(who).open_product(pid(id)) },
    Row { message: "close_product", gate: Gate::Anyone, prepare: actor_owns_draft, call: |f, who, id| f.as_(who).close_product(pid(id)) },
    Row {
        message: "authorize",
        gate: Gate::Role(Role::Institution),
        prepare: |f, actor| {
            let p = actor_owns_draft(f, actor);
            f.paying(advisor(), PARAMS.authorization_deposit).request_authorization(pid(p)).unwrap();
            p
        },
        call: |f, who, id| f.as_(who).authorize(pid(id), advisor(), BOTH, INFO),
    },
    Row {
        message: "withdraw_bond",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let p = actor_owns_draft(f, actor);
            f.as_(actor).close_product(pid(p)).unwrap();
            p
        },
        call: |f, who, id| f.as_(who).withdraw_bond(pid(id)).map(|_| ()),
    },
    Row { message: "request_authorization", gate: Gate::Role(Role::Advisor), prepare: |f, _| f.open_by(institution()).into(), call: |f, who, id| f.paying(who, PARAMS.authorization_deposit).request_authorization(pid(id)) },
    Row { message: "withdraw_request", gate: Gate::Anyone, prepare: actor_requested, call: |f, who, id| f.as_(who).withdraw_request(pid(id)) },
    Row {
        message: "revoke (by the advisor)",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let p = actor_requested(f, actor);
            f.as_(institution()).authorize(pid(p), actor, BOTH, INFO).unwrap();
            p
        },
        call: |f, who, id| f.as_(who).revoke(pid(id), who),
    },
    Row {
        message: "reclaim_deposit",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let p = actor_requested(f, actor);
            f.as_(institution()).authorize(pid(p), actor, BOTH, INFO).unwrap();
            f.as_(institution()).revoke(pid(p), actor).unwrap();
            f.at(1_000);
            p
        },
        call: |f, who, id| f.as_(who).reclaim_deposit(pid(id)),
    },
    Row { message: "open_case", gate: Gate::Role(Role::Customer), prepare: |f, _| f.authorized(institution(), advisor()).into(), call: |f, who, id| f.paying(who, PARAMS.service_deposit).open_case(pid(id), advisor()).map(|_| ()) },
    Row { message: "check_product", gate: Gate::Role(Role::Customer), prepare: actor_case, call: |f, who, id| f.as_(who).check_product(id, Verdict::Fraud(EVIDENCE)) },
    Row { message: "rule", gate: Gate::Role(Role::Arbiter), prepare: |f, _| f.disputed_by(customer()), call: |f, who, id| f.as_(who).rule(id, true, RULING) },
    Row {
        message: "lapse_dispute",
        gate: Gate::Anyone,
        prepare: |f, _| {
            let c = f.disputed_by(customer());
            f.at(5_000);
            c
        },
        call: |f, who, id| f.as_(who).lapse_dispute(id),
    },
    Row { message: "close_case", gate: Gate::Anyone, prepare: actor_case, call: |f, who, id| f.as_(who).close_case(id) },
    Row {
        message: "join_pool",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            f.at(0);
            let c = actor_case(f, actor);
            let victim = f.paying(customer(), PARAMS.service_deposit).open_case(0, advisor()).unwrap();
            f.at(1).as_(customer()).check_product(victim, Verdict::Fraud(EVIDENCE)).unwrap();
            f.as_(arbiter()).rule(victim, true, RULING).unwrap();
            c
        },
        call: |f, who, c| f.as_(who).join_pool(c),
    },
    Row {
        message: "claim_compensation",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_case(f, actor);
            f.as_(actor).check_product(c, Verdict::Fraud(EVIDENCE)).unwrap();
            f.as_(arbiter()).rule(c, true, RULING).unwrap();
            f.at(5_000);
            0
        },
        call: |f, who, p| f.as_(who).claim_compensation(pid(p)).map(|_| ()),
    },
    Row {
        message: "claim",
        gate: Gate::Anyone,
        prepare: |f, actor| {
            let c = actor_case(f, actor);
            f.as_(actor).close_case(c).unwrap();
            c
        },
        call: |f, who, _| f.as_(who).claim().map(|_| ()),
    },
];

#[ink::test]
fn permission_matrix() {
    permission_matrix::check(MATRIX, account(8), 0x10);
}

// --- conservation over random sequences -----------------------------------------

/// After every message, accepted or refused, the contract's balance equals
/// what it owes. Random actors call random messages on a small market:
/// 10,000 sequences of 30 messages.
#[ink::test]
fn random_sequences_conserve_money() {
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let everyone = people();
    let (institutions, advisors, customers) = ([account(1), account(5)], [account(2), account(6)], [account(3), account(7)]);
    let mut accepted = [0u32; 16];
    for run in 0..10_000u32 {
        let mut f = Fixture::new(0x1000 + run);
        for (i, a, c) in [(0, 0, 0), (1, 1, 1)].map(|(i, a, c)| (institutions[i], advisors[a], customers[c])) {
            f.registry.grant(i, Role::Institution);
            f.registry.grant(a, Role::Advisor);
            f.registry.grant(c, Role::Customer);
        }
        // A small market to start from: each institution's open product
        // with its advisor authorized, so cases, disputes and pools happen.
        for (i, a) in [(institutions[0], advisors[0]), (institutions[1], advisors[1])] {
            f.authorized(i, a);
        }
        let mut now = 0;
        for _ in 0..30 {
            now += next(400);
            f.at(now);
            let inst = institutions[next(2) as usize];
            let adv = advisors[next(2) as usize];
            let cust = customers[next(2) as usize];
            let anyone = everyone[next(everyone.len() as u64) as usize];
            let product = next(u64::from(f.advice.product_count().max(1))) as ProductId;
            let owner = f.advice.product(product).map_or(inst, |l| l.institution);
            let case = next(f.advice.case_count().max(1));
            let case_customer = f.advice.case(case).map_or(cust, |c| c.customer);
            let before = f.balance(f.contract);
            let op = next(16) as usize;
            let (who, result) = match op {
                0 => (inst, f.paying(inst, PARAMS.product_bond).publish_product().map(|_| ())),
                1 => (owner, f.as_(owner).open_product(product)),
                2 => (adv, f.paying(adv, PARAMS.authorization_deposit).request_authorization(product)),
                3 => (owner, f.as_(owner).authorize(product, adv, BOTH, INFO)),
                4 | 5 => (cust, f.paying(cust, PARAMS.service_deposit).open_case(product, adv).map(|_| ())),
                6 => (case_customer, f.as_(case_customer).check_product(case, if next(2) == 0 { Verdict::Ok } else { Verdict::Fraud(EVIDENCE) })),
                7 => (arbiter(), f.as_(arbiter()).rule(case, next(2) == 0, RULING)),
                8 => (anyone, f.as_(anyone).lapse_dispute(case)),
                9 => (case_customer, f.as_(if next(2) == 0 { case_customer } else { anyone }).close_case(case)),
                10 => (owner, f.as_(owner).revoke(product, adv).or_else(|_| f.as_(adv).reclaim_deposit(product))),
                11 => (owner, f.as_(owner).close_product(product).or_else(|_| f.as_(owner).withdraw_bond(product).map(|_| ()))),
                12 => (adv, f.as_(adv).withdraw_request(product)),
                13 => (case_customer, f.as_(case_customer).join_pool(case)),
                14 => (cust, f.as_(cust).claim_compensation(product).map(|_| ())),
                _ => (anyone, f.as_(anyone).claim().map(|_| ())),
            };
            if result.is_err() && f.balance(f.contract) > before {
                f.revert_transfer(who, before);
            }
            accepted[op] += u32::from(result.is_ok());
            f.assert_conserved();
        }
    }
    assert!(accepted.iter().all(|n| *n > 0), "every kind of message succeeded sometimes: {accepted:?}");
}

// --- issue 11: compensation, self-dealing, frozen bonds, licenses, parameters ------------

/// Item 3. Old code: each fraud claim reserved `fraud_compensation` of the
/// bond when it opened, first come first served, so a sybil customer's four
/// claims took the whole bond before the real victim's. Now opening a
/// dispute reserves nothing; the upheld ruling opens a pool the victim
/// shares, and the sybil — however many cases it has — joins once.
#[ink::test]
fn bug_sybil_cases_cannot_preempt_compensation() {
    let mut f = Fixture::new(0xC0);
    let sybil = account(7);
    f.registry.grant(sybil, Role::Customer);
    let product = f.authorized(institution(), advisor());
    let sybil_cases: Vec<CaseId> = (0..4)
        .map(|_| {
            let c = f.at(0).paying(sybil, PARAMS.service_deposit).open_case(product, advisor()).unwrap();
            f.at(1).as_(sybil).check_product(c, Verdict::Fraud(EVIDENCE)).unwrap();
            c
        })
        .collect();
    assert_eq!(f.advice.product(product).unwrap().product.bond.free, PARAMS.product_bond, "nothing reserved");
    let victim = f.at(0).paying(customer(), PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    f.at(1).as_(customer()).check_product(victim, Verdict::Fraud(EVIDENCE)).unwrap();
    f.at(10).as_(arbiter()).rule(victim, true, RULING).unwrap();
    // The sybil had cases before the first report, so it may join — once.
    f.as_(sybil).join_pool(sybil_cases[0]).unwrap();
    assert_eq!(f.as_(sybil).join_pool(sybil_cases[1]), Err(Error::Pool(PoolError::AlreadyJoined)));
    for c in &sybil_cases {
        f.as_(arbiter()).rule(*c, false, RULING).unwrap();
    }
    f.assert_conserved();
    let closes_at = f.advice.product(product).unwrap().product.bond.pool.unwrap().closes_at;
    f.at(closes_at + 1);
    assert_eq!(f.as_(customer()).claim_compensation(product), Ok(PARAMS.fraud_compensation), "the victim gets its full cap");
    assert_eq!(f.as_(sybil).claim_compensation(product), Ok(PARAMS.fraud_compensation), "one share, not four");
    assert_eq!(f.as_(sybil).claim_compensation(product), Err(Error::Pool(PoolError::AlreadyClaimed)));
    f.assert_conserved();
}

/// Item 3. Old code: one customer with N upheld cases collected N ×
/// compensation. Now the later rulings refund the deposits and the customer
/// is paid one share.
#[ink::test]
fn bug_one_victim_cannot_collect_compensation_many_times() {
    let mut f = Fixture::new(0xC0);
    let product = f.authorized(institution(), advisor());
    let cases: Vec<CaseId> = (0..3)
        .map(|_| {
            let c = f.at(0).paying(customer(), PARAMS.service_deposit).open_case(product, advisor()).unwrap();
            f.at(1).as_(customer()).check_product(c, Verdict::Fraud(EVIDENCE)).unwrap();
            c
        })
        .collect();
    for c in &cases {
        f.as_(arbiter()).rule(*c, true, RULING).unwrap();
    }
    assert_eq!(f.advice.credit_of(customer()), 3 * PARAMS.service_deposit, "deposits back, no compensation yet");
    assert_eq!(f.advice.product(product).unwrap().product.bond.pool.unwrap().claimants, 1);
    assert_eq!(f.as_(customer()).join_pool(cases[0]), Err(Error::Pool(PoolError::AlreadyJoined)));
    // No new report once fraud was upheld: the pool is the remedy.
    let other = f.paying(customer(), PARAMS.service_deposit).open_case(product, advisor());
    assert_eq!(other, Err(Error::Product(ProductError::WrongState)));
    f.revert_transfer(customer(), f.balance(f.contract) - PARAMS.service_deposit);
    f.at(2_002);
    assert_eq!(f.as_(customer()).claim_compensation(product), Ok(PARAMS.fraud_compensation));
    assert_eq!(f.as_(customer()).claim_compensation(product), Err(Error::Pool(PoolError::AlreadyClaimed)));
    assert_eq!(f.advice.credit_of(customer()), 3 * PARAMS.service_deposit + PARAMS.fraud_compensation);
    // The institution gets the rest back with its bond, once.
    f.as_(institution()).close_product(product).unwrap();
    assert_eq!(f.as_(institution()).withdraw_bond(product), Ok(PARAMS.product_bond - PARAMS.fraud_compensation));
    assert_eq!(f.as_(institution()).withdraw_bond(product), Err(Error::Product(ProductError::Bond(BondError::NothingOwed))));
    f.claim_all();
    assert_eq!(f.balance(f.contract), PARAMS.authorization_deposit, "only the advisor's deposit remains");
    f.assert_conserved();
}

/// Item 3. Only customers with a case on the product may join, before the
/// window ends; a case opened after the ruling (indeed, from the first
/// report on) never qualifies.
#[ink::test]
fn bug_compensation_goes_only_to_customers_with_a_case_before_the_ruling() {
    let mut f = Fixture::new(0xC0);
    let case = f.case_of(customer());
    let product = f.advice.case(case).unwrap().product;
    let (other, late) = (account(7), account(9));
    f.registry.grant(other, Role::Customer);
    let bystander = f.paying(other, PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    f.at(1).as_(customer()).check_product(case, Verdict::Fraud(EVIDENCE)).unwrap();
    assert_eq!(f.as_(other).join_pool(bystander), Err(Error::Pool(PoolError::NoPool)), "no pool before a ruling");
    f.at(100).as_(arbiter()).rule(case, true, RULING).unwrap();
    assert_eq!(f.as_(late).join_pool(bystander), Err(Error::NotCustomer));
    assert_eq!(f.at(2_101).as_(other).join_pool(bystander), Err(Error::Pool(PoolError::Closed)));
    f.at(2_100).as_(other).join_pool(bystander).unwrap();
    assert_eq!(f.as_(late).claim_compensation(product), Err(Error::Pool(PoolError::StillOpen)));
    f.at(2_101);
    assert_eq!(f.as_(late).claim_compensation(product), Err(Error::Pool(PoolError::NotJoined)));
    let share = PARAMS.fraud_compensation.min(PARAMS.product_bond / 2);
    assert_eq!(f.as_(other).claim_compensation(product), Ok(share));
    f.assert_conserved();
}

/// Item 5. Customer, advisor and institution must be three accounts, each
/// refusal with its own error; one account may still hold several licenses.
#[ink::test]
fn bug_parties_cannot_deal_with_themselves() {
    let mut f = Fixture::new(0xC0);
    let product = f.authorized(institution(), advisor());
    // The advisor, also licensed as a customer, cannot be its own customer.
    f.registry.grant(advisor(), Role::Customer);
    let b = f.balance(f.contract);
    assert_eq!(f.paying(advisor(), PARAMS.service_deposit).open_case(product, advisor()), Err(Error::Parties(PartyError::CustomerIsAdvisor)));
    f.revert_transfer(advisor(), b);
    // The institution cannot buy its own product…
    f.registry.grant(institution(), Role::Customer);
    assert_eq!(f.paying(institution(), PARAMS.service_deposit).open_case(product, advisor()), Err(Error::Parties(PartyError::CustomerIsInstitution)));
    f.revert_transfer(institution(), b);
    // …nor advise on it.
    f.registry.grant(institution(), Role::Advisor);
    assert_eq!(f.paying(institution(), PARAMS.authorization_deposit).request_authorization(product), Err(Error::Parties(PartyError::AdvisorIsInstitution)));
    f.revert_transfer(institution(), b);
    assert_eq!(f.as_(institution()).authorize(product, institution(), BOTH, INFO), Err(Error::Parties(PartyError::AdvisorIsInstitution)));
    // Several licenses are fine on different sides of different cases: the
    // institution advises on account 5's product, the advisor is its customer.
    f.registry.grant(account(5), Role::Institution);
    let p2 = f.authorized(account(5), institution());
    f.paying(advisor(), PARAMS.service_deposit).open_case(p2, institution()).unwrap();
    f.assert_conserved();
}

/// Item 5. The Arbiter cannot rule where it is the customer, the advisor or
/// the institution of the case.
#[ink::test]
fn bug_arbiter_cannot_rule_on_its_own_case() {
    for (i, party) in [customer(), advisor(), institution()].into_iter().enumerate() {
        let mut f = Fixture::new(0xC0 + i as u32);
        let case = f.disputed_by(customer());
        f.registry.grant(party, Role::Arbiter);
        let before = f.snapshot(party);
        assert_eq!(f.as_(party).rule(case, true, RULING), Err(Error::Parties(PartyError::ArbiterIsParty)));
        assert_eq!(f.snapshot(party), before);
        f.as_(arbiter()).rule(case, false, RULING).unwrap();
    }
}

/// Item 8. A product bond is held only by cases and their disputes, each
/// with a deadline after which anyone ends it: after `close_product` at C,
/// the bond is withdrawable by C + case_ttl + ruling window (+ claim window
/// once fraud was upheld), whatever the customers do.
#[ink::test]
fn bug_bonds_are_released_within_a_stated_bound() {
    let mut f = Fixture::new(0xC0);
    let case = f.case_of(customer());
    let product = f.advice.case(case).unwrap().product;
    let late = f.at(PARAMS.case_ttl_ms).paying(customer(), PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    f.as_(institution()).close_product(product).unwrap();
    let closed_at = PARAMS.case_ttl_ms;
    // An expired case counts as closed: no report after its TTL pushes the bound back.
    let before = f.snapshot(customer());
    assert_eq!(f.at(closed_at + 1).as_(customer()).check_product(case, Verdict::Fraud(EVIDENCE)), Err(Error::Case(CaseError::Expired)));
    assert_eq!(f.at(2 * PARAMS.case_ttl_ms + 1).as_(customer()).check_product(late, Verdict::Fraud(EVIDENCE)), Err(Error::Case(CaseError::Expired)));
    assert_eq!(f.snapshot(customer()), before, "nothing changed");
    // The customer reports at the last moment; the arbiter stays silent.
    f.at(closed_at + PARAMS.case_ttl_ms).as_(customer()).check_product(late, Verdict::Fraud(EVIDENCE)).unwrap();
    let bound = closed_at + PARAMS.case_ttl_ms + PARAMS.ruling_window_ms + 1;
    f.at(bound);
    for c in [case, late] {
        let _ = f.as_(account(9)).lapse_dispute(c);
        let _ = f.as_(account(9)).close_case(c);
    }
    assert_eq!(f.as_(institution()).withdraw_bond(product), Ok(PARAMS.product_bond));
    f.assert_conserved();
}

/// Item 9. An advisor or institution whose license the issuer revoked can
/// no longer take new cases.
#[ink::test]
fn bug_revoked_licenses_stop_new_cases() {
    let mut f = Fixture::new(0xC0);
    let product = f.authorized(institution(), advisor());
    f.registry.revoke_all(advisor());
    let b = f.balance(f.contract);
    assert_eq!(f.paying(customer(), PARAMS.service_deposit).open_case(product, advisor()), Err(Error::Parties(PartyError::AdvisorUnlicensed)));
    f.revert_transfer(customer(), b);
    f.registry.grant(advisor(), Role::Advisor);
    f.registry.revoke_all(institution());
    assert_eq!(f.paying(customer(), PARAMS.service_deposit).open_case(product, advisor()), Err(Error::Parties(PartyError::InstitutionUnlicensed)));
    f.revert_transfer(customer(), b);
    f.registry.grant(institution(), Role::Institution);
    f.paying(customer(), PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    f.assert_conserved();
}

/// Item 9. Extreme parameters are refused by the constructor with a typed error.
#[ink::test]
fn bug_extreme_params_are_refused_by_the_constructor() {
    let _f = Fixture::new(0xC0);
    let bad = [
        (AdviceParams { ruling_window_ms: u64::MAX, ..PARAMS }, ParamsError::WindowOutOfRange),
        (AdviceParams { report_penalty: PARAMS.service_deposit + 1, ..PARAMS }, ParamsError::PenaltyAboveDeposit),
        (AdviceParams { fraud_compensation: PARAMS.product_bond + 1, ..PARAMS }, ParamsError::CompensationAboveBond),
        (AdviceParams { claim_window_ms: PARAMS.ruling_window_ms - 1, ..PARAMS }, ParamsError::ClaimWindowShorterThanRuling),
    ];
    for (params, why) in bad {
        assert_eq!(Advice::new(params).err(), Some(Error::Params(why)));
    }
    assert_eq!(Advice::default().params(), AdviceParams::default());
}

/// Review 1. Old code: an Arbiter also licensed as a Customer opened a case
/// on the product in the ruling's block, upheld a fraud report and joined
/// the pool it had just opened. Now the ruling Arbiter is recorded per
/// product and may never join or claim; a pool member may not rule on it.
#[ink::test]
fn bug_arbiter_profits_from_its_own_fraud_ruling() {
    let mut f = Fixture::new(0xC0);
    let (victim, other, member) = (customer(), account(7), account(6));
    for who in [other, member, arbiter()] {
        f.registry.grant(who, Role::Customer);
    }
    let product = f.authorized(institution(), advisor());
    let a = f.at(0).paying(victim, PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    let b = f.paying(other, PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    let m = f.paying(member, PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    let own_early = f.paying(arbiter(), PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    f.at(1).as_(victim).check_product(a, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(other).check_product(b, Verdict::Fraud(EVIDENCE)).unwrap();
    let own_same_block = f.at(5).paying(arbiter(), PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    f.as_(arbiter()).rule(a, true, RULING).unwrap();
    for c in [own_same_block, own_early] {
        let before = f.snapshot(arbiter());
        assert_eq!(f.as_(arbiter()).join_pool(c), Err(Error::Parties(PartyError::ArbiterRuledOnIt)));
        assert_eq!(f.snapshot(arbiter()), before, "nothing changed");
    }
    // A member of the pool may not rule on a pending dispute about the product.
    f.as_(member).join_pool(m).unwrap();
    f.registry.grant(member, Role::Arbiter);
    assert_eq!(f.as_(member).rule(b, true, RULING), Err(Error::Parties(PartyError::ArbiterRuledOnIt)));
    f.as_(arbiter()).rule(b, true, RULING).unwrap();
    f.at(5 + PARAMS.claim_window_ms + 1);
    assert_eq!(f.as_(arbiter()).claim_compensation(product), Err(Error::Parties(PartyError::ArbiterRuledOnIt)));
    let share = PARAMS.fraud_compensation.min(PARAMS.product_bond / 3);
    for who in [victim, other, member] {
        assert_eq!(f.as_(who).claim_compensation(product), Ok(share));
    }
    f.assert_conserved();
}

/// Review 2. Old code: any case opened before the *ruling* qualified, so
/// the institution could add sybil customers during the public ruling
/// window, and a customer whose own claim was dismissed could still join.
/// Now a case must predate the first fraud report on the product, and a
/// dismissed claimant may not join.
#[ink::test]
fn bug_sybils_join_during_the_public_ruling_window() {
    let mut f = Fixture::new(0xC0);
    let (sybil, dismissed) = (account(7), account(6));
    f.registry.grant(sybil, Role::Customer);
    f.registry.grant(dismissed, Role::Customer);
    let product = f.authorized(institution(), advisor());
    let victim = f.at(0).paying(customer(), PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    let d = f.paying(dismissed, PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    f.at(10).as_(customer()).check_product(victim, Verdict::Fraud(EVIDENCE)).unwrap();
    let same_block = f.paying(sybil, PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    let during = f.at(20).paying(sybil, PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    f.as_(dismissed).check_product(d, Verdict::Fraud(EVIDENCE)).unwrap();
    f.at(25).as_(arbiter()).rule(d, false, RULING).unwrap();
    f.at(30).as_(arbiter()).rule(victim, true, RULING).unwrap();
    let before = f.snapshot(sybil);
    for c in [same_block, during] {
        assert_eq!(f.as_(sybil).join_pool(c), Err(Error::Pool(PoolError::NotEligible)));
    }
    assert_eq!(f.snapshot(sybil), before, "nothing changed");
    assert_eq!(f.as_(dismissed).join_pool(d), Err(Error::Pool(PoolError::ClaimDismissed)));
    assert_eq!(f.advice.product(product).unwrap().product.bond.first_report_at, Some(10));
    assert_eq!(f.advice.product(product).unwrap().product.bond.pool.unwrap().claimants, 1);
    f.assert_conserved();
}

/// Review 4. Old code: `close_product` needed a current Institution
/// license, and `withdraw_bond` a closed product, so revoking the license
/// locked the bond for ever. Now closing one's own product needs ownership only.
#[ink::test]
fn bug_revoked_institution_bonds_are_locked_forever() {
    let mut f = Fixture::new(0xC0);
    let product = f.authorized(institution(), advisor());
    f.registry.revoke_all(institution());
    assert_eq!(f.as_(account(9)).close_product(product), Err(Error::NotInstitution));
    f.as_(institution()).close_product(product).unwrap();
    assert_eq!(f.as_(institution()).withdraw_bond(product), Ok(PARAMS.product_bond));
    f.claim_all();
    f.assert_conserved();
}

/// Review 5. Old code: a case past its expiry could still check the product
/// and report fraud (and the investment contract saw it as open). Now it
/// counts as closed for reports, checks and proposals; its deposit still
/// returns through `close_case`.
#[ink::test]
fn bug_expired_cases_stay_usable() {
    let mut f = Fixture::new(0xC0);
    let case = f.case_of(customer());
    assert!(f.advice.case_view(case).unwrap().case_open);
    f.at(PARAMS.case_ttl_ms + 1);
    assert!(!f.advice.case_view(case).unwrap().case_open, "investment sees it closed");
    let before = f.snapshot(customer());
    assert_eq!(f.as_(customer()).check_product(case, Verdict::Ok), Err(Error::Case(CaseError::Expired)));
    assert_eq!(f.as_(customer()).check_product(case, Verdict::Fraud(EVIDENCE)), Err(Error::Case(CaseError::Expired)));
    assert_eq!(f.snapshot(customer()), before, "nothing changed");
    f.as_(account(9)).close_case(case).unwrap();
    assert_eq!(f.advice.credit_of(customer()), PARAMS.service_deposit, "the deposit still returns");
    f.assert_conserved();
}

/// Review 7. Zero compensation or authorization deposit is refused.
#[ink::test]
fn bug_validate_misses_zero_compensation() {
    let _f = Fixture::new(0xC0);
    assert_eq!(Advice::new(AdviceParams { fraud_compensation: 0, ..PARAMS }).err(), Some(Error::Params(ParamsError::ZeroCompensation)));
    assert_eq!(Advice::new(AdviceParams { authorization_deposit: 0, ..PARAMS }).err(), Some(Error::Params(ParamsError::ZeroDeposit)));
}
