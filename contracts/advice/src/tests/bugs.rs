//! What the FITM paper's code got wrong (docs/protocol/fitm.md#what-the-fitm-papers-code-got-wrong), one named test each.

use super::*;

#[ink::test]
fn bug_default_status_is_not_deposited() {
    let mut f = Fixture::new(0xC0);
    assert_eq!(ProductStatus::default(), ProductStatus::Draft);
    assert_eq!(AuthorizationStatus::default(), AuthorizationStatus::Requested);
    assert_eq!(CaseStatus::default(), CaseStatus::Open);
    // Publication is never free, and nothing unrequested can be refunded.
    let before = f.balance(f.contract);
    assert_eq!(
        f.paying(institution(), 0).publish_product(),
        Err(Error::Product(ProductError::Bond(BondError::WrongBond)))
    );
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
    assert_eq!(
        f.at(10_501).as_(advisor()).reclaim_deposit(product),
        Err(Error::Authorization(AuthorizationError::CoolingDown))
    );
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
    assert_eq!(
        f.as_(customer()).check_product(case, Verdict::Fraud(EVIDENCE)),
        Err(Error::Case(CaseError::AlreadyChecked))
    );
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
