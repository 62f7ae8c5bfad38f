//! The paper's cases: settlement after cooling-off, agreement and template
//! fraud (upheld and dismissed), and the timeouts of arbiter and signers.

use super::*;

#[ink::test]
fn success_settles_after_cooling_off() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    assert_eq!(f.status(id), AgreementStatus::CoolingOff);
    f.assert_conserved();
    assert_eq!(f.at(2_000).as_(account(9)).settle(id), Err(Error::Agreement(AgreementError::DeadlineNotReached)));
    f.at(2_011).as_(account(9)).settle(id).unwrap();
    assert_eq!(f.status(id), AgreementStatus::Settled);
    assert_eq!(f.investment.credit_of(institution()), AMOUNT);
    assert_eq!(f.investment.credit_of(advisor()), STAKE);
    assert_eq!(f.investment.credit_of(customer()), 0);
    f.assert_conserved();
    let before = f.balance(institution());
    assert_eq!(f.as_(institution()).claim(), Ok(AMOUNT));
    assert_eq!(f.balance(institution()), before + AMOUNT);
    f.assert_conserved();
}

#[ink::test]
fn agreement_fraud_refunds_and_compensates_from_the_stake() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    let t = f.investment.agreement(id).unwrap().template;
    assert_eq!(
        f.investment.template(t).unwrap().template.bond.free,
        PARAMS.template_bond,
        "nothing of the bond is reserved"
    );
    assert_eq!(f.investment.dispute(d).unwrap().dispute.accused, advisor());
    f.assert_conserved();
    f.at(200).as_(arbiter()).rule(d, true, RULING).unwrap();
    assert_eq!(f.status(id), AgreementStatus::Refunded);
    assert_eq!(
        f.investment.credit_of(customer()),
        AMOUNT + PARAMS.report_deposit + STAKE,
        "payment, deposit, compensation"
    );
    assert_eq!(f.investment.credit_of(advisor()), 0, "the whole stake compensated the customer");
    assert_eq!(f.investment.credit_of(institution()), 0);
    let bond = f.investment.template(t).unwrap().template.bond;
    assert_eq!(
        (bond.free, bond.open_cases, bond.pool),
        (PARAMS.template_bond, 0, None),
        "agreement fraud is the advisor's"
    );
    assert_eq!(f.investment.template(t).unwrap().template.status, TemplateStatus::Offered);
    f.assert_conserved();
}

#[ink::test]
fn template_fraud_refunds_compensates_and_suspends() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    assert_eq!(f.investment.check(c, t), Some(true));
    f.assert_conserved();
    f.as_(arbiter()).rule(0, true, RULING).unwrap();
    assert_eq!(
        f.investment.credit_of(customer()),
        PARAMS.report_deposit,
        "the deposit now, the share after the window"
    );
    let offer = f.investment.template(t).unwrap();
    assert_eq!(offer.template.status, TemplateStatus::Suspended);
    assert_eq!(offer.template.bond.pool.map(|p| (p.funds, p.claimants)), Some((PARAMS.template_bond, 1)));
    assert_eq!(f.investment.pool_member(t, customer()), Some(Membership::Joined));
    assert_eq!(
        f.as_(advisor()).propose(c, t, AMOUNT),
        Err(Error::Template(TemplateError::WrongState)),
        "no agreements on a suspended template"
    );
    assert_eq!(f.as_(customer()).claim_compensation(t), Err(Error::Pool(PoolError::StillOpen)));
    assert_eq!(f.at(4_001).as_(customer()).claim_compensation(t), Ok(PARAMS.template_compensation));
    assert_eq!(f.investment.credit_of(customer()), PARAMS.report_deposit + PARAMS.template_compensation);
    assert_eq!(
        f.investment.template(t).unwrap().template.bond.held(),
        PARAMS.template_bond - PARAMS.template_compensation
    );
    f.assert_conserved();
}

#[ink::test]
fn template_report_dismissed_pays_the_penalty_to_the_institution() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(arbiter()).rule(0, false, RULING).unwrap();
    assert_eq!(f.investment.credit_of(institution()), PARAMS.report_penalty);
    assert_eq!(f.investment.credit_of(customer()), PARAMS.report_deposit - PARAMS.report_penalty);
    assert_eq!(f.investment.template(t).unwrap().template.status, TemplateStatus::Offered);
    f.as_(advisor()).propose(c, t, AMOUNT).unwrap();
    f.assert_conserved();
}

#[ink::test]
fn dismissed_agreement_dispute_pays_the_penalty_to_the_advisor_and_settles() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    f.assert_conserved();
    f.as_(arbiter()).rule(d, false, RULING).unwrap();
    assert_eq!(f.status(id), AgreementStatus::Settled);
    assert_eq!(f.investment.credit_of(institution()), AMOUNT);
    assert_eq!(f.investment.credit_of(advisor()), STAKE + PARAMS.report_penalty, "stake back and the penalty");
    assert_eq!(f.investment.credit_of(customer()), PARAMS.report_deposit - PARAMS.report_penalty);
    let t = f.investment.agreement(id).unwrap().template;
    assert_eq!(f.investment.template(t).unwrap().template.bond.free, PARAMS.template_bond, "the reservation came back");
    f.assert_conserved();
}

#[ink::test]
fn arbiter_timeout_returns_everyone_its_money() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let d = f.at(100).dispute(id).unwrap();
    assert_eq!(f.at(1_100).as_(account(9)).lapse_dispute(d), Err(Error::Dispute(DisputeError::DeadlineNotReached)));
    assert_eq!(f.at(1_101).as_(arbiter()).rule(d, true, RULING), Err(Error::Dispute(DisputeError::DeadlinePassed)));
    f.as_(account(9)).lapse_dispute(d).unwrap();
    assert_eq!(f.status(id), AgreementStatus::Lapsed);
    assert_eq!(f.investment.credit_of(customer()), AMOUNT + PARAMS.report_deposit, "payment and deposit back");
    assert_eq!(f.investment.credit_of(advisor()), STAKE);
    f.assert_conserved();
}

#[ink::test]
fn signer_timeout_lets_the_other_recover() {
    for customer_first in [true, false] {
        let mut f = Fixture::new(u32::from(customer_first));
        let id = f.proposed();
        let h = f.terms_of(id);
        if customer_first {
            f.at(100).paying(customer(), AMOUNT).sign(id, h).unwrap();
        } else {
            f.at(100).paying(advisor(), STAKE).sign(id, h).unwrap();
        }
        assert_eq!(
            f.at(600).as_(account(9)).lapse_agreement(id),
            Err(Error::Agreement(AgreementError::DeadlineNotReached))
        );
        let late = f.balance(f.contract);
        let (other, due) = if customer_first { (advisor(), STAKE) } else { (customer(), AMOUNT) };
        assert_eq!(f.at(601).paying(other, due).sign(id, h), Err(Error::Agreement(AgreementError::DeadlinePassed)));
        f.revert_transfer(other, late);
        f.as_(account(9)).lapse_agreement(id).unwrap();
        let (payer, paid) = if customer_first { (customer(), AMOUNT) } else { (advisor(), STAKE) };
        assert_eq!(f.investment.credit_of(payer), paid);
        assert_eq!(f.status(id), AgreementStatus::Lapsed);
        f.assert_conserved();
    }
}

#[ink::test]
fn cooling_off_ends_the_dispute_window() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    assert_eq!(f.at(2_011).dispute(id), Err(Error::Agreement(AgreementError::DeadlinePassed)));
    f.as_(account(9)).settle(id).unwrap();
    assert_eq!(f.dispute(id), Err(Error::Agreement(AgreementError::WrongState)));
}
