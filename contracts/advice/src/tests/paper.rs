//! The paper's product cases: upheld and dismissed fraud claims, and a
//! silent arbiter.

use super::*;

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
    assert_eq!(
        f.paying(account(5), PARAMS.service_deposit).open_case(product, advisor()),
        Err(Error::Product(ProductError::WrongState))
    );
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
