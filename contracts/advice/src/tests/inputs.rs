//! Bad input: each is refused with its own typed error and changes nothing.

use super::*;

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
        assert_eq!(
            f.paying(who, value).publish_product(),
            Err(Error::Product(ProductError::Bond(BondError::WrongBond)))
        );
        f.revert_transfer(who, b);
    }
    let b = f.balance(f.contract);
    assert_eq!(
        f.paying(advisor(), 1).request_authorization(draft),
        Err(Error::Authorization(AuthorizationError::WrongDeposit))
    );
    f.revert_transfer(advisor(), b);
    f.paying(advisor(), PARAMS.authorization_deposit).request_authorization(draft).unwrap();
    let b = f.balance(f.contract);
    assert_eq!(
        f.paying(advisor(), PARAMS.authorization_deposit).request_authorization(draft),
        Err(Error::Authorization(AuthorizationError::WrongState)),
        "one request at a time"
    );
    f.revert_transfer(advisor(), b);
    assert_eq!(
        f.as_(institution()).authorize(draft, advisor(), Rights::default(), INFO),
        Err(Error::Authorization(AuthorizationError::NoRights))
    );
    // A case needs an open product and an authorized advisor.
    let b = f.balance(f.contract);
    assert_eq!(
        f.paying(customer(), PARAMS.service_deposit).open_case(draft, advisor()),
        Err(Error::Authorization(AuthorizationError::MissingRight))
    );
    f.revert_transfer(customer(), b);
    f.as_(institution()).authorize(draft, advisor(), Rights { advisory: true, signing: false }, INFO).unwrap();
    let b = f.balance(f.contract);
    assert_eq!(
        f.paying(customer(), PARAMS.service_deposit).open_case(draft, advisor()),
        Err(Error::Product(ProductError::WrongState))
    );
    f.revert_transfer(customer(), b);
    f.as_(institution()).open_product(draft).unwrap();
    assert_eq!(
        f.as_(institution()).add_promise(draft, "late".into()),
        Err(Error::Product(ProductError::WrongState)),
        "frozen once open"
    );
    let b = f.balance(f.contract);
    assert_eq!(f.paying(customer(), 1).open_case(draft, advisor()), Err(Error::Case(CaseError::WrongDeposit)));
    f.revert_transfer(customer(), b);
    let case = f.paying(customer(), PARAMS.service_deposit).open_case(draft, advisor()).unwrap();
    assert_eq!(
        f.as_(customer()).check_product(case, Verdict::Fraud([0; 32])),
        Err(Error::Dispute(DisputeError::EmptyHash))
    );
    assert_eq!(f.advice.case(case).unwrap().status, CaseStatus::Open);
    assert_eq!(f.as_(arbiter()).rule(case, true, RULING), Err(Error::UnknownDispute));
    f.as_(customer()).check_product(case, Verdict::Fraud(EVIDENCE)).unwrap();
    assert_eq!(f.as_(arbiter()).rule(case, true, [0; 32]), Err(Error::Dispute(DisputeError::EmptyHash)));
    assert_eq!(f.as_(customer()).close_case(case), Err(Error::Case(CaseError::WrongState)), "not while disputed");
    // The bond waits for the case, the advisor's deposit too.
    f.as_(institution()).close_product(draft).unwrap();
    assert_eq!(
        f.as_(institution()).withdraw_bond(draft),
        Err(Error::Product(ProductError::Bond(BondError::CasesOpen)))
    );
    f.assert_conserved();
}
