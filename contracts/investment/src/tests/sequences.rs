//! Conservation of money over random sequences of messages.

use super::*;

/// After every message, accepted or refused, the contract's balance equals
/// what it owes: 10,000 sequences of 30 random messages over three cases.
#[ink::test]
fn random_sequences_conserve_money() {
    let mut rng = 0xD1B5_4A32_D192_ED03u64;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let mut accepted = [0u32; 14];
    let other = account(7);
    for run in 0..10_000u32 {
        let mut f = Fixture::new(0x1000 + run);
        f.registry.grant(other, Role::Customer);
        let (p, c0) = f.case_with(institution(), advisor(), customer());
        let c1 = f.advice(customer(), ADVICE_PARAMS.service_deposit, |a| a.open_case(p, advisor())).unwrap();
        let c2 = f.advice(other, ADVICE_PARAMS.service_deposit, |a| a.open_case(p, advisor())).unwrap();
        let cases = [(c0, customer()), (c1, customer()), (c2, other)];
        let mut now = 0;
        for _ in 0..30 {
            // Steps long enough that the 4,000 ms claim window ends within a run.
            now += next(600);
            f.at(now);
            let (case, cust) = cases[next(3) as usize];
            let template = next(u64::from(f.investment.template_count().max(1))) as TemplateId;
            let agreement = next(f.investment.agreement_count().max(1));
            let dispute = next(f.investment.dispute_count().max(1));
            let amount = (next(2_000) as Balance + 1) * FID;
            let stake = f.investment.agreement(agreement).map_or(0, |d| d.agreement.stake);
            let due = f.investment.agreement(agreement).map_or(0, |d| d.agreement.amount);
            let terms = f.investment.agreement(agreement).map_or(TERMS, |d| d.agreement.terms_hash);
            let deal_customer = f.investment.agreement(agreement).map_or(cust, |d| d.customer);
            let anyone = account(1 + next(9) as u8);
            let before = f.balance(f.contract);
            let op = next(14) as usize;
            let (payer, result) = match op {
                0 => (
                    institution(),
                    f.paying(institution(), PARAMS.template_bond).release_template(p, TERMS).map(|_| ()),
                ),
                1 => (cust, f.as_(cust).check_template(case, template, Verdict::Ok)),
                2 => (
                    cust,
                    f.paying(cust, PARAMS.report_deposit).check_template(case, template, Verdict::Fraud(EVIDENCE)),
                ),
                3 => (advisor(), f.as_(advisor()).propose(case, template, amount).map(|_| ())),
                4 => (deal_customer, f.paying(deal_customer, due).sign(agreement, terms)),
                5 => (advisor(), f.paying(advisor(), stake).sign(agreement, terms)),
                6 => (
                    deal_customer,
                    f.paying(deal_customer, PARAMS.report_deposit).dispute_agreement(agreement, EVIDENCE).map(|_| ()),
                ),
                12 => (cust, f.as_(cust).join_pool(template, case)),
                13 => (cust, f.as_(cust).claim_compensation(template).map(|_| ())),
                7 => (arbiter(), f.as_(arbiter()).rule(dispute, next(2) == 0, RULING)),
                8 => {
                    (anyone, f.as_(anyone).lapse_dispute(dispute).or_else(|_| f.as_(anyone).lapse_agreement(agreement)))
                },
                9 => (anyone, f.as_(anyone).settle(agreement)),
                10 => (
                    institution(),
                    f.as_(institution())
                        .withdraw_template(template)
                        .or_else(|_| f.as_(institution()).withdraw_template_bond(template).map(|_| ())),
                ),
                _ => (anyone, f.as_(anyone).claim().map(|_| ())),
            };
            if result.is_err() && f.balance(f.contract) > before {
                f.revert_transfer(payer, before);
            }
            accepted[op] += u32::from(result.is_ok());
            f.assert_conserved();
        }
    }
    assert!(accepted.iter().all(|n| *n > 0), "every kind of message succeeded sometimes: {accepted:?}");
}
