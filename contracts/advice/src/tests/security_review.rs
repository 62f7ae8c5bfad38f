//! The security review (docs/security.md): compensation, self-dealing, frozen bonds, licenses,
//! parameters — the regressions of the review items, one named test each.

use super::*;

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
    assert_eq!(
        f.as_(customer()).claim_compensation(product),
        Ok(PARAMS.fraud_compensation),
        "the victim gets its full cap"
    );
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
    assert_eq!(
        f.as_(institution()).withdraw_bond(product),
        Err(Error::Product(ProductError::Bond(BondError::NothingOwed)))
    );
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
    assert_eq!(
        f.paying(advisor(), PARAMS.service_deposit).open_case(product, advisor()),
        Err(Error::Parties(PartyError::CustomerIsAdvisor))
    );
    f.revert_transfer(advisor(), b);
    // The institution cannot buy its own product…
    f.registry.grant(institution(), Role::Customer);
    assert_eq!(
        f.paying(institution(), PARAMS.service_deposit).open_case(product, advisor()),
        Err(Error::Parties(PartyError::CustomerIsInstitution))
    );
    f.revert_transfer(institution(), b);
    // …nor advise on it.
    f.registry.grant(institution(), Role::Advisor);
    assert_eq!(
        f.paying(institution(), PARAMS.authorization_deposit).request_authorization(product),
        Err(Error::Parties(PartyError::AdvisorIsInstitution))
    );
    f.revert_transfer(institution(), b);
    assert_eq!(
        f.as_(institution()).authorize(product, institution(), BOTH, INFO),
        Err(Error::Parties(PartyError::AdvisorIsInstitution))
    );
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
    let late =
        f.at(PARAMS.case_ttl_ms).paying(customer(), PARAMS.service_deposit).open_case(product, advisor()).unwrap();
    f.as_(institution()).close_product(product).unwrap();
    let closed_at = PARAMS.case_ttl_ms;
    // An expired case counts as closed: no report after its TTL pushes the bound back.
    let before = f.snapshot(customer());
    assert_eq!(
        f.at(closed_at + 1).as_(customer()).check_product(case, Verdict::Fraud(EVIDENCE)),
        Err(Error::Case(CaseError::Expired))
    );
    assert_eq!(
        f.at(2 * PARAMS.case_ttl_ms + 1).as_(customer()).check_product(late, Verdict::Fraud(EVIDENCE)),
        Err(Error::Case(CaseError::Expired))
    );
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
    assert_eq!(
        f.paying(customer(), PARAMS.service_deposit).open_case(product, advisor()),
        Err(Error::Parties(PartyError::AdvisorUnlicensed))
    );
    f.revert_transfer(customer(), b);
    f.registry.grant(advisor(), Role::Advisor);
    f.registry.revoke_all(institution());
    assert_eq!(
        f.paying(customer(), PARAMS.service_deposit).open_case(product, advisor()),
        Err(Error::Parties(PartyError::InstitutionUnlicensed))
    );
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
        (
            AdviceParams { claim_window_ms: PARAMS.ruling_window_ms - 1, ..PARAMS },
            ParamsError::ClaimWindowShorterThanRuling,
        ),
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
    assert_eq!(
        Advice::new(AdviceParams { fraud_compensation: 0, ..PARAMS }).err(),
        Some(Error::Params(ParamsError::ZeroCompensation))
    );
    assert_eq!(
        Advice::new(AdviceParams { authorization_deposit: 0, ..PARAMS }).err(),
        Some(Error::Params(ParamsError::ZeroDeposit))
    );
}
