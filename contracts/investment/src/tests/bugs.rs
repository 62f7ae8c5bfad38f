//! What the FITM paper's code got wrong (docs/protocol/fitm.md#what-the-fitm-papers-code-got-wrong), one named test each.

use super::*;

#[ink::test]
fn bug_default_status_is_not_deposited() {
    let mut f = Fixture::new(1);
    assert_eq!(AgreementStatus::default(), AgreementStatus::Proposed);
    assert_eq!(TemplateStatus::default(), TemplateStatus::Offered);
    let id = f.proposed();
    let a = f.investment.agreement(id).unwrap().agreement;
    assert_eq!((a.customer_paid, a.advisor_staked), (0, 0), "a proposal holds nothing");
    // Signing without paying is refused; lapsing a proposal pays nobody.
    let h = f.terms_of(id);
    assert_eq!(f.as_(customer()).sign(id, h), Err(Error::Agreement(AgreementError::WrongAmount)));
    f.at(501).as_(account(9)).lapse_agreement(id).unwrap();
    assert!(people().iter().all(|w| f.investment.credit_of(*w) == 0));
    let before = f.balance(f.contract);
    assert_eq!(
        f.paying(institution(), 0).release_template(0, TERMS),
        Err(Error::Template(TemplateError::Bond(BondError::WrongBond)))
    );
    f.revert_transfer(institution(), before);
    f.assert_conserved();
}

#[ink::test]
fn bug_funds_locked_forever_every_unit_has_a_way_out() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    f.at(2_011).as_(account(9)).settle(id).unwrap();
    let t = f.investment.agreement(id).unwrap().template;
    f.as_(institution()).withdraw_template(t).unwrap();
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond));
    f.claim_all();
    assert_eq!(f.balance(f.contract), 0, "customer 100, advisor 20, bonds: all went out again");
    f.assert_conserved();
}

#[ink::test]
fn bug_payees_are_never_chosen_by_the_arbiter() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    f.as_(arbiter()).rule(d, true, RULING).unwrap();
    let credited: Vec<_> = people().into_iter().filter(|w| f.investment.credit_of(*w) > 0).collect();
    assert_eq!(credited, vec![customer()], "only the agreement's customer");
}

#[ink::test]
fn bug_refunds_and_punishments_happen_once() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    f.as_(arbiter()).rule(d, true, RULING).unwrap();
    let after = f.snapshot(customer());
    assert_eq!(f.as_(arbiter()).rule(d, true, RULING), Err(Error::Dispute(DisputeError::Closed)));
    assert_eq!(f.at(5_000).as_(arbiter()).lapse_dispute(d), Err(Error::Dispute(DisputeError::Closed)));
    assert_eq!(f.dispute(id), Err(Error::Agreement(AgreementError::WrongState)));
    assert_eq!(f.as_(account(9)).settle(id), Err(Error::Agreement(AgreementError::WrongState)));
    assert_eq!(f.as_(account(9)).lapse_agreement(id), Err(Error::Agreement(AgreementError::WrongState)));
    assert_eq!(f.snapshot(customer()), after);
    f.as_(customer()).claim().unwrap();
    assert_eq!(f.as_(customer()).claim(), Err(Error::NothingOwed));
    // A template is reported once per case.
    let (c, t) = f.offered();
    f.as_(customer()).check_template(c, t, Verdict::Ok).unwrap();
    let before = f.balance(f.contract);
    assert_eq!(
        f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)),
        Err(Error::AlreadyChecked)
    );
    f.revert_transfer(customer(), before);
    f.assert_conserved();
}

#[ink::test]
fn bug_no_deadlines_every_waiting_state_times_out() {
    let mut f = Fixture::new(1);
    // Proposed, half-signed, cooling off, disputed: each ends by time alone.
    let proposed = f.proposed();
    f.at(501).as_(account(9)).lapse_agreement(proposed).unwrap();
    let id = f.at(1_000).signed();
    f.at(3_011).as_(account(9)).settle(id).unwrap();
    let disputed = f.at(4_000).signed();
    let d = f.at(4_100).dispute(disputed).unwrap();
    f.at(5_101).as_(account(9)).lapse_dispute(d).unwrap();
    f.assert_conserved();
}

#[ink::test]
fn bug_one_hard_coded_party_per_role_many_of_each_work_independently() {
    let mut f = Fixture::new(1);
    let (inst2, adv2, cust2) = (account(5), account(6), account(7));
    f.registry.grant(inst2, Role::Institution);
    f.registry.grant(adv2, Role::Advisor);
    f.registry.grant(cust2, Role::Customer);
    let a1 = f.signed();
    let (p2, c2) = f.case_with(inst2, adv2, cust2);
    let before = f.balance(f.contract);
    assert_eq!(f.paying(institution(), PARAMS.template_bond).release_template(p2, TERMS), Err(Error::NotInstitution));
    f.revert_transfer(institution(), before);
    let t2 = f.paying(inst2, PARAMS.template_bond).release_template(p2, TERMS).unwrap();
    assert_eq!(f.as_(advisor()).propose(c2, t2, AMOUNT), Err(Error::NotAdvisor));
    let a2 = f.as_(adv2).propose(c2, t2, AMOUNT).unwrap();
    let h2 = f.terms_of(a2);
    assert_ne!(h2, f.terms_of(a1), "terms bind parties and amounts");
    assert_eq!(f.as_(customer()).sign(a2, h2), Err(Error::NotCustomer));
    f.paying(cust2, AMOUNT).sign(a2, h2).unwrap();
    f.paying(adv2, STAKE).sign(a2, h2).unwrap();
    f.at(2_100).as_(account(9)).settle(a1).unwrap();
    assert_eq!(f.investment.credit_of(inst2), 0, "each institution is paid its own agreements");
    assert_eq!(f.investment.credit_of(institution()), AMOUNT);
    f.assert_conserved();
}

#[ink::test]
fn bug_push_payments_nobody_is_paid_until_it_pulls() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let before = f.balance(institution());
    f.at(2_011).as_(account(9)).settle(id).unwrap();
    assert_eq!(f.balance(institution()), before, "settlement credits, it does not transfer");
    f.as_(institution()).claim().unwrap();
    assert_eq!(f.balance(institution()), before + AMOUNT);
}
