//! The security review (docs/security.md): compensation, self-dealing, frozen bonds, licenses,
//! parameters — the regressions of the review items, one named test each.

use super::*;

/// `who` opens another case on product 0 with the default advisor.
fn another_case(f: &mut Fixture, who: AccountId) -> CaseId {
    f.registry.grant(who, Role::Customer);
    f.advice(who, ADVICE_PARAMS.service_deposit, |a| a.open_case(0, advisor())).unwrap()
}

/// Item 3. Old code: each template report reserved `template_compensation`
/// of the bond when it opened, so a sybil's reports took the whole bond
/// before the real victim's. Now reports reserve nothing; the upheld
/// ruling opens a pool, and the sybil — with any number of cases — joins once.
#[ink::test]
fn bug_sybil_cases_cannot_preempt_compensation() {
    let mut f = Fixture::new(1);
    let (victim_case, t) = f.offered();
    let sybil = account(7);
    let sybil_cases: Vec<CaseId> = (0..4).map(|_| another_case(&mut f, sybil)).collect();
    // Agreements proposed before any report make the sybil eligible.
    for c in &sybil_cases[..2] {
        f.as_(advisor()).propose(*c, t, AMOUNT).unwrap();
    }
    f.at(1);
    for c in &sybil_cases {
        f.paying(sybil, PARAMS.report_deposit).check_template(*c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    }
    assert_eq!(f.investment.template(t).unwrap().template.bond.free, PARAMS.template_bond, "nothing reserved");
    let d = f.investment.dispute_count();
    f.paying(customer(), PARAMS.report_deposit).check_template(victim_case, t, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(arbiter()).rule(d, true, RULING).unwrap();
    f.as_(sybil).join_pool(t, sybil_cases[0]).unwrap();
    assert_eq!(f.as_(sybil).join_pool(t, sybil_cases[1]), Err(Error::Pool(PoolError::AlreadyJoined)));
    for d in 0..4 {
        f.as_(arbiter()).rule(d, false, RULING).unwrap();
    }
    f.assert_conserved();
    f.at(4_002);
    assert_eq!(
        f.as_(customer()).claim_compensation(t),
        Ok(PARAMS.template_compensation),
        "the victim gets its full cap"
    );
    assert_eq!(f.as_(sybil).claim_compensation(t), Ok(PARAMS.template_compensation), "one share, not four");
    assert_eq!(f.as_(sybil).claim_compensation(t), Err(Error::Pool(PoolError::AlreadyClaimed)));
    f.assert_conserved();
}

/// Item 3. Old code: one customer's N upheld reports paid N × compensation.
/// Now later rulings refund the deposits; the customer is paid one share,
/// and the institution the rest after the window.
#[ink::test]
fn bug_one_victim_cannot_collect_compensation_many_times() {
    let mut f = Fixture::new(1);
    let (c0, t) = f.offered();
    let cases = [c0, another_case(&mut f, customer()), another_case(&mut f, customer())];
    for c in cases {
        f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    }
    for d in 0..3 {
        f.as_(arbiter()).rule(d, true, RULING).unwrap();
    }
    assert_eq!(f.investment.credit_of(customer()), 3 * PARAMS.report_deposit, "deposits back, no compensation yet");
    assert_eq!(f.investment.template(t).unwrap().template.bond.pool.unwrap().claimants, 1);
    f.as_(institution()).withdraw_template(t).unwrap();
    assert_eq!(
        f.as_(institution()).withdraw_template_bond(t),
        Err(Error::Template(TemplateError::Bond(BondError::Pool(PoolError::StillOpen))))
    );
    f.at(4_001);
    assert_eq!(f.as_(customer()).claim_compensation(t), Ok(PARAMS.template_compensation));
    assert_eq!(f.as_(customer()).claim_compensation(t), Err(Error::Pool(PoolError::AlreadyClaimed)));
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond - PARAMS.template_compensation));
    f.claim_all();
    assert_eq!(f.balance(f.contract), 0, "paid + returned == the bond");
    f.assert_conserved();
}

/// Item 3. Agreement fraud is compensated from that agreement's own stake
/// (never pre-empted by other disputes); the template bond reaches an
/// agreement's customer only through the template's pool, which it may
/// join as a customer with an agreement under the template.
#[ink::test]
fn bug_agreement_compensation_cannot_be_preempted() {
    let mut f = Fixture::new(1);
    let id = f.signed();
    let (case, t) = (f.investment.agreement(id).unwrap().case, f.investment.agreement(id).unwrap().template);
    let sybil = account(7);
    let sybil_cases: Vec<CaseId> = (0..4).map(|_| another_case(&mut f, sybil)).collect();
    f.at(1);
    for c in &sybil_cases {
        f.paying(sybil, PARAMS.report_deposit).check_template(*c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    }
    let d = f.at(100).dispute(id).unwrap();
    f.as_(arbiter()).rule(d, true, RULING).unwrap();
    assert_eq!(
        f.investment.credit_of(customer()),
        AMOUNT + PARAMS.report_deposit + STAKE,
        "its own compensation in full"
    );
    // Template fraud upheld later: the agreement's customer may join its pool.
    f.as_(arbiter()).rule(0, true, RULING).unwrap();
    f.as_(customer()).join_pool(t, case).unwrap();
    assert_eq!(f.as_(account(9)).join_pool(t, case), Err(Error::NotCustomer));
    assert_eq!(f.investment.pool_member(t, customer()), Some(Membership::Joined));
    f.assert_conserved();
}

/// Item 5. The Arbiter cannot rule where it is the customer, the advisor or
/// the institution — on agreement disputes and template reports alike.
#[ink::test]
fn bug_arbiter_cannot_rule_on_its_own_case() {
    for (i, party) in [customer(), advisor(), institution()].into_iter().enumerate() {
        let mut f = Fixture::new(1 + i as u32);
        let id = f.signed();
        let d = f.at(100).dispute(id).unwrap();
        let case = f.investment.agreement(id).unwrap().case;
        f.paying(customer(), PARAMS.report_deposit).check_template(case, 0, Verdict::Fraud(EVIDENCE)).unwrap();
        f.registry.grant(party, Role::Arbiter);
        let before = f.snapshot(party);
        assert_eq!(f.as_(party).rule(d, true, RULING), Err(Error::Parties(PartyError::ArbiterIsParty)));
        assert_eq!(f.as_(party).rule(d + 1, true, RULING), Err(Error::Parties(PartyError::ArbiterIsParty)));
        assert_eq!(f.snapshot(party), before);
        f.as_(arbiter()).rule(d, false, RULING).unwrap();
    }
}

/// Item 8. Old code: a customer kept filing reports on a withdrawn template
/// and blocked `withdraw_template_bond` indefinitely. Now a template takes
/// checks and reports only while offered with no fraud upheld.
#[ink::test]
fn bug_template_bond_cannot_be_frozen_by_reports_on_a_withdrawn_template() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    f.as_(institution()).withdraw_template(t).unwrap();
    let before = f.snapshot(customer());
    let b = f.balance(f.contract);
    assert_eq!(
        f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)),
        Err(Error::Template(TemplateError::WrongState))
    );
    f.revert_transfer(customer(), b);
    assert_eq!(f.as_(customer()).check_template(c, t, Verdict::Ok), Err(Error::Template(TemplateError::WrongState)));
    assert_eq!(f.snapshot(customer()), before);
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond));
    // Nor once fraud was upheld (the pool is the remedy).
    let (c2, t2) = f.offered();
    f.registry.grant(account(7), Role::Customer);
    let c3 = f.advice(account(7), ADVICE_PARAMS.service_deposit, |a| a.open_case(1, advisor())).unwrap();
    f.paying(customer(), PARAMS.report_deposit).check_template(c2, t2, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(arbiter()).rule(0, true, RULING).unwrap();
    let b = f.balance(f.contract);
    assert_eq!(
        f.paying(account(7), PARAMS.report_deposit).check_template(c3, t2, Verdict::Fraud(EVIDENCE)),
        Err(Error::Template(TemplateError::WrongState))
    );
    f.revert_transfer(account(7), b);
    f.assert_conserved();
}

/// Item 8. The bound: after `withdraw_template` at W no new report or
/// agreement can refer to the bond; the ones in flight end by their
/// deadlines (anyone may end them), so the bond is withdrawable by
/// W + 2 × signing window + cooling-off + ruling window (and, if fraud was
/// upheld, after the claim window).
#[ink::test]
fn bug_bonds_are_released_within_a_stated_bound() {
    let mut f = Fixture::new(1);
    let (c, t) = f.offered();
    f.paying(customer(), PARAMS.report_deposit).check_template(c, t, Verdict::Fraud(EVIDENCE)).unwrap();
    let id = f.as_(advisor()).propose(c, t, AMOUNT).unwrap();
    let h = f.terms_of(id);
    let w = 400;
    // Signatures need an offered template, so the slowest path signs just
    // before the withdrawal and disputes at the end of cooling-off.
    let s = PARAMS.agreement.signing_window_ms;
    f.at(w - 1).paying(customer(), AMOUNT).sign(id, h).unwrap();
    f.at(w - 1).paying(advisor(), STAKE).sign(id, h).unwrap();
    f.at(w).as_(institution()).withdraw_template(t).unwrap();
    let cooled = w - 1 + PARAMS.agreement.cooling_off_ms;
    let d = f.at(cooled).dispute(id).unwrap();
    let bound = w + 2 * s + PARAMS.agreement.cooling_off_ms + PARAMS.ruling_window_ms;
    assert!(cooled + PARAMS.ruling_window_ms <= bound);
    f.at(bound + 1);
    for dispute in [0, d] {
        f.as_(account(9)).lapse_dispute(dispute).unwrap();
    }
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond));
    f.assert_conserved();
}

/// Item 9. An advisor or institution whose license the issuer revoked can
/// no longer propose or have agreements signed with it.
#[ink::test]
fn bug_revoked_licenses_stop_proposals_and_signatures() {
    let mut f = Fixture::new(1);
    let id = f.proposed();
    let (c, t) = (f.investment.agreement(id).unwrap().case, f.investment.agreement(id).unwrap().template);
    let h = f.terms_of(id);
    f.registry.revoke_all(advisor());
    let b = f.balance(f.contract);
    assert_eq!(f.paying(customer(), AMOUNT).sign(id, h), Err(Error::Parties(PartyError::AdvisorUnlicensed)));
    f.revert_transfer(customer(), b);
    f.registry.grant(advisor(), Role::Advisor);
    f.registry.revoke_all(institution());
    assert_eq!(f.paying(customer(), AMOUNT).sign(id, h), Err(Error::Parties(PartyError::InstitutionUnlicensed)));
    f.revert_transfer(customer(), b);
    assert_eq!(f.as_(advisor()).propose(c, t, AMOUNT), Err(Error::Parties(PartyError::InstitutionUnlicensed)));
    f.registry.grant(institution(), Role::Institution);
    f.paying(customer(), AMOUNT).sign(id, h).unwrap();
    f.assert_conserved();
}

/// Item 9. Extreme parameters are refused by the constructor with a typed error.
#[ink::test]
fn bug_extreme_params_are_refused_by_the_constructor() {
    let f = Fixture::new(1);
    let terms = PARAMS.agreement;
    let bad = [
        (InvestmentParams { ruling_window_ms: u64::MAX, ..PARAMS }, ParamsError::WindowOutOfRange),
        (InvestmentParams { report_penalty: PARAMS.report_deposit + 1, ..PARAMS }, ParamsError::PenaltyAboveDeposit),
        (
            InvestmentParams { template_compensation: PARAMS.template_bond + 1, ..PARAMS },
            ParamsError::CompensationAboveBond,
        ),
        (
            InvestmentParams { agreement: AgreementTerms { stake_bps: 20_000, ..terms }, ..PARAMS },
            ParamsError::StakeAbove100Percent,
        ),
        (
            InvestmentParams { agreement: AgreementTerms { compensation_bps: 3_000, ..terms }, ..PARAMS },
            ParamsError::CompensationAboveStake,
        ),
        (
            InvestmentParams { agreement: AgreementTerms { cooling_off_ms: u64::MAX, ..terms }, ..PARAMS },
            ParamsError::WindowOutOfRange,
        ),
    ];
    for (params, why) in bad {
        assert_eq!(Investment::new(f.investment.advice(), params).err(), Some(Error::Params(why)));
    }
}

/// Review 4. Old code: `withdraw_template` needed a current Institution
/// license, so a revoked institution's template bond was locked for ever.
#[ink::test]
fn bug_revoked_institution_bonds_are_locked_forever() {
    let mut f = Fixture::new(1);
    let (_, t) = f.offered();
    f.registry.revoke_all(institution());
    f.as_(institution()).withdraw_template(t).unwrap();
    assert_eq!(f.as_(institution()).withdraw_template_bond(t), Ok(PARAMS.template_bond));
    f.assert_conserved();
}

/// Review 6. Old code: a customer-signed agreement could still be completed
/// after template fraud was upheld. Now signing needs an offered template;
/// the agreement lapses and the customer is refunded.
#[ink::test]
fn bug_sign_ignores_template_status() {
    let mut f = Fixture::new(1);
    let id = f.proposed();
    let (c, t) = (f.investment.agreement(id).unwrap().case, f.investment.agreement(id).unwrap().template);
    let h = f.terms_of(id);
    f.paying(customer(), AMOUNT).sign(id, h).unwrap();
    f.registry.grant(account(7), Role::Customer);
    let c2 = f.advice(account(7), ADVICE_PARAMS.service_deposit, |a| a.open_case(0, advisor())).unwrap();
    let _ = c;
    f.at(1).paying(account(7), PARAMS.report_deposit).check_template(c2, t, Verdict::Fraud(EVIDENCE)).unwrap();
    f.as_(arbiter()).rule(0, true, RULING).unwrap();
    let (before, b) = (f.snapshot(advisor()), f.balance(f.contract));
    assert_eq!(f.paying(advisor(), STAKE).sign(id, h), Err(Error::Template(TemplateError::WrongState)));
    f.revert_transfer(advisor(), b);
    assert_eq!(f.snapshot(advisor()), before, "nothing changed");
    f.at(PARAMS.agreement.signing_window_ms * 2 + 1).as_(account(9)).lapse_agreement(id).unwrap();
    assert_eq!(f.investment.credit_of(customer()), AMOUNT, "the customer is refunded");
    f.assert_conserved();
}
