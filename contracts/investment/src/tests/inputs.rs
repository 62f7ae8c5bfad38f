//! Bad input: each is refused with its own typed error and changes nothing.

use super::*;

#[ink::test]
fn bad_inputs_are_refused_and_change_nothing() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    let before = f.snapshot(customer());
    let pay = |f: &mut Fixture, who, value, call: fn(&mut Investment) -> Result<(), Error>| {
        let b = f.balance(f.contract);
        fiducia_testkit::pay(who, value);
        let r = call(&mut f.investment);
        f.revert_transfer(who, b);
        r
    };
    assert_eq!(
        pay(&mut f, institution(), PARAMS.template_bond, |i| i.release_template(9, TERMS).map(|_| ())),
        Err(Error::Advice(AdviceError::UnknownProduct))
    );
    assert_eq!(
        pay(&mut f, institution(), PARAMS.template_bond, |i| i.release_template(0, [0; 32]).map(|_| ())),
        Err(Error::Template(TemplateError::EmptyTerms))
    );
    assert_eq!(
        pay(&mut f, institution(), 1, |i| i.release_template(0, TERMS).map(|_| ())),
        Err(Error::Template(TemplateError::Bond(BondError::WrongBond)))
    );
    assert_eq!(pay(&mut f, customer(), 1, |i| i.check_template(0, 0, Verdict::Ok)), Err(Error::WrongValue));
    assert_eq!(
        pay(&mut f, customer(), 1, |i| i.check_template(0, 0, Verdict::Fraud(EVIDENCE))),
        Err(Error::WrongValue)
    );
    assert_eq!(
        pay(&mut f, customer(), PARAMS.report_deposit, |i| i.check_template(0, 0, Verdict::Fraud([0; 32]))),
        Err(Error::Dispute(DisputeError::EmptyHash))
    );
    assert_eq!(f.as_(customer()).check_template(9, t, Verdict::Ok), Err(Error::Advice(AdviceError::UnknownCase)));
    assert_eq!(f.as_(customer()).check_template(c, 9, Verdict::Ok), Err(Error::UnknownTemplate));
    assert_eq!(f.as_(advisor()).propose(c, t, 0), Err(Error::Agreement(AgreementError::ZeroAmount)));
    assert_eq!(f.as_(advisor()).propose(c, 9, AMOUNT), Err(Error::UnknownTemplate));
    assert_eq!(f.as_(customer()).sign(9, TERMS), Err(Error::UnknownAgreement));
    assert_eq!(f.as_(account(9)).settle(9), Err(Error::UnknownAgreement));
    assert_eq!(f.as_(arbiter()).rule(9, true, RULING), Err(Error::UnknownDispute));
    assert_eq!(f.as_(advisor()).withdraw_template(t), Err(Error::NotInstitution));
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Err(Error::Template(TemplateError::WrongState)));
    assert_eq!(f.as_(account(9)).claim(), Err(Error::NothingOwed));
    assert_eq!(f.snapshot(customer()), before);
    // A template for another product, terms and amounts that differ.
    let (p2, c2) = f.case_with(institution(), advisor(), customer());
    let _ = p2;
    assert_eq!(f.as_(advisor()).propose(c2, t, AMOUNT), Err(Error::WrongProduct));
    let id = f.as_(advisor()).propose(c, t, AMOUNT).unwrap();
    let h = f.terms_of(id);
    assert_eq!(
        pay(&mut f, customer(), AMOUNT, |i| i.sign(0, [1; 32])),
        Err(Error::Agreement(AgreementError::TermsMismatch))
    );
    let _ = h;
    assert_eq!(
        pay(&mut f, customer(), AMOUNT - 1, |i| {
            let h = i.agreement(0).unwrap().agreement.terms_hash;
            i.sign(0, h)
        }),
        Err(Error::Agreement(AgreementError::WrongAmount))
    );
    assert_eq!(
        pay(&mut f, advisor(), STAKE + 1, |i| {
            let h = i.agreement(0).unwrap().agreement.terms_hash;
            i.sign(0, h)
        }),
        Err(Error::Agreement(AgreementError::WrongAmount))
    );
    assert_eq!(
        pay(&mut f, account(9), AMOUNT, |i| {
            let h = i.agreement(0).unwrap().agreement.terms_hash;
            i.sign(0, h)
        }),
        Err(Error::NotCustomer)
    );
    assert_eq!(f.as_(account(9)).dispute_agreement(id, EVIDENCE), Err(Error::NotCustomer));
    assert_eq!(f.dispute(id), Err(Error::Agreement(AgreementError::WrongState)), "only while cooling off");
    assert_eq!(
        pay(&mut f, customer(), PARAMS.report_deposit - 1, |i| i.dispute_agreement(0, EVIDENCE).map(|_| ())),
        Err(Error::WrongValue)
    );
    // A closed case takes no checks.
    f.advice(customer(), 0, |a| a.close_case(c2)).unwrap();
    assert_eq!(
        f.as_(customer()).check_template(c2, t, Verdict::Ok),
        Err(Error::Advice(AdviceError::Case(CaseError::WrongState)))
    );
    f.assert_conserved();
}
