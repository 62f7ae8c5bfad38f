//! The cross-contract checks: what the advice contract's authorizations and
//! product states allow.

use super::*;

#[ink::test]
fn signing_needs_the_signing_right_and_an_open_product() {
    let mut f = Fixture::new(1);
    let id = f.proposed();
    let h = f.terms_of(id);
    let p = 0;
    // The advisor is revoked in the advice contract: nobody may sign any more.
    f.advice(institution(), 0, |a| a.revoke(p, advisor())).unwrap();
    let before = f.balance(f.contract);
    assert_eq!(
        f.paying(customer(), AMOUNT).sign(id, h),
        Err(Error::Advice(AdviceError::Authorization(AuthorizationError::MissingRight)))
    );
    f.revert_transfer(customer(), before);
    // An advisor with advisory rights only cannot propose.
    let mut g = Fixture::new(2);
    let (c, t) = g.offered();
    g.advice(advisor(), 0, |a| a.revoke(0, advisor())).unwrap();
    assert_eq!(
        g.as_(advisor()).propose(c, t, AMOUNT),
        Err(Error::Advice(AdviceError::Authorization(AuthorizationError::MissingRight)))
    );
    // Upheld product fraud (in another case) suspends the product: no signatures.
    let mut h = Fixture::new(3);
    let (c0, t) = h.offered();
    let other = account(7);
    h.registry.grant(other, Role::Customer);
    let c1 = h.advice(other, ADVICE_PARAMS.service_deposit, |a| a.open_case(0, advisor())).unwrap();
    let id = h.as_(advisor()).propose(c1, t, AMOUNT).unwrap();
    let terms = h.terms_of(id);
    h.advice(customer(), 0, |a| a.check_product(c0, Verdict::Fraud(EVIDENCE))).unwrap();
    h.advice(arbiter(), 0, |a| a.rule(c0, true, RULING)).unwrap();
    let before = h.balance(h.contract);
    assert_eq!(
        h.paying(advisor(), STAKE).sign(id, terms),
        Err(Error::Advice(AdviceError::Product(ProductError::WrongState)))
    );
    h.revert_transfer(advisor(), before);
    h.at(501).as_(account(9)).lapse_agreement(id).unwrap();
    h.assert_conserved();
}
